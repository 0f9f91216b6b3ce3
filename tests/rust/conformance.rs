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

use sdk::{ApiError, AsApiError, Attempt, Code, ErrorClass, LongerWait, Retry, RetryMode};
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

/// Sets `value` at a body location (rule 18), creating objects on the way;
/// for `@name/pointer`, in the element of the selection's array that it
/// picks, made if it is not there.
fn set_at(body: &mut Value, pointer: &str, value: Value) {
    if let Some(selected) = pointer.strip_prefix('@') {
        let (name, pointer) = selected.split_at(selected.find('/').unwrap_or(selected.len()));
        let env = envelope();
        let selection = env["selections"].as_array().unwrap().iter().find(|s| s["name"] == name).expect("a selection").clone();
        let (array, member, equals) = (text(&selection["in"]), text(&selection["member"]), text(&selection["equals"]));
        let mut elements = body.pointer(array).and_then(Value::as_array).cloned().unwrap_or_default();
        let index = match elements.iter().position(|e| e.get(member).and_then(Value::as_str) == Some(equals)) {
            Some(index) => index,
            None => {
                let mut element = Map::new();
                element.insert(member.to_owned(), json!(equals));
                elements.push(Value::Object(element));
                elements.len() - 1
            }
        };
        set_at(&mut elements[index], pointer, value);
        set_at(body, array, Value::Array(elements));
        return;
    }
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
        // Rule 3: a number with a fractional part is not a code.
        set_at(&mut body, pointer, json!(12.5));
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

/// The first class with a `retry_after` policy, else the first class with a
/// status (the server's delay is read whatever the policy), with its status.
fn retry_after_class() -> (ErrorClass, u16) {
    let (class, status) = class_with_policy("retry_after")
        .or_else(|| classes().into_iter().find_map(|c| Some((c.clone(), c["statuses"][0].as_u64()? as u16))))
        .expect("a class with a status");
    (ErrorClass::ALL.iter().copied().find(|c| c.id() == class["id"]).unwrap(), status)
}

/// `ms` milliseconds: the server's delay is never shortened when read.
fn ms(ms: u64) -> Option<Duration> {
    Some(Duration::from_millis(ms))
}

fn with_retry_after(value: &str, now: SystemTime) -> ApiError {
    let (_, status) = retry_after_class();
    ApiError::from_parts_at(status, [("Retry-After", value)], b"{}", now)
}

#[test]
fn retry_after_in_seconds_and_as_an_http_date() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(with_retry_after("30", now).retry_after(), ms(30_000));
    assert_eq!(with_retry_after(" 1.5 ", now).retry_after(), ms(1500));
    assert_eq!(with_retry_after("0", now).retry_after(), Some(Duration::ZERO));
    let date = with_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now);
    assert_eq!(date.retry_after(), ms(30_000));
    let rfc850 = with_retry_after("Sunday, 06-Nov-94 08:50:07 GMT", now);
    assert_eq!(rfc850.retry_after(), ms(30_000));
    let asctime = with_retry_after("Sun Nov  6 08:50:07 1994", now);
    assert_eq!(asctime.retry_after(), ms(30_000));
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
    // Beyond 2^53 - 1 ms a delay counts as that.
    let max_safe = ms((1 << 53) - 1);
    assert_eq!(with_retry_after("99999999999999999999", now).retry_after(), max_safe);
    let far = with_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).retry_after().unwrap();
    assert!(far > Duration::from_secs(250_000_000_000) && far < max_safe.unwrap(), "{far:?}");
}

#[test]
fn retry_after_ms_header_comes_first_where_the_spec_names_it() {
    let Some(header) = sdk::envelope::ENVELOPE.retry_after_ms_header else { return };
    let (_, status) = retry_after_class();
    let err = ApiError::from_parts(status, [(header, "1500"), ("retry-after", "9")], b"");
    assert_eq!(err.retry_after(), ms(1500));
    let err = ApiError::from_parts(status, [(header, "-1"), ("retry-after", "9")], b"");
    assert_eq!(err.retry_after(), ms(9000));
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
    let Some(header) = envelope()["headers"]["request_id"][0].as_str().map(str::to_ascii_uppercase) else { return };
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
    let message = first["matches"]["exact"][0].as_str().or_else(|| first["matches"]["prefix"][0].as_str()).unwrap_or("shown message");
    let body = bytes(&body_for(Some(code), Some(message)));
    let header = envelope()["headers"]["request_id"][0].as_str().map(str::to_owned);
    let err = ApiError::from_parts(status, header.as_deref().map(|h| (h, "req_42")), &body);
    let shown = err.to_string();
    let request_id = if header.is_some() { "req_42" } else { "" };
    for part in [text(&first["class"]), message, &status.to_string(), request_id] {
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

/// The crate's retry helper with `sleep` and `random`, running `request`
/// with the attempt's number.
fn retry_with<T, E: AsApiError>(
    mut request: impl FnMut(u32) -> Result<T, E>,
    sleep: impl FnMut(Duration),
    random: impl FnMut() -> f64,
) -> Result<T, E> {
    Retry::new().sleep(sleep).random(random).run(|attempt: &Attempt| request(attempt.number))
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
    let result = retry_with(flaky(err, u32::MAX, &calls), |d| sleeps.borrow_mut().push(d), || 1.0);
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
    let result = retry_with(flaky(error(status, b""), 1, &calls), |_| slept += 1, || 0.0);
    assert_eq!(result.unwrap(), "ok");
    assert_eq!(*calls.borrow(), [1, 2]);
    assert_eq!(slept, 1);
}

#[test]
fn retry_helper_waits_as_long_as_the_server_asks() {
    if class_with_policy("retry_after").is_none() {
        return;
    }
    let (class, status) = retry_after_class();
    let policy = class.retry_policy();
    let asked = policy.max_retry_after_ms.min(7000);
    let err =
        ApiError::from_parts(status, [("retry-after-ms", asked.to_string()), ("retry-after", format!("{}", asked as f64 / 1000.0))], b"");
    let (calls, sleeps) = (RefCell::new(Vec::new()), RefCell::new(Vec::new()));
    let _ = retry_with(flaky(err, u32::MAX, &calls), |d| sleeps.borrow_mut().push(d), || 0.3);
    let retries = policy.max_attempts as usize - 1;
    assert_eq!(*sleeps.borrow(), vec![ms(asked).unwrap(); retries]);
    // Without a server delay, it backs off.
    let err = error(status, b"");
    assert_eq!(err.retry_delay(1, 1.0), ms(policy.initial_delay_ms));
}

#[test]
fn a_longer_wait_than_the_policy_allows_gives_up_or_is_clamped() {
    if class_with_policy("retry_after").is_none() {
        return;
    }
    let (class, status) = retry_after_class();
    let policy = class.retry_policy();
    let longer = (policy.max_retry_after_ms + 1000).to_string();
    let err = ApiError::from_parts(status, [("retry-after-ms", longer.as_str()), ("retry-after", longer.as_str())], b"");
    // The server's ask is kept as it is, whichever header held it.
    assert!(err.retry_after().unwrap() > Duration::from_millis(policy.max_retry_after_ms));
    let calls = RefCell::new(Vec::new());
    let mut sleeps = Vec::new();
    let result = retry_with(flaky(err.clone(), u32::MAX, &calls), |d| sleeps.push(d), || 0.5);
    assert!(result.is_err());
    match policy.longer_wait {
        LongerWait::GiveUp => {
            assert_eq!(err.retry_delay(1, 0.5), None);
            assert_eq!(*calls.borrow(), [1], "gave up at once");
            assert!(sleeps.is_empty());
        }
        _ => {
            assert_eq!(err.retry_delay(1, 0.5), ms(policy.max_retry_after_ms));
            assert_eq!(sleeps, vec![ms(policy.max_retry_after_ms).unwrap(); policy.max_attempts as usize - 1]);
        }
    }
}

#[test]
fn retry_helper_does_not_retry_what_is_not_retryable() {
    let (_, status) = class_with_policy("never").expect("a class with a never policy");
    let calls = RefCell::new(Vec::new());
    let result = retry_with(flaky(error(status, b""), u32::MAX, &calls), |_| panic!("slept"), || 0.0);
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
    let result: Result<(), ClientError> = retry_with(
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
fn io_errors_of_a_failed_connection_are_connection_errors() {
    use std::io::{Error, ErrorKind};
    for kind in [
        ErrorKind::ConnectionRefused,
        ErrorKind::ConnectionReset,
        ErrorKind::ConnectionAborted,
        ErrorKind::NotConnected,
        ErrorKind::BrokenPipe,
        ErrorKind::TimedOut,
        ErrorKind::UnexpectedEof,
    ] {
        assert!(Error::new(kind, "x").connection_error(), "{kind:?}");
        // Wrapped, as HTTP clients do, it is found through the sources.
        let wrapped = Error::new(ErrorKind::Other, Error::new(kind, "x"));
        assert!(sdk::is_connection_error(&wrapped), "{kind:?} wrapped");
    }
    for kind in [ErrorKind::NotFound, ErrorKind::PermissionDenied, ErrorKind::InvalidData, ErrorKind::Interrupted, ErrorKind::Other] {
        assert!(!Error::new(kind, "x").connection_error(), "{kind:?}");
    }
    assert!(!error(503, b"").connection_error());
}

#[test]
fn connection_errors_are_retried_as_the_spec_says() {
    use std::io::{Error, ErrorKind};
    let helper = sdk::RETRY_HELPER;
    let mut attempts = 0;
    let mut sleeps = Vec::new();
    let result: Result<(), Error> = retry_with(
        |attempt| {
            attempts = attempt;
            Err(Error::new(ErrorKind::ConnectionReset, "reset"))
        },
        |d| sleeps.push(d),
        || 0.5,
    );
    assert_eq!(result.unwrap_err().kind(), ErrorKind::ConnectionReset);
    if helper.connection_errors == sdk::ConnectionErrors::Backoff {
        assert_eq!(attempts, helper.backoff.max_attempts);
        let expected: Vec<Duration> = (1..attempts).map(|n| helper.backoff.backoff(n, 0.5)).collect();
        assert_eq!(sleeps, expected);
    } else {
        assert_eq!(attempts, 1);
    }
    // Anything else propagates at once, and a predicate of the caller's can
    // count more errors as connection errors.
    let mut attempts = 0;
    let result: Result<(), Error> = retry_with(
        |attempt| {
            attempts = attempt;
            Err(Error::new(ErrorKind::PermissionDenied, "no"))
        },
        |_| {},
        || 0.5,
    );
    assert!(result.is_err());
    assert_eq!(attempts, 1);
    let mut attempts = 0;
    let _ = Retry::new().sleep(|_| {}).connection_error_if(|e: &Error| e.kind() == ErrorKind::PermissionDenied).run(
        |attempt| -> Result<(), Error> {
            attempts = attempt.number;
            Err(Error::new(ErrorKind::PermissionDenied, "no"))
        },
    );
    let expected = if helper.connection_errors == sdk::ConnectionErrors::Backoff { helper.backoff.max_attempts } else { 1 };
    assert_eq!(attempts, expected);
}

#[test]
fn one_idempotency_key_for_every_attempt_of_a_call() {
    let (_, status) = class_with_policy("backoff").expect("a class with a backoff policy");
    let calls = |helper: Retry<'_, ApiError>| {
        let mut sent = Vec::new();
        let _ = helper.sleep(|_| {}).run(|attempt| -> Result<(), ApiError> {
            sent.push(attempt.headers.clone());
            Err(error(status, b""))
        });
        sent
    };
    let Some(header) = sdk::RETRY_HELPER.idempotency_header else {
        assert!(calls(Retry::new().idempotency_key("k")).iter().all(Vec::is_empty));
        return;
    };
    let given = calls(Retry::new().idempotency_key("order-1"));
    assert!(given.iter().all(|h| *h == [(header, "order-1".to_owned())]), "{given:?}");
    let (first, second) = (calls(Retry::new()), calls(Retry::new()));
    assert!(first.len() > 1 && first.iter().all(|h| *h == first[0]), "{first:?}");
    assert_ne!(first[0], second[0]);
    let replaced = calls(Retry::new().key_generator(|| "fixed".to_owned()));
    assert_eq!(replaced[0], [(header, "fixed".to_owned())]);
}

#[test]
fn generated_keys_are_lower_case_uuid_v4() {
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..1000 {
        let key = sdk::uuid_v4();
        let bytes = key.as_bytes();
        assert_eq!(key.len(), 36, "{key}");
        for (i, b) in bytes.iter().enumerate() {
            if [8, 13, 18, 23].contains(&i) {
                assert_eq!(*b, b'-', "{key}");
            } else {
                assert!(b.is_ascii_digit() || (b'a'..=b'f').contains(b), "{key}");
            }
        }
        assert_eq!(bytes[14], b'4', "{key}");
        assert!(b"89ab".contains(&bytes[19]), "{key}");
        assert!(seen.insert(key));
    }
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

/// The value of a context field of type `ty` in the conformance bodies, and
/// how a template shows it.
fn sample_value(ty: &str) -> (Value, String) {
    match ty {
        "string" => (json!("text <not a param>"), "text <not a param>".to_owned()),
        "integer" => (json!(-42), "-42".to_owned()),
        "boolean" => (json!(true), "true".to_owned()),
        "number" => (json!(2.5), "2.5".to_owned()),
        other => panic!("unknown field type {other}"),
    }
}

fn field_type(name: &str) -> String {
    let catalog = catalog();
    let field = catalog["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).expect("a declared field");
    text(&field["type"]).to_owned()
}

/// A JSON Pointer token for `name`.
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[test]
fn templates_are_filled_in_from_the_context() {
    let env = envelope();
    let (Some(_), Some(context)) = (env["code"].as_str(), env["context"].as_str()) else { return };
    for expected in errors().iter().filter(|e| e["params"].is_array()) {
        let (code, status) = (text(&expected["code"]), expected["status"].as_u64().unwrap() as u16);
        let first = errors().into_iter().find(|e| e["code"] == code && e["status"] == status).unwrap();
        if first != *expected {
            continue;
        }
        let mut body = body_for(Some(code), None);
        let mut message = text(&expected["message"]).to_owned();
        let mut values = Map::new();
        for (i, param) in expected["params"].as_array().unwrap().iter().map(text).enumerate() {
            let shown = format!("<{param}>");
            // Every other parameter is left out: it stays `<param>` (rule 6).
            if i % 2 == 1 {
                continue;
            }
            let (value, text) = sample_value(&field_type(param));
            set_at(&mut body, &format!("{context}/{}", token(param)), value.clone());
            values.insert(param.to_owned(), value);
            message = message.replace(&shown, &text);
        }
        let err = error(status, &bytes(&body));
        assert_eq!(err.message(), message, "{code} at {status}");
        let formatted = sdk::messages::for_code(&Code::from(code), status, &sdk::Context::from_json(&values));
        assert_eq!(formatted.as_deref(), Some(message.as_str()), "{code} at {status}");
    }
}

#[test]
fn grpc_codes_of_definitions_classes_and_statuses() {
    let table = [(400, "INVALID_ARGUMENT"), (401, "UNAUTHENTICATED"), (403, "PERMISSION_DENIED"), (404, "NOT_FOUND"), (409, "ABORTED")];
    let table = table.into_iter().chain([(429, "RESOURCE_EXHAUSTED"), (499, "CANCELLED"), (500, "INTERNAL"), (501, "UNIMPLEMENTED")]);
    for (status, name) in table.chain([(503, "UNAVAILABLE"), (504, "DEADLINE_EXCEEDED"), (402, "UNKNOWN"), (200, "UNKNOWN")]) {
        assert_eq!(sdk::GrpcCode::from_status(status).name(), name, "{status}");
    }
    for (number, code) in sdk::GrpcCode::ALL.iter().enumerate() {
        assert_eq!(code.number() as usize, number);
        assert_eq!(sdk::GrpcCode::from_name(code.name()), Some(*code));
    }
    // Each definition carries its gRPC code.
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for expected in errors() {
        let code = Code::from(text(&expected["code"]));
        let index = seen.entry(code.as_str().to_owned()).or_insert(0);
        assert_eq!(code.definitions()[*index].grpc.name(), text(&expected["grpc"]), "{code}");
        *index += 1;
    }
    // Without a definition: the class's own code, else the status's.
    for (class, expected) in ErrorClass::ALL.iter().zip(&classes()) {
        assert_eq!(class.grpc().map(|g| g.name()), expected["grpc"].as_str());
        for status in class.statuses() {
            let err = error(*status, b"");
            let want = class.grpc().unwrap_or(sdk::GrpcCode::from_status(*status));
            assert_eq!(err.grpc(), want, "{} at {status}", class.id());
        }
    }
    assert_eq!(error(302, b"").grpc(), sdk::GrpcCode::Unknown);
}

#[test]
fn class_conditions_hold_whatever_the_status() {
    for (class, expected) in ErrorClass::ALL.iter().zip(&classes()) {
        let Some(conditions) = expected["when"].as_array() else { continue };
        for condition in conditions {
            let status = condition["status"][0].as_u64().map_or(400, |s| s as u16);
            let equals = text(&condition["equals"]);
            let respond = |value: &str| {
                let mut body = json!({});
                let mut headers = Vec::new();
                match (condition["header"].as_str(), condition["body"].as_str()) {
                    (Some(name), _) => headers.push((name.to_ascii_uppercase(), value.to_owned())),
                    (None, Some(location)) => set_at(&mut body, location, json!(value)),
                    (None, None) => panic!("a condition without a header or body"),
                }
                ApiError::from_parts(status, headers, &bytes(&body))
            };
            assert_eq!(respond(equals).class(), Some(*class), "{} at {status}", class.id());
            // Another value: the status decides (rule 5).
            assert_eq!(respond(&format!("{equals}x")).class(), ErrorClass::from_status(status), "{} at {status}", class.id());
            // Only at the condition's statuses.
            if condition["status"][0].is_u64() {
                let other = if status == 599 { 598 } else { 599 };
                let mut body = json!({});
                if let Some(location) = condition["body"].as_str() {
                    set_at(&mut body, location, json!(equals));
                }
                let headers: Vec<(&str, &str)> = condition["header"].as_str().map(|h| (h, equals)).into_iter().collect();
                let err = ApiError::from_parts(other, headers, &bytes(&body));
                assert_eq!(err.class(), ErrorClass::from_status(other), "{} at {other}", class.id());
            }
        }
    }
}

#[test]
fn items_are_the_objects_of_the_array_in_order() {
    let env = envelope();
    let Some(items) = env["items"].as_object() else {
        assert!(error(400, b"{}").items().is_empty());
        return;
    };
    let catalog = catalog();
    let known = catalog["codes"].as_object().unwrap().keys().next().expect("a code").clone();
    let mut first = json!({});
    for (key, value) in [("code", json!(known)), ("field", json!("name")), ("location", json!("/name"))] {
        if let Some(pointer) = items[key].as_str() {
            set_at(&mut first, pointer, value);
        }
    }
    if let Some(pointer) = items["message"][0].as_str() {
        set_at(&mut first, pointer, json!("first item"));
    }
    let mut body = json!({});
    set_at(&mut body, text(&items["at"]), json!([first, 42, "text", {}]));
    let err = error(400, &bytes(&body));
    assert_eq!(err.items().len(), 2, "objects only: {:?}", err.items());
    let (one, two) = (&err.items()[0], &err.items()[1]);
    assert_eq!(one.code.as_ref().map(Code::as_str), items["code"].as_str().map(|_| known.as_str()));
    assert!(one.code.as_ref().is_none_or(Code::is_known));
    assert_eq!(one.message.as_deref(), items["message"][0].as_str().map(|_| "first item"));
    assert_eq!(one.field.as_deref(), items["field"].as_str().map(|_| "name"));
    assert_eq!(one.location.as_deref(), items["location"].as_str().map(|_| "/name"));
    assert_eq!((&two.code, &two.message, &two.field, &two.location), (&None, &None, &None, &None));
    // Rule 3: without a code of its own, the body's code is the first item's.
    if items["code"].is_string() {
        assert_eq!(err.code().map(Code::as_str), Some(known.as_str()));
    }
    // Not an array: no items.
    let mut body = json!({});
    set_at(&mut body, text(&items["at"]), first);
    assert!(error(400, &bytes(&body)).items().is_empty());
}

#[test]
fn subcodes_are_open_enums() {
    let catalog = catalog();
    let subcodes = catalog["subcodes"].as_array().unwrap();
    assert!(error(400, b"{}").subcodes().entries().is_empty());
    for subcode in subcodes {
        let (name, at) = (text(&subcode["name"]), text(&subcode["at"]));
        for value in subcode["values"].as_array().unwrap() {
            let mut body = json!({});
            set_at(&mut body, at, value["value"].clone());
            let err = error(400, &bytes(&body));
            assert_eq!(err.subcodes().entries(), [(name, text(&value["value"]), true)]);
        }
        for (value, present) in [(json!("a_value_from_the_future"), true), (json!(""), false), (json!(7), false)] {
            let mut body = json!({});
            set_at(&mut body, at, value.clone());
            let expected: Vec<(&str, &str, bool)> = if present { vec![(name, "a_value_from_the_future", false)] } else { vec![] };
            assert_eq!(error(400, &bytes(&body)).subcodes().entries(), expected, "{value}");
        }
    }
}

#[test]
fn numeric_codes_and_no_code_values() {
    let env = envelope();
    let Some(pointer) = env["code"].as_str() else { return };
    for expected in errors().iter().filter(|e| e["numeric"] == true) {
        let number: i64 = text(&expected["code"]).parse().expect("a numeric code is an integer");
        let mut body = json!({});
        set_at(&mut body, pointer, json!(number));
        let err = error(expected["status"].as_u64().unwrap() as u16, &bytes(&body));
        assert_eq!(err.code().map(Code::as_str), Some(text(&expected["code"])));
        assert!(err.code().unwrap().is_known());
    }
    // Any integer is a code (rule 3), known or not.
    let mut body = json!({});
    set_at(&mut body, pointer, json!(-987_654_321));
    assert_eq!(error(400, &bytes(&body)).code().map(Code::as_str), Some("-987654321"));
    for value in env["no_code"].as_array().unwrap() {
        let mut body = json!({});
        set_at(&mut body, pointer, value.clone());
        assert_eq!(error(400, &bytes(&body)).code(), None, "{value}");
    }
}

#[test]
fn retry_at_headers_and_retry_delay_bodies() {
    let env = envelope();
    let (class, status) = retry_after_class();
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    if let Some(header) = env["headers"]["retry_at"].as_str() {
        let err = ApiError::from_parts_at(status, [(header, "1700000030")], b"{}", now);
        assert_eq!(err.retry_after(), ms(30_000));
        let err = ApiError::from_parts_at(status, [(header, "1600000000")], b"{}", now);
        assert_eq!(err.retry_after(), Some(Duration::ZERO));
        let err = ApiError::from_parts_at(status, [(header, "-5")], b"{}", now);
        assert_eq!(err.retry_after(), None);
        // Retry-After comes first.
        let err = ApiError::from_parts_at(status, [("retry-after", "2"), (header, "1700000030")], b"{}", now);
        assert_eq!(err.retry_after(), ms(2000));
    }
    if let Some(location) = env["retry_delay"].as_str() {
        for (delay, expected) in [("1.5s", Some(1500)), ("0s", Some(0)), ("1.5", None), ("-1s", None), ("x", None)] {
            let mut body = json!({});
            set_at(&mut body, location, json!(delay));
            let err = ApiError::from_parts_at(status, no_headers(), &bytes(&body), now);
            assert_eq!(err.retry_after(), expected.and_then(ms), "{delay} ({})", class.id());
        }
    }
}

#[test]
fn domain_and_string_metadata() {
    let env = envelope();
    let mut body = json!({});
    if let Some(location) = env["domain"].as_str() {
        set_at(&mut body, location, json!("errors.example"));
    }
    if let Some(location) = env["metadata"].as_str() {
        set_at(&mut body, location, json!({"zone": "eu-1", "count": 3, "flag": true, "nested": {"a": "b"}}));
    }
    let err = error(400, &bytes(&body));
    assert_eq!(err.domain(), env["domain"].as_str().map(|_| "errors.example"));
    let metadata: Vec<(&str, &str)> = err.metadata().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let expected: Vec<(&str, &str)> = if env["metadata"].is_string() { vec![("zone", "eu-1")] } else { vec![] };
    assert_eq!(metadata, expected);
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
            for key in ["retry_after", "retry_after_ms", "should_retry", "retry_at"] {
                names.extend(headers[key].as_str().map(str::to_owned));
            }
            for class in classes() {
                for condition in class["when"].as_array().into_iter().flatten() {
                    names.extend(condition["header"].as_str().map(str::to_owned));
                }
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
        let keys = ["code", "request_id", "field", "details", "context", "retry_after", "retry_delay", "domain", "metadata", "status"];
        let mut pointers: Vec<String> = keys.iter().filter_map(|k| env[*k].as_str().map(str::to_owned)).collect();
        if let Some(items) = env["items"].as_object() {
            pointers.push(text(&items["at"]).to_owned());
        }
        for subcode in catalog()["subcodes"].as_array().unwrap() {
            pointers.push(text(&subcode["at"]).to_owned());
        }
        for class in classes() {
            for condition in class["when"].as_array().into_iter().flatten() {
                pointers.extend(condition["body"].as_str().map(str::to_owned));
            }
        }
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
        // The server's ask is kept (at most 2^53 - 1 ms); a retry never waits
        // longer than the policy allows.
        assert!(err.retry_after().map_or(true, |d| d.as_millis() < 1 << 53));
        let policy = err.retry_policy();
        let longest = Duration::from_millis(policy.max_retry_after_ms.max(policy.max_delay_ms));
        assert!(err.retry_delay(1, 0.5).map_or(true, |d| d <= longest), "{err:?}");
        // Rule 23: the error's document rebuilds the same error.
        let document = err.to_json();
        let again = ApiError::from_json(&document).expect("an error reads its own document");
        assert_eq!(format!("{again:?}"), format!("{err:?}"));
        // The document sorts the headers by name.
        let sorted = |e: &ApiError| {
            let mut headers = e.headers().to_vec();
            headers.sort();
            headers
        };
        assert_eq!((again.body(), sorted(&again), again.rate_limit()), (err.body(), sorted(&err), err.rate_limit()));
        assert_eq!(again.to_json(), document);
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
