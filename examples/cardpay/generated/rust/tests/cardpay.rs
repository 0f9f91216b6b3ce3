//! CardPay's samples: Stripe-style `{"error": {...}}` bodies with a class in
//! `type`, a code in `code` and a second-level `decline_code`.

use cardpay_errors::{ApiError, Code, DeclineCode, ErrorClass, GrpcCode};

fn error(status: u16, body: &str) -> ApiError {
    ApiError::from_parts(status, [("Request-Id", "req_8Hk2")], body.as_bytes())
}

#[test]
fn a_declined_card_with_its_decline_code() {
    let err = error(
        402,
        r#"{"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
            "param": "amount", "message": "Your card has insufficient funds.",
            "doc_url": "https://docs.cardpay.example/error-codes/card-declined"}}"#,
    );
    assert_eq!(err.class(), Some(ErrorClass::Card));
    assert_eq!(err.code(), Some(&Code::CardDeclined));
    assert_eq!(err.message(), "Your card has insufficient funds.");
    assert_eq!(err.field(), Some("amount"));
    assert_eq!(err.request_id(), Some("req_8Hk2"));
    assert_eq!(err.decline_code(), Some(&DeclineCode::InsufficientFunds));
    let decline = err.decline_code().unwrap();
    assert!(decline.is_known());
    assert_eq!(decline.as_str(), "insufficient_funds");
    assert_eq!(
        decline.description(),
        Some("The card has insufficient funds to complete the purchase.")
    );
    assert_eq!(
        err.subcodes().entries(),
        [("decline_code", "insufficient_funds", true)]
    );
    // 402 is not in the gRPC table, and neither the code nor the class names one.
    assert_eq!(err.grpc(), GrpcCode::Unknown);
    assert_eq!(err.definition().unwrap().grpc, GrpcCode::Unknown);
    assert!(!err.is_retryable());
}

#[test]
fn an_unlisted_decline_code_is_kept_verbatim() {
    let err = error(
        402,
        r#"{"error": {"type": "card_error", "code": "card_declined", "decline_code": "issuer_on_holiday"}}"#,
    );
    let decline = err.decline_code().expect("a decline code");
    assert_eq!(
        decline,
        &DeclineCode::Unknown("issuer_on_holiday".to_owned())
    );
    assert!(!decline.is_known());
    assert_eq!(decline.to_string(), "issuer_on_holiday");
    assert_eq!(decline.description(), None);
    assert_eq!(
        err.subcodes().entries(),
        [("decline_code", "issuer_on_holiday", false)]
    );
    // Without a message, the catalog's.
    assert_eq!(err.message(), "Your card was declined.");
}

#[test]
fn decline_codes_round_trip_and_blank_means_absent() {
    for value in DeclineCode::KNOWN {
        assert_eq!(DeclineCode::from(value.as_str()), value);
        assert!(value.description().is_some_and(|d| !d.is_empty()));
    }
    assert_eq!(DeclineCode::KNOWN.len(), 9);
    assert_eq!(
        "fraudulent".parse::<DeclineCode>(),
        Ok(DeclineCode::Fraudulent)
    );
    assert_eq!(DeclineCode::LostCard.as_ref(), "lost_card");
    for body in [
        r#"{"error": {"code": "card_declined", "decline_code": ""}}"#,
        r#"{"error": {"code": "card_declined", "decline_code": 51}}"#,
        r#"{"error": {"code": "card_declined"}}"#,
    ] {
        let err = error(402, body);
        assert_eq!(err.decline_code(), None, "{body}");
        assert!(err.subcodes().entries().is_empty());
    }
}

#[test]
fn the_class_comes_from_type_when_there_is_no_code() {
    // A codeless idempotency error at a status of another class.
    let err = error(
        400,
        r#"{"error": {"type": "idempotency_error", "message": "Keys for idempotent requests can only be used with the same parameters."}}"#,
    );
    assert_eq!(err.class(), Some(ErrorClass::Idempotency));
    assert_eq!(err.code(), None);
    let err = error(400, r#"{"error": {"type": "api_error"}}"#);
    assert_eq!(err.class(), Some(ErrorClass::Server));
    assert_eq!(err.message(), "API error");
    // A type no class names: the status decides.
    let err = error(400, r#"{"error": {"type": "brand_new_error"}}"#);
    assert_eq!(err.class(), Some(ErrorClass::InvalidRequest));
    // A code's definition outranks the type.
    let err = error(
        402,
        r#"{"error": {"type": "idempotency_error", "code": "expired_card"}}"#,
    );
    assert_eq!(err.class(), Some(ErrorClass::Card));
    assert_eq!(err.field(), Some("exp_month"));
}

#[test]
fn one_code_two_classes_of_retry() {
    let err = error(
        402,
        r#"{"error": {"type": "card_error", "code": "processing_error"}}"#,
    );
    assert!(err.is_retryable());
    assert_eq!(err.retry_policy().max_attempts, 2);
    let err = ApiError::from_parts(
        402,
        [("cardpay-should-retry", "false")],
        br#"{"error": {"code": "processing_error"}}"#.as_slice(),
    );
    assert!(!err.is_retryable());
}
