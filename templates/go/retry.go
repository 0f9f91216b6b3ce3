{{ v.notice }}

package {{ v.package }}

import (
	"context"
	"errors"
	"math/rand"
	"time"
)

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
	// MaxRetryAfter caps a server-requested delay.
	MaxRetryAfter time.Duration
}

// Backoff returns the backoff before retry n (1 for the first retry):
// base = min(MaxDelay, InitialDelay × 2^(n−1)) with equal jitter,
// base/2 + random × base/2, floored to a whole millisecond. random returns
// values in [0, 1); nil means math/rand.
func (p RetryPolicy) Backoff(retry int, random func() float64) time.Duration {
	if random == nil {
		random = rand.Float64
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

// Option changes how Do runs; the defaults sleep for real, read the real
// clock and use math/rand.
type Option func(*retryOptions)

type retryOptions struct {
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	random func() float64
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

// Do calls fn and retries it under the catalog's retry policies. It returns
// fn's error at once when it is nil, is not an *Error (errors.As), is not
// Retryable, or when the policy's MaxAttempts attempts (the first included)
// have been made; before retry n it waits RetryDelay(n). When ctx ends
// while waiting, it returns fn's last error joined with ctx.Err().
func Do(ctx context.Context, fn func(ctx context.Context) error, opts ...Option) error {
	o := retryOptions{sleep: sleep, now: time.Now, random: rand.Float64}
	for _, opt := range opts {
		opt(&o)
	}
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		var apiErr *Error
		if err == nil || !errors.As(err, &apiErr) || !apiErr.Retryable() || attempt >= apiErr.Policy().MaxAttempts {
			return err
		}
		if waitErr := o.sleep(ctx, apiErr.RetryDelay(attempt, o.now(), o.random)); waitErr != nil {
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

