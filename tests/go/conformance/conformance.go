package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Package adapts one generated package to the suite.
type Package struct {
	// Catalog is the path of the spec's catalog.json.
	Catalog string
	// ErrorType is a nil *Error of the package: (*pkg.Error)(nil).
	ErrorType error
	// FromParts, FromPartsAt and FromResponse call the package's
	// constructors.
	FromParts    func(status int, header http.Header, body []byte) error
	FromPartsAt  func(status int, header http.Header, body []byte, receivedAt time.Time) error
	FromResponse func(resp *http.Response) error
	// FromClientResponse calls the package's FromClientResponse (rule 25),
	// which reads a response a client library read whole (resty's).
	FromClientResponse func(resp ClientResponse) error
	// IsConnectionError calls the package's IsConnectionError (rule 20).
	IsConnectionError func(err error) bool
	// ErrNoResponse is the package's ErrNoResponse: what a constructor's
	// error wraps when it was given no response.
	ErrNoResponse error
	// FromJSON calls the package's FromJSON (rule 23).
	FromJSON func(data []byte) (error, error)
	// Attempt calls the package's AttemptFrom: the attempt's number and
	// headers; false outside Do.
	Attempt func(ctx context.Context) (int, http.Header, bool)
	// Sentinels maps every class id to the package's ErrX sentinel.
	Sentinels map[string]error
	// Definitions returns pkg.Code(code).Definitions().
	Definitions func(code string) any
	// Do runs the package's retry helper with the given hooks.
	Do func(ctx context.Context, fn func(context.Context) error, h Hooks) error
	// Subcodes reads every sub-code accessor of an *Error of the package
	// (nil when the spec declares none): name → value, for those present.
	Subcodes func(err error) map[string]Subcode
	// Format calls the package's FormatMessage (rule 19).
	Format func(code string, status int, params map[string]any) (string, bool)
}

// Subcode is a sub-code's value and whether the package lists it.
type Subcode struct {
	Value string
	Known bool
}

// Item is an item of a multi-error body in neutral types.
type Item struct {
	Code, Message, Field, Location string
	Known                          bool
}

// Observe reads an error of the package (errors.As); false for others.
func (p Package) Observe(err error) (Observed, bool) {
	o, ok := observe(p.ErrorType, err)
	if ok && p.Subcodes != nil {
		o.Subcodes = p.Subcodes(err)
	}
	return o, ok
}

// Lookup returns the package's definitions of a code string.
func (p Package) Lookup(code string) []Definition { return lookup(p.Definitions(code)) }

// Hooks replace the retry helper's sleep, clock and randomness, and
// give its idempotency key (rule 21) and extra connection errors (rule 20).
type Hooks struct {
	Sleep  func(ctx context.Context, d time.Duration) error
	Now    func() time.Time
	Random func() float64
	// IdempotencyKey is the caller's key; "": the helper makes one.
	IdempotencyKey string
	// NewKey replaces the key generator; nil: the package's own.
	NewKey func() string
	// ConnectionError extends what counts as a connection error.
	ConnectionError func(err error) bool
}

// Observed is what the package's *Error exposes, in neutral types.
type Observed struct {
	Text       string
	Status     int
	Code       string
	Known      bool
	Class      string
	Message    string
	RequestID  string
	Field      string
	Details    map[string]any
	Context    any
	Body       []byte
	Header     http.Header
	Retryable  bool
	RetryAfter func(now time.Time) (time.Duration, bool)
	// RetryAfterReceived is RetryAfter(): counted from ReceivedAt.
	RetryAfterReceived func() (time.Duration, bool)
	// RetryAfterMS is RetryAfter in exact milliseconds (RetryAfterMillis).
	RetryAfterMS func(now time.Time) (int64, bool)
	Delay        func(retry int, now time.Time, random func() float64) (time.Duration, bool)
	RateLimit    *RateLimit
	ReceivedAt   time.Time
	Policy       Policy
	Definition   *Definition
	Items        []Item
	Domain       string
	Metadata     map[string]string
	GRPC         string
	Subcodes     map[string]Subcode
}

// Policy is a retry policy in neutral types.
type Policy struct {
	Mode          string
	MaxAttempts   int
	InitialDelay  time.Duration
	MaxDelay      time.Duration
	MaxRetryAfter time.Duration
	LongerWait    string
}

// RateLimit is an error's rate-limit headers (rule 22) in neutral types,
// as the vectors write them.
type RateLimit struct {
	Limit     *int64  `json:"limit"`
	Remaining *int64  `json:"remaining"`
	ResetMS   *int64  `json:"reset_ms"`
	WindowMS  *int64  `json:"window_ms"`
	Policy    *string `json:"policy"`
}

// Definition is a code's definition in neutral types.
type Definition struct {
	Code, Domain                               string
	Status                                     int
	Class, Message, Description, Remedy, Field string
	Fields, Params                             []string
	GRPC                                       string
	Retry                                      Policy
	Since, DocsURL                             string
	Deprecated                                 *Deprecation
}

// Deprecation is a definition's deprecation in neutral types.
type Deprecation struct {
	Since       string `json:"since"`
	Replacement string `json:"replacement"`
	Note        string `json:"note"`
}

func toPolicy(p policy) Policy {
	return Policy{
		Mode:          p.Policy,
		MaxAttempts:   p.MaxAttempts,
		InitialDelay:  time.Duration(p.InitialDelayMS) * time.Millisecond,
		MaxDelay:      time.Duration(p.MaxDelayMS) * time.Millisecond,
		MaxRetryAfter: time.Duration(p.MaxRetryAfterMS) * time.Millisecond,
		LongerWait:    p.LongerWait,
	}
}

type suite struct {
	pkg Package
	cat *catalog
}

// Run runs every check against pkg.
func Run(t *testing.T, pkg Package) {
	s := &suite{pkg: pkg, cat: loadCatalog(t, pkg.Catalog)}
	t.Run("definitions", s.definitions)
	t.Run("every error", s.everyError)
	t.Run("classes", s.classes)
	t.Run("unknown code", s.unknownCode)
	t.Run("garbage bodies", s.garbage)
	t.Run("context fields", s.contextFields)
	t.Run("retry after", s.retryAfter)
	t.Run("request id", s.requestID)
	t.Run("credentials", s.credentials)
	t.Run("from response", s.fromResponse)
	t.Run("retry helper", s.retryHelper)
	t.Run("templates", s.templates)
	t.Run("vectors", func(t *testing.T) { Vectors(t, pkg) })
	t.Run("clients", s.clients)
}

// observe builds an error and reads it, failing when it is not the package's.
func (s *suite) observe(t *testing.T, status int, header http.Header, body []byte) Observed {
	t.Helper()
	err := s.pkg.FromParts(status, header, body)
	o, ok := s.pkg.Observe(err)
	if !ok {
		t.Fatalf("FromParts(%d) gave %T, not the package's error", status, err)
	}
	if o.Status != status || !bytes.Equal(o.Body, body) {
		t.Errorf("FromParts(%d): status %d and body %q, want them kept", status, o.Status, truncate(o.Body))
	}
	return o
}

func truncate(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}

// body is an error body as the spec lays it out, for code (when the API
// sends codes) and message.
func (s *suite) body(t testing.TB, code, message string) []byte {
	b := map[string]any{}
	env := s.cat.Envelope
	if env.Code != nil && code != "" {
		s.cat.setAt(b, *env.Code, code)
	}
	if len(env.Message) > 0 && message != "" {
		s.cat.setAt(b, env.Message[0], message)
	}
	return mustJSON(t, b)
}

func (s *suite) definitions(t *testing.T) {
	want := map[string][]specError{}
	for _, e := range s.cat.errors() {
		want[e.Code] = append(want[e.Code], e)
	}
	for code, defs := range want {
		got := s.pkg.Lookup(code)
		if len(got) != len(defs) {
			t.Errorf("%s: %d definitions, want %d", code, len(got), len(defs))
			continue
		}
		for i, d := range defs {
			w := Definition{Code: d.Code, Domain: d.Domain, Status: d.Status, Class: d.Class, Message: d.Message, Description: d.Description,
				Remedy: d.Remedy, Field: d.Field, Fields: d.Fields, Params: d.Params, GRPC: d.GRPC, Retry: toPolicy(d.Retry), Since: d.Since,
				DocsURL: d.DocsURL, Deprecated: d.Deprecated}
			g := got[i]
			if len(g.Fields) == 0 && len(w.Fields) == 0 {
				g.Fields, w.Fields = nil, nil
			}
			if len(g.Params) == 0 && len(w.Params) == 0 {
				g.Params, w.Params = nil, nil
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s definition %d:\n got %+v\nwant %+v", code, i, g, w)
			}
		}
	}
	if got := s.pkg.Lookup("NOT_A_CODE_" + s.cat.API.ID); len(got) != 0 {
		t.Errorf("an unknown code has definitions: %+v", got)
	}
}

// everyError sends every error of every domain as the API would and checks
// code, definition, class, message, field and retry policy (rules 3-9).
func (s *suite) everyError(t *testing.T) {
	for _, e := range s.cat.errors() {
		message := "server says: " + e.Message
		code := e.Code
		if s.cat.Envelope.Code == nil {
			switch {
			case len(e.Matches.Exact) > 0:
				message = e.Matches.Exact[0]
			case len(e.Matches.Prefix) > 0:
				message = e.Matches.Prefix[0] + " (details)"
			default:
				continue // nothing on the wire identifies it
			}
			code = s.cat.matchCode(message)
		}
		o := s.observe(t, e.Status, nil, s.body(t, e.Code, message))
		def := s.cat.definition(code, e.Status)
		if def == nil {
			t.Fatalf("%s: catalog has no definition with its own status", code)
		}
		if o.Code != code || !o.Known {
			t.Errorf("%s/%s: code %q (known %v), want %q", e.Domain, e.Code, o.Code, o.Known, code)
		}
		if o.Definition == nil || o.Definition.Domain != def.Domain || o.Definition.Status != def.Status {
			t.Errorf("%s/%s: definition %+v, want domain %s", e.Domain, e.Code, o.Definition, def.Domain)
		}
		if o.Class != def.Class || o.Message != message || o.Field != def.Field {
			t.Errorf("%s/%s: class %q message %q field %q, want %q %q %q", e.Domain, e.Code, o.Class, o.Message, o.Field, def.Class, message, def.Field)
		}
		if o.GRPC != def.GRPC {
			t.Errorf("%s/%s: grpc %s, want %s (rule 17)", e.Domain, e.Code, o.GRPC, def.GRPC)
		}
		if o.Policy != toPolicy(def.Retry) || o.Retryable != (def.Retry.Policy != "never") {
			t.Errorf("%s/%s: policy %+v retryable %v, want %+v", e.Domain, e.Code, o.Policy, o.Retryable, def.Retry)
		}
		err := s.pkg.FromParts(e.Status, nil, s.body(t, e.Code, message))
		for id, sentinel := range s.pkg.Sentinels {
			if got := errors.Is(err, sentinel); got != (id == def.Class) {
				t.Errorf("%s/%s: errors.Is(err, sentinel of %s) = %v", e.Domain, e.Code, id, got)
			}
		}
		if !strings.Contains(o.Text, fmt.Sprint(e.Status)) || !strings.Contains(o.Text, code) {
			t.Errorf("%s: Error() = %q lacks status or code", e.Code, o.Text)
		}
	}
}

// templates: rule 19 for every templated error, each parameter a text
// that itself looks like a placeholder (it is not filled in again), and
// rule 6's fill-in from the body when it has no message.
func (s *suite) templates(t *testing.T) {
	if s.pkg.Format == nil {
		t.Skip("the adapter sets no Format")
	}
	for _, e := range s.cat.errors() {
		params := map[string]any{}
		want := e.Message
		for _, p := range e.Params {
			params[p] = "<" + p + "> of " + p
			want = strings.ReplaceAll(want, "<"+p+">", "\x00"+p+"\x00")
		}
		for _, p := range e.Params {
			want = strings.ReplaceAll(want, "\x00"+p+"\x00", "<"+p+"> of "+p)
		}
		if def := s.cat.definition(e.Code, e.Status); def == nil || def.Domain != e.Domain {
			continue // an earlier domain's definition applies (rule 4)
		}
		if got, ok := s.pkg.Format(e.Code, e.Status, params); !ok || got != want {
			t.Errorf("%s/%d: FormatMessage = %q, %v; want %q", e.Code, e.Status, got, ok, want)
		}
		if len(e.Params) == 0 {
			continue
		}
		if got, _ := s.pkg.Format(e.Code, e.Status, nil); got != e.Message {
			t.Errorf("%s/%d: without parameters FormatMessage = %q, want the template %q", e.Code, e.Status, got, e.Message)
		}
	}
	if _, ok := s.pkg.Format("NOT_A_CODE_"+s.cat.API.ID, 400, nil); ok {
		t.Errorf("FormatMessage of an unknown code reports a message")
	}
}

// classes: every class from its statuses (and its fallback range) on an
// empty body, and a status no class claims (rules 5, 6).
func (s *suite) classes(t *testing.T) {
	if len(s.pkg.Sentinels) != len(s.cat.Classes) {
		t.Errorf("%d sentinels for %d classes", len(s.pkg.Sentinels), len(s.cat.Classes))
	}
	check := func(status int, class string) {
		o := s.observe(t, status, nil, nil)
		title, p := s.cat.class(class)
		wantMessage := title
		if class == "" {
			wantMessage = fmt.Sprintf("HTTP %d", status)
			p = s.cat.Retry // rule 9: never, with the [retry] parameters
		}
		if o.Class != class || o.Message != wantMessage || o.Code != "" || o.Definition != nil || o.Policy != toPolicy(p) {
			t.Errorf("status %d: class %q message %q code %q policy %+v, want %q %q, no code, %+v", status, o.Class, o.Message, o.Code, o.Policy, class, wantMessage, p)
		}
		err := s.pkg.FromParts(status, nil, nil)
		if sentinel, ok := s.pkg.Sentinels[class]; class != "" && (!ok || !errors.Is(err, sentinel)) {
			t.Errorf("status %d: errors.Is(err, sentinel of %s) is false", status, class)
		}
	}
	for _, cl := range s.cat.Classes {
		for _, status := range cl.Statuses {
			check(status, cl.ID)
		}
		// Title and description byte for byte, as catalog.json has them.
		if title, description := classText(s.pkg.ErrorType, cl.ID); title != cl.Title || description != cl.Description {
			t.Errorf("class %s: title %q description %q, want %q %q", cl.ID, title, truncate([]byte(description)), cl.Title, truncate([]byte(cl.Description)))
		}
	}
	for status := 100; status <= 599; status++ {
		if s.cat.classOf(status) != "" || status/100 == 4 || status/100 == 5 {
			// fallbacks are checked below, one status per range
			continue
		}
		check(status, "")
	}
	for _, r := range []int{400, 500} {
		for status := r; status < r+100; status++ {
			check(status, s.cat.classOf(status))
		}
	}
}

func (s *suite) unknownCode(t *testing.T) {
	if s.cat.Envelope.Code == nil {
		o := s.observe(t, 400, nil, s.body(t, "", "a message no version of the spec knows"))
		if o.Code != "" || o.Known || o.Definition != nil || o.Message != "a message no version of the spec knows" || o.Class != s.cat.classOf(400) {
			t.Errorf("unknown message: %+v", o)
		}
		return
	}
	const code = "BRAND_NEW_CODE_FROM_A_NEWER_SERVER"
	o := s.observe(t, 429, nil, s.body(t, code, "slow down"))
	if o.Code != code || o.Known || o.Definition != nil || o.Message != "slow down" || o.Class != s.cat.classOf(429) {
		t.Errorf("unknown code: %+v", o)
	}
	// A known code sent with a status none of its definitions has.
	known := s.cat.errors()[0]
	o = s.observe(t, 599, nil, s.body(t, known.Code, ""))
	title, _ := s.cat.class(s.cat.classOf(599))
	if o.Code != known.Code || !o.Known || o.Definition != nil || o.Class != s.cat.classOf(599) || (title != "" && o.Message != title) {
		t.Errorf("known code with another status: %+v", o)
	}
}

// garbage: rule 1 and 2 on bodies that are not the envelope.
func (s *suite) garbage(t *testing.T) {
	env := s.cat.Envelope
	nest := s.cat.rawAt
	huge := bytes.Repeat([]byte("x"), 5<<20)
	cases := []struct {
		name   string
		status int
		body   []byte
	}{
		{"HTML from a proxy", 502, []byte("<html><body><h1>502 Bad Gateway</h1></body></html>")},
		{"empty", 503, nil},
		{"blank", 500, []byte(" \n\t ")},
		{"invalid UTF-8", 500, []byte("{\"message\": \"\xff\xfe\"}")},
		{"JSON array", 400, []byte(`[{"code":"X","message":"m"}]`)},
		{"JSON string", 400, []byte(`"just a string"`)},
		{"JSON null", 400, []byte(`null`)},
		{"truncated JSON", 400, []byte(`{"message": "cut`)},
		{"trailing garbage", 400, []byte(`{} {}`)},
		{"deep nesting", 400, append(bytes.Repeat([]byte("["), 100000), bytes.Repeat([]byte("]"), 100000)...)},
		{"5 MB of garbage", 413, huge},
	}
	for _, c := range cases {
		o := s.observe(t, c.status, nil, c.body)
		title, _ := s.cat.class(s.cat.classOf(c.status))
		if title == "" {
			title = fmt.Sprintf("HTTP %d", c.status)
		}
		if o.Code != "" || o.Message != title || o.Details != nil || o.Field != "" {
			t.Errorf("%s: code %q message %q details %v field %q, want the class title %q", c.name, o.Code, o.Message, o.Details, o.Field, title)
		}
	}
	// A 5 MB message still reads.
	big := strings.Repeat("y", 5<<20)
	if o := s.observe(t, 500, nil, s.body(t, "", big)); o.Message != big {
		t.Errorf("5 MB message: got %d bytes", len(o.Message))
	}
	msg := env.Message[0]
	// null message: falls back to the catalog.
	nullBody := []byte(nest(msg, "null"))
	if o := s.observe(t, 404, nil, nullBody); o.Message != func() string { title, _ := s.cat.class(s.cat.classOf(404)); return title }() {
		t.Errorf("null message: %q", o.Message)
	}
	// An empty message does not count: the message is never empty.
	if o := s.observe(t, 404, nil, []byte(nest(msg, `""`))); o.Message == "" {
		t.Errorf("empty message: kept as the message")
	}
	// Duplicate keys: the last wins.
	dup := []byte(nest(msg, `"first","`+tokens(msg)[len(tokens(msg))-1]+`":"second"`))
	if o := s.observe(t, 400, nil, dup); o.Message != "second" {
		t.Errorf("duplicate keys: message %q from %s, want the last", o.Message, dup)
	}
	if env.Code != nil {
		// An integer is a code (rule 3); a fraction, a number beyond 2^53-1
		// and every other JSON value are not.
		for _, v := range []string{"4.5", "9007199254740993", "true", "{}", "[\"X\"]", "null"} {
			o := s.observe(t, 403, nil, []byte(nest(*env.Code, v)))
			if o.Code != "" || o.Definition != nil {
				t.Errorf("code %s: got code %q, want none", v, o.Code)
			}
		}
		known := s.cat.errors()[0]
		dup := []byte(nest(*env.Code, `"NOT_THIS",`+mustString(tokens(*env.Code)[len(tokens(*env.Code))-1])+`:"`+known.Code+`"`))
		if o := s.observe(t, known.Status, nil, dup); o.Code != known.Code {
			t.Errorf("duplicate code keys: %q from %s", o.Code, dup)
		}
	}
}

// rawAt is a JSON object text with the raw JSON inner at location (a
// JSON Pointer or rule 18's "@name/pointer"); inner may hold further
// members of the innermost object after the value.
func (c *catalog) rawAt(location, inner string) string {
	return "{" + c.rawMembers(location, inner) + "}"
}

// rawMembers is rawAt without the outer braces.
func (c *catalog) rawMembers(location, inner string) string {
	array, member, equals, rest, ok := c.selected(location)
	if ok {
		element := mustString(member) + ":" + mustString(equals)
		if rest != "" {
			element += "," + c.rawMembers(rest, inner)
		}
		return c.rawMembers(array, "[{"+element+"}]")
	}
	toks := tokens(location)
	out := inner
	for i := len(toks) - 1; i >= 0; i-- {
		if i == len(toks)-1 {
			out = mustString(toks[i]) + ":" + out
		} else {
			out = mustString(toks[i]) + ":{" + out + "}"
		}
	}
	return out
}

func mustString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// contextFields: rule 8's typing of each declared field.
func (s *suite) contextFields(t *testing.T) {
	env := s.cat.Envelope
	if env.Context == nil || len(s.cat.Fields) == 0 {
		o := s.observe(t, 400, nil, s.body(t, "", "m"))
		if got := contextJSON(t, o); len(got) != 0 {
			t.Errorf("context without declared fields: %v", got)
		}
		return
	}
	good := map[string]any{"string": "text \u2028 ✓", "integer": 30, "number": 1.5, "boolean": true}
	want := map[string]any{"string": "text \u2028 ✓", "integer": 30.0, "number": 1.5, "boolean": true}
	bad := map[string][]any{
		"string":  {12, true, nil, map[string]any{}},
		"integer": {1.5, "30", true, nil, 1e300},
		"number":  {"1.5", false, nil, []any{1}},
		"boolean": {"true", 1, nil},
	}
	for _, f := range s.cat.Fields {
		b := map[string]any{}
		s.cat.setAt(b, *env.Context, map[string]any{f.Name: good[f.Type]})
		s.cat.setAt(b, env.Message[0], "m")
		got := contextJSON(t, s.observe(t, 400, nil, mustJSON(t, b)))
		if !reflect.DeepEqual(got[f.Name], want[f.Type]) {
			t.Errorf("%s (%s): got %v, want %v", f.Name, f.Type, got[f.Name], want[f.Type])
		}
		for _, v := range bad[f.Type] {
			b := map[string]any{}
			s.cat.setAt(b, *env.Context, map[string]any{f.Name: v})
			if got := contextJSON(t, s.observe(t, 400, nil, mustJSON(t, b))); got[f.Name] != nil {
				t.Errorf("%s (%s) = %#v: got %v, want absent", f.Name, f.Type, v, got[f.Name])
			}
		}
		if f.Type == "integer" {
			b := []byte(s.cat.rawAt(*env.Context+"/"+f.Name, "30.0"))
			if got := contextJSON(t, s.observe(t, 400, nil, b)); got[f.Name] != 30.0 {
				t.Errorf("%s = 30.0: got %v, want 30", f.Name, got[f.Name])
			}
		}
	}
	if env.Details != nil {
		b := map[string]any{}
		s.cat.setAt(b, *env.Details, map[string]any{"hint": "kept", "n": 7})
		o := s.observe(t, 400, nil, mustJSON(t, b))
		if o.Details["hint"] != "kept" || fmt.Sprint(o.Details["n"]) != "7" {
			t.Errorf("details: %v", o.Details)
		}
	}
}

func contextJSON(t *testing.T, o Observed) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(mustJSON(t, o.Context), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// retryStatus is a status whose class retries after the server's delay,
// else any retrying class's, else 0.
func (s *suite) retryStatus(mode string) (int, Policy) {
	for _, cl := range s.cat.Classes {
		if (mode == "" && cl.Retry.Policy != "never" || cl.Retry.Policy == mode) && len(cl.Statuses) > 0 {
			return cl.Statuses[0], toPolicy(cl.Retry)
		}
	}
	return 0, Policy{}
}

// retryAfter: rule 10 for every form the header takes, and the body member.
func (s *suite) retryAfter(t *testing.T) {
	status, p := s.retryStatus("retry_after")
	if status == 0 {
		t.Skip("no class retries after the server's delay")
	}
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	name := s.cat.Envelope.Headers.RetryAfter
	maxDuration := time.Duration(math.MaxInt64).Truncate(time.Millisecond)
	cases := []struct {
		value string
		ms    int64 // the server's ask, never shortened (rule 10)
		ok    bool
	}{
		{"7", 7000, true},
		{"0", 0, true},
		{"1.5", 1500, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30000, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{fmt.Sprint(p.MaxRetryAfter.Milliseconds() / 1000), p.MaxRetryAfter.Milliseconds() / 1000 * 1000, true},
		{fmt.Sprint(p.MaxRetryAfter.Milliseconds()/1000 + 1), (p.MaxRetryAfter.Milliseconds()/1000 + 1) * 1000, true},
		{"99999999999", 99999999999000, true},
		{"99999999999999999999", 1<<53 - 1, true},
		{"1e400", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{"Mon, 99 Foo 2030 00:00:00 GMT", 0, false},
	}
	for _, c := range cases {
		h := http.Header{}
		h.Set(name, c.value)
		o := s.observe(t, status, h, nil)
		ms, ok := o.RetryAfterMS(now)
		if ms != c.ms || ok != c.ok {
			t.Errorf("%s: %q gives %dms %v, want %dms %v", name, c.value, ms, ok, c.ms, c.ok)
		}
		want := time.Duration(c.ms) * time.Millisecond
		if c.ms > maxDuration.Milliseconds() {
			want = maxDuration
		}
		if got, _ := o.RetryAfter(now); got != want {
			t.Errorf("%s: %q: RetryAfterAt gives %v, want %v", name, c.value, got, want)
		}
		if !c.ok {
			continue
		}
		// Rule 12: the ask if it is at most MaxRetryAfter; a longer one
		// is MaxRetryAfter under clamp, and no retry under give_up.
		switch d, retry := o.Delay(1, now, func() float64 { return 0.5 }); {
		case want <= p.MaxRetryAfter && (d != want || !retry):
			t.Errorf("%s: %q: delay before the first retry %v %v, want the server's %v", name, c.value, d, retry, want)
		case want > p.MaxRetryAfter && p.LongerWait == "clamp" && (d != p.MaxRetryAfter || !retry):
			t.Errorf("%s: %q: delay %v %v, want it clamped to %v", name, c.value, d, retry, p.MaxRetryAfter)
		case want > p.MaxRetryAfter && p.LongerWait == "give_up" && retry:
			t.Errorf("%s: %q: delay %v, want no retry (give_up)", name, c.value, d)
		}
	}
	// Without a usable delay, a retry-after policy backs off (rule 12).
	o := s.observe(t, status, http.Header{name: {"-1"}}, nil)
	if got, retry := o.Delay(2, now, func() float64 { return 0 }); !retry || got != (min(p.MaxDelay, 2*p.InitialDelay)/2).Truncate(time.Millisecond) {
		t.Errorf("backoff before retry 2 with no delay: %v %v", got, retry)
	}
	if s.cat.Envelope.RetryAfter != nil {
		b := map[string]any{}
		s.cat.setAt(b, *s.cat.Envelope.RetryAfter, 30)
		o := s.observe(t, status, nil, mustJSON(t, b))
		if got, ok := o.RetryAfter(now); got != 30*time.Second || !ok {
			t.Errorf("body retry_after 30: %v %v", got, ok)
		}
		o = s.observe(t, status, http.Header{"Retry-After": {"2"}}, mustJSON(t, b))
		if got, _ := o.RetryAfter(now); got != 2*time.Second {
			t.Errorf("the header wins over the body: %v", got)
		}
		s.cat.setAt(b, *s.cat.Envelope.RetryAfter, -30)
		if _, ok := s.observe(t, status, nil, mustJSON(t, b)).RetryAfter(now); ok {
			t.Errorf("a negative body retry_after is used")
		}
	}
}

func (s *suite) requestID(t *testing.T) {
	headers := s.cat.Envelope.Headers.RequestID
	if len(headers) > 0 {
		// Header names match in any case, even in a map built by hand.
		h := http.Header{strings.ToUpper(headers[0]): {"req_from_header"}}
		o := s.observe(t, 500, h, nil)
		if o.RequestID != "req_from_header" || !strings.Contains(o.Text, "req_from_header") {
			t.Errorf("request id from header: %q in %q", o.RequestID, o.Text)
		}
	}
	if s.cat.Envelope.RequestID != nil {
		b := map[string]any{}
		s.cat.setAt(b, *s.cat.Envelope.RequestID, "req_from_body")
		o := s.observe(t, 500, nil, mustJSON(t, b))
		if o.RequestID != "req_from_body" || !strings.Contains(o.Text, "req_from_body") {
			t.Errorf("request id from body: %q", o.RequestID)
		}
		if len(headers) > 0 {
			o := s.observe(t, 500, http.Header{"X-Other": {"x"}, http.CanonicalHeaderKey(headers[0]): {""}}, mustJSON(t, b))
			if o.RequestID != "req_from_body" {
				t.Errorf("an empty header hides the body's request id: %q", o.RequestID)
			}
			o = s.observe(t, 500, http.Header{http.CanonicalHeaderKey(headers[0]): {"req_h"}}, mustJSON(t, b))
			if o.RequestID != "req_h" {
				t.Errorf("the header does not win over the body: %q", o.RequestID)
			}
		}
	}
}

func (s *suite) credentials(t *testing.T) {
	const secret = "sk_live_SECRET"
	h := http.Header{
		"Authorization":       {"Bearer " + secret},
		"Proxy-Authorization": {"Basic " + secret},
		"Cookie":              {"session=" + secret},
		"Set-Cookie":          {"session=" + secret},
		"x-api-key":           {secret},
		"X-Kept":              {"yes"},
	}
	err := s.pkg.FromParts(401, h, s.body(t, "", "bad key"))
	o, _ := s.pkg.Observe(err)
	if len(o.Header) != 1 || o.Header.Get("X-Kept") != "yes" {
		t.Errorf("headers kept: %v", o.Header)
	}
	if dump := fmt.Sprintf("%+v %#v %s", err, err, err); strings.Contains(dump, secret) {
		t.Errorf("a credential survives in the error: %s", dump)
	}
	if h.Get("Authorization") == "" {
		t.Errorf("the caller's headers were changed")
	}
}

type closeTracker struct {
	io.Reader
	closed bool
}

func (c *closeTracker) Close() error {
	c.closed = true
	return nil
}

func (s *suite) fromResponse(t *testing.T) {
	body := &closeTracker{Reader: strings.NewReader(string(s.body(t, "", "from a response")))}
	resp := &http.Response{StatusCode: 404, Header: http.Header{"X-Kept": {"1"}}, Body: body}
	o, ok := s.pkg.Observe(s.pkg.FromResponse(resp))
	if !ok || o.Status != 404 || o.Message != "from a response" || !body.closed || o.Header.Get("X-Kept") != "1" {
		t.Errorf("FromResponse: %+v, body closed %v", o, body.closed)
	}
	if _, ok := s.pkg.Observe(s.pkg.FromResponse(nil)); !ok {
		t.Errorf("FromResponse(nil) is not the package's error")
	}
	if _, ok := s.pkg.Observe(s.pkg.FromResponse(&http.Response{StatusCode: 500})); !ok {
		t.Errorf("FromResponse without a body is not the package's error")
	}
}

// retryHelper: rule 13 with a fake sleep, clock and randomness.
func (s *suite) retryHelper(t *testing.T) {
	status, p := s.retryStatus("backoff")
	if status == 0 {
		t.Fatalf("no class backs off")
	}
	type run struct {
		attempts int
		sleeps   []time.Duration
		err      error
	}
	do := func(ctx context.Context, random float64, fail func(attempt int) error) run {
		var r run
		hooks := Hooks{
			Sleep:  func(_ context.Context, d time.Duration) error { r.sleeps = append(r.sleeps, d); return nil },
			Now:    func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) },
			Random: func() float64 { return random },
		}
		r.err = s.pkg.Do(ctx, func(context.Context) error { r.attempts++; return fail(r.attempts) }, hooks)
		return r
	}
	ctx := context.Background()

	// Always failing: MaxAttempts attempts, backoff with equal jitter.
	for _, random := range []float64{0, 0.5} {
		r := do(ctx, random, func(int) error { return fmt.Errorf("wrapped: %w", s.pkg.FromParts(status, nil, nil)) })
		if r.attempts != p.MaxAttempts || len(r.sleeps) != p.MaxAttempts-1 {
			t.Fatalf("backoff: %d attempts, %d sleeps, want %d", r.attempts, len(r.sleeps), p.MaxAttempts)
		}
		for i, d := range r.sleeps {
			base := p.InitialDelay << i
			if base > p.MaxDelay {
				base = p.MaxDelay
			}
			if want := (base/2 + time.Duration(random*float64(base-base/2))).Truncate(time.Millisecond); d != want {
				t.Errorf("sleep %d with random %v: %v, want %v", i+1, random, d, want)
			}
		}
		if o, ok := s.pkg.Observe(r.err); !ok || o.Status != status {
			t.Errorf("the last error is not returned: %v", r.err)
		}
	}
	// Success on the second attempt.
	if r := do(ctx, 0, func(n int) error {
		if n == 1 {
			return s.pkg.FromParts(status, nil, nil)
		}
		return nil
	}); r.err != nil || r.attempts != 2 {
		t.Errorf("success after one retry: %d attempts, %v", r.attempts, r.err)
	}
	// Not retryable, and not the package's: returned at once.
	never := 0
	for st := 400; st <= 599 && never == 0; st++ {
		if o := s.observe(t, st, nil, nil); !o.Retryable {
			never = st
		}
	}
	other := errors.New("connection reset")
	for _, fail := range []error{s.pkg.FromParts(never, nil, nil), other} {
		if r := do(ctx, 0, func(int) error { return fail }); r.attempts != 1 || r.err != fail || len(r.sleeps) != 0 {
			t.Errorf("%v: %d attempts, %v", fail, r.attempts, r.err)
		}
	}
	// The server's delay, where a class retries after it.
	if ra, rp := s.retryStatus("retry_after"); ra != 0 {
		h := http.Header{}
		h.Set(s.cat.Envelope.Headers.RetryAfter, "3")
		r := do(ctx, 0.9, func(int) error { return s.pkg.FromParts(ra, h, nil) })
		if 3*time.Second > rp.MaxRetryAfter && rp.LongerWait == "give_up" {
			if r.attempts != 1 || len(r.sleeps) != 0 {
				t.Errorf("retry-after beyond MaxRetryAfter under give_up: %d attempts, sleeps %v", r.attempts, r.sleeps)
			}
		} else if r.attempts != rp.MaxAttempts || len(r.sleeps) == 0 || r.sleeps[0] != min(3*time.Second, rp.MaxRetryAfter) {
			t.Errorf("retry-after: %d attempts, sleeps %v", r.attempts, r.sleeps)
		}
	}
	// Cancelling the context stops the real sleep at once: the shortest
	// sleep equal jitter allows is InitialDelay/2, so a run shorter than
	// that did not sleep. A loaded machine may stall one run past a short
	// InitialDelay/2 (16 ms gives 8 ms), so the fastest of three counts.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	fastest := time.Duration(math.MaxInt64)
	for i := 0; i < 3; i++ {
		attempts := 0
		start := time.Now()
		err := s.pkg.Do(cancelled, func(context.Context) error { attempts++; return s.pkg.FromParts(status, nil, nil) }, Hooks{})
		fastest = min(fastest, time.Since(start))
		if _, ok := s.pkg.Observe(err); !ok || !errors.Is(err, context.Canceled) || attempts != 1 {
			t.Errorf("cancelled: %d attempts, %v", attempts, err)
		}
	}
	if fastest >= p.InitialDelay/2 {
		t.Errorf("cancelled: the fastest of three runs took %v, so it slept (InitialDelay/2 is %v)", fastest, p.InitialDelay/2)
	}
	s.connectionErrors(t, ctx)
	s.idempotencyKeys(t, ctx, status)
	// should_retry overrides the policy, where the API sends it.
	if sr := s.cat.Envelope.Headers.ShouldRetry; sr != nil {
		if o := s.observe(t, never, http.Header{http.CanonicalHeaderKey(*sr): {"TRUE"}}, nil); !o.Retryable {
			t.Errorf("should-retry true is ignored")
		}
		if o := s.observe(t, status, http.Header{http.CanonicalHeaderKey(*sr): {"false"}}, nil); o.Retryable {
			t.Errorf("should-retry false is ignored")
		}
	}
}

// flakyError is a client library's own connection error, which only a
// predicate passed to the helper recognises.
type flakyError struct{}

func (flakyError) Error() string { return "flaky transport" }

// connectionErrors: rule 20 beyond the vectors: what counts, the
// caller's predicate, and a cancellation by the caller.
func (s *suite) connectionErrors(t *testing.T, ctx context.Context) {
	retries := s.cat.RetryHelper.ConnectionErrors == "backoff"
	p := toPolicy(s.cat.Retry)
	first := (min(p.MaxDelay, p.InitialDelay) / 2).Truncate(time.Millisecond) // rule 12, random 0
	run := func(ctx context.Context, fail error, is func(error) bool) (attempts int, sleeps []time.Duration, err error) {
		err = s.pkg.Do(ctx, func(context.Context) error {
			attempts++
			if attempts == 1 {
				return fail
			}
			return nil
		}, Hooks{Sleep: func(_ context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil }, Random: func() float64 { return 0 }, ConnectionError: is})
		return attempts, sleeps, err
	}
	viaClient := func(err error) error { return &url.Error{Op: "Post", URL: "https://api.example/", Err: err} }
	kinds := map[string]error{
		"refused":          viaClient(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}),
		"reset":            viaClient(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}),
		"aborted":          &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNABORTED},
		"broken pipe":      &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE},
		"closed early":     viaClient(io.EOF),
		"unexpected EOF":   fmt.Errorf("reading the body: %w", io.ErrUnexpectedEOF),
		"deadline":         os.ErrDeadlineExceeded,
		"client timeout":   viaClient(context.DeadlineExceeded),
		"the caller's own": flakyError{},
	}
	for name, fail := range kinds {
		var is func(error) bool
		if name == "the caller's own" {
			is = func(err error) bool { return errors.As(err, new(flakyError)) }
		}
		attempts, sleeps, err := run(ctx, fail, is)
		switch {
		case retries && (attempts != 2 || err != nil || len(sleeps) != 1 || sleeps[0] != first):
			t.Errorf("connection error %s: %d attempts, sleeps %v, %v; want one retry after %v", name, attempts, sleeps, err, first)
		case !retries && (attempts != 1 || err != fail):
			t.Errorf("connection error %s with connection_errors = never: %d attempts, %v", name, attempts, err)
		}
	}
	// Not connection errors: returned at once.
	for _, fail := range []error{errors.New("boom"), io.EOF, flakyError{}, context.Canceled, viaClient(context.Canceled)} {
		if attempts, _, err := run(ctx, fail, nil); attempts != 1 || err != fail {
			t.Errorf("%v: %d attempts, %v; want it returned at once", fail, attempts, err)
		}
	}
	// The caller's cancellation or deadline: never retried.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if attempts, _, err := run(cancelled, kinds["reset"], nil); attempts != 1 || err != kinds["reset"] {
		t.Errorf("a reset after the caller cancelled: %d attempts, %v", attempts, err)
	}
	expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	if attempts, _, err := run(expired, kinds["client timeout"], nil); attempts != 1 || err != kinds["client timeout"] {
		t.Errorf("a timeout after the caller's deadline: %d attempts, %v", attempts, err)
	}
	// Attempts count across connection errors and error responses, up to
	// [retry].max_attempts for the connection errors.
	if retries {
		attempts := 0
		err := s.pkg.Do(ctx, func(context.Context) error { attempts++; return kinds["reset"] }, Hooks{Sleep: func(context.Context, time.Duration) error { return nil }})
		if attempts != p.MaxAttempts || err != kinds["reset"] {
			t.Errorf("always reset: %d attempts, %v; want %d", attempts, err, p.MaxAttempts)
		}
	}
}

// idempotencyKeys: rule 21 with the key generator replaced.
func (s *suite) idempotencyKeys(t *testing.T, ctx context.Context, status int) {
	name := ""
	if h := s.cat.RetryHelper.IdempotencyHeader; h != nil {
		name = *h
	}
	var seen []string
	var numbers []int
	calls := 0
	err := s.pkg.Do(ctx, func(ctx context.Context) error {
		n, header, ok := s.pkg.Attempt(ctx)
		if !ok {
			t.Fatalf("AttemptFrom: no attempt in the request function's context")
		}
		numbers = append(numbers, n)
		seen = append(seen, header.Get(name))
		if name == "" && len(header) != 0 {
			t.Errorf("headers %v, but the API names no idempotency header", header)
		}
		if len(numbers) < 2 {
			return s.pkg.FromParts(status, nil, nil)
		}
		return nil
	}, Hooks{Sleep: func(context.Context, time.Duration) error { return nil }, NewKey: func() string { calls++; return "key-from-the-test" }})
	if err != nil || fmt.Sprint(numbers) != "[1 2]" {
		t.Errorf("attempts %v, %v", numbers, err)
	}
	want := "[key-from-the-test key-from-the-test]"
	if name == "" {
		want = "[ ]"
	}
	if fmt.Sprint(seen) != want || name != "" && calls != 1 {
		t.Errorf("idempotency keys %v (generator called %d times), want %s", seen, calls, want)
	}
	if _, _, ok := s.pkg.Attempt(ctx); ok {
		t.Errorf("AttemptFrom finds an attempt outside the helper")
	}
}

// Fuzz checks that any status, headers and body give the package's error,
// with the status and body kept and a non-empty message. Its seed corpus,
// which runs in plain go test, holds every conformance vector's status,
// first header value and body (see vectorSeeds) and a few more.
func Fuzz(f *testing.F, pkg Package) {
	for _, seed := range []string{
		"", "{}", "[]", "null", "<html>502</html>", "\xff\xfe", `{"code":1}`, `{"message":null}`,
		`{"error":{"code":"X","message":"m","details":{"field":"f"}},"meta":{"request_id":"r"}}`,
		`{"reason":"INVALID_API_KEY","message":"invalid api-key","code":403,"metadata":[]}`,
		`{"error":"Rate limit exceeded","retry_after":1e999}`, `{"a":{"b":[1,2,{"c":"d"}]}}`,
	} {
		f.Add(429, "30", "Retry-After", seed)
		f.Add(502, "Wed, 21 Oct 2015 07:28:00 GMT", "retry-after", seed)
	}
	for _, seed := range vectorSeeds(f) {
		f.Add(seed.status, seed.value, seed.name, seed.body)
	}
	headers := []string{"Retry-After", "Retry-After-Ms", "X-Request-Id", "X-Should-Retry"}
	for _, n := range loadCatalog(f, pkg.Catalog).headerNames() {
		headers = append(headers, http.CanonicalHeaderKey(n))
	}
	f.Fuzz(func(t *testing.T, status int, value, name, body string) {
		// The value goes under the name the input chose and under every
		// header the envelopes read.
		h := http.Header{name: {value}}
		for _, n := range headers {
			h[n] = []string{value}
		}
		err := pkg.FromParts(status, h, []byte(body))
		o, ok := pkg.Observe(err)
		if !ok || o.Status != status || string(o.Body) != body {
			t.Fatalf("FromParts(%d, %q): %v", status, body, err)
		}
		if o.Message == "" || o.Text == "" {
			t.Fatalf("FromParts(%d, %q): empty message", status, body)
		}
		if ms, ok := o.RetryAfterMS(time.Now()); ok && (ms < 0 || ms > 1<<53-1) {
			t.Fatalf("retry after %dms outside [0, 2^53-1]", ms)
		}
		if d, ok := o.Delay(1, time.Now(), func() float64 { return 0.5 }); d < 0 || ok && d > max(o.Policy.MaxRetryAfter, o.Policy.MaxDelay) {
			t.Fatalf("delay %v outside [0, max(%v, %v)]", d, o.Policy.MaxRetryAfter, o.Policy.MaxDelay)
		}
	})
}
