//! The spec format as written by people: one manifest (`errcat.toml`) and one
//! file per domain (`domains/*.toml`).
//!
//! These types are the single definition of the format. serde reads them,
//! schemars turns them into the JSON Schemas that editors validate spec files
//! against (`generated/jsonschema/spec-*.schema.json`), and `resolve` turns
//! them into the [`crate::resolve::Catalog`] every artifact is rendered from.
//!
//! Unknown keys are rejected by `load` (which collects them all, with spans)
//! rather than by `deny_unknown_fields` (which would stop at the first one);
//! `schemars(deny_unknown_fields)` keeps the published schema just as strict.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A value together with its byte range in the file it came from, so that
/// validation can point at the exact place. In the JSON Schema it is just `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    /// A value made by the program rather than read from a file.
    pub fn unspanned(value: T) -> Self {
        Self { value, span: 0..0 }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Self { value: spanned.into_inner(), span })
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// `errcat.toml`: what the API is, how its errors travel on the wire, and the
/// status-level classes every error belongs to.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "errcat manifest")]
pub struct Manifest {
    pub api: Api,
    /// Package metadata, and each target's package name (default: derived
    /// from `api.id`) and version (default: `api.version`).
    #[serde(default)]
    pub packages: Packages,
    pub envelope: Envelope,
    /// Retry parameters that every class and code starts from.
    #[serde(default)]
    pub retry: RetryDefaults,
    /// Typed context fields an error body may carry, by wire name.
    #[serde(default)]
    pub fields: BTreeMap<String, ContextField>,
    /// Status-level classes by id (`snake_case`), e.g. `rate_limit`.
    pub classes: BTreeMap<String, Class>,
    /// Second-level codes by name (`snake_case`), e.g. Stripe's `decline_code`:
    /// a documented set of values at one place in the body, open to values a
    /// newer server may add.
    #[serde(default)]
    pub subcodes: BTreeMap<String, Subcode>,
}

/// A second-level code: read from the body beside the code, typed as an enum
/// of its documented values in every target.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Subcode {
    /// Where the value (a string) is, e.g. `/error/decline_code`.
    pub at: Spanned<String>,
    pub description: Spanned<String>,
    /// The documented values and what each means, e.g.
    /// `insufficient_funds = "The card has insufficient funds."`.
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Api {
    /// Identifier (`snake_case`) that package names derive from, e.g. `novita`.
    pub id: Spanned<String>,
    /// Human name, e.g. `Novita AI`.
    pub name: String,
    /// Version of the API's error contract (semver).
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub docs_url: Option<String>,
}

/// `[packages]`: what every target's package manifest says about the
/// package (Cargo.toml, pyproject.toml, package.json, go.mod), and each
/// target's package name and, where it differs, version.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Packages {
    /// SPDX license expression, e.g. `MIT OR Apache-2.0`. Without it the
    /// packages carry no license and registries will refuse them.
    pub license: Option<Spanned<String>>,
    /// Source repository URL (`https://…`), e.g. `https://github.com/acme/acme-errors`.
    pub repository: Option<Spanned<String>>,
    /// Home page URL (`https://…`); defaults to `api.docs_url`.
    pub homepage: Option<Spanned<String>>,
    /// Authors as `Name` or `Name <email>`.
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    /// Search keywords, at most 5 (crates.io's limit): ASCII letters, digits,
    /// `-` and `_`, starting with a letter, at most 20 characters.
    #[serde(default)]
    #[schemars(length(max = 5))]
    pub keywords: Vec<Spanned<String>>,
    /// How much of each error's prose the doc comments on the packages'
    /// codes carry: `full` (default) or `summary`.
    #[serde(default)]
    pub code_docs: CodeDocs,
    /// Cargo package: a name (`"novita-errors"`) or `{ name, version }`.
    pub rust: Option<Spanned<TargetPackage>>,
    /// Python package: an import name (`"novita_errors"`) or `{ name, version }`.
    pub python: Option<Spanned<TargetPackage>>,
    /// npm package: a name (`"@novita/errors"`) or `{ name, version }`.
    pub typescript: Option<Spanned<TargetPackage>>,
    /// Go module: a module path (`"github.com/acme/acme-go/acmeerrors"`) or
    /// `{ name, version }`; Go takes versions from tags, so `version` only
    /// names the tag to push.
    pub go: Option<Spanned<TargetPackage>>,
}

impl Packages {
    /// What the spec says for a target (by its `Target::name`), if anything.
    pub fn get(&self, target: &str) -> Option<&Spanned<TargetPackage>> {
        match target {
            "rust" => self.rust.as_ref(),
            "python" => self.python.as_ref(),
            "typescript" => self.typescript.as_ref(),
            "go" => self.go.as_ref(),
            _ => None,
        }
    }
}

/// How much prose a package's doc comment on each code carries. Either way
/// the code's `Definition` (its description and remedy included) stays in
/// the package as data, and the reference documents every error in full.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeDocs {
    /// The code, its statuses, classes and domains, its description and its
    /// remedy.
    #[default]
    Full,
    /// The code, its statuses, classes and domains and its message: what the
    /// error means in one line, without the description and remedy
    /// paragraphs (lighter packages for large catalogs).
    Summary,
}

/// One target's package: its name alone, or a table.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum TargetPackage {
    /// The package name.
    Name(String),
    /// The name (default: derived from `api.id`) and a version of its own.
    Table(TargetPackageTable),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TargetPackageTable {
    /// The package name; defaults to one derived from `api.id`.
    pub name: Option<Spanned<String>>,
    /// This package's version (semver), when it is released apart from
    /// `api.version`, e.g. `1.0.1` for a packaging fix.
    pub version: Option<Spanned<String>>,
}

impl TargetPackage {
    /// The name given, with its span (the whole entry's for the short form).
    pub fn name(&self, entry: &Range<usize>) -> Option<(String, Range<usize>)> {
        match self {
            TargetPackage::Name(name) => Some((name.clone(), entry.clone())),
            TargetPackage::Table(t) => t.name.as_ref().map(|n| (n.value.clone(), n.span.clone())),
        }
    }

    /// The version given, if any.
    pub fn version(&self) -> Option<&Spanned<String>> {
        match self {
            TargetPackage::Name(_) => None,
            TargetPackage::Table(t) => t.version.as_ref(),
        }
    }
}

/// By hand rather than `#[serde(untagged)]`: untagged buffers the value,
/// which loses the spans of the table's members and its unknown keys.
impl<'de> Deserialize<'de> for TargetPackage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = TargetPackage;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a package name or a table with `name` and `version`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<TargetPackage, E> {
                Ok(TargetPackage::Name(name.to_owned()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<TargetPackage, M::Error> {
                TargetPackageTable::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(TargetPackage::Table)
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

/// How an error response is laid out. Locations in the body are JSON
/// Pointers (RFC 6901); `""` is the whole body.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Envelope {
    /// `json` for any JSON body; `problem` for RFC 9457
    /// `application/problem+json` (fills in the standard members' locations).
    #[serde(default)]
    pub kind: EnvelopeKind,
    /// Where the error code (a string, or an integer for numeric codes) is.
    /// Omit when the API sends no code: errors are then recognised by their
    /// `match` messages. `kind = "problem"` defaults it to `/type`.
    pub code: Option<Spanned<String>>,
    /// Values at `code` that mean "no particular code"; `kind = "problem"`
    /// adds `about:blank` (RFC 9457 §4.2.1).
    #[serde(default)]
    pub no_code: Vec<Spanned<String>>,
    /// Where the human message is; the first location holding a string wins.
    #[serde(default)]
    pub message: Vec<Spanned<String>>,
    /// Where a structured details object is.
    pub details: Option<Spanned<String>>,
    /// Where the request id is in the body.
    pub request_id: Option<Spanned<String>>,
    /// Where the body repeats the HTTP status as an integer.
    pub status: Option<Spanned<String>>,
    /// Where the name of the offending request field is.
    pub field: Option<Spanned<String>>,
    /// The object whose members are the context fields (`""`: top level).
    pub context: Option<Spanned<String>>,
    /// A body member that holds a retry delay in seconds.
    pub retry_after: Option<Spanned<String>>,
    /// A body member that holds a retry delay as a protobuf Duration string,
    /// e.g. `"30s"` or `"1.5s"` (Google's `RetryInfo.retryDelay`).
    pub retry_delay: Option<Spanned<String>>,
    /// Where the error's domain (a string) is, e.g. AIP-193 `ErrorInfo.domain`.
    pub domain: Option<Spanned<String>>,
    /// An object whose string-valued members are the error's metadata, e.g.
    /// AIP-193 `ErrorInfo.metadata`.
    pub metadata: Option<Spanned<String>>,
    /// Several errors in one response: an array of items, e.g. GitHub's
    /// `errors`.
    pub items: Option<Items>,
    /// Array elements picked by a member's value, by name. A location that
    /// starts with `@name` points into the element `name` selects, e.g.
    /// `code = "@error_info/reason"`.
    #[serde(default)]
    pub select: BTreeMap<String, Selection>,
    /// Where a `success: false`-style flag is (documentation only).
    pub success_flag: Option<Spanned<String>>,
    /// Where a timestamp is (documentation only).
    pub timestamp: Option<Spanned<String>>,
    #[serde(default)]
    pub headers: EnvelopeHeaders,
    /// Media types error bodies are sent with.
    #[serde(default)]
    pub content_types: Vec<String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeKind {
    #[default]
    Json,
    Problem,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EnvelopeHeaders {
    /// Headers that carry the request id, tried in order.
    #[serde(default)]
    pub request_id: Vec<Spanned<String>>,
    /// Header with a delay in seconds or an HTTP date (default `retry-after`).
    pub retry_after: Option<Spanned<String>>,
    /// Header with a delay in milliseconds, e.g. `retry-after-ms`.
    pub retry_after_ms: Option<Spanned<String>>,
    /// Header whose `true`/`false` overrides whether an error is retried.
    pub should_retry: Option<Spanned<String>>,
    /// Header with the time (epoch seconds) a retry may be made at, e.g.
    /// GitHub's `x-ratelimit-reset`.
    pub retry_at: Option<Spanned<String>>,
    /// Rate-limit headers every error reports as typed values (README rule 22).
    pub rate_limit: Option<RateLimitHeaders>,
}

/// Where the rate limit is: IETF `RateLimit`/`RateLimit-Policy`, named
/// headers (`x-ratelimit-limit`, ...), or both (IETF first).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RateLimitHeaders {
    /// Read `RateLimit` and `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers).
    #[serde(default)]
    pub ietf: bool,
    /// Header with the request quota, e.g. `x-ratelimit-limit`.
    pub limit: Option<Spanned<String>>,
    /// Header with the requests left, e.g. `x-ratelimit-remaining`.
    pub remaining: Option<Spanned<String>>,
    /// Header with when the quota resets, e.g. `x-ratelimit-reset`.
    pub reset: Option<Spanned<String>>,
    /// What the `reset` header holds.
    pub reset_kind: Option<Spanned<ResetKind>>,
}

/// What a rate-limit reset header holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResetKind {
    /// Seconds from now until the reset (`30`, `1.5`).
    #[default]
    Seconds,
    /// The epoch second of the reset (GitHub's `x-ratelimit-reset`).
    EpochSeconds,
}

/// Where the items of a multi-error body are, and where each item keeps its
/// parts (pointers relative to the item).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Items {
    /// The array of items, e.g. `/errors`.
    pub at: Spanned<String>,
    /// The item's code (a string or an integer), e.g. `/code`.
    pub code: Option<Spanned<String>>,
    /// The item's message; the first non-empty string wins.
    #[serde(default)]
    pub message: Vec<Spanned<String>>,
    /// The name of the request field the item is about, e.g. `/field`.
    pub field: Option<Spanned<String>>,
    /// A JSON Pointer into the request the item is about, e.g. `/pointer`.
    pub location: Option<Spanned<String>>,
}

/// The first element of an array that is an object whose `member` is the
/// string `equals`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Selection {
    /// The array, e.g. `/error/details`.
    #[serde(rename = "in")]
    pub array: Spanned<String>,
    /// The member that tells the elements apart, e.g. `@type`.
    pub member: String,
    /// Its value in the wanted element, e.g.
    /// `type.googleapis.com/google.rpc.ErrorInfo`.
    pub equals: String,
}

/// The type of a context field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ContextField {
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub description: Spanned<String>,
    /// Unit of a numeric value, e.g. `seconds`, `credits`.
    pub unit: Option<String>,
}

/// A status-level class, e.g. "rate limit": the type SDK users catch.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Class {
    /// Short human title, e.g. `Rate limit exceeded`.
    pub title: Spanned<String>,
    /// HTTP statuses that belong to this class.
    #[serde(default)]
    pub statuses: Vec<Spanned<u16>>,
    /// Also take every otherwise unclaimed status of this range.
    pub fallback: Option<StatusRange>,
    pub description: Spanned<String>,
    #[serde(default)]
    pub causes: Vec<String>,
    #[serde(default)]
    pub solutions: Vec<String>,
    /// Context fields errors of this class carry.
    #[serde(default)]
    pub fields: Vec<Spanned<String>>,
    #[serde(default)]
    pub retry: Option<RetryOverride>,
    /// Responses that belong to this class whatever their status says: a body
    /// discriminator (Stripe's `type`) or a header (GitHub's
    /// `x-ratelimit-remaining: 0` on a 403). Any one condition suffices.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// The `google.rpc.Code` of this class; defaults to the published mapping
    /// of each error's HTTP status.
    pub grpc: Option<Spanned<GrpcCode>>,
}

/// A test on a response: a header's value or a body string, optionally only
/// at some statuses. Exactly one of `header` and `body` is given.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Condition {
    /// A header name; its (combined) value must equal `equals`.
    pub header: Option<Spanned<String>>,
    /// A body location; the string there must equal `equals`.
    pub body: Option<Spanned<String>>,
    pub equals: Spanned<String>,
    /// Only at these statuses (default: any).
    #[serde(default)]
    pub status: Vec<Spanned<u16>>,
}

/// The canonical error codes of `google.rpc.Code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GrpcCode {
    Ok,
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl GrpcCode {
    /// The wire name, e.g. `RESOURCE_EXHAUSTED`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Cancelled => "CANCELLED",
            Self::Unknown => "UNKNOWN",
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::DeadlineExceeded => "DEADLINE_EXCEEDED",
            Self::NotFound => "NOT_FOUND",
            Self::AlreadyExists => "ALREADY_EXISTS",
            Self::PermissionDenied => "PERMISSION_DENIED",
            Self::ResourceExhausted => "RESOURCE_EXHAUSTED",
            Self::FailedPrecondition => "FAILED_PRECONDITION",
            Self::Aborted => "ABORTED",
            Self::OutOfRange => "OUT_OF_RANGE",
            Self::Unimplemented => "UNIMPLEMENTED",
            Self::Internal => "INTERNAL",
            Self::Unavailable => "UNAVAILABLE",
            Self::DataLoss => "DATA_LOSS",
            Self::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    /// The numeric value in `google.rpc.Code`.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The code an HTTP status maps to, per the HTTP mapping published in
    /// `google/rpc/code.proto`; a status it does not list maps to `UNKNOWN`.
    pub fn for_status(status: u16) -> Self {
        match status {
            400 => Self::InvalidArgument,
            401 => Self::Unauthenticated,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Aborted,
            429 => Self::ResourceExhausted,
            499 => Self::Cancelled,
            500 => Self::Internal,
            501 => Self::Unimplemented,
            503 => Self::Unavailable,
            504 => Self::DeadlineExceeded,
            _ => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
pub enum StatusRange {
    #[serde(rename = "4xx")]
    Client,
    #[serde(rename = "5xx")]
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RetryMode {
    /// Never retry automatically.
    Never,
    /// Retry with exponential backoff and equal jitter.
    Backoff,
    /// Wait as long as the server asks (Retry-After), else back off.
    RetryAfter,
}

/// What a retry helper does when the server asks for a longer wait than
/// `max_retry_after_ms` (README rule 12).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LongerWait {
    /// Never retry early: the error is returned at once.
    #[default]
    GiveUp,
    /// Wait `max_retry_after_ms` and retry.
    Clamp,
}

/// Whether the retry helper retries connection errors and timeouts
/// (README rule 20).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionRetry {
    /// They propagate at once.
    #[default]
    Never,
    /// Retried with the `[retry]` backoff.
    Backoff,
}

/// Parameters every retry policy starts from, and how the retry helpers
/// treat what is not an error response.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[serde(default)]
pub struct RetryDefaults {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    /// Longest server-requested wait that is honoured.
    pub max_retry_after_ms: u64,
    /// What happens when the server asks for longer than `max_retry_after_ms`.
    pub longer_wait: LongerWait,
    /// Whether connection errors and timeouts are retried.
    pub connection_errors: ConnectionRetry,
    /// A header the retry helpers send with one key on every attempt of a
    /// call, e.g. `Idempotency-Key`.
    pub idempotency_header: Option<Spanned<String>>,
}

impl Default for RetryDefaults {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
            longer_wait: LongerWait::GiveUp,
            connection_errors: ConnectionRetry::Never,
            idempotency_header: None,
        }
    }
}

/// A retry policy on a class or code; unset parameters come from the class,
/// then from `[retry]`.
#[derive(Debug, Default, Clone, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RetryOverride {
    pub policy: Option<RetryMode>,
    pub max_attempts: Option<Spanned<u32>>,
    pub initial_delay_ms: Option<u64>,
    pub max_delay_ms: Option<u64>,
    pub max_retry_after_ms: Option<u64>,
    pub longer_wait: Option<LongerWait>,
}

/// `domains/<id>.toml`: one domain's errors.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "errcat domain")]
pub struct DomainFile {
    pub domain: Domain,
    #[serde(default)]
    pub errors: Vec<ErrorDef>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Domain {
    /// Identifier (`snake_case`), e.g. `llm`.
    pub id: Spanned<String>,
    /// Human title, e.g. `Image / Video / Audio`.
    pub title: String,
    pub description: Option<String>,
    /// Position in listings; domains sort by it, then by id.
    #[serde(default)]
    pub order: i32,
}

/// One error of a domain.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ErrorDef {
    /// The code on the wire: a string such as `RATE_LIMIT_EXCEEDED`, a
    /// problem type URI, or an integer such as `1001`.
    pub code: Spanned<CodeValue>,
    /// The identifier generated names derive from (`snake_case`), for codes
    /// that make poor names: numbers and URIs. Defaults to the code.
    pub name: Option<Spanned<String>>,
    pub status: Spanned<u16>,
    /// The message the API sends, or a fitting one. With `params` it is a
    /// template: `<param>` stands for that context field's value.
    pub message: Spanned<String>,
    /// The parameters of a message template, in order: context fields
    /// (declared in `[fields]`, of type string, integer or boolean) that the
    /// error carries and its message names as `<field>`.
    #[serde(default)]
    pub params: Vec<Spanned<String>>,
    /// The `google.rpc.Code`, when not the class's or the status's.
    pub grpc: Option<Spanned<GrpcCode>>,
    /// What the error means; defaults to the message.
    pub description: Option<Spanned<String>>,
    /// What the caller should do about it.
    pub remedy: Option<Spanned<String>>,
    /// Class id, when not the one the status implies.
    pub class: Option<Spanned<String>>,
    /// The request field this error is about, e.g. `prompt`.
    pub field: Option<Spanned<String>>,
    /// Context fields this error carries, beyond its class's.
    #[serde(default)]
    pub fields: Vec<Spanned<String>>,
    pub retry: Option<RetryOverride>,
    /// For APIs that send no code: messages that identify this error.
    #[serde(rename = "match", default)]
    pub matches: Option<MessageMatch>,
    /// API version that introduced the error.
    pub since: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub docs_url: Option<String>,
}

/// A code as written in the spec: a string, or an integer for APIs whose
/// codes are numbers (`{"code": 1001}`). Numbers are compared in decimal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CodeValue {
    Text(String),
    Number(i64),
}

impl CodeValue {
    /// The code as every target compares it: numbers in decimal.
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number(n) => n.to_string(),
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Self::Number(_))
    }
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MessageMatch {
    /// Messages equal to one of these.
    #[serde(default)]
    pub exact: Vec<Spanned<String>>,
    /// Messages starting with one of these.
    #[serde(default)]
    pub prefix: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Deprecation {
    /// API version that deprecated the error.
    pub since: String,
    /// Code to use instead.
    pub replacement: Option<Spanned<String>>,
    pub note: Option<String>,
}
