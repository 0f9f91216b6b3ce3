{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! Where each part of an error lives on the wire: lower-case header names,
//! and body locations that are JSON Pointers (RFC 6901) or `@name` followed
//! by a pointer into the array element the selection `name` picks (README
//! rule 18).

use super::retry::{LongerWait, RetryMode, RetryPolicy};

/// The API's error envelope; see [`ENVELOPE`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Envelope {
    /// The error code (a string, or an integer for numeric codes).
    pub code: Option<&'static str>,
    /// Values at `code` that count as no code, e.g. `about:blank`.
    pub no_code: &'static [&'static str],
    /// The message: the first of these that holds a non-empty string.
    pub message: &'static [&'static str],
    /// The details object.
    pub details: Option<&'static str>,
    /// The request id.
    pub request_id: Option<&'static str>,
    /// The HTTP status, repeated in the body.
    pub status: Option<&'static str>,
    /// The request field the error is about.
    pub field: Option<&'static str>,
    /// The object holding the context fields.
    pub context: Option<&'static str>,
    /// A retry delay in seconds.
    pub retry_after: Option<&'static str>,
    /// A retry delay as a protobuf Duration string, e.g. `"1.5s"`.
    pub retry_delay: Option<&'static str>,
    /// The error's domain, e.g. AIP-193 `ErrorInfo.domain`.
    pub domain: Option<&'static str>,
    /// The object whose string members are the error's metadata.
    pub metadata: Option<&'static str>,
    /// Where the items of a multi-error body are.
    pub items: Option<Items>,
    /// Array elements picked by a member's value, sorted by name.
    pub selections: &'static [Selection],
    /// A success flag, `false` on errors.
    pub success_flag: Option<&'static str>,
    /// When the error happened.
    pub timestamp: Option<&'static str>,
    /// Headers holding the request id, tried in order.
    pub request_id_headers: &'static [&'static str],
    /// Header with a delay in seconds or an HTTP-date.
    pub retry_after_header: &'static str,
    /// Header with a delay in milliseconds.
    pub retry_after_ms_header: Option<&'static str>,
    /// Header with the time (epoch seconds) a retry may be made at.
    pub retry_at_header: Option<&'static str>,
    /// Header whose `true` or `false` overrides whether to retry.
    pub should_retry_header: Option<&'static str>,
    /// Headers holding the rate limit (README rule 22), if the API sends them.
    pub rate_limit: Option<RateLimitHeaders>,
    /// Content types of error bodies.
    pub content_types: &'static [&'static str],
    /// The policy of errors with neither a known code nor a class.
    pub default_retry: RetryPolicy,
}

/// The items of a multi-error body (README rule 15): the array, and where
/// each item keeps its parts (JSON Pointers relative to the item).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Items {
    /// The array of items.
    pub at: &'static str,
    /// The item's code.
    pub code: Option<&'static str>,
    /// The item's message: the first of these that holds a non-empty string.
    pub message: &'static [&'static str],
    /// The request field the item is about.
    pub field: Option<&'static str>,
    /// A JSON Pointer into the request the item is about.
    pub location: Option<&'static str>,
}

/// Where the rate limit is (README rule 22): the IETF `RateLimit` and
/// `RateLimit-Policy` headers, and named headers that fill in what those
/// leave absent.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RateLimitHeaders {
    /// Whether `RateLimit` and `RateLimit-Policy` are read.
    pub ietf: bool,
    /// Header with the limit per window.
    pub limit: Option<&'static str>,
    /// Header with what is left of it.
    pub remaining: Option<&'static str>,
    /// Header with when it resets.
    pub reset: Option<&'static str>,
    /// How the reset header counts.
    pub reset_kind: ResetKind,
}

/// How a rate-limit reset header counts.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetKind {
    /// Seconds from now.
    Seconds,
    /// The Unix time, in seconds, at which it resets.
    EpochSeconds,
}

/// The first element of the array at `array` that is an object whose
/// `member` is the string `equals`; locations starting with `@name` point
/// into it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Selection {
    /// The name locations use after `@`.
    pub name: &'static str,
    /// The array, a JSON Pointer.
    pub array: &'static str,
    /// The member that tells the elements apart, e.g. `@type`.
    pub member: &'static str,
    /// Its value in the wanted element.
    pub equals: &'static str,
}

/// The envelope of this API.
#[rustfmt::skip]
pub static ENVELOPE: Envelope = Envelope {
    code: {{ v.envelope.code }},
    no_code: {{ v.envelope.no_code }},
    message: {{ v.envelope.message }},
    details: {{ v.envelope.details }},
    request_id: {{ v.envelope.request_id }},
    status: {{ v.envelope.status }},
    field: {{ v.envelope.field }},
    context: {{ v.envelope.context }},
    retry_after: {{ v.envelope.retry_after }},
    retry_delay: {{ v.envelope.retry_delay }},
    domain: {{ v.envelope.domain }},
    metadata: {{ v.envelope.metadata }},
    items: {{ v.envelope.items }},
{%- if v.envelope.selections.is_empty() %}
    selections: &[],
{%- else %}
    selections: &[
{%- for s in v.envelope.selections %}
        {{ s }},
{%- endfor %}
    ],
{%- endif %}
    success_flag: {{ v.envelope.success_flag }},
    timestamp: {{ v.envelope.timestamp }},
    request_id_headers: {{ v.envelope.request_id_headers }},
    retry_after_header: {{ v.envelope.retry_after_header }},
    retry_after_ms_header: {{ v.envelope.retry_after_ms_header }},
    retry_at_header: {{ v.envelope.retry_at_header }},
    should_retry_header: {{ v.envelope.should_retry_header }},
    rate_limit: {{ v.envelope.rate_limit }},
    content_types: {{ v.envelope.content_types }},
    default_retry: {{ v.envelope.default_retry }},
};

