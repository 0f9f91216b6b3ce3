{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! Retry guidance (README rules 9 to 13, 20 and 21): policies, backoff with
//! equal jitter, and a blocking and an async helper that also retry
//! connection errors when the spec says so and send one idempotency key on
//! every attempt, with injectable sleep, randomness and key generator.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// What a `retry_after` policy does when the server asks for a longer wait
/// than `max_retry_after_ms` (README rule 12).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LongerWait {
    /// Do not retry: the error is returned at once.
    GiveUp,
    /// Wait `max_retry_after_ms` instead, then retry.
    Clamp,
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
    /// The longest server-requested delay that is waited, in milliseconds.
    pub max_retry_after_ms: u64,
    /// What to do when the server asks for longer.
    pub longer_wait: LongerWait,
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

/// Whether the retry helpers retry connection errors (README rule 20).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionErrors {
    /// They propagate at once, like any error that is not an API error.
    Never,
    /// They are retried with [`RetryHelper::backoff`].
    Backoff,
}

/// What the retry helpers do beside following each error's policy: the
/// spec's `[retry]` table.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RetryHelper {
    /// Whether connection errors and timeouts are retried.
    pub connection_errors: ConnectionErrors,
    /// The backoff and attempt limit for connection errors (the `[retry]`
    /// parameters; its mode is irrelevant).
    pub backoff: RetryPolicy,
    /// The header that carries one idempotency key on every attempt of a
    /// call, if the API has one.
    pub idempotency_header: Option<&'static str>,
}

/// The retry helpers' settings for this API.
#[rustfmt::skip]
pub static RETRY_HELPER: RetryHelper = RetryHelper {
    connection_errors: {{ v.retry_helper.connection_errors }},
    backoff: {{ v.retry_helper.backoff }},
    idempotency_header: {{ v.retry_helper.idempotency_header }},
};

/// Errors the retry helpers can look into: [`ApiError`] itself,
/// [`std::io::Error`], and any error type of yours that may hold one of
/// them. Errors that are neither an API error nor a connection error are
/// never retried.
pub trait AsApiError {
    /// The API error inside, if there is one.
    fn as_api_error(&self) -> Option<&ApiError>;

    /// Whether this is a failure before any response (README rule 20):
    /// connection refused, reset or aborted, a broken pipe, a connection
    /// closed early, or a connect or read timeout. Retried only when the
    /// spec says `connection_errors = "backoff"`. For an error of yours that
    /// wraps others, [`is_connection_error`] looks through its sources.
    fn connection_error(&self) -> bool {
        false
    }
}

impl AsApiError for ApiError {
    fn as_api_error(&self) -> Option<&ApiError> {
        Some(self)
    }
}

impl AsApiError for io::Error {
    fn as_api_error(&self) -> Option<&ApiError> {
        None
    }

    fn connection_error(&self) -> bool {
        is_connection_error(self)
    }
}

/// Whether `error`, or any error in its chain of sources, is an
/// [`io::Error`] of a kind README rule 20 counts as a connection error:
/// `ConnectionRefused`, `ConnectionReset`, `ConnectionAborted`,
/// `NotConnected`, `BrokenPipe`, `TimedOut` or `UnexpectedEof`. HTTP
/// clients wrap these (ureq, reqwest, hyper), so this finds them without
/// depending on any client.
pub fn is_connection_error(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        next = match error.downcast_ref::<io::Error>() {
            Some(io) if is_connection_kind(io.kind()) => return true,
            // An `io::Error`'s `source` skips the error it wraps.
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        };
    }
    false
}

fn is_connection_kind(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::NotConnected
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::TimedOut
            | io::ErrorKind::UnexpectedEof
    )
}

/// One attempt of a call made by the retry helper: what the request
/// function gets.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The attempt's number, from 1; connection errors and error responses
    /// count alike.
    pub number: u32,
    /// Headers to add to the request: the idempotency header and its key,
    /// the same on every attempt of the call; empty when the API has no
    /// idempotency header.
    pub headers: Vec<(&'static str, String)>,
}

impl Attempt {
    /// The call's idempotency key, if the API has an idempotency header.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.headers.first().map(|(_, key)| key.as_str())
    }
}

/// Runs `request` (given the [`Attempt`]) until it succeeds or fails with an
/// error not to retry; sleeps on this thread in between. Shorthand for
/// `Retry::new().run(request)`; see [`Retry`] for what is retried.
pub fn retry_blocking<T, E, F>(request: F) -> Result<T, E>
where
    E: AsApiError,
    F: FnMut(&Attempt) -> Result<T, E>,
{
    Retry::new().run(request)
}

/// The blocking retry helper (README rules 13, 20 and 21), with its
/// options. [`Retry::run`] calls the request function until it succeeds,
/// or fails with an error that is
/// - an [`ApiError`] that is not retryable, whose policy's `max_attempts`
///   are used up, or whose server asks for a longer wait than the policy
///   allows under `longer_wait = "give_up"` ([`ApiError::retry_delay`] is
///   `None`);
/// - a connection error ([`AsApiError::connection_error`] or the predicate
///   of [`Retry::connection_error_if`]) when the API does not retry them,
///   or after the `[retry]` table's `max_attempts`;
/// - anything else, at once.
///
/// ```ignore
/// let body = Retry::new()
///     .idempotency_key("order-1234")
///     .run(|attempt| send(&request, &attempt.headers))?;
/// ```
pub struct Retry<'a, E> {
    idempotency_key: Option<String>,
    sleep: Box<dyn FnMut(Duration) + 'a>,
    random: Box<dyn FnMut() -> f64 + 'a>,
    new_key: Box<dyn FnMut() -> String + 'a>,
    connection_error: Option<Predicate<'a, E>>,
}

/// A caller's test for more connection errors.
type Predicate<'a, E> = Box<dyn Fn(&E) -> bool + 'a>;

impl<'a, E: AsApiError> Default for Retry<'a, E> {
    fn default() -> Self {
        Retry::new()
    }
}

impl<'a, E: AsApiError> Retry<'a, E> {
    /// The helper with the real sleep, [`random`] and [`uuid_v4`].
    pub fn new() -> Self {
        Retry {
            idempotency_key: None,
            sleep: Box::new(std::thread::sleep),
            random: Box::new(random),
            new_key: Box::new(uuid_v4),
            connection_error: None,
        }
    }

    /// Sends `key` as the idempotency key of every attempt, instead of a new
    /// one per call. Has no effect when the API has no idempotency header.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sleeps with `sleep` instead of on this thread: for tests, or for a
    /// sleep of your own.
    pub fn sleep(mut self, sleep: impl FnMut(Duration) + 'a) -> Self {
        self.sleep = Box::new(sleep);
        self
    }

    /// Takes the jitter from `random` (values in `[0, 1)`) instead of
    /// [`random`].
    pub fn random(mut self, random: impl FnMut() -> f64 + 'a) -> Self {
        self.random = Box::new(random);
        self
    }

    /// Makes each call's idempotency key with `new_key` instead of
    /// [`uuid_v4`].
    pub fn key_generator(mut self, new_key: impl FnMut() -> String + 'a) -> Self {
        self.new_key = Box::new(new_key);
        self
    }

    /// Also counts errors for which `predicate` holds as connection errors,
    /// beside those [`AsApiError::connection_error`] finds.
    pub fn connection_error_if(mut self, predicate: impl Fn(&E) -> bool + 'a) -> Self {
        self.connection_error = Some(Box::new(predicate));
        self
    }

    /// Runs `request` until it succeeds or fails with an error not to retry
    /// (see [`Retry`]), and returns that.
    pub fn run<T, F>(mut self, mut request: F) -> Result<T, E>
    where
        F: FnMut(&Attempt) -> Result<T, E>,
    {
        let mut attempt = Attempt::first(self.idempotency_key.take(), &mut *self.new_key);
        loop {
            let error = match request(&attempt) {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            let predicate = |error: &E| self.connection_error.as_ref().is_some_and(|p| p(error));
            match delay_after(&error, attempt.number, &mut *self.random, &predicate) {
                Some(delay) => (self.sleep)(delay),
                None => return Err(error),
            }
            attempt.number += 1;
        }
    }
}

impl Attempt {
    /// The first attempt of a call: the idempotency header, if the API has
    /// one, with `key` or else a key from `new_key`.
    fn first(key: Option<String>, new_key: &mut dyn FnMut() -> String) -> Attempt {
        let headers = match RETRY_HELPER.idempotency_header {
            Some(name) => vec![(name, key.unwrap_or_else(new_key))],
            None => Vec::new(),
        };
        Attempt { number: 1, headers }
    }
}

/// How long to wait before retrying after `error` ended attempt `number`,
/// or `None` to return it (README rules 13 and 20); `connection_error` is
/// the caller's extra test for connection errors.
fn delay_after<E: AsApiError>(
    error: &E,
    number: u32,
    random: &mut dyn FnMut() -> f64,
    connection_error: &dyn Fn(&E) -> bool,
) -> Option<Duration> {
    match error.as_api_error() {
        Some(api) if api.is_retryable() && number < api.retry_policy().max_attempts => {
            api.retry_delay(number, random())
        }
        Some(_) => None,
        None if RETRY_HELPER.connection_errors == ConnectionErrors::Backoff
            && number < RETRY_HELPER.backoff.max_attempts
            && (error.connection_error() || connection_error(error)) =>
        {
            Some(RETRY_HELPER.backoff.backoff(number, random()))
        }
        None => None,
    }
}

/// Runs `request` (given the [`Attempt`]) until it succeeds or fails with
/// an error not to retry, waiting with the future `sleep` returns in
/// between: the async [`retry_blocking`], on any runtime. Shorthand for
/// `RetryAsync::new().run(request, sleep)`; see [`Retry`] for what is
/// retried.
///
/// ```ignore
/// let body = retry(
///     |attempt| async move { send(&client, &attempt.headers).await },
///     tokio::time::sleep,
/// )
/// .await?;
/// ```
pub async fn retry<T, E, F, Fut, S, SFut>(request: F, sleep: S) -> Result<T, E>
where
    E: AsApiError,
    F: FnMut(Attempt) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    S: FnMut(Duration) -> SFut,
    SFut: Future<Output = ()>,
{
    RetryAsync::new().run(request, sleep).await
}

/// The async retry helper: [`Retry`] for a request function that returns a
/// future, with the same rules and options. It depends on no runtime: the
/// caller passes the sleep to [`RetryAsync::run`] (`tokio::time::sleep`,
/// `async_std::task::sleep`, a timer of yours). Its future is `Send` when
/// the request function, its futures, the sleep and `E` are.
///
/// ```ignore
/// let body = RetryAsync::new()
///     .idempotency_key("order-1234")
///     .run(|attempt| async move { send(&client, &attempt.headers).await }, tokio::time::sleep)
///     .await?;
/// ```
pub struct RetryAsync<'a, E> {
    idempotency_key: Option<String>,
    random: Box<dyn FnMut() -> f64 + Send + 'a>,
    new_key: Box<dyn FnMut() -> String + Send + 'a>,
    connection_error: Option<SendPredicate<'a, E>>,
}

/// A caller's test for more connection errors, shareable across threads.
type SendPredicate<'a, E> = Box<dyn Fn(&E) -> bool + Send + Sync + 'a>;

impl<'a, E: AsApiError> Default for RetryAsync<'a, E> {
    fn default() -> Self {
        RetryAsync::new()
    }
}

impl<'a, E: AsApiError> RetryAsync<'a, E> {
    /// The helper with [`random`] and [`uuid_v4`].
    pub fn new() -> Self {
        RetryAsync {
            idempotency_key: None,
            random: Box::new(random),
            new_key: Box::new(uuid_v4),
            connection_error: None,
        }
    }

    /// Sends `key` as the idempotency key of every attempt, instead of a new
    /// one per call. Has no effect when the API has no idempotency header.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Takes the jitter from `random` (values in `[0, 1)`) instead of
    /// [`random`].
    pub fn random(mut self, random: impl FnMut() -> f64 + Send + 'a) -> Self {
        self.random = Box::new(random);
        self
    }

    /// Makes each call's idempotency key with `new_key` instead of
    /// [`uuid_v4`].
    pub fn key_generator(mut self, new_key: impl FnMut() -> String + Send + 'a) -> Self {
        self.new_key = Box::new(new_key);
        self
    }

    /// Also counts errors for which `predicate` holds as connection errors,
    /// beside those [`AsApiError::connection_error`] finds.
    pub fn connection_error_if(
        mut self,
        predicate: impl Fn(&E) -> bool + Send + Sync + 'a,
    ) -> Self {
        self.connection_error = Some(Box::new(predicate));
        self
    }

    /// Runs `request` until it succeeds or fails with an error not to retry
    /// (see [`Retry`]), awaiting `sleep(delay)` before each retry, and
    /// returns that.
    pub async fn run<T, F, Fut, S, SFut>(mut self, mut request: F, mut sleep: S) -> Result<T, E>
    where
        F: FnMut(Attempt) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        S: FnMut(Duration) -> SFut,
        SFut: Future<Output = ()>,
    {
        let mut attempt = Attempt::first(self.idempotency_key.take(), &mut *self.new_key);
        loop {
            let delay = match request(attempt.clone()).await {
                Ok(value) => return Ok(value),
                Err(error) => {
                    let predicate =
                        |error: &E| self.connection_error.as_ref().is_some_and(|p| p(error));
                    match delay_after(&error, attempt.number, &mut *self.random, &predicate) {
                        Some(delay) => delay,
                        None => return Err(error),
                    }
                }
            };
            sleep(delay).await;
            attempt.number += 1;
        }
    }
}

/// A uniform value in `[0, 1)` from the standard library's per-process
/// random hash keys: good enough for jitter, and no dependency.
pub fn random() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 bits from a fresh [`RandomState`] (random keys, per process and per
/// call) hashing a counter and the time.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
}

/// A random UUID version 4 in lower case
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`), the default idempotency
/// key (README rule 21). Its 122 random bits come from [`RandomState`]
/// hashes of a counter and the time: unique per call, which is all an
/// idempotency key needs, but not secret, so never use it as a token.
pub fn uuid_v4() -> String {
    let bits = (u128::from(random_u64()) << 64) | u128::from(random_u64());
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

