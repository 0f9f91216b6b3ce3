// The Rust side of the differential fuzzer (tests/differential/fuzz.py):
// reads a file of cases, prints what the crate makes of each, normalised as
// fuzz.py describes. `cargo xtask test --only differential` builds one binary
// per generated crate, each binding it and including this file:
//
//     use novita_errors as sdk;
//     include!("…/tests/rust/diff_driver.rs");

use std::time::{Duration, UNIX_EPOCH};

use sdk::{ApiError, Code, ErrorClass, RateLimit};
use serde_json::{json, Map, Value};

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut bits, mut count) = (0u32, 0);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = ALPHABET.iter().position(|a| *a == byte).expect("base64 alphabet") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

fn non_empty(s: Option<&str>) -> Value {
    s.filter(|s| !s.is_empty()).into()
}

fn rate_limit(r: &RateLimit) -> Value {
    let ms = |d: Option<Duration>| d.map(|d| d.as_millis() as u64);
    json!({
        "limit": r.limit,
        "remaining": r.remaining,
        "reset_ms": ms(r.reset),
        "window_ms": ms(r.window),
        "policy": non_empty(r.policy.as_deref()),
    })
}

fn observed(case: &Value) -> Value {
    let status = case["status"].as_u64().expect("status") as u16;
    let headers: Vec<(String, String)> = case["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|pair| (pair[0].as_str().expect("name").to_owned(), pair[1].as_str().expect("value").to_owned()))
        .collect();
    let body = base64(case["body_base64"].as_str().expect("body_base64"));
    let now = UNIX_EPOCH + Duration::from_millis(case["now_unix_ms"].as_u64().expect("now_unix_ms"));
    let outcome = std::panic::catch_unwind(|| {
        let err: ApiError = ApiError::from_parts_at(status, headers.iter().map(|(k, v)| (k, v)), &body, now);
        json!({
            "status": err.status(),
            "class": err.class().map(ErrorClass::id),
            "code": non_empty(err.code().map(Code::as_str)),
            "known_code": err.code().is_some_and(Code::is_known),
            "message": err.message(),
            "request_id": non_empty(err.request_id()),
            "field": non_empty(err.field()),
            "retryable": err.is_retryable(),
            "retry_after_ms": err.retry_after().map(|d| d.as_millis() as u64),
            "context": Value::Object(err.context().to_json()),
            "items": err.items().iter().map(|item| json!({
                "code": non_empty(item.code.as_ref().map(Code::as_str)),
                "known_code": item.code.as_ref().is_some_and(Code::is_known),
                "message": non_empty(item.message.as_deref()),
                "field": non_empty(item.field.as_deref()),
                "location": non_empty(item.location.as_deref()),
            })).collect::<Vec<_>>(),
            "subcodes": err.subcodes().entries().into_iter()
                .map(|(name, value, known)| (name.to_owned(), json!({"value": value, "known": known})))
                .collect::<Map<_, _>>(),
            "domain": non_empty(err.domain()),
            "metadata": err.metadata().iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<Map<_, _>>(),
            "grpc": err.grpc().name(),
            "rate_limit": err.rate_limit().map_or(Value::Null, rate_limit),
        })
    });
    outcome.unwrap_or_else(|panic| {
        let why = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        json!({ "crash": why.unwrap_or_else(|| "panic".to_owned()) })
    })
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: diff_driver CASES.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).expect("read the cases")).expect("cases are JSON");
    let results: Vec<Value> = cases.iter().map(observed).collect();
    println!("{}", Value::Array(results));
}
