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
        "unknown key `homepage` in `[api]`",
        "invalid api id `Many`",
        "invalid go package name",
        "`envelope.code` is not a JSON Pointer",
        "invalid header name `x request id`",
        "invalid field name `RetryAfter`",
        "description of field `RetryAfter` is empty",
        "status 399 is not an error status",
        "status 400 belongs to two classes",
        "unknown context field `missing_field`",
        "`max_attempts` must be at least 1",
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
    // A syntax error in one file does not hide those of another.
    assert!(text.contains("tests/fixtures/bad/syntax/domains/twice.toml:7:1"), "{text}");
    assert!(text.contains("`code` is set twice"), "{text}");
    insta::assert_snapshot!("validation__syntax", text);
}

#[test]
fn validation_type_errors_each_entry_on_its_own() {
    let text = problems_of("bad/types");
    for entry in ["entry `A`", "entry `B`", "entry `C`"] {
        assert!(text.contains(entry), "{entry} is reported:\n{text}");
    }
    assert!(!text.contains("OK_ONE"), "the valid entry is not reported: {text}");
    // In the spec's words, not serde's.
    for rust in ["u16", "u32", "invalid type", "sequence", "variant"] {
        assert!(!text.contains(rust), "{rust:?} is Rust's word, not the spec's:\n{text}");
    }
    insta::assert_snapshot!("validation__types", text);
}

#[test]
fn validation_missing_manifest() {
    let text = problems_of("bad/missing");
    assert!(text.contains("errcat.toml"), "{text}");
    insta::assert_snapshot!("validation__missing", text);
}

/// A user who fixed 3 problems was then shown 5 new ones: problems found
/// while reading (missing keys, wrong types, unknown keys) must not stop the
/// checks that need a read spec (unknown classes, duplicate codes), in any
/// file.
#[test]
fn validation_mixes_parse_and_semantic_problems_in_one_run() {
    let text = problems_of("bad/mixed");
    let parse_level = [
        ("errcat.toml:11:8", "`kind` must be `json` or `problem`, got the string \"problm\""),
        ("errcat.toml:18:8", "did you mean `integer`?"),
        ("errcat.toml:22:1", "`[classes.rate_limit]` is missing `description`"),
        ("errcat.toml:25:50", "`max_attempts` must be a whole number, got the string \"x\""),
        ("errcat.toml:27:1", "`[classes.server]` is missing `description`"),
        ("errcat.toml:33:18", "`statuses[1]` must be a status between 400 and 599"),
        ("errcat.toml:35:1", "did you mean `solutions`?"),
        ("billing.toml:9:20", "`policy` must be one of `never`, `backoff` or `retry_after`"),
        ("llm.toml:9:1", "unknown key `remdy` in `[[errors]]` entry `RATE_LIMIT_EXCEEDED`"),
        ("llm.toml:13:10", "remove the quotes: `404`"),
        ("llm.toml:28:1", "`[[errors]]` entry `NO_MESSAGE` is missing `message`"),
    ];
    let semantic = [
        ("billing.toml:12:8", "invalid code `BAD CODE`"),
        ("billing.toml:14:11", "message of `BAD CODE` is empty"),
        ("billing.toml:15:47", "did you mean `OUT_OF_CREDIT`?"),
        ("llm.toml:19:9", "did you mean `rate_limit`?"),
        ("llm.toml:21:11", "did you mean `retry_after`?"),
        ("llm.toml:24:8", "code `RATE_LIMIT_EXCEEDED` appears twice"),
    ];
    for (at, needle) in parse_level.iter().chain(&semantic) {
        assert!(text.contains(at), "missing a problem at {at} in:\n{text}");
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let count = parse_level.len() + semantic.len();
    assert!(text.ends_with(&format!("error: the spec has {count} problems\n")), "exactly these, no stray ones:\n{text}");
    insta::assert_snapshot!("validation__mixed", text);
}

/// A part that cannot be read is reported once, and the checks it would have
/// decided are skipped: no "no class for status" for a class whose statuses
/// are unreadable, no "never recognised" for an unreadable or misspelt `match`, no
/// "unknown class" for a class that exists but is broken.
#[test]
fn validation_reports_no_problem_that_follows_from_another() {
    let text = problems_of("bad/cascade");
    for needle in [
        "the manifest is missing `[api]`",
        "add `[api]` with `id`, `name` and `version`",
        "`message` must be an array of strings, got the string \"/message\"",
        "write it as an array: `message = [\"/message\"]`",
        "`rate_limit` must be a table, got 5",
        "`statuses` must be an array of statuses between 400 and 599, got 429",
        "`[fields.f]` is missing `description`",
        "`[domain]` is missing `id`",
        "`title` must be a string, got 5",
        "`code` must be a string or a whole number, got an array",
        "`match` must be a table, got the string \"nope\"",
        "`class` must be a string, got 7",
        "did you mean `errors`?",
        "did you mean `match`?",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    for cascade in ["no class for status", "never be recognised", "unknown class", "has no statuses", "numeric code", "appears twice"] {
        assert!(!text.contains(cascade), "{cascade:?} follows from a problem already reported:\n{text}");
    }
    assert!(text.ends_with("error: the spec has 12 problems\n"), "{text}");
    insta::assert_snapshot!("validation__cascade", text);
}

/// Problems are listed by file (manifest first, then domains by name), then
/// by position, whichever check found them first.
#[test]
fn validation_problems_are_sorted() {
    let text = problems_of("bad/mixed");
    let places: Vec<(usize, usize, usize)> = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("┌─ tests/fixtures/bad/mixed/"))
        .map(|place| {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().unwrap().parse().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            let name = parts.next().unwrap();
            let file = ["errcat.toml", "domains/billing.toml", "domains/llm.toml"].iter().position(|f| *f == name).unwrap();
            (file, line, column)
        })
        .collect();
    assert!(places.len() > 10, "{text}");
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "not in order: {places:?}");
}

#[test]
fn validation_of_every_issue_11_concept() {
    let text = problems_of("bad/concepts");
    for needle in [
        "`envelope.code` names an unknown selection `@nope`",
        "`envelope.metadata` names an unknown selection `@info-metadata`",
        "`envelope.retry_delay` is not a JSON Pointer",
        "a value of `envelope.no_code` is empty",
        "`code` in envelope.items is not a JSON Pointer into the item",
        "`@info/detail` in envelope.items is not a JSON Pointer into the item",
        "`envelope.select.info.in` is not a JSON Pointer",
        "invalid header name `x ratelimit reset`",
        "`subcodes.decline_code.at` is not a JSON Pointer",
        "sub-code `decline_code` has no values",
        "a condition of class `odd` tests nothing",
        "a condition of class `odd` has both `header` and `body`",
        "invalid header name `x kind`",
        "status 200 is not an error status",
        "invalid name `ModelGone`",
        "`<region>` in the message of `model_gone` is not a parameter",
        "parameter `ratio` of `model_gone` is a `number` field",
        "parameter `nowhere` of `model_gone` is not a declared context field",
        "parameter `nowhere` of `model_gone` is not in its message",
        "parameter `model` of `model_gone` is listed twice",
        "parameter `zone` of `model_gone` is not in its message",
        "numeric code `1001` needs a `name`",
        "codes `a_one` and `b_two` have one name `shared`",
        "code `c_three` has two names, `first` and `second`",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // A class claiming responses by `when` conditions alone is fine.
    assert!(!text.contains("`limited`"), "{text}");
    assert!(text.contains("the spec has 24 problems"), "{text}");
    insta::assert_snapshot!("validation__concepts", text);
}

#[test]
fn validation_reports_a_class_named_like_the_package_s_own_type() {
    let text = problems_of("bad/reserved");
    assert!(
        text.contains("class `api` takes a name the generated package already uses")
            && text.contains("`ApiError` in python, beside the package's own `APIError`")
            && text.contains("`ApiError` in typescript, beside the package's own `APIError`"),
        "{text}"
    );
    assert!(text.contains("the spec has 1 problem"), "codes and fields are not module-scope names:\n{text}");
    insta::assert_snapshot!("validation__reserved", text);
}
