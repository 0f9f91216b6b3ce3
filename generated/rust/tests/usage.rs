use novita_errors::{retry_blocking, ApiError, Attempt, Code, ErrorClass};

// Stands in for your HTTP client: any status, headers and body bytes will do.
// Send `attempt.headers` with the request (the spec's idempotency key, if any).
fn call_api(attempt: &Attempt) -> Result<String, ApiError> {
    if attempt.number < 3 {
        let body = br#"{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#;
        return Err(ApiError::from_parts(429, [("Retry-After", "0")], body));
    }
    Ok("generated".to_owned())
}

#[test]
fn usage() {
    // Retries under the catalog's policy for each error (here: Retry-After).
    match retry_blocking(call_api) {
        Ok(text) => assert_eq!(text, "generated"),
        Err(err) => match err.class() {
            Some(ErrorClass::Authentication) => panic!("check the API key: {err}"),
            Some(ErrorClass::RateLimit) => panic!("still limited, wait {:?}", err.retry_after()),
            _ if err.code() == Some(&Code::NotEnoughBalance) => panic!("top up: {err}"),
            _ => panic!("request {:?} failed: {err}", err.request_id()),
        },
    }
}
