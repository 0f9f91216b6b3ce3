//! The shared conformance vectors (`tests/vectors/novita.json`), in process and
//! over real HTTP.

use novita_errors as sdk;

const VECTORS: &str = include_str!("../../../tests/vectors/novita.json");

include!("../../../tests/rust/vectors.rs");
