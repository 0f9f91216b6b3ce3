//! The README's second Rust example: reqwest and ureq through the crate's
//! client features (`cargo test --all-features`).
#![cfg(all(feature = "reqwest", feature = "ureq"))]

use novita_errors::{
    retry, retry_blocking, ClientError, Code, ReqwestResponseExt, UreqResponseExt,
};

// reqwest (features = ["reqwest"]): `error_for_api_status()` in place of
// `error_for_status()` keeps the error's body; `retry` runs on any runtime,
// given its sleep.
async fn model(client: &reqwest::Client, url: &str) -> Result<String, ClientError<reqwest::Error>> {
    let send = |attempt: novita_errors::Attempt| {
        let mut request = client.get(url);
        for (name, value) in &attempt.headers {
            request = request.header(*name, value);
        }
        async move {
            Ok(request
                .send()
                .await?
                .error_for_api_status()
                .await?
                .text()
                .await?)
        }
    };
    retry(send, tokio::time::sleep).await
}

// ureq (features = ["ureq"]): an agent that hands back error statuses as
// responses, so that their headers and body are kept.
fn model_blocking(url: &str) -> Result<String, ClientError<ureq::Error>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    retry_blocking(|attempt| {
        let mut request = agent.get(url);
        for (name, value) in &attempt.headers {
            request = request.header(*name, value.as_str());
        }
        Ok(request
            .call()?
            .error_for_api_status()?
            .body_mut()
            .read_to_string()?)
    })
}

#[tokio::test]
async fn with_reqwest() {
    // A 429 with Retry-After (retried), then a 404 (not retried).
    match model(&reqwest::Client::new(), &serve_twice()).await {
        Err(ClientError::Api(err)) => assert_eq!(err.code(), Some(&Code::ModelNotFound), "{err}"),
        other => panic!("expected the 404: {other:?}"),
    }
}

#[test]
fn with_ureq() {
    match model_blocking(&serve_twice()) {
        Err(ClientError::Api(err)) => assert_eq!(err.code(), Some(&Code::ModelNotFound), "{err}"),
        other => panic!("expected the 404: {other:?}"),
    }
}

/// A loopback server that answers a 429 asking to retry at once, then a 404.
fn serve_twice() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!(
        "http://{}/v3/model",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        let bodies = [
            (
                429,
                r#"{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#,
            ),
            (
                404,
                r#"{"code":404,"reason":"MODEL_NOT_FOUND","message":"Model not found"}"#,
            ),
        ];
        for (status, body) in bodies {
            let (mut stream, _) = listener.accept().expect("a connection");
            let _ = stream.read(&mut [0; 4096]);
            let head = format!("HTTP/1.1 {status} X\r\nRetry-After: 0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(format!("{head}{body}").as_bytes());
        }
    });
    url
}
