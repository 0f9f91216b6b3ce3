// {{ v.notice }}

//! What HTTP clients hand back, read as [`ApiError`] (README rule 25).
//!
//! [`ClientError`] is always there; the rest is behind optional features,
//! none of them on by default:
//!
//! - `http`: [`ApiError::from_http`] for an `http::Response<B>` whose body
//!   is bytes (`Vec<u8>`, `Bytes`, `String`, ...), and
//!   [`ApiError::from_header_map`] for an `http::HeaderMap`.
//! - `reqwest`: [`ApiError::from_reqwest`] reads a `reqwest::Response` to
//!   its end; `ReqwestResponseExt::error_for_api_status` replaces
//!   `error_for_status()` and keeps the body.
//! - `reqwest-blocking`: the same for `reqwest::blocking::Response`
//!   (`ApiError::from_reqwest_blocking`, `BlockingResponseExt`).
//! - `ureq`: the same for ureq 3's `http::Response<ureq::Body>`
//!   (`ApiError::from_ureq`, `UreqResponseExt`). ureq turns every 4xx and
//!   5xx status into `ureq::Error::StatusCode` unless the agent is built
//!   with `http_status_as_error(false)`, and that error has neither headers
//!   nor body: build the agent that way to keep them.
//!
//! A header value that is not UTF-8 is read as Latin-1, one character per
//! byte. A body that fails while it is read is the client's own error,
//! which the retry helpers count as a connection error (README rule 20).

use std::fmt;
#[cfg(feature = "reqwest")]
use std::future::Future;
#[cfg(feature = "reqwest")]
use std::pin::Pin;

use super::ApiError;
#[cfg(any(feature = "reqwest", feature = "ureq"))]
use super::{is_connection_error, AsApiError};

/// How a call through an HTTP client failed: with an error response of the
/// API, or with the client's own error (no response, or a body that could
/// not be read to its end).
///
/// The `http`, `reqwest`, `reqwest-blocking` and `ureq` features (none on
/// by default) read those clients' responses: `ApiError::from_http`,
/// `ApiError::from_reqwest`, `ApiError::from_reqwest_blocking`,
/// `ApiError::from_ureq`, and the `error_for_api_status` methods of
/// `ReqwestResponseExt`, `BlockingResponseExt` and `UreqResponseExt`, which
/// replace `error_for_status()` and keep the body.
///
/// The retry helpers see through it: [`ClientError::Api`] follows the
/// error's policy, and [`ClientError::Client`] is retried when it is a
/// connection error ([`AsApiError::connection_error`] of `E`).
///
/// [`AsApiError::connection_error`]: crate::AsApiError::connection_error
#[derive(Debug)]
pub enum ClientError<E> {
    /// The API answered with an error response.
    Api(ApiError),
    /// The client failed: `reqwest::Error`, `ureq::Error`, `std::io::Error`
    /// or an error type of yours.
    Client(E),
}

impl<E: fmt::Display> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Api(err) => err.fmt(f),
            ClientError::Client(err) => err.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Api(err) => err.source(),
            ClientError::Client(err) => err.source(),
        }
    }
}

impl<E> From<ApiError> for ClientError<E> {
    fn from(err: ApiError) -> Self {
        ClientError::Api(err)
    }
}

impl<E: super::AsApiError> super::AsApiError for ClientError<E> {
    fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(err) => Some(err),
            ClientError::Client(err) => err.as_api_error(),
        }
    }

    fn connection_error(&self) -> bool {
        match self {
            ClientError::Api(_) => false,
            ClientError::Client(err) => err.connection_error(),
        }
    }
}

impl From<std::io::Error> for ClientError<std::io::Error> {
    fn from(err: std::io::Error) -> Self {
        ClientError::Client(err)
    }
}

/// Whether `status` is one that `error_for_status()` of the clients turns
/// into an error: 4xx and 5xx.
#[cfg(any(feature = "reqwest", feature = "ureq"))]
fn is_error_status(status: u16) -> bool {
    (400..600).contains(&status)
}

/// The headers of `map` as name and value text, in order, a value that is
/// not UTF-8 read as Latin-1.
#[cfg(feature = "http")]
fn header_pairs(map: &http::HeaderMap) -> Vec<(&str, String)> {
    map.iter()
        .map(|(name, value)| {
            let bytes = value.as_bytes();
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text.to_owned(),
                Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
            };
            (name.as_str(), text)
        })
        .collect()
}

#[cfg(feature = "http")]
impl ApiError {
    /// The error an `http::Response` stands for, its body bytes already
    /// read (`Vec<u8>`, `bytes::Bytes`, `String`, `&[u8]`, ...). Needs the
    /// `http` feature.
    pub fn from_http<B: AsRef<[u8]>>(response: &http::Response<B>) -> ApiError {
        ApiError::from_header_map(
            response.status().as_u16(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// [`ApiError::from_parts`] with the headers as an `http::HeaderMap`, a
    /// value that is not UTF-8 read as Latin-1. Needs the `http` feature.
    pub fn from_header_map(status: u16, headers: &http::HeaderMap, body: &[u8]) -> ApiError {
        ApiError::from_parts(status, header_pairs(headers), body)
    }
}

#[cfg(feature = "reqwest")]
impl ApiError {
    /// The error a `reqwest::Response` stands for, its body read to the
    /// end; reqwest's error if reading it fails (a connection error for the
    /// retry helpers when the connection broke). Needs the `reqwest`
    /// feature.
    pub async fn from_reqwest(response: reqwest::Response) -> Result<ApiError, reqwest::Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(ApiError::from_header_map(status, &headers, &body))
    }
}

/// `error_for_status()` that keeps the body: the response itself below 400
/// or from 600, else the [`ApiError`] it stands for. Needs the `reqwest`
/// feature.
///
/// ```ignore
/// let response = client.get(url).send().await?.error_for_api_status().await?;
/// ```
#[cfg(feature = "reqwest")]
pub trait ReqwestResponseExt: Sized {
    /// The response if its status is not 4xx or 5xx, else its error, the
    /// body read to the end ([`ApiError::from_reqwest`]).
    fn error_for_api_status(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Self, ClientError<reqwest::Error>>> + Send>>;
}

#[cfg(feature = "reqwest")]
impl ReqwestResponseExt for reqwest::Response {
    fn error_for_api_status(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Self, ClientError<reqwest::Error>>> + Send>> {
        Box::pin(async move {
            if !is_error_status(self.status().as_u16()) {
                return Ok(self);
            }
            match ApiError::from_reqwest(self).await {
                Ok(err) => Err(ClientError::Api(err)),
                Err(err) => Err(ClientError::Client(err)),
            }
        })
    }
}

#[cfg(feature = "reqwest")]
impl From<reqwest::Error> for ClientError<reqwest::Error> {
    fn from(err: reqwest::Error) -> Self {
        ClientError::Client(err)
    }
}

/// reqwest's errors: a connection error when connecting failed, a timeout
/// expired, or the connection broke before the response or its body was
/// read to the end (README rule 20).
#[cfg(feature = "reqwest")]
impl AsApiError for reqwest::Error {
    fn as_api_error(&self) -> Option<&ApiError> {
        None
    }

    fn connection_error(&self) -> bool {
        self.is_connect() || self.is_timeout() || is_connection_error(self) || closed_early(self)
    }
}

/// Whether hyper, under reqwest, saw the connection close before a whole
/// response: an early end of stream with no I/O error to find.
#[cfg(feature = "reqwest")]
fn closed_early(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(hyper) = error.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message();
        }
        next = error.source();
    }
    false
}

#[cfg(feature = "reqwest-blocking")]
impl ApiError {
    /// [`ApiError::from_reqwest`] for a `reqwest::blocking::Response`. Needs
    /// the `reqwest-blocking` feature.
    pub fn from_reqwest_blocking(
        response: reqwest::blocking::Response,
    ) -> Result<ApiError, reqwest::Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes()?;
        Ok(ApiError::from_header_map(status, &headers, &body))
    }
}

/// `ReqwestResponseExt` for `reqwest::blocking::Response`. Needs the
/// `reqwest-blocking` feature.
///
/// ```ignore
/// let response = client.get(url).send()?.error_for_api_status()?;
/// ```
#[cfg(feature = "reqwest-blocking")]
pub trait BlockingResponseExt: Sized {
    /// The response if its status is not 4xx or 5xx, else its error, the
    /// body read to the end ([`ApiError::from_reqwest_blocking`]).
    fn error_for_api_status(self) -> Result<Self, ClientError<reqwest::Error>>;
}

#[cfg(feature = "reqwest-blocking")]
impl BlockingResponseExt for reqwest::blocking::Response {
    fn error_for_api_status(self) -> Result<Self, ClientError<reqwest::Error>> {
        if !is_error_status(self.status().as_u16()) {
            return Ok(self);
        }
        match ApiError::from_reqwest_blocking(self) {
            Ok(err) => Err(ClientError::Api(err)),
            Err(err) => Err(ClientError::Client(err)),
        }
    }
}

#[cfg(feature = "ureq")]
impl ApiError {
    /// The error a ureq 3 response stands for, its body read to the end
    /// (with no size limit); ureq's error if reading it fails. Needs the
    /// `ureq` feature.
    pub fn from_ureq(response: http::Response<ureq::Body>) -> Result<ApiError, ureq::Error> {
        let (parts, mut body) = response.into_parts();
        let body = body.with_config().limit(u64::MAX).read_to_vec()?;
        Ok(ApiError::from_header_map(
            parts.status.as_u16(),
            &parts.headers,
            &body,
        ))
    }
}

/// `ReqwestResponseExt` for ureq 3, whose agent must be built with
/// `http_status_as_error(false)` for an error response to get here. Needs
/// the `ureq` feature.
///
/// ```ignore
/// let agent: ureq::Agent = ureq::Agent::config_builder()
///     .http_status_as_error(false)
///     .build()
///     .into();
/// let response = agent.get(url).call()?.error_for_api_status()?;
/// ```
#[cfg(feature = "ureq")]
pub trait UreqResponseExt: Sized {
    /// The response if its status is not 4xx or 5xx, else its error, the
    /// body read to the end ([`ApiError::from_ureq`]).
    fn error_for_api_status(self) -> Result<Self, ClientError<ureq::Error>>;
}

#[cfg(feature = "ureq")]
impl UreqResponseExt for http::Response<ureq::Body> {
    fn error_for_api_status(self) -> Result<Self, ClientError<ureq::Error>> {
        if !is_error_status(self.status().as_u16()) {
            return Ok(self);
        }
        match ApiError::from_ureq(self) {
            Ok(err) => Err(ClientError::Api(err)),
            Err(err) => Err(ClientError::Client(err)),
        }
    }
}

/// ureq's errors; `ureq::Error::StatusCode`, what an agent with the default
/// `http_status_as_error(true)` returns for a 4xx or 5xx status, becomes
/// the [`ApiError`] of that status with no headers and no body (build the
/// agent with `http_status_as_error(false)` to keep them).
#[cfg(feature = "ureq")]
impl From<ureq::Error> for ClientError<ureq::Error> {
    fn from(err: ureq::Error) -> Self {
        match err {
            ureq::Error::StatusCode(status) => {
                ClientError::Api(ApiError::from_parts(status, NO_HEADERS, b""))
            }
            err => ClientError::Client(err),
        }
    }
}

#[cfg(feature = "ureq")]
const NO_HEADERS: [(&str, &str); 0] = [];

/// ureq's errors: a connection error when connecting failed, a timeout
/// expired, or the connection broke (README rule 20).
#[cfg(feature = "ureq")]
impl AsApiError for ureq::Error {
    fn as_api_error(&self) -> Option<&ApiError> {
        None
    }

    fn connection_error(&self) -> bool {
        match self {
            ureq::Error::Io(err) => is_connection_error(err),
            ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed => true,
            _ => false,
        }
    }
}

