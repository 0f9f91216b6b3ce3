package cardpayerrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/cardpay/cardpayerrors"
	"example.com/errcat/gotests/conformance"
)

// pkg adapts cardpayerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*cardpayerrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return cardpayerrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return cardpayerrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return cardpayerrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return cardpayerrors.FromClientResponse(r) },
	IsConnectionError:  cardpayerrors.IsConnectionError,
	ErrNoResponse:      cardpayerrors.ErrNoResponse,
	Sentinels:          map[string]error{"invalid_request": cardpayerrors.ErrInvalidRequest, "authentication": cardpayerrors.ErrAuthentication, "card": cardpayerrors.ErrCard, "permission": cardpayerrors.ErrPermission, "idempotency": cardpayerrors.ErrIdempotency, "rate_limit": cardpayerrors.ErrRateLimit, "server": cardpayerrors.ErrServer},
	Definitions:        func(code string) any { return cardpayerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return cardpayerrors.Do(ctx, fn, cardpayerrors.WithSleep(h.Sleep), cardpayerrors.WithClock(h.Now), cardpayerrors.WithRandom(h.Random),
			cardpayerrors.WithIdempotencyKey(h.IdempotencyKey), cardpayerrors.WithKeyGenerator(h.NewKey), cardpayerrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := cardpayerrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := cardpayerrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
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

// Stripe's two-level model: the class from type, the code from code, and
// the issuer's reason as a typed sub-code that stays open.
func TestDeclineCode(t *testing.T) {
	e := cardpayerrors.FromParts(402, http.Header{"Request-Id": {"req_1"}}, []byte(`{"error": {"type": "card_error",
		"code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}}`))
	if e.Code != cardpayerrors.CodeCardDeclined || !errors.Is(e, cardpayerrors.ErrCard) || e.RequestID != "req_1" {
		t.Errorf("got %+v", e)
	}
	if d := e.DeclineCode(); d != cardpayerrors.DeclineCodeInsufficientFunds || !d.Known() || d.Description() == "" {
		t.Errorf("decline code %q known %v", d, d.Known())
	}
	newer := cardpayerrors.FromParts(402, nil, []byte(`{"error": {"type": "card_error", "code": "card_declined", "decline_code": "issuer_offline"}}`))
	if d := newer.DeclineCode(); d != "issuer_offline" || d.Known() || d.Description() != "" {
		t.Errorf("unknown decline code %q known %v", d, d.Known())
	}
	for _, body := range []string{`{"error": {"code": "expired_card"}}`, `{"error": {"decline_code": 7}}`, `{"error": {"decline_code": ""}}`, `[]`} {
		if d := cardpayerrors.FromParts(402, nil, []byte(body)).DeclineCode(); d != "" {
			t.Errorf("%s: decline code %q, want none", body, d)
		}
	}
	if d := (&cardpayerrors.Error{}).DeclineCode(); d != "" {
		t.Errorf("an Error made by hand has decline code %q", d)
	}
}

// A codeless body is classed by its type; a definition's class wins over it.
func TestTypeDiscriminator(t *testing.T) {
	cases := []struct {
		status int
		body   string
		class  cardpayerrors.Class
		grpc   cardpayerrors.GRPCCode
	}{
		{400, `{"error": {"type": "idempotency_error", "message": "Keys for idempotent requests..."}}`, cardpayerrors.ClassIdempotency, cardpayerrors.GRPCInvalidArgument},
		{402, `{"error": {"type": "api_error"}}`, cardpayerrors.ClassServer, cardpayerrors.GRPCUnknown},
		{400, `{"error": {"type": "card_error", "code": "amount_too_small"}}`, cardpayerrors.ClassInvalidRequest, cardpayerrors.GRPCInvalidArgument},
		{400, `{"error": {"type": {"name": "card_error"}}}`, cardpayerrors.ClassInvalidRequest, cardpayerrors.GRPCInvalidArgument},
		{429, `{"error": {"code": "rate_limit"}}`, cardpayerrors.ClassRateLimit, cardpayerrors.GRPCResourceExhausted},
	}
	for _, c := range cases {
		e := cardpayerrors.FromParts(c.status, nil, []byte(c.body))
		if e.Class != c.class || e.GRPC != c.grpc {
			t.Errorf("%d %s: class %q grpc %v, want %q %v", c.status, c.body, e.Class, e.GRPC, c.class, c.grpc)
		}
	}
	if d, ok := cardpayerrors.CodeResourceMissing.ForStatus(404); !ok || d.GRPC != cardpayerrors.GRPCNotFound || d.GRPC.String() != "NOT_FOUND" {
		t.Errorf("resource_missing definition %+v", d)
	}
}
