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
    /// Package names per target; each defaults to one derived from `api.id`.
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

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Packages {
    /// Cargo package name, e.g. `novita-errors`.
    pub rust: Option<Spanned<String>>,
    /// Python import name, e.g. `novita_errors`.
    pub python: Option<Spanned<String>>,
    /// npm package name, e.g. `@novita/errors`.
    pub typescript: Option<Spanned<String>>,
    /// Go module path, e.g. `example.com/novita/errors`.
    pub go: Option<Spanned<String>>,
}

impl Packages {
    /// The package name given for a target (by its `Target::name`), if any.
    pub fn get(&self, target: &str) -> Option<&Spanned<String>> {
        match target {
            "rust" => self.rust.as_ref(),
            "python" => self.python.as_ref(),
            "typescript" => self.typescript.as_ref(),
            "go" => self.go.as_ref(),
            _ => None,
        }
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
    /// Where the error code (a string) is. Omit when the API sends no code:
    /// errors are then recognised by their `match` messages.
    pub code: Option<Spanned<String>>,
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
}

/// The type of a context field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
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

/// Parameters every retry policy starts from.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[serde(default)]
pub struct RetryDefaults {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    /// Longest server-requested wait that is honoured; longer asks are clamped.
    pub max_retry_after_ms: u64,
}

impl Default for RetryDefaults {
    fn default() -> Self {
        Self { max_attempts: 3, initial_delay_ms: 500, max_delay_ms: 8_000, max_retry_after_ms: 60_000 }
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
    /// The code on the wire, e.g. `RATE_LIMIT_EXCEEDED`.
    pub code: Spanned<String>,
    pub status: Spanned<u16>,
    /// The message the API sends, or a fitting one.
    pub message: Spanned<String>,
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
