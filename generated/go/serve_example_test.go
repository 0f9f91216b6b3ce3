package novitaerrors_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/novitalabs/novita-errors/novitaerrors"
)

func Example_serve() {
	// The API server (net/http): every error response comes from the catalog.
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/images", func(w http.ResponseWriter, r *http.Request) {
		options := novitaerrors.ResponseOptions{RequestID: r.Header.Get("X-Request-Id"), RetryAfter: 2 * time.Second}
		_ = novitaerrors.NewRateLimitExceededResponse(options).Write(w)
	})
	api := httptest.NewServer(mux)
	defer api.Close()

	// A client reads it back with the same catalog.
	req, _ := http.NewRequest(http.MethodPost, api.URL+"/v1/images", nil)
	req.Header.Set("X-Request-Id", "req_7")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	err = novitaerrors.FromResponse(resp)
	var apiErr *novitaerrors.Error
	if errors.Is(err, novitaerrors.ErrRateLimit) && errors.As(err, &apiErr) {
		delay, _ := apiErr.RetryAfter()
		fmt.Println(apiErr.Status, apiErr.Code, apiErr.RequestID, delay)
	}
	// Output: 429 RATE_LIMIT_EXCEEDED req_7 2s
}
