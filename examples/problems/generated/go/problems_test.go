package problemserrors_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"example.com/problems/problemserrors"
)

// pkg adapts problemserrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*problemserrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return problemserrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return problemserrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return problemserrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return problemserrors.FromClientResponse(r) },
	IsConnectionError:  problemserrors.IsConnectionError,
	ErrNoResponse:      problemserrors.ErrNoResponse,
	Sentinels:          map[string]error{"bad_request": problemserrors.ErrBadRequest, "forbidden": problemserrors.ErrForbidden, "not_found": problemserrors.ErrNotFound, "rate_limit": problemserrors.ErrRateLimit, "server": problemserrors.ErrServer},
	Definitions:        func(code string) any { return problemserrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return problemserrors.Do(ctx, fn, problemserrors.WithSleep(h.Sleep), problemserrors.WithClock(h.Now), problemserrors.WithRandom(h.Random),
			problemserrors.WithIdempotencyKey(h.IdempotencyKey), problemserrors.WithKeyGenerator(h.NewKey), problemserrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := problemserrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := problemserrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return problemserrors.FormatMessage(problemserrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// RFC 9457: the type URI is the code, about:blank is none, and an
// out-of-credit problem without detail gets its template filled in.
func TestProblemTypes(t *testing.T) {
	e := problemserrors.FromParts(403, nil, []byte(`{"type": "https://api.shop.example/problems/out-of-credit", "balance": 30, "cost": 50}`))
	if e.Code != problemserrors.CodeOutOfCredit || e.Message != problemserrors.FormatOutOfCredit(30, 50) || e.GRPC != problemserrors.GRPCPermissionDenied {
		t.Errorf("code %q message %q grpc %v", e.Code, e.Message, e.GRPC)
	}
	if got := problemserrors.FormatOutOfCredit(-9007199254740991, 0); got != "Your current balance is -9007199254740991, but that costs 0." {
		t.Errorf("FormatOutOfCredit: %q", got)
	}
	blank := problemserrors.FromParts(404, nil, []byte(`{"type": "about:blank", "title": "Not Found", "status": 404}`))
	if blank.Code != "" || blank.Class != problemserrors.ClassNotFound || blank.Message != "Not Found" {
		t.Errorf("about:blank: code %q class %q message %q", blank.Code, blank.Class, blank.Message)
	}
	v := problemserrors.FromParts(422, nil, []byte(`{"type": "https://api.shop.example/problems/validation-error",
		"errors": [{"detail": "must be a positive integer", "pointer": "#/age"}]}`))
	if want := []problemserrors.Item{{Message: "must be a positive integer", Location: "#/age"}}; !reflect.DeepEqual(v.Items, want) {
		t.Errorf("items %+v", v.Items)
	}
	if v.Code != problemserrors.CodeValidationError || string(v.Code) != "https://api.shop.example/problems/validation-error" {
		t.Errorf("code %q", v.Code)
	}
}
