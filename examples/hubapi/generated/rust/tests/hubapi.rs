//! Hub API's samples: GitHub-style bodies with a message, an `errors` array
//! of items and no top-level code; rate limits as 403 or 429.

use std::time::{Duration, UNIX_EPOCH};

use hubapi_errors::{ApiError, Code, ErrorClass, GrpcCode, Item};

const NOW: u64 = 1_700_000_000;

fn error(status: u16, headers: &[(&str, &str)], body: &str) -> ApiError {
    ApiError::from_parts_at(
        status,
        headers.iter().copied(),
        body.as_bytes(),
        UNIX_EPOCH + Duration::from_secs(NOW),
    )
}

#[test]
fn a_validation_error_takes_the_first_items_code() {
    let err = error(
        422,
        &[("X-Hub-Request-Id", "CAFE:1234")],
        r#"{"message": "Validation Failed",
            "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"},
                       "not an item",
                       {"resource": "Issue", "field": "body", "code": "custom", "message": "body is too long (maximum is 65536 characters)"},
                       {"resource": "Label", "code": "a_code_from_the_future"}],
            "documentation_url": "https://docs.hub.example/rest/issues/issues#create-an-issue"}"#,
    );
    assert_eq!(err.class(), Some(ErrorClass::Validation));
    assert_eq!(err.code(), Some(&Code::MissingField));
    assert_eq!(err.message(), "Validation Failed");
    assert_eq!(err.request_id(), Some("CAFE:1234"));
    let items = err.items();
    assert_eq!(items.len(), 3, "the string element is skipped");
    assert_eq!(items[0].code, Some(Code::MissingField));
    assert_eq!(items[0].field.as_deref(), Some("title"));
    assert_eq!(items[0].message, None);
    assert_eq!(items[0].location, None);
    assert_eq!(items[1].code, Some(Code::Custom));
    assert_eq!(
        items[1].message.as_deref(),
        Some("body is too long (maximum is 65536 characters)")
    );
    let unknown: &Item = &items[2];
    assert_eq!(
        unknown.code,
        Some(Code::Unknown("a_code_from_the_future".to_owned()))
    );
    assert_eq!(unknown.field, None);
    // 422 is not in the gRPC table.
    assert_eq!(err.grpc(), GrpcCode::Unknown);
}

#[test]
fn no_items_and_items_of_the_wrong_shape() {
    let err = error(422, &[], r#"{"message": "Validation Failed"}"#);
    assert!(err.items().is_empty());
    assert_eq!(err.code(), None);
    let err = error(
        422,
        &[],
        r#"{"message": "Validation Failed", "errors": {"code": "invalid"}}"#,
    );
    assert!(err.items().is_empty());
    let err = error(
        422,
        &[],
        r#"{"message": "Validation Failed", "errors": [{"code": 7, "field": ["x"]}]}"#,
    );
    assert_eq!(err.items().len(), 1);
    assert_eq!(
        err.items()[0].code,
        Some(Code::Unknown("7".to_owned())),
        "integers are codes too (rule 3)"
    );
    assert_eq!(err.items()[0].field, None);
}

#[test]
fn a_primary_rate_limit_at_403_and_at_429() {
    let reset = (NOW + 42).to_string();
    let headers = [
        ("x-ratelimit-limit", "60"),
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-reset", reset.as_str()),
    ];
    let body = r#"{"message": "API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit.)",
                   "documentation_url": "https://docs.hub.example/rest/overview/rate-limits"}"#;
    for status in [403, 429] {
        let err = error(status, &headers, body);
        assert_eq!(err.code(), Some(&Code::PrimaryRateLimit), "{status}");
        assert_eq!(err.definition().map(|d| d.status), Some(status));
        assert_eq!(err.class(), Some(ErrorClass::RateLimit));
        assert!(err.is_retryable());
        // The reset header, in epoch seconds, counts from now.
        assert_eq!(err.retry_after(), Some(Duration::from_secs(42)));
    }
    // A reset in the past means now; retry-after comes first.
    let err = error(429, &[("x-ratelimit-reset", "1")], body);
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    let err = error(
        429,
        &[("retry-after", "7"), ("x-ratelimit-reset", reset.as_str())],
        body,
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    let err = error(429, &[("x-ratelimit-reset", "soon")], body);
    assert_eq!(err.retry_after(), None);
}

#[test]
fn a_403_is_a_rate_limit_only_with_the_header() {
    let body = r#"{"message": "Something we do not recognise"}"#;
    let err = error(403, &[("x-ratelimit-remaining", "0")], body);
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert_eq!(err.code(), None);
    let err = error(403, &[("x-ratelimit-remaining", "12")], body);
    assert_eq!(err.class(), Some(ErrorClass::Forbidden));
    // The condition is for 403 only.
    let err = error(
        401,
        &[("x-ratelimit-remaining", "0")],
        r#"{"message": "Bad credentials"}"#,
    );
    assert_eq!(err.class(), Some(ErrorClass::Authentication));
    assert_eq!(err.code(), Some(&Code::BadCredentials));
    let err = error(
        403,
        &[],
        r#"{"message": "Resource not accessible by personal access token"}"#,
    );
    assert_eq!(err.code(), Some(&Code::NotAccessible));
    assert_eq!(err.class(), Some(ErrorClass::Forbidden));
    assert_eq!(err.grpc(), GrpcCode::PermissionDenied);
}
