{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

{{ v.crate_docs }}
// Doc comments hold the spec's prose verbatim, which may look like Markdown
// links, URLs or HTML to rustdoc.
#![allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]

mod class;
mod clients;
mod codes;
mod context;
mod document;
pub mod envelope;
mod error;
mod grpc;
pub mod http_date;
pub mod messages;
mod rate_limit;
mod retry;
pub mod server;
mod subcodes;

pub use class::ErrorClass;
#[cfg(feature = "reqwest-blocking")]
pub use clients::BlockingResponseExt;
pub use clients::ClientError;
#[cfg(feature = "reqwest")]
pub use clients::ReqwestResponseExt;
#[cfg(feature = "ureq")]
pub use clients::UreqResponseExt;
pub use codes::{Code, Definition, Deprecation};
pub use context::Context;
pub use document::DocumentError;
pub use error::{ApiError, Item};
pub use grpc::GrpcCode;
pub use rate_limit::RateLimit;
pub use retry::{
    is_connection_error, random, retry, retry_blocking, uuid_v4, AsApiError, Attempt,
    ConnectionErrors, LongerWait, Retry, RetryAsync, RetryHelper, RetryMode, RetryPolicy,
    RETRY_HELPER,
};
pub use subcodes::{{ v.subcode_exports }};

