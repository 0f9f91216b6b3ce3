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
    /// Names of `envelope.select` entries, which `@name/...` locations use.
    selections: Vec<String>,
}

/// Whether `path` or a part of it could not be read as written: the loader
/// reported it and dropped it or stood in for it, so a check that concludes
/// from what is absent there would only repeat that problem, or be wrong.
fn damaged(paths: &[String], path: &str) -> bool {
    paths.iter().any(|p| p.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '['])))
}

/// "did you mean `x`?" for a name that is not one of `known`, else the list.
fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str> + Clone, what: &str) -> String {
    match crate::diagnostics::nearest(name, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let all: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
            if all.is_empty() { format!("there are no {what} yet") } else { format!("known {what}: {}", all.join(", ")) }
        }
    }
}

impl Checker<'_> {
    /// Reports a problem at `span`. A value with an empty span is a stand-in
    /// the loader made for one it could not read, and already reported.
    fn err(&mut self, file: FileId, span: Range<usize>, message: String, label: &str, help: Option<&str>) {
        if !span.is_empty() {
            self.diags.error(file, span, message, label, help.map(str::to_owned));
        }
    }

    fn conflict(&mut self, at: (FileId, Range<usize>), earlier: (FileId, Range<usize>), message: String, label: &str, earlier_label: &str) {
        if !at.1.is_empty() && !earlier.1.is_empty() {
            self.diags.conflict(at, earlier, message, label, earlier_label);
        }
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

    /// `@name` or `@name/...` where `name` is a declared selection.
    fn is_selection(&self, p: &str) -> bool {
        p.strip_prefix('@').is_some_and(|rest| {
            let name = rest.split_once('/').map_or(rest, |(name, _)| name);
            self.selections.iter().any(|s| s == name)
        })
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
            && let Some(rest) = p.value.strip_prefix('@')
        {
            let name = rest.split_once('/').map_or(rest, |(name, _)| name);
            if !self.is_selection(&p.value) {
                let known = self.selections.iter().map(String::as_str);
                let help = suggest(name, known, "selections");
                self.err(
                    file,
                    p.span.clone(),
                    format!("`{what}` names an unknown selection `@{name}`"),
                    "no such [envelope.select] entry",
                    Some(&format!("{help}; declare it as [envelope.select.{name}] with `in`, `member` and `equals`")),
                );
            } else if !is_pointer(&rest[name.len()..]) {
                self.err(
                    file,
                    p.span.clone(),
                    format!("`{what}` is not `@{name}` followed by a JSON Pointer"),
                    "expected `@name` or `@name/...`",
                    Some("e.g. \"@error_info/reason\""),
                );
            }
            return;
        }
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
            self.err(
                file,
                h.span.clone(),
                format!("invalid header name `{}`", h.value),
                "not an HTTP token",
                Some("header names hold letters, digits and !#$%&'*+-.^_`|~, but no spaces"),
            );
        }
    }
}

/// Validates `raw`, pushing every problem into `diags`.
pub fn validate(raw: &RawSpec, diags: &mut Diagnostics) {
    let mf = raw.manifest_file;
    let m = &raw.manifest;
    let mut c = Checker { diags, selections: raw.manifest.envelope.select.keys().cloned().collect() };

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
        (&e.retry_delay, "envelope.retry_delay"),
        (&e.domain, "envelope.domain"),
        (&e.metadata, "envelope.metadata"),
    ] {
        c.pointer(mf, p, what);
    }
    for p in &e.message {
        c.pointer(mf, &Some(p.clone()), "envelope.message");
    }
    for h in e
        .headers
        .request_id
        .iter()
        .chain(&e.headers.retry_after)
        .chain(&e.headers.retry_after_ms)
        .chain(&e.headers.should_retry)
        .chain(&e.headers.retry_at)
        .chain(e.headers.rate_limit.iter().flat_map(|r| r.limit.iter().chain(&r.remaining).chain(&r.reset)))
        .chain(&m.retry.idempotency_header)
    {
        c.header(mf, h);
    }
    if let Some(r) = &e.headers.rate_limit
        && let (Some(kind), None) = (&r.reset_kind, &r.reset)
    {
        c.err(
            mf,
            kind.span.clone(),
            "`reset_kind` without a `reset` header".into(),
            "says what the reset header holds",
            Some("name the header too, e.g. reset = \"x-ratelimit-reset\""),
        );
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
        let claims_damaged = ["statuses", "fallback", "when"].iter().any(|key| damaged(&raw.damaged, &format!("classes.{id}.{key}")));
        if class.statuses.is_empty() && class.fallback.is_none() && class.when.is_empty() && !claims_damaged {
            c.err(
                mf,
                class.title.span.clone(),
                format!("class `{id}` has no statuses"),
                "in this class",
                Some("add `statuses = [...]`, `fallback = \"4xx\"`/`\"5xx\"` or `when = [...]` conditions"),
            );
        }
        for status in &class.statuses {
            check_status(&mut c, mf, status);
            if let Some((other, span)) = claimed.get(&status.value) {
                c.conflict(
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
                format!(
                    "classes `{other}` and `{id}` are both the fallback for {} statuses",
                    match range {
                        model::StatusRange::Client => "4xx",
                        model::StatusRange::Server => "5xx",
                    }
                ),
                "in this class",
                None,
            );
        }
        check_fields(&mut c, mf, &class.fields, raw);
        check_retry(&mut c, mf, class.retry.as_ref());
    }

    let classes: Vec<(&String, &model::Class)> = m.classes.iter().collect();
    // When some class's statuses could not be read, no status can be said
    // to have no class.
    let whole = |path: &str| raw.damaged.iter().any(|p| p == path);
    let claims_unknown = whole("classes")
        || m.classes.keys().any(|id| {
            whole(&format!("classes.{id}"))
                || ["statuses", "fallback", "when"].iter().any(|key| damaged(&raw.damaged, &format!("classes.{id}.{key}")))
        });
    let mut domain_ids: BTreeMap<&str, (FileId, Range<usize>)> = BTreeMap::new();
    // Each distinct code with its first use, for the collision check below.
    let mut code_uses: Vec<FirstUse> = Vec::new();
    let mut seen_codes: std::collections::HashSet<String> = std::collections::HashSet::new();
    for d in &raw.domains {
        let f = d.file;
        let dom = &d.domain.domain;
        if !dom.id.span.is_empty() {
            c.ident(f, &dom.id, "domain id");
        }
        if let Some(first) = domain_ids.get(dom.id.value.as_str()) {
            c.conflict(
                (f, dom.id.span.clone()),
                first.clone(),
                format!("domain `{}` is defined twice", dom.id.value),
                "defined again here",
                "first defined here",
            );
        } else {
            domain_ids.insert(&dom.id.value, (f, dom.id.span.clone()));
        }
        // One code may be defined at several statuses (GitHub's rate limits
        // are 403 and 429), but only once per status.
        let mut codes: HashMap<(String, u16), Range<usize>> = HashMap::new();
        for (index, err) in d.domain.errors.iter().enumerate() {
            let code = &Spanned { value: err.code.value.text(), span: err.code.span.clone() };
            if err.name.is_none() && err.code.value.is_number() {
                c.err(
                    f,
                    code.span.clone(),
                    format!("numeric code `{}` needs a `name`", code.value),
                    "no identifier can be made from a number",
                    Some("add `name = \"...\"` (snake_case), e.g. `name = \"invalid_symbol\"`"),
                );
            } else if err.name.is_none() && !is_code(&code.value) {
                c.err(
                    f,
                    code.span.clone(),
                    format!("invalid code `{}`", code.value),
                    "not a valid code",
                    Some("codes start with a letter and hold letters, digits and single `_`, `-` or `.`"),
                );
            } else if seen_codes.insert(code.value.clone()) {
                let name = err.name.as_ref().map_or_else(|| code.value.clone(), |n| n.value.clone());
                code_uses.push((name, f, code.span.clone()));
            }
            if let Some(first) = codes.get(&(code.value.clone(), err.status.value)) {
                c.conflict(
                    (f, code.span.clone()),
                    (f, first.clone()),
                    format!("code `{}` appears twice at status {} in domain `{}`", code.value, err.status.value, dom.id.value),
                    "duplicate",
                    "first here",
                );
            } else {
                codes.insert((code.value.clone(), err.status.value), code.span.clone());
            }
            check_status(&mut c, f, &err.status);
            c.text(f, &err.message, format_args!("message of `{}`", code.value));
            for (text, what) in [(&err.description, "description"), (&err.remedy, "remedy"), (&err.field, "field")] {
                if let Some(t) = text {
                    c.text(f, t, format_args!("{what} of `{}`", code.value));
                }
            }
            let entry_damage: &[String] = d.damaged.get(index).map_or(&[], Vec::as_slice);
            match &err.class {
                Some(class) if !m.classes.contains_key(&class.value) && !whole("classes") => {
                    let known = m.classes.keys().map(String::as_str);
                    c.err(
                        f,
                        class.span.clone(),
                        format!("unknown class `{}`", class.value),
                        "no such class in errcat.toml",
                        Some(&suggest(&class.value, known, "classes")),
                    );
                }
                Some(_) => {}
                // A class that could not be read in full may claim the status.
                None if damaged(entry_damage, "class") || claims_unknown => {}
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
            check_fields(&mut c, f, &err.fields, raw);
            check_retry(&mut c, f, err.retry.as_ref());
            if let Some(matches) = &err.matches {
                for t in matches.exact.iter().chain(&matches.prefix) {
                    c.text(f, t, format_args!("match text of `{}`", code.value));
                }
            }
            let has_code = m.envelope.code.is_some()
                || m.envelope.kind == model::EnvelopeKind::Problem
                || m.envelope.items.as_ref().is_some_and(|i| i.code.is_some());
            // Where the code is, if the envelope could not be read in full.
            let code_unknown =
                whole("envelope") || ["code", "kind", "items"].iter().any(|key| damaged(&raw.damaged, &format!("envelope.{key}")));
            if !has_code
                && !code_unknown
                && !damaged(entry_damage, "match")
                && err.matches.as_ref().is_none_or(|m| m.exact.is_empty() && m.prefix.is_empty())
            {
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
    check_replacements(&mut c, raw);
    check_envelope_parts(&mut c, raw);
    check_subcodes(&mut c, raw);
    for (id, class) in &m.classes {
        check_conditions(&mut c, mf, id, &class.when);
    }
    for d in &raw.domains {
        for err in &d.domain.errors {
            check_template(&mut c, d.file, err, raw);
        }
    }
    check_names(&mut c, raw);
    // Two codes of one name are reported above; they need not collide too.
    let mut names = std::collections::HashSet::new();
    code_uses.retain(|(name, _, _)| names.insert(name.clone()));
    check_collisions(&mut c, "codes", &code_uses, false, |t, name| t.code_ident(name));
    let class_uses: Vec<FirstUse> = m.classes.iter().map(|(id, class)| (id.clone(), mf, class.title.span.clone())).collect();
    check_collisions(&mut c, "classes", &class_uses, true, |t, name| t.class_ident(name));
    let field_uses: Vec<FirstUse> = m.fields.iter().map(|(name, field)| (name.clone(), mf, field.description.span.clone())).collect();
    check_collisions(&mut c, "context fields", &field_uses, false, |t, name| t.field_ident(name));
}

/// Reports names that differ in the spec but become one identifier in some
/// target, one problem per pair, naming every target where they collide.
///
/// With `module_scope` (classes: their types sit at the package's top level,
/// beside its own), also names whose identifier equals, in some letter case,
/// one the package itself declares (`Target::reserved`): class `api` is
/// `ApiError` beside the base `APIError` in Python and TypeScript, and
/// `except ApiError` would then catch only one class. Codes and context
/// fields are members of `Code` and `Context` (or carry a prefix, in Go),
/// so they never stand beside those names; each target's naming escapes
/// what would clash there.
fn check_collisions(
    c: &mut Checker<'_>,
    what: &str,
    uses: &[FirstUse],
    module_scope: bool,
    ident: impl Fn(&dyn targets::Target, &str) -> String + Sync,
) {
    let all = targets::all();
    // Per target (each on its own thread: casing 10,000s of names is most of
    // validation): every use whose identifier an earlier use already took,
    // and every use whose identifier is one of the package's own.
    let workers = if uses.len() > 500 { crate::par::cores() } else { 1 };
    type Found = (Vec<(usize, usize, String)>, Vec<(usize, String, &'static str)>);
    let found: Vec<Found> = crate::par::map(&all, workers, |target| {
        let own: &[&'static str] = if module_scope && target.classes_beside_reserved() { target.reserved() } else { &[] };
        let reserved: HashMap<String, &'static str> = own.iter().map(|r| (r.to_ascii_lowercase(), *r)).collect();
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(uses.len());
        let mut clashes = Vec::new();
        let mut taken = Vec::new();
        for (i, (name, _, _)) in uses.iter().enumerate() {
            let id = ident(*target, name);
            if !reserved.is_empty()
                && let Some(own) = reserved.get(&id.to_ascii_lowercase())
            {
                taken.push((i, id.clone(), *own));
            }
            match seen.get(&id) {
                Some(&j) => clashes.push((i, j, id)),
                None => {
                    seen.insert(id, i);
                }
            }
        }
        (clashes, taken)
    });
    let (clashes, taken): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let mut by_name: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (target, taken) in all.iter().zip(taken) {
        for (i, id, own) in taken {
            by_name.entry(i).or_default().push(format!("`{id}` in {}, beside the package's own `{own}`", target.name()));
        }
    }
    for (i, places) in by_name {
        let (name, file, span) = &uses[i];
        let singular = if what == "classes" { "class" } else { what };
        c.err(
            *file,
            span.clone(),
            format!("{singular} `{name}` takes a name the generated package already uses: {}", places.join("; ")),
            "rename this",
            Some("pick a name whose identifiers differ from the package's own in more than letter case"),
        );
    }
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
        c.conflict(
            (*file, span.clone()),
            (*of, os.clone()),
            format!("{what} `{other}` and `{name}` collide: both become {}", broken.join(", ")),
            "collides",
            "with this one",
        );
    }
}

/// A deprecated error's `replacement` must name a code of the spec.
fn check_replacements(c: &mut Checker<'_>, raw: &RawSpec) {
    let codes: std::collections::BTreeSet<String> =
        raw.domains.iter().flat_map(|d| d.domain.errors.iter().map(|e| e.code.value.text())).collect();
    for d in &raw.domains {
        for err in &d.domain.errors {
            if let Some(replacement) = err.deprecated.as_ref().and_then(|dep| dep.replacement.as_ref())
                && !codes.contains(&replacement.value)
            {
                c.err(
                    d.file,
                    replacement.span.clone(),
                    format!("unknown replacement code `{}`", replacement.value),
                    "no error has this code",
                    Some(&suggest(&replacement.value, codes.iter().map(String::as_str), "codes")),
                );
            }
        }
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

fn check_fields(c: &mut Checker<'_>, file: FileId, fields: &[Spanned<String>], raw: &RawSpec) {
    let m = &raw.manifest;
    if raw.damaged.iter().any(|p| p == "fields") {
        return;
    }
    for field in fields {
        if !m.fields.contains_key(&field.value) {
            let help = match crate::diagnostics::nearest(&field.value, m.fields.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? otherwise declare it under [fields] in errcat.toml"),
                None => "declare it under [fields] in errcat.toml".to_owned(),
            };
            c.err(file, field.span.clone(), format!("unknown context field `{}`", field.value), "not declared", Some(&help));
        }
    }
}

fn check_retry(c: &mut Checker<'_>, file: FileId, retry: Option<&model::RetryOverride>) {
    if let Some(attempts) = retry.and_then(|r| r.max_attempts.as_ref())
        && attempts.value == 0
    {
        c.err(file, attempts.span.clone(), "`max_attempts` must be at least 1".into(), "counts the first attempt too", None);
    }
}

/// Items, selections and `no_code`: the parts of the envelope that are more
/// than one location.
fn check_envelope_parts(c: &mut Checker<'_>, raw: &RawSpec) {
    let mf = raw.manifest_file;
    let e = &raw.manifest.envelope;
    for (name, selection) in &e.select {
        if !is_snake_ident(name) {
            c.err(
                mf,
                selection.array.span.clone(),
                format!("invalid selection name `{name}`"),
                "in this selection",
                Some("selection names are snake_case, e.g. `error_info`, and locations use them as `@error_info/...`"),
            );
        }
        // A selection picks from an array in the body itself, never from
        // another selection's element.
        if !is_pointer(&selection.array.value) {
            c.err(
                mf,
                selection.array.span.clone(),
                format!("`envelope.select.{name}.in` is not a JSON Pointer"),
                "expected \"\" or a path starting with `/`",
                Some("the array to pick from, e.g. \"/error/details\""),
            );
        }
        if selection.member.trim().is_empty() {
            c.err(
                mf,
                selection.array.span.clone(),
                format!("`envelope.select.{name}.member` is empty"),
                "in this selection",
                Some("the member that tells the elements apart, e.g. \"@type\""),
            );
        }
    }
    if let Some(items) = &e.items {
        c.pointer(mf, &Some(items.at.clone()), "envelope.items.at");
        let relative = items.code.iter().chain(&items.message).chain(&items.field).chain(&items.location);
        for p in relative {
            if !is_pointer(&p.value) {
                c.err(
                    mf,
                    p.span.clone(),
                    format!("`{}` in envelope.items is not a JSON Pointer into the item", p.value),
                    "expected \"\" or a path starting with `/`",
                    Some("item locations are relative to each item, e.g. \"/code\"; selections (`@name`) do not apply inside items"),
                );
            }
        }
    }
    for value in &e.no_code {
        c.text(mf, value, format_args!("a value of `envelope.no_code`"));
    }
}

/// Sub-codes: a snake_case name (identifiers derive from it), a location,
/// and at least one documented value.
fn check_subcodes(c: &mut Checker<'_>, raw: &RawSpec) {
    let mf = raw.manifest_file;
    for (name, subcode) in &raw.manifest.subcodes {
        if !is_snake_ident(name) {
            c.err(
                mf,
                subcode.at.span.clone(),
                format!("invalid sub-code name `{name}`"),
                "in this sub-code",
                Some("sub-code names are snake_case, e.g. `decline_code`"),
            );
        }
        c.pointer(mf, &Some(subcode.at.clone()), &format!("subcodes.{name}.at"));
        c.text(mf, &subcode.description, format_args!("description of sub-code `{name}`"));
        if subcode.values.is_empty() && !damaged(&raw.damaged, &format!("subcodes.{name}.values")) {
            c.err(
                mf,
                subcode.at.span.clone(),
                format!("sub-code `{name}` has no values"),
                "in this sub-code",
                Some(&format!(
                    "document its values under [subcodes.{name}.values], e.g. `insufficient_funds = \"The card has insufficient funds.\"`"
                )),
            );
        }
        for (value, description) in &subcode.values {
            if value.trim().is_empty() || description.trim().is_empty() {
                c.err(
                    mf,
                    subcode.at.span.clone(),
                    format!("sub-code `{name}` has a value `{value}` with an empty value or description"),
                    "in this sub-code",
                    None,
                );
            }
        }
    }
}

/// A class condition tests exactly one of a header and a body location, at
/// error statuses.
fn check_conditions(c: &mut Checker<'_>, file: FileId, class: &str, conditions: &[model::Condition]) {
    for condition in conditions {
        match (&condition.header, &condition.body) {
            (None, None) => c.err(
                file,
                condition.equals.span.clone(),
                format!("a condition of class `{class}` tests nothing"),
                "this condition has neither `header` nor `body`",
                Some("add `header = \"x-ratelimit-remaining\"` or `body = \"/error/type\"`"),
            ),
            (Some(header), Some(_)) => c.err(
                file,
                header.span.clone(),
                format!("a condition of class `{class}` has both `header` and `body`"),
                "one condition tests one thing",
                Some("split it into two conditions; any one of a class's conditions suffices"),
            ),
            (Some(header), None) => c.header(file, header),
            (None, Some(_)) => c.pointer(file, &condition.body, &format!("classes.{class}.when.body")),
        }
        for status in &condition.status {
            check_status(c, file, status);
        }
    }
}

/// The `<word>`s of a message: `<` and `>` around a snake_case word, with
/// the byte range of each.
fn template_words(message: &str) -> Vec<(&str, Range<usize>)> {
    let mut words = Vec::new();
    let mut rest = 0;
    while let Some(open) = message[rest..].find('<').map(|i| rest + i) {
        let Some(close) = message[open + 1..].find(['>', '<']).map(|i| open + 1 + i) else { break };
        let word = &message[open + 1..close];
        if message.as_bytes()[close] == b'>' && is_snake_ident(word) {
            words.push((word, open..close + 1));
        }
        rest = close;
    }
    words
}

/// A message template and its parameters (README rule 19): each parameter a
/// declared context field of type string, integer or boolean, named once
/// and used in the message; each `<word>` of the message a parameter.
fn check_template(c: &mut Checker<'_>, file: FileId, err: &model::ErrorDef, raw: &RawSpec) {
    if err.params.is_empty() {
        return;
    }
    let code = err.code.value.text();
    let words = template_words(&err.message.value);
    let fields_unknown = raw.damaged.iter().any(|p| p == "fields");
    let mut seen: Vec<&Spanned<String>> = Vec::new();
    for param in &err.params {
        if let Some(first) = seen.iter().find(|p| p.value == param.value) {
            c.conflict(
                (file, param.span.clone()),
                (file, first.span.clone()),
                format!("parameter `{}` of `{code}` is listed twice", param.value),
                "again here",
                "first here",
            );
            continue;
        }
        seen.push(param);
        match raw.manifest.fields.get(&param.value) {
            None if !fields_unknown => {
                let help = suggest(&param.value, raw.manifest.fields.keys().map(String::as_str), "context fields");
                c.err(
                    file,
                    param.span.clone(),
                    format!("parameter `{}` of `{code}` is not a declared context field", param.value),
                    "not declared under [fields]",
                    Some(&format!("{help}; parameters are read back from the body as context fields")),
                );
            }
            Some(field) if field.ty == model::FieldType::Number => c.err(
                file,
                param.span.clone(),
                format!("parameter `{}` of `{code}` is a `number` field", param.value),
                "numbers have no single way to be written in a message",
                Some("make the field an `integer` or a `string`"),
            ),
            _ => {}
        }
        if !words.iter().any(|(word, _)| *word == param.value) {
            c.err(
                file,
                param.span.clone(),
                format!("parameter `{}` of `{code}` is not in its message", param.value),
                "no such `<...>` in the message",
                Some(&format!("write `<{}>` where its value goes, or drop the parameter", param.value)),
            );
        }
    }
    for (word, range) in words {
        if !err.params.iter().any(|p| p.value == word) {
            // The message's span includes its opening quote; a plain string
            // maps byte for byte, so point at the word itself when it can.
            let quoted = err.message.span.len() == err.message.value.len() + 2;
            let span = if quoted {
                err.message.span.start + 1 + range.start..err.message.span.start + 1 + range.end
            } else {
                err.message.span.clone()
            };
            c.err(
                file,
                span,
                format!("`<{word}>` in the message of `{code}` is not a parameter"),
                "not in `params`",
                Some(&format!("add \"{word}\" to `params` (a declared context field), or reword the message")),
            );
        }
    }
}

/// Names: snake_case; one name per code, one code per name (in every
/// domain, since every target has one enum of codes).
fn check_names(c: &mut Checker<'_>, raw: &RawSpec) {
    let mut name_of: HashMap<String, (&Spanned<String>, FileId)> = HashMap::new();
    let mut code_of: HashMap<String, (String, FileId, Range<usize>)> = HashMap::new();
    for d in &raw.domains {
        for err in &d.domain.errors {
            let code = err.code.value.text();
            let Some(name) = &err.name else {
                // Without a name the code is the name: it may still clash
                // with another code's name.
                match code_of.get(code.as_str()) {
                    Some((other, of, os)) if *other != code => c.conflict(
                        (d.file, err.code.span.clone()),
                        (*of, os.clone()),
                        format!("codes `{other}` and `{code}` have one name `{code}`"),
                        "named so by its code",
                        "named here",
                    ),
                    Some(_) => {}
                    None => {
                        code_of.insert(code.clone(), (code, d.file, err.code.span.clone()));
                    }
                }
                continue;
            };
            c.ident(d.file, name, "name");
            if let Some((first, ff)) = name_of.get(&code)
                && first.value != name.value
            {
                c.conflict(
                    (d.file, name.span.clone()),
                    (*ff, first.span.clone()),
                    format!("code `{code}` has two names, `{}` and `{}`", first.value, name.value),
                    "named again here",
                    "first named here",
                );
            }
            name_of.entry(code.clone()).or_insert((name, d.file));
            match code_of.get(name.value.as_str()) {
                Some((other, of, os)) if *other != code => c.conflict(
                    (d.file, name.span.clone()),
                    (*of, os.clone()),
                    format!("codes `{other}` and `{code}` have one name `{}`", name.value),
                    "this name",
                    "taken here",
                ),
                Some(_) => {}
                None => {
                    code_of.insert(name.value.clone(), (code, d.file, name.span.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_covers_a_path_and_what_is_under_it() {
        let paths = ["classes.rate_limit.statuses[1]".to_owned(), "envelope".to_owned()];
        assert!(damaged(&paths, "classes.rate_limit.statuses"));
        assert!(damaged(&paths, "classes.rate_limit"));
        assert!(damaged(&paths, "envelope"));
        assert!(!damaged(&paths, "envelope.code"), "damage is not inherited downwards");
        assert!(!damaged(&paths, "classes.rate"), "whole keys only");
        assert!(!damaged(&paths, "classes.server"));
    }

    #[test]
    fn template_words_are_snake_case_words_in_angle_brackets() {
        let words: Vec<&str> =
            template_words("Model <model> in <region>; a < b, <Not>, <<x>>, <a b>, <").into_iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["model", "region", "x"]);
        assert_eq!(template_words("<balance>")[0].1, 0..9);
    }

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
