//! The catalog as the Go templates see it: every identifier, literal and doc
//! comment already made (by [`names`]), in the order it is printed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use crate::artifacts::{generated_notice, pointer_tokens};
use crate::model::{FieldType, RetryMode, StatusRange};
use crate::resolve::{Catalog, Error as SpecError, RetryPolicy};

use super::names::{self, DocComment, string_lit};

pub struct View {
    /// `// Code generated ... DO NOT EDIT.`
    pub notice: String,
    pub module: String,
    pub package: String,
    /// The package doc comment (for `doc.go`).
    pub package_doc: String,
    pub codes: Vec<CodeView>,
    /// Sorted by code, then domain order: binary search finds a code's run.
    pub definitions: Vec<DefinitionView>,
    /// Sorted by message; the first error (spec order) with that message.
    pub exact_matches: Vec<MatchView>,
    /// In spec order.
    pub prefix_matches: Vec<MatchView>,
    pub classes: Vec<ClassView>,
    pub status_cases: Vec<StatusCase>,
    pub fallbacks: Vec<Fallback>,
    /// Rule 9's last resort: `never` with the `[retry]` parameters.
    pub default_policy: PolicyView,
    pub fields: Vec<FieldView>,
    /// Which typed field readers `envelope.go` needs (no unused functions).
    pub reads_string: bool,
    pub reads_integer: bool,
    pub reads_number: bool,
    pub reads_boolean: bool,
    /// What those readers import.
    pub context_imports: Vec<&'static str>,
    pub env: EnvelopeView,
}

pub struct CodeView {
    pub doc: String,
    pub ident: String,
    pub lit: String,
}

pub struct DefinitionView {
    pub code: String,
    pub domain: String,
    pub status: u16,
    pub class: String,
    pub message: String,
    pub description: String,
    pub remedy: Option<String>,
    pub field: Option<String>,
    /// `"a", "b"`, or empty.
    pub fields: String,
    pub retry: PolicyView,
    pub since: Option<String>,
    pub deprecated: Option<DeprecationView>,
    pub docs_url: Option<String>,
}

pub struct DeprecationView {
    pub since: String,
    pub replacement: Option<String>,
    pub note: Option<String>,
}

pub struct MatchView {
    pub message: String,
    pub code: String,
}

pub struct ClassView {
    pub doc: String,
    pub ident: String,
    pub lit: String,
    pub sentinel: String,
    pub sentinel_doc: String,
    pub title: String,
    pub description: String,
    pub retry: PolicyView,
}

pub struct StatusCase {
    /// `502, 503, 504`
    pub statuses: String,
    pub class: String,
}

pub struct Fallback {
    /// `status >= 500 && status <= 599`
    pub condition: String,
    pub class: String,
}

pub struct PolicyView {
    pub mode: &'static str,
    pub max_attempts: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
}

pub struct FieldView {
    pub doc: String,
    pub name: String,
    /// `*int64`
    pub go_type: &'static str,
    /// The whole struct tag, backquotes included.
    pub tag: String,
    pub wire: String,
    /// The reader in `envelope.go`, e.g. `integerField`.
    pub reader: &'static str,
}

/// Go expressions for where each part of an error is.
pub struct EnvelopeView {
    pub code: String,
    pub messages: String,
    pub details: String,
    pub request_id: String,
    pub field: String,
    pub context: String,
    pub retry_after: String,
    pub request_id_headers: String,
    pub retry_after_header: String,
    pub retry_after_ms_header: String,
    pub should_retry_header: String,
}

fn policy(p: &RetryPolicy) -> PolicyView {
    PolicyView {
        mode: match p.policy {
            RetryMode::Never => "RetryModeNever",
            RetryMode::Backoff => "RetryModeBackoff",
            RetryMode::RetryAfter => "RetryModeRetryAfter",
        },
        max_attempts: p.max_attempts,
        initial_delay_ms: p.initial_delay_ms,
        max_delay_ms: p.max_delay_ms,
        max_retry_after_ms: p.max_retry_after_ms,
    }
}

/// `location{"error", "code"}`, `location{}` for the whole body, `nil` for
/// nowhere.
fn location(pointer: Option<&str>) -> String {
    match pointer {
        None => "nil".into(),
        Some(p) => format!("location{{{}}}", pointer_tokens(p).iter().map(|t| string_lit(t)).collect::<Vec<_>>().join(", ")),
    }
}

fn string_list(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        names::push_string_lit(&mut out, item);
    }
    out
}

impl View {
    pub fn new(catalog: &Catalog) -> Result<Self, crate::Error> {
        let module = catalog.packages.go.clone();
        let package = names::package_name(&module).map_err(|why| crate::Error::Render(format!("Go module path `{module}`: {why}")))?;
        // Each code's and class's identifier is made once: definitions,
        // matches and replacements refer to them many times over.
        let code_idents: HashMap<&str, String> = catalog.codes.iter().map(|c| (c.code.as_str(), names::code_const(&c.code))).collect();
        let class_idents: HashMap<&str, String> = catalog.classes.iter().map(|c| (c.id.as_str(), names::class_const(&c.id))).collect();
        let code_ident = |code: &str| code_idents.get(code).cloned().unwrap_or_else(|| names::code_const(code));
        let class_ident = |id: &str| class_idents.get(id).cloned().unwrap_or_else(|| names::class_const(id));
        let code_expr = |code: &str| match code_idents.get(code) {
            Some(ident) => ident.clone(),
            None => format!("Code({})", string_lit(code)),
        };

        let mut package_doc = vec![format!(
            "Package {package} turns error responses of the {} API into typed Go errors: one *Error type with a class (errors.Is(err, ErrRateLimit)-style sentinels), the code, its definition from the error catalog, typed context fields and retry guidance.",
            catalog.api.name
        )];
        if let Some(d) = &catalog.api.description {
            package_doc.push(d.clone());
        }
        package_doc.push(format!(
            "Build an *Error from any response with FromResponse or FromParts: they never fail and never panic. Run a request with retries under the catalog's policies with Do. Generated from version {} of the error catalog.",
            catalog.api.version
        ));
        if let Some(url) = &catalog.api.docs_url {
            package_doc.push(format!("Reference: {url}"));
        }

        let mut codes = Vec::with_capacity(catalog.codes.len());
        let mut definitions = Vec::with_capacity(catalog.codes.len());
        // One paragraph at a time is written here, then into the comment.
        let mut para = String::new();
        let mut statuses = Vec::new();
        for code in &catalog.codes {
            let defs: Vec<&SpecError> = catalog.definitions(code).collect();
            let ident = &code_idents[code.code.as_str()];
            let mut doc_out = String::with_capacity(256);
            let mut doc = DocComment::new(&mut doc_out, "\t");
            statuses.clear();
            statuses.extend(defs.iter().map(|d| d.status));
            statuses.sort_unstable();
            statuses.dedup();
            para.clear();
            let _ = write!(para, "{ident} is the code {} (HTTP ", code.code);
            for (i, s) in statuses.iter().enumerate() {
                let _ = write!(para, "{}{s}", if i > 0 { ", " } else { "" });
            }
            para.push_str(").");
            doc.paragraph(&para);
            for d in &defs {
                if defs.len() > 1 {
                    para.clear();
                    let _ = write!(para, "With HTTP {} (domain {}): {}", d.status, d.domain, d.description);
                    doc.paragraph(&para);
                } else {
                    doc.paragraph(&d.description);
                }
                if let Some(remedy) = &d.remedy {
                    para.clear();
                    para.push_str("Remedy: ");
                    para.push_str(remedy);
                    doc.paragraph(&para);
                }
            }
            if !defs.is_empty() && defs.iter().all(|d| d.deprecated.is_some()) {
                let dep = defs[0].deprecated.as_ref().expect("checked above");
                para.clear();
                let _ = write!(para, "Deprecated: deprecated since version {}.", dep.since);
                if let Some(r) = &dep.replacement {
                    let _ = write!(para, " Use {} instead.", code_expr(r));
                }
                if let Some(note) = &dep.note {
                    para.push(' ');
                    para.push_str(note);
                }
                doc.paragraph(&para);
            }
            codes.push(CodeView { doc: doc_out, lit: string_lit(&code.code), ident: ident.clone() });
            for d in defs {
                definitions.push(DefinitionView {
                    code: ident.clone(),
                    domain: string_lit(&d.domain),
                    status: d.status,
                    class: class_ident(&d.class),
                    message: string_lit(&d.message),
                    description: string_lit(&d.description),
                    remedy: d.remedy.as_deref().map(string_lit),
                    field: d.field.as_deref().map(string_lit),
                    fields: string_list(&d.fields),
                    retry: policy(&d.retry),
                    since: d.since.as_deref().map(string_lit),
                    deprecated: d.deprecated.as_ref().map(|dep| DeprecationView {
                        since: string_lit(&dep.since),
                        replacement: dep.replacement.as_deref().map(code_expr),
                        note: dep.note.as_deref().map(string_lit),
                    }),
                    docs_url: d.docs_url.as_deref().map(string_lit),
                });
            }
        }

        // Rule 3: exact matches over all errors in spec order, then prefixes.
        let mut exact: BTreeMap<&str, &str> = BTreeMap::new();
        let mut prefix_matches = Vec::new();
        for e in catalog.errors() {
            for m in &e.matches.exact {
                exact.entry(m.as_str()).or_insert(e.code.as_str());
            }
        }
        for e in catalog.errors() {
            for p in &e.matches.prefix {
                prefix_matches.push(MatchView { message: string_lit(p), code: code_ident(&e.code) });
            }
        }
        let exact_matches = exact.into_iter().map(|(m, c)| MatchView { message: string_lit(m), code: code_ident(c) }).collect::<Vec<_>>();

        let mut classes = Vec::new();
        let mut seen = BTreeMap::new();
        for c in &catalog.classes {
            let ident = names::class_const(&c.id);
            if let Some(other) = seen.insert(ident.clone(), c.id.clone()) {
                return Err(crate::Error::Render(format!("classes `{other}` and `{}` both become Go `{ident}`", c.id)));
            }
            let statuses = if c.statuses.is_empty() {
                String::new()
            } else {
                format!(" (HTTP {})", c.statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "))
            };
            let mut doc = vec![format!("{ident} is the class {}: {}{statuses}.", c.id, c.title), c.description.clone()];
            doc.extend(c.causes.iter().map(|cause| format!("Cause: {cause}")));
            doc.extend(c.solutions.iter().map(|s| format!("Remedy: {s}")));
            let sentinel = names::class_sentinel(&c.id);
            classes.push(ClassView {
                doc: names::doc_comment(&doc, "\t"),
                sentinel_doc: names::doc_comment(
                    &[format!("{sentinel} matches, with errors.Is, every *Error of class {ident}: {}", c.description)],
                    "\t",
                ),
                sentinel,
                lit: string_lit(&c.id),
                title: string_lit(&c.title),
                description: string_lit(&c.description),
                retry: policy(&c.retry),
                ident,
            });
        }
        let status_cases = catalog
            .classes
            .iter()
            .filter(|c| !c.statuses.is_empty())
            .map(|c| StatusCase {
                statuses: c.statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                class: names::class_const(&c.id),
            })
            .collect();
        let fallbacks = catalog
            .classes
            .iter()
            .filter_map(|c| {
                let condition = match c.fallback? {
                    StatusRange::Client => "status >= 400 && status <= 499",
                    StatusRange::Server => "status >= 500 && status <= 599",
                };
                Some(Fallback { condition: condition.into(), class: names::class_const(&c.id) })
            })
            .collect();

        let mut fields = Vec::new();
        let mut field_names = BTreeMap::new();
        for f in &catalog.fields {
            let name = names::field_name(&f.name);
            if let Some(other) = field_names.insert(name.clone(), f.name.clone()) {
                return Err(crate::Error::Render(format!("context fields `{other}` and `{}` both become Go `{name}`", f.name)));
            }
            let (go_type, reader) = match f.ty {
                FieldType::String => ("*string", "stringField"),
                FieldType::Integer => ("*int64", "integerField"),
                FieldType::Number => ("*float64", "numberField"),
                FieldType::Boolean => ("*bool", "booleanField"),
            };
            let unit = f.unit.as_ref().map(|u| format!(" (unit: {u})")).unwrap_or_default();
            fields.push(FieldView {
                doc: names::doc_comment(&[format!("{name} is the body's {}{unit}, when present: {}", f.name, f.description)], "\t"),
                go_type,
                tag: format!("`json:\"{},omitempty\"`", f.name),
                wire: string_lit(&f.name),
                reader,
                name,
            });
        }
        let reads = |ty: FieldType| catalog.fields.iter().any(|f| f.ty == ty);
        let mut context_imports = BTreeSet::new();
        if reads(FieldType::Integer) {
            context_imports.extend(["encoding/json", "math", "strconv"]);
        }
        if reads(FieldType::Number) {
            context_imports.insert("math");
        }
        let context_imports: Vec<&'static str> = context_imports.into_iter().collect();

        let e = &catalog.envelope;
        let env = EnvelopeView {
            code: location(e.code.as_deref()),
            // Elements elide their type, as `gofmt -s` would have it.
            messages: format!(
                "[]location{{{}}}",
                e.message.iter().map(|m| location(Some(m)).trim_start_matches("location").to_owned()).collect::<Vec<_>>().join(", ")
            ),
            details: location(e.details.as_deref()),
            request_id: location(e.request_id.as_deref()),
            field: location(e.field.as_deref()),
            context: location(e.context.as_deref()),
            retry_after: location(e.retry_after.as_deref()),
            request_id_headers: format!("[]string{{{}}}", string_list(&e.headers.request_id)),
            retry_after_header: string_lit(&e.headers.retry_after),
            retry_after_ms_header: string_lit(e.headers.retry_after_ms.as_deref().unwrap_or("")),
            should_retry_header: string_lit(e.headers.should_retry.as_deref().unwrap_or("")),
        };

        Ok(View {
            notice: format!("// {}", generated_notice(catalog)),
            module,
            package_doc: names::doc_comment(&package_doc, ""),
            package,
            codes,
            definitions,
            exact_matches,
            prefix_matches,
            classes,
            status_cases,
            fallbacks,
            default_policy: policy(&catalog.retry),
            fields,
            reads_string: reads(FieldType::String),
            reads_integer: reads(FieldType::Integer),
            reads_number: reads(FieldType::Number),
            reads_boolean: reads(FieldType::Boolean),
            context_imports,
            env,
        })
    }
}
