package hubapierrors_test

import (
	"context"
	"net/http"
	"testing"

	"example.com/errcat/gotests/conformance"
	"example.com/hubapi/hubapierrors"
)

// pkg adapts hubapierrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:      "../catalog.json",
	ErrorType:    (*hubapierrors.Error)(nil),
	FromParts:    func(s int, h http.Header, b []byte) error { return hubapierrors.FromParts(s, h, b) },
	FromResponse: func(r *http.Response) error { return hubapierrors.FromResponse(r) },
	Sentinels:    map[string]error{"bad_request": hubapierrors.ErrBadRequest, "authentication": hubapierrors.ErrAuthentication, "forbidden": hubapierrors.ErrForbidden, "not_found": hubapierrors.ErrNotFound, "validation": hubapierrors.ErrValidation, "rate_limit": hubapierrors.ErrRateLimit, "server": hubapierrors.ErrServer},
	Definitions:  func(code string) any { return hubapierrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return hubapierrors.Do(ctx, fn, hubapierrors.WithSleep(h.Sleep), hubapierrors.WithClock(h.Now), hubapierrors.WithRandom(h.Random))
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return hubapierrors.FormatMessage(hubapierrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }
