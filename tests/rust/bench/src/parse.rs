//! Times turning one typical error response into the crate's error,
//! `ApiError::from_parts(status, headers, body)`, beside a hand-written
//! minimal parser of the same envelope (serde_json, which the crate uses
//! too: the code, message and request id, nothing else) as the floor.
//!
//!     parse <status> <body>
//!
//! Prints `parse_ns=<ns> floor_ns=<ns>` (the fastest of five runs each).

use std::hint::black_box;
use std::time::Instant;

use sdk::ApiError;

const OPS: usize = 200_000;
const RUNS: usize = 5;

/// What the floor keeps of a response: what an app reads off an error.
struct Minimal {
    status: u16,
    code: Option<String>,
    message: String,
    request_id: Option<String>,
}

/// The floor: parse the JSON body, read `reason` and `message`, find the
/// request id header in any case.
fn minimal(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Minimal {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(|v| v.as_str()).map(str::to_owned);
    Minimal {
        status,
        code: field("reason"),
        message: field("message").unwrap_or_default(),
        request_id: headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("x-request-id")).map(|(_, v)| (*v).to_owned()),
    }
}

/// Nanoseconds per call of `f`, the fastest of `RUNS` runs of `OPS` calls.
fn time(mut f: impl FnMut() -> usize) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut sink = 0usize;
        for _ in 0..OPS {
            sink = sink.wrapping_add(f());
        }
        black_box(sink);
        best = best.min(start.elapsed().as_nanos() as f64 / OPS as f64);
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(status), Some(body)) = (args.get(1).and_then(|s| s.parse::<u16>().ok()), args.get(2)) else {
        eprintln!("usage: parse <status> <body>");
        std::process::exit(2);
    };
    let headers = [("Content-Type", "application/json"), ("X-Request-Id", "req_42")];
    let body = body.as_bytes();
    let err = ApiError::from_parts(status, headers, body);
    let floor = minimal(status, &headers, body);
    assert!(err.code().is_some_and(|c| c.is_known()), "the body's code is not one the crate knows: {err}");
    assert_eq!(err.message(), floor.message, "the floor reads another message");
    assert_eq!(err.request_id(), floor.request_id.as_deref());
    let parse_ns = time(|| {
        let err = ApiError::from_parts(black_box(status), black_box(headers), black_box(body));
        err.message().len()
    });
    let floor_ns = time(|| {
        let m = minimal(black_box(status), black_box(&headers), black_box(body));
        m.message.len() + usize::from(m.status) + m.code.map_or(0, |c| c.len()) + m.request_id.map_or(0, |r| r.len())
    });
    println!("parse_ns={parse_ns:.1} floor_ns={floor_ns:.1}");
}
