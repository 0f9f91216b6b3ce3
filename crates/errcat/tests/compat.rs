//! `cargo xtask diff`: fixture pairs of specs, one per kind of change, each
//! classified and checked against the version bump.

use std::path::{Path, PathBuf};

use errcat::compat::{Kind, compare, report};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("compat-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A fixture before and after `edits` (file, from, to).
fn pair_of(fixture: &str, name: &str, edits: &[(&str, &str, &str)]) -> (errcat::Catalog, errcat::Catalog) {
    let base = &Path::new("tests/fixtures").join(fixture);
    let new = scratch(name);
    copy_dir(base, &new);
    for (file, from, to) in edits {
        let path = new.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "fixture edit {from:?} does not apply to {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    (errcat::load_catalog(base, false).unwrap(), errcat::load_catalog(&new, false).unwrap_or_else(|e| panic!("{name}: {e}")))
}

const ORDERS: &str = "domains/orders.toml";
const MANIFEST: &str = "errcat.toml";
const BUMP_MINOR: (&str, &str, &str) = (MANIFEST, "version = \"2.1.0\"", "version = \"2.2.0\"");
const BUMP_MAJOR: (&str, &str, &str) = (MANIFEST, "version = \"2.1.0\"", "version = \"3.0.0\"");

/// The kinds found, and whether the version check passed.
fn classify(name: &str, edits: &[(&str, &str, &str)]) -> (Vec<Kind>, bool, String) {
    classify_of("problem", name, edits)
}

fn classify_of(fixture: &str, name: &str, edits: &[(&str, &str, &str)]) -> (Vec<Kind>, bool, String) {
    let (old, new) = pair_of(fixture, name, edits);
    let mut kinds: Vec<Kind> = compare(&old, &new).into_iter().map(|c| c.kind).collect();
    kinds.dedup();
    let (text, ok) = report(&old, &new);
    (kinds, ok, text)
}

#[test]
fn text_only_is_editorial_and_needs_no_bump() {
    let (kinds, ok, text) = classify("text", &[(ORDERS, "The order is locked.", "This order is locked.")]);
    assert_eq!(kinds, [Kind::Editorial], "{text}");
    assert!(ok, "{text}");
    insta::assert_snapshot!("text_only", text);
}

#[test]
fn new_code_is_additive_and_needs_a_minor_bump() {
    let add = (
        ORDERS,
        "[[errors]]\ncode = \"order-closed\"",
        "[[errors]]\ncode = \"order-new\"\nstatus = 422\nmessage = \"New.\"\n\n[[errors]]\ncode = \"order-closed\"",
    );
    let (kinds, ok, text) = classify("new-code", &[add]);
    assert_eq!(kinds, [Kind::Additive], "{text}");
    assert!(!ok, "an unbumped version fails:\n{text}");
    let (_, ok, text) = classify("new-code-bumped", &[add, BUMP_MINOR]);
    assert!(ok, "{text}");
    insta::assert_snapshot!("new_code_bumped", text);
}

#[test]
fn new_optional_context_field_is_additive() {
    let (kinds, _, text) = classify(
        "new-field",
        &[(MANIFEST, "[fields.balance]", "[fields.currency]\ntype = \"string\"\ndescription = \"ISO 4217 code.\"\n\n[fields.balance]")],
    );
    assert_eq!(kinds, [Kind::Additive], "{text}");
}

#[test]
fn deprecation_is_additive() {
    let (kinds, _, text) =
        classify("deprecation", &[(ORDERS, "since = \"2.0.0\"\nretry", "since = \"2.0.0\"\ndeprecated = { since = \"2.1.0\" }\nretry")]);
    assert_eq!(kinds, [Kind::Additive], "{text}");
}

#[test]
fn removed_code_is_breaking_and_a_major_bump_allows_it() {
    let remove = (
        ORDERS,
        "[[errors]]\ncode = \"order-closed\"\nstatus = 422\nmessage = \"The order is closed.\"",
        "[[errors]]\ncode = \"order-closed\"\nstatus = 422\nmessage = \"The order is closed.\"\n\n[[errors]]\ncode = \"placeholder\"\nstatus = 422\nmessage = \"Placeholder.\"",
    );
    // Removing: turn `out-of-credit` into a different message and code.
    let (kinds, ok, text) = classify(
        "removed",
        &[
            (
                ORDERS,
                "code = \"out-of-credit\"\nstatus = 402\nmessage = \"You do not have enough credit.\"",
                "code = \"no-credit\"\nstatus = 402\nmessage = \"Credit is exhausted.\"",
            ),
            remove,
        ],
    );
    assert_eq!(kinds.first(), Some(&Kind::Breaking), "{text}");
    assert!(text.contains("orders/out-of-credit: code removed"), "{text}");
    assert!(!ok, "{text}");
    let (_, ok, text) = classify("removed-major", &[(ORDERS, "code = \"out-of-credit\"", "code = \"no-credit\""), BUMP_MAJOR]);
    assert!(ok, "{text}");
}

#[test]
fn renamed_code_is_breaking() {
    let (kinds, ok, text) = classify("renamed", &[(ORDERS, "code = \"out-of-credit\"", "code = \"credit-exhausted\"")]);
    assert_eq!(kinds, [Kind::Breaking], "{text}");
    assert!(text.contains("orders/out-of-credit: renamed to `credit-exhausted`"), "{text}");
    assert!(!ok);
    insta::assert_snapshot!("renamed", text);
}

#[test]
fn status_and_class_changes_are_breaking() {
    let (kinds, _, text) = classify("status", &[(ORDERS, "status = 402", "status = 400")]);
    assert_eq!(kinds.first(), Some(&Kind::Breaking), "{text}");
    assert!(text.contains("status 402 → 400") && text.contains("class `payment` → `client`"), "{text}");
}

#[test]
fn context_field_removed_or_retyped_is_breaking() {
    let (kinds, _, text) = classify("field-type", &[(MANIFEST, "type = \"number\"", "type = \"string\"")]);
    assert_eq!(kinds, [Kind::Breaking], "{text}");
    assert!(text.contains("fields.balance: type Number → String"), "{text}");
    let (kinds, _, text) = classify("field-removed", &[(MANIFEST, "fields = [\"balance\"]", "fields = []")]);
    assert_eq!(kinds, [Kind::Breaking], "{text}");
}

#[test]
fn moving_the_envelope_is_breaking() {
    let (kinds, _, text) = classify("envelope", &[(MANIFEST, "code = \"/code\"", "code = \"/error_code\"")]);
    assert_eq!(kinds, [Kind::Breaking], "{text}");
    assert!(text.contains("envelope.code"), "{text}");
}

#[test]
fn the_spec_at_a_git_revision_loads() {
    let repo = scratch("git");
    copy_dir(Path::new("tests/fixtures/minimal"), &repo.join("spec"));
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git").current_dir(&repo).args(args).status().unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "add", "."]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "spec"]);
    let path = repo.join("spec/domains/core.toml");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("status = 429", "status = 400")).unwrap();
    let old = errcat::compat::load_catalog_at(&repo, "HEAD", Path::new("spec"), &repo.join("target/old-spec")).unwrap();
    let new = errcat::load_catalog(&repo.join("spec"), false).unwrap();
    let (text, ok) = report(&old, &new);
    assert!(!ok && text.contains("core/SLOW_DOWN: status 429 → 400"), "{text}");
}

// The `models` fixture holds every concept of issue 11: items, a selection,
// a sub-code, class conditions, gRPC codes, a template and a numeric code.
const CORE: &str = "domains/core.toml";

/// Classifies edits of the `models` fixture: the worst change must be `kind`.
fn models(name: &str, edits: &[(&str, &str, &str)], kind: Kind, needle: &str) -> String {
    let (kinds, ok, text) = classify_of("models", name, edits);
    // Changes are listed worst first; lesser ones may come with it (the
    // message edit beside a parameter, the sub-code under its new name).
    assert_eq!(kinds.first(), Some(&kind), "{name}:\n{text}");
    assert!(text.contains(needle), "{name}: missing {needle:?} in\n{text}");
    assert!(!ok, "{name}: an unbumped version fails:\n{text}");
    text
}

#[test]
fn sub_codes_removed_are_breaking_and_new_values_additive() {
    let text = models(
        "subcode-value-removed",
        &[(MANIFEST, "expired_card = \"The card has expired.\"\n", "")],
        Kind::Breaking,
        "subcodes.decline_code: value `expired_card` removed",
    );
    insta::assert_snapshot!("subcode_value_removed", text);
    models(
        "subcode-removed",
        &[
            (MANIFEST, "[subcodes.decline_code]", "[subcodes.reason]"),
            (MANIFEST, "[subcodes.decline_code.values]", "[subcodes.reason.values]"),
        ],
        Kind::Breaking,
        "subcodes.decline_code: sub-code removed",
    );
    models(
        "subcode-moved",
        &[(MANIFEST, "at = \"/error/decline_code\"", "at = \"/error/decline\"")],
        Kind::Breaking,
        "moved from /error/decline_code to /error/decline",
    );
    models(
        "subcode-value-added",
        &[(MANIFEST, "expired_card = ", "lost_card = \"The card was reported lost.\"\nexpired_card = ")],
        Kind::Additive,
        "subcodes.decline_code: new value `lost_card`",
    );
    let (_, ok, text) = classify_of(
        "models",
        "subcode-value-added-bumped",
        &[
            (MANIFEST, "expired_card = ", "lost_card = \"The card was reported lost.\"\nexpired_card = "),
            (MANIFEST, "version = \"1.4.0\"", "version = \"1.5.0\""),
        ],
    );
    assert!(ok, "{text}");
}

#[test]
fn template_parameters_removed_renamed_or_added_are_breaking() {
    models(
        "param-removed",
        &[(
            CORE,
            "Model <model> is not available in <region>.\"\nparams = [\"model\", \"region\"]",
            "Model <model> is not available.\"\nparams = [\"model\"]",
        )],
        Kind::Breaking,
        "core/model_unavailable: template parameter `region` removed or renamed",
    );
    models(
        "param-added",
        &[(
            CORE,
            "code = \"card_declined\"\nstatus = 402\nmessage = \"Your card was declined.\"",
            "code = \"card_declined\"\nstatus = 402\nmessage = \"Your card was declined in <region>.\"\nparams = [\"region\"]",
        )],
        Kind::Breaking,
        "new template parameter `region`",
    );
    models(
        "param-reordered",
        &[(CORE, "params = [\"model\", \"region\"]", "params = [\"region\", \"model\"]")],
        Kind::Breaking,
        "template parameters reordered",
    );
}

#[test]
fn a_new_error_with_parameters_is_additive() {
    models(
        "new-templated-error",
        &[(
            CORE,
            "[[errors]]\ncode = \"rate_limited\"",
            "[[errors]]\ncode = \"region_closed\"\nstatus = 400\nmessage = \"Region <region> is closed.\"\nparams = [\"region\"]\n\n[[errors]]\ncode = \"rate_limited\"",
        )],
        Kind::Additive,
        "core/region_closed: new code (400, invalid)",
    );
}

#[test]
fn items_moved_or_losing_a_member_are_breaking_and_new_members_additive() {
    models(
        "items-moved",
        &[(MANIFEST, "items = { at = \"/error/errors\"", "items = { at = \"/errors\"")],
        Kind::Breaking,
        "envelope.items.at",
    );
    models("item-member-removed", &[(MANIFEST, ", field = \"/field\" }", " }")], Kind::Breaking, "envelope.items.field");
    models(
        "item-member-added",
        &[(MANIFEST, ", field = \"/field\" }", ", field = \"/field\", location = \"/pointer\" }")],
        Kind::Additive,
        "envelope.items.location: now read from \"/pointer\"",
    );
}

#[test]
fn a_selection_changed_or_removed_is_breaking() {
    models(
        "selection-changed",
        &[(MANIFEST, "equals = \"ErrorInfo\"", "equals = \"google.rpc.ErrorInfo\"")],
        Kind::Breaking,
        "envelope.select.info: selects",
    );
    models(
        "selection-added",
        &[(
            MANIFEST,
            "[envelope.headers]",
            "[envelope.select.retry]\nin = \"/error/details\"\nmember = \"@type\"\nequals = \"RetryInfo\"\n\n[envelope.headers]",
        )],
        Kind::Additive,
        "envelope.select.retry: new selection",
    );
}

#[test]
fn grpc_codes_changed_are_breaking() {
    // The class's own code changes, and with it the code of its error.
    let text = models(
        "class-grpc",
        &[(MANIFEST, "grpc = \"RESOURCE_EXHAUSTED\"", "grpc = \"UNAVAILABLE\"")],
        Kind::Breaking,
        "classes.rate_limit: gRPC code RESOURCE_EXHAUSTED → UNAVAILABLE",
    );
    assert!(text.contains("core/rate_limited: gRPC code RESOURCE_EXHAUSTED → UNAVAILABLE"), "{text}");
    models(
        "error-grpc",
        &[(CORE, "message = \"Your card was declined.\"", "message = \"Your card was declined.\"\ngrpc = \"FAILED_PRECONDITION\"")],
        Kind::Breaking,
        "core/card_declined: gRPC code UNKNOWN → FAILED_PRECONDITION",
    );
}

#[test]
fn class_conditions_changed_removed_or_added_are_breaking() {
    models(
        "condition-changed",
        &[(MANIFEST, "equals = \"card_error\"", "equals = \"card\"")],
        Kind::Breaking,
        "classes.card: new condition",
    );
    models(
        "condition-removed",
        &[(MANIFEST, "when = [{ body = \"/error/type\", equals = \"card_error\" }]\n", "")],
        Kind::Breaking,
        "classes.card: condition",
    );
    models(
        "condition-added",
        &[(
            MANIFEST,
            "description = \"Something failed.\"",
            "description = \"Something failed.\"\nwhen = [{ body = \"/error/type\", equals = \"api_error\" }]",
        )],
        Kind::Breaking,
        "classes.server: new condition",
    );
}

#[test]
fn numeric_code_made_a_string_or_renamed_is_breaking() {
    models(
        "numeric-to-string",
        &[(CORE, "code = 1001", "code = \"1001\"")],
        Kind::Breaking,
        "core/1001: code sent as a JSON integer → a string",
    );
    let text = models(
        "name-changed",
        &[(CORE, "name = \"invalid_symbol\"", "name = \"bad_symbol\"")],
        Kind::Breaking,
        "core/1001: name `invalid_symbol` → `bad_symbol`",
    );
    insta::assert_snapshot!("name_changed", text);
}
