//! `catalog.json`: the resolved catalog as data, for tools that want the
//! errors rather than code.

use std::collections::BTreeMap;

use serde::Serialize;

use super::generated_notice;
use crate::resolve::Catalog;

/// The document: the notice first, the catalog's own fields, then an index
/// of codes (code → the domains that define it). Serialised directly, with
/// no intermediate JSON tree: this is one of the largest outputs.
#[derive(Serialize)]
pub struct CatalogJson<'a> {
    #[serde(rename = "$comment")]
    comment: String,
    #[serde(flatten)]
    catalog: &'a Catalog,
    codes: BTreeMap<&'a str, Vec<&'a str>>,
}

pub fn catalog_json(catalog: &Catalog) -> CatalogJson<'_> {
    let codes =
        catalog.codes.iter().map(|code| (code.code.as_str(), catalog.definitions(code).map(|e| e.domain.as_str()).collect())).collect();
    CatalogJson { comment: generated_notice(catalog), catalog, codes }
}
