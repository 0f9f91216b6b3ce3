//! CloudRPC's samples: AIP-193 bodies whose code, domain and metadata are in
//! the `ErrorInfo` detail, with `RetryInfo`, `RequestInfo` and `BadRequest`
//! details beside it.

use std::time::Duration;

use cloudrpc_errors::{messages, ApiError, Code, Context, ErrorClass, GrpcCode};
use serde_json::{json, Value};

fn error(status: u16, body: &Value) -> ApiError {
    ApiError::from_parts(
        status,
        Vec::<(&str, &str)>::new(),
        &serde_json::to_vec(body).unwrap(),
    )
}

fn quota_body(message: Option<&str>) -> Value {
    let mut body = json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"},
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED", "domain": "cloudrpc.example",
         "metadata": {"service": "storage.cloudrpc.example", "consumer": "projects/123", "quota_metric": "requests",
                      "quota_limit": "RequestsPerMinute", "shards": 4}},
        {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "req-77"}]}});
    if let Some(message) = message {
        body["error"]["message"] = json!(message);
    }
    body
}

#[test]
fn the_code_domain_and_metadata_are_in_the_error_info() {
    let err = error(429, &quota_body(Some("Quota exceeded.")));
    assert_eq!(err.code(), Some(&Code::RateLimitExceeded));
    assert_eq!(err.class(), Some(ErrorClass::ResourceExhausted));
    assert_eq!(err.grpc(), GrpcCode::ResourceExhausted);
    assert_eq!(err.grpc().number(), 8);
    assert_eq!(err.domain(), Some("cloudrpc.example"));
    let metadata: Vec<(&str, &str)> = err
        .metadata()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // String members only: `shards` is a number.
    assert_eq!(
        metadata,
        [
            ("consumer", "projects/123"),
            ("quota_limit", "RequestsPerMinute"),
            ("quota_metric", "requests"),
            ("service", "storage.cloudrpc.example")
        ]
    );
    assert_eq!(
        err.context().service.as_deref(),
        Some("storage.cloudrpc.example")
    );
    assert_eq!(err.request_id(), Some("req-77"));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(err.message(), "Quota exceeded.");
}

#[test]
fn without_a_message_the_template_is_filled_in_from_the_metadata() {
    let err = error(429, &quota_body(None));
    assert_eq!(
        err.message(),
        "Quota exceeded for quota metric 'requests' and limit 'RequestsPerMinute' of service 'storage.cloudrpc.example' for consumer 'projects/123'."
    );
    // A parameter the body lacks stays as it is.
    let mut body = quota_body(None);
    body["error"]["details"][1]["metadata"] = json!({"service": "storage.cloudrpc.example"});
    assert_eq!(
        error(429, &body).message(),
        "Quota exceeded for quota metric '<quota_metric>' and limit '<quota_limit>' of service 'storage.cloudrpc.example' for consumer '<consumer>'."
    );
}

#[test]
fn typed_formatters_and_the_by_code_formatter_agree() {
    assert_eq!(
        messages::model_unavailable("gemini-9", "mars-east1"),
        "Model gemini-9 is not available in mars-east1."
    );
    assert_eq!(
        messages::service_disabled("storage.cloudrpc.example", "projects/123"),
        "storage.cloudrpc.example has not been used in project projects/123 before or it is disabled."
    );
    assert_eq!(
        messages::billing_disabled("projects/9"),
        "This API method requires billing to be enabled for project projects/9."
    );
    let context = Context::from_json(
        json!({"model": "gemini-9", "region": "mars-east1"})
            .as_object()
            .unwrap(),
    );
    assert_eq!(
        messages::for_code(&Code::ModelUnavailable, 404, &context).as_deref(),
        Some("Model gemini-9 is not available in mars-east1.")
    );
    assert_eq!(
        messages::for_code(&Code::ModelUnavailable, 500, &context),
        None
    );
    // A value that itself looks like a parameter is not filled in again.
    let context = Context::from_json(
        json!({"model": "<region>", "region": "r"})
            .as_object()
            .unwrap(),
    );
    assert_eq!(
        messages::for_code(&Code::ModelUnavailable, 404, &context).as_deref(),
        Some("Model <region> is not available in r.")
    );
}

#[test]
fn the_retry_delay_is_a_protobuf_duration() {
    for (delay, expected) in [
        ("30s", Some(30_000)),
        ("1.5s", Some(1500)),
        ("0s", Some(0)),
        ("0.0005s", Some(0)),
    ] {
        let mut body = quota_body(None);
        body["error"]["details"][0]["retryDelay"] = json!(delay);
        assert_eq!(
            error(429, &body).retry_after().map(|d| d.as_millis()),
            expected,
            "{delay}"
        );
    }
    for bad in [
        json!("30"),
        json!("-1s"),
        json!("s"),
        json!("1e3s"),
        json!(30),
        json!("30ms"),
    ] {
        let mut body = quota_body(None);
        body["error"]["details"][0]["retryDelay"] = bad.clone();
        assert_eq!(error(429, &body).retry_after(), None, "{bad}");
    }
}

#[test]
fn field_violations_are_the_items() {
    let body = json!({"error": {"code": 400, "status": "INVALID_ARGUMENT", "message": "Invalid request.", "details": [
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "REQUEST_INVALID", "domain": "cloudrpc.example"},
        {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [
            {"field": "instance.name", "description": "must not be empty"},
            {"field": "instance.size"}]}]}});
    let err = error(400, &body);
    assert_eq!(err.code(), Some(&Code::RequestInvalid));
    assert_eq!(err.items().len(), 2);
    assert_eq!(err.items()[0].field.as_deref(), Some("instance.name"));
    assert_eq!(err.items()[0].message.as_deref(), Some("must not be empty"));
    assert_eq!(err.items()[0].code, None);
    assert_eq!(err.items()[1].message, None);
    assert_eq!(err.grpc(), GrpcCode::InvalidArgument);
}

#[test]
fn classes_and_grpc_codes_from_the_body_status_and_the_spec() {
    // A codeless FAILED_PRECONDITION at 400 is a failed precondition, with that gRPC code.
    let err = error(
        400,
        &json!({"error": {"code": 400, "status": "FAILED_PRECONDITION", "message": "Not ready."}}),
    );
    assert_eq!(err.class(), Some(ErrorClass::FailedPrecondition));
    assert_eq!(err.grpc(), GrpcCode::FailedPrecondition);
    // The error's own gRPC code, then its class's.
    let reason = |code: &str| json!({"error": {"details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": code}]}});
    assert_eq!(
        error(401, &reason("ACCESS_TOKEN_EXPIRED")).grpc(),
        GrpcCode::Unauthenticated
    );
    assert_eq!(
        error(409, &reason("ALREADY_EXISTS")).grpc(),
        GrpcCode::AlreadyExists
    );
    assert_eq!(
        error(409, &reason("CONCURRENT_MODIFICATION")).grpc(),
        GrpcCode::Aborted
    );
    assert_eq!(
        error(400, &reason("BILLING_DISABLED")).class(),
        Some(ErrorClass::FailedPrecondition)
    );
    assert_eq!(
        error(400, &reason("BILLING_DISABLED")).grpc(),
        GrpcCode::FailedPrecondition
    );
    // An ErrorInfo the selection does not pick: no code.
    let other = json!({"error": {"details": [{"@type": "type.googleapis.com/google.rpc.Help", "reason": "API_KEY_INVALID"}]}});
    assert_eq!(error(400, &other).code(), None);
    assert_eq!(error(503, &json!({})).grpc(), GrpcCode::Unavailable);
    assert_eq!(GrpcCode::from_name("DATA_LOSS"), Some(GrpcCode::DataLoss));
}
