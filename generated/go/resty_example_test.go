package novitaerrors_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-resty/resty/v2"
	"github.com/novitalabs/novita-errors/novitaerrors"
)

func Example_resty() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"code":404,"reason":"MODEL_NOT_FOUND","message":"Model not found"}`)
	}))
	defer api.Close()

	client := resty.New()
	err := novitaerrors.Do(context.Background(), func(ctx context.Context) error {
		a, _ := novitaerrors.AttemptFrom(ctx) // the headers this attempt sends
		resp, err := client.R().SetContext(ctx).SetHeaderMultiValues(a.Header).Get(api.URL)
		if err != nil {
			return err // refused, reset midway, timed out: a connection error
		}
		if resp.IsError() {
			return novitaerrors.FromClientResponse(resp) // the status, headers and body resty read
		}
		return nil // decode resp.Body() here
	})
	// With SetDoNotParseResponse(true), pass resp.RawResponse to FromResponse.

	var apiErr *novitaerrors.Error
	if errors.Is(err, novitaerrors.ErrNotFound) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Message, apiErr.Retryable())
	}
	// Output: MODEL_NOT_FOUND Model not found false
}
