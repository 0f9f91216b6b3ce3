// The shared conformance vectors (`tests/vectors/<api>.json`), checked twice
// against a generated crate: in process through `ApiError::from_parts_at`,
// and end to end through a mock HTTP server on 127.0.0.1 fetched with `ureq`.
// Every retry scenario runs through the crate's real retry helper with a fake
// sleep and random fixed at 0.5, and every message template through the
// by-code formatter `messages::for_code`.
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
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sdk::{retry_blocking_with, ApiError, Code, Context, ErrorClass, Item};
use serde_json::{json, Map, Value};

/// Vectors this crate is known to disagree with, by name, each with the
/// reason (reported, never silently skipped). None so far.
const KNOWN_FAILURES: &[&str] = &[];

/// The keys every `expect` has.
const EXPECT_KEYS: [&str; 9] = ["class", "code", "known_code", "message", "request_id", "field", "retryable", "retry_after_ms", "context"];

/// The keys an `expect` may have, each checked only when present. Any key
/// in neither list fails the run, so a new expectation in the shared file is
/// never ignored silently.
const OPTIONAL_KEYS: [&str; 5] = ["items", "subcodes", "domain", "metadata", "grpc"];

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
    check("retry_after_ms", err.retry_after().map(|d| d.as_secs_f64() * 1000.0).into());
    check("context", Value::Object(err.context().to_json()));
    check("items", err.items().iter().map(item_json).collect());
    let subcodes =
        err.subcodes().entries().into_iter().map(|(name, value, known)| (name.to_owned(), json!({"value": value, "known": known})));
    check("subcodes", Value::Object(subcodes.collect()));
    check("domain", err.domain().into());
    check("metadata", err.metadata().iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<Map<_, _>>().into());
    check("grpc", err.grpc().name().into());
    wrong
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

/// What the retry helper did with a scenario's responses.
#[derive(Debug, PartialEq)]
struct Outcome {
    attempts: usize,
    delays: Vec<Duration>,
    /// `Ok(status)` or `Err(status)` of the last response.
    result: Result<u16, u16>,
}

impl Outcome {
    fn expected(scenario: &Value) -> Outcome {
        let delays = scenario["delays_ms"].as_array().expect("delays_ms");
        let attempts = scenario["attempts"].as_u64().expect("attempts") as usize;
        let responses = scenario["responses"].as_array().expect("responses");
        let last = responses[attempts - 1]["status"].as_u64().expect("a status") as u16;
        let result = match scenario["result"].as_str() {
            Some("ok") => Ok(last),
            Some("error") => {
                let final_status = scenario["final_status"].as_u64().expect("final_status") as u16;
                assert_eq!(final_status, last, "{}: final_status is the last response served", name(scenario));
                Err(final_status)
            }
            other => panic!("{}: result {other:?}", name(scenario)),
        };
        let delays = delays.iter().map(|d| Duration::from_millis(d.as_u64().expect("whole ms"))).collect();
        Outcome { attempts, delays, result }
    }
}

/// Runs the crate's retry helper with `fetch` (the response of attempt n),
/// a fake sleep and random fixed at 0.5. 2xx responses are successes.
fn run_retry(mut fetch: impl FnMut(u32) -> Response) -> Outcome {
    let delays = RefCell::new(Vec::new());
    let mut attempts = 0;
    let result = retry_blocking_with(
        |attempt| {
            attempts += 1;
            assert_eq!(attempt as usize, attempts, "attempts are numbered from 1");
            let response = fetch(attempt);
            if (200..300).contains(&response.status) {
                Ok(response.status)
            } else {
                Err(response.error(SystemTime::now()))
            }
        },
        |delay| delays.borrow_mut().push(delay),
        || 0.5,
    );
    Outcome { attempts, delays: delays.into_inner(), result: result.map_err(|e| e.status()) }
}

#[test]
fn every_retry_scenario_in_process() {
    for scenario in list("retry") {
        let responses: Vec<Response> = scenario["responses"].as_array().expect("responses").iter().map(Response::from_json).collect();
        let outcome = run_retry(|attempt| {
            responses
                .get(attempt as usize - 1)
                .cloned()
                .unwrap_or_else(|| panic!("{}: attempt {attempt} past the last response", name(&scenario)))
        });
        assert_eq!(outcome, Outcome::expected(&scenario), "{}", name(&scenario));
    }
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
    stop: Arc<AtomicBool>,
}

impl MockServer {
    fn start(responses: Vec<Response>) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let served = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (counter, stopped) = (Arc::clone(&served), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut next = 0;
            while counter.load(Ordering::SeqCst) < responses.len() && Instant::now() < deadline && !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let path = read_request_path(&stream);
                        let index = path.strip_prefix('/').and_then(|i| i.parse::<usize>().ok()).unwrap_or_else(|| {
                            next += 1;
                            next - 1
                        });
                        // Counted before the client can see the response.
                        counter.fetch_add(1, Ordering::SeqCst);
                        if let Some(response) = responses.get(index) {
                            write_response(stream, response);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        MockServer { url, thread: Some(thread), served, stop }
    }

    fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
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

/// Reads the request head and returns its path.
fn read_request_path(mut stream: &TcpStream) -> String {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    head.split_whitespace().nth(1).unwrap_or("/").to_owned()
}

fn write_response(mut stream: TcpStream, response: &Response) {
    let mut head = format!("HTTP/1.1 {} Mock\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.len()));
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.flush();
}

/// A ureq agent that hands back every status as a response, follows no
/// redirect, and gives up after five seconds.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(Duration::from_secs(5))).build().into()
}

/// Fetches `url` and returns the status, headers and body bytes as received.
fn fetch(agent: &ureq::Agent, url: &str) -> Response {
    let mut response = agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let body = response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec().unwrap_or_else(|e| panic!("GET {url}: body: {e}"));
    Response { status, headers, body }
}

#[test]
fn every_vector_over_http() {
    let vectors = list("vectors");
    let server = MockServer::start(vectors.iter().map(Response::from_json).collect());
    let agent = agent();
    check_all("over HTTP", |i, v| {
        let received = fetch(&agent, &format!("{}/{i}", server.url));
        let sent = Response::from_json(v);
        assert_eq!(received.status, sent.status, "{}: status over HTTP", name(v));
        assert_eq!(received.body, sent.body, "{}: body over HTTP", name(v));
        received.error(now_of(v))
    });
    assert_eq!(server.served(), vectors.len());
}

#[test]
fn every_retry_scenario_over_http() {
    let agent = agent();
    for scenario in list("retry") {
        let responses: Vec<Response> = scenario["responses"].as_array().expect("responses").iter().map(Response::from_json).collect();
        let server = MockServer::start(responses);
        let outcome = run_retry(|_| fetch(&agent, &format!("{}/next", server.url)));
        let expected = Outcome::expected(&scenario);
        assert_eq!(server.served(), expected.attempts, "{}: requests served", name(&scenario));
        assert_eq!(outcome, expected, "{}", name(&scenario));
    }
}
