//! The shared conformance vectors (`tests/vectors/hubapi.json`), in process and
//! over real HTTP.

use hubapi_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/hubapi.json");

include!("../../../../../tests/rust/vectors.rs");
