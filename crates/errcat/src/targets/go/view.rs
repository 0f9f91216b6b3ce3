//! The catalog as the Go templates see it: every identifier, literal and doc
//! comment already made (by [`names`]), in the order it is printed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use crate::artifacts::{generated_notice, pointer_tokens};
use crate::model::{ConnectionRetry, FieldType, GrpcCode, LongerWait, ResetKind, RetryMode, StatusRange};
use crate::resolve::{Catalog, ConditionSource, Error as SpecError, RetryPolicy};

use super::names::{self, DocComment, string_lit};

pub struct View {
    /// `// Code generated ... DO NOT EDIT.`
    pub notice: String,
    pub module: String,
    pub package: String,
    /// The package doc comment (for `doc.go`).
    pub package_doc: String,
    pub codes: Vec<CodeView>,
    /// Sorted by code, then domain order: binary search finds a code's run.
    pub definitions: Vec<DefinitionView>,
    /// The distinct retry policies of the definitions, in first-use order.
    pub retry_policies: Vec<PolicyView>,
    /// The distinct (request field, template parameters) pairs of the
    /// definitions that have either, in first-use order.
    pub usages: Vec<UsageView>,
    /// Sorted by message; the first error (spec order) with that message.
    pub exact_matches: Vec<MatchView>,
    /// In spec order.
    pub prefix_matches: Vec<MatchView>,
    pub classes: Vec<ClassView>,
    pub status_cases: Vec<StatusCase>,
    pub fallbacks: Vec<Fallback>,
    /// Rule 9's last resort: `never` with the `[retry]` parameters.
    pub default_policy: PolicyView,
    pub fields: Vec<FieldView>,
    /// Which typed field readers `envelope.go` needs (no unused functions).
    pub reads_string: bool,
    pub reads_integer: bool,
    pub reads_number: bool,
    pub reads_boolean: bool,
    /// What those readers import.
    pub context_imports: Vec<&'static str>,
    pub env: EnvelopeView,
    /// Array elements picked by value (rule 18), sorted by name.
    pub selections: Vec<SelectionView>,
    /// Rule 5's `when` conditions, class by class in catalog order.
    pub conditions: Vec<ConditionView>,
    /// One typed enum per `[subcodes.*]`, sorted by name.
    pub subcodes: Vec<SubcodeView>,
    /// A typed formatter per templated definition (rule 19).
    pub formatters: Vec<FormatterView>,
    /// Context fields a template may name, for rule 6's fill-in:
    /// `(wire literal, Go field, reader kind)`.
    pub params: Vec<ParamFieldView>,
    /// The catalog's `api.id` literal, which error documents name (rule 23).
    pub api_id: String,
    /// The idempotency header's literal (rule 21); `""` for none.
    pub idempotency_header: String,
    /// `true` when the retry helper retries connection errors (rule 20).
    pub retry_connection_errors: bool,
}

pub struct SelectionView {
    pub doc: String,
    /// `selectionErrorInfo`
    pub var: String,
    pub array: String,
    pub member: String,
    pub equals: String,
}

pub struct ConditionView {
    pub class: String,
    /// `[]int{403}`; none for any status.
    pub statuses: Option<String>,
    /// The header name literal, when the condition reads a header.
    pub header: Option<String>,
    /// The body location, when it reads the body.
    pub body: String,
    pub equals: String,
}

pub struct SubcodeView {
    pub doc: String,
    pub ident: String,
    /// Its index into the error's sub-code values.
    pub index: usize,
    pub accessor_doc: String,
    pub location: String,
    pub values: Vec<SubcodeValueView>,
}

pub struct SubcodeValueView {
    pub doc: String,
    pub ident: String,
    pub lit: String,
    pub description: String,
}

pub struct FormatterView {
    pub doc: String,
    pub ident: String,
    /// `balance, cost int64`
    pub signature: String,
    /// `"Your current balance is " + strconv.FormatInt(balance, 10) + ...`
    pub body: String,
}

pub struct ParamFieldView {
    pub wire: String,
    pub name: String,
    /// `string`, `integer` or `boolean`.
    pub kind: &'static str,
}

pub struct CodeView {
    pub doc: String,
    pub ident: String,
    pub lit: String,
}

pub struct UsageView {
    pub field: Option<String>,
    /// `"a", "b"`, or empty: the template parameters.
    pub params: String,
}

pub struct DefinitionView {
    /// The index of its retry policy in [`View::retry_policies`].
    pub retry_index: usize,
    /// 1 + the index of its field and parameters in [`View::usages`]; 0
    /// for neither.
    pub usage: usize,
    pub code: String,
    pub domain: String,
    pub status: u16,
    pub class: String,
    pub message: String,
    pub description: String,
    pub remedy: Option<String>,
    /// `"a", "b"`, or empty.
    pub fields: String,
    /// `GRPCResourceExhausted`
    pub grpc: &'static str,
    pub since: Option<String>,
    pub deprecated: Option<DeprecationView>,
    pub docs_url: Option<String>,
}

pub struct DeprecationView {
    pub since: String,
    pub replacement: Option<String>,
    pub note: Option<String>,
}

pub struct MatchView {
    pub message: String,
    pub code: String,
}

pub struct ClassView {
    pub doc: String,
    pub ident: String,
    pub lit: String,
    pub sentinel: String,
    pub sentinel_doc: String,
    pub title: String,
    pub description: String,
    pub retry: PolicyView,
    /// The class's own gRPC code, if the spec gives one.
    pub grpc: Option<&'static str>,
}

pub struct StatusCase {
    /// `502, 503, 504`
    pub statuses: String,
    pub class: String,
}

pub struct Fallback {
    /// `status >= 500 && status <= 599`
    pub condition: String,
    pub class: String,
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PolicyView {
    pub mode: &'static str,
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
    /// `LongerWaitGiveUp` or `LongerWaitClamp`.
    pub longer_wait: &'static str,
}

pub struct FieldView {
    pub doc: String,
    pub name: String,
    /// `*int64`
    pub go_type: &'static str,
    /// The whole struct tag, backquotes included.
    pub tag: String,
    pub wire: String,
    /// The reader in `envelope.go`, e.g. `integerField`.
    pub reader: &'static str,
}

/// Go expressions for where each part of an error is.
pub struct EnvelopeView {
    pub code: String,
    /// `[]string{"about:blank"}`, or `nil`.
    pub no_code: String,
    pub retry_delay: String,
    pub domain: String,
    pub metadata: String,
    /// `&itemsLayout{...}`, or `nil`.
    pub items: String,
    pub retry_at_header: String,
    pub messages: String,
    pub details: String,
    pub request_id: String,
    pub field: String,
    pub context: String,
    pub retry_after: String,
    pub request_id_headers: String,
    pub retry_after_header: String,
    pub retry_after_ms_header: String,
    pub should_retry_header: String,
    /// `rateLimitLayout{...}` (rule 22).
    pub rate_limit: String,
}

fn policy(p: &RetryPolicy) -> PolicyView {
    PolicyView {
        mode: match p.policy {
            RetryMode::Never => "RetryModeNever",
            RetryMode::Backoff => "RetryModeBackoff",
            RetryMode::RetryAfter => "RetryModeRetryAfter",
        },
        max_attempts: p.max_attempts,
        initial_delay_ms: p.initial_delay_ms,
        max_delay_ms: p.max_delay_ms,
        max_retry_after_ms: p.max_retry_after_ms,
        longer_wait: match p.longer_wait {
            LongerWait::GiveUp => "LongerWaitGiveUp",
            LongerWait::Clamp => "LongerWaitClamp",
        },
    }
}

/// The Go expression for a body location (rule 18): `at("error", "code")`
/// for a JSON Pointer, `at()` for the whole body,
/// `within(&selectionErrorInfo, "reason")` for `@error_info/reason`, and
/// `location{}` for nowhere.
fn location(pointer: Option<&str>) -> String {
    let Some(p) = pointer else { return "location{}".into() };
    let (head, rest) = match p.strip_prefix('@') {
        Some(selected) => {
            let (name, rest) = selected.split_once('/').map_or((selected, ""), |(n, r)| (n, r));
            (format!("within(&{}", selection_var(name)), if rest.is_empty() { String::new() } else { format!("/{rest}") })
        }
        None => ("at(".to_owned(), p.to_owned()),
    };
    let tokens: Vec<String> = pointer_tokens(&rest).iter().map(|t| string_lit(t)).collect();
    let sep = if head.ends_with('(') || tokens.is_empty() { "" } else { ", " };
    format!("{head}{sep}{})", tokens.join(", "))
}

/// The package variable holding a selection: `selectionErrorInfo`.
fn selection_var(name: &str) -> String {
    format!("selection{}", names::pascal(name))
}

fn grpc_const(code: GrpcCode) -> &'static str {
    match code {
        GrpcCode::Ok => "GRPCOK",
        GrpcCode::Cancelled => "GRPCCancelled",
        GrpcCode::Unknown => "GRPCUnknown",
        GrpcCode::InvalidArgument => "GRPCInvalidArgument",
        GrpcCode::DeadlineExceeded => "GRPCDeadlineExceeded",
        GrpcCode::NotFound => "GRPCNotFound",
        GrpcCode::AlreadyExists => "GRPCAlreadyExists",
        GrpcCode::PermissionDenied => "GRPCPermissionDenied",
        GrpcCode::ResourceExhausted => "GRPCResourceExhausted",
        GrpcCode::FailedPrecondition => "GRPCFailedPrecondition",
        GrpcCode::Aborted => "GRPCAborted",
        GrpcCode::OutOfRange => "GRPCOutOfRange",
        GrpcCode::Unimplemented => "GRPCUnimplemented",
        GrpcCode::Internal => "GRPCInternal",
        GrpcCode::Unavailable => "GRPCUnavailable",
        GrpcCode::DataLoss => "GRPCDataLoss",
        GrpcCode::Unauthenticated => "GRPCUnauthenticated",
    }
}

/// A template message split at its `<param>`s (rule 19), left to right in
/// one pass, the way the runtime's `fillTemplate` reads it: literal text and
/// the parameters it names, in order.
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Param(&'a str),
}

pub(crate) fn template_pieces<'a>(message: &'a str, params: &[String]) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(open) = message[i..].find('<').map(|o| o + i) {
        let Some(close) = message[open + 1..].find('>').map(|c| c + open + 1) else { break };
        let name = &message[open + 1..close];
        if params.iter().any(|p| p == name) {
            if open > text_start {
                pieces.push(Piece::Text(&message[text_start..open]));
            }
            pieces.push(Piece::Param(name));
            text_start = close + 1;
            i = close + 1;
        } else {
            i = open + 1;
        }
    }
    if text_start < message.len() {
        pieces.push(Piece::Text(&message[text_start..]));
    }
    pieces
}

fn string_list(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        names::push_string_lit(&mut out, item);
    }
    out
}

impl View {
    pub fn new(catalog: &Catalog) -> Result<Self, crate::Error> {
        let module = catalog.packages.go.clone();
        let package = names::package_name(&module).map_err(|why| crate::Error::Render(format!("Go module path `{module}`: {why}")))?;
        // Each code's and class's identifier is made once: definitions,
        // matches and replacements refer to them many times over.
        // Identifiers come from the code's name, the wire string stays the code.
        let code_idents: HashMap<&str, String> = catalog.codes.iter().map(|c| (c.code.as_str(), names::code_const(&c.name))).collect();
        let class_idents: HashMap<&str, String> = catalog.classes.iter().map(|c| (c.id.as_str(), names::class_const(&c.id))).collect();
        let code_ident = |code: &str| code_idents.get(code).cloned().unwrap_or_else(|| names::code_const(code));
        let class_ident = |id: &str| class_idents.get(id).cloned().unwrap_or_else(|| names::class_const(id));
        let code_expr = |code: &str| match code_idents.get(code) {
            Some(ident) => ident.clone(),
            None => format!("Code({})", string_lit(code)),
        };

        let mut package_doc = vec![format!(
            "Package {package} turns error responses of the {} API into typed Go errors: one *Error type with a class (errors.Is(err, ErrRateLimit)-style sentinels), the code, its definition from the error catalog, typed context fields and retry guidance.",
            catalog.api.name
        )];
        if let Some(d) = &catalog.api.description {
            package_doc.push(d.clone());
        }
        // What else an *Error carries, as far as this API sends it.
        let mut carries = vec!["its google.rpc.Code (GRPC)".to_owned()];
        if catalog.envelope.items.is_some() {
            carries.push("the items of a multi-error body (Items)".into());
        }
        if catalog.envelope.domain.is_some() || catalog.envelope.metadata.is_some() {
            carries.push("the error's domain and metadata (Domain, Metadata)".into());
        }
        if catalog.envelope.headers.rate_limit.is_some() {
            carries.push("what its rate-limit headers say (RateLimit)".into());
        }
        for sc in &catalog.subcodes {
            carries.push(format!("the sub-code {} ({}, a typed value open to new ones)", sc.name, names::subcode_type(&sc.name)));
        }
        let last = carries.pop().expect("one at least");
        let list = if carries.is_empty() { last } else { format!("{} and {last}", carries.join(", ")) };
        let mut also = format!("Every *Error also has {list}.");
        if catalog.errors().any(|e| !e.params.is_empty()) {
            also.push_str(" The Format functions, and FormatMessage by code, build a templated message from its parameters.");
        }
        package_doc.push(also);
        package_doc.push(format!(
            "Build an *Error from any response with FromResponse or FromParts: they never fail and never panic. Run a request with retries under the catalog's policies with Do. An *Error marshals to a versioned JSON document (encoding/json) that FromJSON rebuilds it from. Generated from version {} of the error catalog.",
            catalog.api.version
        ));
        if let Some(url) = &catalog.api.docs_url {
            package_doc.push(format!("Reference: {url}"));
        }

        let mut codes = Vec::with_capacity(catalog.codes.len());
        let mut definitions = Vec::with_capacity(catalog.codes.len());
        let mut retry_policies: Vec<PolicyView> = Vec::new();
        let mut policy_index: HashMap<PolicyView, usize> = HashMap::new();
        let mut usages: Vec<UsageView> = Vec::new();
        let mut usage_index: HashMap<(Option<String>, String), usize> = HashMap::new();
        // One paragraph at a time is written here, then into the comment.
        let mut para = String::new();
        let mut statuses = Vec::new();
        let full_docs = catalog.full_code_docs();
        for code in &catalog.codes {
            let defs: Vec<&SpecError> = catalog.definitions(code).collect();
            let ident = &code_idents[code.code.as_str()];
            let mut doc_out = String::with_capacity(256);
            let mut doc = DocComment::new(&mut doc_out, "\t");
            statuses.clear();
            statuses.extend(defs.iter().map(|d| d.status));
            statuses.sort_unstable();
            statuses.dedup();
            para.clear();
            let _ = write!(para, "{ident} is the code {} (HTTP ", code.code);
            for (i, s) in statuses.iter().enumerate() {
                let _ = write!(para, "{}{s}", if i > 0 { ", " } else { "" });
            }
            para.push_str(").");
            doc.paragraph(&para);
            for d in &defs {
                // `summary` docs give the message where the description was,
                // and no remedy (`packages.code_docs`).
                let meaning = if full_docs { &d.description } else { &d.message };
                if defs.len() > 1 {
                    para.clear();
                    let _ = write!(para, "With HTTP {} (domain {}): {meaning}", d.status, d.domain);
                    doc.paragraph(&para);
                } else {
                    doc.paragraph(meaning);
                }
                if let Some(remedy) = d.remedy.as_ref().filter(|_| full_docs) {
                    para.clear();
                    para.push_str("Remedy: ");
                    para.push_str(remedy);
                    doc.paragraph(&para);
                }
            }
            if !defs.is_empty() && defs.iter().all(|d| d.deprecated.is_some()) {
                let dep = defs[0].deprecated.as_ref().expect("checked above");
                para.clear();
                let _ = write!(para, "Deprecated: deprecated since version {}.", dep.since);
                if let Some(r) = &dep.replacement {
                    let _ = write!(para, " Use {} instead.", code_expr(r));
                }
                if let Some(note) = &dep.note {
                    para.push(' ');
                    para.push_str(note);
                }
                doc.paragraph(&para);
            }
            codes.push(CodeView { doc: doc_out, lit: string_lit(&code.code), ident: ident.clone() });
            for d in defs {
                let retry = policy(&d.retry);
                let retry_index = *policy_index.entry(retry.clone()).or_insert_with(|| {
                    retry_policies.push(retry.clone());
                    retry_policies.len() - 1
                });
                let (field, params) = (d.field.as_deref().map(string_lit), string_list(&d.params));
                let usage = if field.is_none() && params.is_empty() {
                    0
                } else {
                    *usage_index.entry((field.clone(), params.clone())).or_insert_with(|| {
                        usages.push(UsageView { field: field.clone(), params: params.clone() });
                        usages.len()
                    })
                };
                definitions.push(DefinitionView {
                    retry_index,
                    usage,
                    code: ident.clone(),
                    domain: string_lit(&d.domain),
                    status: d.status,
                    class: class_ident(&d.class),
                    message: string_lit(&d.message),
                    description: string_lit(&d.description),
                    remedy: d.remedy.as_deref().map(string_lit),
                    fields: string_list(&d.fields),
                    grpc: grpc_const(d.grpc),
                    since: d.since.as_deref().map(string_lit),
                    deprecated: d.deprecated.as_ref().map(|dep| DeprecationView {
                        since: string_lit(&dep.since),
                        replacement: dep.replacement.as_deref().map(code_expr),
                        note: dep.note.as_deref().map(string_lit),
                    }),
                    docs_url: d.docs_url.as_deref().map(string_lit),
                });
            }
        }

        // Rule 3: exact matches over all errors in spec order, then prefixes.
        let mut exact: BTreeMap<&str, &str> = BTreeMap::new();
        let mut prefix_matches = Vec::new();
        for e in catalog.errors() {
            for m in &e.matches.exact {
                exact.entry(m.as_str()).or_insert(e.code.as_str());
            }
        }
        for e in catalog.errors() {
            for p in &e.matches.prefix {
                prefix_matches.push(MatchView { message: string_lit(p), code: code_ident(&e.code) });
            }
        }
        let exact_matches = exact.into_iter().map(|(m, c)| MatchView { message: string_lit(m), code: code_ident(c) }).collect::<Vec<_>>();

        let mut classes = Vec::new();
        let mut seen = BTreeMap::new();
        for c in &catalog.classes {
            let ident = names::class_const(&c.id);
            if let Some(other) = seen.insert(ident.clone(), c.id.clone()) {
                return Err(crate::Error::Render(format!("classes `{other}` and `{}` both become Go `{ident}`", c.id)));
            }
            let statuses = if c.statuses.is_empty() {
                String::new()
            } else {
                format!(" (HTTP {})", c.statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "))
            };
            let mut doc = vec![format!("{ident} is the class {}: {}{statuses}.", c.id, c.title), c.description.clone()];
            doc.extend(c.causes.iter().map(|cause| format!("Cause: {cause}")));
            doc.extend(c.solutions.iter().map(|s| format!("Remedy: {s}")));
            let sentinel = names::class_sentinel(&c.id);
            classes.push(ClassView {
                doc: names::doc_comment(&doc, "\t"),
                sentinel_doc: names::doc_comment(
                    &[format!("{sentinel} matches, with errors.Is, every *Error of class {ident}: {}", c.description)],
                    "\t",
                ),
                sentinel,
                lit: string_lit(&c.id),
                title: string_lit(&c.title),
                description: string_lit(&c.description),
                retry: policy(&c.retry),
                grpc: c.grpc.map(grpc_const),
                ident,
            });
        }
        let status_cases = catalog
            .classes
            .iter()
            .filter(|c| !c.statuses.is_empty())
            .map(|c| StatusCase {
                statuses: c.statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                class: names::class_const(&c.id),
            })
            .collect();
        let fallbacks = catalog
            .classes
            .iter()
            .filter_map(|c| {
                let condition = match c.fallback? {
                    StatusRange::Client => "status >= 400 && status <= 499",
                    StatusRange::Server => "status >= 500 && status <= 599",
                };
                Some(Fallback { condition: condition.into(), class: names::class_const(&c.id) })
            })
            .collect();

        let mut fields = Vec::new();
        let mut field_names = BTreeMap::new();
        for f in &catalog.fields {
            let name = names::field_name(&f.name);
            if let Some(other) = field_names.insert(name.clone(), f.name.clone()) {
                return Err(crate::Error::Render(format!("context fields `{other}` and `{}` both become Go `{name}`", f.name)));
            }
            let (go_type, reader) = match f.ty {
                FieldType::String => ("*string", "stringField"),
                FieldType::Integer => ("*int64", "integerField"),
                FieldType::Number => ("*float64", "numberField"),
                FieldType::Boolean => ("*bool", "booleanField"),
            };
            let unit = f.unit.as_ref().map(|u| format!(" (unit: {u})")).unwrap_or_default();
            fields.push(FieldView {
                doc: names::doc_comment(&[format!("{name} is the body's {}{unit}, when present: {}", f.name, f.description)], "\t"),
                go_type,
                tag: format!("`json:\"{},omitempty\"`", f.name),
                wire: string_lit(&f.name),
                reader,
                name,
            });
        }
        let reads = |ty: FieldType| catalog.fields.iter().any(|f| f.ty == ty);
        let mut context_imports = BTreeSet::new();
        if reads(FieldType::Integer) {
            context_imports.extend(["encoding/json", "math", "strconv"]);
        }
        if reads(FieldType::Number) {
            context_imports.insert("math");
        }
        let context_imports: Vec<&'static str> = context_imports.into_iter().collect();

        let e = &catalog.envelope;
        let env = EnvelopeView {
            code: location(e.code.as_deref()),
            // Elements elide their type, as `gofmt -s` would have it.
            messages: format!("[]location{{{}}}", e.message.iter().map(|m| location(Some(m))).collect::<Vec<_>>().join(", ")),
            no_code: if e.no_code.is_empty() { "nil".into() } else { format!("[]string{{{}}}", string_list(&e.no_code)) },
            retry_delay: location(e.retry_delay.as_deref()),
            domain: location(e.domain.as_deref()),
            metadata: location(e.metadata.as_deref()),
            items: e.items.as_ref().map_or_else(
                || "nil".into(),
                |i| {
                    format!(
                        "&itemsLayout{{at: {}, code: {}, messages: []location{{{}}}, field: {}, location: {}}}",
                        location(Some(&i.at)),
                        location(i.code.as_deref()),
                        i.message.iter().map(|m| location(Some(m))).collect::<Vec<_>>().join(", "),
                        location(i.field.as_deref()),
                        location(i.location.as_deref()),
                    )
                },
            ),
            retry_at_header: string_lit(e.headers.retry_at.as_deref().unwrap_or("")),
            details: location(e.details.as_deref()),
            request_id: location(e.request_id.as_deref()),
            field: location(e.field.as_deref()),
            context: location(e.context.as_deref()),
            retry_after: location(e.retry_after.as_deref()),
            request_id_headers: format!("[]string{{{}}}", string_list(&e.headers.request_id)),
            retry_after_header: string_lit(&e.headers.retry_after),
            retry_after_ms_header: string_lit(e.headers.retry_after_ms.as_deref().unwrap_or("")),
            should_retry_header: string_lit(e.headers.should_retry.as_deref().unwrap_or("")),
            rate_limit: e.headers.rate_limit.as_ref().map_or_else(
                || "rateLimitLayout{}".into(),
                |r| {
                    let mut parts = Vec::new();
                    if r.ietf {
                        parts.push("ietf: true".to_owned());
                    }
                    for (key, name) in [("limit", &r.limit), ("remaining", &r.remaining), ("reset", &r.reset)] {
                        if let Some(name) = name {
                            parts.push(format!("{key}: {}", string_lit(name)));
                        }
                    }
                    if r.reset_kind == ResetKind::EpochSeconds {
                        parts.push("resetEpoch: true".to_owned());
                    }
                    format!("rateLimitLayout{{{}}}", parts.join(", "))
                },
            ),
        };

        let selections = e
            .selections
            .iter()
            .map(|sel| SelectionView {
                doc: names::doc_comment(
                    &[format!(
                        "{} is @{}: the first element of {} that is an object whose {} is {}.",
                        selection_var(&sel.name),
                        sel.name,
                        sel.array,
                        sel.member,
                        sel.equals
                    )],
                    "",
                ),
                var: selection_var(&sel.name),
                array: location(Some(&sel.array)),
                member: string_lit(&sel.member),
                equals: string_lit(&sel.equals),
            })
            .collect();
        let conditions = catalog
            .classes
            .iter()
            .flat_map(|c| c.when.iter().map(move |w| (c, w)))
            .map(|(c, w)| ConditionView {
                class: class_ident(&c.id),
                statuses: (!w.status.is_empty())
                    .then(|| format!("[]int{{{}}}", w.status.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "))),
                header: match &w.source {
                    ConditionSource::Header(h) => Some(string_lit(h)),
                    ConditionSource::Body(_) => None,
                },
                body: match &w.source {
                    ConditionSource::Header(_) => "location{}".into(),
                    ConditionSource::Body(b) => location(Some(b)),
                },
                equals: string_lit(&w.equals),
            })
            .collect();

        let subcodes = catalog
            .subcodes
            .iter()
            .enumerate()
            .map(|(index, sc)| {
                let ident = names::subcode_type(&sc.name);
                SubcodeView {
                    doc: names::doc_comment(
                        &[
                            format!("{ident} is the sub-code {} (at {}): {}", sc.name, sc.at, sc.description),
                            format!("A value this package does not list is kept as it came ({ident}.Known reports false)."),
                        ],
                        "",
                    ),
                    accessor_doc: names::doc_comment(
                        &[format!("{ident} returns the body's {} (at {}); \"\" when it has none.", sc.name, sc.at)],
                        "",
                    ),
                    location: location(Some(&sc.at)),
                    values: sc
                        .values
                        .iter()
                        .map(|v| {
                            let value_ident = names::subcode_const(&ident, &v.value);
                            SubcodeValueView {
                                doc: names::doc_comment(
                                    &[format!("{value_ident} is the {} {}: {}", sc.name, v.value, v.description)],
                                    "\t",
                                ),
                                lit: string_lit(&v.value),
                                description: string_lit(&v.description),
                                ident: value_ident,
                            }
                        })
                        .collect(),
                    index,
                    ident,
                }
            })
            .collect::<Vec<SubcodeView>>();

        // Rule 19: one typed formatter per templated definition, named after
        // the code, with the status when one code has several templates.
        let mut formatters = Vec::new();
        for code in &catalog.codes {
            let templated: Vec<&SpecError> = catalog.definitions(code).filter(|d| !d.params.is_empty()).collect();
            for d in &templated {
                let mut ident = names::formatter(&code.name);
                if templated.len() > 1 {
                    let _ = write!(ident, "{}", d.status);
                }
                let mut args: Vec<(String, &'static str)> = Vec::new();
                for p in &d.params {
                    let ty = match catalog.field(p).map(|f| f.ty) {
                        Some(FieldType::Integer) => "int64",
                        Some(FieldType::Boolean) => "bool",
                        _ => "string",
                    };
                    // Not the package the body calls, nor another parameter.
                    let mut name = names::camel(p);
                    while name == "strconv" || args.iter().any(|(a, _)| *a == name) {
                        name.push('_');
                    }
                    args.push((name, ty));
                }
                // Consecutive parameters of one type share it, as gofmt'd Go reads.
                let mut signature = String::new();
                for (i, (name, ty)) in args.iter().enumerate() {
                    signature.push_str(name);
                    if args.get(i + 1).is_none_or(|(_, next)| next != ty) {
                        signature.push(' ');
                        signature.push_str(ty);
                    }
                    if i + 1 < args.len() {
                        signature.push_str(", ");
                    }
                }
                let mut body = Vec::new();
                for piece in template_pieces(&d.message, &d.params) {
                    match piece {
                        Piece::Text(t) => body.push(string_lit(t)),
                        Piece::Param(p) => {
                            let (name, ty) = &args[d.params.iter().position(|x| x == p).expect("a piece names a parameter")];
                            body.push(match *ty {
                                "int64" => format!("strconv.FormatInt({name}, 10)"),
                                "bool" => format!("strconv.FormatBool({name})"),
                                _ => name.clone(),
                            });
                        }
                    }
                }
                if body.is_empty() {
                    body.push("\"\"".into());
                }
                let params_list = d.params.iter().map(|p| format!("<{p}>")).collect::<Vec<_>>().join(", ");
                formatters.push(FormatterView {
                    doc: names::doc_comment(
                        &[
                            format!(
                                "{ident} returns the message of {} (HTTP {}) with {params_list} filled in: {}",
                                code_idents[code.code.as_str()],
                                d.status,
                                d.message
                            ),
                            "Strings go in as they are, integers in decimal, booleans as true or false.".into(),
                        ],
                        "",
                    ),
                    signature,
                    body: body.join(" + "),
                    ident,
                });
            }
        }
        let named: BTreeSet<&str> = catalog.errors().flat_map(|d| d.params.iter().map(String::as_str)).collect();
        let params: Vec<ParamFieldView> = catalog
            .fields
            .iter()
            .filter(|f| named.contains(f.name.as_str()))
            .map(|f| ParamFieldView {
                wire: string_lit(&f.name),
                name: names::field_name(&f.name),
                kind: match f.ty {
                    FieldType::Integer => "integer",
                    FieldType::Boolean => "boolean",
                    _ => "string",
                },
            })
            .collect();

        // Every exported name must be the package's alone: a generated one
        // that equals another, or one of the runtime's (names::RESERVED),
        // would not compile or would shadow it.
        let mut taken: BTreeMap<String, String> =
            names::RESERVED.iter().map(|r| ((*r).to_owned(), "the package's own name".to_owned())).collect();
        let mut claim = |ident: &str, what: String| match taken.insert(ident.to_owned(), what.clone()) {
            Some(other) => Err(crate::Error::Render(format!("Go: {what} and {other} both become `{ident}`"))),
            None => Ok(()),
        };
        for c in &codes {
            claim(&c.ident, format!("code constant {}", c.lit))?;
        }
        for c in &classes {
            claim(&c.ident, format!("class {}", c.lit))?;
            claim(&c.sentinel, format!("sentinel of class {}", c.lit))?;
        }
        for s in &subcodes {
            claim(&s.ident, format!("sub-code {}", s.ident))?;
            for v in &s.values {
                claim(&v.ident, format!("sub-code value {}", v.lit))?;
            }
        }
        for f in &formatters {
            claim(&f.ident, format!("formatter {}", f.ident))?;
        }

        Ok(View {
            notice: format!("// {}", generated_notice(catalog)),
            module,
            package_doc: names::doc_comment(&package_doc, ""),
            package,
            codes,
            definitions,
            retry_policies,
            usages,
            exact_matches,
            prefix_matches,
            classes,
            status_cases,
            fallbacks,
            default_policy: policy(&catalog.retry),
            fields,
            reads_string: reads(FieldType::String),
            reads_integer: reads(FieldType::Integer),
            reads_number: reads(FieldType::Number),
            reads_boolean: reads(FieldType::Boolean),
            context_imports,
            env,
            selections,
            conditions,
            subcodes,
            formatters,
            params,
            api_id: string_lit(&catalog.api.id),
            idempotency_header: string_lit(catalog.retry_helper.idempotency_header.as_deref().unwrap_or("")),
            retry_connection_errors: catalog.retry_helper.connection_errors == ConnectionRetry::Backoff,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Piece, location, template_pieces};

    fn show(message: &str, params: &[&str]) -> String {
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        template_pieces(message, &params)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("[{t}]"),
                Piece::Param(p) => format!("{{{p}}}"),
            })
            .collect()
    }

    /// The same one-pass reading as the runtime's fillTemplate.
    #[test]
    fn templates_split_at_declared_parameters_only() {
        assert_eq!(show("Model <model> is not in <region>.", &["model", "region"]), "[Model ]{model}[ is not in ]{region}[.]");
        assert_eq!(show("<a><b>", &["a", "b"]), "{a}{b}");
        assert_eq!(show("<<a>> <x> <a", &["a"]), "[<]{a}[> <x> <a]");
        assert_eq!(show("no params", &[]), "[no params]");
        assert_eq!(show("", &["a"]), "");
    }

    #[test]
    fn locations_are_pointers_or_selections() {
        assert_eq!(location(None), "location{}");
        assert_eq!(location(Some("")), "at()");
        assert_eq!(location(Some("/error/code")), r#"at("error", "code")"#);
        assert_eq!(location(Some("/a~1b/c~0d")), r#"at("a/b", "c~d")"#);
        assert_eq!(location(Some("@error_info/reason")), r#"within(&selectionErrorInfo, "reason")"#);
        assert_eq!(location(Some("@error_info")), "within(&selectionErrorInfo)");
    }
}
