//! The TypeScript target: an ES module package per spec, rendered from
//! `templates/typescript/` through the view built in [`view`].
//!
//! Files: `package.json`, `tsconfig.json`, `src/catalog.ts` (the spec as
//! data), `src/errors.ts` (error types and constructors), `src/runtime.ts`
//! (spec-independent logic, copied verbatim) and `src/index.ts`.
//!
//! Askama drops one final newline from each template file, so the templates
//! end with an empty line to keep the newline every formatter wants.

use askama::Template;

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::targets::Target;

pub mod names;
mod view;

use view::{ClassView, FieldView, View};

pub struct TypeScript;

#[derive(Template)]
#[template(path = "typescript/catalog.ts", escape = "none")]
struct CatalogTs<'a> {
    notice: &'a str,
    catalog_doc: &'a str,
    codes: &'a str,
    classes: &'a [ClassView],
    definitions: &'a str,
    fields: &'a [FieldView],
    envelope: &'a [String],
    default_retry: &'a [String],
}

#[derive(Template)]
#[template(path = "typescript/errors.ts", escape = "none")]
struct ErrorsTs<'a> {
    notice: &'a str,
    errors_doc: &'a str,
    brand_literal: &'a str,
    classes: &'a [ClassView],
    fields: &'a [FieldView],
}

#[derive(Template)]
#[template(path = "typescript/runtime.ts", escape = "none")]
struct RuntimeTs<'a> {
    notice: &'a str,
}

#[derive(Template)]
#[template(path = "typescript/index.ts", escape = "none")]
struct IndexTs<'a> {
    notice: &'a str,
    index_doc: &'a str,
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

    fn render(&self, catalog: &Catalog, out: &mut Outputs) -> Result<(), crate::Error> {
        let v: View = view::build(catalog);
        let notice = v.notice.as_str();
        out.insert("package.json", PackageJson { package_json: &v.package_json }.render()?)?;
        out.insert("tsconfig.json", TsConfig { notice }.render()?)?;
        out.insert(
            "src/catalog.ts",
            CatalogTs {
                notice,
                catalog_doc: &v.catalog_doc,
                codes: &v.codes,
                classes: &v.classes,
                definitions: &v.definitions,
                fields: &v.fields,
                envelope: &v.envelope,
                default_retry: &v.default_retry,
            }
            .render()?,
        )?;
        out.insert(
            "src/errors.ts",
            ErrorsTs { notice, errors_doc: &v.errors_doc, brand_literal: &v.brand_literal, classes: &v.classes, fields: &v.fields }
                .render()?,
        )?;
        out.insert("src/runtime.ts", RuntimeTs { notice }.render()?)?;
        out.insert("src/index.ts", IndexTs { notice, index_doc: &v.index_doc }.render()?)?;
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
    use super::check_npm_name;

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
