//! The shared conformance vectors (`tests/vectors/problems.json`), in process and
//! over real HTTP.

use problems_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/problems.json");

include!("../../../../../tests/rust/vectors.rs");
