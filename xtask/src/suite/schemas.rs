//! The language-neutral artifacts, checked by real validators, not our code:
//! openapi-spec-validator for the OpenAPI document; check-jsonschema for the
//! schemas against their metaschema, every API's documented sample bodies
//! against its error-response schema, bodies of the wrong shape that it must
//! reject, the bodies the server side emits, and the spec files against the
//! spec-format schemas.

use std::path::Path;

use super::{Suite, cmd, tools};

fn files_in(dir: &Path, ext: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .map(|p| p.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The API id of a generated tree, read back from its catalog.json.
fn api_id(out: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out.join("catalog.json")).ok()?;
    let start = text.find("\"id\": \"")? + 7;
    Some(text[start..].split('"').next()?.to_owned())
}

pub fn run(suite: &mut Suite) {
    let Some(bin) = tools::python_bin(suite) else { return };
    let check = |args: &[&str]| cmd(bin.join("check-jsonschema"), args);
    for (spec, out) in crate::shipped_specs() {
        let openapi = out.join("openapi/openapi.json");
        suite.step(
            &format!("openapi-spec-validator {}", openapi.display()),
            &mut cmd(bin.join("openapi-spec-validator"), &[&openapi.to_string_lossy()]),
        );

        let schema = |name: &str| out.join(format!("jsonschema/{name}.schema.json")).to_string_lossy().into_owned();
        for name in ["error-response", "spec-manifest", "spec-domain"] {
            suite.step(&format!("metaschema {}", schema(name)), &mut check(&["--check-metaschema", &schema(name)]));
        }

        let samples = api_id(&out).map(|id| Path::new("tests/samples").join(id)).map(|d| files_in(&d, "json")).unwrap_or_default();
        // Fixtures are made up; every real API has its documented sample bodies.
        if samples.is_empty() && !spec.starts_with("fixtures") {
            suite.fail(&format!("sample bodies for {}", out.display()), "no tests/samples/<api id>/*.json");
        } else if !samples.is_empty() {
            let mut args = vec!["--schemafile".to_owned(), schema("error-response")];
            args.extend(samples);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            suite.step(&format!("sample bodies against {}", schema("error-response")), &mut check(&args));
        }
        rejects_wrong_shapes(suite, &bin, &spec, &schema("error-response"));
        examples_fit(suite, &bin, &spec, &schema("error-response"));
        served_fit(suite, &bin, &out, &schema("error-response"));

        let manifest = spec.join("errcat.toml").to_string_lossy().into_owned();
        suite.step(&format!("{manifest} against its schema"), &mut check(&["--schemafile", &schema("spec-manifest"), &manifest]));
        let mut args = vec!["--schemafile".to_owned(), schema("spec-domain")];
        args.extend(files_in(&spec.join("domains"), "toml"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        suite.step(&format!("{} domain files against their schema", spec.display()), &mut check(&args));
    }
}

/// Each body of the wrong shape the engine makes for this spec must fail the
/// error-response schema: proof that the schema checks the body's shape.
fn rejects_wrong_shapes(suite: &mut Suite, bin: &Path, spec: &Path, schema: &str) {
    let name = format!("wrong-shape bodies rejected by {schema}");
    let catalog = match errcat::load_catalog(spec, false) {
        Ok(catalog) => catalog,
        Err(e) => return suite.fail(&name, &e.to_string()),
    };
    let dir = Path::new("target/wrong-shape").join(&catalog.api.id);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return suite.fail(&name, &format!("cannot create {}: {e}", dir.display()));
    }
    let bodies = errcat::artifacts::counterexamples(&catalog);
    if bodies.is_empty() {
        return suite.fail(&name, "the spec yields no wrong-shape body to try");
    }
    let mut accepted = Vec::new();
    for (i, (what, body)) in bodies.iter().enumerate() {
        let file = dir.join(format!("{i}.json"));
        if let Err(e) = std::fs::write(&file, body) {
            return suite.fail(&name, &format!("cannot write {}: {e}", file.display()));
        }
        let file = file.to_string_lossy().into_owned();
        let status = cmd(bin.join("check-jsonschema"), &["--schemafile", schema, &file]).output();
        match status {
            // Rejected for the body's shape, not for failing to parse it.
            Ok(out) if !out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Schema validation errors") => {}
            Ok(out) if out.status.success() => accepted.push(format!("{what}: {file}")),
            Ok(out) => return suite.fail(&name, &format!("check-jsonschema failed to run: {}", String::from_utf8_lossy(&out.stderr))),
            Err(e) => return suite.fail(&name, &format!("cannot run check-jsonschema: {e}")),
        }
    }
    if accepted.is_empty() {
        suite.pass(&format!("{name} ({} bodies)", bodies.len()));
    } else {
        suite.fail(&name, &format!("the schema accepts {}", accepted.join("; ")));
    }
}

/// The OpenAPI document's example bodies must fit the error-response schema.
fn examples_fit(suite: &mut Suite, bin: &Path, spec: &Path, schema: &str) {
    let name = format!("OpenAPI example bodies against {schema}");
    match errcat::load_catalog(spec, false) {
        Ok(catalog) => {
            let bodies = errcat::artifacts::example_bodies(&catalog).into_iter().map(|(_, body)| body).collect();
            bodies_fit(suite, bin, &name, &Path::new("target/example-bodies").join(&catalog.api.id), bodies, schema);
        }
        Err(e) => suite.fail(&name, &e.to_string()),
    }
}

/// Every body the server side emits (conformance/serve.json, rule 24) must
/// fit the error-response schema the same tree publishes.
fn served_fit(suite: &mut Suite, bin: &Path, out: &Path, schema: &str) {
    let path = out.join("conformance/serve.json");
    let name = format!("served bodies of {} against {schema}", path.display());
    let cases = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string()));
    let bodies = match cases {
        Ok(doc) => doc["cases"]
            .as_array()
            .map(|cases| cases.iter().filter_map(|c| c["response"]["body"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
        Err(e) => return suite.fail(&name, &e),
    };
    let dir = Path::new("target/served-bodies").join(out.to_string_lossy().replace('/', "_"));
    bodies_fit(suite, bin, &name, &dir, bodies, schema);
}

/// Writes `bodies` as files under `dir` and checks them all against `schema`.
fn bodies_fit(suite: &mut Suite, bin: &Path, name: &str, dir: &Path, bodies: Vec<String>, schema: &str) {
    let _ = std::fs::remove_dir_all(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return suite.fail(name, &format!("cannot create {}: {e}", dir.display()));
    }
    let mut args = vec!["--schemafile".to_owned(), schema.to_owned()];
    for (i, body) in bodies.iter().enumerate() {
        let file = dir.join(format!("{i}.json"));
        if let Err(e) = std::fs::write(&file, body) {
            return suite.fail(name, &format!("cannot write {}: {e}", file.display()));
        }
        args.push(file.to_string_lossy().into_owned());
    }
    if args.len() == 2 {
        return suite.pass(&format!("{name} (no bodies)"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    suite.step(name, &mut cmd(bin.join("check-jsonschema"), &args));
}
