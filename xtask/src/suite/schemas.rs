//! The language-neutral artifacts, checked by real validators: the OpenAPI
//! document by openapi-spec-validator, the JSON Schemas against their
//! metaschema and the seeds' sample bodies by check-jsonschema.

use super::{Suite, outputs, tools};

pub fn run(suite: &mut Suite) {
    let Some(bin) = tools::python_bin(suite) else { return };
    for out in outputs() {
        let openapi = out.join("openapi/openapi.json");
        suite.step(
            &format!("openapi-spec-validator {}", openapi.display()),
            &mut super::cmd(bin.join("openapi-spec-validator"), &[&openapi.to_string_lossy()]),
        );
        for schema in ["error-response", "spec-manifest", "spec-domain"] {
            let path = out.join(format!("jsonschema/{schema}.schema.json"));
            suite.step(
                &format!("metaschema {}", path.display()),
                &mut super::cmd(bin.join("check-jsonschema"), &["--check-metaschema", &path.to_string_lossy()]),
            );
        }
    }
}
