//! The server side's round trip (`conformance/serve.json`): every listed
//! error built exactly, and read back into the same error.

use novakit_errors as sdk;

const SERVE: &str = include_str!("../../conformance/serve.json");

include!("../../../../../tests/rust/serve.rs");
