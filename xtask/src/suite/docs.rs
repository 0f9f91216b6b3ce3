//! README.md shows each language's usage example verbatim; the tests run the
//! files. This step keeps the two identical: every block between
//! `<!-- example: PATH -->` and `<!-- end example -->` must equal PATH, and
//! every block between `<!-- excerpt: PATH -->` and `<!-- end excerpt -->`
//! must appear in PATH as it is (whole lines).

use super::Suite;

/// `(path, shown text)` of every example block in `readme`.
fn examples(readme: &str) -> Vec<(String, String)> {
    blocks(readme, "example")
}

/// `(path, shown text)` of every `<!-- KIND: PATH -->` block in `readme`.
fn blocks(readme: &str, kind: &str) -> Vec<(String, String)> {
    let open = format!("<!-- {kind}: ");
    let close_marker = format!("<!-- end {kind} -->");
    let mut found = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(close) = after.find(" -->") else { break };
        let path = after[..close].to_owned();
        let block = &after[close + " -->".len()..];
        let Some(end) = block.find(&close_marker) else { break };
        // Drop the opening fence line and the closing fence.
        let fenced = block[..end].trim_start_matches('\n');
        let body = fenced.split_once('\n').map_or("", |(_, b)| b);
        let body = body.strip_suffix("```\n").unwrap_or(body);
        found.push((path, body.to_owned()));
        rest = &block[end..];
    }
    found
}

pub fn run(suite: &mut Suite) {
    let readme = std::fs::read_to_string("README.md").unwrap_or_default();
    let shown_examples = examples(&readme);
    if shown_examples.len() < 4 {
        suite.fail("README examples", "expected one example block per language");
        return;
    }
    for (path, shown) in shown_examples {
        let name = format!("README example is {path}");
        match std::fs::read_to_string(&path) {
            Ok(text) if text == shown => suite.pass(&name),
            Ok(_) => suite.fail(&name, "README.md and the file differ; copy the file into README.md"),
            Err(e) => suite.fail(&name, &format!("cannot read it: {e}")),
        }
    }
    for (path, shown) in blocks(&readme, "excerpt") {
        let name = format!("README excerpt is in {path}");
        match std::fs::read_to_string(&path) {
            Ok(text) if is_excerpt(&text, &shown) => suite.pass(&name),
            Ok(_) => suite.fail(&name, "the excerpt in README.md is not in the file; copy the lines again"),
            Err(e) => suite.fail(&name, &format!("cannot read it: {e}")),
        }
    }
}

/// Whether `shown` is a run of whole lines of `text`.
fn is_excerpt(text: &str, shown: &str) -> bool {
    !shown.is_empty() && (text.starts_with(shown) || text.contains(&format!("\n{shown}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_blocks() {
        let readme = "x\n<!-- example: a.rs -->\n```rust\nfn main() {}\n```\n<!-- end example -->\ny";
        assert_eq!(super::examples(readme), [("a.rs".to_owned(), "fn main() {}\n".to_owned())]);
    }

    #[test]
    fn excerpts_are_whole_lines() {
        let text = "a = 1\nb = 2\nc = 3\n";
        assert!(super::is_excerpt(text, "b = 2\nc = 3\n"));
        assert!(super::is_excerpt(text, "a = 1\n"));
        assert!(!super::is_excerpt(text, "= 2\n"));
        assert!(!super::is_excerpt(text, "b = 3\n"));
        assert!(!super::is_excerpt(text, ""));
    }
}
