//! The Python target: a typed, stdlib-only package per spec.
//!
//! `view` maps the [`Catalog`] to what the templates under
//! `templates/python/` print (every identifier, literal and docstring is
//! computed there, through [`names`]); the runtime modules that do not
//! depend on the spec (`_json.py`, `_errors.py`, `_parse.py`, `_retry.py`)
//! are templates only for the notice line.

use crate::artifacts::generated_notice;
use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::targets::Target;

pub mod names;
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

    fn render(&self, catalog: &Catalog, out: &mut Outputs) -> Result<(), crate::Error> {
        let package = self.package(catalog);
        let src = format!("src/{package}");
        let notice = generated_notice(catalog);
        let v = view::Package::new(catalog);
        // Askama drops a template's final newline; every file ends in one.
        let file = |t: &dyn askama::DynTemplate| t.dyn_render().map(|text| text + "\n");
        out.insert("pyproject.toml", file(&view::Pyproject::new(catalog))?)?;
        out.insert(format!("{src}/__init__.py"), file(&view::Init::new(catalog, &v))?)?;
        out.insert(format!("{src}/_catalog.py"), file(&v)?)?;
        out.insert(format!("{src}/_classes.py"), file(&view::Classes { notice: notice.clone(), classes: &v.classes })?)?;
        out.insert(format!("{src}/_errors.py"), file(&view::Errors { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_json.py"), file(&view::Json { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_parse.py"), file(&view::Parse { notice: notice.clone() })?)?;
        out.insert(format!("{src}/_retry.py"), file(&view::Retry { notice })?)?;
        out.insert(format!("{src}/py.typed"), "")?;
        Ok(())
    }
}
