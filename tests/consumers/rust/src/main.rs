use novita_errors::{ApiError, Code, ErrorClass};

fn main() {
    // The status, headers and body bytes of any failed call, from any HTTP client.
    let body = br#"{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#;
    let err = ApiError::from_parts(429, [("Retry-After", "2")], body);
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert_eq!(err.code(), Some(&Code::RateLimitExceeded));
    println!("{err}; retry after {:?}", err.retry_after());
}
