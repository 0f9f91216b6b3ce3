//! Calls, tuples and arrays laid out the way ruff format and prettier lay
//! them out: flat when the line fits, else one item per line with a
//! trailing comma (which both formatters then keep exploded), each item
//! laid out alike. Each target gives its own width and indent step.

/// An expression tree.
pub enum Expr {
    Atom(String),
    /// `head`, then `open`, the items and `close`. With `lone_comma` a
    /// single item is written `(x,)`: a Python one-tuple.
    Group {
        head: String,
        open: char,
        close: char,
        items: Vec<Expr>,
        lone_comma: bool,
    },
}

/// A formatter's line width and indent step.
#[derive(Clone, Copy)]
pub struct Style {
    pub width: usize,
    pub step: usize,
}

pub fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

/// Columns of `text`, as the formatters count them.
pub fn width(text: &str) -> usize {
    text.chars().count()
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

impl Expr {
    pub fn flat(&self, out: &mut String) {
        let (head, open, close, items, lone_comma) = match self {
            Expr::Atom(text) => return out.push_str(text),
            Expr::Group { head, open, close, items, lone_comma } => (head, open, close, items, lone_comma),
        };
        out.push_str(head);
        out.push(*open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            item.flat(out);
        }
        if *lone_comma && items.len() == 1 {
            out.push(',');
        }
        out.push(*close);
    }

    /// Appends the tree at `indent` after `lead` columns, with `tail`
    /// columns to follow on its last line; `explode` breaks a group even
    /// when it would fit.
    pub fn layout(&self, out: &mut String, style: Style, indent: usize, lead: usize, tail: usize, explode: bool) {
        let start = out.len();
        self.flat(out);
        let Expr::Group { head, open, close, items, .. } = self else { return };
        if !explode && lead + width(&out[start..]) + tail <= style.width {
            return;
        }
        out.truncate(start);
        out.push_str(head);
        out.push(*open);
        out.push('\n');
        for item in items {
            push_spaces(out, indent + style.step);
            item.layout(out, style, indent + style.step, indent + style.step, 1, false);
            out.push_str(",\n");
        }
        push_spaces(out, indent);
        out.push(*close);
    }
}
