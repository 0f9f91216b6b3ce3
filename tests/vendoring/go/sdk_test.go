package novitasdk

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"example.com/novitasdk/apierrors"
)

func TestFailedCallsAreTheVendoredErrorTypes(t *testing.T) {
	if err := Check(200, nil, []byte("{}")); err != nil {
		t.Fatalf("2xx: %v", err)
	}
	err := Check(429, http.Header{"Retry-After": {"1"}}, []byte(`{"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}`))
	var apiErr *apierrors.Error
	if !errors.Is(err, apierrors.ErrRateLimit) || !errors.As(err, &apiErr) {
		t.Fatalf("not a rate limit error: %v", err)
	}
	if apiErr.Code != apierrors.CodeRateLimitExceeded {
		t.Errorf("code %q", apiErr.Code)
	}
	if wait, ok := apiErr.RetryAfter(); !ok || wait != time.Second {
		t.Errorf("retry after %v, %v", wait, ok)
	}
	if err := Check(502, nil, []byte("<html>bad gateway</html>")); !errors.As(err, &apiErr) {
		t.Errorf("502: %v", err)
	}
}
