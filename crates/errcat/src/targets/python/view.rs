//! The Catalog seen from Python: every name, literal and docstring the
//! templates print, computed here through [`names`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use askama::Template;

use super::names::{self, Docstring, docstring, opt_string, push_string, string};
use crate::artifacts::generated_notice;
use crate::model::{ConnectionRetry, FieldType, LongerWait, ResetKind, RetryMode};
use crate::resolve::{Catalog, ConditionSource, Error as SpecError, RetryPolicy};
use crate::targets::layout::{Expr, Style, atom, width};

/// ruff format's line width and indent.
const RUFF: Style = Style { width: names::LINE_LENGTH, step: 4 };

/// `_catalog.py`: the spec's data.
#[derive(Template)]
#[template(path = "python/_catalog.py", escape = "none")]
pub struct Package {
    pub notice: String,
    pub summary: String,
    pub api_id: String,
    pub api_version: String,
    /// `_codes.py`, the `Code` enum, rendered from the same pass over the
    /// codes as `definitions`.
    pub codes: Codes,
    pub context_doc: String,
    pub fields: Vec<Field>,
    /// `Selection, as_int, as_str`: what `_catalog.py` imports from `_json`
    /// (the selection type and the helpers the context fields need).
    pub json_imports: String,
    pub subcodes: Vec<SubcodeEnum>,
    pub conditions: Vec<Vec<String>>,
    pub formatters: Vec<Formatter>,
    pub policies: Vec<Policy>,
    pub default_policy: String,
    pub retry_helper: RetryHelper,
    pub envelope: Vec<String>,
    pub classes: Vec<Class>,
    pub by_status: Vec<(u16, String)>,
    pub fallbacks: Vec<(u16, String)>,
    /// The `_DEFINITIONS` entries, pre-rendered like `Codes::members`: each
    /// `\n    "CODE": (` with its rows (see `definition_row`) and `),`.
    pub definitions: String,
    /// `_POLICIES = (_RETRY_1, ...)`, laid out.
    pub policy_table: String,
    pub exact: Vec<(String, String)>,
    pub prefix: Vec<(String, String)>,
}

/// `_codes.py`: the `Code` enum.
#[derive(Template)]
#[template(path = "python/_codes.py", escape = "none")]
pub struct Codes {
    pub notice: String,
    pub summary: String,
    pub code_doc: String,
    /// The `Code` members, each `\n` + its assignment + `\n` + its
    /// docstring, pre-rendered: per-code tables are built in one buffer
    /// (issue 6), the template places them.
    pub code_members: String,
}

/// A `[subcodes.*]` entry: its enum, its accessor on `APIError`, its table row.
pub struct SubcodeEnum {
    pub enum_name: String,
    pub doc: String,
    pub members: Vec<Member>,
    /// The accessor's name on the error, e.g. `decline_code`.
    pub attr: String,
    pub accessor_doc: String,
    /// The sub-code's name as a literal, e.g. `"decline_code"`.
    pub key: String,
    pub at: String,
}

pub struct Member {
    /// `NAME = "value"`, laid out for the enum body.
    pub assignment: String,
    pub doc: String,
}

/// The typed formatter of one templated message (README, rule 19).
pub struct Formatter {
    pub name: String,
    /// `def name(*, a: int) -> str:`, broken one parameter per line (with a
    /// trailing comma) when longer than a line, as ruff formats it.
    pub signature: String,
    pub doc: String,
    pub template: String,
    /// (wire name literal, Python parameter) per parameter.
    pub mapping: Vec<(String, String)>,
}

pub struct Field {
    pub attr: String,
    pub wire: String,
    pub ty: &'static str,
    pub extractor: &'static str,
    pub doc: String,
}

pub struct Policy {
    pub name: String,
    pub mode: String,
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
    pub longer_wait: String,
}

/// `RETRY_HELPER`'s arguments, as literals (README, rules 20 and 21).
pub struct RetryHelper {
    pub connection_errors: String,
    pub idempotency_header: String,
}

pub struct Class {
    pub name: String,
    pub key: String,
    /// `error_class = CLASSES[key]`, laid out for the class body.
    pub lookup: String,
    pub title: String,
    pub statuses: String,
    pub retry: String,
    /// The class's own `GrpcCode` member, if the spec gives one.
    pub grpc: Option<&'static str>,
    pub doc: String,
}

/// `_classes.py`
#[derive(Template)]
#[template(path = "python/_classes.py", escape = "none")]
pub struct Classes<'a> {
    pub notice: String,
    pub classes: &'a [Class],
}

/// `__init__.py`
#[derive(Template)]
#[template(path = "python/__init__.py", escape = "none")]
pub struct Init {
    pub notice: String,
    pub doc: String,
    /// Each module and the public names loaded from it, in isort's order:
    /// the type checker's imports and the `__getattr__` table both come
    /// from here.
    pub modules: Vec<(&'static str, Vec<String>)>,
    pub all: Vec<String>,
}

/// `pyproject.toml`
#[derive(Template)]
#[template(path = "python/pyproject.toml", escape = "none")]
pub struct Pyproject {
    pub notice: String,
    pub project: String,
    pub version: String,
    pub description: String,
    pub package: String,
    /// The `[project]` lines from `[packages]` (license, authors, …), each
    /// already printed.
    pub metadata: Vec<String>,
    /// `[project.urls]` lines.
    pub urls: Vec<String>,
}

/// The runtime modules: the same for every spec but for the notice.
#[derive(Template)]
#[template(path = "python/_errors.py", escape = "none")]
pub struct Errors {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_json.py", escape = "none")]
pub struct Json {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_parse.py", escape = "none")]
pub struct Parse {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_retry.py", escape = "none")]
pub struct Retry {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_document.py", escape = "none")]
pub struct Document {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_grpc.py", escape = "none")]
pub struct Grpc {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_template.py", escape = "none")]
pub struct MessageTemplate {
    pub notice: String,
}

#[derive(Template)]
#[template(path = "python/_serve.py", escape = "none")]
pub struct Serve {
    pub notice: String,
}

fn mode(policy: RetryMode) -> &'static str {
    match policy {
        RetryMode::Never => "never",
        RetryMode::Backoff => "backoff",
        RetryMode::RetryAfter => "retry_after",
    }
}

/// Retry policies are few and shared: each distinct one becomes a named
/// constant (`_RETRY_1`), in order of first use.
#[derive(Default)]
struct Policies {
    seen: Vec<RetryPolicy>,
}

impl Policies {
    fn name(&mut self, policy: &RetryPolicy) -> String {
        let mut name = String::new();
        self.push_name(&mut name, policy);
        name
    }

    /// The constant's name, appended to `out` (called once per definition).
    fn push_name(&mut self, out: &mut String, policy: &RetryPolicy) {
        let _ = write!(out, "_RETRY_{}", self.index(policy) + 1);
    }

    /// The policy's index in `_POLICIES` (from 0), adding it when new.
    fn index(&mut self, policy: &RetryPolicy) -> usize {
        match self.seen.iter().position(|p| p == policy) {
            Some(i) => i,
            None => {
                self.seen.push(policy.clone());
                self.seen.len() - 1
            }
        }
    }

    fn views(&self) -> Vec<Policy> {
        self.seen
            .iter()
            .enumerate()
            .map(|(i, p)| Policy {
                name: format!("_RETRY_{}", i + 1),
                mode: string(mode(p.policy)),
                max_attempts: p.max_attempts,
                initial_delay_ms: p.initial_delay_ms,
                max_delay_ms: p.max_delay_ms,
                max_retry_after_ms: p.max_retry_after_ms,
                longer_wait: string(match p.longer_wait {
                    LongerWait::GiveUp => "give_up",
                    LongerWait::Clamp => "clamp",
                }),
            })
            .collect()
    }
}

fn status_list(statuses: &[u16]) -> String {
    statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

fn class_doc(class: &crate::resolve::Class) -> String {
    let mut paragraphs = vec![class.description.clone(), format!("Title: {}.", class.title)];
    let mut statuses = String::new();
    if !class.statuses.is_empty() {
        statuses = format!("HTTP statuses: {}.", status_list(&class.statuses));
    }
    if let Some(range) = class.fallback {
        let range = match range {
            crate::model::StatusRange::Client => "4xx",
            crate::model::StatusRange::Server => "5xx",
        };
        statuses.push_str(&format!(" Also every other {range} status."));
    }
    paragraphs.push(statuses);
    for condition in &class.when {
        let mut text = match &condition.source {
            ConditionSource::Header(name) => format!("Also a response whose header {name} is {:?}", condition.equals),
            ConditionSource::Body(at) => format!("Also a response whose body has {:?} at {at}", condition.equals),
        };
        if !condition.status.is_empty() {
            let _ = write!(text, ", at HTTP {}", status_list(&condition.status));
        }
        text.push('.');
        paragraphs.push(text);
    }
    if let Some(grpc) = class.grpc {
        paragraphs.push(format!("gRPC code: {}.", grpc.name()));
    }
    if !class.causes.is_empty() {
        paragraphs.push(format!("Causes:\n{}", bullets(&class.causes)));
    }
    if !class.solutions.is_empty() {
        paragraphs.push(format!("Solutions:\n{}", bullets(&class.solutions)));
    }
    paragraphs.push(match class.retry.policy {
        // A policy that never retries has no attempts to count.
        RetryMode::Never => "Retry: never.".to_owned(),
        policy => format!("Retry: {}, at most {} attempts.", mode(policy), class.retry.max_attempts),
    });
    docstring(&paragraphs, 4)
}

fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")
}

/// Paragraphs of a docstring with consecutive duplicates dropped (what
/// `Vec::dedup` did on the list of paragraphs), fed to the docstring writer
/// as they come. Each paragraph is built in `current`; `previous` holds the
/// last one kept, and both buffers are reused for every code.
struct DedupParagraphs {
    previous: String,
    current: String,
}

impl DedupParagraphs {
    fn new() -> Self {
        DedupParagraphs { previous: String::new(), current: String::new() }
    }

    /// Hands `current` to `doc` unless it repeats the last paragraph kept.
    fn flush(&mut self, doc: &mut Docstring, first: bool) {
        if first || self.current != self.previous {
            doc.paragraph(&self.current);
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        self.current.clear();
    }
}

/// The docstring of a code's `Code` member, appended to `out`. `class_names`
/// holds each class's exception name, computed once instead of per definition.
fn push_code_doc(
    out: &mut String,
    catalog: &Catalog,
    defs: &[&SpecError],
    class_names: &HashMap<&str, String>,
    paragraphs: &mut DedupParagraphs,
) {
    let mut doc = Docstring::new(out, 4);
    // `summary` docs open with the line below that gives the message, and
    // carry no description or remedy (`packages.code_docs`).
    let full_docs = catalog.full_code_docs();
    if full_docs {
        paragraphs.current.push_str(&defs[0].description);
        paragraphs.flush(&mut doc, true);
    } else {
        // The first paragraph is always kept, whatever the last code's was.
        paragraphs.previous.clear();
    }
    if defs[0].numeric {
        let _ = write!(paragraphs.current, "On the wire: the JSON integer {}.", defs[0].code);
        paragraphs.flush(&mut doc, false);
    }
    for def in defs {
        let computed;
        let class = match class_names.get(def.class.as_str()) {
            Some(name) => name,
            None => {
                computed = names::class_name(&def.class);
                &computed
            }
        };
        let p = &mut paragraphs.current;
        let _ = write!(p, "HTTP {} ({class}, {}, domain {}): {}", def.status, def.grpc.name(), def.domain, def.message);
        if full_docs && defs.len() > 1 && def.description != def.message {
            p.push('\n');
            p.push_str(&def.description);
        }
        paragraphs.flush(&mut doc, false);
        if let Some(remedy) = def.remedy.as_ref().filter(|_| full_docs) {
            paragraphs.current.push_str("Remedy: ");
            paragraphs.current.push_str(remedy);
            paragraphs.flush(&mut doc, false);
        }
        if let Some(field) = &def.field {
            let _ = write!(paragraphs.current, "Request field: {field}.");
            paragraphs.flush(&mut doc, false);
        }
        if let Some(since) = &def.since {
            let _ = write!(paragraphs.current, "Since {since}.");
            paragraphs.flush(&mut doc, false);
        }
        if let Some(dep) = &def.deprecated {
            let p = &mut paragraphs.current;
            let _ = write!(p, "Deprecated since {}.", dep.since);
            if let Some(replacement) = &dep.replacement {
                let _ = write!(p, " Use {replacement} instead.");
            }
            if let Some(note) = &dep.note {
                p.push(' ');
                p.push_str(note);
            }
            paragraphs.flush(&mut doc, false);
        }
        if let Some(url) = def.docs_url.as_ref().or(catalog.api.docs_url.as_ref()) {
            paragraphs.current.push_str("Docs: ");
            paragraphs.current.push_str(url);
            paragraphs.flush(&mut doc, false);
        }
    }
    doc.finish();
}

/// One definition's row of `_DEFINITIONS`: `Definition`'s fields but its
/// code, in order, as constants (the retry policy an index into
/// `_POLICIES`, the gRPC code its number, a deprecation the tuple of its
/// fields), so that the table is literals the interpreter loads as they
/// are and `definitions` builds the objects of a code on first use.
fn definition_row(def: &SpecError, policies: &mut Policies) -> Expr {
    let text = |t: &str| atom(string(t));
    let opt = |t: &Option<String>| atom(opt_string(t.as_deref()));
    let strings = |items: &[String]| Expr::Group {
        head: String::new(),
        open: '(',
        close: ')',
        items: items.iter().map(|t| text(t)).collect(),
        lone_comma: true,
    };
    let deprecated = match &def.deprecated {
        None => atom("None"),
        Some(dep) => Expr::Group {
            head: String::new(),
            open: '(',
            close: ')',
            items: vec![text(&dep.since), opt(&dep.replacement), opt(&dep.note)],
            lone_comma: true,
        },
    };
    Expr::Group {
        head: String::new(),
        open: '(',
        close: ')',
        items: vec![
            text(&def.domain),
            atom(def.status.to_string()),
            text(&def.class),
            text(&def.message),
            text(&def.description),
            atom(policies.index(&def.retry).to_string()),
            atom(def.grpc.number().to_string()),
            atom(if def.numeric { "True" } else { "False" }),
            strings(&def.params),
            opt(&def.remedy),
            opt(&def.field),
            strings(&def.fields),
            opt(&def.since),
            deprecated,
            opt(&def.docs_url),
        ],
        lone_comma: true,
    }
}

fn envelope_args(catalog: &Catalog) -> Vec<String> {
    let env = &catalog.envelope;
    let opt = |key: &str, value: &Option<String>| format!("{key}={}", opt_string(value.as_deref()));
    let many = |key: &str, values: &[String]| {
        let items: Vec<String> = values.iter().map(|v| string(v)).collect();
        format!("{key}={}", names::tuple(&items, 4, &format!("{key}="), ","))
    };
    let items = match &env.items {
        None => "items=None".to_owned(),
        Some(items) => {
            let inner = |key: &str, value: String| format!("\n        {key}={value},");
            let messages: Vec<String> = items.message.iter().map(|v| string(v)).collect();
            format!(
                "items=ItemLocations({}{}{}{}{}\n    )",
                inner("at", string(&items.at)),
                inner("code", opt_string(items.code.as_deref())),
                inner("message", names::tuple(&messages, 8, "message=", ",")),
                inner("field", opt_string(items.field.as_deref())),
                inner("location", opt_string(items.location.as_deref())),
            )
        }
    };
    let selections = if env.selections.is_empty() {
        "selections={}".to_owned()
    } else {
        let mut out = "selections={".to_owned();
        for s in &env.selections {
            let _ = write!(out, "\n        {}: Selection(", string(&s.name));
            for (key, value) in [("array", &s.array), ("member", &s.member), ("equals", &s.equals)] {
                let _ = write!(out, "\n            {key}={},", string(value));
            }
            out.push_str("\n        ),");
        }
        out.push_str("\n    }");
        out
    };
    let rate_limit = match &env.headers.rate_limit {
        None => "rate_limit=None".to_owned(),
        Some(r) => {
            let reset_kind = match r.reset_kind {
                ResetKind::Seconds => "seconds",
                ResetKind::EpochSeconds => "epoch_seconds",
            };
            format!(
                "rate_limit=RateLimitHeaders(\n        ietf={},\n        {},\n        {},\n        {},\n        reset_kind={},\n    )",
                if r.ietf { "True" } else { "False" },
                opt("limit", &r.limit),
                opt("remaining", &r.remaining),
                opt("reset", &r.reset),
                string(reset_kind),
            )
        }
    };
    vec![
        opt("code", &env.code),
        many("no_code", &env.no_code),
        many("message", &env.message),
        opt("details", &env.details),
        opt("request_id", &env.request_id),
        opt("field", &env.field),
        opt("context", &env.context),
        opt("retry_after", &env.retry_after),
        opt("retry_delay", &env.retry_delay),
        opt("domain", &env.domain),
        opt("metadata", &env.metadata),
        items,
        selections,
        many("request_id_headers", &env.headers.request_id),
        format!("retry_after_header={}", string(&env.headers.retry_after)),
        opt("retry_after_ms_header", &env.headers.retry_after_ms),
        opt("retry_at_header", &env.headers.retry_at),
        opt("should_retry_header", &env.headers.should_retry),
        rate_limit,
    ]
}

impl Package {
    pub fn new(catalog: &Catalog) -> Self {
        let mut policies = Policies::default();
        // Rule 9: no definition and no class means `never` with the
        // spec's `[retry]` parameters.
        let default_policy = policies.name(&RetryPolicy { policy: RetryMode::Never, ..catalog.retry.clone() });

        let classes: Vec<Class> = catalog
            .classes
            .iter()
            .map(|c| {
                let statuses: Vec<String> = c.statuses.iter().map(u16::to_string).collect();
                let key = string(&c.id);
                Class {
                    name: names::class_name(&c.id),
                    lookup: names::subscript_assignment(4, "error_class: ClassVar[ErrorClass | None]", "CLASSES", &key),
                    key,
                    title: string(&c.title),
                    statuses: names::tuple(&statuses, 8, "statuses=", ","),
                    retry: policies.name(&c.retry),
                    grpc: c.grpc.map(|g| g.name()),
                    doc: class_doc(c),
                }
            })
            .collect();

        // The per-code tables dominate the file: they are written straight
        // into two pre-sized buffers, reusing scratch space across codes.
        let class_names: HashMap<&str, String> =
            classes.iter().zip(&catalog.classes).map(|(v, c)| (c.id.as_str(), v.name.clone())).collect();
        let mut code_members = String::with_capacity(catalog.codes.len() * 1024);
        let mut definitions = String::with_capacity(catalog.codes.len() * 1024);
        let mut paragraphs = DedupParagraphs::new();
        let mut key = String::new();
        let mut defs: Vec<&SpecError> = Vec::new();
        for code in &catalog.codes {
            defs.clear();
            defs.extend(catalog.definitions(code));
            key.clear();
            push_string(&mut key, &code.code);
            code_members.push('\n');
            names::push_assignment(&mut code_members, 4, &names::code_member(&code.name), &key);
            code_members.push('\n');
            push_code_doc(&mut code_members, catalog, &defs, &class_names, &mut paragraphs);

            let rows = Expr::Group {
                head: String::new(),
                open: '(',
                close: ')',
                items: defs.iter().map(|def| definition_row(def, &mut policies)).collect(),
                lone_comma: true,
            };
            definitions.push_str("\n    ");
            definitions.push_str(&key);
            definitions.push_str(": ");
            rows.layout(&mut definitions, RUFF, 4, 4 + width(&key) + 2, 1, false);
            definitions.push(',');
        }

        let mut extractors = BTreeSet::from(["Selection"]);
        let fields: Vec<Field> = catalog
            .fields
            .iter()
            .map(|f| {
                let (ty, extractor) = match f.ty {
                    FieldType::String => ("str", "as_str"),
                    FieldType::Integer => ("int", "as_int"),
                    FieldType::Number => ("float", "as_float"),
                    FieldType::Boolean => ("bool", "as_bool"),
                };
                extractors.insert(extractor);
                let attr = names::field_attr(&f.name);
                let mut paragraphs = vec![f.description.clone()];
                if let Some(unit) = &f.unit {
                    paragraphs.push(format!("Unit: {unit}."));
                }
                if attr != f.name {
                    paragraphs.push(format!("On the wire: {}.", f.name));
                }
                Field { wire: string(&f.name), attr, ty, extractor, doc: docstring(&paragraphs, 4) }
            })
            .collect();

        let mut by_status = Vec::new();
        for class in &catalog.classes {
            for status in &class.statuses {
                by_status.push((*status, string(&class.id)));
            }
        }
        by_status.sort();
        by_status.dedup_by_key(|(s, _)| *s);
        let mut fallbacks = Vec::new();
        for (range, hundreds) in [(crate::model::StatusRange::Client, 4), (crate::model::StatusRange::Server, 5)] {
            if let Some(class) = catalog.classes.iter().find(|c| c.fallback == Some(range)) {
                fallbacks.push((hundreds, string(&class.id)));
            }
        }

        // First in spec order wins, for exact texts and prefixes alike.
        let mut exact_seen: BTreeMap<&str, ()> = BTreeMap::new();
        let mut prefix_seen: BTreeMap<&str, ()> = BTreeMap::new();
        let (mut exact, mut prefix) = (Vec::new(), Vec::new());
        for error in catalog.errors() {
            for text in &error.matches.exact {
                if exact_seen.insert(text, ()).is_none() {
                    exact.push((string(text), string(&error.code)));
                }
            }
            for text in &error.matches.prefix {
                if prefix_seen.insert(text, ()).is_none() {
                    prefix.push((string(text), string(&error.code)));
                }
            }
        }

        let api = &catalog.api;
        Package {
            notice: generated_notice(catalog),
            summary: format!("The {} error catalog: codes, definitions, classes, envelope.", python_safe_summary(&api.name)),
            api_id: string(&api.id),
            api_version: string(&api.version),
            codes: Codes {
                notice: generated_notice(catalog),
                summary: format!("Every error code of the {} API: the `Code` enum.", python_safe_summary(&api.name)),
                code_doc: docstring(
                    &[
                        format!("Every error code of the {} API.", api.name),
                        "A `str` enum: members compare equal to the code strings. An error with a code \
                         this package does not know keeps it as a plain `str`."
                            .to_owned(),
                    ],
                    4,
                ),
                code_members,
            },
            context_doc: docstring(
                &["Typed context fields an error body may carry.".to_owned(), "Each is None when absent or of another type.".to_owned()],
                4,
            ),
            json_imports: extractors.into_iter().collect::<Vec<_>>().join(", "),
            subcodes: subcode_enums(catalog),
            conditions: conditions(catalog),
            formatters: formatters(catalog, &class_names),
            fields,
            policy_table: {
                let views = policies.views();
                let names: Vec<String> = views.iter().map(|p| p.name.clone()).collect();
                let lead = "_POLICIES: tuple[RetryPolicy, ...] = ";
                format!("{lead}{}", names::tuple(&names, 0, lead, ""))
            },
            policies: policies.views(),
            default_policy,
            retry_helper: RetryHelper {
                connection_errors: string(match catalog.retry_helper.connection_errors {
                    ConnectionRetry::Never => "never",
                    ConnectionRetry::Backoff => "backoff",
                }),
                idempotency_header: opt_string(catalog.retry_helper.idempotency_header.as_deref()),
            },
            envelope: envelope_args(catalog),
            classes,
            by_status,
            fallbacks,
            definitions,
            exact,
            prefix,
        }
    }
}

/// The `CONDITIONS` rows (each a list of keyword arguments), classes in
/// catalog order, each class's conditions in spec order.
fn conditions(catalog: &Catalog) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for class in &catalog.classes {
        for condition in &class.when {
            let mut args = vec![format!("class_id={}", string(&class.id)), format!("equals={}", string(&condition.equals))];
            args.push(match &condition.source {
                ConditionSource::Header(name) => format!("header={}", string(name)),
                ConditionSource::Body(at) => format!("body={}", string(at)),
            });
            if !condition.status.is_empty() {
                let statuses: Vec<String> = condition.status.iter().map(u16::to_string).collect();
                args.push(format!("statuses={}", names::tuple(&statuses, 8, "statuses=", ",")));
            }
            rows.push(args);
        }
    }
    rows
}

/// One enum per sub-code, its members in value order, each member named by
/// its value (`INSUFFICIENT_FUNDS`); two values that would share a name get
/// `_2`, `_3`, ... in value order.
fn subcode_enums(catalog: &Catalog) -> Vec<SubcodeEnum> {
    catalog
        .subcodes
        .iter()
        .map(|sub| {
            let enum_name = names::subcode_enum(&sub.name);
            let attr = names::subcode_attr(&sub.name);
            let mut taken: BTreeSet<String> = BTreeSet::new();
            let members = sub
                .values
                .iter()
                .map(|v| {
                    let base = names::enum_member(&v.value);
                    let mut member = base.clone();
                    let mut n = 1;
                    while !taken.insert(member.clone()) {
                        n += 1;
                        member = format!("{base}_{n}");
                    }
                    let assignment = names::assignment(4, &member, &string(&v.value)).trim_start().to_owned();
                    Member { assignment, doc: docstring(std::slice::from_ref(&v.description), 4) }
                })
                .collect();
            let doc = docstring(
                &[
                    sub.description.clone(),
                    format!(
                        "A `str` enum of the values of the sub-code `{}` (at `{}`): members compare equal \
                         to the value strings; a value this package does not know is kept as a plain `str`.",
                        sub.name, sub.at
                    ),
                ],
                4,
            );
            let accessor_doc = docstring(
                &[
                    sub.description.clone(),
                    format!("A `{enum_name}` member, the value verbatim if the package does not know it, or None when absent."),
                ],
                8,
            );
            SubcodeEnum { enum_name, doc, members, attr, accessor_doc, key: string(&sub.name), at: string(&sub.at) }
        })
        .collect()
}

/// A typed formatter per templated definition. A code templated at more than
/// one status gets one per status, named with the status (`format_x_403`).
fn formatters(catalog: &Catalog, class_names: &HashMap<&str, String>) -> Vec<Formatter> {
    let mut out = Vec::new();
    for code in &catalog.codes {
        let mut templated: Vec<&SpecError> = Vec::new();
        for def in catalog.definitions(code) {
            // Rule 4: a later definition at the same status never applies.
            if !def.params.is_empty() && !templated.iter().any(|t| t.status == def.status) {
                templated.push(def);
            }
        }
        let several = templated.len() > 1;
        for def in templated {
            let name = if several { names::formatter(&format!("{}_{}", code.name, def.status)) } else { names::formatter(&code.name) };
            let mut params = vec!["*".to_owned()];
            let mut mapping = Vec::new();
            for param in &def.params {
                let attr = names::field_attr(param);
                let ty = match catalog.field(param).map(|f| f.ty) {
                    Some(FieldType::Integer) => "int",
                    Some(FieldType::Boolean) => "bool",
                    Some(FieldType::Number) => "float",
                    _ => "str",
                };
                params.push(format!("{attr}: {ty}"));
                mapping.push((string(param), attr));
            }
            let class = class_names.get(def.class.as_str()).cloned().unwrap_or_else(|| names::class_name(&def.class));
            let doc = docstring(
                &[
                    format!("The message of `Code.{}` at HTTP {} ({class}).", names::code_member(&code.name), def.status),
                    format!("Template: {}", def.message),
                    "Each parameter replaces its `<param>`: strings as they are, integers in decimal, \
                     booleans `true`/`false` (README, rule 19)."
                        .to_owned(),
                ],
                4,
            );
            let one_line = format!("def {name}({}) -> str:", params.join(", "));
            let signature = if one_line.chars().count() <= names::LINE_LENGTH {
                one_line
            } else {
                let lines: String = params.iter().map(|p| format!("\n    {p},")).collect();
                format!("def {name}({lines}\n) -> str:")
            };
            out.push(Formatter { name, signature, doc, template: string(&def.message), mapping });
        }
    }
    out
}

/// The API name inside a one-line module docstring of our own: quotes and
/// backslashes would need escaping, so the docstring layer handles it.
fn python_safe_summary(name: &str) -> String {
    names::doc_lines(name).join(" ")
}

impl Init {
    pub fn new(catalog: &Catalog, package: &Package) -> Self {
        let modules: Vec<(&'static str, Vec<String>)> = names::EXPORTS
            .iter()
            .map(|&(module, fixed)| {
                let mut names: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
                match module {
                    "_catalog" => {
                        names.extend(package.subcodes.iter().map(|s| s.enum_name.clone()));
                        names.extend(package.formatters.iter().map(|f| f.name.clone()));
                    }
                    "_classes" => names.extend(package.classes.iter().map(|c| c.name.clone())),
                    _ => {}
                }
                names.sort_by(|a, b| names::isort_key(a).cmp(&names::isort_key(b)));
                (module, names)
            })
            .collect();
        let mut all: Vec<&String> = modules.iter().flat_map(|(_, names)| names).collect();
        all.sort();
        let api = &catalog.api;
        let mut paragraphs = vec![format!("Typed errors of the {} API, generated from its error catalog.", api.name)];
        if let Some(description) = &api.description {
            paragraphs.push(description.clone());
        }
        paragraphs.push(
            "Turn any error response into an exception with `from_parts(status, headers, body)` or \
             `from_response(resp)`; catch `APIError` or one of its subclasses; retry with `with_retries`."
                .to_owned(),
        );
        if let Some(url) = &api.docs_url {
            paragraphs.push(format!("Docs: {url}"));
        }
        Init { notice: generated_notice(catalog), doc: docstring(&paragraphs, 0), all: all.iter().map(|n| string(n)).collect(), modules }
    }
}

/// Trove classifiers every generated package fits; the license is given as
/// an SPDX expression instead of a classifier (PEP 639).
const CLASSIFIERS: [&str; 5] = [
    "Intended Audience :: Developers",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Typing :: Typed",
];

fn toml_list(items: &[String], inline: bool) -> String {
    let quoted: Vec<String> = items.iter().map(|i| names::toml_string(i)).collect();
    if inline {
        format!("[{}]", quoted.join(", "))
    } else {
        format!("[\n{}\n]", quoted.iter().map(|q| format!("  {q},\n")).collect::<String>().trim_end())
    }
}

/// `[project]` keys from `[packages]`, in PyPA's documented order.
fn pyproject_metadata(catalog: &Catalog) -> Vec<String> {
    let info = &catalog.package_info;
    let mut lines = Vec::new();
    if let Some(license) = &info.license {
        lines.push(format!("license = {}", names::toml_string(license)));
    }
    if !info.authors.is_empty() {
        let authors: Vec<String> = info
            .authors
            .iter()
            .map(|a| match &a.email {
                Some(email) => format!("  {{ name = {}, email = {} }},", names::toml_string(&a.name), names::toml_string(email)),
                None => format!("  {{ name = {} }},", names::toml_string(&a.name)),
            })
            .collect();
        lines.push(format!("authors = [\n{}\n]", authors.join("\n")));
    }
    if !info.keywords.is_empty() {
        lines.push(format!("keywords = {}", toml_list(&info.keywords, true)));
    }
    lines.push(format!("classifiers = {}", toml_list(&CLASSIFIERS.map(str::to_owned), false)));
    lines
}

/// `[project.urls]`: the labels PyPI shows with an icon.
fn pyproject_urls(catalog: &Catalog) -> Vec<String> {
    let info = &catalog.package_info;
    [("Homepage", &info.homepage), ("Documentation", &catalog.api.docs_url), ("Repository", &info.repository)]
        .into_iter()
        .filter_map(|(label, url)| url.as_ref().map(|url| format!("{label} = {}", names::toml_string(url))))
        .collect()
}

impl Pyproject {
    pub fn new(catalog: &Catalog) -> Self {
        let package = &catalog.packages.python;
        Pyproject {
            notice: generated_notice(catalog),
            project: names::toml_string(&package.replace('_', "-")),
            version: names::toml_string(&catalog.package_info.versions.python),
            description: names::toml_string(&format!("Typed errors of the {} API, generated from its error catalog.", catalog.api.name)),
            package: package.clone(),
            metadata: pyproject_metadata(catalog),
            urls: pyproject_urls(catalog),
        }
    }
}
