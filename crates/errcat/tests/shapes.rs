//! The server-side shapes (`serve::plan`): every plain error's writes are
//! its shape with its constants put back, so a target that prints a shape
//! once and each error as a call with its constants sends the same bytes.

use std::path::Path;

use errcat::serve::{self, SlotKind, Source, Write};

fn filled(shape: &[Write], values: &[Source]) -> Vec<Write> {
    shape
        .iter()
        .map(|w| match w.source {
            Source::Slot(i) => Write { path: w.path.clone(), source: values[i].clone() },
            _ => w.clone(),
        })
        .collect()
}

#[test]
fn plain_errors_are_their_shape_filled_with_their_constants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut plain_errors = 0;
    for (spec, _) in errcat::shipped_specs(&root) {
        let catalog = errcat::load_catalog(&root.join(&spec), false).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let plan = serve::plan(&catalog);
        for p in &plan.errors {
            let takes_input = p.writes.iter().any(|w| matches!(w.source, Source::Template(_) | Source::Context { .. }));
            let Some(plain) = &p.plain else {
                assert!(takes_input, "{}: {} takes no input but has no shape", spec.display(), p.error.code);
                continue;
            };
            assert!(!takes_input, "{}: {} takes inputs but has a shape", spec.display(), p.error.code);
            let shape = &plan.shapes[plain.shape];
            assert_eq!(filled(&shape.writes, &plain.values), p.writes, "{}: {}", spec.display(), p.error.code);
            let kinds: Vec<SlotKind> = plain
                .values
                .iter()
                .map(|v| match v {
                    Source::Text(_) => SlotKind::Text,
                    Source::Integer(_) => SlotKind::Integer,
                    Source::Bool(_) => SlotKind::Bool,
                    other => panic!("{}: {} fills a slot with {other:?}", spec.display(), p.error.code),
                })
                .collect();
            assert_eq!(kinds, shape.slots, "{}: {}", spec.display(), p.error.code);
            plain_errors += 1;
        }
        // Shapes are shared: never more than the plain errors, and each used.
        let used: std::collections::BTreeSet<usize> = plan.errors.iter().filter_map(|p| p.plain.as_ref().map(|s| s.shape)).collect();
        assert_eq!(used.len(), plan.shapes.len(), "{}: an unused shape", spec.display());
        for (i, a) in plan.shapes.iter().enumerate() {
            assert!(!plan.shapes[i + 1..].contains(a), "{}: shape {i} is listed twice", spec.display());
        }
    }
    assert!(plain_errors > 100, "only {plain_errors} plain errors in the shipped specs");
}
