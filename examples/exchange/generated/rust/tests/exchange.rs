//! Exchange's samples: Binance-style `{"code": -1121, "msg": "..."}` bodies
//! with numeric codes.

use exchange_errors::{ApiError, Code, ErrorClass};

fn error(status: u16, body: &str) -> ApiError {
    ApiError::from_parts(status, Vec::<(&str, &str)>::new(), body.as_bytes())
}

#[test]
fn numeric_codes_are_codes() {
    let err = error(400, r#"{"code": -1121, "msg": "Invalid symbol."}"#);
    assert_eq!(err.code(), Some(&Code::BadSymbol));
    assert_eq!(err.code().unwrap().as_str(), "-1121");
    assert_eq!(err.class(), Some(ErrorClass::BadRequest));
    assert_eq!(err.message(), "Invalid symbol.");
    // Codes compare as strings, so the string form matches too.
    assert_eq!(
        error(400, r#"{"code": "-1121"}"#).code(),
        Some(&Code::BadSymbol)
    );
    // The code named `unknown` does not take the variant of unknown codes.
    assert_eq!(Code::from("-1000"), Code::Unknown_);
    assert!(Code::Unknown_.is_known());
    assert_eq!(
        error(500, r#"{"code": -1000}"#).code(),
        Some(&Code::Unknown_)
    );
}

#[test]
fn only_whole_numbers_in_range_are_codes() {
    assert_eq!(
        error(400, r#"{"code": -9999}"#).code(),
        Some(&Code::Unknown("-9999".to_owned()))
    );
    assert_eq!(
        error(400, r#"{"code": -1121.0}"#).code(),
        Some(&Code::BadSymbol)
    );
    assert_eq!(
        error(400, r#"{"code": 9007199254740991}"#)
            .code()
            .map(Code::as_str),
        Some("9007199254740991")
    );
    assert_eq!(
        error(400, r#"{"code": -9007199254740991}"#)
            .code()
            .map(Code::as_str),
        Some("-9007199254740991")
    );
    for body in [
        r#"{"code": -1121.5}"#,
        r#"{"code": 9007199254740992}"#,
        r#"{"code": -9007199254740992}"#,
        r#"{"code": 1e300}"#,
        r#"{"code": true}"#,
    ] {
        let err = error(400, body);
        assert_eq!(err.code(), None, "{body}");
        assert_eq!(err.message(), "Bad request");
    }
}

#[test]
fn one_code_at_two_statuses() {
    let err = error(429, r#"{"code": -1003}"#);
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert!(err.message().starts_with("Too much request weight used"));
    let err = error(418, r#"{"code": -1003}"#);
    assert_eq!(err.class(), Some(ErrorClass::Banned));
    assert_eq!(
        err.message(),
        "Way too much request weight used; IP banned."
    );
    assert_eq!(Code::TooManyRequests.definitions().len(), 2);
}
