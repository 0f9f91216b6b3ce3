//! The Python target: a typed, stdlib-only package per spec.
//!
//! `view` maps the [`Catalog`] to what the templates under
//! `templates/python/` print (every identifier, literal and docstring is
//! computed there, through [`names`]); the runtime modules that do not
//! depend on the spec (`_json.py`, `_errors.py`, `_parse.py`, `_retry.py`,
//! `_document.py`, `_grpc.py`, `_template.py`) are templates only for the
//! notice line.

use crate::artifacts::generated_notice;
use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::serve::Plan;
use crate::targets::Target;
use crate::targets::package::Readme;
use askama::Template;

pub mod names;
mod server;
mod view;

pub struct Python;

impl Target for Python {
    fn reserved(&self) -> &'static [&'static str] {
        names::RESERVED
    }

    fn name(&self) -> &'static str {
        "python"
    }

    fn code_ident(&self, code: &str) -> String {
        names::code_member(code)
    }

    fn class_ident(&self, class_id: &str) -> String {
        names::class_name(class_id)
    }

    fn field_ident(&self, field: &str) -> String {
        names::field_attr(field)
    }

    fn check_package(&self, name: &str) -> Result<(), String> {
        names::check_package(name)
    }

    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str {
        &catalog.packages.python
    }

    /// The package directory alone; its imports are relative already.
    fn vendored_path(&self, path: &str, catalog: &Catalog) -> Option<String> {
        path.strip_prefix(&format!("src/{}/", catalog.packages.python)).map(str::to_owned)
    }

    fn render(&self, catalog: &Catalog, plan: &Plan<'_>, out: &mut Outputs) -> Result<(), crate::Error> {
        let package = self.package(catalog);
        let src = format!("src/{package}");
        let notice = generated_notice(catalog);
        let v = view::Package::new(catalog);
        // Askama drops a template's final newline; every file ends in one.
        let file = |t: &dyn askama::DynTemplate| t.dyn_render().map(|text| text + "\n");
        out.insert("pyproject.toml", file(&view::Pyproject::new(catalog))?)?;
        let project = package.replace('_', "-");
        out.insert("README.md", Readme::new(catalog, &project, "Python package", format!("pip install {project}")).render()?)?;
        out.insert(format!("{src}/__init__.py"), file(&view::Init::new(catalog, &v))?)?;
        out.insert(format!("{src}/_catalog.py"), file(&v)?)?;
        out.insert(format!("{src}/_codes.py"), file(&v.codes)?)?;
        out.insert(format!("{src}/_classes.py"), file(&view::Classes { notice: notice.clone(), classes: &v.classes })?)?;
        out.insert(format!("{src}/_errors.py"), file(&view::Errors { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_json.py"), file(&view::Json { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_parse.py"), file(&view::Parse { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_retry.py"), file(&view::Retry { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_document.py"), file(&view::Document { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_grpc.py"), file(&view::Grpc { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_template.py"), file(&view::MessageTemplate { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_serve.py"), file(&view::Serve { notice })?)?;
        out.insert(format!("{src}/server.py"), file(&server::Server::new(catalog, plan))?)?;
        out.insert(format!("{src}/py.typed"), "")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{Python, names};
    use crate::model::GrpcCode;
    use crate::output::Outputs;
    use crate::targets::Target;

    /// Every shipped spec's Python files, rendered.
    fn rendered() -> Vec<(String, Outputs)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        crate::shipped_specs(&root)
            .into_iter()
            .map(|(spec, _)| {
                let catalog = crate::load_catalog(&root.join(&spec), false).expect("shipped specs are valid");
                let mut out = Outputs::default();
                Python.render(&catalog, &crate::serve::plan(&catalog), &mut out).expect("renders");
                (spec.display().to_string(), out)
            })
            .collect()
    }

    /// The module-level names a Python file binds: definitions, assignments,
    /// annotated assignments and imports (one per line or parenthesised).
    fn module_names(text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut in_import = false;
        let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        let mut in_doc = false;
        for line in text.lines() {
            // Docstrings hold prose such as `Docs: https://...`.
            let quotes = line.matches("\"\"\"").count();
            if in_doc || quotes > 0 {
                in_doc ^= quotes % 2 == 1;
                continue;
            }
            if in_import {
                if line.starts_with(')') {
                    in_import = false;
                } else {
                    found.insert(ident(line.trim()));
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix("from ") {
                let names = rest.split_once(" import ").map_or("", |(_, names)| names);
                if names == "(" {
                    in_import = true;
                } else {
                    found.extend(names.split(", ").map(ident));
                }
            } else if let Some(rest) = line.strip_prefix("class ").or_else(|| line.strip_prefix("def ")) {
                found.insert(ident(rest));
            } else if line.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                let name = ident(line);
                let after = &line[name.len()..];
                if after.starts_with(" = ") || after.starts_with(": ") {
                    found.insert(name);
                }
            }
        }
        found.retain(|n| !n.is_empty() && !n.starts_with('_'));
        found
    }

    #[test]
    fn reserved_lists_every_name_the_package_defines_itself() {
        for (spec, out) in rendered() {
            let catalog = crate::load_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(&spec), false).unwrap();
            let mut derived: BTreeSet<String> = catalog.classes.iter().map(|c| names::class_name(&c.id)).collect();
            derived.extend(catalog.subcodes.iter().map(|s| names::subcode_enum(&s.name)));
            derived.extend(catalog.errors().filter(|e| !e.params.is_empty()).map(|e| names::formatter(&e.name)));
            for (path, text) in out.iter() {
                let module = path.rsplit('/').next().unwrap_or(path);
                if !["__init__.py", "_catalog.py", "_classes.py", "_codes.py"].contains(&module) {
                    continue;
                }
                for name in module_names(text) {
                    assert!(
                        names::RESERVED.contains(&name.as_str()) || derived.contains(&name),
                        "{spec}: {path} binds `{name}`, which is neither in names::RESERVED nor spec-derived"
                    );
                }
            }
            for name in &derived {
                assert!(!names::RESERVED.contains(&name.as_str()), "{spec}: `{name}` is reserved");
            }
        }
    }

    #[test]
    fn exports_are_reserved() {
        for name in names::EXPORTS.iter().flat_map(|(_, names)| names.iter()) {
            assert!(names::RESERVED.contains(name), "{name}");
        }
    }

    /// `_grpc.py` is hand-written: it must list `google.rpc.Code` and the
    /// HTTP mapping exactly as the engine does.
    #[test]
    fn grpc_module_agrees_with_the_engine() {
        let text = include_str!("../../../../../templates/python/_grpc.py");
        let all = [
            GrpcCode::Ok,
            GrpcCode::Cancelled,
            GrpcCode::Unknown,
            GrpcCode::InvalidArgument,
            GrpcCode::DeadlineExceeded,
            GrpcCode::NotFound,
            GrpcCode::AlreadyExists,
            GrpcCode::PermissionDenied,
            GrpcCode::ResourceExhausted,
            GrpcCode::FailedPrecondition,
            GrpcCode::Aborted,
            GrpcCode::OutOfRange,
            GrpcCode::Unimplemented,
            GrpcCode::Internal,
            GrpcCode::Unavailable,
            GrpcCode::DataLoss,
            GrpcCode::Unauthenticated,
        ];
        let members =
            text.lines().filter(|l| l.starts_with("    ") && l.trim_start().chars().next().is_some_and(|c| c.is_ascii_uppercase()));
        let members: Vec<&str> = members.filter(|l| l.contains(" = ")).map(str::trim).collect();
        let expected: Vec<String> = all.iter().map(|g| format!("{} = {}", g.name(), g.number())).collect();
        assert_eq!(members, expected);
        let mapped: Vec<(u16, &str)> = text
            .lines()
            .filter_map(|l| l.trim().strip_suffix(',')?.split_once(": GrpcCode."))
            .map(|(status, name)| (status.parse().unwrap(), name))
            .collect();
        for status in 100..=599 {
            let python = mapped.iter().find(|(s, _)| *s == status).map_or("UNKNOWN", |(_, n)| n);
            assert_eq!(python, GrpcCode::for_status(status).name(), "{status}");
        }
    }
}
