//! The TypeScript target. (Stub: identifiers only; the package comes with its issue.)

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::targets::{Target, case};

pub struct TypeScript;

impl Target for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn code_ident(&self, code: &str) -> String {
        case::pascal(code)
    }

    fn class_ident(&self, class_id: &str) -> String {
        format!("{}Error", case::pascal(class_id))
    }

    fn field_ident(&self, field: &str) -> String {
        case::snake(field)
    }

    fn check_package(&self, _name: &str) -> Result<(), String> {
        Ok(())
    }

    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str {
        &catalog.packages.typescript
    }

    fn render(&self, _catalog: &Catalog, _out: &mut Outputs) -> Result<(), crate::Error> {
        Ok(())
    }
}
