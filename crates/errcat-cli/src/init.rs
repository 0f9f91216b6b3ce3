//! `errcat init`: a commented starting spec for a new API and the config
//! file that points `errcat gen` at it. It generates cleanly as written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct InitArgs {
    /// Directory to set up (created if missing). Default: the current one.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The API's id (snake_case); package names derive from it. Default:
    /// from the directory's name.
    #[arg(long)]
    id: Option<String>,
    /// The API's human name. Default: the id.
    #[arg(long)]
    name: Option<String>,
}

const CONFIG: &str = r#"# errcat-gen.toml: where `errcat gen` and `errcat check` read and write.
# Paths are relative to this file.
spec = "spec"
out = "generated"

# A target can go elsewhere, e.g. straight into an SDK's repository, and
# be vendored there as a module of that SDK (no package manifest; the name
# is the Rust module, the Python subpackage, the npm name or the Go import
# path it lives under):
# [targets.python]
# out = "../my-sdk-python/src/my_sdk/_errors"
# vendor = "_errors"
"#;

const MANIFEST: &str = r#"#:schema ../generated/jsonschema/spec-manifest.schema.json
# The API's error contract: what the API is, how its errors travel on the
# wire, and the status-level classes SDK users catch. Each domain's codes
# live in domains/*.toml. Run `errcat gen` after every change.

[api]
id = "{id}"                  # package names derive from it
name = "{name}"
version = "0.1.0"            # bump it as `errcat diff --against REV` says
# description = "What the API does."
# docs_url = "https://example.com/docs/errors"

# What every package manifest says; uncomment before publishing.
[packages]
# license = "MIT"
# repository = "https://github.com/you/{id}-errors"
# authors = ["You <you@example.com>"]
# keywords = ["errors", "sdk"]
# rust = "{id}-errors"      # or { name = "...", version = "..." }

# Where each part of an error body is, as JSON Pointers (RFC 6901), for a
# body like {"error": {"code": "NOT_FOUND", "message": "No such thing"}}.
[envelope]
code = "/error/code"         # omit when the API sends no code
message = ["/error/message", "/message"]   # first string found wins
# request_id = "/request_id"
# kind = "problem"           # for RFC 9457 application/problem+json

[envelope.headers]
request_id = ["x-request-id"]
retry_after = "retry-after"  # seconds or an HTTP date

# Attempts and delays every retry policy starts from.
[retry]
max_attempts = 3
initial_delay_ms = 500
max_delay_ms = 8000

# One class per kind of failure: `bad_request` becomes BadRequestError,
# ErrorClass::BadRequest, ... Every 4xx/5xx status not listed falls back to
# the class with that range's `fallback`.
[classes.bad_request]
title = "Bad request"
statuses = [400, 422]
fallback = "4xx"
description = "The request is invalid."
solutions = ["Check the request against the API reference."]

[classes.authentication]
title = "Authentication failed"
statuses = [401]
description = "The API key is missing or wrong."

[classes.not_found]
title = "Not found"
statuses = [404]
description = "The resource does not exist."

[classes.rate_limit]
title = "Rate limit exceeded"
statuses = [429]
description = "Too many requests."
retry = { policy = "retry_after" }   # never | backoff | retry_after

[classes.server]
title = "Server error"
statuses = [500, 502, 503, 504]
fallback = "5xx"
description = "The server failed; retrying may help."
retry = { policy = "backoff" }
"#;

const DOMAIN: &str = r#"#:schema ../../generated/jsonschema/spec-domain.schema.json
# One domain's errors. Add a file per area of the API (billing.toml, ...).

[domain]
id = "general"
title = "General"

[[errors]]
code = "INVALID_REQUEST"
status = 400
message = "The request is invalid"
remedy = "Fix the fields the message names and send it again."
# field = "name"             # the request field it is about

[[errors]]
code = "INVALID_API_KEY"
status = 401
message = "Invalid API key"

[[errors]]
code = "NOT_FOUND"
status = 404
message = "Not found"

[[errors]]
code = "RATE_LIMITED"
status = 429
message = "Too many requests, slow down"

[[errors]]
code = "INTERNAL_ERROR"
status = 500
message = "Internal server error"
# deprecated = { since = "0.2.0", replacement = "..." }
"#;

/// A snake_case id from a directory name: `My API` → `my_api`.
fn id_from(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir).ok().and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned())).unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_owned();
    if id.starts_with(|c: char| c.is_ascii_lowercase()) { id } else { "my_api".to_owned() }
}

pub fn run(args: &InitArgs) -> ExitCode {
    let id = args.id.clone().unwrap_or_else(|| {
        let _ = std::fs::create_dir_all(&args.dir);
        id_from(&args.dir)
    });
    let name = args.name.clone().unwrap_or_else(|| id.clone());
    // Written into TOML strings: keep them plain.
    if name.contains(['"', '\\']) || name.chars().any(char::is_control) {
        eprintln!("error: --name may not hold quotes, backslashes or control characters");
        return ExitCode::FAILURE;
    }
    let fill = |text: &str| text.replace("{id}", &id).replace("{name}", &name);
    let files = [
        (args.dir.join(super::CONFIG_FILE), CONFIG.to_owned()),
        (args.dir.join("spec/errcat.toml"), fill(MANIFEST)),
        (args.dir.join("spec/domains/general.toml"), DOMAIN.to_owned()),
    ];
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        eprintln!("error: {} exists; `errcat init` never overwrites a file", existing.display());
        return ExitCode::FAILURE;
    }
    for (path, text) in &files {
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(path, text));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", path.display());
    }
    // A bad --id is reported by the loader, with the line, like any spec problem.
    match errcat::load_catalog(&args.dir.join("spec"), false) {
        Ok(_) => {
            eprintln!("next: cd {} && errcat gen", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{err}");
            eprintln!("error: the new spec has problems (above); fix --id or --name, or edit spec/errcat.toml");
            ExitCode::FAILURE
        }
    }
}
