//! Breaking-change detection: what changed between two versions of a spec,
//! and whether the version number says so (semver).
//!
//! Every change is one of three kinds. *Breaking*: code that compiled or
//! behaved one way against the old SDKs may not against the new (a code
//! removed or renamed, a status, class, gRPC code or name changed, a context
//! field removed or retyped, a template parameter removed, renamed or added,
//! a sub-code or sub-code value removed, a class condition added, changed or
//! removed, the envelope, its items or selections or a package name moved).
//! *Additive*: new codes, classes, fields, sub-codes, sub-code values, body
//! locations read where none was, or deprecations. *Editorial*: text only.
//!
//! A new class condition is breaking, not additive: it moves the responses
//! it matches out of the class their status gave them (README rule 5), so
//! code that caught them as, say, `ForbiddenError` stops catching them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::resolve::{Catalog, Error as SpecError};
use crate::{Error, load_catalog};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Editorial,
    Additive,
    Breaking,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Editorial => "editorial",
            Kind::Additive => "additive",
            Kind::Breaking => "breaking",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// What changed, e.g. `llm/RATE_LIMIT_EXCEEDED` or `envelope.code`.
    pub subject: String,
    pub what: String,
}

fn change(kind: Kind, subject: impl Into<String>, what: impl Into<String>) -> Change {
    Change { kind, subject: subject.into(), what: what.into() }
}

/// `(major, minor, patch)` of a semver string; pre-release and build parts
/// are ignored.
fn semver(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.trim().trim_start_matches('v').split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0), parts.next().flatten().unwrap_or(0)))
}

/// The bump a set of changes needs, and whether `old` → `new` gives it.
/// Below 1.0.0, semver's convention shifts one place: breaking needs a minor
/// bump, additive a patch bump.
pub fn version_verdict(old: &str, new: &str, worst: Option<Kind>) -> Result<String, String> {
    let (Some(o), Some(n)) = (semver(old), semver(new)) else {
        return Err(format!("cannot compare versions `{old}` and `{new}`: not semver"));
    };
    let Some(worst) = worst else { return Ok(format!("no changes; version {old} → {new}")) };
    let (needed, ok) = match (worst, o.0 == 0) {
        (Kind::Breaking, false) => ("a major", n.0 > o.0),
        (Kind::Breaking, true) => ("a minor", n.0 > 0 || n.1 > o.1),
        (Kind::Additive, false) => ("a minor", n.0 > o.0 || (n.0 == o.0 && n.1 > o.1)),
        (Kind::Additive, true) => ("a patch", n > o),
        (Kind::Editorial, _) => ("no", n >= o),
    };
    let verdict = format!("{} changes need {needed} version bump; version {old} → {new}", worst.label());
    if ok { Ok(verdict) } else { Err(verdict) }
}

/// Every change from `old` to `new`, breaking first.
pub fn compare(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut push = |c: Change| changes.push(c);

    if old.api.id != new.api.id {
        push(change(Kind::Breaking, "api.id", format!("`{}` → `{}`", old.api.id, new.api.id)));
    }
    for target in crate::targets::all() {
        let name = target.name();
        let (a, b) = (old.packages.get(name).unwrap_or_default(), new.packages.get(name).unwrap_or_default());
        if a != b {
            push(change(Kind::Breaking, format!("packages.{name}"), format!("`{a}` → `{b}`")));
        }
    }
    let (oe, ne) = (serde_json::to_value(&old.envelope).unwrap_or_default(), serde_json::to_value(&new.envelope).unwrap_or_default());
    compare_envelope("envelope", &oe, &ne, &mut push);
    compare_selections(old, new, &mut push);
    compare_subcodes(old, new, &mut push);

    for f in &old.fields {
        match new.field(&f.name) {
            None => push(change(Kind::Breaking, format!("fields.{}", f.name), "context field removed")),
            Some(n) if n.ty != f.ty => push(change(Kind::Breaking, format!("fields.{}", f.name), format!("type {:?} → {:?}", f.ty, n.ty))),
            Some(n) if n.description != f.description || n.unit != f.unit => {
                push(change(Kind::Editorial, format!("fields.{}", f.name), "description or unit changed"))
            }
            Some(_) => {}
        }
    }
    for f in new.fields.iter().filter(|f| old.field(&f.name).is_none()) {
        push(change(Kind::Additive, format!("fields.{}", f.name), "new context field"));
    }

    for c in &old.classes {
        let subject = format!("classes.{}", c.id);
        let Some(n) = new.class(&c.id) else {
            push(change(Kind::Breaking, subject, "class removed"));
            continue;
        };
        if n.statuses != c.statuses || n.fallback != c.fallback {
            push(change(Kind::Breaking, &subject, format!("statuses {:?} → {:?}", c.statuses, n.statuses)));
        }
        if n.retry != c.retry {
            push(change(retry_kind(&c.retry, &n.retry), &subject, "retry policy changed"));
        }
        if n.title != c.title || n.description != c.description || n.causes != c.causes || n.solutions != c.solutions {
            push(change(Kind::Editorial, &subject, "text changed"));
        }
        for removed in c.fields.iter().filter(|f| !n.fields.contains(f)) {
            push(change(Kind::Breaking, &subject, format!("no longer carries context field `{removed}`")));
        }
        if n.grpc != c.grpc {
            push(change(Kind::Breaking, &subject, format!("gRPC code {} → {}", grpc_name(c.grpc), grpc_name(n.grpc))));
        }
        compare_conditions(&subject, &c.when, &n.when, &mut push);
    }
    for c in new.classes.iter().filter(|c| old.class(&c.id).is_none()) {
        let subject = format!("classes.{}", c.id);
        push(change(Kind::Additive, &subject, "new class"));
        compare_conditions(&subject, &[], &c.when, &mut push);
    }

    let index = |cat: &Catalog| -> BTreeMap<(String, String), SpecError> {
        cat.errors().map(|e| ((e.domain.clone(), e.code.clone()), e.clone())).collect()
    };
    let (old_errors, new_errors) = (index(old), index(new));
    let added: Vec<&SpecError> = new_errors.iter().filter(|(k, _)| !old_errors.contains_key(*k)).map(|(_, e)| e).collect();
    for (key, o) in &old_errors {
        let subject = format!("{}/{}", key.0, key.1);
        let Some(n) = new_errors.get(key) else {
            // The same message under a new code in the same domain reads as a rename.
            let renamed = added.iter().find(|a| a.domain == o.domain && a.message == o.message);
            let what = match renamed {
                Some(a) => format!("renamed to `{}`", a.code),
                None => "code removed".to_owned(),
            };
            push(change(Kind::Breaking, subject, what));
            continue;
        };
        compare_error(o, n, &subject, &mut push);
    }
    for a in added {
        let renamed_from = old_errors
            .values()
            .any(|o| o.domain == a.domain && o.message == a.message && !new_errors.contains_key(&(o.domain.clone(), o.code.clone())));
        if !renamed_from {
            push(change(Kind::Additive, format!("{}/{}", a.domain, a.code), format!("new code ({}, {})", a.status, a.class)));
        }
    }

    changes.sort_by(|a, b| b.kind.cmp(&a.kind).then_with(|| a.subject.cmp(&b.subject)));
    changes
}

fn grpc_name(code: Option<crate::model::GrpcCode>) -> &'static str {
    code.map_or("(by status)", |g| g.name())
}

/// Envelope locations, key by key: a location read where none was is
/// additive (old bodies simply lack it); one moved or dropped is breaking.
/// Items compare member by member; selections on their own.
fn compare_envelope(path: &str, old: &serde_json::Value, new: &serde_json::Value, push: &mut impl FnMut(Change)) {
    use serde_json::Value;
    let (Some(oe), Some(ne)) = (old.as_object(), new.as_object()) else { return };
    for (key, ov) in oe {
        let nv = ne.get(key).cloned().unwrap_or_default();
        if *ov == nv || key == "selections" {
            continue;
        }
        let subject = format!("{path}.{key}");
        match (ov, &nv) {
            (Value::Null, _) => push(change(Kind::Additive, subject, format!("now read from {nv}"))),
            (Value::Object(_), Value::Object(_)) if key == "items" => compare_envelope(&subject, ov, &nv, push),
            (Value::Object(_), Value::Object(_)) if key == "headers" => compare_envelope(&subject, ov, &nv, push),
            _ => push(change(Kind::Breaking, subject, format!("{ov} → {nv}"))),
        }
    }
}

/// A selection changed or removed moves every location that starts with
/// it; a new one moves nothing.
fn compare_selections(old: &Catalog, new: &Catalog, push: &mut impl FnMut(Change)) {
    let find = |cat: &Catalog, name: &str| cat.envelope.selections.iter().find(|s| s.name == name).cloned();
    for o in &old.envelope.selections {
        let subject = format!("envelope.select.{}", o.name);
        match find(new, &o.name) {
            None => push(change(Kind::Breaking, subject, "selection removed")),
            Some(n) if (&n.array, &n.member, &n.equals) != (&o.array, &o.member, &o.equals) => push(change(
                Kind::Breaking,
                subject,
                format!("selects `{}` = `{}` in {} → `{}` = `{}` in {}", o.member, o.equals, o.array, n.member, n.equals, n.array),
            )),
            Some(_) => {}
        }
    }
    for n in new.envelope.selections.iter().filter(|n| find(old, &n.name).is_none()) {
        push(change(Kind::Additive, format!("envelope.select.{}", n.name), "new selection"));
    }
}

/// Sub-codes are enums in every SDK: a value or sub-code removed breaks code
/// that names it; new ones are additive (the enums are open).
fn compare_subcodes(old: &Catalog, new: &Catalog, push: &mut impl FnMut(Change)) {
    for o in &old.subcodes {
        let subject = format!("subcodes.{}", o.name);
        let Some(n) = new.subcodes.iter().find(|n| n.name == o.name) else {
            push(change(Kind::Breaking, subject, "sub-code removed"));
            continue;
        };
        if n.at != o.at {
            push(change(Kind::Breaking, &subject, format!("moved from {} to {}", o.at, n.at)));
        }
        for v in &o.values {
            match n.values.iter().find(|x| x.value == v.value) {
                None => push(change(Kind::Breaking, &subject, format!("value `{}` removed", v.value))),
                Some(x) if x.description != v.description => {
                    push(change(Kind::Editorial, &subject, format!("description of `{}` changed", v.value)))
                }
                Some(_) => {}
            }
        }
        for v in n.values.iter().filter(|v| !o.values.iter().any(|x| x.value == v.value)) {
            push(change(Kind::Additive, &subject, format!("new value `{}`", v.value)));
        }
        if n.description != o.description {
            push(change(Kind::Editorial, &subject, "description changed"));
        }
    }
    for n in new.subcodes.iter().filter(|n| !old.subcodes.iter().any(|o| o.name == n.name)) {
        push(change(Kind::Additive, format!("subcodes.{}", n.name), "new sub-code"));
    }
}

/// Conditions move responses between classes, so any difference is
/// breaking: a removed one sends its responses back to their status's
/// class, a new one takes responses from it (see the module docs).
fn compare_conditions(subject: &str, old: &[crate::resolve::Condition], new: &[crate::resolve::Condition], push: &mut impl FnMut(Change)) {
    let key = |c: &crate::resolve::Condition| serde_json::to_string(c).unwrap_or_default();
    let (old_keys, new_keys): (Vec<String>, Vec<String>) = (old.iter().map(key).collect(), new.iter().map(key).collect());
    for k in old_keys.iter().filter(|k| !new_keys.contains(k)) {
        push(change(Kind::Breaking, subject, format!("condition {k} removed or changed: its responses change class")));
    }
    for k in new_keys.iter().filter(|k| !old_keys.contains(k)) {
        push(change(Kind::Breaking, subject, format!("new condition {k}: the responses it matches change class")));
    }
}

/// Turning retries on or off changes what callers see; tuning them does not.
fn retry_kind(old: &crate::resolve::RetryPolicy, new: &crate::resolve::RetryPolicy) -> Kind {
    use crate::model::RetryMode::Never;
    if (old.policy == Never) != (new.policy == Never) { Kind::Breaking } else { Kind::Additive }
}

fn compare_error(o: &SpecError, n: &SpecError, subject: &str, push: &mut impl FnMut(Change)) {
    if o.status != n.status {
        push(change(Kind::Breaking, subject, format!("status {} → {}", o.status, n.status)));
    }
    if o.class != n.class {
        push(change(Kind::Breaking, subject, format!("class `{}` → `{}`", o.class, n.class)));
    }
    if o.numeric != n.numeric {
        let kind = |numeric: bool| if numeric { "a JSON integer" } else { "a string" };
        push(change(Kind::Breaking, subject, format!("code sent as {} → {}", kind(o.numeric), kind(n.numeric))));
    }
    if o.name != n.name {
        push(change(Kind::Breaking, subject, format!("name `{}` → `{}`: every generated identifier changes", o.name, n.name)));
    }
    if o.grpc != n.grpc {
        push(change(Kind::Breaking, subject, format!("gRPC code {} → {}", o.grpc.name(), n.grpc.name())));
    }
    if o.params != n.params {
        // The typed formatter takes the parameters in order: any change to
        // the list changes its signature.
        for removed in o.params.iter().filter(|p| !n.params.contains(p)) {
            push(change(Kind::Breaking, subject, format!("template parameter `{removed}` removed or renamed")));
        }
        for added in n.params.iter().filter(|p| !o.params.contains(p)) {
            push(change(Kind::Breaking, subject, format!("new template parameter `{added}`: the formatter takes one more argument")));
        }
        if o.params.iter().all(|p| n.params.contains(p)) && n.params.iter().all(|p| o.params.contains(p)) {
            push(change(Kind::Breaking, subject, format!("template parameters reordered: {:?} → {:?}", o.params, n.params)));
        }
    }
    for removed in o.fields.iter().filter(|f| !n.fields.contains(f)) {
        push(change(Kind::Breaking, subject, format!("no longer carries context field `{removed}`")));
    }
    for added in n.fields.iter().filter(|f| !o.fields.contains(f)) {
        push(change(Kind::Additive, subject, format!("now carries context field `{added}`")));
    }
    if o.field != n.field {
        let kind = if o.field.is_none() { Kind::Additive } else { Kind::Breaking };
        push(change(kind, subject, format!("request field {:?} → {:?}", o.field, n.field)));
    }
    if o.retry != n.retry {
        push(change(retry_kind(&o.retry, &n.retry), subject, "retry policy changed"));
    }
    if o.matches.exact.iter().any(|m| !n.matches.exact.contains(m)) || o.matches.prefix.iter().any(|m| !n.matches.prefix.contains(m)) {
        push(change(Kind::Breaking, subject, "a message it was recognised by is gone"));
    } else if o.matches.exact != n.matches.exact || o.matches.prefix != n.matches.prefix {
        push(change(Kind::Additive, subject, "recognised by more messages"));
    }
    match (&o.deprecated, &n.deprecated) {
        (None, Some(d)) => push(change(Kind::Additive, subject, format!("deprecated since {}", d.since))),
        (Some(_), None) => push(change(Kind::Additive, subject, "no longer deprecated")),
        _ => {}
    }
    if o.message != n.message || o.description != n.description || o.remedy != n.remedy || o.docs_url != n.docs_url || o.since != n.since {
        push(change(Kind::Editorial, subject, "text changed"));
    }
}

/// The report `cargo xtask diff` prints, and whether the version bump fits.
pub fn report(old: &Catalog, new: &Catalog) -> (String, bool) {
    let changes = compare(old, new);
    let mut text = String::new();
    for c in &changes {
        let _ = writeln!(text, "{:<9}  {}: {}", c.kind.label(), c.subject, c.what);
    }
    let count = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    let _ =
        writeln!(text, "\n{} breaking, {} additive, {} editorial", count(Kind::Breaking), count(Kind::Additive), count(Kind::Editorial));
    let verdict = version_verdict(&old.api.version, &new.api.version, changes.first().map(|c| c.kind));
    let ok = verdict.is_ok();
    match verdict {
        Ok(v) => {
            let _ = writeln!(text, "ok: {v}");
        }
        Err(v) => {
            let _ = writeln!(text, "error: {v}; bump `version` in errcat.toml");
        }
    }
    (text, ok)
}

/// Loads the spec in `spec_dir` as it was at git revision `rev`, by copying
/// its files out of git into a scratch directory.
pub fn load_catalog_at(repo: &Path, rev: &str, spec_dir: &Path, scratch: &Path) -> Result<Catalog, Error> {
    let git = |args: &[&str]| -> Result<Vec<u8>, Error> {
        let out = Command::new("git").current_dir(repo).args(args).output().map_err(|e| Error::Io(format!("cannot run git: {e}")))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(Error::Io(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim())))
        }
    };
    let prefix = spec_dir.to_string_lossy().replace('\\', "/");
    let prefix = prefix.trim_end_matches('/');
    let listing = git(&["ls-tree", "-r", "--name-only", rev, "--", prefix])?;
    let _ = std::fs::remove_dir_all(scratch);
    let mut found = false;
    for path in String::from_utf8_lossy(&listing).lines() {
        let Some(relative) = path.strip_prefix(prefix).map(|p| p.trim_start_matches('/')) else { continue };
        let wanted = relative == crate::load::MANIFEST_FILE || (relative.starts_with("domains/") && relative.ends_with(".toml"));
        if !wanted {
            continue;
        }
        let bytes = git(&["show", &format!("{rev}:{path}")])?;
        let target: PathBuf = scratch.join(relative);
        std::fs::create_dir_all(target.parent().unwrap_or(scratch)).map_err(|e| Error::io(&target, e))?;
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
        found = true;
    }
    if !found {
        return Err(Error::Io(format!("no spec at {prefix}/ in revision {rev}")));
    }
    load_catalog(scratch, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_rules() {
        assert!(version_verdict("1.2.3", "2.0.0", Some(Kind::Breaking)).is_ok());
        assert!(version_verdict("1.2.3", "1.3.0", Some(Kind::Breaking)).is_err());
        assert!(version_verdict("0.2.3", "0.3.0", Some(Kind::Breaking)).is_ok());
        assert!(version_verdict("0.2.3", "0.2.4", Some(Kind::Breaking)).is_err());
        assert!(version_verdict("1.2.3", "1.3.0", Some(Kind::Additive)).is_ok());
        assert!(version_verdict("1.2.3", "1.2.4", Some(Kind::Additive)).is_err());
        assert!(version_verdict("1.2.3", "1.2.3", Some(Kind::Editorial)).is_ok());
        assert!(version_verdict("1.2.3", "1.2.3", None).is_ok());
        assert!(version_verdict("one", "1.2.3", None).is_err());
    }
}
