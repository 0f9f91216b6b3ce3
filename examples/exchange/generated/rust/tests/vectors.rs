//! The shared conformance vectors (`tests/vectors/exchange.json`), in process and
//! over real HTTP.

use exchange_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/exchange.json");

include!("../../../../../tests/rust/vectors.rs");
