package hubapierrors_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"example.com/hubapi/hubapierrors"
)

// pkg adapts hubapierrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*hubapierrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return hubapierrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return hubapierrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return hubapierrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return hubapierrors.FromClientResponse(r) },
	IsConnectionError:  hubapierrors.IsConnectionError,
	ErrNoResponse:      hubapierrors.ErrNoResponse,
	Sentinels:          map[string]error{"bad_request": hubapierrors.ErrBadRequest, "authentication": hubapierrors.ErrAuthentication, "forbidden": hubapierrors.ErrForbidden, "not_found": hubapierrors.ErrNotFound, "validation": hubapierrors.ErrValidation, "rate_limit": hubapierrors.ErrRateLimit, "server": hubapierrors.ErrServer},
	Definitions:        func(code string) any { return hubapierrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return hubapierrors.Do(ctx, fn, hubapierrors.WithSleep(h.Sleep), hubapierrors.WithClock(h.Now), hubapierrors.WithRandom(h.Random),
			hubapierrors.WithIdempotencyKey(h.IdempotencyKey), hubapierrors.WithKeyGenerator(h.NewKey), hubapierrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := hubapierrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := hubapierrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return hubapierrors.FormatMessage(hubapierrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// GitHub's errors[]: a typed list, the first item's code as the error's.
func TestValidationItems(t *testing.T) {
	e := hubapierrors.FromParts(422, nil, []byte(`{"message": "Validation Failed", "errors": [
		{"resource": "Label", "code": "already_exists", "field": "name"}, "not an object",
		{"resource": "Label", "code": "custom", "field": "color", "message": "color is not a valid hex color"}]}`))
	want := []hubapierrors.Item{
		{Code: hubapierrors.CodeAlreadyExists, Field: "name"},
		{Code: hubapierrors.CodeCustom, Field: "color", Message: "color is not a valid hex color"},
	}
	if !reflect.DeepEqual(e.Items, want) || e.Code != hubapierrors.CodeAlreadyExists || !errors.Is(e, hubapierrors.ErrValidation) {
		t.Errorf("items %+v code %q class %q", e.Items, e.Code, e.Class)
	}
	if e.Message != "Validation Failed" || e.GRPC != hubapierrors.GRPCUnknown {
		t.Errorf("message %q grpc %v", e.Message, e.GRPC)
	}
	if e := hubapierrors.FromParts(422, nil, []byte(`{"message": "Validation Failed", "errors": {"code": "missing"}}`)); e.Items != nil || e.Code != "" {
		t.Errorf("errors as an object: items %+v code %q", e.Items, e.Code)
	}
	if e := hubapierrors.FromParts(422, nil, []byte(`{"errors": [{"code": 17}]}`)); e.Items[0].Code != "17" || e.Items[0].Code.Known() {
		t.Errorf("integer item code: %+v", e.Items)
	}
}

// A 403 with x-ratelimit-remaining: 0 is a rate limit, and the reset header
// (epoch seconds) is when to retry.
func TestRateLimitHeaders(t *testing.T) {
	h := http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"1700000030"}}
	e := hubapierrors.FromParts(403, h, []byte(`{"message": "API rate limit exceeded for 203.0.113.7."}`))
	if e.Code != hubapierrors.CodePrimaryRateLimit || !errors.Is(e, hubapierrors.ErrRateLimit) || e.GRPC != hubapierrors.GRPCResourceExhausted {
		t.Errorf("code %q class %q grpc %v", e.Code, e.Class, e.GRPC)
	}
	if d, ok := e.RetryAfterAt(time.Unix(1700000000, 0)); !ok || d != 30*time.Second {
		t.Errorf("retry after %v %v, want 30s", d, ok)
	}
	if d, ok := e.RetryAfterAt(time.Unix(1800000000, 0)); !ok || d != 0 {
		t.Errorf("a reset in the past: %v %v, want 0", d, ok)
	}
	other := hubapierrors.FromParts(403, http.Header{"X-Ratelimit-Remaining": {"10"}}, []byte(`{"message": "Something else"}`))
	if errors.Is(other, hubapierrors.ErrRateLimit) || other.Class != hubapierrors.ClassForbidden {
		t.Errorf("remaining 10 is a rate limit: %q", other.Class)
	}
	// The same code at 403 and 429, one definition each.
	if defs := hubapierrors.CodePrimaryRateLimit.Definitions(); len(defs) != 2 || defs[0].Status != 403 || defs[1].Status != 429 {
		t.Errorf("primary_rate_limit definitions: %+v", defs)
	}
}
