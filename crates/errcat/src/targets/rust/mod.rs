//! The Rust target: one crate per spec, `<out>/rust/`.
//!
//! [`view::CrateView`] maps the catalog to everything the templates under
//! `templates/rust/` print (identifiers, literals, doc comments, all computed
//! by [`names`]); this module only picks which template becomes which file.
//! `error.rs`, `retry.rs` and `http_date.rs` are runtime code that does not
//! depend on the spec: their templates are copied verbatim under the notice.

use askama::Template;

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::targets::Target;

pub mod names;
mod view;

use view::CrateView;

pub struct Rust;

impl Target for Rust {
    fn reserved(&self) -> &'static [&'static str] {
        names::RESERVED
    }

    /// Classes are `ErrorClass` variants, not crate-root items.
    fn classes_beside_reserved(&self) -> bool {
        false
    }

    fn name(&self) -> &'static str {
        "rust"
    }

    fn code_ident(&self, code: &str) -> String {
        names::code_variant(code)
    }

    fn class_ident(&self, class_id: &str) -> String {
        names::class_variant(class_id)
    }

    fn field_ident(&self, field: &str) -> String {
        names::field_name(field)
    }

    fn check_package(&self, name: &str) -> Result<(), String> {
        names::check_package(name)
    }

    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str {
        &catalog.packages.rust
    }

    fn render(&self, catalog: &Catalog, out: &mut Outputs) -> Result<(), crate::Error> {
        let v = &CrateView::new(catalog);
        out.insert("Cargo.toml", CargoToml { v }.render()?)?;
        out.insert("rustfmt.toml", RustfmtToml { v }.render()?)?;
        out.insert("src/lib.rs", LibRs { v }.render()?)?;
        out.insert("src/class.rs", ClassRs { v }.render()?)?;
        out.insert("src/codes.rs", CodesRs { v }.render()?)?;
        out.insert("src/context.rs", ContextRs { v }.render()?)?;
        out.insert("src/envelope.rs", EnvelopeRs { v }.render()?)?;
        out.insert("src/error.rs", ErrorRs { v }.render()?)?;
        out.insert("src/retry.rs", RetryRs { v }.render()?)?;
        out.insert("src/http_date.rs", HttpDateRs { v }.render()?)?;
        Ok(())
    }
}

#[derive(Template)]
#[template(path = "rust/Cargo.toml", escape = "none")]
struct CargoToml<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/rustfmt.toml", escape = "none")]
struct RustfmtToml<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/lib.rs", escape = "none")]
struct LibRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/class.rs", escape = "none")]
struct ClassRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/codes.rs", escape = "none")]
struct CodesRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/context.rs", escape = "none")]
struct ContextRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/envelope.rs", escape = "none")]
struct EnvelopeRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/error.rs", escape = "none")]
struct ErrorRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/retry.rs", escape = "none")]
struct RetryRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/http_date.rs", escape = "none")]
struct HttpDateRs<'a> {
    v: &'a CrateView,
}
