//! NovaKit's samples: flat `{"error": "..."}` bodies with no code, recognised
//! by their message, and typed context fields at the top level.

use std::time::Duration;

use novakit_errors::{ApiError, Code, ErrorClass};

fn error(status: u16, body: &str) -> ApiError {
    ApiError::from_parts(status, Vec::<(&str, &str)>::new(), body.as_bytes())
}

#[test]
fn every_documented_example_is_recognised() {
    let examples = [
        (
            400,
            r#"{"error": "prompt is required"}"#,
            Code::PromptRequired,
            ErrorClass::BadRequest,
        ),
        (
            400,
            r#"{"error": "input text cannot be empty"}"#,
            Code::InputTextEmpty,
            ErrorClass::BadRequest,
        ),
        (
            400,
            r#"{"error": "speed must be between 0.25 and 4.0"}"#,
            Code::SpeedOutOfRange,
            ErrorClass::BadRequest,
        ),
        (
            400,
            r#"{"error": "Invalid operation"}"#,
            Code::InvalidOperation,
            ErrorClass::BadRequest,
        ),
        (
            400,
            r#"{"error": "mask is required for inpainting"}"#,
            Code::MaskRequired,
            ErrorClass::BadRequest,
        ),
        (
            401,
            r#"{"error": "Invalid API key"}"#,
            Code::InvalidApiKey,
            ErrorClass::Authentication,
        ),
        (
            401,
            r#"{"error": "API key not found"}"#,
            Code::ApiKeyNotFound,
            ErrorClass::Authentication,
        ),
        (
            401,
            r#"{"error": "API key has been revoked"}"#,
            Code::ApiKeyRevoked,
            ErrorClass::Authentication,
        ),
        (
            402,
            r#"{"error": "Credits limit exceeded"}"#,
            Code::CreditsLimitExceeded,
            ErrorClass::QuotaExceeded,
        ),
        (
            402,
            r#"{"error": "Video seconds limit exceeded"}"#,
            Code::VideoSecondsLimitExceeded,
            ErrorClass::QuotaExceeded,
        ),
        (
            402,
            r#"{"error": "Agent run quota exceeded"}"#,
            Code::AgentRunQuotaExceeded,
            ErrorClass::QuotaExceeded,
        ),
        (
            403,
            r#"{"error": "Missing required scope: image"}"#,
            Code::MissingScope,
            ErrorClass::Permission,
        ),
        (
            403,
            r#"{"error": "Model tier not allowed"}"#,
            Code::ModelTierNotAllowed,
            ErrorClass::Permission,
        ),
        (
            403,
            r#"{"error": "AI Agents are not available on your current plan"}"#,
            Code::FeatureNotOnPlan,
            ErrorClass::Permission,
        ),
        (
            404,
            r#"{"error": "Agent not found"}"#,
            Code::AgentNotFound,
            ErrorClass::NotFound,
        ),
        (
            404,
            r#"{"error": "Job not found"}"#,
            Code::JobNotFound,
            ErrorClass::NotFound,
        ),
        (
            404,
            r#"{"error": "Webhook not found"}"#,
            Code::WebhookNotFound,
            ErrorClass::NotFound,
        ),
        (
            500,
            r#"{"error": "Internal server error"}"#,
            Code::InternalError,
            ErrorClass::Server,
        ),
        (
            500,
            r#"{"error": "Generation failed"}"#,
            Code::GenerationFailed,
            ErrorClass::Server,
        ),
    ];
    for (status, body, code, class) in examples {
        let err = error(status, body);
        assert_eq!(err.code(), Some(&code), "{body}");
        assert_eq!(err.class(), Some(class), "{body}");
        assert!(err.definition().is_some(), "{body}");
        let sent: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(err.message(), sent["error"]);
    }
    // A message the catalog does not know: no code, the class still applies.
    let err = error(403, r#"{"error": "Something new"}"#);
    assert_eq!(
        (err.code(), err.class()),
        (None, Some(ErrorClass::Permission))
    );
}

#[test]
fn quota_errors_carry_typed_context() {
    let body = r#"{
      "error": "Image generation limit exceeded",
      "generations_remaining": 0,
      "generations_needed": 1,
      "quota_multiplier": 1.5,
      "credits_estimated": 15
    }"#;
    let err = error(402, body);
    assert_eq!(err.code(), Some(&Code::ImageGenerationLimitExceeded));
    assert_eq!(err.class(), Some(ErrorClass::QuotaExceeded));
    let context = err.context();
    assert_eq!(context.generations_remaining, Some(0));
    assert_eq!(context.generations_needed, Some(1));
    assert_eq!(context.quota_multiplier, Some(1.5));
    assert_eq!(context.credits_estimated, Some(15.0));
    assert_eq!(context.chars_needed, None);

    let err = error(
        402,
        r#"{"error": "TTS character limit exceeded", "chars_remaining": 0, "chars_needed": 500}"#,
    );
    assert_eq!(err.code(), Some(&Code::TtsCharacterLimitExceeded));
    assert_eq!(
        (err.context().chars_remaining, err.context().chars_needed),
        (Some(0), Some(500))
    );

    let err = error(
        402,
        r#"{"error": "STT limit exceeded", "seconds_remaining": 0, "seconds_needed": 60}"#,
    );
    assert_eq!(err.code(), Some(&Code::SttLimitExceeded));
    assert_eq!(err.context().seconds_needed, Some(60.0));
}

#[test]
fn context_fields_of_the_wrong_type_are_absent() {
    let body = r#"{"error": "x", "generations_needed": 1.5, "generations_remaining": "3",
                   "chars_needed": 2.0, "quota_multiplier": true, "retry_after": 18446744073709551615}"#;
    let context = error(402, body).context().clone();
    assert_eq!(context.generations_needed, None);
    assert_eq!(context.generations_remaining, None);
    assert_eq!(context.chars_needed, Some(2));
    assert_eq!(context.quota_multiplier, None);
    assert_eq!(context.retry_after, None);
}

#[test]
fn rate_limit_with_retry_after_in_the_body() {
    let err = error(
        429,
        r#"{"error": "Rate limit exceeded. Try again in 30 seconds.", "retry_after": 30}"#,
    );
    assert_eq!(err.code(), Some(&Code::RateLimitExceeded));
    assert_eq!(err.class(), Some(ErrorClass::RateLimit));
    assert_eq!(err.context().retry_after, Some(30));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert!(err.is_retryable());
    assert_eq!(err.retry_delay(1, 0.0), Some(Duration::from_secs(30)));
    // The header comes before the body.
    let err = ApiError::from_parts(
        429,
        [("Retry-After", "5")],
        br#"{"error": "Rate limit exceeded", "retry_after": 30}"#,
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    let err = error(
        429,
        r#"{"error": "Rate limit exceeded", "retry_after": 100000}"#,
    );
    // Kept as asked; longer than the policy's 120 s, so never retried early.
    assert_eq!(err.retry_after(), Some(Duration::from_secs(100_000)));
    assert_eq!(err.retry_delay(1, 0.0), None);
    let err = error(
        429,
        r#"{"error": "Rate limit exceeded", "retry_after": -3}"#,
    );
    assert_eq!(err.retry_after(), None);
}
