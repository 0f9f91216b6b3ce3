//! Novita's own samples: the error name under `reason`, the status repeated
//! under `code`, details under `metadata`.

use std::time::Duration;

use novita_errors::{ApiError, Code, ErrorClass, RetryMode};

#[test]
fn invalid_api_key_sample() {
    let body = br#"{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}"#;
    let err = ApiError::from_parts(403, [("X-Request-Id", "req_abc")], body);
    assert_eq!(err.code(), Some(&Code::InvalidApiKey));
    assert_eq!(err.message(), "invalid api-key");
    assert_eq!(err.status(), 403);
    assert_eq!(err.request_id(), Some("req_abc"));
    // The spec files this 403 under authentication, not permission.
    assert_eq!(err.class(), Some(ErrorClass::Authentication));
    // Defined with 403 in media (order 1) and llm (order 2): media's wins.
    let definition = err.definition().unwrap();
    assert_eq!(
        (definition.domain, definition.message),
        ("media", "API Key validation failed")
    );
    let domains: Vec<&str> = Code::InvalidApiKey
        .definitions()
        .iter()
        .map(|d| d.domain)
        .collect();
    assert_eq!(domains, ["media", "llm"]);
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "authentication error INVALID_API_KEY: invalid api-key (HTTP 403, request id req_abc)"
    );
}

#[test]
fn metadata_is_the_details_object() {
    let body =
        br#"{"code":400,"reason":"INVALID_REQUEST_BODY","message":"bad","metadata":{"param":"n"}}"#;
    let err = ApiError::from_parts(400, Vec::<(String, String)>::new(), body);
    assert_eq!(err.class(), Some(ErrorClass::BadRequest));
    assert_eq!(err.details(), Some(&serde_json::json!({"param": "n"})));
    // `metadata` that is not an object is no details.
    let err = ApiError::from_parts(400, Vec::<(String, String)>::new(), br#"{"metadata":[1]}"#);
    assert_eq!(err.details(), None);
}

#[test]
fn rate_limits_honour_retry_after_and_gateways_back_off() {
    let body = br#"{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#;
    let err = ApiError::from_parts(429, [("retry-after", "12")], body);
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert_eq!(err.retry_policy().mode, RetryMode::RetryAfter);
    assert!(err.is_retryable());
    assert_eq!(err.retry_delay(1, 0.0), Some(Duration::from_secs(12)));
    let err = ApiError::from_parts(
        504,
        Vec::<(&str, &str)>::new(),
        b"<html>Gateway Timeout</html>",
    );
    assert_eq!(err.class(), Some(ErrorClass::Unavailable));
    assert_eq!(err.retry_policy().max_attempts, 4);
    // A 5xx no class lists falls back to the server class.
    assert_eq!(
        ApiError::from_parts(599, Vec::<(&str, &str)>::new(), b"").class(),
        Some(ErrorClass::Server)
    );
}

#[test]
fn a_code_defined_twice_picks_its_definition_by_status() {
    let multi = Code::known().find(|c| c.definitions().len() > 1);
    let Some(code) = multi else { return };
    for definition in code.definitions() {
        let picked = code.definition_for(definition.status).unwrap();
        assert_eq!(picked.status, definition.status);
    }
}
