{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! Where each part of an error lives on the wire: JSON Pointers into the body
//! (RFC 6901) and lower-case header names.

use super::retry::{RetryMode, RetryPolicy};

/// The API's error envelope; see [`ENVELOPE`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Envelope {
    /// The error code.
    pub code: Option<&'static str>,
    /// The message: the first of these that holds a string.
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
    /// Header whose `true` or `false` overrides whether to retry.
    pub should_retry_header: Option<&'static str>,
    /// Content types of error bodies.
    pub content_types: &'static [&'static str],
    /// The policy of errors with neither a known code nor a class.
    pub default_retry: RetryPolicy,
}

/// The envelope of this API.
#[rustfmt::skip]
pub static ENVELOPE: Envelope = Envelope {
    code: {{ v.envelope.code }},
    message: {{ v.envelope.message }},
    details: {{ v.envelope.details }},
    request_id: {{ v.envelope.request_id }},
    status: {{ v.envelope.status }},
    field: {{ v.envelope.field }},
    context: {{ v.envelope.context }},
    retry_after: {{ v.envelope.retry_after }},
    success_flag: {{ v.envelope.success_flag }},
    timestamp: {{ v.envelope.timestamp }},
    request_id_headers: {{ v.envelope.request_id_headers }},
    retry_after_header: {{ v.envelope.retry_after_header }},
    retry_after_ms_header: {{ v.envelope.retry_after_ms_header }},
    should_retry_header: {{ v.envelope.should_retry_header }},
    content_types: {{ v.envelope.content_types }},
    default_retry: {{ v.envelope.default_retry }},
};

