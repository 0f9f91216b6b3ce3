package problemserrors_test

import (
	"context"
	"net/http"
	"testing"

	"example.com/errcat/gotests/conformance"
	"example.com/problems/problemserrors"
)

// pkg adapts problemserrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:      "../catalog.json",
	ErrorType:    (*problemserrors.Error)(nil),
	FromParts:    func(s int, h http.Header, b []byte) error { return problemserrors.FromParts(s, h, b) },
	FromResponse: func(r *http.Response) error { return problemserrors.FromResponse(r) },
	Sentinels:    map[string]error{"bad_request": problemserrors.ErrBadRequest, "forbidden": problemserrors.ErrForbidden, "not_found": problemserrors.ErrNotFound, "rate_limit": problemserrors.ErrRateLimit, "server": problemserrors.ErrServer},
	Definitions:  func(code string) any { return problemserrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return problemserrors.Do(ctx, fn, problemserrors.WithSleep(h.Sleep), problemserrors.WithClock(h.Now), problemserrors.WithRandom(h.Random))
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return problemserrors.FormatMessage(problemserrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }
