//! Serving errors from the catalog over loopback: a minimal HTTP/1.1 server
//! on `std::net` (what any framework does with an `ErrorResponse`'s three
//! parts) and a client that reads the error back.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use novita_errors::server::{ErrorResponse, Options, RateLimitExceeded};
use novita_errors::{ApiError, Code, ErrorClass};

/// Sends `response` on `stream`: status line, headers, body.
fn send(stream: &mut TcpStream, response: &ErrorResponse) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {} Error\r\ncontent-length: {}\r\nconnection: close\r\n",
        response.status,
        response.body.len()
    )?;
    for (name, value) in &response.headers {
        write!(stream, "{name}: {value}\r\n")?;
    }
    stream.write_all(b"\r\n")?;
    stream.write_all(&response.body)
}

#[test]
fn serving() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1/images", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        // The request's headers, up to the blank line.
        let request_id = BufReader::new(stream.try_clone().unwrap())
            .lines()
            .map_while(Result::ok)
            .take_while(|line| !line.is_empty())
            .find_map(|line| line.strip_prefix("x-request-id: ").map(str::to_owned));
        let options = Options {
            request_id,
            retry_after: Some(Duration::from_secs(2)),
        };
        send(
            &mut stream,
            &RateLimitExceeded::default().response_with(&options),
        )
        .unwrap();
    });

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(&url)
        .header("x-request-id", "req_7")
        .send_empty()
        .unwrap();
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let body = response.body_mut().read_to_vec().unwrap();
    server.join().unwrap();

    let err = ApiError::from_parts(status, headers.iter().map(|(k, v)| (k, v)), &body);
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert_eq!(err.code(), Some(&Code::RateLimitExceeded));
    assert_eq!(err.request_id(), Some("req_7"));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
}
