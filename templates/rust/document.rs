{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! Errors as data (README rule 23): an [`ApiError`] as a versioned JSON
//! document that any of the API's packages, in any language, rebuilds into
//! the same error, so errors survive task queues and durable execution.

use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::ApiError;

/// The version of the document format this crate reads and writes.
const VERSION: u64 = 1;

/// The API whose errors the documents hold.
const API: &str = {{ v.api_id }};

impl ApiError {
    /// The error as a JSON document (README rule 23): the response it was
    /// read from (status, the kept headers sorted by name, credentials never
    /// among them, the body as text or base64) and when it was read, plus
    /// the code and message for readers. [`ApiError::from_json`] rebuilds it.
    pub fn to_json(&self) -> String {
        let mut headers: Vec<&(String, String)> = self.headers().iter().collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let received_at_ms = self
            .received_at()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let mut document = Map::new();
        document.insert("errcat".to_owned(), VERSION.into());
        document.insert("api".to_owned(), API.into());
        document.insert("status".to_owned(), self.status().into());
        document.insert(
            "headers".to_owned(),
            headers
                .into_iter()
                .map(|(name, value)| Value::from(vec![name.as_str(), value.as_str()]))
                .collect(),
        );
        match std::str::from_utf8(self.body()) {
            Ok(text) => document.insert("body".to_owned(), text.into()),
            Err(_) => document.insert("body_base64".to_owned(), base64_encode(self.body()).into()),
        };
        document.insert("received_at_ms".to_owned(), received_at_ms.into());
        let code = self.code().map_or(Value::Null, |code| code.as_str().into());
        document.insert("code".to_owned(), code);
        document.insert("message".to_owned(), self.message().into());
        Value::Object(document).to_string()
    }

    /// The error a document of [`ApiError::to_json`] (from this crate or any
    /// other package of the API) holds: the response read again at the time
    /// it was first read, so every field is the same. `code` and `message`
    /// are for readers and not read.
    pub fn from_json(document: &str) -> Result<ApiError, DocumentError> {
        let document: Value = serde_json::from_str(document)
            .map_err(|e| DocumentError::Malformed(format!("not JSON: {e}")))?;
        let document = document
            .as_object()
            .ok_or_else(|| malformed("the document is not a JSON object"))?;
        match document.get("errcat") {
            Some(version) if version.as_u64() == Some(VERSION) => {}
            Some(version) => return Err(DocumentError::Version(version.to_string())),
            None => return Err(malformed("`errcat` (the format version) is missing")),
        }
        match document.get("api").and_then(Value::as_str) {
            Some(API) => {}
            Some(other) => return Err(DocumentError::OtherApi(other.to_owned())),
            None => return Err(malformed("`api` is missing or not a string")),
        }
        let status = document
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .ok_or_else(|| malformed("`status` is not an HTTP status"))?;
        let headers = document
            .get("headers")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("`headers` is not a list"))?
            .iter()
            .map(|pair| match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(name), Value::String(value)]) => {
                    Ok((name.as_str(), value.as_str()))
                }
                _ => Err(malformed(
                    "each of `headers` is a [name, value] pair of strings",
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let body = match (document.get("body"), document.get("body_base64")) {
            (Some(Value::String(text)), None) => text.as_bytes().to_vec(),
            (None, Some(Value::String(encoded))) => base64_decode(encoded)
                .ok_or_else(|| malformed("`body_base64` is not padded standard base64"))?,
            _ => {
                return Err(malformed(
                    "the document has neither a `body` nor a `body_base64` string, or both",
                ))
            }
        };
        let received_at_ms = document
            .get("received_at_ms")
            .and_then(Value::as_u64)
            .ok_or_else(|| malformed("`received_at_ms` is not a non-negative integer"))?;
        let received_at = UNIX_EPOCH + Duration::from_millis(received_at_ms);
        Ok(ApiError::from_parts_at(status, headers, &body, received_at))
    }
}

/// Why a text is not a document [`ApiError::from_json`] can read. It is
/// never an HTTP error: no API error is made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentError {
    /// Not JSON, or not of the document's shape; says what is wrong.
    Malformed(String),
    /// A document of another version of the format (its `errcat`, as JSON).
    Version(String),
    /// A document of another API (its `api`).
    OtherApi(String),
}

fn malformed(why: &str) -> DocumentError {
    DocumentError::Malformed(why.to_owned())
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Malformed(why) => write!(f, "not an error document: {why}"),
            DocumentError::Version(found) => write!(
                f,
                "an error document of format version {found}; this package reads version {VERSION}"
            ),
            DocumentError::OtherApi(found) => write!(
                f,
                "an error document of the API {found:?}; this package reads those of {API:?}"
            ),
        }
    }
}

impl std::error::Error for DocumentError {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648, section 4).
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of standard padded base64; `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let chunks = text.as_bytes().chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return None;
    }
    let count = chunks.len();
    let mut out = Vec::with_capacity(count * 3);
    for (index, chunk) in chunks.enumerate() {
        let last = index + 1 == count;
        let padding = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (i, byte) in chunk[..4 - padding].iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == byte)? as u32;
            n |= value << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

