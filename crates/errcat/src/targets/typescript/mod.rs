//! The TypeScript target: an ES module package per spec, rendered from
//! `templates/typescript/` through the view built in [`view`].
//!
//! Files: `package.json`, `tsconfig.json`, `src/catalog.ts` (the spec as
//! data), `src/errors.ts` (error types and constructors), `src/messages.ts`
//! (message formatters), `src/runtime.ts` (spec-independent logic, copied
//! verbatim) and `src/index.ts`.
//!
//! Askama drops one final newline from each template file, so the templates
//! end with an empty line to keep the newline every formatter wants.

use askama::Template;

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::serve::Plan;
use crate::targets::Target;
use crate::targets::package::Readme;

pub mod names;
mod server;
mod view;

use view::{ClassView, FieldView, FormatterView, SubcodeView, View};

pub struct TypeScript;

#[derive(Template)]
#[template(path = "typescript/catalog.ts", escape = "none")]
struct CatalogTs<'a> {
    notice: &'a str,
    catalog_doc: &'a str,
    codes: &'a str,
    classes: &'a [ClassView],
    definitions: &'a str,
    retry_policies: &'a str,
    fields: &'a [FieldView],
    envelope: &'a [String],
    default_retry: &'a [String],
    api_literal: &'a str,
    subcodes: &'a [SubcodeView],
}

#[derive(Template)]
#[template(path = "typescript/errors.ts", escape = "none")]
struct ErrorsTs<'a> {
    notice: &'a str,
    errors_doc: &'a str,
    brand_literal: &'a str,
    classes: &'a [ClassView],
    fields: &'a [FieldView],
    subcodes: &'a [SubcodeView],
    catalog_imports: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/messages.ts", escape = "none")]
struct MessagesTs<'a> {
    notice: &'a str,
    messages_doc: &'a str,
    formatters: &'a [FormatterView],
}

#[derive(Template)]
#[template(path = "typescript/runtime.ts", escape = "none")]
struct RuntimeTs<'a> {
    notice: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/serve.ts", escape = "none")]
struct ServeTs<'a> {
    notice: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/index.ts", escape = "none")]
struct IndexTs<'a> {
    notice: &'a str,
    index_doc: &'a str,
    catalog_exports: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/tsconfig.json", escape = "none")]
struct TsConfig<'a> {
    notice: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/package.json", escape = "none")]
struct PackageJson<'a> {
    package_json: &'a str,
}

impl Target for TypeScript {
    fn reserved(&self) -> &'static [&'static str] {
        names::RESERVED
    }

    fn name(&self) -> &'static str {
        "typescript"
    }

    fn code_ident(&self, code: &str) -> String {
        names::code_ident(code)
    }

    fn class_ident(&self, class_id: &str) -> String {
        names::class_ident(class_id)
    }

    fn field_ident(&self, field: &str) -> String {
        names::field_ident(field)
    }

    fn check_package(&self, name: &str) -> Result<(), String> {
        check_npm_name(name)
    }

    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str {
        &catalog.packages.typescript
    }

    /// `src/` alone: the modules import each other as `./x.js`.
    fn vendored_path(&self, path: &str, _: &Catalog) -> Option<String> {
        path.strip_prefix("src/").map(str::to_owned)
    }

    fn render(&self, catalog: &Catalog, plan: &Plan<'_>, out: &mut Outputs) -> Result<(), crate::Error> {
        let v: View = view::build(catalog);
        let notice = v.notice.as_str();
        out.insert("package.json", PackageJson { package_json: &v.package_json }.render()?)?;
        out.insert("tsconfig.json", TsConfig { notice }.render()?)?;
        let package = self.package(catalog);
        out.insert("README.md", Readme::new(catalog, package, "TypeScript package", format!("npm install {package}")).render()?)?;
        out.insert(
            "src/catalog.ts",
            CatalogTs {
                notice,
                catalog_doc: &v.catalog_doc,
                codes: &v.codes,
                classes: &v.classes,
                definitions: &v.definitions,
                retry_policies: &v.retry_policies,
                fields: &v.fields,
                envelope: &v.envelope,
                default_retry: &v.default_retry,
                api_literal: &v.api_literal,
                subcodes: &v.subcodes,
            }
            .render()?,
        )?;
        out.insert(
            "src/errors.ts",
            ErrorsTs {
                notice,
                errors_doc: &v.errors_doc,
                brand_literal: &v.brand_literal,
                classes: &v.classes,
                fields: &v.fields,
                subcodes: &v.subcodes,
                catalog_imports: &v.catalog_imports,
            }
            .render()?,
        )?;
        out.insert("src/messages.ts", MessagesTs { notice, messages_doc: &v.messages_doc, formatters: &v.formatters }.render()?)?;
        out.insert("src/runtime.ts", RuntimeTs { notice }.render()?)?;
        out.insert("src/serve.ts", ServeTs { notice }.render()?)?;
        out.insert("src/server.ts", server::ServerTs::new(catalog, plan).render()?)?;
        out.insert("src/index.ts", IndexTs { notice, index_doc: &v.index_doc, catalog_exports: &v.catalog_exports }.render()?)?;
        Ok(())
    }
}

/// npm's rules for package names (`validate-npm-package-name`, new packages):
/// at most 214 characters, lower case, URL-safe, optionally `@scope/name`,
/// not starting with `.` or `_`.
fn check_npm_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 214 {
        return Err("npm package names have 1 to 214 characters".into());
    }
    let (scope, bare) = match name.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((scope, bare)) => (Some(scope), bare),
            None => return Err("a scoped name is `@scope/name`".into()),
        },
        None => (None, name),
    };
    for part in scope.into_iter().chain([bare]) {
        if part.is_empty() {
            return Err("empty scope or name".into());
        }
        if part.starts_with(['.', '_']) {
            return Err("names cannot start with `.` or `_`".into());
        }
        if !part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._~".contains(c)) {
            return Err("use lower-case letters, digits, `-`, `.`, `_` and `~`".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::check_npm_name;
    use super::names::{self, ERROR_MEMBERS, RESERVED};
    use crate::output::Outputs;
    use crate::targets::Target;

    /// The module-scope names a rendered file declares or imports: its
    /// `export`ed and top-level declarations and the names in its `import {
    /// … }` and `export { … } from` lists.
    fn module_names(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut in_list = false;
        for line in text.lines() {
            if in_list {
                if line.starts_with('}') {
                    in_list = false;
                } else {
                    found.push(line.trim().trim_end_matches(',').trim_start_matches("type ").to_owned());
                }
                continue;
            }
            if line == "import {" || line == "export {" {
                in_list = true;
                continue;
            }
            if let Some(list) = line.strip_prefix("import {").or_else(|| line.strip_prefix("export {")) {
                let list = list.split('}').next().unwrap_or("");
                found.extend(list.split(',').map(|n| n.trim().trim_start_matches("type ").to_owned()).filter(|n| !n.is_empty()));
                continue;
            }
            let decl = line.strip_prefix("export ").unwrap_or(line);
            let decl = decl.strip_prefix("async ").unwrap_or(decl);
            for keyword in ["const ", "function ", "class ", "interface ", "type "] {
                if let Some(rest) = decl.strip_prefix(keyword) {
                    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    found.push(name);
                }
            }
        }
        found
    }

    #[test]
    fn every_name_the_package_puts_in_module_scope_is_reserved() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for spec in ["spec", "examples/cardpay/spec", "examples/cloudrpc/spec", "examples/problems/spec", "fixtures/hostile/spec"] {
            let catalog = crate::load_catalog(&root.join(spec), false).expect("the spec loads");
            let mut out = Outputs::default();
            super::TypeScript.render(&catalog, &crate::serve::plan(&catalog), &mut out).expect("renders");
            // Names derived from the spec: never reserved ones.
            let mut derived = BTreeSet::new();
            for class in &catalog.classes {
                let ident = names::class_ident(&class.id);
                derived.insert(format!("is{ident}"));
                derived.insert(ident);
            }
            for sub in &catalog.subcodes {
                let ident = names::subcode_type_ident(&sub.name);
                derived.insert(format!("Any{ident}"));
                derived.insert(format!("isKnown{ident}"));
                derived.insert(ident);
            }
            for error in catalog.errors().filter(|e| !e.params.is_empty()) {
                derived.insert(names::formatter_ident(&error.name));
                derived.insert(names::formatter_ident(&format!("{}_{}", error.name, error.status)));
            }
            for name in &derived {
                assert!(!RESERVED.contains(&name.as_str()), "{spec}: {name} is derived from the spec, yet reserved");
            }
            // runtime.ts holds no spec-derived names; what it exports is in index.ts's list.
            // server.ts is its own export (`./server`), with its own names.
            let own_scope = ["src/runtime.ts", "src/serve.ts", "src/server.ts"];
            for (path, text) in out.iter().filter(|(path, _)| path.ends_with(".ts") && !own_scope.contains(path)) {
                for name in module_names(text) {
                    if !derived.contains(&name) {
                        assert!(RESERVED.contains(&name.as_str()), "{spec} {path}: `{name}` is missing from names::RESERVED");
                    }
                }
            }
            // Every member of the base error type, so sub-code accessors cannot take one.
            let (_, errors) = out.iter().find(|(path, _)| *path == "src/errors.ts").expect("errors.ts");
            let keys: Vec<String> = catalog.subcodes.iter().map(|s| names::subcode_key(&s.name)).collect();
            let base = errors.split("export class APIError").nth(1).and_then(|rest| rest.split("\n}\n").next()).expect("APIError");
            for line in base.lines() {
                let member = line.strip_prefix("  readonly ").or_else(|| line.strip_prefix("  override "));
                if let Some(member) = member {
                    let name: String = member.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !keys.contains(&name) {
                        assert!(ERROR_MEMBERS.contains(&name.as_str()), "{spec}: APIError member `{name}` is missing from ERROR_MEMBERS");
                    }
                }
            }
        }
    }

    #[test]
    fn npm_names() {
        assert!(check_npm_name("@novita/errors").is_ok());
        assert!(check_npm_name("novita-errors").is_ok());
        assert!(check_npm_name("Novita").is_err());
        assert!(check_npm_name("@scope").is_err());
        assert!(check_npm_name("_x").is_err());
        assert!(check_npm_name("a b").is_err());
    }
}
