// {{ v.notice }}

//! Retry guidance (README rules 9 to 13): policies, backoff with equal jitter,
//! and a blocking helper with injectable sleep and randomness.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::ApiError;

/// How an error may be retried.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryMode {
    /// Never retry automatically.
    Never,
    /// Retry with exponential backoff and equal jitter.
    Backoff,
    /// Wait as long as the server asks (Retry-After), else back off.
    RetryAfter,
}

/// A fully specified retry policy, from the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    /// Whether and how to retry.
    pub mode: RetryMode,
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    /// Base delay before the first retry, in milliseconds.
    pub initial_delay_ms: u64,
    /// Upper bound of the backoff base, in milliseconds.
    pub max_delay_ms: u64,
    /// Upper bound of a server-requested delay, in milliseconds.
    pub max_retry_after_ms: u64,
}

impl RetryPolicy {
    /// The backoff delay before retry `retry` (1 for the first retry):
    /// `base = min(max_delay_ms, initial_delay_ms * 2^(retry - 1))`, then
    /// `base / 2 + random * base / 2` for `random` in `[0, 1)`, rounded down
    /// to a whole millisecond (README rule 12).
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let factor = 2u64.checked_pow(retry.max(1) - 1).unwrap_or(u64::MAX);
        let base = self
            .initial_delay_ms
            .saturating_mul(factor)
            .min(self.max_delay_ms);
        let random = if random.is_nan() {
            0.0
        } else {
            random.clamp(0.0, 1.0)
        };
        let half = base as f64 / 2.0;
        Duration::from_millis((half + random * half).floor() as u64)
    }
}

/// A duration from a non-negative number of milliseconds, fractions of a
/// millisecond rounded down (README rule 10), saturating.
pub(crate) fn millis(ms: f64) -> Duration {
    if ms.is_nan() || ms <= 0.0 {
        return Duration::ZERO;
    }
    Duration::from_millis(ms.floor() as u64)
}

/// Errors the retry helpers can look into: [`ApiError`] itself, and any
/// error type of yours that may hold one. Errors that hold none are never
/// retried.
pub trait AsApiError {
    /// The API error inside, if there is one.
    fn as_api_error(&self) -> Option<&ApiError>;
}

impl AsApiError for ApiError {
    fn as_api_error(&self) -> Option<&ApiError> {
        Some(self)
    }
}

/// Runs `request` (given the attempt number, from 1) until it succeeds, fails
/// with an error that is not retryable, or the error's policy runs out of
/// attempts; sleeps the error's [`ApiError::retry_delay`] in between, on this
/// thread.
pub fn retry_blocking<T, E, F>(request: F) -> Result<T, E>
where
    E: AsApiError,
    F: FnMut(u32) -> Result<T, E>,
{
    retry_blocking_with(request, std::thread::sleep, random)
}

/// [`retry_blocking`] with the sleep and the source of randomness (values in
/// `[0, 1)`) given: for tests, or for a sleep of your own.
pub fn retry_blocking_with<T, E, F, S, R>(
    mut request: F,
    mut sleep: S,
    mut random: R,
) -> Result<T, E>
where
    E: AsApiError,
    F: FnMut(u32) -> Result<T, E>,
    S: FnMut(Duration),
    R: FnMut() -> f64,
{
    let mut attempt = 1;
    loop {
        let error = match request(attempt) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let delay = match error.as_api_error() {
            Some(api) if api.is_retryable() && attempt < api.retry_policy().max_attempts => {
                api.retry_delay(attempt, random())
            }
            _ => return Err(error),
        };
        sleep(delay);
        attempt += 1;
    }
}

/// A uniform value in `[0, 1)` from the standard library's per-process
/// random hash keys: good enough for jitter, and no dependency.
pub fn random() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

