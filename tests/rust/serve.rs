// The server side's round trip (README "Serving errors", rule 24), checked
// against a generated crate with the engine's `conformance/serve.json`:
// every case is built through `server::for_code` (which calls the typed
// builder) and must give exactly the expected status, headers and body
// bytes; `ApiError::from_parts` must read every expected response back
// into the expected result; a property test builds random values and reads
// them back; `server::custom` round-trips any code and message.
//
// Each crate's `tests/serve.rs` binds it and includes this file:
//
//     use novita_errors as sdk;
//     const SERVE: &str = include_str!("../../conformance/serve.json");
//     include!("../../../tests/rust/serve.rs");

use std::time::Duration;

use sdk::server::{self, ErrorResponse, Options};
use sdk::{ApiError, Code, Context, ErrorClass};
use serde_json::{Map, Value};

fn cases() -> Vec<Value> {
    let document: Value = serde_json::from_str(SERVE).expect("serve.json is JSON");
    let cases = document["cases"].as_array().expect("`cases` is a list").clone();
    assert!(!cases.is_empty(), "no cases in serve.json");
    cases
}

fn code_of(case: &Value) -> Code {
    match &case["code"] {
        Value::String(text) => Code::from(text.as_str()),
        number => Code::from(number.to_string()),
    }
}

/// Parameters and context fields of a case, as the crate's typed context.
fn context_of(case: &Value) -> Context {
    let mut object: Map<String, Value> = case["context"].as_object().cloned().unwrap_or_default();
    object.extend(case["params"].as_object().cloned().unwrap_or_default());
    Context::from_json(&object)
}

fn options_of(case: &Value) -> Options {
    Options {
        request_id: case["request_id"].as_str().map(str::to_owned),
        retry_after: case["retry_after_ms"].as_u64().map(Duration::from_millis),
    }
}

fn build(case: &Value) -> ErrorResponse {
    let status = case["status"].as_u64().expect("a status") as u16;
    server::for_code(&code_of(case), status, &context_of(case), &options_of(case)).unwrap_or_else(|| panic!("{}: no builder", case["name"]))
}

fn expected_response(case: &Value) -> ErrorResponse {
    let response = &case["response"];
    let headers = response["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|pair| (pair[0].as_str().expect("name").to_owned(), pair[1].as_str().expect("value").to_owned()))
        .collect();
    ErrorResponse {
        status: response["status"].as_u64().expect("a status") as u16,
        headers,
        body: response["body"].as_str().expect("a body").as_bytes().to_vec(),
    }
}

/// JSON equality where numbers compare numerically (2 == 2.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn parse(response: &ErrorResponse) -> ApiError {
    ApiError::from_parts(response.status, response.headers.iter().map(|(k, v)| (k, v)), &response.body)
}

/// What `err` is, in the `expect` shape.
fn result_of(err: &ApiError) -> Value {
    serde_json::json!({
        "class": err.class().map(ErrorClass::id),
        "code": err.code().map(Code::as_str),
        "known_code": err.code().is_some_and(Code::is_known),
        "message": err.message(),
        "request_id": err.request_id(),
        "field": err.field(),
        "retryable": err.is_retryable(),
        "retry_after_ms": err.retry_after().map(|d| d.as_millis() as u64),
        "context": Value::Object(err.context().to_json()),
    })
}

#[test]
fn every_case_builds_exactly_the_expected_response() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let built = build(case);
        let expected = expected_response(case);
        if built != expected {
            wrong.push(format!(
                "{}:\n    built    {} {:?} {}\n    expected {} {:?} {}",
                case["name"],
                built.status,
                built.headers,
                String::from_utf8_lossy(&built.body),
                expected.status,
                expected.headers,
                String::from_utf8_lossy(&expected.body)
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

#[test]
fn every_expected_response_parses_into_the_expected_error() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let actual = result_of(&parse(&expected_response(case)));
        if !same(&actual, &case["expect"]) {
            wrong.push(format!("{}:\n    got      {actual}\n    expected {}", case["name"], case["expect"]));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases parse differently:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

#[test]
fn the_escape_hatch_round_trips_any_code_and_message_where_the_envelope_has_them() {
    let response = server::custom("NOT_IN_THE_CATALOG", 418, "a \"teapot\" \u{2028} ✓", &Options::default().request_id("req-custom"));
    assert_eq!(response.status, 418);
    let err = parse(&response);
    let body = std::str::from_utf8(&response.body).expect("UTF-8");
    // An envelope without a request id (header or body) cannot carry one.
    if body.contains("req-custom") || response.headers.iter().any(|(_, v)| v == "req-custom") {
        assert_eq!(err.request_id(), Some("req-custom"));
    }
    if body.contains("NOT_IN_THE_CATALOG") {
        assert_eq!(err.code().map(Code::as_str), Some("NOT_IN_THE_CATALOG"));
        assert!(!err.code().is_some_and(Code::is_known));
    }
    if body.contains("teapot") {
        assert_eq!(err.message(), "a \"teapot\" \u{2028} ✓");
    }
}

/// The client half of the cross-language check (xtask's serve suite): with
/// `ERRCAT_SERVE_URL` set and `ERRCAT_SERVE_SPEC` naming this crate's spec,
/// every case served there (by another language's server side, at `/<i>`)
/// is fetched over HTTP and must read back as expected. Otherwise a no-op.
#[test]
fn every_case_served_over_http_parses_into_the_expected_error() {
    let document: Value = serde_json::from_str(SERVE).expect("serve.json is JSON");
    let (Ok(url), Ok(spec)) = (std::env::var("ERRCAT_SERVE_URL"), std::env::var("ERRCAT_SERVE_SPEC")) else { return };
    if document["spec"].as_str() != Some(spec.as_str()) {
        return;
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut wrong = Vec::new();
    let cases = cases();
    for (i, case) in cases.iter().enumerate() {
        let mut response = agent.get(&format!("{url}/{i}")).call().unwrap_or_else(|e| panic!("GET {url}/{i}: {e}"));
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> =
            response.headers().iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
        let body = response.body_mut().read_to_vec().expect("a body");
        let actual = result_of(&ApiError::from_parts(status, headers.iter().map(|(k, v)| (k, v)), &body));
        if !same(&actual, &case["expect"]) {
            wrong.push(format!("{}:\n    got      {actual}\n    expected {}", case["name"], case["expect"]));
        }
    }
    assert!(wrong.is_empty(), "{} of {} served cases parse differently:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

mod properties {
    use proptest::prelude::*;
    use proptest::test_runner::Config;

    use super::*;

    /// A random value of the JSON type `like` has.
    fn value_like(like: &Value) -> BoxedStrategy<Value> {
        match like {
            Value::String(_) => any::<String>().prop_map(Value::String).boxed(),
            Value::Bool(_) => any::<bool>().prop_map(Value::Bool).boxed(),
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                (-9_007_199_254_740_991i64..=9_007_199_254_740_991).prop_map(Value::from).boxed()
            }
            // Eighths, and multiples of 1e21 (written with an exponent): the
            // doubles serde_json (without `float_roundtrip`) reads exactly.
            _ => prop_oneof![any::<i32>().prop_map(|n| f64::from(n) / 8.0), (1..1000i32).prop_map(|k| f64::from(k) * 1e21)]
                .prop_map(Value::from)
                .boxed(),
        }
    }

    /// A case with every parameter and context value replaced at random.
    fn randomised(case: Value) -> BoxedStrategy<Value> {
        let mut parts: Vec<(String, String, BoxedStrategy<Value>)> = Vec::new();
        for key in ["params", "context"] {
            for (name, like) in case[key].as_object().cloned().unwrap_or_default() {
                parts.push((key.to_owned(), name, value_like(&like)));
            }
        }
        let (keys, strategies): (Vec<_>, Vec<_>) = parts.into_iter().map(|(k, n, s)| ((k, n), s)).unzip();
        (strategies, "[A-Za-z0-9_-]{1,24}", 0u64..200_000)
            .prop_map(move |(values, request_id, delay)| {
                let mut case = case.clone();
                for ((key, name), value) in keys.iter().zip(values) {
                    case[key.as_str()][name.as_str()] = value;
                }
                if case["request_id"].is_string() {
                    case["request_id"] = Value::from(request_id);
                }
                case["retry_after_ms"] = Value::from(delay);
                case
            })
            .boxed()
    }

    proptest! {
        #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

        #[test]
        fn random_values_read_back_as_built(case in proptest::sample::select(cases()).prop_flat_map(randomised)) {
            let err = parse(&build(&case));
            let expect = &case["expect"];
            prop_assert_eq!(err.code().map(Code::as_str), expect["code"].as_str());
            prop_assert_eq!(err.class().map(ErrorClass::id), expect["class"].as_str());
            prop_assert_eq!(err.request_id(), case["request_id"].as_str());
            let given = context_of(&case).to_json();
            let read = err.context().to_json();
            for (name, value) in &given {
                // Only fields the fixed case reads back are carried.
                if expect["context"].get(name).is_some() {
                    prop_assert!(read.get(name).is_some_and(|v| same(v, value)), "{name}: sent {value}, read {:?}", read.get(name));
                }
            }
            let code = code_of(&case);
            let status = case["status"].as_u64().expect("a status") as u16;
            // The delay goes out in whole seconds, rounded up, and reads back
            // as sent, never shortened (rules 10 and 24).
            let seconds = case["retry_after_ms"].as_u64().expect("a delay").div_ceil(1000);
            let delay = seconds * 1000;
            prop_assert_eq!(err.retry_after().map(|d| d.as_millis() as u64), Some(delay));
            let message = if case["params"].as_object().is_some_and(|p| !p.is_empty()) {
                sdk::messages::for_code(&code, status, &context_of(&case)).expect("a template")
            } else {
                expect["message"].as_str().expect("a message").to_owned()
            };
            prop_assert_eq!(err.message(), message.as_str());
        }
    }
}
