package structurederrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"github.com/structured-api/structured-errors/structurederrors"
)

// pkg adapts structurederrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*structurederrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return structurederrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return structurederrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return structurederrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return structurederrors.FromClientResponse(r) },
	IsConnectionError:  structurederrors.IsConnectionError,
	ErrNoResponse:      structurederrors.ErrNoResponse,
	Sentinels: map[string]error{
		"bad_request": structurederrors.ErrBadRequest, "authentication": structurederrors.ErrAuthentication,
		"permission": structurederrors.ErrPermission, "not_found": structurederrors.ErrNotFound,
		"rate_limit": structurederrors.ErrRateLimit, "server": structurederrors.ErrServer, "unavailable": structurederrors.ErrUnavailable,
	},
	Definitions: func(code string) any { return structurederrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return structurederrors.Do(ctx, fn, structurederrors.WithSleep(h.Sleep), structurederrors.WithClock(h.Now), structurederrors.WithRandom(h.Random),
			structurederrors.WithIdempotencyKey(h.IdempotencyKey), structurederrors.WithKeyGenerator(h.NewKey), structurederrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := structurederrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := structurederrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	}, Format: func(code string, status int, params map[string]any) (string, bool) {
		return structurederrors.FormatMessage(structurederrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// The envelope from the API's docs (seed 003), field-specific.
func TestSeedFieldError(t *testing.T) {
	body := []byte(`{"success": false,
		"error": {"code": "INVALID_TEMPERATURE", "message": "Temperature must be between 0 and 2",
			"details": {"field": "temperature", "issue": "must be <= 2, got 3.5"}},
		"meta": {"request_id": "req_1234567890", "timestamp": "2024-01-01T00:00:00Z"}}`)
	e := structurederrors.FromParts(400, nil, body)
	if e.Code != structurederrors.CodeInvalidTemperature || e.Class != structurederrors.ClassBadRequest || !errors.Is(e, structurederrors.ErrBadRequest) {
		t.Errorf("got %+v", e)
	}
	if e.Field != "temperature" || e.RequestID != "req_1234567890" || e.Message != "Temperature must be between 0 and 2" {
		t.Errorf("field %q request id %q message %q", e.Field, e.RequestID, e.Message)
	}
	if e.Context.Issue == nil || *e.Context.Issue != "must be <= 2, got 3.5" || e.Details["field"] != "temperature" {
		t.Errorf("context %+v details %v", e.Context, e.Details)
	}
}

// The request-id sample: a generic error without details.
func TestSeedRequestID(t *testing.T) {
	body := []byte(`{"error": {"code": "INVALID_REQUEST", "message": "The request was invalid"}, "meta": {"request_id": "req_1234567890"}}`)
	e := structurederrors.FromParts(400, nil, body)
	if e.Code != structurederrors.CodeInvalidRequest || e.RequestID != "req_1234567890" || e.Context.Issue != nil || e.Field != "" {
		t.Errorf("got %+v", e)
	}
	if got := e.Error(); got != "structurederrors: HTTP 400 INVALID_REQUEST: The request was invalid (request id req_1234567890)" {
		t.Errorf("Error() = %q", got)
	}
}

// Every code of the docs' tables, with the status the docs give it.
func TestSeedCodesByStatus(t *testing.T) {
	want := map[int][]structurederrors.Code{
		401: {structurederrors.CodeMissingAPIKey, structurederrors.CodeInvalidAPIKey, structurederrors.CodeExpiredAPIKey, structurederrors.CodeRevokedAPIKey},
		403: {structurederrors.CodeInsufficientPermissions, structurederrors.CodeAccountSuspended, structurederrors.CodeQuotaExceeded},
		429: {structurederrors.CodeRateLimitExceeded, structurederrors.CodeConcurrentLimitExceeded},
		503: {structurederrors.CodeServiceUnavailable, structurederrors.CodeOverloaded},
	}
	for status, codes := range want {
		for _, code := range codes {
			e := structurederrors.FromParts(status, nil, []byte(`{"error":{"code":"`+string(code)+`","message":"m"}}`))
			if _, ok := e.Definition(); !ok || e.Class != structurederrors.StatusClass(status) {
				t.Errorf("%s with %d: class %q", code, status, e.Class)
			}
		}
	}
}
