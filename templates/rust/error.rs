// {{ v.notice }}

//! [`ApiError`]: what any HTTP error response becomes (README, "Runtime
//! semantics").

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::envelope::{Items, ENVELOPE};
use super::http_date::parse_seconds;
use super::retry::{LongerWait, RetryMode, RetryPolicy};
use super::{Code, Context, Definition, ErrorClass, GrpcCode, RateLimit, Subcodes};

/// The largest delay an error holds, 2^53 - 1 ms: the integers every
/// language reads exactly (README rule 10).
pub(crate) const MAX_SAFE_MS: u64 = (1 << 53) - 1;

/// Response headers an error never keeps (rule 14).
const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// An error response of the API: status, class, code, message, request id,
/// typed context, sub-codes, items, gRPC code, retry guidance, rate limit,
/// and the raw body and headers.
///
/// Build one from any response with [`ApiError::from_parts`]; it never fails.
/// It is one pointer wide, so `Result<T, ApiError>` stays small.
#[derive(Clone)]
pub struct ApiError(Box<Inner>);

#[derive(Clone)]
struct Inner {
    status: u16,
    class: Option<ErrorClass>,
    code: Option<Code>,
    definition: Option<&'static Definition>,
    message: String,
    request_id: Option<String>,
    field: Option<String>,
    details: Option<Value>,
    context: Context,
    subcodes: Subcodes,
    items: Vec<Item>,
    domain: Option<String>,
    metadata: BTreeMap<String, String>,
    grpc: GrpcCode,
    json: Option<Value>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    retry_policy: RetryPolicy,
    retry_after: Option<Duration>,
    retryable: bool,
    rate_limit: Option<RateLimit>,
    /// When the response was read, in whole milliseconds since the epoch.
    received_at_ms: u64,
}

impl ApiError {
    /// The error an HTTP response stands for, from its status, headers (any
    /// case) and body bytes. Never panics, whatever the body holds.
    pub fn from_parts<I, K, V>(status: u16, headers: I, body: &[u8]) -> ApiError
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        ApiError::from_parts_at(status, headers, body, SystemTime::now())
    }

    /// [`ApiError::from_parts`] with the current time given, which a
    /// Retry-After HTTP-date and a rate-limit reset count from. It is kept
    /// as [`ApiError::received_at`], in whole milliseconds.
    pub fn from_parts_at<I, K, V>(status: u16, headers: I, body: &[u8], now: SystemTime) -> ApiError
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        // Whole milliseconds, so that an error rebuilt from its document
        // (README rule 23) counts from exactly the same time.
        let received_at_ms = unix_ms(now);
        let headers = combine_headers(headers);
        let json = parse_body(body);
        let object = json.as_ref().filter(|j| j.is_object());
        let at = |location: Option<&str>| locate(object, location?);
        let string_at = |location: Option<&str>| at(location).and_then(Value::as_str);

        let body_message = ENVELOPE
            .message
            .iter()
            .find_map(|p| string_at(Some(p)).filter(|m| !m.is_empty()));
        let items: Vec<Item> = ENVELOPE
            .items
            .and_then(|items| Some((items, at(Some(items.at))?.as_array()?)))
            .map(|(items, array)| {
                array
                    .iter()
                    .filter_map(|item| Item::read(item, &items))
                    .collect()
            })
            .unwrap_or_default();
        let code = at(ENVELOPE.code)
            .and_then(code_text)
            .filter(|code| !ENVELOPE.no_code.contains(&code.as_str()))
            .map(Code::from)
            .or_else(|| items.iter().find_map(|item| item.code.clone()))
            .or_else(|| body_message.and_then(Code::matching));
        let definition = code.as_ref().and_then(|c| c.definition_for(status));
        let class = definition
            .map(|d| d.class)
            .or_else(|| {
                ErrorClass::matching(
                    status,
                    |name| header(&headers, name),
                    |l| string_at(Some(l)),
                )
            })
            .or_else(|| ErrorClass::from_status(status));
        let context = at(ENVELOPE.context)
            .and_then(Value::as_object)
            .map(Context::from_json)
            .unwrap_or_default();
        let message = match (body_message, definition, class) {
            (Some(message), _, _) => message.to_owned(),
            (None, Some(definition), _) => definition.format_message(&context),
            (None, None, Some(class)) => class.title().to_owned(),
            (None, None, None) => format!("HTTP {status}"),
        };

        let from_header = ENVELOPE
            .request_id_headers
            .iter()
            .find_map(|name| first_item(header(&headers, name)?).map(str::to_owned));
        let request_id = from_header.or_else(|| string_at(ENVELOPE.request_id).map(str::to_owned));
        let field = string_at(ENVELOPE.field)
            .map(str::to_owned)
            .or_else(|| definition.and_then(|d| d.field).map(str::to_owned));
        let details = at(ENVELOPE.details).filter(|d| d.is_object()).cloned();
        let subcodes = Subcodes::read(|location| string_at(Some(location)));
        let domain = string_at(ENVELOPE.domain).map(str::to_owned);
        let metadata = at(ENVELOPE.metadata)
            .and_then(Value::as_object)
            .map(|members| {
                members
                    .iter()
                    .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        let grpc = definition
            .map(|d| d.grpc)
            .or_else(|| class.and_then(ErrorClass::grpc))
            .unwrap_or_else(|| GrpcCode::from_status(status));

        let retry_policy = definition
            .map(|d| d.retry)
            .or_else(|| class.map(ErrorClass::retry_policy))
            .unwrap_or(ENVELOPE.default_retry);
        // Rule 10: the first valid of the five forms, in this order.
        let retry_after_ms = ENVELOPE
            .retry_after_ms_header
            .and_then(|name| decimal_ms(header(&headers, name)?, Unit::Milliseconds))
            .or_else(|| {
                let value = header(&headers, ENVELOPE.retry_after_header)?;
                decimal_ms(value, Unit::Seconds).or_else(|| until(value, received_at_ms))
            })
            .or_else(|| {
                let epoch = header(&headers, ENVELOPE.retry_at_header?)?;
                Some(decimal_ms(epoch, Unit::Seconds)?.saturating_sub(u128::from(received_at_ms)))
            })
            .or_else(|| {
                at(ENVELOPE.retry_after)
                    .and_then(Value::as_f64)
                    .filter(|s| *s >= 0.0)
                    .map(|s| (s * 1000.0).floor() as u128)
            })
            .or_else(|| {
                let duration = string_at(ENVELOPE.retry_delay)?.strip_suffix('s')?;
                decimal_ms(duration, Unit::Seconds)
            });
        // Never shortened here: the policy's maximum applies when retrying.
        let retry_after = retry_after_ms.map(capped_ms);
        let should_retry = ENVELOPE.should_retry_header.and_then(|name| {
            let value = header(&headers, name)?.trim();
            if value.eq_ignore_ascii_case("true") {
                Some(true)
            } else if value.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                None
            }
        });
        let retryable = should_retry.unwrap_or(retry_policy.mode != RetryMode::Never);
        let rate_limit = RateLimit::read(&headers, received_at_ms);

        ApiError(Box::new(Inner {
            status,
            class,
            code,
            definition,
            message,
            request_id,
            field,
            details,
            context,
            subcodes,
            items,
            domain,
            metadata,
            grpc,
            json,
            body: body.to_vec(),
            headers,
            retry_policy,
            retry_after,
            retryable,
            rate_limit,
            received_at_ms,
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The class users match on; `None` for a status no class covers.
    pub fn class(&self) -> Option<ErrorClass> {
        self.0.class
    }

    /// The error code: from the body, or recognised from the message; may be
    /// [`Code::Unknown`] for a code this crate does not know.
    pub fn code(&self) -> Option<&Code> {
        self.0.code.as_ref()
    }

    /// The catalog's definition of the code for this status, if any.
    pub fn definition(&self) -> Option<&'static Definition> {
        self.0.definition
    }

    /// The message: the server's, else the catalog's.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The request id, for support: from the headers, else from the body.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The request field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The details object of the body, raw.
    pub fn details(&self) -> Option<&Value> {
        self.0.details.as_ref()
    }

    /// The typed context fields found in the body.
    pub fn context(&self) -> &Context {
        &self.0.context
    }

    /// The second-level codes found in the body (README rule 16); each also
    /// has an accessor of its own on `ApiError`.
    pub fn subcodes(&self) -> &Subcodes {
        &self.0.subcodes
    }

    /// The items of a multi-error body, in order (README rule 15); empty when
    /// there are none.
    pub fn items(&self) -> &[Item] {
        &self.0.items
    }

    /// The error's domain, e.g. AIP-193 `ErrorInfo.domain`.
    pub fn domain(&self) -> Option<&str> {
        self.0.domain.as_deref()
    }

    /// The string-valued members of the body's metadata object, by name.
    pub fn metadata(&self) -> &BTreeMap<String, String> {
        &self.0.metadata
    }

    /// The gRPC code (README rule 17): the definition's, else the class's own,
    /// else the one the HTTP status maps to.
    pub fn grpc(&self) -> GrpcCode {
        self.0.grpc
    }

    /// The body parsed as JSON, if it was JSON (of any shape).
    pub fn json(&self) -> Option<&Value> {
        self.0.json.as_ref()
    }

    /// The raw body, always kept.
    pub fn body(&self) -> &[u8] {
        &self.0.body
    }

    /// The response headers (names in lower case), credentials removed; the
    /// values of a repeated header are combined into one, joined by `", "`.
    pub fn headers(&self) -> &[(String, String)] {
        &self.0.headers
    }

    /// The value of header `name` (any case), combined if it was repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.0.headers, &name.to_ascii_lowercase())
    }

    /// The retry policy that applies: the code's, else the class's.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.0.retry_policy
    }

    /// Whether retrying may help: the server's `should_retry` header if it
    /// sent one, else whether the policy retries at all.
    pub fn is_retryable(&self) -> bool {
        self.0.retryable
    }

    /// The delay the server asked for, as asked (at most 2^53 - 1 ms): the
    /// policy's `max_retry_after_ms` applies in [`ApiError::retry_delay`].
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// The delay before retry `retry` (1 for the first retry), README rule
    /// 12: under a `retry_after` policy the server's delay if it asked for
    /// one; if it asked for longer than `max_retry_after_ms`, that maximum
    /// with `longer_wait = "clamp"`, and `None` (do not retry) with
    /// `"give_up"`. Otherwise backoff with equal jitter driven by `random`
    /// (in `[0, 1)`). Whether to retry at all is [`ApiError::is_retryable`]
    /// and the policy's `max_attempts`.
    pub fn retry_delay(&self, retry: u32, random: f64) -> Option<Duration> {
        let policy = &self.0.retry_policy;
        match (policy.mode, self.0.retry_after) {
            (RetryMode::RetryAfter, Some(delay)) => {
                let max = Duration::from_millis(policy.max_retry_after_ms);
                match policy.longer_wait {
                    _ if delay <= max => Some(delay),
                    LongerWait::Clamp => Some(max),
                    LongerWait::GiveUp => None,
                }
            }
            _ => Some(policy.backoff(retry, random)),
        }
    }

    /// The rate limit the response's headers state (README rule 22), if
    /// they state any of the limit, the remaining quota and the reset.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.0.rate_limit.as_ref()
    }

    /// When the response was read (the time a Retry-After HTTP-date and a
    /// rate-limit reset count from), to the millisecond.
    pub fn received_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.0.received_at_ms)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.class {
            Some(class) => write!(f, "{} error", class.id())?,
            None => f.write_str("API error")?,
        }
        if let Some(code) = &self.0.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {} (HTTP {}", self.0.message, self.0.status)?;
        if let Some(request_id) = &self.0.request_id {
            write!(f, ", request id {request_id}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("class", &self.0.class)
            .field("code", &self.0.code)
            .field("message", &self.0.message)
            .field("request_id", &self.0.request_id)
            .field("field", &self.0.field)
            .field("context", &self.0.context)
            .field("subcodes", &self.0.subcodes)
            .field("items", &self.0.items)
            .field("domain", &self.0.domain)
            .field("metadata", &self.0.metadata)
            .field("grpc", &self.0.grpc)
            .field("retryable", &self.0.retryable)
            .field("retry_after", &self.0.retry_after)
            .field("rate_limit", &self.0.rate_limit)
            .field("body_len", &self.0.body.len())
            .finish_non_exhaustive()
    }
}

impl std::error::Error for ApiError {}

/// One error of a multi-error body (README rule 15), e.g. one invalid field
/// of a validation error. Each part is absent when the item lacks it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Item {
    /// The item's code, known or not.
    pub code: Option<Code>,
    /// The item's message.
    pub message: Option<String>,
    /// The request field the item is about.
    pub field: Option<String>,
    /// A JSON Pointer into the request the item is about.
    pub location: Option<String>,
}

impl Item {
    /// The item an array element stands for; `None` unless it is an object.
    fn read(element: &Value, items: &Items) -> Option<Item> {
        if !element.is_object() {
            return None;
        }
        let string_at = |pointer: Option<&str>| {
            let text = element.pointer(pointer?)?.as_str()?;
            Some(text.to_owned())
        };
        Some(Item {
            code: items
                .code
                .and_then(|p| element.pointer(p))
                .and_then(code_text)
                .map(Code::from),
            message: items.message.iter().find_map(|p| {
                let text = element.pointer(p)?.as_str()?;
                (!text.is_empty()).then(|| text.to_owned())
            }),
            field: string_at(items.field),
            location: string_at(items.location),
        })
    }
}

/// The value at a body location (README rule 18): a JSON Pointer, or `@name`
/// and a pointer into the first element of the selection's array that is an
/// object whose member is the selection's string.
fn locate<'a>(body: Option<&'a Value>, location: &str) -> Option<&'a Value> {
    let body = body?;
    let Some(selected) = location.strip_prefix('@') else {
        return body.pointer(location);
    };
    let (name, pointer) = selected.split_at(selected.find('/').unwrap_or(selected.len()));
    let selection = ENVELOPE.selections.iter().find(|s| s.name == name)?;
    let element = body
        .pointer(selection.array)?
        .as_array()?
        .iter()
        .find(|e| e.get(selection.member).and_then(Value::as_str) == Some(selection.equals))?;
    element.pointer(pointer)
}

/// A code as rule 3 reads it: a non-empty string, or an integer (no
/// fractional part, magnitude at most 2^53 - 1) in decimal.
fn code_text(value: &Value) -> Option<String> {
    const MAX_SAFE: u64 = (1 << 53) - 1;
    match value {
        Value::String(text) => (!text.is_empty()).then(|| text.clone()),
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(n), _) => (n.unsigned_abs() <= MAX_SAFE).then(|| n.to_string()),
            (None, Some(f)) if number.as_u64().is_none() && f.fract() == 0.0 => {
                (f.abs() <= MAX_SAFE as f64).then(|| (f as i64).to_string())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The body as JSON, if it is valid UTF-8, not blank, and JSON (rule 2).
fn parse_body(body: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(body).ok()?;
    if text.trim().is_empty() {
        return None;
    }
    serde_json::from_str(text).ok().or_else(|| {
        // serde_json rejects two things JSON's grammar allows; read them as
        // rule 2 says and try once more. Whatever else it rejected stays
        // rejected (NaN, Infinity, trailing commas, ...).
        serde_json::from_str(&tolerant(text)?).ok()
    })
}

/// `text` with each lone surrogate escape (`\ud800`) replaced by `\ufffd`,
/// and each number outside the range of an `f64` (`1e400`) by `null`; `None`
/// when it holds neither.
fn tolerant(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i, mut in_string) = (0, 0, false);
    let mut replace = |out: &mut String, from: usize, to: usize, with: &str| {
        out.push_str(&text[copied..from]);
        out.push_str(with);
        copied = to;
    };
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (_, b'"') => {
                in_string = !in_string;
                i += 1;
            }
            (true, b'\\') if bytes.get(i + 1) == Some(&b'u') => match hex4(bytes, i + 2) {
                Some(0xD800..=0xDBFF)
                    if bytes.get(i + 6..i + 8) == Some(b"\\u")
                        && matches!(hex4(bytes, i + 8), Some(0xDC00..=0xDFFF)) =>
                {
                    i += 12;
                }
                Some(0xD800..=0xDFFF) => {
                    replace(&mut out, i, i + 6, "\\ufffd");
                    i += 6;
                }
                _ => i += 2,
            },
            (true, b'\\') => i += 2,
            (false, b'-' | b'0'..=b'9') => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                let token = &text[start..i];
                if is_json_number(token) && token.parse::<f64>().is_ok_and(f64::is_infinite) {
                    replace(&mut out, start, i, "null");
                }
            }
            _ => i += 1,
        }
    }
    // Every replacement moves `copied` past it.
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The four hex digits at `at`, as a UTF-16 code unit.
fn hex4(bytes: &[u8], at: usize) -> Option<u16> {
    let digits = bytes.get(at..at + 4)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// Whether `token` is a number in JSON's grammar: `-? int frac? exp?`.
fn is_json_number(token: &str) -> bool {
    fn digits(rest: &str) -> (usize, &str) {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        (n, &rest[n..])
    }
    let unsigned = token.strip_prefix('-').unwrap_or(token);
    let (n, mut rest) = digits(unsigned);
    if n == 0 || (n > 1 && unsigned.starts_with('0')) {
        return false;
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let (n, after) = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = after;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let (n, after) = digits(exponent.strip_prefix(['+', '-']).unwrap_or(exponent));
        if n == 0 {
            return false;
        }
        rest = after;
    }
    rest.is_empty()
}

/// Lower-cased names without credentials; a name's repeated field lines
/// become one, their values joined by `", "` in order (RFC 9110, 5.3), at
/// the place of its first line.
fn combine_headers<I, K, V>(headers: I) -> Vec<(String, String)>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut combined: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.as_ref().trim().to_ascii_lowercase();
        if CREDENTIAL_HEADERS.contains(&name.as_str()) {
            continue;
        }
        match combined.iter_mut().find(|(n, _)| *n == name) {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(value.as_ref());
            }
            None => combined.push((name, value.as_ref().to_owned())),
        }
    }
    combined
}

/// The first non-empty item, trimmed, of a comma-separated header value
/// (rule 7).
fn first_item(value: &str) -> Option<&str> {
    value
        .split(',')
        .map(str::trim)
        .find(|item| !item.is_empty())
}

pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// What a header number counts.
#[derive(Clone, Copy)]
pub(crate) enum Unit {
    Milliseconds,
    Seconds,
}

/// A header number (README rule 10: digits, maybe a fraction; `1.5`, not
/// `1.`, `.5` or `1e3`) of `unit`, in whole milliseconds rounded down.
/// Decimal digits are read exactly (`9007199254740.991` seconds is
/// 9007199254740991 ms, which a double would round); beyond 10^30 it
/// saturates, far above any delay an error keeps; beyond the range of a
/// double it is no number.
pub(crate) fn decimal_ms(text: &str, unit: Unit) -> Option<u128> {
    const CAP: u128 = 1_000_000_000_000_000_000_000_000_000_000;
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    // Digits beyond the double range are not a finite number (rule 10).
    if !digits(whole)
        || fraction.is_some_and(|f| !digits(f))
        || !text.parse::<f64>().is_ok_and(f64::is_finite)
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let whole: u128 = if whole.len() > 30 {
        CAP
    } else {
        whole.parse().unwrap_or(0)
    };
    let ms = match unit {
        Unit::Milliseconds => whole,
        Unit::Seconds => {
            // The first three digits of the fraction are whole milliseconds.
            let thousandths = fraction
                .unwrap_or("")
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(3)
                .fold(0, |n, digit| n * 10 + u128::from(digit - b'0'));
            whole.saturating_mul(1000) + thousandths
        }
    };
    Some(ms.min(CAP))
}

/// A delay of `ms` milliseconds, at most 2^53 - 1 ms (README rule 10).
pub(crate) fn capped_ms(ms: u128) -> Duration {
    Duration::from_millis(ms.min(u128::from(MAX_SAFE_MS)) as u64)
}

/// Milliseconds from `now_ms` until the HTTP-date `text`; 0 if it is past.
fn until(text: &str, now_ms: u64) -> Option<u128> {
    let at_ms = i128::from(parse_seconds(text)?) * 1000;
    Some((at_ms - i128::from(now_ms)).max(0) as u128)
}

/// `now` in whole milliseconds since the Unix epoch (0 before it).
fn unix_ms(now: SystemTime) -> u64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(since) => u64::try_from(since.as_millis()).unwrap_or(u64::MAX),
        Err(_) => 0,
    }
}

