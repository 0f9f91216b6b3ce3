//! SDK targets: one module per language, each with a `names` module (casing,
//! keywords, literal and doc-comment escaping) and a view that maps the
//! [`Catalog`] to what its templates under `templates/<lang>/` print.
//!
//! Adding a target: a module here implementing [`Target`], a template folder,
//! and one line in [`all`].

use crate::output::Outputs;
use crate::resolve::Catalog;

pub mod case;
pub mod go;
pub mod python;
pub mod rust;
pub mod typescript;

/// A language the catalog is rendered into.
pub trait Target: Sync {
    /// Folder under the output directory and under `templates/`, e.g. `go`.
    fn name(&self) -> &'static str;

    /// The identifier a code becomes (e.g. `RateLimitExceeded`). Validation
    /// rejects two codes whose identifiers collide.
    fn code_ident(&self, code: &str) -> String;

    /// The identifier a class becomes (e.g. `RateLimitError`).
    fn class_ident(&self, class_id: &str) -> String;

    /// The identifier a context field becomes (e.g. `retryAfter`).
    fn field_ident(&self, field: &str) -> String;

    /// Why `name` cannot be this target's package name, if it cannot.
    fn check_package(&self, name: &str) -> Result<(), String>;

    /// The package name this target uses, from the catalog.
    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str;

    /// Renders the package into `out`, paths relative to `<out>/<name>/`.
    fn render(&self, catalog: &Catalog, out: &mut Outputs) -> Result<(), crate::Error>;
}

/// Every target, in a fixed order.
pub fn all() -> [&'static dyn Target; 4] {
    [&rust::Rust, &python::Python, &typescript::TypeScript, &go::Go]
}

/// Whether every byte of `text` passes `ok`: the fast-path test of each
/// target's escaping. It folds over all bytes without stopping early, so the
/// compiler vectorises it; spec text is short and nearly always passes.
pub fn every_byte(text: &str, ok: impl Fn(u8) -> bool) -> bool {
    text.bytes().fold(true, |all, b| all & ok(b))
}

/// How many bytes of `text` are `byte` (vectorised like [`every_byte`]).
pub fn count_byte(text: &str, byte: u8) -> usize {
    text.bytes().filter(|&b| b == byte).count()
}
