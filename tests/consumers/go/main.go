package main

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/novitalabs/novita-errors/novitaerrors"
)

func main() {
	// The status, headers and body bytes of any failed call, from any HTTP client.
	body := []byte(`{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}`)
	err := novitaerrors.FromParts(http.StatusTooManyRequests, http.Header{"Retry-After": {"2"}}, body)
	if !errors.Is(err, novitaerrors.ErrRateLimit) {
		panic(fmt.Sprintf("not a rate limit error: %v", err))
	}
	wait, _ := err.RetryAfter()
	fmt.Printf("%s: %s; retry after %s\n", err.Code, err.Message, wait)
}
