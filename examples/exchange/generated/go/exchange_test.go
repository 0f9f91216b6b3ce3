package exchangeerrors_test

import (
	"context"
	"net/http"
	"testing"

	"example.com/errcat/gotests/conformance"
	"example.com/exchange/exchangeerrors"
)

// pkg adapts exchangeerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:      "../catalog.json",
	ErrorType:    (*exchangeerrors.Error)(nil),
	FromParts:    func(s int, h http.Header, b []byte) error { return exchangeerrors.FromParts(s, h, b) },
	FromResponse: func(r *http.Response) error { return exchangeerrors.FromResponse(r) },
	Sentinels:    map[string]error{"bad_request": exchangeerrors.ErrBadRequest, "unauthorized": exchangeerrors.ErrUnauthorized, "waf": exchangeerrors.ErrWaf, "banned": exchangeerrors.ErrBanned, "rate_limit": exchangeerrors.ErrRateLimit, "server": exchangeerrors.ErrServer},
	Definitions:  func(code string) any { return exchangeerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return exchangeerrors.Do(ctx, fn, exchangeerrors.WithSleep(h.Sleep), exchangeerrors.WithClock(h.Now), exchangeerrors.WithRandom(h.Random))
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return exchangeerrors.FormatMessage(exchangeerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }
