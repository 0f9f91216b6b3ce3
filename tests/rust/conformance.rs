// The generic conformance suite of the generated Rust crates (README,
// "Runtime semantics"), driven by each output directory's catalog.json.
//
// Each crate's `tests/conformance.rs` binds it and includes this file:
//
//     use novita_errors as sdk;
//     const CATALOG: &str = include_str!("../../catalog.json");
//     include!("../../../tests/rust/conformance.rs");

use std::cell::RefCell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sdk::{retry_blocking_with, ApiError, AsApiError, Code, ErrorClass, RetryMode};
use serde_json::{json, Map, Value};

fn catalog() -> Value {
    serde_json::from_str(CATALOG).expect("catalog.json is JSON")
}

fn envelope() -> Value {
    catalog()["envelope"].clone()
}

fn classes() -> Vec<Value> {
    catalog()["classes"].as_array().expect("classes").clone()
}

fn errors() -> Vec<Value> {
    let catalog = catalog();
    let domains = catalog["domains"].as_array().expect("domains");
    domains.iter().flat_map(|d| d["errors"].as_array().expect("errors").clone()).collect()
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string")
}

/// Sets `value` at a JSON Pointer, creating objects on the way.
fn set_at(body: &mut Value, pointer: &str, value: Value) {
    let mut node = body;
    if !pointer.is_empty() {
        for token in pointer[1..].split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            node = node.as_object_mut().unwrap().entry(token).or_insert(Value::Null);
        }
    }
    *node = value;
}

/// A body carrying `code` (where the envelope has one) and `message`.
fn body_for(code: Option<&str>, message: Option<&str>) -> Value {
    let env = envelope();
    let mut body = json!({});
    if let (Some(pointer), Some(code)) = (env["code"].as_str(), code) {
        set_at(&mut body, pointer, json!(code));
    }
    if let (Some(pointer), Some(message)) = (env["message"][0].as_str(), message) {
        set_at(&mut body, pointer, json!(message));
    }
    body
}

fn bytes(body: &Value) -> Vec<u8> {
    serde_json::to_vec(body).unwrap()
}

fn no_headers() -> Vec<(&'static str, &'static str)> {
    Vec::new()
}

fn error(status: u16, body: &[u8]) -> ApiError {
    ApiError::from_parts(status, no_headers(), body)
}

/// The first class whose retry policy is `policy`, with one of its statuses.
fn class_with_policy(policy: &str) -> Option<(Value, u16)> {
    classes().into_iter().find_map(|c| {
        let status = c["statuses"][0].as_u64()? as u16;
        (c["retry"]["policy"] == policy).then_some((c, status))
    })
}

fn mode(policy: &str) -> RetryMode {
    match policy {
        "never" => RetryMode::Never,
        "backoff" => RetryMode::Backoff,
        "retry_after" => RetryMode::RetryAfter,
        other => panic!("unknown policy {other}"),
    }
}

#[test]
fn every_class_from_its_status() {
    let classes = classes();
    assert_eq!(ErrorClass::ALL.len(), classes.len());
    for (class, expected) in ErrorClass::ALL.iter().zip(&classes) {
        assert_eq!(class.id(), text(&expected["id"]));
        assert_eq!(class.title(), text(&expected["title"]));
        assert_eq!(class.retry_policy().mode, mode(text(&expected["retry"]["policy"])));
        for status in expected["statuses"].as_array().unwrap() {
            let status = status.as_u64().unwrap() as u16;
            assert_eq!(ErrorClass::from_status(status), Some(*class), "status {status}");
            // An empty body still gets the class, and its title as message.
            let err = error(status, b"");
            assert_eq!(err.class(), Some(*class));
            assert_eq!(err.status(), status);
            assert_eq!(err.message(), class.title());
            assert_eq!(err.code(), None);
            assert_eq!(err.retry_policy(), class.retry_policy());
        }
    }
    // Statuses outside every class and range: the base error, no class.
    let err = error(302, b"");
    assert_eq!(err.class(), None);
    assert_eq!(err.message(), "HTTP 302");
    assert!(!err.is_retryable());
}

#[test]
fn every_code_is_known_and_round_trips() {
    let catalog = catalog();
    let codes = catalog["codes"].as_object().unwrap();
    let known: Vec<&str> = Code::known().map(Code::as_str).collect();
    assert_eq!(known, codes.keys().map(String::as_str).collect::<Vec<_>>());
    for (code, domains) in codes {
        let parsed: Code = code.parse().unwrap();
        assert!(parsed.is_known(), "{code}");
        assert_eq!(parsed.as_str(), code);
        assert_eq!(parsed.to_string(), *code);
        assert_eq!(Code::from(code.clone()), parsed);
        let defined_in: Vec<&str> = parsed.definitions().iter().map(|d| d.domain).collect();
        let expected: Vec<&str> = domains.as_array().unwrap().iter().map(text).collect();
        assert_eq!(defined_in, expected, "{code}");
        assert!(parsed.definitions().iter().all(|d| d.code == code));
    }
}

#[test]
fn every_code_of_the_first_domain() {
    let catalog = catalog();
    let domain = &catalog["domains"][0];
    let has_code = envelope()["code"].is_string();
    for expected in domain["errors"].as_array().unwrap() {
        let code = text(&expected["code"]);
        let status = expected["status"].as_u64().unwrap() as u16;
        // Without a code on the wire, the message identifies the error.
        let message = if has_code {
            "message from the server".to_owned()
        } else if let Some(exact) = expected["matches"]["exact"][0].as_str() {
            exact.to_owned()
        } else if let Some(prefix) = expected["matches"]["prefix"][0].as_str() {
            format!("{prefix} (and more)")
        } else {
            continue;
        };
        let err = error(status, &bytes(&body_for(Some(code), Some(&message))));
        assert_eq!(err.code().map(Code::as_str), Some(code));
        assert!(err.code().unwrap().is_known());
        assert_eq!(err.message(), message);
        // Rule 4: the first definition, in domain order, with this status.
        let first = errors().into_iter().find(|e| e["code"] == code && e["status"] == status).unwrap();
        let definition = err.definition().expect("a definition");
        assert_eq!(definition.domain, text(&first["domain"]));
        assert_eq!(definition.status, status);
        assert_eq!(definition.message, text(&first["message"]));
        assert_eq!(definition.description, text(&first["description"]));
        assert_eq!(definition.remedy, first["remedy"].as_str());
        assert_eq!(err.class().map(ErrorClass::id), Some(text(&first["class"])));
        assert_eq!(err.retry_policy().mode, mode(text(&first["retry"]["policy"])));
        assert_eq!(err.retry_policy().max_attempts as u64, first["retry"]["max_attempts"].as_u64().unwrap());
        assert_eq!(err.field(), first["field"].as_str());
        // The same code with a status it is not defined for: no definition.
        let other = error(599, &bytes(&body_for(Some(code), Some(&message))));
        if has_code {
            assert_eq!(other.code().map(Code::as_str), Some(code));
            assert!(other.definition().is_none());
        }
    }
}

#[test]
fn a_code_the_crate_does_not_know() {
    let code = Code::from("SOME_CODE_FROM_THE_FUTURE");
    assert_eq!(code, Code::Unknown("SOME_CODE_FROM_THE_FUTURE".to_owned()));
    assert!(!code.is_known());
    assert_eq!(code.as_str(), "SOME_CODE_FROM_THE_FUTURE");
    assert!(code.definitions().is_empty());
    let (class, status) = (ErrorClass::ALL[0], ErrorClass::ALL[0].statuses()[0]);
    let err = error(status, &bytes(&body_for(Some("SOME_CODE_FROM_THE_FUTURE"), Some("brand new"))));
    assert_eq!(err.message(), "brand new");
    assert_eq!(err.class(), Some(class));
    assert!(err.definition().is_none());
    if envelope()["code"].is_string() {
        assert_eq!(err.code(), Some(&code));
    } else {
        assert_eq!(err.code(), None);
    }
}

#[test]
fn garbage_bodies_still_give_an_error() {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let cases: Vec<(u16, Vec<u8>)> = vec![
        (502, html.to_vec()),
        (503, Vec::new()),
        (500, b"   \n".to_vec()),
        (500, vec![0xff, 0xfe, b'{', 0xc3]),
        (400, b"[1, 2, 3]".to_vec()),
        (400, b"\"just a string\"".to_vec()),
        (400, b"{\"unterminated\": ".to_vec()),
        (400, "[".repeat(100_000).into_bytes()),
        (500, vec![b'x'; 5 * 1024 * 1024]),
    ];
    for (status, body) in cases {
        let err = error(status, &body);
        assert_eq!(err.status(), status);
        assert_eq!(err.body(), body.as_slice());
        assert_eq!(err.code(), None);
        assert_eq!(err.class(), ErrorClass::from_status(status));
        let fallback = ErrorClass::from_status(status).map_or(format!("HTTP {status}"), |c| c.title().to_owned());
        assert_eq!(err.message(), fallback);
        assert!(err.to_string().contains(&status.to_string()));
    }
    // A JSON body parsed as JSON, but not an object: no envelope.
    assert_eq!(error(400, b"[1, 2, 3]").json(), Some(&json!([1, 2, 3])));
}

#[test]
fn wrong_types_in_the_envelope_count_as_absent() {
    let env = envelope();
    let status = ErrorClass::ALL[0].statuses()[0];
    let mut body = json!({});
    if let Some(pointer) = env["code"].as_str() {
        set_at(&mut body, pointer, json!(123));
    }
    set_at(&mut body, text(&env["message"][0]), Value::Null);
    let err = error(status, &bytes(&body));
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), ErrorClass::ALL[0].title());
}

#[test]
fn duplicate_keys_the_last_wins() {
    let first = bytes(&body_for(Some("FIRST_CODE"), Some("first message")));
    let last = bytes(&body_for(Some("LAST_CODE"), Some("last message")));
    let inner = |b: &[u8]| String::from_utf8(b[1..b.len() - 1].to_vec()).unwrap();
    let text = format!("{{{},{}}}", inner(&first), inner(&last));
    let err = error(400, text.as_bytes());
    assert_eq!(err.message(), "last message");
    if envelope()["code"].is_string() {
        assert_eq!(err.code().map(Code::as_str), Some("LAST_CODE"));
    }
}

#[test]
fn a_huge_message_is_kept_whole() {
    let message = "m".repeat(5 * 1024 * 1024);
    let err = error(500, &bytes(&body_for(None, Some(&message))));
    assert_eq!(err.message().len(), message.len());
}

fn retry_after_class() -> (ErrorClass, u16) {
    let (class, status) = class_with_policy("retry_after").expect("a class with a retry_after policy");
    (ErrorClass::ALL.iter().copied().find(|c| c.id() == class["id"]).unwrap(), status)
}

/// `ms` milliseconds, clamped to the retry_after class's `max_retry_after_ms`.
fn clamped(ms: u64) -> Option<Duration> {
    let (class, _) = retry_after_class();
    Some(Duration::from_millis(ms.min(class.retry_policy().max_retry_after_ms)))
}

fn with_retry_after(value: &str, now: SystemTime) -> ApiError {
    let (_, status) = retry_after_class();
    ApiError::from_parts_at(status, [("Retry-After", value)], b"{}", now)
}

#[test]
fn retry_after_in_seconds_and_as_an_http_date() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(with_retry_after("30", now).retry_after(), clamped(30_000));
    assert_eq!(with_retry_after(" 1.5 ", now).retry_after(), clamped(1500));
    assert_eq!(with_retry_after("0", now).retry_after(), Some(Duration::ZERO));
    let date = with_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now);
    assert_eq!(date.retry_after(), clamped(30_000));
    let rfc850 = with_retry_after("Sunday, 06-Nov-94 08:50:07 GMT", now);
    assert_eq!(rfc850.retry_after(), clamped(30_000));
    let asctime = with_retry_after("Sun Nov  6 08:50:07 1994", now);
    assert_eq!(asctime.retry_after(), clamped(30_000));
    // A date in the past means now.
    let past = with_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now);
    assert_eq!(past.retry_after(), Some(Duration::ZERO));
}

#[test]
fn retry_after_negative_malformed_or_huge() {
    let now = SystemTime::now();
    for bad in ["-5", "soon", "", "1e3", "NaN", "inf", "30s", "Sun, 32 Nov 1994 08:49:37 GMT"] {
        assert_eq!(with_retry_after(bad, now).retry_after(), None, "{bad:?}");
    }
    let (class, _) = retry_after_class();
    let max = Duration::from_millis(class.retry_policy().max_retry_after_ms);
    assert_eq!(with_retry_after("99999999999999999999", now).retry_after(), Some(max));
    assert_eq!(with_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).retry_after(), Some(max));
}

#[test]
fn retry_after_ms_header_comes_first_where_the_spec_names_it() {
    let Some(header) = sdk::envelope::ENVELOPE.retry_after_ms_header else { return };
    let (_, status) = retry_after_class();
    let err = ApiError::from_parts(status, [(header, "1500"), ("retry-after", "9")], b"");
    assert_eq!(err.retry_after(), clamped(1500));
    let err = ApiError::from_parts(status, [(header, "-1"), ("retry-after", "9")], b"");
    assert_eq!(err.retry_after(), clamped(9000));
}

#[test]
fn should_retry_header_decides_where_the_spec_names_it() {
    let Some(header) = sdk::envelope::ENVELOPE.should_retry_header else { return };
    let err = ApiError::from_parts(400, [(header, "TRUE")], b"");
    assert!(err.is_retryable());
    let err = ApiError::from_parts(503, [(header, "false")], b"");
    assert!(!err.is_retryable());
}

#[test]
fn request_id_from_headers_then_body() {
    let header = text(&envelope()["headers"]["request_id"][0]).to_ascii_uppercase();
    let err = ApiError::from_parts(500, [(header.as_str(), "req_from_header")], b"");
    assert_eq!(err.request_id(), Some("req_from_header"));
    assert!(err.to_string().contains("req_from_header"));
    // An empty header does not count.
    let err = ApiError::from_parts(500, [(header.as_str(), "")], b"");
    assert_eq!(err.request_id(), None);
    if let Some(pointer) = envelope()["request_id"].as_str() {
        let mut body = json!({});
        set_at(&mut body, pointer, json!("req_from_body"));
        assert_eq!(error(500, &bytes(&body)).request_id(), Some("req_from_body"));
        let both = ApiError::from_parts(500, [(header.as_str(), "req_from_header")], &bytes(&body));
        assert_eq!(both.request_id(), Some("req_from_header"));
    }
}

#[test]
fn display_names_class_code_message_status_and_request_id() {
    let catalog = catalog();
    let first = &catalog["domains"][0]["errors"][0];
    let status = first["status"].as_u64().unwrap() as u16;
    let code = text(&first["code"]);
    let message = first["matches"]["exact"][0].as_str().unwrap_or("shown message");
    let body = bytes(&body_for(Some(code), Some(message)));
    let err = ApiError::from_parts(status, [("x-request-id", "req_42")], &body);
    let shown = err.to_string();
    for part in [text(&first["class"]), message, &status.to_string(), "req_42"] {
        assert!(shown.contains(part), "{shown:?} lacks {part:?}");
    }
    if err.code().is_some() {
        assert!(shown.contains(code), "{shown:?} lacks {code}");
    }
}

#[test]
fn credentials_are_never_kept() {
    let headers = [
        ("Authorization", "Bearer sk_secret"),
        ("Proxy-Authorization", "Basic c2VjcmV0"),
        ("Cookie", "session=secret"),
        ("Set-Cookie", "session=secret"),
        ("X-Api-Key", "sk_secret"),
        ("Content-Type", "application/json"),
    ];
    let err = ApiError::from_parts(401, headers, b"{}");
    assert_eq!(err.headers(), [("content-type".to_owned(), "application/json".to_owned())]);
    assert_eq!(err.header("CONTENT-TYPE"), Some("application/json"));
    assert_eq!(err.header("authorization"), None);
    let everything = format!("{err} {err:?}");
    assert!(!everything.contains("secret"), "{everything}");
}

#[test]
fn backoff_doubles_up_to_the_cap_with_equal_jitter() {
    let (class, _) = class_with_policy("backoff").expect("a class with a backoff policy");
    let policy = ErrorClass::ALL.iter().find(|c| c.id() == class["id"]).unwrap().retry_policy();
    let initial = policy.initial_delay_ms;
    assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(initial / 2));
    assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(initial));
    assert_eq!(policy.backoff(2, 1.0), Duration::from_millis((initial * 2).min(policy.max_delay_ms)));
    assert_eq!(policy.backoff(2, 0.5), Duration::from_millis((initial * 2).min(policy.max_delay_ms) * 3 / 4));
    assert_eq!(policy.backoff(200, 1.0), Duration::from_millis(policy.max_delay_ms));
    for _ in 0..100 {
        let r = sdk::random();
        assert!((0.0..1.0).contains(&r));
    }
}

/// A request function that fails with `err` `failures` times, then succeeds.
fn flaky(err: ApiError, failures: u32, calls: &RefCell<Vec<u32>>) -> impl FnMut(u32) -> Result<&'static str, ApiError> + '_ {
    move |attempt| {
        calls.borrow_mut().push(attempt);
        if attempt <= failures {
            Err(err.clone())
        } else {
            Ok("ok")
        }
    }
}

#[test]
fn retry_helper_backs_off_until_max_attempts() {
    let (_, status) = class_with_policy("backoff").expect("a class with a backoff policy");
    let err = error(status, b"");
    let policy = err.retry_policy();
    let (calls, sleeps) = (RefCell::new(Vec::new()), RefCell::new(Vec::new()));
    let result = retry_blocking_with(flaky(err, u32::MAX, &calls), |d| sleeps.borrow_mut().push(d), || 1.0);
    assert!(result.is_err());
    let attempts: Vec<u32> = (1..=policy.max_attempts).collect();
    assert_eq!(*calls.borrow(), attempts);
    let expected: Vec<Duration> = (1..policy.max_attempts).map(|n| policy.backoff(n, 1.0)).collect();
    assert_eq!(*sleeps.borrow(), expected);
    assert_eq!(sleeps.borrow()[0], Duration::from_millis(policy.initial_delay_ms));
}

#[test]
fn retry_helper_succeeds_after_failures() {
    let (_, status) = class_with_policy("backoff").expect("a class with a backoff policy");
    let calls = RefCell::new(Vec::new());
    let mut slept = 0;
    let result = retry_blocking_with(flaky(error(status, b""), 1, &calls), |_| slept += 1, || 0.0);
    assert_eq!(result.unwrap(), "ok");
    assert_eq!(*calls.borrow(), [1, 2]);
    assert_eq!(slept, 1);
}

#[test]
fn retry_helper_waits_as_long_as_the_server_asks() {
    let (class, status) = retry_after_class();
    let err = ApiError::from_parts(status, [("retry-after", "7")], b"");
    let (calls, sleeps) = (RefCell::new(Vec::new()), RefCell::new(Vec::new()));
    let _ = retry_blocking_with(flaky(err, u32::MAX, &calls), |d| sleeps.borrow_mut().push(d), || 0.3);
    let retries = class.retry_policy().max_attempts as usize - 1;
    assert_eq!(*sleeps.borrow(), vec![clamped(7000).unwrap(); retries]);
    // Without a server delay, it backs off.
    let err = error(status, b"");
    assert_eq!(err.retry_delay(1, 1.0), Duration::from_millis(class.retry_policy().initial_delay_ms));
}

#[test]
fn retry_helper_does_not_retry_what_is_not_retryable() {
    let (_, status) = class_with_policy("never").expect("a class with a never policy");
    let calls = RefCell::new(Vec::new());
    let result = retry_blocking_with(flaky(error(status, b""), u32::MAX, &calls), |_| panic!("slept"), || 0.0);
    assert_eq!(result.unwrap_err().status(), status);
    assert_eq!(*calls.borrow(), [1]);
}

#[derive(Debug)]
enum ClientError {
    Api(ApiError),
    Network,
}

impl AsApiError for ClientError {
    fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(err) => Some(err),
            ClientError::Network => None,
        }
    }
}

#[test]
fn retry_helper_lets_other_errors_through_at_once() {
    let (_, status) = class_with_policy("backoff").expect("a class with a backoff policy");
    let mut attempts = 0;
    let result: Result<(), ClientError> = retry_blocking_with(
        |attempt| {
            attempts = attempt;
            if attempt == 1 {
                Err(ClientError::Api(error(status, b"")))
            } else {
                Err(ClientError::Network)
            }
        },
        |_| {},
        || 0.0,
    );
    assert!(matches!(result, Err(ClientError::Network)));
    assert_eq!(attempts, 2);
}

#[test]
fn http_dates() {
    use sdk::http_date::parse_unix_seconds;
    assert_eq!(parse_unix_seconds("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
    assert_eq!(parse_unix_seconds("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
    assert_eq!(parse_unix_seconds("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
    assert_eq!(parse_unix_seconds("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
    assert_eq!(parse_unix_seconds("Tue, 29 Feb 2028 23:59:59 GMT"), Some(1_835_481_599));
    for bad in [
        "",
        "soon",
        "30",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Mon, 29 Feb 2027 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
    ] {
        assert_eq!(parse_unix_seconds(bad), None, "{bad:?}");
    }
}

#[test]
fn every_text_is_the_catalogs_byte_for_byte() {
    let catalog = catalog();
    for (class, expected) in ErrorClass::ALL.iter().zip(&classes()) {
        assert_eq!(class.id(), text(&expected["id"]));
        assert_eq!(class.title(), text(&expected["title"]));
        assert_eq!(class.description(), text(&expected["description"]));
        let strings = |key: &str| -> Vec<&str> { expected[key].as_array().unwrap().iter().map(text).collect() };
        assert_eq!(class.causes(), strings("causes"));
        assert_eq!(class.solutions(), strings("solutions"));
        assert_eq!(class.fields(), strings("fields"));
    }
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for expected in errors() {
        let code = Code::from(text(&expected["code"]));
        let index = seen.entry(code.as_str().to_owned()).or_insert(0);
        let definition = &code.definitions()[*index];
        *index += 1;
        assert_eq!(definition.code, text(&expected["code"]));
        assert_eq!(definition.domain, text(&expected["domain"]));
        assert_eq!(definition.status as u64, expected["status"].as_u64().unwrap());
        assert_eq!(definition.class.id(), text(&expected["class"]));
        assert_eq!(definition.message, text(&expected["message"]));
        assert_eq!(definition.description, text(&expected["description"]));
        assert_eq!(definition.remedy, expected["remedy"].as_str());
        assert_eq!(definition.field, expected["field"].as_str());
        let fields: Vec<&str> = expected["fields"].as_array().unwrap().iter().map(text).collect();
        assert_eq!(definition.fields, fields);
        assert_eq!(definition.since, expected["since"].as_str());
        assert_eq!(definition.docs_url, expected["docs_url"].as_str());
        let deprecated = &expected["deprecated"];
        assert_eq!(definition.deprecated.map(|d| d.since), deprecated["since"].as_str());
        assert_eq!(definition.deprecated.and_then(|d| d.replacement), deprecated["replacement"].as_str());
        assert_eq!(definition.deprecated.and_then(|d| d.note), deprecated["note"].as_str());
        let retry = &expected["retry"];
        assert_eq!(definition.retry.mode, mode(text(&retry["policy"])));
        assert_eq!(definition.retry.max_attempts as u64, retry["max_attempts"].as_u64().unwrap());
        assert_eq!(definition.retry.initial_delay_ms, retry["initial_delay_ms"].as_u64().unwrap());
        assert_eq!(definition.retry.max_delay_ms, retry["max_delay_ms"].as_u64().unwrap());
        assert_eq!(definition.retry.max_retry_after_ms, retry["max_retry_after_ms"].as_u64().unwrap());
    }
    // Every definition was visited: none more in the crate than in the catalog.
    for (code, count) in seen {
        assert_eq!(Code::from(code.as_str()).definitions().len(), count, "{code}");
    }
    // Rule 9: neither a definition nor a class: `never` with the `[retry]` numbers.
    let retry = &catalog["retry"];
    let err = error(302, b"");
    assert_eq!(err.retry_policy().mode, mode(text(&retry["policy"])));
    assert_eq!(err.retry_policy().max_attempts as u64, retry["max_attempts"].as_u64().unwrap());
    assert_eq!(err.retry_policy().initial_delay_ms, retry["initial_delay_ms"].as_u64().unwrap());
    assert_eq!(err.retry_policy().max_delay_ms, retry["max_delay_ms"].as_u64().unwrap());
    assert_eq!(err.retry_policy().max_retry_after_ms, retry["max_retry_after_ms"].as_u64().unwrap());
}

#[test]
fn typed_context_fields_by_wire_name() {
    let Some(pointer) = envelope()["context"].as_str().map(str::to_owned) else { return };
    let catalog = catalog();
    let fields = catalog["fields"].as_array().unwrap();
    // A value of the declared type for each field, and one of another type.
    let good = |ty: &str| match ty {
        "string" => json!("text \"quoted\" \u{202e}"),
        "integer" => json!(42),
        "number" => json!(2.5),
        "boolean" => json!(true),
        other => panic!("unknown field type {other}"),
    };
    let bad = |ty: &str| if ty == "string" { json!(7) } else { json!("7") };
    let (mut right, mut wrong) = (json!({}), json!({}));
    for field in fields {
        let (name, ty) = (text(&field["name"]), text(&field["type"]));
        right[name] = good(ty);
        wrong[name] = bad(ty);
    }
    let body = |context: Value| {
        let mut body = json!({});
        set_at(&mut body, &pointer, context);
        bytes(&body)
    };
    let err = error(400, &body(right.clone()));
    assert_eq!(Value::Object(err.context().to_json()), right);
    let err = error(400, &body(wrong));
    assert!(err.context().to_json().is_empty(), "{:?}", err.context());
    assert_eq!(*err.context(), sdk::Context::default());
}

mod fuzz {
    //! Bounded fuzzing of the response constructor (rule 1): arbitrary
    //! status, headers and body bytes, and bodies shaped like the envelope
    //! with values of every JSON type, always give an `ApiError` with a
    //! non-empty message; a panic fails the property.

    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::Config;

    /// Cases per property: bounded so the suite stays fast on two cores.
    const CASES: u32 = 2_000;

    fn config() -> Config {
        Config { cases: CASES, failure_persistence: None, ..Config::default() }
    }

    fn header_name() -> impl Strategy<Value = String> {
        let known: Vec<String> = {
            let env = envelope();
            let headers = &env["headers"];
            let mut names: Vec<String> = headers["request_id"].as_array().unwrap().iter().map(|h| text(h).to_owned()).collect();
            for key in ["retry_after", "retry_after_ms", "should_retry"] {
                names.extend(headers[key].as_str().map(str::to_owned));
            }
            names.extend(["retry-after".to_owned(), "authorization".to_owned(), "Set-Cookie".to_owned()]);
            names
        };
        prop_oneof![proptest::sample::select(known), any::<String>()]
    }

    fn header_value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            (-1e12f64..1e12).prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
            "[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
            Just("TRUE".to_owned()),
        ]
    }

    /// Any JSON value, a few levels deep.
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// An envelope-shaped body: every pointer of the envelope and every
    /// context field set to an arbitrary JSON value, or to a known code.
    fn envelope_body() -> impl Strategy<Value = Vec<u8>> {
        let env = envelope();
        let mut pointers: Vec<String> = ["code", "request_id", "field", "details", "context", "retry_after"]
            .iter()
            .filter_map(|k| env[*k].as_str().map(str::to_owned))
            .collect();
        pointers.extend(env["message"].as_array().unwrap().iter().map(|p| text(p).to_owned()));
        let context = env["context"].as_str().unwrap_or("").to_owned();
        let catalog = catalog();
        for field in catalog["fields"].as_array().unwrap() {
            pointers.push(format!("{context}/{}", text(&field["name"]).replace('~', "~0").replace('/', "~1")));
        }
        let codes: Vec<String> = catalog["codes"].as_object().unwrap().keys().cloned().collect();
        let count = pointers.len();
        let value = prop_oneof![json_value(), proptest::sample::select(codes).prop_map(Value::from)];
        proptest::collection::vec(proptest::option::of(value), count).prop_map(move |values| {
            let mut body = json!({});
            for (pointer, value) in pointers.iter().zip(values) {
                if let Some(value) = value {
                    set_at(&mut body, pointer, value);
                }
            }
            bytes(&body)
        })
    }

    fn check(status: u16, headers: &[(String, String)], body: &[u8]) {
        let err = ApiError::from_parts(status, headers.iter().map(|(k, v)| (k, v)), body);
        assert_eq!(err.status(), status);
        assert_eq!(err.body(), body);
        assert!(!err.message().is_empty(), "rule 6: the message is never empty: {err:?}");
        assert!(!err.to_string().is_empty());
        assert!(err.retry_after().map_or(true, |d| d.as_millis() <= err.retry_policy().max_retry_after_ms as u128));
        let _ = format!("{err:?}");
        let _ = err.retry_delay(1, 0.5);
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn arbitrary_bytes(
            status in any::<u16>(),
            headers in proptest::collection::vec((header_name(), header_value()), 0..6),
            body in proptest::collection::vec(any::<u8>(), 0..256),
        ) {
            check(status, &headers, &body);
        }

        #[test]
        fn arbitrary_envelopes(
            status in prop_oneof![400u16..600, any::<u16>()],
            headers in proptest::collection::vec((header_name(), header_value()), 0..6),
            body in envelope_body(),
        ) {
            check(status, &headers, &body);
        }
    }
}
