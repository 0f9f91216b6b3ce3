//! `catalog.json`: the resolved catalog as data, for tools that want the
//! errors rather than code.

use serde_json::{Map, Value, json};

use super::generated_notice;
use crate::resolve::Catalog;

pub fn catalog_json(catalog: &Catalog) -> Value {
    let mut root = Map::new();
    root.insert("$comment".into(), json!(generated_notice(catalog)));
    let Value::Object(body) = serde_json::to_value(catalog).expect("the catalog serialises") else {
        unreachable!("a struct serialises to an object")
    };
    root.extend(body);
    // Codes as an index: code → the domains that define it.
    let codes: Map<String, Value> = catalog
        .codes
        .iter()
        .map(|code| (code.code.clone(), json!(catalog.definitions(code).map(|e| e.domain.as_str()).collect::<Vec<_>>())))
        .collect();
    root.insert("codes".into(), Value::Object(codes));
    Value::Object(root)
}
