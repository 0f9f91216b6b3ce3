//! The Rust target: one crate per spec, `<out>/rust/`.
//!
//! [`view::CrateView`] maps the catalog to everything the templates under
//! `templates/rust/` print (identifiers, literals, doc comments, all computed
//! by [`names`]); this module only picks which template becomes which file.
//! `clients.rs`, `error.rs`, `grpc.rs`, `http_date.rs` and `rate_limit.rs`
//! are runtime code that does not depend on the spec: their templates are
//! copied verbatim under the notice; `retry.rs` and `document.rs` are runtime
//! code with one spec value each (the retry helper's settings, the API id).

use askama::Template;

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::serve::Plan;
use crate::targets::Target;
use crate::targets::package::Readme;

pub mod names;
mod server;
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

    /// A module name: the crate's `src/` becomes `<name>/` with `mod.rs`.
    fn check_vendored_name(&self, name: &str) -> Result<(), String> {
        let ident = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ident { Ok(()) } else { Err("a module name is a snake_case Rust identifier".into()) }
    }

    fn vendored_path(&self, path: &str, _: &Catalog) -> Option<String> {
        let file = path.strip_prefix("src/")?;
        Some(if file == "lib.rs" { "mod.rs".to_owned() } else { file.to_owned() })
    }

    fn render(&self, catalog: &Catalog, plan: &Plan<'_>, out: &mut Outputs) -> Result<(), crate::Error> {
        let v = &CrateView::new(catalog);
        out.insert("Cargo.toml", CargoToml { v }.render()?)?;
        out.insert("rustfmt.toml", RustfmtToml { v }.render()?)?;
        let package = &catalog.packages.rust;
        out.insert("README.md", Readme::new(catalog, package, "Rust crate", format!("cargo add {package}")).render()?)?;
        out.insert("src/lib.rs", LibRs { v }.render()?)?;
        out.insert("src/class.rs", ClassRs { v }.render()?)?;
        out.insert("src/clients.rs", ClientsRs { v }.render()?)?;
        out.insert("src/codes.rs", CodesRs { v }.render()?)?;
        out.insert("src/context.rs", ContextRs { v }.render()?)?;
        out.insert("src/envelope.rs", EnvelopeRs { v }.render()?)?;
        out.insert("src/error.rs", ErrorRs { v }.render()?)?;
        out.insert("src/retry.rs", RetryRs { v }.render()?)?;
        out.insert("src/rate_limit.rs", RateLimitRs { v }.render()?)?;
        out.insert("src/document.rs", DocumentRs { v }.render()?)?;
        out.insert("src/http_date.rs", HttpDateRs { v }.render()?)?;
        out.insert("src/grpc.rs", GrpcRs { v }.render()?)?;
        out.insert("src/subcodes.rs", SubcodesRs { v }.render()?)?;
        out.insert("src/messages.rs", MessagesRs { v }.render()?)?;
        out.insert("src/server.rs", ServerRs { v: &server::ServerView::new(catalog, plan) }.render()?)?;
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
#[template(path = "rust/clients.rs", escape = "none")]
struct ClientsRs<'a> {
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
#[template(path = "rust/rate_limit.rs", escape = "none")]
struct RateLimitRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/document.rs", escape = "none")]
struct DocumentRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/http_date.rs", escape = "none")]
struct HttpDateRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/grpc.rs", escape = "none")]
struct GrpcRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/subcodes.rs", escape = "none")]
struct SubcodesRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/messages.rs", escape = "none")]
struct MessagesRs<'a> {
    v: &'a CrateView,
}

#[derive(Template)]
#[template(path = "rust/server.rs", escape = "none")]
struct ServerRs<'a> {
    v: &'a server::ServerView,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::names::{API_ERROR_METHODS, RESERVED, formatter_name, subcode_accessor, subcode_type};
    use crate::targets::Target;

    /// Every `pub` name the crate for `spec` declares that does not come from
    /// the spec, with where: `(name, "root" | "ApiError" | "associated")`.
    fn own_public_names(spec: &str) -> Vec<(String, &'static str)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let catalog = crate::load_catalog(&root.join(spec), false).expect("the example spec is valid");
        let mut out = crate::Outputs::default();
        super::Rust.render(&catalog, &crate::serve::plan(&catalog), &mut out).expect("renders");
        let from_spec: Vec<String> = catalog
            .subcodes
            .iter()
            .flat_map(|s| [subcode_type(&s.name), subcode_accessor(&s.name)])
            .chain(catalog.codes.iter().map(|c| formatter_name(&c.name)))
            .collect();
        let mut names = Vec::new();
        // `server.rs` declares its builders inside `server::`, where the
        // view keeps them apart from the module's own few names.
        for (path, text) in out.iter().filter(|(path, _)| path.ends_with(".rs") && *path != "src/server.rs") {
            let mut in_impl: Option<&str> = None;
            // A `pub use` rustfmt wrapped over several lines, joined into one.
            let mut lines: Vec<String> = Vec::new();
            for line in text.lines() {
                match lines.last_mut() {
                    Some(open) if open.starts_with("pub use ") && !open.ends_with(';') => {
                        open.push_str(line.trim());
                        if line.trim() != "};" && !line.trim().ends_with('{') {
                            open.push(' ');
                        }
                    }
                    _ => lines.push(line.to_owned()),
                }
            }
            let lines: Vec<String> = lines.iter().map(|l| l.replace(", }", "}")).collect();
            for line in &lines {
                if let Some(rest) = line.strip_prefix("impl ") {
                    in_impl = Some(rest.split(" for ").last().unwrap_or(rest).trim_end_matches(" {"));
                } else if line == "}" {
                    in_impl = None;
                }
                let (indent, item) = match line.strip_prefix("    pub ") {
                    Some(item) => (true, item),
                    None => match line.strip_prefix("pub ") {
                        Some(item) => (false, item),
                        None => continue,
                    },
                };
                let Some((kind, rest)) = item.split_once(' ') else { continue };
                let idents: Vec<&str> = match kind {
                    "use" => {
                        let list = rest.split_once("::").map_or(rest, |(_, list)| list);
                        list.trim_end_matches(';').trim_matches(['{', '}']).split(", ").collect()
                    }
                    "fn" | "struct" | "enum" | "mod" | "const" | "static" | "trait" | "type" => {
                        vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
                    }
                    // `pub field: Type` of a struct, or `pub(crate)`.
                    _ => continue,
                };
                let place = match (indent, in_impl) {
                    (false, _) => "root",
                    (true, Some("ApiError")) => "ApiError",
                    (true, Some(_)) if kind == "const" => "associated",
                    _ => continue,
                };
                for ident in idents {
                    let ident = ident.trim_start_matches("r#").to_owned();
                    if !from_spec.contains(&ident) {
                        names.push((ident, place));
                    }
                }
                let _ = path;
            }
        }
        names
    }

    #[test]
    fn every_public_name_of_the_crate_is_reserved() {
        let mut seen = 0;
        for spec in ["examples/cardpay/spec", "examples/problems/spec", "examples/cloudrpc/spec", "spec"] {
            for (name, place) in own_public_names(spec) {
                let list = if place == "ApiError" { API_ERROR_METHODS } else { RESERVED };
                assert!(list.contains(&name.as_str()), "{spec}: `{name}` ({place}) is missing from the reserved names");
                seen += 1;
            }
        }
        // The scan found the crate's names: a broken scan must not pass.
        assert!(seen > 100, "only {seen} names found");
    }

    #[test]
    fn spec_names_never_take_the_crates_own() {
        assert_eq!(subcode_type("code"), "Code_");
        assert_eq!(subcode_type("option"), "Option_");
        assert_eq!(subcode_type("decline_code"), "DeclineCode");
        assert_eq!(subcode_accessor("class"), "class_");
        assert_eq!(subcode_accessor("to_string"), "to_string_");
        assert_eq!(subcode_accessor("decline_code"), "decline_code");
        assert_eq!(formatter_name("for_code"), "for_code_");
        assert_eq!(formatter_name("out_of_credit"), "out_of_credit");
        assert_eq!(super::names::subcode_variant("known"), "Known");
        assert_eq!(super::names::subcode_variant("KNOWN"), "Known");
        assert_eq!(super::names::subcode_variant("unknown"), "Unknown_");
        assert_eq!(super::names::subcode_variant("3ds_required"), "V3dsRequired");
        assert_eq!(super::names::class_variant("a_l_l"), "ALL_");
    }
}
