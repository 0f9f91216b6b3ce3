package novakiterrors_test

import (
	"encoding/json"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"github.com/novakit-ai/novakit-errors/novakiterrors"
)

// srv adapts novakiterrors's server side to the round-trip checks of
// conformance/serve.json.
var srv = conformance.Server{
	Cases: "../conformance/serve.json",
	Build: func(code string, status int, values []byte, requestID string, retryAfter time.Duration) (conformance.Response, bool) {
		var ctx novakiterrors.Context
		if err := json.Unmarshal(values, &ctx); err != nil {
			return conformance.Response{}, false
		}
		options := novakiterrors.ResponseOptions{RequestID: requestID, RetryAfter: retryAfter}
		r, ok := novakiterrors.ResponseFor(novakiterrors.Code(code), status, ctx, options)
		if !ok {
			return conformance.Response{}, false
		}
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}, true
	},
	Custom: func(code string, status int, message, requestID string) conformance.Response {
		r := novakiterrors.NewCustomResponse(code, status, message, novakiterrors.ResponseOptions{RequestID: requestID})
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}
	},
}

func TestServe(t *testing.T) { conformance.Serve(t, pkg, srv) }

func FuzzServe(f *testing.F) { conformance.FuzzServe(f, pkg, srv) }
