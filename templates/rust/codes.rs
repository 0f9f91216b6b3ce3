{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! [`Code`]: every error code of the catalog, with its [`Definition`]s.

// Deprecated codes stay in the tables below.
#![allow(deprecated)]

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::retry::{LongerWait, RetryMode, RetryPolicy};
use super::{Context, ErrorClass, GrpcCode};

/// An error code. Every code of the catalog is a variant; any other code a
/// (newer) server sends is kept verbatim as [`Code::Unknown`]. Build one
/// from a string with [`Code::from`] or [`str::parse`], which never fail and
/// never produce `Unknown` for a code listed here.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
{# One variant per code, with its doc comment: `CodeTables::variants`. -#}
{{ v.tables.variants }}    /// A code this version of the crate does not know, kept verbatim.
    Unknown(String),
}

/// One definition of a code in one domain: what the catalog says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Definition {
    /// The code, as sent on the wire.
    pub code: &'static str,
    /// The HTTP status it is sent with.
    pub status: u16,
    /// The domain that defines it.
    pub domain: &'static str,
    /// Its class.
    pub class: ErrorClass,
    /// The catalog's message; a template when `params` is not empty.
    pub message: &'static str,
    /// The parameters of the message template (context fields, wire names):
    /// each `<param>` in `message` stands for one.
    pub params: &'static [&'static str],
    /// Its gRPC code.
    pub grpc: GrpcCode,
    /// What it means.
    pub description: &'static str,
    /// What to do about it.
    pub remedy: Option<&'static str>,
    /// The request field it is about.
    pub field: Option<&'static str>,
    /// The context fields it carries (wire names).
    pub fields: &'static [&'static str],
    /// How it is retried.
    pub retry: RetryPolicy,
    /// The API version that introduced it.
    pub since: Option<&'static str>,
    /// Set when it is deprecated.
    pub deprecated: Option<Deprecation>,
    /// Where it is documented.
    pub docs_url: Option<&'static str>,
}

/// When and why a definition is deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecation {
    /// The API version that deprecated it.
    pub since: &'static str,
    /// The code to use instead.
    pub replacement: Option<&'static str>,
    /// Anything else to know.
    pub note: Option<&'static str>,
}

struct CodeEntry {
    code: &'static str,
    known: Code,
    /// Its definitions: `DEFINITIONS[first..first + count]`.
    first: usize,
    count: usize,
}

/// Every code, sorted by its string for binary search.
#[rustfmt::skip]
static CODES: [CodeEntry; {{ v.tables.code_count }}] = [
{# `    CodeEntry { code: "…", known: Code::…, first: …, count: … },` per code. -#}
{{ v.tables.entries }}];

// One constant per definition: rustc checks many small items far faster
// than one array literal of thousands of structs.
{# `const DEF_<i>: Definition = Definition {`, one line per field in the struct's order, then `};`. -#}
{{ v.tables.definitions }}
/// Every definition, grouped by code, each code's in domain order.
#[rustfmt::skip]
static DEFINITIONS: [Definition; {{ v.tables.definition_count }}] = [
{{ v.tables.definition_names }}];

/// Messages that identify a code exactly, sorted by text (README rule 3);
/// values index `CODES`.
#[rustfmt::skip]
static EXACT: [(&str, usize); {{ v.tables.exact_count }}] = [
{# `    ("text", code index),` per exact match. -#}
{{ v.tables.exact }}];

/// Message prefixes that identify a code, in spec order.
#[rustfmt::skip]
static PREFIX: [(&str, usize); {{ v.tables.prefix_count }}] = [
{# `    ("prefix", code index),` per prefix. -#}
{{ v.tables.prefix }}];

impl Code {
    #[rustfmt::skip]
    fn index(&self) -> Option<usize> {
        match self {
{# `            Code::Variant => Some(index),` per code. -#}
{{ v.tables.index_arms }}            Code::Unknown(_) => None,
        }
    }

    /// The code as sent on the wire.
    pub fn as_str(&self) -> &str {
        match (self, self.index()) {
            (Code::Unknown(code), _) => code,
            (_, Some(index)) => CODES[index].code,
            (_, None) => "",
        }
    }

    /// Whether the catalog lists this code.
    pub fn is_known(&self) -> bool {
        self.index().is_some()
    }

    /// Every definition of the code, in domain order; empty when unknown.
    pub fn definitions(&self) -> &'static [Definition] {
        match self.index() {
            Some(index) => {
                let entry = &CODES[index];
                &DEFINITIONS[entry.first..entry.first + entry.count]
            }
            None => &[],
        }
    }

    /// The definition that applies to a response with `status` (README rule
    /// 4): the first whose status is `status`.
    pub fn definition_for(&self, status: u16) -> Option<&'static Definition> {
        self.definitions().iter().find(|d| d.status == status)
    }

    /// Every code of the catalog, sorted.
    pub fn known() -> impl Iterator<Item = &'static Code> {
        CODES.iter().map(|entry| &entry.known)
    }

    /// The code a message identifies (README rule 3): an exact match, else
    /// the first prefix that matches.
    pub fn matching(message: &str) -> Option<Code> {
        let found = match EXACT.binary_search_by(|(text, _)| (*text).cmp(message)) {
            Ok(found) => Some(&EXACT[found]),
            Err(_) => PREFIX.iter().find(|(text, _)| message.starts_with(text)),
        };
        found.map(|(_, index)| CODES[*index].known.clone())
    }
}

impl Definition {
    /// The message with each `<param>` of its template replaced by the value
    /// of that context field (strings as they are, integers in decimal,
    /// booleans `true`/`false`); parameters `context` lacks stay `<param>`
    /// (README rules 6 and 19).
    pub fn format_message(&self, context: &Context) -> String {
        if self.params.is_empty() {
            return self.message.to_owned();
        }
        let values = context.to_json();
        let mut message = String::with_capacity(self.message.len());
        let mut rest = self.message;
        while let Some(open) = rest.find('<') {
            message.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = after.find('>').and_then(|close| {
                let name = &after[..close];
                let value = values.get(name).filter(|_| self.params.contains(&name))?;
                Some((close, value))
            });
            match filled {
                Some((close, Value::String(text))) => {
                    message.push_str(text);
                    rest = &after[close + 1..];
                }
                Some((close, value)) => {
                    message.push_str(&value.to_string());
                    rest = &after[close + 1..];
                }
                None => {
                    message.push('<');
                    rest = after;
                }
            }
        }
        message.push_str(rest);
        message
    }
}

impl From<&str> for Code {
    fn from(code: &str) -> Code {
        match CODES.binary_search_by(|entry| entry.code.cmp(code)) {
            Ok(index) => CODES[index].known.clone(),
            Err(_) => Code::Unknown(code.to_owned()),
        }
    }
}

impl From<String> for Code {
    fn from(code: String) -> Code {
        match CODES.binary_search_by(|entry| entry.code.cmp(&code)) {
            Ok(index) => CODES[index].known.clone(),
            Err(_) => Code::Unknown(code),
        }
    }
}

impl FromStr for Code {
    type Err = Infallible;

    fn from_str(code: &str) -> Result<Code, Infallible> {
        Ok(Code::from(code))
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

