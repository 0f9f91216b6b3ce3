package novitaerrors_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/novitalabs/novita-errors/novitaerrors"
)

func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req_42")
		http.Error(w, `{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}`, http.StatusForbidden)
	}))
	defer api.Close()

	// Do retries what the catalog says is worth retrying (429, 5xx), with backoff.
	err := novitaerrors.Do(context.Background(), func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, api.URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 400 {
			return novitaerrors.FromResponse(resp) // never fails; reads and closes the body
		}
		defer resp.Body.Close()
		return nil // decode the result here
	})

	var apiErr *novitaerrors.Error
	if errors.Is(err, novitaerrors.ErrAuthentication) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Message, apiErr.RequestID, apiErr.Retryable())
	}
	// Output: INVALID_API_KEY invalid api-key req_42 false
}
