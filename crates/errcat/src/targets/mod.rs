//! SDK targets: one module per language, each with a `names` module (casing,
//! keywords, literal and doc-comment escaping) and a view that maps the
//! [`Catalog`] to what its templates under `templates/<lang>/` print.
//!
//! Adding a target: a module here implementing [`Target`], a template folder,
//! and one line in [`all`].

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::serve::Plan;

pub mod go;
mod layout;
pub mod package;
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

    /// The names the generated package itself declares publicly
    /// (`names::RESERVED`): validation reports a spec-derived identifier
    /// equal to one in any letter case (`ApiError` beside `APIError`).
    fn reserved(&self) -> &'static [&'static str];

    /// Whether [`Target::class_ident`]s stand at the package's top level
    /// beside the [`Target::reserved`] names (Python and TypeScript classes,
    /// Go constants) rather than inside a type of their own.
    fn classes_beside_reserved(&self) -> bool {
        true
    }

    /// Why `name` cannot be this target's package name, if it cannot.
    fn check_package(&self, name: &str) -> Result<(), String>;

    /// The package name this target uses, from the catalog.
    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str;

    /// Renders the package into `out`, paths relative to `<out>/<name>/`.
    /// `plan` is `serve::plan(catalog)`, made once per run for every part
    /// that prints the server side.
    fn render(&self, catalog: &Catalog, plan: &Plan<'_>, out: &mut Outputs) -> Result<(), crate::Error>;

    /// Why `name` cannot name this target's module vendored into another
    /// SDK, if it cannot (see [`vendor`]).
    fn check_vendored_name(&self, name: &str) -> Result<(), String> {
        self.check_package(name)
    }

    /// Where a file of the rendered package goes in the vendored module
    /// (relative to the module's directory), or `None` for what a vendored
    /// module leaves out: the package manifest, README, build config.
    fn vendored_path(&self, path: &str, catalog: &Catalog) -> Option<String>;
}

/// The target's package as a module to vendor into an existing SDK: the
/// same code with `name` as the package name (the module name a Rust crate
/// declares with `mod`, the Python package it is imported as, the npm name
/// in its cross-copy brand, the Go import path), its imports relative, and
/// no package manifest. Paths are relative to the module's directory.
pub fn vendor(target: &dyn Target, catalog: &Catalog, name: &str) -> Result<Outputs, crate::Error> {
    target.check_vendored_name(name).map_err(|why| crate::Error::Render(format!("{} module name `{name}`: {why}", target.name())))?;
    let mut catalog = catalog.clone();
    let packages = &mut catalog.packages;
    let slot = match target.name() {
        "rust" => &mut packages.rust,
        "python" => &mut packages.python,
        "typescript" => &mut packages.typescript,
        _ => &mut packages.go,
    };
    *slot = name.to_owned();
    let mut package = Outputs::default();
    target.render(&catalog, &crate::serve::plan(&catalog), &mut package)?;
    let mut module = Outputs::default();
    for (path, text) in package.iter() {
        if let Some(to) = target.vendored_path(path, &catalog) {
            module.insert(to, text)?;
        }
    }
    Ok(module)
}

/// Every target, in a fixed order.
pub fn all() -> [&'static dyn Target; 4] {
    [&rust::Rust, &python::Python, &typescript::TypeScript, &go::Go]
}
