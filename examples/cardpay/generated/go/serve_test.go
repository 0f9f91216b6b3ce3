package cardpayerrors_test

import (
	"encoding/json"
	"testing"
	"time"

	"example.com/cardpay/cardpayerrors"
	"example.com/errcat/gotests/conformance"
)

// srv adapts cardpayerrors's server side to the round-trip checks of
// conformance/serve.json.
var srv = conformance.Server{
	Cases: "../conformance/serve.json",
	Build: func(code string, status int, values []byte, requestID string, retryAfter time.Duration) (conformance.Response, bool) {
		var ctx cardpayerrors.Context
		if err := json.Unmarshal(values, &ctx); err != nil {
			return conformance.Response{}, false
		}
		options := cardpayerrors.ResponseOptions{RequestID: requestID, RetryAfter: retryAfter}
		r, ok := cardpayerrors.ResponseFor(cardpayerrors.Code(code), status, ctx, options)
		if !ok {
			return conformance.Response{}, false
		}
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}, true
	},
	Custom: func(code string, status int, message, requestID string) conformance.Response {
		r := cardpayerrors.NewCustomResponse(code, status, message, cardpayerrors.ResponseOptions{RequestID: requestID})
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}
	},
}

func TestServe(t *testing.T) { conformance.Serve(t, pkg, srv) }

func FuzzServe(f *testing.F) { conformance.FuzzServe(f, pkg, srv) }
