{{ v.notice }}

package {{ v.package }}

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBody is the most FromResponse reads of a body; the rest is dropped.
const maxBody = 32 << 20

// Error is an error response of the API. FromResponse and FromParts build
// one from any response; errors.Is(err, ErrRateLimit) tests its class and
// errors.As(err, &apiErr) recovers it from a wrapped error.
type Error struct {
	// Status is the HTTP status of the response.
	Status int
	// Code is the error code: the body's, or, for a body without one, the
	// code its message matched; "" when there is none. It may be a code
	// this package does not know (Code.Known reports false).
	Code Code
	// Class is the status-level class; "" when no class applies.
	Class Class
	// Message is the human message, never empty: the body's (an empty
	// string does not count), else the catalog's, else "HTTP <status>".
	Message string
	// RequestID identifies the request for support; "" when unknown.
	RequestID string
	// Field names the request field the error is about; may be empty.
	Field string
	// Details is the body's details object; nil when there is none.
	Details map[string]any
	// Context holds the typed context fields the body carries.
	Context Context
	// Body is the raw response body.
	Body []byte
	// Header holds the response headers, without credentials
	// (Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key).
	// A header sent on several field lines has one value: theirs, joined
	// by ", " in order (RFC 9110, section 5.3).
	Header http.Header
	// Items are the errors of a multi-error body, in order (say, one per
	// invalid field); nil when the body lists none.
	Items []Item
	// Domain is the error's domain (AIP-193 ErrorInfo.domain); "" when the
	// body has none.
	Domain string
	// Metadata holds the string members of the body's metadata object; nil
	// when there is none.
	Metadata map[string]string
	// GRPC is the error's google.rpc.Code: its definition's, else its
	// class's own, else the mapping of its HTTP status.
	GRPC GRPCCode
	// RateLimit is what the rate-limit headers say; nil when they give
	// none of the limit, the remaining requests and the reset.
	RateLimit *RateLimit
	// ReceivedAt is the clock when the response was read, to the
	// millisecond; reset times the headers give count from it.
	ReceivedAt time.Time
	// Err is why there is no whole response to read, nil for every error
	// built from one: the client's error when reading the body failed
	// (say, a connection reset midway), or ErrNoResponse. Unwrap returns
	// it, so errors.Is(err, io.ErrUnexpectedEOF) and IsConnectionError see
	// through; such an *Error has no code or class, Do treats it as the
	// error it carries (rule 20), its GRPC is UNAVAILABLE (UNKNOWN for
	// ErrNoResponse), and it is no error document.
	Err error

	def         *definition
	shouldRetry *bool
	delay       requestedDelay
	// subcodes holds each sub-code's value, in the order of
	// envelope.subcodes; "" when the body has none.
	subcodes []string
}

// Item is one error of a multi-error body. Each part is "" when the item
// does not have it.
type Item struct {
	// Code is the item's code; it may be a code this package does not know.
	Code Code
	// Message is the item's human message.
	Message string
	// Field names the request field the item is about.
	Field string
	// Location is a JSON Pointer into the request the item is about.
	Location string
}

// requestedDelay is the wait the server asked for (README rule 10).
type requestedDelay struct {
	ok bool
	// ms holds milliseconds: from now, or, when absolute, since the epoch
	// (an HTTP date or a reset time).
	ms       float64
	absolute bool
}

// envelopeLayout is the type of envelope (envelope.go).
type envelopeLayout struct {
	code               location
	noCode             []string
	messages           []location
	details            location
	requestID          location
	field              location
	context            location
	retryAfter         location
	retryDelay         location
	domain             location
	metadata           location
	items              *itemsLayout
	subcodes           []location
	requestIDHeaders   []string
	retryAfterHeader   string
	retryAfterMSHeader string
	retryAtHeader      string
	shouldRetryHeader  string
	rateLimit          rateLimitLayout
}

// itemsLayout says where the items of a multi-error body are, and where
// each item keeps its parts (locations relative to the item).
type itemsLayout struct {
	at       location
	code     location
	messages []location
	field    location
	location location
}

// location is where a value is (README, rule 18): a JSON Pointer, as its
// unescaped tokens, into the body or, when from is set, into the element
// that selection picks. The zero location is nowhere.
type location struct {
	set    bool
	from   *selection
	tokens []string
}

// at is the location of a JSON Pointer's tokens; at() is the whole body.
func at(tokens ...string) location {
	return location{set: true, tokens: tokens}
}

// within is the location of a pointer into the element s selects.
func within(s *selection, tokens ...string) location {
	return location{set: true, from: s, tokens: tokens}
}

// selection picks the first element of the array at in that is an object
// whose member is the string equals.
type selection struct {
	in     location
	member string
	equals string
}

// element returns the object s picks in obj; nil when there is none.
func (s *selection) element(obj map[string]any) map[string]any {
	array, _ := s.in.in(obj).([]any)
	for _, element := range array {
		if o, ok := element.(map[string]any); ok {
			if v, ok := o[s.member].(string); ok && v == s.equals {
				return o
			}
		}
	}
	return nil
}

// in returns the value at l in obj; nil when there is none.
func (l location) in(obj map[string]any) any {
	if !l.set || obj == nil {
		return nil
	}
	if l.from != nil {
		if obj = l.from.element(obj); obj == nil {
			return nil
		}
	}
	var node any = obj
	for _, token := range l.tokens {
		switch n := node.(type) {
		case map[string]any:
			node = n[token]
		case []any:
			i, ok := arrayIndex(token, len(n))
			if !ok {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
	}
	return node
}

// stringIn returns the string at l in obj, if a string is there.
func (l location) stringIn(obj map[string]any) (string, bool) {
	s, ok := l.in(obj).(string)
	return s, ok
}

// arrayIndex reads a JSON Pointer array index: digits, no leading zero.
func arrayIndex(token string, length int) (int, bool) {
	if token == "" || len(token) > 9 || (len(token) > 1 && token[0] == '0') {
		return 0, false
	}
	i := 0
	for _, c := range []byte(token) {
		if c < '0' || c > '9' {
			return 0, false
		}
		i = i*10 + int(c-'0')
	}
	return i, i < length
}

// ErrNoResponse is the Err of the *Error that FromResponse gives for a nil
// *http.Response and FromClientResponse for a response that has no status:
// a usage error, never retried. Pass the response of a request that
// completed; when the client returned an error instead, return that error.
var ErrNoResponse = errors.New("{{ v.package }}: no response: pass the *http.Response of a completed request (or, when the client returned an error, that error)")

// FromResponse reads and closes resp's body (at most 32 MiB of it) and
// returns FromParts of the response: any status, headers and body.
//
// When reading the body fails, the *Error carries the client's error as
// Err (Unwrap), with the status, headers and the body bytes read so far,
// but no code, class or retry guidance: it is a connection error
// (IsConnectionError) that Do retries as such, never an HTTP error. A nil
// resp, or one without a three-digit status, gives an *Error whose Err is
// ErrNoResponse.
func FromResponse(resp *http.Response) *Error {
	if resp == nil {
		return noResponse("FromResponse got a nil *http.Response")
	}
	if !isStatus(resp.StatusCode) {
		if resp.Body != nil {
			_ = resp.Body.Close()
		}
		return noResponse("FromResponse got an *http.Response without a status (" + strconv.Itoa(resp.StatusCode) + ")")
	}
	var body []byte
	var err error
	if resp.Body != nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		_ = resp.Body.Close()
	}
	if err != nil {
		return &Error{
			Status:     resp.StatusCode,
			Message:    "reading the body of an HTTP " + strconv.Itoa(resp.StatusCode) + " response failed: " + err.Error(),
			Body:       body,
			Header:     withoutCredentials(resp.Header),
			GRPC:       GRPCUnavailable,
			ReceivedAt: time.UnixMilli(time.Now().UnixMilli()),
			Err:        err,
		}
	}
	return FromParts(resp.StatusCode, resp.Header, body)
}

// ClientResponse is a response an HTTP client library has already read:
// its status, headers and whole body. resty's *resty.Response is one
// (github.com/go-resty/resty/v2), so this package needs no import of it.
type ClientResponse interface {
	StatusCode() int
	Header() http.Header
	Body() []byte
}

// FromClientResponse returns FromParts of a response a client library has
// read, such as resty's: resp, err := client.R().Get(url); then, for an
// error status, FromClientResponse(resp). A nil resp, or one without a
// status (a request that failed: return its error instead), gives an
// *Error whose Err is ErrNoResponse. For resty's SetDoNotParseResponse(true),
// whose body is left unread, pass resp.RawResponse to FromResponse.
func FromClientResponse(resp ClientResponse) *Error {
	if resp == nil {
		return noResponse("FromClientResponse got a nil response")
	}
	if v := reflect.ValueOf(resp); v.Kind() == reflect.Pointer && v.IsNil() {
		return noResponse("FromClientResponse got a nil " + v.Type().String())
	}
	status := resp.StatusCode()
	if !isStatus(status) {
		return noResponse("FromClientResponse got a response without a status (" + strconv.Itoa(status) + ")")
	}
	return FromParts(status, resp.Header(), resp.Body())
}

// isStatus reports whether status is a three-digit HTTP status, which
// every response read from the network has (README rule 25); 0 is a
// request that failed before one.
func isStatus(status int) bool {
	return status >= 100 && status <= 999
}

// noResponse is the usage error of a constructor given no response.
func noResponse(what string) *Error {
	return &Error{
		Message:    what + "; pass the response of a completed request (or, when the client returned an error, return that error)",
		Header:     http.Header{},
		GRPC:       GRPCUnknown,
		ReceivedAt: time.UnixMilli(time.Now().UnixMilli()),
		Err:        ErrNoResponse,
	}
}

// FromParts builds the *Error for a response from its status, headers and
// body. It never fails and never panics: any body (empty, HTML, invalid
// UTF-8, JSON of any shape) gives an *Error, and the body is kept as it is.
func FromParts(status int, header http.Header, body []byte) *Error {
	return FromPartsAt(status, header, body, time.Now())
}

// FromPartsAt is FromParts for a response received at receivedAt, which
// the reset times of rate-limit headers count from.
func FromPartsAt(status int, header http.Header, body []byte, receivedAt time.Time) *Error {
	receivedAt = time.UnixMilli(receivedAt.UnixMilli())
	e := &Error{Status: status, Body: body, Header: withoutCredentials(header), ReceivedAt: receivedAt}
	obj := parseObject(body)

	if c, ok := codeAt(envelope.code, obj); ok && !containsString(envelope.noCode, c) {
		e.Code = Code(c)
	}
	if envelope.items != nil {
		e.Items = decodeItems(envelope.items, obj)
	}
	for i := 0; e.Code == "" && i < len(e.Items); i++ {
		e.Code = e.Items[i].Code // the first item with a code gives it
	}
	message, hasMessage := firstMessage(envelope.messages, obj)
	if e.Code == "" && hasMessage {
		e.Code = matchMessage(message)
	}
	e.def = e.Code.forStatus(status)
	if e.def != nil {
		e.Class = e.def.class
	} else if e.Class = conditionClass(status, header, obj); e.Class == "" {
		e.Class = StatusClass(status)
	}
	if c, ok := envelope.context.in(obj).(map[string]any); ok {
		e.Context = decodeContext(c)
	}
	switch {
	case hasMessage:
		e.Message = message
	case e.def != nil:
		e.Message = fillTemplate(e.def.message, e.def.params(), e.Context.param)
	case e.Class.Title() != "":
		e.Message = e.Class.Title()
	default:
		e.Message = "HTTP " + strconv.Itoa(status)
	}
	for _, name := range envelope.requestIDHeaders {
		if v := firstItem(headerValue(header, name)); v != "" {
			e.RequestID = v
			break
		}
	}
	if e.RequestID == "" {
		e.RequestID, _ = envelope.requestID.stringIn(obj)
	}
	if s, ok := envelope.field.stringIn(obj); ok {
		e.Field = s
	} else if e.def != nil {
		e.Field = e.def.field()
	}
	if d, ok := envelope.details.in(obj).(map[string]any); ok {
		e.Details = d
	}
	e.Domain, _ = envelope.domain.stringIn(obj)
	if m, ok := envelope.metadata.in(obj).(map[string]any); ok {
		e.Metadata = make(map[string]string, len(m))
		for key, value := range m {
			if s, ok := value.(string); ok {
				e.Metadata[key] = s
			}
		}
	}
	if len(envelope.subcodes) > 0 {
		e.subcodes = make([]string, len(envelope.subcodes))
		for i, l := range envelope.subcodes {
			e.subcodes[i], _ = l.stringIn(obj)
		}
	}
	switch info, _ := e.Class.info(); {
	case e.def != nil:
		e.GRPC = e.def.grpc
	case info.hasGRPC:
		e.GRPC = info.grpc
	default:
		e.GRPC = grpcForStatus(status)
	}
	switch v := headerValue(header, envelope.shouldRetryHeader); {
	case strings.EqualFold(v, "true"):
		e.shouldRetry = new(bool)
		*e.shouldRetry = true
	case strings.EqualFold(v, "false"):
		e.shouldRetry = new(bool)
	}
	e.delay = requestedDelayOf(header, obj)
	e.RateLimit = rateLimitOf(header, receivedAt)
	return e
}

// firstMessage is the first non-empty string among locations in obj.
func firstMessage(locations []location, obj map[string]any) (string, bool) {
	for _, l := range locations {
		if s, ok := l.stringIn(obj); ok && s != "" {
			return s, true
		}
	}
	return "", false
}

// codeAt reads a code (rule 3): the string at l, or an integer there,
// written in decimal.
func codeAt(l location, obj map[string]any) (string, bool) {
	switch v := l.in(obj).(type) {
	case string:
		return v, v != ""
	case json.Number:
		return integerText(v)
	}
	return "", false
}

// maxExactInteger is 2^53-1, the largest integer every JSON reader keeps
// exactly.
const maxExactInteger = 1<<53 - 1

// integerText writes a JSON number that is an integer (no fractional part,
// |n| <= 2^53-1) in decimal: -1121.0 and 1e3 are -1121 and 1000.
func integerText(n json.Number) (string, bool) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return strconv.FormatInt(i, 10), i >= -maxExactInteger && i <= maxExactInteger
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > maxExactInteger {
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}

// decodeItems reads the items of a multi-error body (rule 15): every
// element of the array that is an object, in order.
func decodeItems(layout *itemsLayout, obj map[string]any) []Item {
	array, _ := layout.at.in(obj).([]any)
	var items []Item
	for _, element := range array {
		o, ok := element.(map[string]any)
		if !ok {
			continue
		}
		var item Item
		if c, ok := codeAt(layout.code, o); ok {
			item.Code = Code(c)
		}
		item.Message, _ = firstMessage(layout.messages, o)
		item.Field, _ = layout.field.stringIn(o)
		item.Location, _ = layout.location.stringIn(o)
		items = append(items, item)
	}
	return items
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseObject returns body as a JSON object, or nil when body is not valid
// UTF-8, is blank, is not JSON or is JSON of another kind. Numbers stay
// json.Number; of duplicate keys the last wins.
func parseObject(body []byte) map[string]any {
	if !utf8.Valid(body) || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil
	}
	return obj
}

// asFloat returns the JSON number v as a float64; false for a number
// beyond the float64 range, which is no usable number (README rule 2).
func asFloat(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// requestedDelayOf finds the first valid of (rule 10): the milliseconds
// header, the Retry-After header (seconds or an HTTP date), the epoch-second
// reset header, the body's seconds, the body's protobuf Duration.
func requestedDelayOf(header http.Header, obj map[string]any) requestedDelay {
	if ms, ok := headerMillis(headerValue(header, envelope.retryAfterMSHeader), 1); ok {
		return requestedDelay{ok: true, ms: ms}
	}
	if v := headerValue(header, envelope.retryAfterHeader); v != "" {
		if ms, ok := headerMillis(v, 1000); ok {
			return requestedDelay{ok: true, ms: ms}
		}
		if t, ok := parseHTTPDate(v); ok {
			return requestedDelay{ok: true, ms: float64(t.UnixMilli()), absolute: true}
		}
	}
	if ms, ok := epochMillis(headerValue(header, envelope.retryAtHeader)); ok {
		return requestedDelay{ok: true, ms: ms, absolute: true}
	}
	if s, ok := asFloat(envelope.retryAfter.in(obj)); ok && s >= 0 {
		return requestedDelay{ok: true, ms: s * 1000}
	}
	if d, ok := envelope.retryDelay.stringIn(obj); ok {
		if s, ok := strings.CutSuffix(d, "s"); ok {
			if ms, ok := headerMillis(s, 1000); ok {
				return requestedDelay{ok: true, ms: ms}
			}
		}
	}
	return requestedDelay{}
}

// nonNegative reads a header's plain decimal number (digits, maybe a
// fraction); anything else, a sign included, is not one.
func nonNegative(s string) (float64, bool) {
	digits, dot := 0, false
	for i, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// headerMillis reads a header number (see nonNegative) of units that
// are perUnit (1 or 1000) milliseconds each, exactly, in whole
// milliseconds rounded down; a value beyond 2^53−1 ms is 2^53−1.
func headerMillis(s string, perUnit int64) (float64, bool) {
	if _, ok := nonNegative(s); !ok {
		return 0, false
	}
	whole, fraction, _ := strings.Cut(s, ".")
	if whole = strings.TrimLeft(whole, "0"); len(whole) > 16 {
		return maxExactInteger, true
	}
	n, _ := strconv.ParseInt("0"+whole, 10, 64)
	if n > maxExactInteger/perUnit {
		return maxExactInteger, true
	}
	ms := n * perUnit
	if perUnit == 1000 {
		frac, _ := strconv.ParseInt((fraction + "000")[:3], 10, 64)
		ms += frac
	}
	return float64(min(ms, maxExactInteger)), true
}

// epochMillis reads a header number of epoch seconds (README rule 10) as
// epoch milliseconds, exact up to 2^53 ms (the year 287396), without the
// 2^53−1 bound of headerMillis: that bound applies to the time until then.
func epochMillis(s string) (float64, bool) {
	if _, ok := nonNegative(s); !ok {
		return 0, false
	}
	whole, fraction, _ := strings.Cut(s, ".")
	if whole = strings.TrimLeft(whole, "0"); len(whole) > 15 {
		f, _ := strconv.ParseFloat(s, 64) // finite: nonNegative said so
		return f * 1000, true
	}
	n, _ := strconv.ParseInt("0"+whole, 10, 64)
	frac, _ := strconv.ParseInt((fraction + "000")[:3], 10, 64)
	return float64(n*1000 + frac), true
}

var (
	shortDays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	longDays  = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months    = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// parseHTTPDate reads an HTTP-date in any of the three forms of RFC 9110,
// section 5.6.7, exactly as the other languages' packages do (README rule
// 10): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850
// "Sunday, 06-Nov-94 08:49:37 GMT" (years below 70 are 20xx) and asctime
// "Sun Nov  6 08:49:37 1994". http.ParseTime accepts any zone name and
// reads two-digit years otherwise.
func parseHTTPDate(s string) (time.Time, bool) {
	s = strings.Trim(s, " \t")
	var day, month, year int
	var clock string
	ok := true
	if weekday, rest, found := strings.Cut(s, ", "); found {
		rest, gmt := strings.CutSuffix(rest, " GMT")
		switch f := strings.Split(rest, " "); {
		case !gmt:
			return time.Time{}, false
		case slices.Contains(shortDays, weekday) && len(f) == 4:
			day, month, year, clock = digits(f[0], 2, &ok), monthNumber(f[1], &ok), digits(f[2], 4, &ok), f[3]
		case slices.Contains(longDays, weekday) && len(f) == 2:
			date := strings.Split(f[0], "-")
			if len(date) != 3 {
				return time.Time{}, false
			}
			day, month, year, clock = digits(date[0], 2, &ok), monthNumber(date[1], &ok), digits(date[2], 2, &ok), f[1]
			if year < 70 {
				year += 2000
			} else {
				year += 1900
			}
		default:
			return time.Time{}, false
		}
	} else {
		// asctime; the day is two characters: "06" or " 6".
		f := strings.SplitN(s, " ", 3)
		if len(f) != 3 || !slices.Contains(shortDays, f[0]) || len(f[2]) < 3 || f[2][2] != ' ' {
			return time.Time{}, false
		}
		rest := strings.Split(f[2][3:], " ")
		if len(rest) != 2 {
			return time.Time{}, false
		}
		if f[2][0] == ' ' {
			day = digits(f[2][1:2], 1, &ok)
		} else {
			day = digits(f[2][:2], 2, &ok)
		}
		month, clock, year = monthNumber(f[1], &ok), rest[0], digits(rest[1], 4, &ok)
	}
	hms := strings.Split(clock, ":")
	if !ok || len(hms) != 3 {
		return time.Time{}, false
	}
	hour, minute, second := digits(hms[0], 2, &ok), digits(hms[1], 2, &ok), digits(hms[2], 2, &ok)
	lastDay := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if !ok || hour > 23 || minute > 59 || second > 60 || day < 1 || day > lastDay {
		return time.Time{}, false
	}
	// A leap second (:60) is the next minute's first.
	return time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC), true
}

// digits reads exactly n ASCII digits; otherwise it clears *ok.
func digits(s string, n int, ok *bool) int {
	v := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			*ok = false
			return 0
		}
		v = v*10 + int(c-'0')
	}
	if len(s) != n {
		*ok = false
	}
	return v
}

// monthNumber reads an English month abbreviation; otherwise it clears *ok.
func monthNumber(s string, ok *bool) int {
	i := slices.Index(months, s)
	if i < 0 {
		*ok = false
	}
	return i + 1
}

// headerValue returns the value of the header name, matched without regard
// to case: its field lines combined, joined by ", " in order (RFC 9110,
// section 5.3), trimmed; "" when there is none.
func headerValue(header http.Header, name string) string {
	if name == "" {
		return ""
	}
	return strings.TrimSpace(strings.Join(headerValues(header, name), ", "))
}

// headerValues returns every value of the header name: those under its
// canonical key, then those under other spellings of it, by key.
func headerValues(header http.Header, name string) []string {
	canonical := http.CanonicalHeaderKey(name)
	values := append([]string(nil), header[canonical]...)
	var others []string
	for key := range header {
		if key != canonical && strings.EqualFold(key, name) {
			others = append(others, key)
		}
	}
	sort.Strings(others)
	for _, key := range others {
		values = append(values, header[key]...)
	}
	return values
}

// firstItem returns the first non-empty item, trimmed, of a comma-separated
// header value (README rule 7); "" when there is none.
func firstItem(value string) string {
	for _, item := range strings.Split(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			return item
		}
	}
	return ""
}

// credentialHeaders are never kept on an *Error.
var credentialHeaders = []string{"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}

// withoutCredentials copies header without the credential headers, each
// header's field lines combined into one value under its canonical key.
func withoutCredentials(header http.Header) http.Header {
	kept := make(http.Header, len(header))
	for key := range header {
		credential := false
		for _, c := range credentialHeaders {
			credential = credential || strings.EqualFold(key, c)
		}
		canonical := http.CanonicalHeaderKey(key)
		if _, done := kept[canonical]; !credential && !done {
			kept[canonical] = []string{strings.Join(headerValues(header, key), ", ")}
		}
	}
	return kept
}

// Error returns "{{ v.package }}: HTTP <status> <code>: <message> (request id <id>)",
// leaving out the code and request id when there are none; for an *Error
// without a whole response (Err), "{{ v.package }}: <message>".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Err != nil {
		b.WriteString("{{ v.package }}: ")
		b.WriteString(e.Message)
		return b.String()
	}
	b.WriteString("{{ v.package }}: HTTP ")
	b.WriteString(strconv.Itoa(e.Status))
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(string(e.Code))
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns Err: the client's error when the body could not be read,
// ErrNoResponse when there was no response; nil otherwise.
func (e *Error) Unwrap() error {
	return e.Err
}

// Is reports whether target is the sentinel of e's class (ErrRateLimit and
// the like), so that errors.Is(err, ErrRateLimit) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*classError)
	return ok && e.Class != "" && t.class == e.Class
}

// Definition returns the catalog's definition that applies to e: the first
// of its code's definitions with e's status. There is none for an unknown
// code, a response without a code, or a code sent with another status.
func (e *Error) Definition() (Definition, bool) {
	if e.def == nil {
		return Definition{}, false
	}
	return e.def.public(), true
}

// Policy returns the retry policy that applies to e: its definition's, else
// its class's, else the catalog's default, which never retries.
func (e *Error) Policy() RetryPolicy {
	if e.def != nil {
		return e.def.policy()
	}
	return e.Class.Policy()
}

// Retryable reports whether e is worth retrying: the should-retry header
// decides when the API sends one; otherwise the policy is not never.
func (e *Error) Retryable() bool {
	if e.shouldRetry != nil {
		return *e.shouldRetry
	}
	return e.Policy().Mode != RetryModeNever
}

// RetryAfter returns the delay the server asked for, as it asked (README
// rule 10: not shortened to the policy's MaxRetryAfter), an HTTP date or
// a reset time counted from ReceivedAt (so an error rebuilt from its JSON
// document says the same); false when it asked for none. A delay beyond
// time.Duration's range (292 years) is its largest whole millisecond;
// RetryAfterMillis has the exact value.
func (e *Error) RetryAfter() (time.Duration, bool) {
	if e.ReceivedAt.IsZero() {
		return e.RetryAfterAt(time.Now())
	}
	return e.RetryAfterAt(e.ReceivedAt)
}

// RetryAfterAt is RetryAfter with an HTTP date or a reset time counted from now.
func (e *Error) RetryAfterAt(now time.Time) (time.Duration, bool) {
	ms, ok := e.RetryAfterMillis(now)
	return durationOfMillis(ms), ok
}

// RetryAfterMillis is RetryAfterAt in whole milliseconds, at most 2^53−1.
func (e *Error) RetryAfterMillis(now time.Time) (int64, bool) {
	if !e.delay.ok {
		return 0, false
	}
	ms := e.delay.ms
	if e.delay.absolute {
		ms -= float64(now.UnixMilli()) + float64(now.Nanosecond()%1e6)/1e6
	}
	// Fractions of a millisecond are rounded down; a past time is 0.
	return int64(min(max(math.Floor(ms), 0), maxExactInteger)), true
}

// durationOfMillis is ms milliseconds, saturating at the largest whole
// millisecond a time.Duration holds.
func durationOfMillis(ms int64) time.Duration {
	if ms > int64(math.MaxInt64/time.Millisecond) {
		ms = int64(math.MaxInt64 / time.Millisecond)
	}
	return time.Duration(ms) * time.Millisecond
}

// RetryDelay returns how long to wait before retry n (1 for the first
// retry), README rule 12: for a retry-after policy, the server-requested
// delay if there is one; otherwise the policy's backoff. When the server
// asks for longer than the policy's MaxRetryAfter, LongerWaitClamp waits
// MaxRetryAfter and LongerWaitGiveUp does not retry: RetryDelay reports
// false, and Do returns the error at once (rule 13).
func (e *Error) RetryDelay(retry int, now time.Time, random func() float64) (time.Duration, bool) {
	p := e.Policy()
	if p.Mode == RetryModeRetryAfter {
		if ms, ok := e.RetryAfterMillis(now); ok {
			if limit := p.MaxRetryAfter.Milliseconds(); ms > limit {
				if p.LongerWait != LongerWaitClamp {
					return 0, false
				}
				return p.MaxRetryAfter, true
			}
			return durationOfMillis(ms), true
		}
	}
	return p.Backoff(retry, random), true
}

