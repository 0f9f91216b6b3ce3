//! A hand-written SDK for the Novita AI API. Its error types are errcat's
//! module vendored as `errors` (`src/errors/`), not a dependency.

pub mod errors;

pub use errors::{ApiError, ErrorClass};

/// What the SDK's HTTP layer does with a response: nothing for a 2xx, else
/// the typed error.
pub fn check(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    Err(ApiError::from_parts(status, headers.iter().copied(), body))
}

#[cfg(test)]
mod tests {
    use super::errors::Code;
    use super::{check, ErrorClass};

    #[test]
    fn failed_calls_are_the_vendored_error_types() {
        assert!(check(200, &[], b"{}").is_ok());
        let err = check(429, &[("Retry-After", "1")], br#"{"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#).unwrap_err();
        assert_eq!(err.class(), Some(ErrorClass::RateLimit));
        assert_eq!(err.code(), Some(&Code::RateLimitExceeded));
        assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(1)));
        let garbage = check(502, &[], b"<html>bad gateway</html>").unwrap_err();
        assert_eq!(garbage.class(), Some(ErrorClass::Unavailable));
    }
}
