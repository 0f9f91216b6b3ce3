// The shared conformance vectors (`tests/vectors/<api>.json`), checked twice
// against a generated crate: in process through `ApiError::from_parts_at`,
// and end to end through a mock HTTP server on 127.0.0.1 fetched with `ureq`
// (retry scenarios' connection errors there are real socket failures).
// Every retry scenario runs through the crate's real retry helper with a fake
// sleep, the scenario's random (0.5 unless it says) and, for connection
// errors, a real `std::io::Error` of that kind; every message template
// through the by-code formatter `messages::for_code`; every error document
// is written by `ApiError::to_json` and read back by `ApiError::from_json`.
//
// Each crate's `tests/vectors.rs` binds it and includes this file:
//
//     use novita_errors as sdk;
//     const VECTORS: &str = include_str!("../../../tests/vectors/novita.json");
//     include!("../../../tests/rust/vectors.rs");

use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sdk::{ApiError, AsApiError, Attempt, Code, Context, ErrorClass, Item, RateLimit, Retry};
use serde_json::{json, Map, Value};

/// Vectors this crate is known to disagree with, by name, each with the
/// reason (reported, never silently skipped). None so far.
const KNOWN_FAILURES: &[&str] = &[];

/// The keys every `expect` has.
const EXPECT_KEYS: [&str; 9] = ["class", "code", "known_code", "message", "request_id", "field", "retryable", "retry_after_ms", "context"];

/// The keys an `expect` may have, each checked only when present. Any key
/// in neither list fails the run, so a new expectation in the shared file is
/// never ignored silently.
const OPTIONAL_KEYS: [&str; 6] = ["items", "subcodes", "domain", "metadata", "grpc", "rate_limit"];

fn document() -> Value {
    serde_json::from_str(VECTORS).expect("the vectors file is JSON")
}

fn list(key: &str) -> Vec<Value> {
    let list = document()[key].as_array().unwrap_or_else(|| panic!("`{key}` is a list")).clone();
    assert!(!list.is_empty(), "no {key} in the vectors file");
    list
}

fn name(v: &Value) -> &str {
    v["name"].as_str().expect("a name")
}

/// One HTTP response of a vector or a retry scenario.
#[derive(Clone, Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn from_json(v: &Value) -> Response {
        let status = v["status"].as_u64().expect("a status") as u16;
        let headers = v["headers"]
            .as_array()
            .map(|pairs| {
                pairs
                    .iter()
                    .map(|pair| {
                        let text = |i: usize| pair[i].as_str().expect("a header pair of strings").to_owned();
                        (text(0), text(1))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Response { status, headers, body: body_of(v) }
    }

    /// What the crate makes of this response, at `now`.
    fn error(&self, now: SystemTime) -> ApiError {
        ApiError::from_parts_at(self.status, self.headers.iter().map(|(k, v)| (k, v)), &self.body, now)
    }
}

fn body_of(v: &Value) -> Vec<u8> {
    if let Some(text) = v["body"].as_str() {
        text.as_bytes().to_vec()
    } else if let Some(encoded) = v["body_base64"].as_str() {
        base64(encoded)
    } else if let Some(large) = v.get("body_large") {
        let part = |k: &str| large[k].as_str().expect("body_large part");
        let count = large["count"].as_u64().expect("body_large count") as usize;
        [part("prefix").to_owned(), part("repeat").repeat(count), part("suffix").to_owned()].concat().into_bytes()
    } else {
        Vec::new()
    }
}

/// Standard base64 with padding (RFC 4648), enough for the vectors.
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

fn now_of(v: &Value) -> SystemTime {
    match v["now_unix_ms"].as_u64() {
        Some(ms) => UNIX_EPOCH + Duration::from_millis(ms),
        None => SystemTime::now(),
    }
}

/// Every mismatch between `err` and the vector's `expect`, as text.
fn mismatches(err: &ApiError, expect: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let object = expect.as_object().expect("`expect` is an object");
    for key in object.keys() {
        if !EXPECT_KEYS.contains(&key.as_str()) && !OPTIONAL_KEYS.contains(&key.as_str()) {
            wrong.push(format!("unchecked expectation `{key}`"));
        }
    }
    let mut check = |key: &str, actual: Value| {
        let expected = match object.get(key) {
            Some(expected) => expected,
            None if OPTIONAL_KEYS.contains(&key) => return,
            None => panic!("`expect` lacks `{key}`"),
        };
        if !same(&actual, expected) {
            wrong.push(format!("{key}: expected {expected}, got {actual}"));
        }
    };
    check("class", err.class().map(ErrorClass::id).into());
    check("code", err.code().map(Code::as_str).into());
    check("known_code", err.code().is_some_and(Code::is_known).into());
    check("message", err.message().into());
    check("request_id", err.request_id().into());
    check("field", err.field().into());
    check("retryable", err.is_retryable().into());
    check("retry_after_ms", err.retry_after().map(|d| d.as_millis() as u64).into());
    check("context", Value::Object(err.context().to_json()));
    check("items", err.items().iter().map(item_json).collect());
    let subcodes =
        err.subcodes().entries().into_iter().map(|(name, value, known)| (name.to_owned(), json!({"value": value, "known": known})));
    check("subcodes", Value::Object(subcodes.collect()));
    check("domain", err.domain().into());
    check("metadata", err.metadata().iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<Map<_, _>>().into());
    check("grpc", err.grpc().name().into());
    check("rate_limit", err.rate_limit().map_or(Value::Null, rate_limit_json));
    wrong
}

/// A rate limit as the vectors write it, every member present.
fn rate_limit_json(rate_limit: &RateLimit) -> Value {
    let ms = |d: Option<Duration>| d.map(|d| d.as_millis() as u64);
    json!({
        "limit": rate_limit.limit,
        "remaining": rate_limit.remaining,
        "reset_ms": ms(rate_limit.reset),
        "window_ms": ms(rate_limit.window),
        "policy": rate_limit.policy,
    })
}

/// An item as the vectors write it.
fn item_json(item: &Item) -> Value {
    json!({
        "code": item.code.as_ref().map(Code::as_str),
        "known_code": item.code.as_ref().is_some_and(Code::is_known),
        "message": item.message,
        "field": item.field,
        "location": item.location,
    })
}

/// JSON equality where numbers compare numerically (15 == 15.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        _ => a == b,
    }
}

/// Checks every vector with `make` (the error for vector `i`), then fails
/// with every mismatch at once; known failures must still fail.
fn check_all(how: &str, mut make: impl FnMut(usize, &Value) -> ApiError) {
    let mut report = Vec::new();
    let vectors = list("vectors");
    for (i, vector) in vectors.iter().enumerate() {
        let err = make(i, vector);
        assert!(!err.message().is_empty(), "{}: empty message", name(vector));
        let wrong = mismatches(&err, &vector["expect"]);
        let known = KNOWN_FAILURES.contains(&name(vector));
        match (wrong.is_empty(), known) {
            (true, false) | (false, true) => {}
            (false, false) => report.push(format!("{} ({how}):\n    {}", name(vector), wrong.join("\n    "))),
            (true, true) => report.push(format!("{} ({how}): listed as a known failure but passes", name(vector))),
        }
    }
    assert!(report.is_empty(), "{} of {} vectors disagree:\n{}", report.len(), vectors.len(), report.join("\n"));
}

#[test]
fn every_vector_in_process() {
    check_all("in process", |_, v| Response::from_json(v).error(now_of(v)));
}

/// Rule 19: each template of the vectors file, filled in by the by-code
/// formatter from its parameters read as context fields.
#[test]
fn every_template_through_the_by_code_formatter() {
    let Some(templates) = document().get("templates").cloned() else { return };
    let mut report = Vec::new();
    for template in templates.as_array().expect("`templates` is a list") {
        let code = Code::from(template["code"].as_str().expect("a code"));
        let status = template["status"].as_u64().expect("a status") as u16;
        let params = template["params"].as_object().expect("params");
        let expected = template["message"].as_str().expect("a message");
        let actual = sdk::messages::for_code(&code, status, &Context::from_json(params));
        if actual.as_deref() != Some(expected) {
            report.push(format!("{code} at {status}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(report.is_empty(), "{} templates disagree:\n{}", report.len(), report.join("\n"));
}

/// What a retry scenario's request function gets in turn: a response, or a
/// failure before any (`{"connection_error": "refused"}`).
#[derive(Clone, Debug)]
enum Served {
    Response(Response),
    Connection(std::io::ErrorKind),
}

impl Served {
    fn from_json(v: &Value) -> Served {
        use std::io::ErrorKind;
        match v.get("connection_error").map(|kind| kind.as_str().expect("a connection error kind")) {
            Some("refused") => Served::Connection(ErrorKind::ConnectionRefused),
            Some("reset") => Served::Connection(ErrorKind::ConnectionReset),
            Some("eof") => Served::Connection(ErrorKind::UnexpectedEof),
            Some("timeout") => Served::Connection(ErrorKind::TimedOut),
            Some(other) => panic!("unknown connection error {other:?}"),
            None => Served::Response(Response::from_json(v)),
        }
    }
}

/// The error type of a client using the crate: an API error or an I/O
/// error, told apart for the retry helper through `AsApiError`.
#[derive(Debug)]
enum Failure {
    Api(ApiError),
    Io(std::io::Error),
}

impl AsApiError for Failure {
    fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Failure::Api(err) => Some(err),
            Failure::Io(_) => None,
        }
    }

    fn connection_error(&self) -> bool {
        match self {
            Failure::Api(_) => false,
            Failure::Io(err) => err.connection_error(),
        }
    }
}

/// What the retry helper did with a scenario's responses.
#[derive(Debug, PartialEq)]
struct Outcome {
    attempts: usize,
    delays: Vec<Duration>,
    /// `Ok(status)` or `Err(status)` of the last response, `Err(None)` for
    /// the last connection error.
    result: Result<u16, Option<u16>>,
}

impl Outcome {
    fn expected(scenario: &Value) -> Outcome {
        let delays = scenario["delays_ms"].as_array().expect("delays_ms");
        let attempts = scenario["attempts"].as_u64().expect("attempts") as usize;
        let responses = scenario["responses"].as_array().expect("responses");
        let last = &responses[attempts - 1];
        let result = match scenario["result"].as_str() {
            Some("ok") => Ok(last["status"].as_u64().expect("a status") as u16),
            Some("error") => {
                let final_status = scenario["final_status"].as_u64().expect("final_status") as u16;
                assert_eq!(
                    Some(final_status),
                    last["status"].as_u64().map(|s| s as u16),
                    "{}: final_status is the last response served",
                    name(scenario)
                );
                Err(Some(final_status))
            }
            Some("connection_error") => {
                assert!(last.get("connection_error").is_some(), "{}: the last attempt failed to connect", name(scenario));
                Err(None)
            }
            other => panic!("{}: result {other:?}", name(scenario)),
        };
        let delays = delays.iter().map(|d| Duration::from_millis(d.as_u64().expect("whole ms"))).collect();
        Outcome { attempts, delays, result }
    }
}

/// The key a scenario's generated idempotency keys stand for.
const GENERATED_KEY: &str = "<generated uuid v4>";

/// Runs the crate's retry helper on `scenario` with `serve` (what attempt n
/// gets), a fake sleep and the scenario's random; checks every attempt's
/// number and headers against the scenario (`sent_headers`) and returns the
/// outcome and the idempotency key of the call, if any.
fn run_retry(scenario: &Value, mut serve: impl FnMut(&Attempt) -> Result<Response, std::io::Error>) -> (Outcome, Option<String>) {
    run_retry_with(scenario, |attempt| match serve(attempt) {
        Ok(response) if (200..300).contains(&response.status) => Ok(response.status),
        Ok(response) => Err(Failure::Api(response.error(SystemTime::now()))),
        Err(io) => Err(Failure::Io(io)),
    })
}

/// [`run_retry`] for a request function that gives the status of a success
/// or an error of any kind the helper can look into.
fn run_retry_with<E: AsApiError>(scenario: &Value, mut request: impl FnMut(&Attempt) -> Result<u16, E>) -> (Outcome, Option<String>) {
    let delays = RefCell::new(Vec::new());
    let random = scenario.get("random").map_or(0.5, |r| r.as_f64().expect("random is a number"));
    let mut helper = Retry::new().sleep(|delay| delays.borrow_mut().push(delay)).random(move || random);
    if let Some(key) = scenario.get("idempotency_key").and_then(Value::as_str) {
        helper = helper.idempotency_key(key);
    }
    let mut attempts = 0;
    let mut keys = Vec::new();
    let result = helper.run(|attempt| {
        attempts += 1;
        assert_eq!(attempt.number as usize, attempts, "{}: attempts are numbered from 1", name(scenario));
        keys.push(check_sent_headers(scenario, attempt));
        request(attempt)
    });
    keys.dedup();
    assert!(keys.len() <= 1, "{}: one key for every attempt of a call, got {keys:?}", name(scenario));
    let result = result.map_err(|failure| failure.as_api_error().map(ApiError::status));
    (Outcome { attempts, delays: delays.into_inner(), result }, keys.pop().flatten())
}

/// [`run_retry_with`] through the async helper, `sdk::retry`'s
/// `RetryAsync`, with a sleep that records the delay and returns at once.
async fn run_retry_async<E, Fut>(scenario: &Value, mut request: impl FnMut(Attempt) -> Fut) -> (Outcome, Option<String>)
where
    E: AsApiError,
    Fut: std::future::Future<Output = Result<u16, E>>,
{
    let delays = RefCell::new(Vec::new());
    let sleep = |delay| {
        delays.borrow_mut().push(delay);
        std::future::ready(())
    };
    let random = scenario.get("random").map_or(0.5, |r| r.as_f64().expect("random is a number"));
    let mut helper = sdk::RetryAsync::new().random(move || random);
    if let Some(key) = scenario.get("idempotency_key").and_then(Value::as_str) {
        helper = helper.idempotency_key(key);
    }
    let mut attempts = 0;
    let mut keys = Vec::new();
    let result = helper
        .run(
            |attempt: Attempt| {
                attempts += 1;
                assert_eq!(attempt.number as usize, attempts, "{}: attempts are numbered from 1", name(scenario));
                keys.push(check_sent_headers(scenario, &attempt));
                request(attempt)
            },
            sleep,
        )
        .await;
    keys.dedup();
    assert!(keys.len() <= 1, "{}: one key for every attempt of a call, got {keys:?}", name(scenario));
    let result = result.map_err(|failure| failure.as_api_error().map(ApiError::status));
    (Outcome { attempts, delays: delays.into_inner(), result }, keys.pop().flatten())
}

/// A single-threaded tokio runtime with I/O and timers, for the async tests.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

/// The headers attempt `number` must send (`sent_headers`, a list per
/// attempt), names lower-case; `None` when the scenario does not say.
fn expected_headers(scenario: &Value, number: u32) -> Option<Vec<(String, String)>> {
    let per_attempt = scenario.get("sent_headers")?.as_array().expect("sent_headers is a list per attempt");
    let pairs = per_attempt.get(number as usize - 1).unwrap_or_else(|| panic!("{}: no sent_headers for attempt {number}", name(scenario)));
    let pairs = pairs.as_array().expect("a list of header pairs");
    Some(
        pairs
            .iter()
            .map(|pair| (pair[0].as_str().expect("a name").to_ascii_lowercase(), pair[1].as_str().expect("a value").to_owned()))
            .collect(),
    )
}

/// Checks `attempt.headers` against the scenario's `sent_headers` (names in
/// any case) and returns the generated key it holds, if any.
fn check_sent_headers(scenario: &Value, attempt: &Attempt) -> Option<String> {
    let Some(expected) = expected_headers(scenario, attempt.number) else { return attempt.idempotency_key().map(str::to_owned) };
    let sent: Vec<(String, String)> = attempt.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.clone())).collect();
    assert_eq!(sent.len(), expected.len(), "{}: attempt {} sent {sent:?}, expected {expected:?}", name(scenario), attempt.number);
    let mut generated = None;
    for ((name_sent, value), (name_expected, expected_value)) in sent.iter().zip(&expected) {
        assert_eq!(name_sent, name_expected, "{}: header name", name(scenario));
        if expected_value == GENERATED_KEY {
            assert!(is_uuid_v4(value), "{}: {value:?} is not a lower-case UUID v4", name(scenario));
            generated = Some(value.clone());
        } else {
            assert_eq!(value, expected_value, "{}: {name_sent} of attempt {}", name(scenario), attempt.number);
        }
    }
    generated
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    let hex = |g: &str| g.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| hex(g))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

fn served(scenario: &Value) -> Vec<Served> {
    scenario["responses"].as_array().expect("responses").iter().map(Served::from_json).collect()
}

#[test]
fn every_retry_scenario_in_process() {
    for scenario in list("retry") {
        let served = served(&scenario);
        let serve = |attempt: &Attempt| match served.get(attempt.number as usize - 1) {
            Some(Served::Response(response)) => Ok(response.clone()),
            Some(Served::Connection(kind)) => Err(std::io::Error::new(*kind, "from the scenario")),
            None => panic!("{}: attempt {} past the last response", name(&scenario), attempt.number),
        };
        let (outcome, key) = run_retry(&scenario, serve);
        assert_eq!(outcome, Outcome::expected(&scenario), "{}", name(&scenario));
        if let Some(key) = key {
            // A second call makes a key of its own.
            let (_, second) = run_retry(&scenario, serve);
            assert_ne!(second, Some(key), "{}: a second call generated the same key", name(&scenario));
        }
    }
}

/// The same scenarios through the async helper (README rules 13, 20, 21):
/// the same attempts, delays, keys and result as the blocking one.
#[test]
fn every_retry_scenario_in_process_async() {
    let runtime = runtime();
    for scenario in list("retry") {
        let served = served(&scenario);
        let serve = |attempt: Attempt| {
            let result = match served.get(attempt.number as usize - 1) {
                Some(Served::Response(response)) if (200..300).contains(&response.status) => Ok(response.status),
                Some(Served::Response(response)) => Err(Failure::Api(response.error(SystemTime::now()))),
                Some(Served::Connection(kind)) => Err(Failure::Io(std::io::Error::new(*kind, "from the scenario"))),
                None => panic!("{}: attempt {} past the last response", name(&scenario), attempt.number),
            };
            // A future that is pending once, as a real request would be.
            async move {
                tokio::task::yield_now().await;
                result
            }
        };
        let (outcome, key) = runtime.block_on(run_retry_async(&scenario, serve));
        assert_eq!(outcome, Outcome::expected(&scenario), "{} (async)", name(&scenario));
        if let Some(key) = key {
            let (_, second) = runtime.block_on(run_retry_async(&scenario, serve));
            assert_ne!(second, Some(key), "{} (async): a second call generated the same key", name(&scenario));
        }
    }
}

/// Rule 23: each document of the vectors file is exactly what `to_json`
/// writes for its response, and `from_json` reads it back to the vector's
/// `expect` and to the same document.
#[test]
fn every_error_document_round_trips() {
    let Some(documents) = document().get("documents").cloned() else { return };
    let mut report = Vec::new();
    for vector in documents.as_array().expect("`documents` is a list") {
        let err = Response::from_json(vector).error(now_of(vector));
        let written: Value = serde_json::from_str(&err.to_json()).expect("to_json writes JSON");
        let expected = &vector["document"];
        if !same(&written, expected) {
            report.push(format!("{}: wrote {written}, expected {expected}", name(vector)));
        }
        match ApiError::from_json(&expected.to_string()) {
            Ok(read) => {
                let wrong = mismatches(&read, &vector["expect"]);
                if !wrong.is_empty() {
                    report.push(format!("{}: read back:\n    {}", name(vector), wrong.join("\n    ")));
                }
                let again: Value = serde_json::from_str(&read.to_json()).expect("to_json writes JSON");
                if !same(&again, expected) {
                    report.push(format!("{}: read back and written again: {again}", name(vector)));
                }
            }
            Err(why) => report.push(format!("{}: not read back: {why}", name(vector))),
        }
    }
    assert!(report.is_empty(), "{} documents disagree:\n{}", report.len(), report.join("\n"));
}

/// A document of another version or API is an error of its own kind.
#[test]
fn documents_of_another_version_or_api_are_refused() {
    let err = Response::from_json(&list("vectors")[0]).error(SystemTime::now());
    let mut doc: Value = serde_json::from_str(&err.to_json()).expect("JSON");
    assert!(ApiError::from_json(&doc.to_string()).is_ok());
    doc["errcat"] = json!(2);
    assert!(matches!(ApiError::from_json(&doc.to_string()), Err(sdk::DocumentError::Version(v)) if v == "2"));
    doc["errcat"] = json!(1);
    doc["api"] = json!("another-api");
    let refused = ApiError::from_json(&doc.to_string()).expect_err("another API");
    assert!(matches!(&refused, sdk::DocumentError::OtherApi(api) if api == "another-api"), "{refused}");
    assert!(refused.to_string().contains("another-api"), "{refused}");
    assert!(matches!(ApiError::from_json("[]"), Err(sdk::DocumentError::Malformed(_))));
    assert!(matches!(ApiError::from_json("{"), Err(sdk::DocumentError::Malformed(_))));
}

// ---------------------------------------------------------------------------
// Real HTTP: a mock server on an ephemeral port of 127.0.0.1, fetched with
// ureq, the response handed to `ApiError::from_parts_at`.

/// A mock HTTP/1.1 server answering each connection with one response and
/// closing it: `GET /<i>` gets response `i`, any other path the next one in
/// order. It serves at most `responses.len()` connections and stops by
/// itself after that, after ten seconds, or when dropped.
struct MockServer {
    url: String,
    thread: Option<JoinHandle<()>>,
    served: Arc<AtomicUsize>,
    /// The head of every request, in order.
    heads: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

/// How the mock server sends each response.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Framing {
    /// `Content-Length` and the whole body.
    Length,
    /// `Transfer-Encoding: chunked`, the body in chunks flushed apart.
    Chunked,
    /// `Content-Length` of the whole body, half of it sent, then the
    /// connection reset (closed with the request unread).
    CutReset,
    /// `Content-Length` of the whole body, half of it sent, then the
    /// connection closed (an early end of stream).
    CutEof,
}

impl MockServer {
    fn start(responses: Vec<Served>) -> MockServer {
        MockServer::start_with(responses, Framing::Length)
    }

    /// [`MockServer::start`], each response sent as `framing` says.
    fn start_with(responses: Vec<Served>, framing: Framing) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let served = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (counter, stopped, received) = (Arc::clone(&served), Arc::clone(&stop), Arc::clone(&heads));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut next = 0;
            while counter.load(Ordering::SeqCst) < responses.len() && Instant::now() < deadline && !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        let head = peek_request_head(&stream);
                        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                        let head_len = head.len();
                        received.lock().expect("heads").push(head);
                        let index = path.strip_prefix('/').and_then(|i| i.parse::<usize>().ok()).unwrap_or_else(|| {
                            next += 1;
                            next - 1
                        });
                        // Counted before the client can see the response.
                        counter.fetch_add(1, Ordering::SeqCst);
                        let entry = responses.get(index);
                        // Closed with the request unread, the kernel resets the connection.
                        if !matches!(entry, Some(Served::Connection(std::io::ErrorKind::ConnectionReset))) && framing != Framing::CutReset {
                            let _ = stream.read_exact(&mut vec![0; head_len]);
                        }
                        match entry {
                            Some(Served::Response(response)) => write_response(stream, response, framing),
                            // No response within the client's timeout.
                            Some(Served::Connection(std::io::ErrorKind::TimedOut)) => std::thread::sleep(Duration::from_millis(600)),
                            // Closed before any response.
                            Some(Served::Connection(_)) | None => {}
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        MockServer { url, thread: Some(thread), served, heads, stop }
    }

    fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("heads").clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads the request head (request line and header lines).
/// The request head (request line and header lines, up to the blank line),
/// left unread in the socket.
fn peek_request_head(stream: &TcpStream) -> String {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = stream.peek(&mut buf).unwrap_or(0);
        if let Some(end) = buf[..n].windows(4).position(|w| w == b"\r\n\r\n") {
            return String::from_utf8_lossy(&buf[..end + 4]).into_owned();
        }
        if n == 0 || n == buf.len() || Instant::now() > deadline {
            return String::from_utf8_lossy(&buf[..n]).into_owned();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn write_response(mut stream: TcpStream, response: &Response, framing: Framing) {
    let mut head = format!("HTTP/1.1 {} Mock\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if framing == Framing::Chunked {
        head.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        // At least two chunks for any body of two bytes or more.
        for chunk in response.body.chunks((response.body.len() / 2).clamp(1, 64 * 1024)) {
            let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
            let _ = stream.write_all(chunk);
            let _ = stream.write_all(b"\r\n");
            let _ = stream.flush();
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let _ = stream.flush();
        return;
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.len()));
    let _ = stream.write_all(head.as_bytes());
    match framing {
        Framing::CutReset | Framing::CutEof => {
            let _ = stream.write_all(&response.body[..response.body.len() / 2]);
            let _ = stream.flush();
            // The client has the head and reads the body when the connection breaks.
            std::thread::sleep(Duration::from_millis(200));
        }
        Framing::Length | Framing::Chunked => {
            let _ = stream.write_all(&response.body);
            let _ = stream.flush();
        }
    }
}

/// A ureq agent that hands back every status as a response, follows no
/// redirect, and gives up after five seconds.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(Duration::from_secs(5))).build().into()
}

/// A ureq agent as [`agent`] that gives up after `timeout`.
fn agent_with_timeout(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(timeout)).build().into()
}

/// Fetches `url` with `headers` and returns the status, headers and body
/// bytes as received.
fn fetch(agent: &ureq::Agent, url: &str, headers: &[(&str, String)]) -> Response {
    try_fetch(agent, url, headers).unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// [`fetch`], or the error of a request that got no response.
fn try_fetch(agent: &ureq::Agent, url: &str, headers: &[(&str, String)]) -> Result<Response, ureq::Error> {
    let mut request = agent.get(url);
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let mut response = request.call()?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let body = response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec()?;
    Ok(Response { status, headers, body })
}

#[test]
fn every_vector_over_http() {
    let vectors = list("vectors");
    let server = MockServer::start(vectors.iter().map(|v| Served::Response(Response::from_json(v))).collect());
    let agent = agent();
    check_all("over HTTP", |i, v| {
        let received = fetch(&agent, &format!("{}/{i}", server.url), &[]);
        let sent = Response::from_json(v);
        assert_eq!(received.status, sent.status, "{}: status over HTTP", name(v));
        assert_eq!(received.body, sent.body, "{}: body over HTTP", name(v));
        received.error(now_of(v))
    });
    assert_eq!(server.served(), vectors.len());
}

/// A streamed body (README rule 25): every vector sent chunked reads the
/// same as with a `Content-Length`.
#[test]
fn every_vector_over_http_chunked() {
    let vectors = list("vectors");
    let server = MockServer::start_with(vectors.iter().map(|v| Served::Response(Response::from_json(v))).collect(), Framing::Chunked);
    let agent = agent();
    check_all("over HTTP, chunked", |i, v| {
        let received = fetch(&agent, &format!("{}/{i}", server.url), &[]);
        assert_eq!(received.body, Response::from_json(v).body, "{}: body over HTTP, chunked", name(v));
        received.error(now_of(v))
    });
    assert_eq!(server.served(), vectors.len());
}

/// A response whose body breaks off (reset, or closed early) is a
/// connection error for the retry helpers (README rules 20 and 25).
#[test]
fn a_body_cut_short_is_a_connection_error() {
    for framing in [Framing::CutReset, Framing::CutEof] {
        let server = MockServer::start_with(vec![Served::Response(cut_response())], framing);
        let error = try_fetch(&agent(), &format!("{}/0", server.url), &[]).expect_err("a body cut short fails");
        assert!(error.into_io().connection_error(), "{framing:?}");
    }
}

/// An error response with a body long enough to be cut in half.
fn cut_response() -> Response {
    let body = format!(r#"{{"message":"{}"}}"#, "x".repeat(64 * 1024)).into_bytes();
    Response { status: 503, headers: vec![("Content-Type".to_owned(), "application/json".to_owned())], body }
}

/// Every scenario over real sockets: each request carries the attempt's
/// headers and the server saw them; a connection error of the scenario is a
/// real one (`refused`: a port nobody listens on; `reset`: closed with the
/// request unread; `eof`: closed before any response; `timeout`: no
/// response within the client's timeout), turned into an `io::Error` as a
/// client of the crate would.
#[test]
fn every_retry_scenario_over_http() {
    for scenario in list("retry") {
        let served = served(&scenario);
        let times_out = served.iter().any(|s| matches!(s, Served::Connection(std::io::ErrorKind::TimedOut)));
        let agent = if times_out { agent_with_timeout(Duration::from_millis(300)) } else { agent() };
        // Refused connections never reach the server.
        let at_server: Vec<Served> =
            served.iter().filter(|s| !matches!(s, Served::Connection(std::io::ErrorKind::ConnectionRefused))).cloned().collect();
        let server = MockServer::start(at_server);
        let refused = closed_port();
        let (outcome, key) = run_retry(&scenario, |attempt| {
            let url = match served.get(attempt.number as usize - 1) {
                Some(Served::Connection(std::io::ErrorKind::ConnectionRefused)) => format!("{refused}/next"),
                _ => format!("{}/next", server.url),
            };
            try_fetch(&agent, &url, &attempt.headers).map_err(|e| match e {
                ureq::Error::Timeout(_) => std::io::Error::new(std::io::ErrorKind::TimedOut, e),
                e => e.into_io(),
            })
        });
        let expected = Outcome::expected(&scenario);
        let reached =
            served[..expected.attempts].iter().filter(|s| !matches!(s, Served::Connection(std::io::ErrorKind::ConnectionRefused))).count();
        assert_eq!(server.served(), reached, "{}: requests served", name(&scenario));
        assert_eq!(outcome, expected, "{}", name(&scenario));
        let numbers = (1..=expected.attempts as u32)
            .filter(|n| !matches!(served[*n as usize - 1], Served::Connection(std::io::ErrorKind::ConnectionRefused)));
        for (number, head) in numbers.zip(server.heads()) {
            for (name_sent, value) in sent_pairs(&scenario, number, key.as_deref()) {
                let got =
                    head.lines().filter_map(|l| l.split_once(':')).find(|(n, _)| n.eq_ignore_ascii_case(&name_sent)).map(|(_, v)| v.trim());
                assert_eq!(got, Some(value.as_str()), "{}: {name_sent} of request {number} in\n{head}", name(&scenario));
            }
        }
    }
}

/// The URL of a port of 127.0.0.1 nobody listens on.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    drop(listener);
    url
}

/// The headers attempt `number` of the scenario must send, the generated
/// key filled in.
fn sent_pairs(scenario: &Value, number: u32, key: Option<&str>) -> Vec<(String, String)> {
    let pairs = expected_headers(scenario, number).unwrap_or_default();
    pairs
        .into_iter()
        .map(|(name, value)| if value == GENERATED_KEY { (name, key.expect("a generated key").to_owned()) } else { (name, value) })
        .collect()
}

// ---------------------------------------------------------------------------
// README rule 25, with the client features on (`cargo test --all-features`):
// every vector served over loopback to reqwest (async and blocking) and
// ureq, read by the crate's adapters for each, and an `http::Response`
// built from what they received; a chunked body; connection failures and a
// body cut short; every retry scenario through each client.

#[cfg(all(feature = "reqwest-blocking", feature = "ureq"))]
mod clients {
    use super::*;
    use sdk::{BlockingResponseExt, ClientError, ReqwestResponseExt, UreqResponseExt};

    fn reqwest_client(timeout: Duration) -> reqwest::Client {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(timeout).build().expect("a reqwest client")
    }

    fn blocking_client(timeout: Duration) -> reqwest::blocking::Client {
        reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .build()
            .expect("a blocking client")
    }

    const TIMEOUT: Duration = Duration::from_secs(5);

    /// `err` as if received at the vector's `now_unix_ms`: rebuilt from its
    /// document with that time (README rule 23), which keeps status, kept
    /// headers and body.
    fn at_vector_now(err: ApiError, v: &Value) -> ApiError {
        let Some(ms) = v["now_unix_ms"].as_u64() else { return err };
        let mut doc: Value = serde_json::from_str(&err.to_json()).expect("to_json writes JSON");
        doc["received_at_ms"] = json!(ms);
        ApiError::from_json(&doc.to_string()).expect("the error's own document")
    }

    /// Serves every vector with `framing` and checks the error `read` makes
    /// of each against the vector, and its status and body against what was
    /// sent.
    fn check_client(how: &str, framing: Framing, mut read: impl FnMut(&str) -> ApiError) {
        let vectors = list("vectors");
        let server = MockServer::start_with(vectors.iter().map(|v| Served::Response(Response::from_json(v))).collect(), framing);
        check_all(&format!("{how}, {framing:?}"), |i, v| {
            let err = read(&format!("{}/{i}", server.url));
            let sent = Response::from_json(v);
            assert_eq!(err.status(), sent.status, "{}: status through {how}", name(v));
            assert_eq!(err.body(), sent.body, "{}: body through {how}", name(v));
            at_vector_now(err, v)
        });
        assert_eq!(server.served(), vectors.len(), "{how}: requests served");
    }

    #[test]
    fn every_vector_through_reqwest() {
        let runtime = runtime();
        let client = reqwest_client(TIMEOUT);
        let send = |url: &str| runtime.block_on(async { client.get(url).send().await }).expect("a response");
        for framing in [Framing::Length, Framing::Chunked] {
            check_client("ApiError::from_reqwest", framing, |url| {
                runtime.block_on(ApiError::from_reqwest(send(url))).expect("the body is read")
            });
            check_client("reqwest error_for_api_status", framing, |url| match runtime.block_on(send(url).error_for_api_status()) {
                Err(ClientError::Api(err)) => err,
                other => panic!("{url}: {other:?}"),
            });
            check_client("ApiError::from_http of reqwest's response", framing, |url| {
                let response = send(url);
                let mut built = http::Response::builder().status(response.status());
                *built.headers_mut().expect("a builder") = response.headers().clone();
                let body = runtime.block_on(response.bytes()).expect("the body is read");
                ApiError::from_http(&built.body(body).expect("an http::Response"))
            });
        }
    }

    #[test]
    fn every_vector_through_reqwest_blocking() {
        let client = blocking_client(TIMEOUT);
        let send = |url: &str| client.get(url).send().expect("a response");
        for framing in [Framing::Length, Framing::Chunked] {
            check_client("ApiError::from_reqwest_blocking", framing, |url| {
                ApiError::from_reqwest_blocking(send(url)).expect("the body is read")
            });
            check_client("reqwest::blocking error_for_api_status", framing, |url| match send(url).error_for_api_status() {
                Err(ClientError::Api(err)) => err,
                other => panic!("{url}: {other:?}"),
            });
        }
    }

    #[test]
    fn every_vector_through_ureq() {
        let agent = agent();
        let send = |url: &str| agent.get(url).call().expect("a response");
        for framing in [Framing::Length, Framing::Chunked] {
            check_client("ApiError::from_ureq", framing, |url| ApiError::from_ureq(send(url)).expect("the body is read"));
            check_client("ureq error_for_api_status", framing, |url| match send(url).error_for_api_status() {
                Err(ClientError::Api(err)) => err,
                other => panic!("{url}: {other:?}"),
            });
            check_client("ApiError::from_http of ureq's response", framing, |url| {
                let (parts, mut body) = send(url).into_parts();
                let body = body.with_config().limit(u64::MAX).read_to_vec().expect("the body is read");
                ApiError::from_http(&http::Response::from_parts(parts, body))
            });
        }
    }

    /// An agent with ureq's default `http_status_as_error(true)` loses the
    /// headers and body; the error keeps the status, never status 0.
    #[test]
    fn ureq_status_errors_keep_the_status() {
        let vectors = list("vectors");
        let server = MockServer::start(vectors.iter().map(|v| Served::Response(Response::from_json(v))).collect());
        let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).timeout_global(Some(TIMEOUT)).build().into();
        for (i, v) in vectors.iter().enumerate() {
            let sent = Response::from_json(v);
            match agent.get(&format!("{}/{i}", server.url)).call().map_err(ClientError::from) {
                Err(ClientError::Api(err)) => {
                    assert_eq!(err.status(), sent.status, "{}", name(v));
                    assert!(err.body().is_empty() && err.headers().is_empty(), "{}", name(v));
                    let by_status = ApiError::from_parts(sent.status, NO_HEADERS, b"");
                    assert_eq!(err.class(), by_status.class(), "{}", name(v));
                }
                other => panic!("{}: {other:?}", name(v)),
            }
        }
    }

    const NO_HEADERS: [(&str, &str); 0] = [];

    /// Non-UTF-8 header bytes read as Latin-1, one character per byte.
    #[test]
    fn header_values_that_are_not_utf8_read_as_latin1() {
        let value = http::HeaderValue::from_bytes(b"caf\xe9").expect("a header value");
        let response = http::Response::builder()
            .status(500)
            .header("X-Note", value)
            .header("X-Plain", "caf\u{e9}")
            .body(Vec::new())
            .expect("a response");
        let err = ApiError::from_http(&response);
        assert_eq!(err.header("x-note"), Some("caf\u{e9}"));
        assert_eq!(err.header("x-plain"), Some("caf\u{e9}"));
    }

    /// Each client's error for a request that failed as `served` says, or
    /// `None` if it got a response.
    fn failures(served: Served, timeout: Duration) -> [(&'static str, bool, bool); 3] {
        let refused = matches!(served, Served::Connection(std::io::ErrorKind::ConnectionRefused));
        let server = MockServer::start(vec![served.clone(), served.clone(), served]);
        let url = if refused { format!("{}/0", closed_port()) } else { format!("{}/0", server.url) };
        let runtime = runtime();
        let a = runtime.block_on(async { reqwest_client(timeout).get(&url).send().await }).expect_err("reqwest fails");
        let b = blocking_client(timeout).get(&url).send().expect_err("reqwest::blocking fails");
        let agent = agent_with_timeout(timeout);
        let c = agent.get(&url).call().expect_err("ureq fails");
        [
            ("reqwest", a.connection_error(), ClientError::from(a).connection_error()),
            ("reqwest::blocking", b.connection_error(), ClientError::from(b).connection_error()),
            ("ureq", c.connection_error(), ClientError::from(c).connection_error()),
        ]
    }

    /// A connection refused, reset, closed before any response or timed out
    /// is a connection error of every client (README rule 20).
    #[test]
    fn every_clients_connection_failures_are_connection_errors() {
        use std::io::ErrorKind;
        for kind in [ErrorKind::ConnectionRefused, ErrorKind::ConnectionReset, ErrorKind::UnexpectedEof, ErrorKind::TimedOut] {
            let timeout = if kind == ErrorKind::TimedOut { Duration::from_millis(300) } else { TIMEOUT };
            for (client, direct, wrapped) in failures(Served::Connection(kind), timeout) {
                assert!(direct && wrapped, "{client}, {kind:?}: a connection error ({direct}, {wrapped})");
            }
        }
    }

    /// A body that breaks off is the client's own error, a connection error
    /// (README rule 25), through each adapter.
    #[test]
    fn a_body_cut_short_is_the_clients_error() {
        let runtime = runtime();
        for framing in [Framing::CutReset, Framing::CutEof] {
            let server = MockServer::start_with(vec![Served::Response(cut_response()); 6], framing);
            let url = format!("{}/0", server.url);
            let client = reqwest_client(TIMEOUT);
            let err =
                runtime.block_on(async { ApiError::from_reqwest(client.get(&url).send().await.expect("a head")).await }).expect_err("cut");
            assert!(err.connection_error(), "reqwest, {framing:?}: {err:?}");
            let err =
                runtime.block_on(async { client.get(&url).send().await.expect("a head").error_for_api_status().await }).expect_err("cut");
            assert!(matches!(err, ClientError::Client(_)) && err.connection_error(), "reqwest, {framing:?}: {err:?}");
            let client = blocking_client(TIMEOUT);
            let err = ApiError::from_reqwest_blocking(client.get(&url).send().expect("a head")).expect_err("cut");
            assert!(err.connection_error(), "reqwest::blocking, {framing:?}: {err:?}");
            let err = client.get(&url).send().expect("a head").error_for_api_status().expect_err("cut");
            assert!(matches!(err, ClientError::Client(_)) && err.connection_error(), "reqwest::blocking, {framing:?}: {err:?}");
            let agent = agent();
            let err = ApiError::from_ureq(agent.get(&url).call().expect("a head")).expect_err("cut");
            assert!(err.connection_error(), "ureq, {framing:?}: {err:?}");
            let err = agent.get(&url).call().expect("a head").error_for_api_status().expect_err("cut");
            assert!(matches!(err, ClientError::Client(_)) && err.connection_error(), "ureq, {framing:?}: {err:?}");
        }
    }

    /// A body cut short on the first attempt is retried as a connection
    /// error when the spec retries those (README rules 20 and 25), through
    /// reqwest and the async helper; else it is the call's error.
    #[test]
    fn a_body_cut_short_is_retried_as_a_connection_error() {
        let retried = sdk::RETRY_HELPER.connection_errors == sdk::ConnectionErrors::Backoff;
        let runtime = runtime();
        for framing in [Framing::CutReset, Framing::CutEof] {
            let cut = MockServer::start_with(vec![Served::Response(cut_response())], framing);
            let ok = Response { status: 200, headers: Vec::new(), body: b"{}".to_vec() };
            let fine = MockServer::start(vec![Served::Response(ok)]);
            let client = reqwest_client(TIMEOUT);
            let delays = RefCell::new(Vec::new());
            let result =
                runtime.block_on(sdk::RetryAsync::new().random(|| 0.5).run(
                    |attempt: Attempt| {
                        let url = if attempt.number == 1 { &cut.url } else { &fine.url };
                        let request = client.get(format!("{url}/0"));
                        async move {
                            Ok::<u16, ClientError<reqwest::Error>>(request.send().await?.error_for_api_status().await?.status().as_u16())
                        }
                    },
                    |delay| {
                        delays.borrow_mut().push(delay);
                        std::future::ready(())
                    },
                ));
            if retried {
                assert_eq!(result.ok(), Some(200), "{framing:?}");
                assert_eq!(delays.into_inner(), [sdk::RETRY_HELPER.backoff.backoff(1, 0.5)], "{framing:?}");
                assert_eq!(fine.served(), 1);
            } else {
                assert!(matches!(result, Err(ClientError::Client(_))), "{framing:?}: {result:?}");
                assert!(delays.into_inner().is_empty() && fine.served() == 0, "{framing:?}");
            }
            assert_eq!(cut.served(), 1);
        }
    }

    /// Runs every retry scenario over real sockets with `run` (the scenario,
    /// the URL for attempt n, the client timeout) and checks the outcome,
    /// the requests served and the headers they carried.
    fn every_retry_scenario_through(how: &str, mut run: impl FnMut(&Value, &dyn Fn(u32) -> String, Duration) -> (Outcome, Option<String>)) {
        use std::io::ErrorKind;
        for scenario in list("retry") {
            let served = served(&scenario);
            let times_out = served.iter().any(|s| matches!(s, Served::Connection(ErrorKind::TimedOut)));
            let timeout = if times_out { Duration::from_millis(300) } else { TIMEOUT };
            let at_server: Vec<Served> =
                served.iter().filter(|s| !matches!(s, Served::Connection(ErrorKind::ConnectionRefused))).cloned().collect();
            let server = MockServer::start(at_server);
            let refused = closed_port();
            let url = |number: u32| match served.get(number as usize - 1) {
                Some(Served::Connection(ErrorKind::ConnectionRefused)) => format!("{refused}/next"),
                _ => format!("{}/next", server.url),
            };
            let (outcome, key) = run(&scenario, &url, timeout);
            let expected = Outcome::expected(&scenario);
            let reached =
                served[..expected.attempts].iter().filter(|s| !matches!(s, Served::Connection(ErrorKind::ConnectionRefused))).count();
            assert_eq!(server.served(), reached, "{} ({how}): requests served", name(&scenario));
            assert_eq!(outcome, expected, "{} ({how})", name(&scenario));
            let numbers = (1..=expected.attempts as u32)
                .filter(|n| !matches!(served[*n as usize - 1], Served::Connection(ErrorKind::ConnectionRefused)));
            for (number, head) in numbers.zip(server.heads()) {
                for (name_sent, value) in sent_pairs(&scenario, number, key.as_deref()) {
                    let got = head
                        .lines()
                        .filter_map(|l| l.split_once(':'))
                        .find(|(n, _)| n.eq_ignore_ascii_case(&name_sent))
                        .map(|(_, v)| v.trim());
                    assert_eq!(got, Some(value.as_str()), "{} ({how}): {name_sent} of request {number}", name(&scenario));
                }
            }
        }
    }

    /// The async helper over reqwest, its request function sending the
    /// attempt's headers and reading errors with `error_for_api_status`.
    #[test]
    fn every_retry_scenario_through_reqwest_and_the_async_helper() {
        let runtime = runtime();
        every_retry_scenario_through("reqwest, RetryAsync", |scenario, url, timeout| {
            let client = reqwest_client(timeout);
            runtime.block_on(run_retry_async(scenario, |attempt: Attempt| {
                let mut request = client.get(url(attempt.number));
                for (name, value) in &attempt.headers {
                    request = request.header(*name, value);
                }
                async move {
                    let response = request.send().await?.error_for_api_status().await?;
                    Ok::<u16, ClientError<reqwest::Error>>(response.status().as_u16())
                }
            }))
        });
    }

    #[test]
    fn every_retry_scenario_through_reqwest_blocking() {
        every_retry_scenario_through("reqwest::blocking, Retry", |scenario, url, timeout| {
            let client = blocking_client(timeout);
            run_retry_with(scenario, |attempt| {
                let mut request = client.get(url(attempt.number));
                for (name, value) in &attempt.headers {
                    request = request.header(*name, value);
                }
                let response = request.send()?.error_for_api_status()?;
                Ok::<u16, ClientError<reqwest::Error>>(response.status().as_u16())
            })
        });
    }

    #[test]
    fn every_retry_scenario_through_ureq() {
        every_retry_scenario_through("ureq, Retry", |scenario, url, timeout| {
            let agent = agent_with_timeout(timeout);
            run_retry_with(scenario, |attempt| {
                let mut request = agent.get(url(attempt.number));
                for (name, value) in &attempt.headers {
                    request = request.header(*name, value.as_str());
                }
                let response = request.call()?.error_for_api_status()?;
                Ok::<u16, ClientError<ureq::Error>>(response.status().as_u16())
            })
        });
    }

    /// The async helper's future is `Send` when what it runs is, so it can
    /// be spawned on a multi-threaded runtime.
    #[test]
    fn the_async_helpers_future_is_send() {
        fn send<T: Send>(_: &T) {}
        let client = reqwest_client(TIMEOUT);
        let future = sdk::retry(
            move |attempt: Attempt| {
                let request = client.get("http://127.0.0.1:9/").headers(Default::default());
                async move {
                    let _ = attempt;
                    Ok::<u16, ClientError<reqwest::Error>>(request.send().await?.error_for_api_status().await?.status().as_u16())
                }
            },
            tokio::time::sleep,
        );
        send(&future);
    }
}
