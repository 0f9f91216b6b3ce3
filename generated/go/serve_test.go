package novitaerrors_test

import (
	"encoding/json"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"github.com/novitalabs/novita-errors/novitaerrors"
)

// srv adapts novitaerrors's server side to the round-trip checks of
// conformance/serve.json.
var srv = conformance.Server{
	Cases: "../conformance/serve.json",
	Build: func(code string, status int, values []byte, requestID string, retryAfter time.Duration) (conformance.Response, bool) {
		var ctx novitaerrors.Context
		if err := json.Unmarshal(values, &ctx); err != nil {
			return conformance.Response{}, false
		}
		options := novitaerrors.ResponseOptions{RequestID: requestID, RetryAfter: retryAfter}
		r, ok := novitaerrors.ResponseFor(novitaerrors.Code(code), status, ctx, options)
		if !ok {
			return conformance.Response{}, false
		}
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}, true
	},
	Custom: func(code string, status int, message, requestID string) conformance.Response {
		r := novitaerrors.NewCustomResponse(code, status, message, novitaerrors.ResponseOptions{RequestID: requestID})
		return conformance.Response{Status: r.Status, Headers: r.Headers, Body: r.Body}
	},
}

func TestServe(t *testing.T) { conformance.Serve(t, pkg, srv) }

func FuzzServe(f *testing.F) { conformance.FuzzServe(f, pkg, srv) }

// TestServeHTTP serves every case for the other languages' clients when
// xtask's serve suite asks (ERRCAT_SERVE_URL_FILE); skipped otherwise.
func TestServeHTTP(t *testing.T) { conformance.ServeHTTP(t, srv) }
