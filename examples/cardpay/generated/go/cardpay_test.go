package cardpayerrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"example.com/cardpay/cardpayerrors"
	"example.com/errcat/gotests/conformance"
)

// pkg adapts cardpayerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:      "../catalog.json",
	ErrorType:    (*cardpayerrors.Error)(nil),
	FromParts:    func(s int, h http.Header, b []byte) error { return cardpayerrors.FromParts(s, h, b) },
	FromResponse: func(r *http.Response) error { return cardpayerrors.FromResponse(r) },
	Sentinels:    map[string]error{"invalid_request": cardpayerrors.ErrInvalidRequest, "authentication": cardpayerrors.ErrAuthentication, "card": cardpayerrors.ErrCard, "permission": cardpayerrors.ErrPermission, "idempotency": cardpayerrors.ErrIdempotency, "rate_limit": cardpayerrors.ErrRateLimit, "server": cardpayerrors.ErrServer},
	Definitions:  func(code string) any { return cardpayerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return cardpayerrors.Do(ctx, fn, cardpayerrors.WithSleep(h.Sleep), cardpayerrors.WithClock(h.Now), cardpayerrors.WithRandom(h.Random))
	},
	Subcodes: func(err error) map[string]conformance.Subcode {
		var e *cardpayerrors.Error
		out := map[string]conformance.Subcode{}
		if errors.As(err, &e) && e.DeclineCode() != "" {
			out["decline_code"] = conformance.Subcode{Value: string(e.DeclineCode()), Known: e.DeclineCode().Known()}
		}
		return out
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return cardpayerrors.FormatMessage(cardpayerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }
