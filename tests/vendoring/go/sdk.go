// Package novitasdk is a hand-written SDK for the Novita AI API; its errors
// are errcat's package vendored as example.com/novitasdk/apierrors.
package novitasdk

import (
	"net/http"

	"example.com/novitasdk/apierrors"
)

// Check is what the SDK's HTTP layer does with a response: nil for a 2xx,
// else the typed error.
func Check(status int, header http.Header, body []byte) error {
	if status >= 200 && status < 300 {
		return nil
	}
	return apierrors.FromParts(status, header, body)
}
