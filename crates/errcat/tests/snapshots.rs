//! insta snapshots of every language-neutral artifact for small fixture specs,
//! and of every validation message.

use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new("tests/fixtures").join(name)
}

fn artifacts_of(name: &str) {
    let catalog = errcat::load_catalog(&fixture(name), false).unwrap_or_else(|e| panic!("{name} should load:\n{e}"));
    let outputs = errcat::artifacts::render(&catalog).expect("artifacts render");
    assert!(outputs.len() >= 5, "every artifact is rendered");
    for (path, text) in outputs.iter() {
        // Spec-format schemas are the same for every fixture: snapshot them once.
        if path.starts_with("jsonschema/spec-") && name != "minimal" {
            continue;
        }
        insta::assert_snapshot!(format!("{name}__{}", path.replace('/', "__")), text);
    }
}

#[test]
fn artifacts_minimal() {
    artifacts_of("minimal");
}

#[test]
fn artifacts_problem_json() {
    artifacts_of("problem");
}

fn problems_of(name: &str) -> String {
    match errcat::load_catalog(&fixture(name), false) {
        Ok(_) => panic!("{name} must be rejected"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn validation_reports_every_problem_at_once() {
    let text = problems_of("bad/many");
    // Each kind of problem is present, each with file:line:column.
    for needle in [
        "unknown key `api.homepage`",
        "invalid api id `Many`",
        "invalid go package name",
        "`envelope.code` is not a JSON Pointer",
        "invalid header name `x request id`",
        "invalid field name `RetryAfter`",
        "description of field `RetryAfter` is empty",
        "status 399 is not an error status",
        "status 400 belongs to two classes",
        "unknown context field `missing_field`",
        "max_attempts must be at least 1",
        "title of class `empty` is empty",
        "class `empty` has no statuses",
        "code `DUP` appears twice at status 400 in domain `a`",
        "no class for status 418",
        "invalid code `BAD CODE`",
        "status 600 is not an error status",
        "message of `BAD CODE` is empty",
        "unknown class `bad_requets`",
        "`errors[4].message` contains the control character U+0000",
        "`classes.bad_request.causes[0]` contains the control character U+001B",
        "unknown context field `nope`",
        "codes `RATE_LIMIT` and `rate-limit` collide",
        "domain `a` is defined twice",
        "context fields `i_d` and `id` collide",
        "classes `http2` and `http_2` collide",
        "tests/fixtures/bad/many/domains/a.toml:33:8",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    insta::assert_snapshot!("validation__many", text);
}

#[test]
fn validation_syntax_error() {
    let text = problems_of("bad/syntax");
    assert!(text.contains("tests/fixtures/bad/syntax/domains/broken.toml:6:17"), "{text}");
    insta::assert_snapshot!("validation__syntax", text);
}

#[test]
fn validation_type_errors_each_entry_on_its_own() {
    let text = problems_of("bad/types");
    assert!(text.contains("errors[0]") && text.contains("errors[1]") && text.contains("errors[2]"), "{text}");
    assert!(!text.contains("errors[3]"), "the valid entry is not reported: {text}");
    insta::assert_snapshot!("validation__types", text);
}

#[test]
fn validation_missing_manifest() {
    let text = problems_of("bad/missing");
    assert!(text.contains("errcat.toml"), "{text}");
    insta::assert_snapshot!("validation__missing", text);
}
