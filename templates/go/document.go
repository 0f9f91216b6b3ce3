{{ v.notice }}

package {{ v.package }}

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// apiID is the catalog's api.id, which an error document names.
const apiID = {{ v.api_id }}

// documentVersion is the version of the error document format.
const documentVersion = 1

// document is an *Error as data (README rule 23): the response it was
// read from and when, so that it rebuilds as the same *Error. Code and
// Message are for readers; rebuilding ignores them.
type document struct {
	Errcat       int         `json:"errcat"`
	API          string      `json:"api"`
	Status       int         `json:"status"`
	Headers      [][2]string `json:"headers"`
	Body         *string     `json:"body,omitempty"`
	BodyBase64   *string     `json:"body_base64,omitempty"`
	ReceivedAtMS int64       `json:"received_at_ms"`
	Code         *string     `json:"code"`
	Message      string      `json:"message"`
}

// DocumentError reports JSON that is not an error document of this
// package: another format version, another API's, or malformed.
type DocumentError struct {
	// Reason says what is wrong.
	Reason string
}

func (e *DocumentError) Error() string {
	return "{{ v.package }}: not an error document of API " + apiID + ": " + e.Reason
}

// MarshalJSON writes e as a versioned error document: its status, kept
// headers (credentials are never kept), body and ReceivedAt, with its code
// and message for readers. FromJSON (or UnmarshalJSON) rebuilds it, in
// this or another language's package of the same API.
//
// An *Error without a whole response (its Err is set) has no document:
// MarshalJSON returns a *DocumentError.
func (e *Error) MarshalJSON() ([]byte, error) {
	if e.Err != nil {
		return nil, &DocumentError{Reason: "an error without a whole response (" + e.Err.Error() + ") is written as no document"}
	}
	d := document{Errcat: documentVersion, API: apiID, Status: e.Status, Headers: [][2]string{}, ReceivedAtMS: e.ReceivedAt.UnixMilli(), Message: e.Message}
	for name, values := range e.Header {
		d.Headers = append(d.Headers, [2]string{strings.ToLower(name), strings.Join(values, ", ")})
	}
	sort.Slice(d.Headers, func(i, j int) bool { return d.Headers[i][0] < d.Headers[j][0] })
	if utf8.Valid(e.Body) {
		body := string(e.Body)
		d.Body = &body
	} else {
		body := base64.StdEncoding.EncodeToString(e.Body)
		d.BodyBase64 = &body
	}
	if e.Code != "" {
		code := string(e.Code)
		d.Code = &code
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads an error document (see MarshalJSON) into e, which
// becomes the error it was written from; a *DocumentError when data is
// not one of this API.
func (e *Error) UnmarshalJSON(data []byte) error {
	rebuilt, err := FromJSON(data)
	if err != nil {
		return err
	}
	*e = *rebuilt
	return nil
}

// FromJSON rebuilds the *Error an error document was written from (see
// MarshalJSON); a *DocumentError when data is not one of this API.
func FromJSON(data []byte) (*Error, error) {
	var d struct {
		Errcat       *int            `json:"errcat"`
		API          *string         `json:"api"`
		Status       *int            `json:"status"`
		Headers      [][]string      `json:"headers"`
		Body         *string         `json:"body"`
		BodyBase64   *string         `json:"body_base64"`
		ReceivedAtMS *int64          `json:"received_at_ms"`
		Code         json.RawMessage `json:"code"`
		Message      json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, &DocumentError{Reason: err.Error()}
	}
	switch {
	case d.Errcat == nil:
		return nil, &DocumentError{Reason: `no "errcat" version`}
	case *d.Errcat != documentVersion:
		return nil, &DocumentError{Reason: "format version " + strconv.Itoa(*d.Errcat) + ", this package reads version " + strconv.Itoa(documentVersion)}
	case d.API == nil:
		return nil, &DocumentError{Reason: `no "api"`}
	case *d.API != apiID:
		return nil, &DocumentError{Reason: "it is about API " + strconv.Quote(*d.API)}
	case d.Status == nil:
		return nil, &DocumentError{Reason: `no "status"`}
	case d.ReceivedAtMS == nil:
		return nil, &DocumentError{Reason: `no "received_at_ms"`}
	}
	header := http.Header{}
	for _, h := range d.Headers {
		if len(h) != 2 {
			return nil, &DocumentError{Reason: "a header is not a [name, value] pair"}
		}
		header[h[0]] = append(header[h[0]], h[1])
	}
	var body []byte
	switch {
	case d.Body != nil && d.BodyBase64 != nil:
		return nil, &DocumentError{Reason: `both "body" and "body_base64"`}
	case d.Body != nil:
		body = []byte(*d.Body)
	case d.BodyBase64 != nil:
		b, err := base64.StdEncoding.DecodeString(*d.BodyBase64)
		if err != nil {
			return nil, &DocumentError{Reason: "body_base64: " + err.Error()}
		}
		body = b
	}
	return FromPartsAt(*d.Status, header, body, time.UnixMilli(*d.ReceivedAtMS)), nil
}

