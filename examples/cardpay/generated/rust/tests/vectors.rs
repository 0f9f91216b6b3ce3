//! The shared conformance vectors (`tests/vectors/cardpay.json`), in process and
//! over real HTTP.

use cardpay_errors as sdk;

const VECTORS: &str = include_str!("../../../../../tests/vectors/cardpay.json");

include!("../../../../../tests/rust/vectors.rs");
