//! The shared conformance vectors (`tests/vectors/novakit.json`), in process and
//! over real HTTP.

use novakit_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/novakit.json");

include!("../../../../../tests/rust/vectors.rs");
