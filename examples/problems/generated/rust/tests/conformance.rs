//! The generic conformance suite, run against this crate and its catalog.

use problems_errors as sdk;

const CATALOG: &str = include_str!("../../catalog.json");

include!("../../../../../tests/rust/conformance.rs");
