{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! [`RateLimit`]: the rate-limit headers of an error response (README rule
//! 22), IETF `RateLimit` / `RateLimit-Policy` and named headers such as
//! `x-ratelimit-remaining`, as the envelope declares them.

use std::time::Duration;

use super::envelope::{ResetKind, ENVELOPE};
use super::error::{capped_ms, decimal_ms, header, Unit, MAX_SAFE_MS};

/// What the server said about its rate limit; `ApiError::rate_limit` is
/// `None` when it sent none of the limit, the remaining quota and the reset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests (or quota units) allowed per window.
    pub limit: Option<u64>,
    /// What is left of the limit in the current window.
    pub remaining: Option<u64>,
    /// Time until the quota resets, counted from when the response was read.
    pub reset: Option<Duration>,
    /// The length of the window (IETF `RateLimit-Policy` `w`).
    pub window: Option<Duration>,
    /// The name of the IETF policy the numbers belong to.
    pub policy: Option<String>,
}

impl RateLimit {
    /// The rate limit in `headers` (lower-case names, repeated ones
    /// combined) of a response read at `now_ms` (epoch milliseconds).
    pub(crate) fn read(headers: &[(String, String)], now_ms: u64) -> Option<RateLimit> {
        let names = ENVELOPE.rate_limit?;
        let mut out = RateLimit::default();
        if names.ietf {
            if let Some(value) = header(headers, "ratelimit") {
                // The first member with an `r` parameter, valid or not.
                if let Some(member) = members(value).into_iter().find(|m| m.param("r").is_some()) {
                    out.remaining = member.param("r").and_then(integer);
                    out.reset = member.param("t").and_then(integer).map(seconds_to_duration);
                    out.policy = Some(member.name);
                }
            }
            if let Some(value) = header(headers, "ratelimit-policy") {
                let members = members(value);
                let member = members
                    .iter()
                    .find(|m| Some(&m.name) == out.policy.as_ref())
                    .or_else(|| members.first());
                if let Some(member) = member {
                    out.limit = member.param("q").and_then(integer);
                    out.window = member.param("w").and_then(integer).map(seconds_to_duration);
                    if out.policy.is_none() {
                        out.policy = Some(member.name.clone());
                    }
                }
            }
        }
        let named = |name: Option<&str>| header(headers, name?);
        if out.limit.is_none() {
            out.limit = named(names.limit).and_then(integer);
        }
        if out.remaining.is_none() {
            out.remaining = named(names.remaining).and_then(integer);
        }
        if out.reset.is_none() {
            out.reset = named(names.reset)
                .and_then(|value| decimal_ms(value, Unit::Seconds))
                .map(|ms| match names.reset_kind {
                    ResetKind::Seconds => capped_ms(ms),
                    ResetKind::EpochSeconds => capped_ms(ms.saturating_sub(u128::from(now_ms))),
                });
        }
        let any = out.limit.is_some() || out.remaining.is_some() || out.reset.is_some();
        any.then_some(out)
    }
}

/// `seconds` (at most 2^53 - 1) as a duration, at most 2^53 - 1 ms.
fn seconds_to_duration(seconds: u64) -> Duration {
    Duration::from_millis(seconds.saturating_mul(1000).min(MAX_SAFE_MS))
}

/// A non-negative integer: digits only, surrounding whitespace trimmed, at
/// most 2^53 - 1.
fn integer(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>().ok().filter(|n| *n <= MAX_SAFE_MS)
}

/// One member of a `RateLimit` or `RateLimit-Policy` list: its name and
/// parameters, values as sent (a parameter without `=` has the value `""`).
struct Member {
    name: String,
    params: Vec<(String, String)>,
}

impl Member {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Spaces and tabs, the optional whitespace of a header list.
fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// The members of a list `name *(";" key ["=" value])` separated by commas,
/// with spaces and tabs allowed around `,`, `;` and `=` (README rule 22).
/// A quoted string's commas and semicolons are text. A member whose name is
/// neither a token nor a quoted string is skipped.
fn members(value: &str) -> Vec<Member> {
    split_outside_quotes(value, ',')
        .into_iter()
        .filter_map(|member| {
            let mut parts = split_outside_quotes(member, ';').into_iter();
            let name = member_name(trim_ows(parts.next()?))?;
            let params = parts
                .map(|param| {
                    let (key, value) = param.split_once('=').unwrap_or((param, ""));
                    (trim_ows(key).to_owned(), trim_ows(value).to_owned())
                })
                .collect();
            Some(Member { name, params })
        })
        .collect()
}

/// A member's name: a token (a letter or `*`, then letters, digits and
/// ``!#$%&'*+-.^_`|~:/``), or the text of a quoted string with `\"` and
/// `\\` escapes.
fn member_name(text: &str) -> Option<String> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = quoted.chars();
        loop {
            match chars.next()? {
                '\\' => match chars.next()? {
                    c @ ('"' | '\\') => name.push(c),
                    _ => return None,
                },
                '"' => return chars.next().is_none().then_some(name),
                c => name.push(c),
            }
        }
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    let token = (first.is_ascii_alphabetic() || first == '*')
        && chars.all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~:/".contains(c));
    token.then(|| text.to_owned())
}

/// `text` split at each `separator` that is not inside a quoted string.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

