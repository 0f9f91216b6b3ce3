{{ v.notice }}

package {{ v.package }}

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	mathrand "math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"time"
)

// idempotencyHeader is the header that carries a call's idempotency key
// (README rule 21); "" when the API names none.
const idempotencyHeader = {{ v.idempotency_header }}

// retryConnectionErrors says whether Do retries connection errors and
// timeouts (rule 20), with the catalog's [retry] backoff.
const retryConnectionErrors = {{ v.retry_connection_errors }}

// RetryMode says whether and how errors are retried.
type RetryMode string

const (
	// RetryModeNever never retries automatically.
	RetryModeNever RetryMode = "never"
	// RetryModeBackoff retries with exponential backoff and equal jitter.
	RetryModeBackoff RetryMode = "backoff"
	// RetryModeRetryAfter waits as long as the server asks, else backs off.
	RetryModeRetryAfter RetryMode = "retry_after"
)

// LongerWait says what a retry-after policy does when the server asks for
// a longer wait than MaxRetryAfter.
type LongerWait string

const (
	// LongerWaitGiveUp does not retry: the error is returned at once.
	LongerWaitGiveUp LongerWait = "give_up"
	// LongerWaitClamp waits MaxRetryAfter, then retries.
	LongerWaitClamp LongerWait = "clamp"
)

// RetryPolicy is how errors of a code or class are retried.
type RetryPolicy struct {
	// Mode says whether and how to retry.
	Mode RetryMode
	// MaxAttempts counts attempts in total, the first one included.
	MaxAttempts int
	// InitialDelay is the backoff before the first retry.
	InitialDelay time.Duration
	// MaxDelay caps the backoff.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest server-requested delay that is waited.
	MaxRetryAfter time.Duration
	// LongerWait says what happens when the server asks for longer.
	LongerWait LongerWait
}

// Backoff returns the backoff before retry n (1 for the first retry):
// base = min(MaxDelay, InitialDelay × 2^(n−1)) with equal jitter,
// base/2 + random × base/2, floored to a whole millisecond. random returns
// values in [0, 1); nil means math/rand.
func (p RetryPolicy) Backoff(retry int, random func() float64) time.Duration {
	if random == nil {
		random = mathrand.Float64
	}
	base := p.InitialDelay
	for i := 1; i < retry && base > 0 && base < p.MaxDelay; i++ {
		if base > p.MaxDelay/2 {
			base = p.MaxDelay
			break
		}
		base *= 2
	}
	base = min(base, p.MaxDelay)
	half := base / 2
	r := min(max(random(), 0), 1)
	return (half + time.Duration(r*float64(base-half))).Truncate(time.Millisecond)
}

// Attempt is one attempt of a call of Do; AttemptFrom reads it from the
// context Do passes to the request function.
type Attempt struct {
	// Number counts the call's attempts from 1.
	Number int
	// IdempotencyKey is the key every attempt of the call sends; "" when
	// the API names no idempotency header.
	IdempotencyKey string
	// Header holds the headers to add to the request: the idempotency key
	// under the API's header name; empty when there is none. Each attempt
	// has its own copy.
	Header http.Header
}

type attemptKey struct{}

// AttemptFrom returns the attempt Do is making with ctx; false when ctx
// does not come from Do.
func AttemptFrom(ctx context.Context) (Attempt, bool) {
	a, ok := ctx.Value(attemptKey{}).(Attempt)
	return a, ok
}

// Option changes how Do runs; the defaults sleep for real, read the real
// clock, use math/rand and make idempotency keys with crypto/rand.
type Option func(*retryOptions)

type retryOptions struct {
	sleep          func(ctx context.Context, d time.Duration) error
	now            func() time.Time
	random         func() float64
	idempotencyKey string
	newKey         func() string
	connection     func(err error) bool
}

// WithSleep replaces how Do waits between attempts, e.g. in tests. sleep
// should return ctx.Err() when ctx ends first.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *retryOptions) {
		if sleep != nil {
			o.sleep = sleep
		}
	}
}

// WithClock replaces the clock an HTTP-date Retry-After is counted from.
func WithClock(now func() time.Time) Option {
	return func(o *retryOptions) {
		if now != nil {
			o.now = now
		}
	}
}

// WithRandom replaces the source of backoff jitter: values in [0, 1).
func WithRandom(random func() float64) Option {
	return func(o *retryOptions) {
		if random != nil {
			o.random = random
		}
	}
}

// WithIdempotencyKey makes every attempt of the call send key rather than
// a new random one, when the API names an idempotency header.
func WithIdempotencyKey(key string) Option {
	return func(o *retryOptions) { o.idempotencyKey = key }
}

// WithKeyGenerator replaces how Do makes an idempotency key for a call
// that has none, e.g. in tests; the default is NewIdempotencyKey.
func WithKeyGenerator(newKey func() string) Option {
	return func(o *retryOptions) {
		if newKey != nil {
			o.newKey = newKey
		}
	}
}

// WithConnectionError adds errors that count as connection errors beside
// those IsConnectionError reports (say, a client library's own), for an
// API whose catalog retries connection errors.
func WithConnectionError(is func(err error) bool) Option {
	return func(o *retryOptions) { o.connection = is }
}

// IsConnectionError reports whether err is a failure before any response:
// a timeout (net.Error's Timeout, os.ErrDeadlineExceeded), a connection
// refused, reset or aborted, a broken pipe, or a connection closed early
// (io.ErrUnexpectedEOF, or io.EOF inside a *url.Error or *net.OpError, as
// net/http's client reports it). A cancelled context is none.
func IsConnectionError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var netErr net.Error
	var urlErr *url.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.Is(err, io.EOF):
		return errors.As(err, &urlErr) || errors.As(err, &opErr)
	}
	return false
}

// NewIdempotencyKey returns a random UUID version 4, in lower case, from
// crypto/rand.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// Do calls fn and retries it under the catalog's retry policies. fn's
// context carries the Attempt (AttemptFrom): its number and the headers
// to send, the same idempotency key on every attempt of the call.
//
// Do returns fn's error at once when it is nil; when it is an *Error
// (errors.As) of a whole response that is not Retryable, whose policy's
// MaxAttempts attempts (the first included) have been made, or whose
// RetryDelay gives up; and when it is any other error, unless the catalog
// retries connection errors, the error is one (IsConnectionError or
// WithConnectionError) and ctx is not done: those back off under the
// catalog's [retry] parameters. An *Error whose body could not be read
// (its Err is set) counts as the error it carries, so a connection reset
// midway through a body is a connection error. A cancellation by the
// caller is never retried. Before retry n it waits RetryDelay(n) or that
// backoff; n counts every attempt of the call. When ctx ends while
// waiting, it returns fn's last error joined with ctx.Err().
func Do(ctx context.Context, fn func(ctx context.Context) error, opts ...Option) error {
	o := retryOptions{sleep: sleep, now: time.Now, random: mathrand.Float64, newKey: NewIdempotencyKey}
	for _, opt := range opts {
		opt(&o)
	}
	key := ""
	if idempotencyHeader != "" {
		if key = o.idempotencyKey; key == "" {
			key = o.newKey()
		}
	}
	for attempt := 1; ; attempt++ {
		a := Attempt{Number: attempt, IdempotencyKey: key, Header: http.Header{}}
		if key != "" {
			a.Header.Set(idempotencyHeader, key)
		}
		err := fn(context.WithValue(ctx, attemptKey{}, a))
		if err == nil {
			return nil
		}
		var delay time.Duration
		var apiErr *Error
		switch {
		case errors.As(err, &apiErr) && apiErr.Err == nil:
			if !apiErr.Retryable() || attempt >= apiErr.Policy().MaxAttempts {
				return err
			}
			d, ok := apiErr.RetryDelay(attempt, o.now(), o.random)
			if !ok {
				return err
			}
			delay = d
		case retryConnectionErrors && ctx.Err() == nil && (IsConnectionError(err) || o.connection != nil && o.connection(err)):
			if attempt >= defaultPolicy.MaxAttempts {
				return err
			}
			delay = defaultPolicy.Backoff(attempt, o.random)
		default:
			return err
		}
		if waitErr := o.sleep(ctx, delay); waitErr != nil {
			return errors.Join(err, waitErr)
		}
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

