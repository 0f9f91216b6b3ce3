package novitaerrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"github.com/novitalabs/novita-errors/novitaerrors"
)

// pkg adapts novitaerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*novitaerrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return novitaerrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return novitaerrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return novitaerrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return novitaerrors.FromClientResponse(r) },
	IsConnectionError:  novitaerrors.IsConnectionError,
	ErrNoResponse:      novitaerrors.ErrNoResponse,
	Sentinels: map[string]error{
		"bad_request": novitaerrors.ErrBadRequest, "authentication": novitaerrors.ErrAuthentication,
		"payment": novitaerrors.ErrPayment, "permission": novitaerrors.ErrPermission, "not_found": novitaerrors.ErrNotFound,
		"rate_limit": novitaerrors.ErrRateLimit, "server": novitaerrors.ErrServer, "unavailable": novitaerrors.ErrUnavailable,
	},
	Definitions: func(code string) any { return novitaerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return novitaerrors.Do(ctx, fn, novitaerrors.WithSleep(h.Sleep), novitaerrors.WithClock(h.Now), novitaerrors.WithRandom(h.Random),
			novitaerrors.WithIdempotencyKey(h.IdempotencyKey), novitaerrors.WithKeyGenerator(h.NewKey), novitaerrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := novitaerrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := novitaerrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	}, Format: func(code string, status int, params map[string]any) (string, bool) {
		return novitaerrors.FormatMessage(novitaerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// The platform's own sample: INVALID_API_KEY is an authentication error
// although it is sent with 403, and its first 403 definition is media's.
func TestSeedInvalidAPIKey(t *testing.T) {
	body := []byte(`{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}`)
	err := error(novitaerrors.FromParts(403, http.Header{"X-Request-Id": {"req_1"}}, body))
	var e *novitaerrors.Error
	if !errors.As(err, &e) {
		t.Fatalf("not an *Error: %v", err)
	}
	if e.Code != novitaerrors.CodeInvalidAPIKey || e.Class != novitaerrors.ClassAuthentication || e.Message != "invalid api-key" || e.RequestID != "req_1" {
		t.Errorf("got %+v", e)
	}
	if !errors.Is(err, novitaerrors.ErrAuthentication) || errors.Is(err, novitaerrors.ErrPermission) {
		t.Errorf("errors.Is: authentication %v, permission %v", errors.Is(err, novitaerrors.ErrAuthentication), errors.Is(err, novitaerrors.ErrPermission))
	}
	d, ok := e.Definition()
	if !ok || d.Domain != "media" || d.Message != "API Key validation failed" || len(novitaerrors.CodeInvalidAPIKey.Definitions()) != 2 {
		t.Errorf("definition %+v", d)
	}
	if e.Retryable() {
		t.Errorf("a bad key is retryable")
	}
	if got := err.Error(); got != "novitaerrors: HTTP 403 INVALID_API_KEY: invalid api-key (request id req_1)" {
		t.Errorf("Error() = %q", got)
	}
}

// NOT_ENOUGH_BALANCE is a payment error sent with 403; metadata is details.
func TestSeedBalance(t *testing.T) {
	e := novitaerrors.FromParts(403, nil, []byte(`{"code":403,"reason":"NOT_ENOUGH_BALANCE","message":"Insufficient balance","metadata":{"balance":"0.00"}}`))
	if e.Class != novitaerrors.ClassPayment || !errors.Is(e, novitaerrors.ErrPayment) || e.Details["balance"] != "0.00" {
		t.Errorf("got %+v", e)
	}
}

// A 503 from the gateway is retried with backoff: four attempts in all.
func TestSeedUnavailableRetries(t *testing.T) {
	attempts := 0
	var slept time.Duration
	err := novitaerrors.Do(context.Background(), func(context.Context) error {
		attempts++
		return novitaerrors.FromParts(503, nil, []byte("<html>Service Unavailable</html>"))
	}, novitaerrors.WithSleep(func(_ context.Context, d time.Duration) error { slept += d; return nil }), novitaerrors.WithRandom(func() float64 { return 0 }))
	if !errors.Is(err, novitaerrors.ErrUnavailable) || attempts != 4 || slept != 500*time.Millisecond+1*time.Second+2*time.Second {
		t.Errorf("%d attempts, slept %v: %v", attempts, slept, err)
	}
}
