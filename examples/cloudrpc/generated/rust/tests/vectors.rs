//! The shared conformance vectors (`tests/vectors/cloudrpc.json`), in process and
//! over real HTTP.

use cloudrpc_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/cloudrpc.json");

include!("../../../../../tests/rust/vectors.rs");
