//! The resolved catalog: the spec with every default filled in, every
//! reference followed and everything sorted. Every artifact and every target
//! renders from this one structure; it is also what `catalog.json` holds.
//!
//! `resolve` runs only on a spec that `validate` accepted, so it cannot fail.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::RawSpec;
use crate::model::{self, ConnectionRetry, EnvelopeKind, FieldType, GrpcCode, LongerWait, ResetKind, RetryMode, StatusRange};

#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// How the spec directory is named in generated headers, e.g. `spec`.
    #[serde(skip)]
    pub source: String,
    pub api: Api,
    pub packages: Packages,
    /// What every package manifest says besides the name (`[packages]`).
    #[serde(skip)]
    pub package_info: PackageInfo,
    pub envelope: Envelope,
    /// The `[retry]` parameters with policy `never`: what applies when
    /// neither a code nor a class has a policy (README, rule 9).
    pub retry: RetryPolicy,
    /// What the retry helpers do besides applying policies.
    pub retry_helper: RetryHelper,
    /// Declared context fields, sorted by wire name.
    pub fields: Vec<ContextField>,
    /// Classes, sorted by their lowest status, then id.
    pub classes: Vec<Class>,
    /// Domains, sorted by `order`, then id; errors keep their file order.
    pub domains: Vec<Domain>,
    /// Second-level codes (e.g. `decline_code`), sorted by name.
    pub subcodes: Vec<Subcode>,
    /// Every distinct code string, sorted, with the errors that use it
    /// (catalog.json shows it as an index: code → domains).
    #[serde(skip)]
    pub codes: Vec<Code>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Packages {
    pub rust: String,
    pub python: String,
    pub typescript: String,
    pub go: String,
}

impl Packages {
    /// The package name of a target (by its `Target::name`).
    pub fn get(&self, target: &str) -> Option<&str> {
        match target {
            "rust" => Some(&self.rust),
            "python" => Some(&self.python),
            "typescript" => Some(&self.typescript),
            "go" => Some(&self.go),
            _ => None,
        }
    }
}

/// Where each part of an error lives on the wire. Body locations are JSON
/// Pointers; header names are lower case.
#[derive(Debug, Clone, Serialize)]
pub struct Envelope {
    pub kind: EnvelopeKind,
    pub code: Option<String>,
    /// Values at `code` that count as no code (`about:blank` for problems).
    pub no_code: Vec<String>,
    /// Tried in order; the first that holds a string is the message.
    pub message: Vec<String>,
    pub details: Option<String>,
    pub request_id: Option<String>,
    pub status: Option<String>,
    pub field: Option<String>,
    /// The object holding the context fields.
    pub context: Option<String>,
    /// A body member with a retry delay in seconds.
    pub retry_after: Option<String>,
    /// A body member with a retry delay as a protobuf Duration (`"1.5s"`).
    pub retry_delay: Option<String>,
    /// The error's domain (AIP-193 `ErrorInfo.domain`).
    pub domain: Option<String>,
    /// The object whose string members are the error's metadata.
    pub metadata: Option<String>,
    /// Where the items of a multi-error body are.
    pub items: Option<Items>,
    /// Array elements picked by value, sorted by name; a location starting
    /// with `@name` points into the element `name` selects (README rule 18).
    pub selections: Vec<Selection>,
    pub success_flag: Option<String>,
    pub timestamp: Option<String>,
    pub headers: Headers,
    pub content_types: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headers {
    pub request_id: Vec<String>,
    pub retry_after: String,
    pub retry_after_ms: Option<String>,
    pub should_retry: Option<String>,
    /// A header with the epoch second a retry may be made at.
    pub retry_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
}

/// Where the rate limit is read from (README rule 22); names lower-case.
#[derive(Debug, Clone, Serialize)]
pub struct RateLimit {
    pub ietf: bool,
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub reset: Option<String>,
    pub reset_kind: ResetKind,
}

/// The retry helpers' settings that are not a policy (README rules 20, 21).
#[derive(Debug, Clone, Serialize)]
pub struct RetryHelper {
    /// Whether connection errors and timeouts are retried, with the
    /// `[retry]` backoff.
    pub connection_errors: ConnectionRetry,
    /// The header that carries one key on every attempt of a call.
    pub idempotency_header: Option<String>,
}

/// The items of a multi-error body: the array and, relative to each item,
/// where its parts are.
#[derive(Debug, Clone, Serialize)]
pub struct Items {
    pub at: String,
    pub code: Option<String>,
    pub message: Vec<String>,
    pub field: Option<String>,
    pub location: Option<String>,
}

/// The first element of the array at `array` that is an object whose
/// `member` is the string `equals`.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    pub name: String,
    #[serde(rename = "in")]
    pub array: String,
    pub member: String,
    pub equals: String,
}

/// A second-level code and its documented values, sorted by value.
#[derive(Debug, Clone, Serialize)]
pub struct Subcode {
    pub name: String,
    pub at: String,
    pub description: String,
    pub values: Vec<SubcodeValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubcodeValue {
    pub value: String,
    pub description: String,
}

/// A test on a response that puts it in a class (README rule 5).
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// Statuses the condition applies at; empty: any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<u16>,
    #[serde(flatten)]
    pub source: ConditionSource,
    pub equals: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionSource {
    /// A header name, lower case.
    Header(String),
    /// A body location.
    Body(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct ContextField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Class {
    pub id: String,
    pub title: String,
    pub statuses: Vec<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<StatusRange>,
    pub description: String,
    pub causes: Vec<String>,
    pub solutions: Vec<String>,
    pub fields: Vec<String>,
    pub retry: RetryPolicy,
    /// Conditions that put a response in this class whatever its status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
    /// The class's own `google.rpc.Code`, if the spec gives one; otherwise
    /// each error maps by its status (README rule 17).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc: Option<GrpcCode>,
}

/// A fully specified retry policy. See README.md, "Runtime semantics", for
/// how every target applies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetryPolicy {
    pub policy: RetryMode,
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
    /// What a retry helper does when the server asks for a longer wait.
    pub longer_wait: LongerWait,
}

#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The spec file it came from, relative to the spec directory.
    #[serde(skip)]
    pub file: String,
    pub errors: Vec<Error>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Error {
    pub domain: String,
    /// The code as compared on the wire; numeric codes in decimal.
    pub code: String,
    /// Set for a numeric code: the body carries it as a JSON integer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub numeric: bool,
    /// What generated identifiers derive from: the spec's `name`, else the
    /// code. Every definition of one code has the same name.
    pub name: String,
    pub status: u16,
    /// Class id: the spec's `class`, else the class of `status`.
    pub class: String,
    pub message: String,
    /// The parameters of the message template, in order; empty when the
    /// message is plain text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// The `google.rpc.Code`: the error's, else its class's, else the one
    /// its status maps to.
    pub grpc: GrpcCode,
    /// Defaults to the message.
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The class's context fields and the error's own, sorted, no repeats.
    pub fields: Vec<String>,
    pub retry: RetryPolicy,
    #[serde(skip_serializing_if = "MessageMatch::is_empty")]
    pub matches: MessageMatch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MessageMatch {
    pub exact: Vec<String>,
    pub prefix: Vec<String>,
}

impl MessageMatch {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Deprecation {
    pub since: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One distinct code string and where it is defined.
#[derive(Debug, Clone, Serialize)]
pub struct Code {
    pub code: String,
    /// What identifiers derive from (see [`Error::name`]).
    pub name: String,
    pub numeric: bool,
    /// `(domain index, error index)` into [`Catalog::domains`], in domain order.
    #[serde(skip)]
    pub definitions: Vec<(usize, usize)>,
}

impl Catalog {
    /// Whether code doc comments carry each definition's description and
    /// remedy (`packages.code_docs = "full"`, the default).
    pub fn full_code_docs(&self) -> bool {
        self.package_info.code_docs == model::CodeDocs::Full
    }

    pub fn class(&self, id: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The class an HTTP status belongs to: the class listing it, else the
    /// class that is the fallback for its range.
    pub fn class_for_status(&self, status: u16) -> Option<&Class> {
        class_for_status(&self.classes, status)
    }

    /// Every error, domain by domain.
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.domains.iter().flat_map(|d| d.errors.iter())
    }

    /// The definitions of a code, in domain order.
    pub fn definitions<'a>(&'a self, code: &'a Code) -> impl Iterator<Item = &'a Error> + 'a {
        code.definitions.iter().map(|&(d, e)| &self.domains[d].errors[e])
    }

    /// Statuses that some class or error names, sorted.
    pub fn statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> =
            self.classes.iter().flat_map(|c| c.statuses.iter().copied()).chain(self.errors().map(|e| e.status)).collect();
        statuses.sort_unstable();
        statuses.dedup();
        statuses
    }

    /// The context field declared under `name`.
    pub fn field(&self, name: &str) -> Option<&ContextField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

pub(crate) fn class_for_status<C: ClassLike>(classes: &[C], status: u16) -> Option<&C> {
    classes.iter().find(|c| c.claims(status)).or_else(|| {
        let range = match status {
            400..=499 => StatusRange::Client,
            500..=599 => StatusRange::Server,
            _ => return None,
        };
        classes.iter().find(|c| c.fallback() == Some(range))
    })
}

/// What `class_for_status` needs, so validation can use it on the raw spec.
pub(crate) trait ClassLike {
    fn claims(&self, status: u16) -> bool;
    fn fallback(&self) -> Option<StatusRange>;
}

impl ClassLike for Class {
    fn claims(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }
    fn fallback(&self) -> Option<StatusRange> {
        self.fallback
    }
}

impl ClassLike for (&String, &model::Class) {
    fn claims(&self, status: u16) -> bool {
        self.1.statuses.iter().any(|s| s.value == status)
    }
    fn fallback(&self) -> Option<StatusRange> {
        self.1.fallback
    }
}

/// `[packages]`' metadata, resolved: what Cargo.toml, pyproject.toml,
/// package.json and go.mod print besides the name.
#[derive(Debug, Clone, Default)]
pub struct PackageInfo {
    pub license: Option<String>,
    pub repository: Option<String>,
    /// `packages.homepage`, else `api.docs_url`.
    pub homepage: Option<String>,
    pub authors: Vec<Author>,
    pub keywords: Vec<String>,
    /// Each target's package version: its own, else `api.version`.
    pub versions: Packages,
    /// `packages.code_docs`: whether code doc comments carry the
    /// description and remedy (`full`) or only the message (`summary`).
    pub code_docs: model::CodeDocs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
}

impl Author {
    /// `Name` or `Name <email>`, as validated.
    fn parse(text: &str) -> Self {
        match text.split_once('<') {
            Some((name, email)) => Author { name: name.trim().to_owned(), email: Some(email.trim_end_matches('>').trim().to_owned()) },
            None => Author { name: text.trim().to_owned(), email: None },
        }
    }

    /// `Name <email>`, as Cargo and npm write an author.
    pub fn line(&self) -> String {
        match &self.email {
            Some(email) => format!("{} <{email}>", self.name),
            None => self.name.clone(),
        }
    }
}

fn package_info(m: &model::Manifest) -> PackageInfo {
    let p = &m.packages;
    let version = |entry: &Option<model::Spanned<model::TargetPackage>>| {
        entry.as_ref().and_then(|e| e.value.version()).map_or_else(|| m.api.version.clone(), text)
    };
    PackageInfo {
        license: pointer(&p.license),
        repository: pointer(&p.repository),
        homepage: pointer(&p.homepage).or_else(|| m.api.docs_url.clone()),
        authors: p.authors.iter().map(|a| Author::parse(&a.value)).collect(),
        keywords: p.keywords.iter().map(text).collect(),
        versions: Packages { rust: version(&p.rust), python: version(&p.python), typescript: version(&p.typescript), go: version(&p.go) },
        code_docs: p.code_docs,
    }
}

/// Default package names, derived from the API id.
pub fn default_packages(api_id: &str) -> Packages {
    let kebab = api_id.replace('_', "-");
    Packages {
        rust: format!("{kebab}-errors"),
        python: format!("{api_id}_errors"),
        typescript: format!("@{kebab}/errors"),
        // The last element is the Go package name: short, lower case, and not
        // `errors`, which would shadow the standard library's package.
        go: format!("example.com/{kebab}/{}errors", api_id.replace('_', "")),
    }
}

fn apply(base: &RetryPolicy, over: Option<&model::RetryOverride>) -> RetryPolicy {
    let Some(over) = over else { return base.clone() };
    RetryPolicy {
        policy: over.policy.unwrap_or(base.policy),
        max_attempts: over.max_attempts.as_ref().map_or(base.max_attempts, |s| s.value),
        initial_delay_ms: over.initial_delay_ms.unwrap_or(base.initial_delay_ms),
        max_delay_ms: over.max_delay_ms.unwrap_or(base.max_delay_ms),
        max_retry_after_ms: over.max_retry_after_ms.unwrap_or(base.max_retry_after_ms),
        longer_wait: over.longer_wait.unwrap_or(base.longer_wait),
    }
}

fn text(s: &model::Spanned<String>) -> String {
    s.value.clone()
}

fn pointer(p: &Option<model::Spanned<String>>) -> Option<String> {
    p.as_ref().map(text)
}

/// Builds the catalog from a validated spec. `source` names the spec in
/// generated headers.
pub fn resolve(raw: &RawSpec, source: &str) -> Catalog {
    let m = &raw.manifest;
    let defaults = RetryPolicy {
        policy: RetryMode::Never,
        max_attempts: m.retry.max_attempts,
        initial_delay_ms: m.retry.initial_delay_ms,
        max_delay_ms: m.retry.max_delay_ms,
        max_retry_after_ms: m.retry.max_retry_after_ms,
        longer_wait: m.retry.longer_wait,
    };
    let derived = default_packages(&m.api.id);
    let pick = |p: &Option<model::Spanned<model::TargetPackage>>, d: String| {
        p.as_ref().and_then(|e| e.value.name(&e.span)).map_or(d, |(name, _)| name)
    };
    let packages = Packages {
        rust: pick(&m.packages.rust, derived.rust),
        python: pick(&m.packages.python, derived.python),
        typescript: pick(&m.packages.typescript, derived.typescript),
        go: pick(&m.packages.go, derived.go),
    };

    let e = &m.envelope;
    let problem = e.kind == EnvelopeKind::Problem;
    // RFC 9457 fixes where the standard members are; explicit keys still win.
    let or_problem = |p: &Option<model::Spanned<String>>, standard: &str| pointer(p).or_else(|| problem.then(|| standard.to_owned()));
    let mut message: Vec<String> = e.message.iter().map(text).collect();
    if message.is_empty() && problem {
        message = vec!["/detail".into(), "/title".into()];
    }
    let mut no_code: Vec<String> = e.no_code.iter().map(text).collect();
    if problem && !no_code.iter().any(|c| c == "about:blank") {
        no_code.push("about:blank".to_owned());
    }
    let envelope = Envelope {
        kind: e.kind,
        code: or_problem(&e.code, "/type"),
        no_code,
        message,
        details: pointer(&e.details),
        request_id: or_problem(&e.request_id, "/instance"),
        status: or_problem(&e.status, "/status"),
        field: pointer(&e.field),
        context: or_problem(&e.context, ""),
        retry_after: pointer(&e.retry_after),
        retry_delay: pointer(&e.retry_delay),
        domain: pointer(&e.domain),
        metadata: pointer(&e.metadata),
        items: e.items.as_ref().map(|i| Items {
            at: text(&i.at),
            code: pointer(&i.code),
            message: i.message.iter().map(text).collect(),
            field: pointer(&i.field),
            location: pointer(&i.location),
        }),
        selections: e
            .select
            .iter()
            .map(|(name, s)| Selection { name: name.clone(), array: text(&s.array), member: s.member.clone(), equals: s.equals.clone() })
            .collect(),
        success_flag: pointer(&e.success_flag),
        timestamp: pointer(&e.timestamp),
        headers: Headers {
            request_id: e.headers.request_id.iter().map(|h| h.value.to_ascii_lowercase()).collect(),
            retry_after: e.headers.retry_after.as_ref().map_or_else(|| "retry-after".to_owned(), |h| h.value.to_ascii_lowercase()),
            retry_after_ms: e.headers.retry_after_ms.as_ref().map(|h| h.value.to_ascii_lowercase()),
            should_retry: e.headers.should_retry.as_ref().map(|h| h.value.to_ascii_lowercase()),
            retry_at: e.headers.retry_at.as_ref().map(|h| h.value.to_ascii_lowercase()),
            rate_limit: e.headers.rate_limit.as_ref().map(|r| {
                let name = |h: &Option<model::Spanned<String>>| h.as_ref().map(|h| h.value.to_ascii_lowercase());
                RateLimit {
                    ietf: r.ietf,
                    limit: name(&r.limit),
                    remaining: name(&r.remaining),
                    reset: name(&r.reset),
                    reset_kind: r.reset_kind.as_ref().map_or(ResetKind::Seconds, |k| k.value),
                }
            }),
        },
        content_types: if e.content_types.is_empty() {
            vec![if problem { "application/problem+json" } else { "application/json" }.to_owned()]
        } else {
            e.content_types.clone()
        },
    };

    let fields = m
        .fields
        .iter()
        .map(|(name, f)| ContextField { name: name.clone(), ty: f.ty, description: text(&f.description), unit: f.unit.clone() })
        .collect();

    let mut classes: Vec<Class> = m
        .classes
        .iter()
        .map(|(id, c)| {
            let mut statuses: Vec<u16> = c.statuses.iter().map(|s| s.value).collect();
            statuses.sort_unstable();
            let mut fields: Vec<String> = c.fields.iter().map(text).collect();
            fields.sort();
            fields.dedup();
            Class {
                id: id.clone(),
                title: text(&c.title),
                statuses,
                fallback: c.fallback,
                description: text(&c.description),
                causes: c.causes.clone(),
                solutions: c.solutions.clone(),
                fields,
                retry: apply(&defaults, c.retry.as_ref()),
                when: c
                    .when
                    .iter()
                    .map(|w| Condition {
                        status: w.status.iter().map(|s| s.value).collect(),
                        source: match (&w.header, &w.body) {
                            (Some(h), _) => ConditionSource::Header(h.value.to_ascii_lowercase()),
                            (None, Some(b)) => ConditionSource::Body(text(b)),
                            (None, None) => unreachable!("validated: a condition names a header or a body location"),
                        },
                        equals: text(&w.equals),
                    })
                    .collect(),
                grpc: c.grpc.as_ref().map(|g| g.value),
            }
        })
        .collect();
    let sort_key = |c: &Class| {
        let lowest = c.statuses.first().copied().unwrap_or(match c.fallback {
            Some(StatusRange::Client) => 499,
            Some(StatusRange::Server) => 599,
            None => 600,
        });
        (lowest, c.id.clone())
    };
    classes.sort_by_key(sort_key);

    let mut domain_files: Vec<_> = raw.domains.iter().collect();
    domain_files
        .sort_by(|a, b| (a.domain.domain.order, &a.domain.domain.id.value).cmp(&(b.domain.domain.order, &b.domain.domain.id.value)));
    // Domains resolve independently: at 10,000 errors this is worth a thread.
    let workers = if raw.domains.len() > 8 { crate::par::cores() } else { 1 };
    let domains: Vec<Domain> = crate::par::map(&domain_files, workers, |raw_domain| {
        let d = &raw_domain.domain;
        let errors = d
            .errors
            .iter()
            .map(|err| {
                let class_id = err.class.as_ref().map(text).unwrap_or_else(|| {
                    class_for_status(&classes, err.status.value).map(|c| c.id.clone()).expect("validated: every status has a class")
                });
                let class = classes.iter().find(|c| c.id == class_id).expect("validated: class exists");
                // Template parameters are context fields the error carries.
                let mut fields: Vec<String> =
                    class.fields.iter().cloned().chain(err.fields.iter().map(text)).chain(err.params.iter().map(text)).collect();
                fields.sort();
                fields.dedup();
                let message = text(&err.message);
                let code = err.code.value.text();
                Error {
                    domain: d.domain.id.value.clone(),
                    name: err.name.as_ref().map_or_else(|| code.clone(), text),
                    numeric: err.code.value.is_number(),
                    code,
                    status: err.status.value,
                    params: err.params.iter().map(text).collect(),
                    grpc: err.grpc.as_ref().map(|g| g.value).or(class.grpc).unwrap_or_else(|| GrpcCode::for_status(err.status.value)),
                    class: class_id.clone(),
                    description: err.description.as_ref().map_or_else(|| message.clone(), text),
                    message,
                    remedy: err.remedy.as_ref().map(text),
                    field: err.field.as_ref().map(text),
                    fields,
                    retry: apply(&class.retry, err.retry.as_ref()),
                    matches: err
                        .matches
                        .as_ref()
                        .map(|m| MessageMatch { exact: m.exact.iter().map(text).collect(), prefix: m.prefix.iter().map(text).collect() })
                        .unwrap_or_default(),
                    since: err.since.clone(),
                    deprecated: err.deprecated.as_ref().map(|d| Deprecation {
                        since: d.since.clone(),
                        replacement: d.replacement.as_ref().map(text),
                        note: d.note.clone(),
                    }),
                    docs_url: err.docs_url.clone(),
                }
            })
            .collect();
        Domain {
            id: d.domain.id.value.clone(),
            title: d.domain.title.clone(),
            description: d.domain.description.clone(),
            file: raw_domain.path.clone(),
            errors,
        }
    });

    let mut by_code: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (di, domain) in domains.iter().enumerate() {
        for (ei, error) in domain.errors.iter().enumerate() {
            by_code.entry(error.code.clone()).or_default().push((di, ei));
        }
    }
    let codes = by_code
        .into_iter()
        .map(|(code, definitions)| {
            let (d, e) = definitions[0];
            let first = &domains[d].errors[e];
            Code { name: first.name.clone(), numeric: first.numeric, code, definitions }
        })
        .collect();
    let subcodes = m
        .subcodes
        .iter()
        .map(|(name, s)| Subcode {
            name: name.clone(),
            at: text(&s.at),
            description: text(&s.description),
            values: s
                .values
                .iter()
                .map(|(value, description)| SubcodeValue { value: value.clone(), description: description.clone() })
                .collect(),
        })
        .collect();

    Catalog {
        source: source.to_owned(),
        api: Api {
            id: m.api.id.value.clone(),
            name: m.api.name.clone(),
            version: m.api.version.clone(),
            description: m.api.description.clone(),
            docs_url: m.api.docs_url.clone(),
        },
        packages,
        package_info: package_info(m),
        envelope,
        retry: defaults,
        retry_helper: RetryHelper {
            connection_errors: m.retry.connection_errors,
            idempotency_header: m.retry.idempotency_header.as_ref().map(text),
        },
        fields,
        classes,
        domains,
        subcodes,
        codes,
    }
}
