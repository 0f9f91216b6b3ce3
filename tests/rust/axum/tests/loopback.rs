//! The axum example over loopback: a real socket, read back by the crate.

use std::io::{Read, Write};

use novita_errors::{ApiError, Code, ErrorClass};

#[tokio::test(flavor = "current_thread")]
async fn an_unauthorised_request_gets_the_catalogs_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, errcat_axum_example::app()).await.unwrap() });

    // A plain HTTP/1.1 client on its own thread, so the server keeps running.
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let request = "POST /v1/images HTTP/1.1\r\nhost: api\r\nx-request-id: req_9\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        raw
    })
    .await
    .unwrap();

    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(&str, &str)> = lines.filter_map(|l| l.split_once(": ")).collect();
    let err = ApiError::from_parts(status, headers, body.as_bytes());
    assert_eq!(status, 403);
    assert_eq!(err.code(), Some(&Code::InvalidApiKey));
    assert_eq!(err.class(), Some(ErrorClass::Authentication));
    assert_eq!(err.request_id(), Some("req_9"));
}
