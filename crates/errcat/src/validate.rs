//! Checks a loaded spec and reports every problem at once, each at its span.
//!
//! What is checked, beyond what the types already enforce: identifiers,
//! statuses (400–599), duplicate codes and domains, class and field
//! references, empty text, text no target can carry (control characters), and
//! identifiers that collide once a target has re-cased them.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::diagnostics::{Diagnostics, FileId};
use crate::load::RawSpec;
use crate::model::{self, Spanned};
use crate::resolve::class_for_status;
use crate::targets;

fn is_snake_ident(s: &str) -> bool {
    let mut parts = s.split('_');
    let first_ok = s.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    first_ok && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

fn is_code(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !s.contains("__")
        && !s.ends_with(['_', '-', '.'])
}

fn is_pointer(s: &str) -> bool {
    s.is_empty() || s.starts_with('/')
}

fn is_header(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// Keywords crates.io accepts per crate; npm and PyPI take any number.
const MAX_KEYWORDS: usize = 5;

/// `MAJOR.MINOR.PATCH`, numbers without leading zeros, optionally with a
/// `-pre` and `+build` suffix of dot-separated alphanumerics.
fn is_semver(s: &str) -> bool {
    let (core, suffix) = s.split_at(s.find(['-', '+']).unwrap_or(s.len()));
    let number = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'));
    let parts: Vec<&str> = core.split('.').collect();
    let suffix_ok =
        suffix.is_empty() || suffix[1..].split(['.', '+', '-']).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    parts.len() == 3 && parts.iter().all(|p| number(p)) && suffix_ok
}

/// An SPDX expression in its common shapes: license ids (letters, digits,
/// `.`, `-`, an optional trailing `+`) joined by `AND`, `OR` or `WITH`,
/// with parentheses.
fn is_license_expression(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let mut expect_id = true;
    let mut depth = 0i32;
    for token in spaced.split_whitespace() {
        match token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id && depth > 0 => depth -= 1,
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            id if expect_id => {
                let id = id.strip_suffix('+').unwrap_or(id);
                if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
                    return false;
                }
                expect_id = false;
            }
            _ => return false,
        }
    }
    !expect_id && depth == 0
}

/// An `https://host/…` URL of characters that need no escaping in any
/// manifest or URL (no quotes, backslashes, angle brackets, spaces).
fn is_https_url(s: &str) -> bool {
    let plain = s.chars().all(|c| c.is_ascii_graphic() && !"\"\\<>{}|^`".contains(c));
    s.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        plain && host.contains('.') && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    })
}

/// A repository URL as npm and Cargo take it: `https://host/path`, no
/// query or fragment.
fn is_repository_url(s: &str) -> bool {
    is_https_url(s) && !s.contains(['?', '#']) && s["https://".len()..].trim_end_matches('/').contains('/')
}

/// `Name` or `Name <email>`.
fn is_author(s: &str) -> bool {
    let (name, email) = match s.split_once('<') {
        Some((name, rest)) => (name, Some(rest)),
        None => (s, None),
    };
    let email_ok = email.is_none_or(|e| e.strip_suffix('>').is_some_and(|e| e.contains('@') && !e.contains(['<', '>', ' '])));
    !name.trim().is_empty() && !name.contains('>') && email_ok
}

fn is_keyword(s: &str) -> bool {
    s.len() <= 20
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Where a code was first seen: `(code, file, span)`.
type FirstUse = (String, FileId, Range<usize>);

struct Checker<'a> {
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn err(&mut self, file: FileId, span: Range<usize>, message: String, label: &str, help: Option<&str>) {
        self.diags.error(file, span, message, label, help.map(str::to_owned));
    }

    /// A text that must say something. (Forbidden characters in any text
    /// are reported by the loader, on the parsed tree.) `what` names the
    /// text in a message; it is only formatted when there is a problem.
    fn text(&mut self, file: FileId, s: &Spanned<String>, what: std::fmt::Arguments<'_>) {
        if s.value.trim().is_empty() {
            self.err(file, s.span.clone(), format!("{what} is empty"), "write some text here", None);
        }
    }

    fn ident(&mut self, file: FileId, s: &Spanned<String>, what: &str) {
        if !is_snake_ident(&s.value) {
            self.err(
                file,
                s.span.clone(),
                format!("invalid {what} `{}`", s.value),
                "not a snake_case identifier",
                Some("use lower-case letters, digits and single underscores, starting with a letter"),
            );
        }
    }

    fn package_version(&mut self, file: FileId, v: &Spanned<String>, target: &str) {
        if !is_semver(&v.value) {
            self.err(
                file,
                v.span.clone(),
                format!("invalid {target} package version `{}`", v.value),
                "not a semver version",
                Some("write MAJOR.MINOR.PATCH, e.g. \"1.0.1\", as every registry accepts"),
            );
        }
    }

    /// `[packages]`'s shared metadata: what crates.io, PyPI and npm accept.
    fn package_metadata(&mut self, file: FileId, p: &model::Packages) {
        if let Some(license) = &p.license
            && !is_license_expression(&license.value)
        {
            self.err(
                file,
                license.span.clone(),
                format!("invalid license `{}`", license.value),
                "not an SPDX license expression",
                Some("e.g. \"MIT\", \"Apache-2.0\" or \"MIT OR Apache-2.0\""),
            );
        }
        if let Some(url) = &p.repository
            && !is_repository_url(&url.value)
        {
            self.err(
                file,
                url.span.clone(),
                "`packages.repository` is not a repository URL".to_owned(),
                "expected https://host/owner/repo",
                Some("no query, fragment, spaces, quotes or backslashes"),
            );
        }
        if let Some(url) = &p.homepage
            && !is_https_url(&url.value)
        {
            self.err(
                file,
                url.span.clone(),
                "`packages.homepage` is not an https URL".to_owned(),
                "expected https://host/…",
                Some("no spaces, quotes or backslashes"),
            );
        }
        for author in &p.authors {
            if !is_author(&author.value) {
                self.err(
                    file,
                    author.span.clone(),
                    format!("invalid author `{}`", author.value),
                    "expected `Name` or `Name <email>`",
                    Some("e.g. \"Acme Inc. <sdk@acme.example>\""),
                );
            }
        }
        if let Some(extra) = p.keywords.get(MAX_KEYWORDS) {
            self.err(
                file,
                extra.span.clone(),
                format!("more than {MAX_KEYWORDS} keywords"),
                "crates.io takes at most 5",
                Some("keep the five most searched-for"),
            );
        }
        for keyword in &p.keywords {
            if !is_keyword(&keyword.value) {
                self.err(
                    file,
                    keyword.span.clone(),
                    format!("invalid keyword `{}`", keyword.value),
                    "not a keyword crates.io accepts",
                    Some("ASCII letters, digits, `-` and `_`, starting with a letter, at most 20 characters"),
                );
            }
        }
    }

    fn pointer(&mut self, file: FileId, p: &Option<Spanned<String>>, what: &str) {
        if let Some(p) = p
            && !is_pointer(&p.value)
        {
            self.err(
                file,
                p.span.clone(),
                format!("`{what}` is not a JSON Pointer"),
                "expected \"\" or a path starting with `/`",
                Some("e.g. \"/error/code\" (RFC 6901)"),
            );
        }
    }

    fn header(&mut self, file: FileId, h: &Spanned<String>) {
        if !is_header(&h.value) {
            self.err(file, h.span.clone(), format!("invalid header name `{}`", h.value), "not an HTTP token", None);
        }
    }
}

/// Validates `raw`, pushing every problem into `diags`.
pub fn validate(raw: &RawSpec, diags: &mut Diagnostics) {
    let mf = raw.manifest_file;
    let m = &raw.manifest;
    let mut c = Checker { diags };

    c.ident(mf, &m.api.id, "api id");
    let derived = crate::resolve::default_packages(&m.api.id.value);
    for target in targets::all() {
        let entry = m.packages.get(target.name());
        let (name, span) = match entry.and_then(|e| e.value.name(&e.span)) {
            Some(given) => given,
            None => (derived.get(target.name()).unwrap_or_default().to_owned(), m.api.id.span.clone()),
        };
        if let Err(why) = target.check_package(&name) {
            c.err(mf, span, format!("invalid {} package name `{name}`", target.name()), &why, Some("set it under [packages]"));
        }
        if let Some(version) = entry.and_then(|e| e.value.version()) {
            c.package_version(mf, version, target.name());
        }
    }
    c.package_metadata(mf, &m.packages);

    let e = &m.envelope;
    for (p, what) in [
        (&e.code, "envelope.code"),
        (&e.details, "envelope.details"),
        (&e.request_id, "envelope.request_id"),
        (&e.status, "envelope.status"),
        (&e.field, "envelope.field"),
        (&e.context, "envelope.context"),
        (&e.retry_after, "envelope.retry_after"),
        (&e.success_flag, "envelope.success_flag"),
        (&e.timestamp, "envelope.timestamp"),
    ] {
        c.pointer(mf, p, what);
    }
    for p in &e.message {
        c.pointer(mf, &Some(p.clone()), "envelope.message");
    }
    for h in e.headers.request_id.iter().chain(&e.headers.retry_after).chain(&e.headers.retry_after_ms).chain(&e.headers.should_retry) {
        c.header(mf, h);
    }

    for (name, field) in &m.fields {
        if !is_snake_ident(name) {
            c.err(
                mf,
                field.description.span.clone(),
                format!("invalid field name `{name}`"),
                "declared here",
                Some("context field names are snake_case wire names"),
            );
        }
        c.text(mf, &field.description, format_args!("description of field `{name}`"));
    }

    let mut claimed: HashMap<u16, (&str, Range<usize>)> = HashMap::new();
    let mut fallbacks: HashMap<model::StatusRange, &str> = HashMap::new();
    for (id, class) in &m.classes {
        if !is_snake_ident(id) {
            c.err(
                mf,
                class.title.span.clone(),
                format!("invalid class id `{id}`"),
                "in this class",
                Some("class ids are snake_case, e.g. `rate_limit`"),
            );
        }
        c.text(mf, &class.title, format_args!("title of class `{id}`"));
        c.text(mf, &class.description, format_args!("description of class `{id}`"));
        if class.statuses.is_empty() && class.fallback.is_none() {
            c.err(
                mf,
                class.title.span.clone(),
                format!("class `{id}` has no statuses"),
                "in this class",
                Some("add `statuses = [...]` or `fallback = \"4xx\"`/`\"5xx\"`"),
            );
        }
        for status in &class.statuses {
            check_status(&mut c, mf, status);
            if let Some((other, span)) = claimed.get(&status.value) {
                c.diags.conflict(
                    (mf, status.span.clone()),
                    (mf, span.clone()),
                    format!("status {} belongs to two classes, `{other}` and `{id}`", status.value),
                    "claimed again here",
                    "first claimed here",
                );
            } else {
                claimed.insert(status.value, (id, status.span.clone()));
            }
        }
        if let Some(range) = class.fallback
            && let Some(other) = fallbacks.insert(range, id)
        {
            c.err(
                mf,
                class.title.span.clone(),
                format!("classes `{other}` and `{id}` are both the fallback for {range:?} statuses"),
                "in this class",
                None,
            );
        }
        check_fields(&mut c, mf, &class.fields, m);
        check_retry(&mut c, mf, class.retry.as_ref());
    }

    let classes: Vec<(&String, &model::Class)> = m.classes.iter().collect();
    let mut domain_ids: BTreeMap<&str, (FileId, Range<usize>)> = BTreeMap::new();
    // Each distinct code with its first use, for the collision check below.
    let mut code_uses: Vec<FirstUse> = Vec::new();
    let mut seen_codes: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for d in &raw.domains {
        let f = d.file;
        let dom = &d.domain.domain;
        if !dom.id.span.is_empty() {
            c.ident(f, &dom.id, "domain id");
        }
        if let Some(first) = domain_ids.get(dom.id.value.as_str()) {
            c.diags.conflict(
                (f, dom.id.span.clone()),
                first.clone(),
                format!("domain `{}` is defined twice", dom.id.value),
                "defined again here",
                "first defined here",
            );
        } else {
            domain_ids.insert(&dom.id.value, (f, dom.id.span.clone()));
        }
        let mut codes: HashMap<&str, Range<usize>> = HashMap::new();
        for err in &d.domain.errors {
            let code = &err.code;
            if !is_code(&code.value) {
                c.err(
                    f,
                    code.span.clone(),
                    format!("invalid code `{}`", code.value),
                    "not a valid code",
                    Some("codes start with a letter and hold letters, digits and single `_`, `-` or `.`"),
                );
            } else if seen_codes.insert(code.value.as_str()) {
                code_uses.push((code.value.clone(), f, code.span.clone()));
            }
            if let Some(first) = codes.get(code.value.as_str()) {
                c.diags.conflict(
                    (f, code.span.clone()),
                    (f, first.clone()),
                    format!("code `{}` appears twice in domain `{}`", code.value, dom.id.value),
                    "duplicate",
                    "first here",
                );
            } else {
                codes.insert(&code.value, code.span.clone());
            }
            check_status(&mut c, f, &err.status);
            c.text(f, &err.message, format_args!("message of `{}`", code.value));
            for (text, what) in [(&err.description, "description"), (&err.remedy, "remedy"), (&err.field, "field")] {
                if let Some(t) = text {
                    c.text(f, t, format_args!("{what} of `{}`", code.value));
                }
            }
            match &err.class {
                Some(class) if !m.classes.contains_key(&class.value) => {
                    let known: Vec<&str> = m.classes.keys().map(String::as_str).collect();
                    c.err(
                        f,
                        class.span.clone(),
                        format!("unknown class `{}`", class.value),
                        "no such class in errcat.toml",
                        Some(&format!("known classes: {}", known.join(", "))),
                    );
                }
                Some(_) => {}
                None if (400..=599).contains(&err.status.value) && class_for_status(&classes, err.status.value).is_none() => {
                    c.err(
                        f,
                        err.status.span.clone(),
                        format!("no class for status {}", err.status.value),
                        "no class claims this status",
                        Some("add the status to a class's `statuses`, give a class `fallback = \"4xx\"`/`\"5xx\"`, or set `class` here"),
                    );
                }
                None => {}
            }
            check_fields(&mut c, f, &err.fields, m);
            check_retry(&mut c, f, err.retry.as_ref());
            if let Some(matches) = &err.matches {
                for t in matches.exact.iter().chain(&matches.prefix) {
                    c.text(f, t, format_args!("match text of `{}`", code.value));
                }
            }
            if m.envelope.code.is_none() && err.matches.as_ref().is_none_or(|m| m.exact.is_empty() && m.prefix.is_empty()) {
                c.err(
                    f,
                    code.span.clone(),
                    format!("`{}` can never be recognised", code.value),
                    "the envelope has no code and this error has no `match`",
                    Some("add `match = { exact = [\"...\"] }` with the messages the API sends"),
                );
            }
        }
    }
    check_collisions(&mut c, "codes", &code_uses, |t, name| t.code_ident(name));
    let class_uses: Vec<FirstUse> = m.classes.iter().map(|(id, class)| (id.clone(), mf, class.title.span.clone())).collect();
    check_collisions(&mut c, "classes", &class_uses, |t, name| t.class_ident(name));
    let field_uses: Vec<FirstUse> = m.fields.iter().map(|(name, field)| (name.clone(), mf, field.description.span.clone())).collect();
    check_collisions(&mut c, "context fields", &field_uses, |t, name| t.field_ident(name));
}

/// Reports names that differ in the spec but become one identifier in some
/// target, one problem per pair, naming every target where they collide.
fn check_collisions(c: &mut Checker<'_>, what: &str, uses: &[FirstUse], ident: impl Fn(&dyn targets::Target, &str) -> String + Sync) {
    let all = targets::all();
    // Per target (each on its own thread: casing 10,000s of names is most of
    // validation): every use whose identifier an earlier use already took.
    let workers = if uses.len() > 500 { crate::par::cores() } else { 1 };
    let clashes: Vec<Vec<(usize, usize, String)>> = crate::par::map(&all, workers, |target| {
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(uses.len());
        let mut clashes = Vec::new();
        for (i, (name, _, _)) in uses.iter().enumerate() {
            let id = ident(*target, name);
            match seen.get(&id) {
                Some(&j) => clashes.push((i, j, id)),
                None => {
                    seen.insert(id, i);
                }
            }
        }
        clashes
    });
    let mut by_use: BTreeMap<usize, (Vec<String>, usize)> = BTreeMap::new();
    for (target, clashes) in all.iter().zip(clashes) {
        for (i, j, id) in clashes {
            let entry = by_use.entry(i).or_default();
            entry.0.push(format!("`{id}` in {}", target.name()));
            entry.1 = j;
        }
    }
    for (i, (broken, j)) in by_use {
        let (name, file, span) = &uses[i];
        let (other, of, os) = &uses[j];
        c.diags.conflict(
            (*file, span.clone()),
            (*of, os.clone()),
            format!("{what} `{other}` and `{name}` collide: both become {}", broken.join(", ")),
            "collides",
            "with this one",
        );
    }
}

fn check_status(c: &mut Checker<'_>, file: FileId, status: &Spanned<u16>) {
    if !(400..=599).contains(&status.value) {
        c.err(
            file,
            status.span.clone(),
            format!("status {} is not an error status", status.value),
            "outside 400–599",
            Some("error statuses are 4xx or 5xx"),
        );
    }
}

fn check_fields(c: &mut Checker<'_>, file: FileId, fields: &[Spanned<String>], m: &model::Manifest) {
    for field in fields {
        if !m.fields.contains_key(&field.value) {
            c.err(
                file,
                field.span.clone(),
                format!("unknown context field `{}`", field.value),
                "not declared",
                Some("declare it under [fields] in errcat.toml"),
            );
        }
    }
}

fn check_retry(c: &mut Checker<'_>, file: FileId, retry: Option<&model::RetryOverride>) {
    if let Some(attempts) = retry.and_then(|r| r.max_attempts.as_ref())
        && attempts.value == 0
    {
        c.err(file, attempts.span.clone(), "max_attempts must be at least 1".into(), "counts the first attempt too", None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_metadata_shapes() {
        for ok in ["1.0.0", "0.1.0", "2.1.0-beta.1", "1.0.0+build.5"] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-be ta"] {
            assert!(!is_semver(bad), "{bad}");
        }
        for ok in ["MIT", "MIT OR Apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+", "Apache-2.0 WITH LLVM-exception"] {
            assert!(is_license_expression(ok), "{ok}");
        }
        for bad in ["", "MIT OR", "MIT Apache-2.0", "(MIT", "MIT)", "MIT/Apache-2.0", "OR MIT"] {
            assert!(!is_license_expression(bad), "{bad}");
        }
        assert!(is_https_url("https://github.com/acme/errors"));
        assert!(!is_https_url("http://github.com/acme"));
        assert!(!is_https_url("https://localhost/x"));
        assert!(!is_https_url("https://example.com/\"q\""));
        assert!(is_repository_url("https://github.com/acme/errors"));
        assert!(is_repository_url("https://example.com/hostile/it's-errors$x"));
        assert!(!is_repository_url("https://github.com/acme/errors?tab=readme"));
        assert!(!is_repository_url("https://github.com"));
        assert!(is_author("Acme Inc."));
        assert!(is_author("Acme Inc. <sdk@acme.example>"));
        assert!(!is_author("<sdk@acme.example>"));
        assert!(!is_author("Acme <nobody>"));
        assert!(!is_author("Acme <a@b.c"));
        assert!(is_keyword("rate-limit") && is_keyword("sdk_errors"));
        assert!(!is_keyword("1st") && !is_keyword("two words") && !is_keyword("abcdefghijklmnopqrstu"));
    }

    #[test]
    fn identifiers() {
        assert!(is_snake_ident("rate_limit"));
        assert!(is_snake_ident("v2"));
        assert!(!is_snake_ident("Rate"));
        assert!(!is_snake_ident("a__b"));
        assert!(!is_snake_ident("_a"));
        assert!(is_code("RATE_LIMIT_EXCEEDED"));
        assert!(is_code("out-of-credit"));
        assert!(!is_code("1ABC"));
        assert!(!is_code("A B"));
    }
}
