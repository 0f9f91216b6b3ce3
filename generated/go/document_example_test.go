package novitaerrors_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/novitalabs/novita-errors/novitaerrors"
)

// An error survives a task queue as JSON: the document names the API and
// keeps the response (without credentials), so any language's package
// rebuilds the same error from it.
func ExampleFromJSON() {
	body := []byte(`{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}`)
	header := http.Header{"Retry-After": {"30"}, "Authorization": {"Bearer sk-secret"}}
	err := novitaerrors.FromPartsAt(http.StatusTooManyRequests, header, body, time.UnixMilli(1700000000000))

	document, _ := json.Marshal(err)
	fmt.Println(string(document))

	rebuilt, _ := novitaerrors.FromJSON(document)
	wait, _ := rebuilt.RetryAfter()
	fmt.Println(rebuilt.Code, rebuilt.ReceivedAt.UnixMilli(), wait)
	// Output:
	// {"errcat":1,"api":"novita","status":429,"headers":[["retry-after","30"]],"body":"{\"code\":429,\"reason\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"slow down\"}","received_at_ms":1700000000000,"code":"RATE_LIMIT_EXCEEDED","message":"slow down"}
	// RATE_LIMIT_EXCEEDED 1700000000000 30s
}
