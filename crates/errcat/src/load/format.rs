//! What the spec format allows at a place in a file, and how to say it in the
//! spec's words rather than Rust's.
//!
//! Read from the JSON Schemas of the model types (the ones published as
//! `generated/jsonschema/spec-*.schema.json`), so the keys suggested for a
//! typo, the keys reported missing and the values listed for a choice are
//! always those the format has, including keys added later.

use std::sync::LazyLock;

use serde_json::Value;
use toml::de::DeValue;

use super::Segment;
use crate::model::{DomainFile, Manifest};

static MANIFEST: LazyLock<Value> = LazyLock::new(|| serde_json::to_value(schemars::schema_for!(Manifest)).expect("schema serialises"));
static DOMAIN: LazyLock<Value> = LazyLock::new(|| serde_json::to_value(schemars::schema_for!(DomainFile)).expect("schema serialises"));

/// One place in the format: a schema node, with the document it is part of
/// (to follow `$ref`s).
#[derive(Clone, Copy)]
pub(super) struct Schema {
    root: &'static Value,
    node: &'static Value,
}

impl Schema {
    pub fn manifest() -> Self {
        Self::at_root(&MANIFEST)
    }

    pub fn domain() -> Self {
        Self::at_root(&DOMAIN)
    }

    fn at_root(root: &'static Value) -> Self {
        Self { root, node: root }
    }

    /// The node itself: `$ref`s followed, and an optional value's
    /// `anyOf: [T, null]` taken as `T`.
    fn resolved(self) -> Self {
        let mut node = self.node;
        for _ in 0..16 {
            if let Some(name) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
                match self.root.get("$defs").and_then(|defs| defs.get(name)) {
                    Some(target) => node = target,
                    None => break,
                }
                continue;
            }
            let branches = self.branches_of(node);
            if node.get("type").is_none() && branches.len() == 1 {
                node = branches[0];
                continue;
            }
            break;
        }
        Self { root: self.root, node }
    }

    /// The non-null alternatives of an `anyOf`/`oneOf`.
    fn branches_of(self, node: &'static Value) -> Vec<&'static Value> {
        ["anyOf", "oneOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(Value::as_array))
            .flatten()
            .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            .collect()
    }

    fn branches(self) -> Vec<Schema> {
        let this = self.resolved();
        this.branches_of(this.node).into_iter().map(|node| Schema { root: self.root, node }).collect()
    }

    /// The JSON types the value may have, `null` left out.
    fn types(self) -> Vec<&'static str> {
        match self.resolved().node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
            _ => Vec::new(),
        }
    }

    /// What a key of this table, or an element of this array, may hold.
    pub fn child(self, segment: &Segment) -> Option<Schema> {
        let node = self.resolved().node;
        let next = match segment {
            Segment::Key(key) => node
                .get("properties")
                .and_then(|p| p.get(key.as_str()))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
            Segment::Index(_) => node.get("items"),
        }?;
        Some(Schema { root: self.root, node: next })
    }

    pub fn at(self, path: &[Segment]) -> Option<Schema> {
        path.iter().try_fold(self, |schema, segment| schema.child(segment))
    }

    /// The keys a table may have, in the order the format lists them.
    pub fn keys(self) -> Vec<&'static str> {
        self.resolved()
            .node
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the value here is a table (of fixed keys or a map).
    pub fn is_table(self) -> bool {
        self.types() == ["object"]
    }

    /// Whether this table is a map of names (`[classes.*]`) rather than a
    /// table of fixed keys.
    pub fn is_map(self) -> bool {
        self.resolved().node.get("additionalProperties").is_some_and(Value::is_object)
    }

    /// The keys this table must have.
    pub fn required(self) -> Vec<&'static str> {
        self.resolved()
            .node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether `key` must be present in this table.
    pub fn requires(self, key: &str) -> bool {
        self.required().contains(&key)
    }

    /// The documentation of a key of this table.
    pub fn description_of(self, key: &str) -> Option<&'static str> {
        let property = self.child(&Segment::Key(key.to_owned()))?;
        property.node.get("description").or_else(|| property.resolved().node.get("description")).and_then(Value::as_str)
    }

    /// The values of a choice (`kind`, `policy`, `type`, ...), if it is one.
    pub fn values(self) -> Vec<&'static str> {
        let node = self.resolved().node;
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            return values.iter().filter_map(Value::as_str).collect();
        }
        let consts: Vec<&str> = self.branches().iter().filter_map(|b| b.resolved().node.get("const").and_then(Value::as_str)).collect();
        if !consts.is_empty() && consts.len() == self.branches().len() { consts } else { Vec::new() }
    }

    fn integer_bounds(self) -> (Option<i64>, Option<u64>) {
        let node = self.resolved().node;
        (node.get("minimum").and_then(Value::as_i64), node.get("maximum").and_then(Value::as_u64))
    }

    /// What a value here must be, as a phrase: "a string", "one of `json` or
    /// `problem`", "a status between 400 and 599". `key` is the key the value
    /// is under (for the status keys, which the format types as plain
    /// integers).
    pub fn expected(self, key: &str) -> String {
        if key == "status" || key == "statuses" {
            return if self.types() == ["array"] {
                "an array of statuses between 400 and 599".into()
            } else {
                "a status between 400 and 599".into()
            };
        }
        let values = self.values();
        match values.len() {
            0 => {}
            1 | 2 => return either(&values),
            _ => return format!("one of {}", either(&values)),
        }
        let branches = self.branches();
        if branches.len() > 1 {
            let each: Vec<String> = branches.iter().map(|b| b.expected(key)).collect();
            return each.join(" or ");
        }
        let types = self.types();
        let each: Vec<String> = types
            .iter()
            .map(|t| match *t {
                "string" => "a string".to_owned(),
                "integer" => "a whole number".to_owned(),
                "number" => "a number".to_owned(),
                "boolean" => "`true` or `false`".to_owned(),
                "array" => match self.child(&Segment::Index(0)) {
                    Some(items) => format!("an array of {}", plural(&items.expected(key))),
                    None => "an array".to_owned(),
                },
                "object" => "a table".to_owned(),
                other => format!("a {other}"),
            })
            .collect();
        if each.is_empty() { "a value of the spec format".into() } else { each.join(" or ") }
    }

    /// A value to show in "add `key = ...`": `"…"`, `400`, `[…]`.
    pub fn example(self, key: &str) -> String {
        if key == "status" {
            return "400".into();
        }
        if let Some(first) = self.values().first() {
            return format!("{first:?}");
        }
        match self.types().first().copied() {
            Some("string") => "\"…\"".into(),
            Some("integer" | "number") => "1".into(),
            Some("boolean") => "true".into(),
            Some("array") => "[…]".into(),
            Some("object") => "{ … }".into(),
            _ => self.branches().first().map_or_else(|| "…".into(), |b| b.example(key)),
        }
    }

    /// The range a whole number must lie in, when a value was outside it.
    pub fn range_hint(self, got: &str) -> Option<String> {
        let (min, max) = self.integer_bounds();
        let n: i128 = got.replace('_', "").parse().ok()?;
        match (min, max) {
            (Some(min), _) if n < i128::from(min) => Some(format!("of {min} or more")),
            (_, Some(max)) if n > i128::from(max) => Some(format!("of at most {max}")),
            _ => None,
        }
    }

    /// A stand-in value of the type this place holds, for a required key
    /// that is missing or broken: the problem is reported once, at the real
    /// place, and the stand-in (with an empty span) lets the rest be read.
    pub fn placeholder(self) -> Option<DeValue<'static>> {
        if let Some(first) = self.values().first() {
            return Some(DeValue::String((*first).into()));
        }
        if self.types().is_empty() {
            return self.branches().first()?.placeholder();
        }
        let parsed = |literal: &'static str| DeValue::parse(literal).ok().map(toml::Spanned::into_inner);
        match *self.types().first()? {
            "string" => Some(DeValue::String("".into())),
            "integer" => parsed("0"),
            "number" => parsed("0.0"),
            "boolean" => Some(DeValue::Boolean(false)),
            "array" => Some(DeValue::Array(Default::default())),
            "object" => Some(DeValue::Table(Default::default())),
            _ => None,
        }
    }
}

/// `a`, `a` or `b`, `a`, `b` or `c`.
pub(super) fn either(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// "a string" → "strings", for "an array of ...".
fn plural(phrase: &str) -> String {
    for (one, many) in [
        ("a string", "strings"),
        ("a whole number", "whole numbers"),
        ("a number", "numbers"),
        ("a table", "tables"),
        ("a status", "statuses"),
    ] {
        if let Some(rest) = phrase.strip_prefix(one) {
            return format!("{many}{rest}");
        }
    }
    format!("values that are each {phrase}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(k.into())
    }

    #[test]
    fn reads_the_format_from_the_schema() {
        let entry = Schema::domain().at(&[key("errors"), Segment::Index(0)]).expect("errors entries");
        assert!(entry.keys().contains(&"remedy"));
        assert!(entry.requires("message") && !entry.requires("remedy"));
        assert_eq!(entry.child(&key("status")).unwrap().expected("status"), "a status between 400 and 599");
        assert_eq!(entry.child(&key("fields")).unwrap().expected("fields"), "an array of strings");
        let retry = entry.child(&key("retry")).unwrap();
        assert_eq!(retry.child(&key("max_attempts")).unwrap().expected("max_attempts"), "a whole number");
        assert_eq!(retry.child(&key("policy")).unwrap().expected("policy"), "one of `never`, `backoff` or `retry_after`");
        let class = Schema::manifest().at(&[key("classes"), key("anything")]).expect("classes are a map");
        assert!(Schema::manifest().child(&key("classes")).unwrap().is_map());
        assert!(class.requires("description"));
        assert_eq!(Schema::manifest().at(&[key("envelope"), key("kind")]).unwrap().expected("kind"), "`json` or `problem`");
    }

    #[test]
    fn stand_ins_have_the_type_of_the_place() {
        let entry = Schema::domain().at(&[key("errors"), Segment::Index(0)]).unwrap();
        assert!(matches!(entry.child(&key("message")).unwrap().placeholder(), Some(DeValue::String(s)) if s.is_empty()));
        assert!(matches!(entry.child(&key("status")).unwrap().placeholder(), Some(DeValue::Integer(_))));
        assert!(entry.child(&key("code")).unwrap().placeholder().is_some());
        let field = Schema::manifest().at(&[key("fields"), key("x")]).unwrap();
        assert!(matches!(field.child(&key("type")).unwrap().placeholder(), Some(DeValue::String(_))));
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(either(&["a"]), "`a`");
        assert_eq!(either(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
