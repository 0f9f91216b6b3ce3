//! The spec loader never panics: bounded property runs over mutated copies
//! of real spec files (a random byte range deleted, replaced or repeated,
//! random text inserted) and over arbitrary text. Whatever the input, the
//! result is a catalog or rendered diagnostics, never a panic.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-loader-{:?}", std::thread::current().id()).replace(['(', ')'], ""));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("domains")).unwrap();
    dir
}

/// The manifest and a domain file of the problem+json fixture, as seeds.
fn seeds() -> (String, String) {
    let base = Path::new("tests/fixtures/problem");
    (std::fs::read_to_string(base.join("errcat.toml")).unwrap(), std::fs::read_to_string(base.join("domains/orders.toml")).unwrap())
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Repeat(usize, usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let junk = prop_oneof![
        Just("\"".to_owned()),
        Just("[[errors]]\n".to_owned()),
        Just("= [".to_owned()),
        Just("\\u0000".to_owned()),
        Just("status = 99999999999999999999\n".to_owned()),
        Just("{ a = { b = { c = 1 } } }".to_owned()),
        Just("\n[classes.x]\n".to_owned()),
        "\\PC{0,12}",
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), junk).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 0usize..30).prop_map(|(a, n)| Edit::Repeat(a, n)),
        (any::<usize>(), any::<char>()).prop_map(|(a, c)| Edit::Replace(a, c)),
    ]
}

/// Applies `edits` at character positions (so the text stays UTF-8).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(chars.len())..end);
            }
            Edit::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Repeat(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                let piece: Vec<char> = chars.get(at.min(chars.len())..end).unwrap_or_default().to_vec();
                chars.splice(at.min(chars.len())..at.min(chars.len()), piece);
            }
            Edit::Replace(at, c) => {
                if !chars.is_empty() {
                    let at = at % chars.len();
                    chars[at] = *c;
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn load(manifest: &str, domain: &str) {
    let dir = scratch();
    std::fs::write(dir.join("errcat.toml"), manifest).unwrap();
    std::fs::write(dir.join("domains/d.toml"), domain).unwrap();
    match errcat::load_catalog(&dir, false) {
        // A spec that loads must also render.
        Ok(catalog) => {
            errcat::render(&catalog).unwrap();
        }
        Err(err) => {
            let text = err.to_string();
            assert!(text.contains("error"), "a failure is reported: {text}");
            assert!(!text.contains("the spec has 0 problems"), "a failure names its problems: {text}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(m in prop::collection::vec(edit(), 0..4), d in prop::collection::vec(edit(), 0..6)) {
        let (manifest, domain) = seeds();
        load(&apply(&manifest, &m), &apply(&domain, &d));
    }

    #[test]
    fn arbitrary_text_never_panics(manifest in "\\PC{0,200}", domain in "\\PC{0,200}") {
        load(&manifest, &domain);
    }
}
