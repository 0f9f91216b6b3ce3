package cloudrpcerrors_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"example.com/cloudrpc/cloudrpcerrors"
	"example.com/errcat/gotests/conformance"
)

// pkg adapts cloudrpcerrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*cloudrpcerrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return cloudrpcerrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return cloudrpcerrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return cloudrpcerrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return cloudrpcerrors.FromClientResponse(r) },
	IsConnectionError:  cloudrpcerrors.IsConnectionError,
	ErrNoResponse:      cloudrpcerrors.ErrNoResponse,
	Sentinels:          map[string]error{"invalid_argument": cloudrpcerrors.ErrInvalidArgument, "unauthenticated": cloudrpcerrors.ErrUnauthenticated, "permission_denied": cloudrpcerrors.ErrPermissionDenied, "not_found": cloudrpcerrors.ErrNotFound, "aborted": cloudrpcerrors.ErrAborted, "resource_exhausted": cloudrpcerrors.ErrResourceExhausted, "internal": cloudrpcerrors.ErrInternal, "unavailable": cloudrpcerrors.ErrUnavailable, "failed_precondition": cloudrpcerrors.ErrFailedPrecondition},
	Definitions:        func(code string) any { return cloudrpcerrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return cloudrpcerrors.Do(ctx, fn, cloudrpcerrors.WithSleep(h.Sleep), cloudrpcerrors.WithClock(h.Now), cloudrpcerrors.WithRandom(h.Random),
			cloudrpcerrors.WithIdempotencyKey(h.IdempotencyKey), cloudrpcerrors.WithKeyGenerator(h.NewKey), cloudrpcerrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := cloudrpcerrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := cloudrpcerrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	},
	Format: func(code string, status int, params map[string]any) (string, bool) {
		return cloudrpcerrors.FormatMessage(cloudrpcerrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// AIP-193: the code, domain and metadata come from the ErrorInfo that
// @type picks, the delay from RetryInfo, field violations from BadRequest.
func TestErrorInfo(t *testing.T) {
	body := []byte(`{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded.", "details": [
		{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.5s"},
		{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED", "domain": "cloudrpc.example",
		 "metadata": {"service": "storage.cloudrpc.example", "consumer": "projects/123", "quota_limit_value": 600}}]}}`)
	e := cloudrpcerrors.FromParts(429, nil, body)
	if e.Code != cloudrpcerrors.CodeRateLimitExceeded || e.Domain != "cloudrpc.example" || e.GRPC != cloudrpcerrors.GRPCResourceExhausted {
		t.Errorf("code %q domain %q grpc %v", e.Code, e.Domain, e.GRPC)
	}
	if want := map[string]string{"service": "storage.cloudrpc.example", "consumer": "projects/123"}; !reflect.DeepEqual(e.Metadata, want) {
		t.Errorf("metadata %v, want the string members only", e.Metadata)
	}
	if e.Context.Service == nil || *e.Context.Service != "storage.cloudrpc.example" {
		t.Errorf("context %+v", e.Context)
	}
	if d, ok := e.RetryAfter(); !ok || d != 1500*time.Millisecond {
		t.Errorf("retry delay %v %v", d, ok)
	}
	bad := cloudrpcerrors.FromParts(400, nil, []byte(`{"error": {"code": 400, "message": "bad", "details": [
		{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "name", "description": "must not be empty"}]}]}}`))
	if want := []cloudrpcerrors.Item{{Field: "name", Message: "must not be empty"}}; !reflect.DeepEqual(bad.Items, want) {
		t.Errorf("field violations %+v", bad.Items)
	}
	for _, delay := range []string{"-1s", "30", "1.5 s", "s"} {
		b := []byte(`{"error": {"details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "` + delay + `"}]}}`)
		if d, ok := cloudrpcerrors.FromParts(429, nil, b).RetryAfter(); ok {
			t.Errorf("retryDelay %q gives %v", delay, d)
		}
	}
}

// Each template has a typed formatter; it agrees with FormatMessage, and a
// body without a message gets the template filled from the metadata.
func TestTemplates(t *testing.T) {
	got := cloudrpcerrors.FormatModelUnavailable("gemma-9", "europe-west4")
	if got != "Model gemma-9 is not available in europe-west4." {
		t.Errorf("FormatModelUnavailable: %q", got)
	}
	byCode, ok := cloudrpcerrors.FormatMessage(cloudrpcerrors.CodeModelUnavailable, 404, map[string]any{"model": "gemma-9", "region": "europe-west4"})
	if !ok || byCode != got {
		t.Errorf("FormatMessage: %q %v", byCode, ok)
	}
	if _, ok := cloudrpcerrors.FormatMessage(cloudrpcerrors.CodeModelUnavailable, 500, nil); ok {
		t.Errorf("FormatMessage at a status without a definition")
	}
	if got := cloudrpcerrors.FormatServiceDisabled("<consumer>", "p"); got != "<consumer> has not been used in project p before or it is disabled." {
		t.Errorf("a value holding a placeholder is filled in again: %q", got)
	}
	e := cloudrpcerrors.FromParts(404, nil, []byte(`{"error": {"details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
		"reason": "MODEL_UNAVAILABLE", "metadata": {"model": "gemma-9"}}]}}`))
	if e.Message != "Model gemma-9 is not available in <region>." {
		t.Errorf("filled-in message %q", e.Message)
	}
	if d, _ := cloudrpcerrors.CodeModelUnavailable.ForStatus(404); !reflect.DeepEqual(d.Params, []string{"model", "region"}) {
		t.Errorf("params %v", d.Params)
	}
}
