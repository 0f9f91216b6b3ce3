package exchangeerrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"example.com/exchange/exchangeerrors"
)

// pkg adapts exchangeerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*exchangeerrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return exchangeerrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return exchangeerrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return exchangeerrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return exchangeerrors.FromClientResponse(r) },
	IsConnectionError:  exchangeerrors.IsConnectionError,
	ErrNoResponse:      exchangeerrors.ErrNoResponse,
	Sentinels:          map[string]error{"bad_request": exchangeerrors.ErrBadRequest, "unauthorized": exchangeerrors.ErrUnauthorized, "waf": exchangeerrors.ErrWaf, "banned": exchangeerrors.ErrBanned, "rate_limit": exchangeerrors.ErrRateLimit, "server": exchangeerrors.ErrServer},
	Definitions:        func(code string) any { return exchangeerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return exchangeerrors.Do(ctx, fn, exchangeerrors.WithSleep(h.Sleep), exchangeerrors.WithClock(h.Now), exchangeerrors.WithRandom(h.Random),
			exchangeerrors.WithIdempotencyKey(h.IdempotencyKey), exchangeerrors.WithKeyGenerator(h.NewKey), exchangeerrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := exchangeerrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := exchangeerrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return exchangeerrors.FormatMessage(exchangeerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// Numeric codes: named by the spec, compared in decimal, JSON integer or
// string alike; -1003 has a definition at 429 and another at 418.
func TestNumericCodes(t *testing.T) {
	for _, body := range []string{`{"code": -1121, "msg": "Invalid symbol."}`, `{"code": "-1121"}`, `{"code": -1121.0}`} {
		e := exchangeerrors.FromParts(400, nil, []byte(body))
		if e.Code != exchangeerrors.CodeBadSymbol || !e.Code.Known() || !errors.Is(e, exchangeerrors.ErrBadRequest) {
			t.Errorf("%s: code %q class %q", body, e.Code, e.Class)
		}
	}
	if string(exchangeerrors.CodeBadSymbol) != "-1121" {
		t.Errorf("CodeBadSymbol is %q on the wire", exchangeerrors.CodeBadSymbol)
	}
	for _, body := range []string{`{"code": 1.5}`, `{"code": 9007199254740992}`, `{"code": true}`} {
		if e := exchangeerrors.FromParts(400, nil, []byte(body)); e.Code != "" {
			t.Errorf("%s: code %q, want none", body, e.Code)
		}
	}
	banned := exchangeerrors.FromParts(418, nil, []byte(`{"code": -1003}`))
	limited := exchangeerrors.FromParts(429, nil, []byte(`{"code": -1003}`))
	if !errors.Is(banned, exchangeerrors.ErrBanned) || !errors.Is(limited, exchangeerrors.ErrRateLimit) || banned.Message == limited.Message {
		t.Errorf("-1003: %q %q / %q %q", banned.Class, banned.Message, limited.Class, limited.Message)
	}
}
