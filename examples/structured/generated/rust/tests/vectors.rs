//! The shared conformance vectors (`tests/vectors/structured.json`), in process and
//! over real HTTP.

use structured_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/structured.json");

include!("../../../../../tests/rust/vectors.rs");
