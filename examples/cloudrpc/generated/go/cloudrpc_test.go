package cloudrpcerrors_test

import (
	"context"
	"net/http"
	"testing"

	"example.com/cloudrpc/cloudrpcerrors"
	"example.com/errcat/gotests/conformance"
)

// pkg adapts cloudrpcerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:      "../catalog.json",
	ErrorType:    (*cloudrpcerrors.Error)(nil),
	FromParts:    func(s int, h http.Header, b []byte) error { return cloudrpcerrors.FromParts(s, h, b) },
	FromResponse: func(r *http.Response) error { return cloudrpcerrors.FromResponse(r) },
	Sentinels:    map[string]error{"invalid_argument": cloudrpcerrors.ErrInvalidArgument, "unauthenticated": cloudrpcerrors.ErrUnauthenticated, "permission_denied": cloudrpcerrors.ErrPermissionDenied, "not_found": cloudrpcerrors.ErrNotFound, "aborted": cloudrpcerrors.ErrAborted, "resource_exhausted": cloudrpcerrors.ErrResourceExhausted, "internal": cloudrpcerrors.ErrInternal, "unavailable": cloudrpcerrors.ErrUnavailable, "failed_precondition": cloudrpcerrors.ErrFailedPrecondition},
	Definitions:  func(code string) any { return cloudrpcerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return cloudrpcerrors.Do(ctx, fn, cloudrpcerrors.WithSleep(h.Sleep), cloudrpcerrors.WithClock(h.Now), cloudrpcerrors.WithRandom(h.Random))
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return cloudrpcerrors.FormatMessage(cloudrpcerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }
