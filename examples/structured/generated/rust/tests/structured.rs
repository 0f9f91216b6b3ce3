//! The structured API's samples: `success`, `error.code/message/details`,
//! `meta.request_id`.

use structured_errors::{ApiError, Code, ErrorClass};

fn error(status: u16, body: &str) -> ApiError {
    ApiError::from_parts(status, Vec::<(&str, &str)>::new(), body.as_bytes())
}

#[test]
fn request_id_sample() {
    let body = r#"{
      "error": {"code": "INVALID_REQUEST", "message": "The request was invalid"},
      "meta": {"request_id": "req_1234567890"}
    }"#;
    let err = error(400, body);
    assert_eq!(err.code(), Some(&Code::InvalidRequest));
    assert_eq!(err.class(), Some(ErrorClass::BadRequest));
    assert_eq!(err.message(), "The request was invalid");
    assert_eq!(err.request_id(), Some("req_1234567890"));
    assert_eq!(err.details(), None);
}

#[test]
fn field_specific_sample() {
    let body = r#"{
      "success": false,
      "error": {
        "code": "INVALID_TEMPERATURE",
        "message": "Temperature must be between 0 and 2",
        "details": {"field": "temperature", "issue": "got 3.5"}
      },
      "meta": {"request_id": "req_1234567890", "timestamp": "2024-01-01T00:00:00Z"}
    }"#;
    let err = error(400, body);
    assert_eq!(err.code(), Some(&Code::InvalidTemperature));
    assert_eq!(err.field(), Some("temperature"));
    assert_eq!(err.context().issue.as_deref(), Some("got 3.5"));
    assert_eq!(err.details().unwrap()["issue"], "got 3.5");
    assert_eq!(err.request_id(), Some("req_1234567890"));
}

#[test]
fn field_falls_back_to_the_definition() {
    let body = r#"{"success": false, "error": {"code": "PROMPT_TOO_LONG", "message": "too long"}}"#;
    let err = error(400, body);
    assert_eq!(err.field(), Some("prompt"));
    assert_eq!(err.context().issue, None);
}

#[test]
fn every_seed_code_with_its_status() {
    let seed = [
        (401, "MISSING_API_KEY", ErrorClass::Authentication),
        (401, "EXPIRED_API_KEY", ErrorClass::Authentication),
        (403, "QUOTA_EXCEEDED", ErrorClass::Permission),
        (400, "FILE_TOO_LARGE", ErrorClass::BadRequest),
        (404, "MODEL_NOT_FOUND", ErrorClass::NotFound),
        (429, "CONCURRENT_LIMIT_EXCEEDED", ErrorClass::RateLimit),
        (500, "MODEL_UNAVAILABLE", ErrorClass::Server),
        (503, "OVERLOADED", ErrorClass::Unavailable),
    ];
    for (status, code, class) in seed {
        let body =
            format!(r#"{{"success": false, "error": {{"code": "{code}", "message": "m"}}}}"#);
        let err = error(status, &body);
        assert_eq!(err.code().map(Code::as_str), Some(code));
        assert!(err.code().unwrap().is_known());
        assert_eq!(err.class(), Some(class), "{code}");
        assert_eq!(err.definition().map(|d| d.status), Some(status), "{code}");
    }
}
