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
mod codes;
mod context;
pub mod envelope;
mod error;
mod grpc;
pub mod http_date;
pub mod messages;
mod retry;
pub mod server;
mod subcodes;

pub use class::ErrorClass;
pub use codes::{Code, Definition, Deprecation};
pub use context::Context;
pub use error::{ApiError, Item};
pub use grpc::GrpcCode;
pub use retry::{random, retry_blocking, retry_blocking_with, AsApiError, RetryMode, RetryPolicy};
pub use subcodes::{{ v.subcode_exports }};

