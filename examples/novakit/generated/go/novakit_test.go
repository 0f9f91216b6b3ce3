package novakiterrors_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/errcat/gotests/conformance"
	"github.com/novakit-ai/novakit-errors/novakiterrors"
)

// pkg adapts novakiterrors to the shared conformance suite.
var pkg = conformance.Package{
	Catalog:   "../catalog.json",
	ErrorType: (*novakiterrors.Error)(nil),
	FromParts: func(s int, h http.Header, b []byte) error { return novakiterrors.FromParts(s, h, b) },
	FromPartsAt: func(s int, h http.Header, b []byte, at time.Time) error {
		return novakiterrors.FromPartsAt(s, h, b, at)
	},
	FromResponse:       func(r *http.Response) error { return novakiterrors.FromResponse(r) },
	FromClientResponse: func(r conformance.ClientResponse) error { return novakiterrors.FromClientResponse(r) },
	IsConnectionError:  novakiterrors.IsConnectionError,
	ErrNoResponse:      novakiterrors.ErrNoResponse,
	Sentinels: map[string]error{
		"bad_request": novakiterrors.ErrBadRequest, "authentication": novakiterrors.ErrAuthentication,
		"quota_exceeded": novakiterrors.ErrQuotaExceeded, "permission": novakiterrors.ErrPermission,
		"not_found": novakiterrors.ErrNotFound, "rate_limit": novakiterrors.ErrRateLimit, "server": novakiterrors.ErrServer,
	},
	Definitions: func(code string) any { return novakiterrors.Code(code).Definitions() },
	Do: func(ctx context.Context, fn func(context.Context) error, h conformance.Hooks) error {
		return novakiterrors.Do(ctx, fn, novakiterrors.WithSleep(h.Sleep), novakiterrors.WithClock(h.Now), novakiterrors.WithRandom(h.Random),
			novakiterrors.WithIdempotencyKey(h.IdempotencyKey), novakiterrors.WithKeyGenerator(h.NewKey), novakiterrors.WithConnectionError(h.ConnectionError))
	},
	FromJSON: func(data []byte) (error, error) {
		e, err := novakiterrors.FromJSON(data)
		if e == nil {
			return nil, err // not a typed nil in the interface
		}
		return e, err
	},
	Attempt: func(ctx context.Context) (int, http.Header, bool) {
		a, ok := novakiterrors.AttemptFrom(ctx)
		return a.Number, a.Header, ok
	}, Format: func(code string, status int, params map[string]any) (string, bool) {
		return novakiterrors.FormatMessage(novakiterrors.Code(code), status, params)
	},
}

func TestConformance(t *testing.T) { conformance.Run(t, pkg) }

func FuzzFromParts(f *testing.F) { conformance.Fuzz(f, pkg) }

// Every {"error": ...} example of the API's docs (seed 004), recognised by
// its message alone.
func TestSeedExamples(t *testing.T) {
	cases := []struct {
		status int
		body   string
		code   novakiterrors.Code
		class  error
	}{
		{400, `{"error": "prompt is required"}`, novakiterrors.CodePromptRequired, novakiterrors.ErrBadRequest},
		{400, `{"error": "input text cannot be empty"}`, novakiterrors.CodeInputTextEmpty, novakiterrors.ErrBadRequest},
		{400, `{"error": "speed must be between 0.25 and 4.0"}`, novakiterrors.CodeSpeedOutOfRange, novakiterrors.ErrBadRequest},
		{400, `{"error": "Invalid operation"}`, novakiterrors.CodeInvalidOperation, novakiterrors.ErrBadRequest},
		{400, `{"error": "mask is required for inpainting"}`, novakiterrors.CodeMaskRequired, novakiterrors.ErrBadRequest},
		{401, `{"error": "Invalid API key"}`, novakiterrors.CodeInvalidAPIKey, novakiterrors.ErrAuthentication},
		{401, `{"error": "API key not found"}`, novakiterrors.CodeAPIKeyNotFound, novakiterrors.ErrAuthentication},
		{401, `{"error": "API key has been revoked"}`, novakiterrors.CodeAPIKeyRevoked, novakiterrors.ErrAuthentication},
		{402, `{"error": "Credits limit exceeded"}`, novakiterrors.CodeCreditsLimitExceeded, novakiterrors.ErrQuotaExceeded},
		{402, `{"error": "Video seconds limit exceeded"}`, novakiterrors.CodeVideoSecondsLimitExceeded, novakiterrors.ErrQuotaExceeded},
		{402, `{"error": "Agent run quota exceeded"}`, novakiterrors.CodeAgentRunQuotaExceeded, novakiterrors.ErrQuotaExceeded},
		{403, `{"error": "Missing required scope: image"}`, novakiterrors.CodeMissingScope, novakiterrors.ErrPermission},
		{403, `{"error": "Model tier not allowed"}`, novakiterrors.CodeModelTierNotAllowed, novakiterrors.ErrPermission},
		{403, `{"error": "AI Agents are not available on your current plan"}`, novakiterrors.CodeFeatureNotOnPlan, novakiterrors.ErrPermission},
		{404, `{"error": "Agent not found"}`, novakiterrors.CodeAgentNotFound, novakiterrors.ErrNotFound},
		{404, `{"error": "Job not found"}`, novakiterrors.CodeJobNotFound, novakiterrors.ErrNotFound},
		{404, `{"error": "Webhook not found"}`, novakiterrors.CodeWebhookNotFound, novakiterrors.ErrNotFound},
		{500, `{"error": "Internal server error"}`, novakiterrors.CodeInternalError, novakiterrors.ErrServer},
		{500, `{"error": "Generation failed"}`, novakiterrors.CodeGenerationFailed, novakiterrors.ErrServer},
	}
	for _, c := range cases {
		e := novakiterrors.FromParts(c.status, nil, []byte(c.body))
		if e.Code != c.code || !errors.Is(e, c.class) {
			t.Errorf("%s: code %q class %q, want %q", c.body, e.Code, e.Class, c.code)
		}
	}
}

// The 402 examples carry typed quota context.
func TestSeedQuotaContext(t *testing.T) {
	e := novakiterrors.FromParts(402, nil, []byte(`{"error": "Image generation limit exceeded", "generations_remaining": 0,
		"generations_needed": 1, "quota_multiplier": 1.5, "credits_estimated": 15}`))
	c := e.Context
	if e.Code != novakiterrors.CodeImageGenerationLimitExceeded || e.Class != novakiterrors.ClassQuotaExceeded {
		t.Errorf("got %+v", e)
	}
	if c.GenerationsRemaining == nil || *c.GenerationsRemaining != 0 || c.GenerationsNeeded == nil || *c.GenerationsNeeded != 1 ||
		c.QuotaMultiplier == nil || *c.QuotaMultiplier != 1.5 || c.CreditsEstimated == nil || *c.CreditsEstimated != 15 {
		t.Errorf("context %+v", c)
	}
	tts := novakiterrors.FromParts(402, nil, []byte(`{"error": "TTS character limit exceeded", "chars_remaining": 0, "chars_needed": 500}`))
	if tts.Code != novakiterrors.CodeTTSCharacterLimitExceeded || *tts.Context.CharsNeeded != 500 || *tts.Context.CharsRemaining != 0 {
		t.Errorf("tts %+v", tts.Context)
	}
	stt := novakiterrors.FromParts(402, nil, []byte(`{"error": "STT limit exceeded", "seconds_remaining": 0, "seconds_needed": 60}`))
	if stt.Code != novakiterrors.CodeSTTLimitExceeded || *stt.Context.SecondsNeeded != 60 || stt.Retryable() {
		t.Errorf("stt %+v", stt.Context)
	}
}

// The 429 example: retry_after 30 in the body is the server's delay, so Do
// waits exactly 30 s between its three attempts.
func TestSeedRateLimit(t *testing.T) {
	body := []byte(`{"error": "Rate limit exceeded. Try again in 30 seconds.", "retry_after": 30}`)
	e := novakiterrors.FromParts(429, nil, body)
	if e.Code != novakiterrors.CodeRateLimitExceeded || e.Context.RetryAfter == nil || *e.Context.RetryAfter != 30 {
		t.Errorf("got %+v", e)
	}
	if d, ok := e.RetryAfter(); !ok || d != 30*time.Second || !e.Retryable() {
		t.Errorf("retry after %v %v", d, ok)
	}
	var sleeps []time.Duration
	err := novakiterrors.Do(context.Background(), func(context.Context) error { return novakiterrors.FromParts(429, nil, body) },
		novakiterrors.WithSleep(func(_ context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil }))
	if !errors.Is(err, novakiterrors.ErrRateLimit) || len(sleeps) != 2 || sleeps[0] != 30*time.Second || sleeps[1] != 30*time.Second {
		t.Errorf("sleeps %v: %v", sleeps, err)
	}
}
