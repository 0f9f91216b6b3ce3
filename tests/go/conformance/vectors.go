package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// knownFailures names vectors this package is known to disagree with, and
// why; the report explains each. Empty: every vector passes.
var knownFailures = map[string]string{}

// vectorFile is one of tests/vectors/*.json, the conformance vectors every
// language's package must agree on.
type vectorFile struct {
	Comment   string         `json:"$comment"`
	Spec      string         `json:"spec"`
	Vectors   []vector       `json:"vectors"`
	Retry     []scenario     `json:"retry"`
	Templates []templateCall `json:"templates"`
	Documents []documentCase `json:"documents"`
}

// documentCase is an error written as data (rule 23): the response, the
// exact document every language writes, and what reading it back gives.
type documentCase struct {
	Name       string          `json:"name"`
	Status     int             `json:"status"`
	Headers    [][2]string     `json:"headers"`
	Body       *string         `json:"body"`
	BodyBase64 *string         `json:"body_base64"`
	NowUnixMS  int64           `json:"now_unix_ms"`
	Document   json.RawMessage `json:"document"`
	Expect     expect          `json:"expect"`
}

// templateCall is a call of the by-code message formatter (rule 19).
type templateCall struct {
	Code    string         `json:"code"`
	Status  int            `json:"status"`
	Params  map[string]any `json:"params"`
	Message string         `json:"message"`
}

type vector struct {
	Name       string      `json:"name"`
	Status     int         `json:"status"`
	Headers    [][2]string `json:"headers"`
	Body       *string     `json:"body"`
	BodyBase64 *string     `json:"body_base64"`
	BodyLarge  *struct {
		Prefix string `json:"prefix"`
		Repeat string `json:"repeat"`
		Count  int    `json:"count"`
		Suffix string `json:"suffix"`
	} `json:"body_large"`
	NowUnixMS *int64 `json:"now_unix_ms"`
	Expect    expect `json:"expect"`
}

// expect is every key a vector's expect has; unknown keys fail the decoding
// so that a key added to the vectors is never silently skipped.
type expect struct {
	Class        *string        `json:"class"`
	Code         *string        `json:"code"`
	KnownCode    bool           `json:"known_code"`
	Message      string         `json:"message"`
	RequestID    *string        `json:"request_id"`
	Field        *string        `json:"field"`
	Retryable    bool           `json:"retryable"`
	RetryAfterMS *int64         `json:"retry_after_ms"`
	Context      map[string]any `json:"context"`
	// The keys below are checked only when present.
	Items     *[]expectItem             `json:"items"`
	Subcodes  *map[string]expectSubcode `json:"subcodes"`
	Domain    json.RawMessage           `json:"domain"`
	Metadata  *map[string]string        `json:"metadata"`
	GRPC      *string                   `json:"grpc"`
	RateLimit json.RawMessage           `json:"rate_limit"`
}

type expectItem struct {
	Code      *string `json:"code"`
	KnownCode bool    `json:"known_code"`
	Message   *string `json:"message"`
	Field     *string `json:"field"`
	Location  *string `json:"location"`
}

type expectSubcode struct {
	Value string `json:"value"`
	Known bool   `json:"known"`
}

type scenario struct {
	Name        string     `json:"name"`
	Responses   []response `json:"responses"`
	Attempts    int        `json:"attempts"`
	DelaysMS    []int64    `json:"delays_ms"`
	Result      string     `json:"result"`
	FinalStatus int        `json:"final_status"`
	// IdempotencyKey is the caller's key (a string), or null: the helper
	// makes one; absent: the scenario does not say.
	IdempotencyKey json.RawMessage `json:"idempotency_key"`
	// SentHeaders are the headers each attempt must send, attempt by
	// attempt; generatedKey stands for the key the helper made.
	SentHeaders [][][2]string `json:"sent_headers"`
	// Random is the jitter's random value; nil: 0.5.
	Random *float64 `json:"random"`
}

// sent returns the headers attempt n (from 1) must send; nil when the
// scenario does not say.
func (sc scenario) sent(n int) [][2]string {
	if sc.SentHeaders == nil {
		return nil
	}
	if n > len(sc.SentHeaders) {
		return [][2]string{}
	}
	return sc.SentHeaders[n-1]
}

// generatedKey in sent_headers is the key the helper made: a UUID v4,
// the same on every attempt, another on every call.
const generatedKey = "<generated uuid v4>"

type response struct {
	Status  int         `json:"status"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
	// ConnectionError, when set, is the failure before any response that
	// this attempt meets instead: refused, reset, eof or timeout.
	ConnectionError string `json:"connection_error"`
}

func (v vector) body(t testing.TB) []byte {
	switch {
	case v.Body != nil:
		return []byte(*v.Body)
	case v.BodyBase64 != nil:
		b, err := base64.StdEncoding.DecodeString(*v.BodyBase64)
		if err != nil {
			t.Fatalf("%s: body_base64: %v", v.Name, err)
		}
		return b
	case v.BodyLarge != nil:
		l := v.BodyLarge
		return []byte(l.Prefix + strings.Repeat(l.Repeat, l.Count) + l.Suffix)
	}
	t.Fatalf("%s: no body, body_base64 or body_large", v.Name)
	return nil
}

// now is the clock an HTTP-date Retry-After counts from.
func (v vector) now() time.Time {
	if v.NowUnixMS != nil {
		return time.UnixMilli(*v.NowUnixMS)
	}
	return time.Now()
}

// header keeps the names as the vector spells them (any case), as a map
// built by hand would; the HTTP tests see them canonicalised.
func header(pairs [][2]string) http.Header {
	h := http.Header{}
	for _, p := range pairs {
		h[p[0]] = append(h[p[0]], p[1])
	}
	return h
}

// loadVectors finds the vector file whose spec generates into the current
// directory (the module under test): <spec>/../generated/go.
func loadVectors(t testing.TB) *vectorFile {
	t.Helper()
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := here
	for {
		if info, err := os.Stat(filepath.Join(root, "tests", "vectors")); err == nil && info.IsDir() {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatalf("no tests/vectors above %s", here)
		}
		root = parent
	}
	files, _ := filepath.Glob(filepath.Join(root, "tests", "vectors", "*.json"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var f vectorFile
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if filepath.Join(root, filepath.Dir(f.Spec), "generated", "go") == here {
			if len(f.Vectors) == 0 || len(f.Retry) == 0 {
				t.Fatalf("%s has no vectors or no retry scenarios", path)
			}
			return &f
		}
	}
	t.Fatalf("no vector file in %s/tests/vectors has its spec generated into %s", root, here)
	return nil
}

// Vectors checks every vector and retry scenario of the spec's vector file,
// first on FromParts and Do directly, then over real HTTP: a loopback
// server serves each response, net/http fetches it and FromResponse reads it.
func Vectors(t *testing.T, pkg Package) {
	f := loadVectors(t)
	t.Run("parts", func(t *testing.T) {
		for _, v := range f.Vectors {
			runVector(t, v, func(t *testing.T) error { return pkg.FromPartsAt(v.Status, header(v.Headers), v.body(t), v.now()) }, pkg)
		}
		for _, sc := range f.Retry {
			runScenario(t, sc, pkg, func(n int) func(context.Context) error {
				r := sc.Responses[n]
				if r.ConnectionError != "" {
					err := connectionError(t, r.ConnectionError)
					return func(context.Context) error { return err }
				}
				if r.Status < 400 {
					return nil
				}
				return func(context.Context) error { return pkg.FromParts(r.Status, header(r.Headers), []byte(r.Body)) }
			})
		}
	})
	t.Run("http", func(t *testing.T) { overHTTP(t, f, pkg) })
	t.Run("templates", func(t *testing.T) { checkTemplates(t, f, pkg) })
	t.Run("documents", func(t *testing.T) { checkDocuments(t, f, pkg) })
}

// connectionError is the error net/http's client returns for a failure
// before any response of the kind a scenario names.
func connectionError(t *testing.T, kind string) error {
	switch kind {
	case "refused":
		return &url.Error{Op: "Get", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	case "reset":
		return &url.Error{Op: "Get", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}}
	case "eof":
		return &url.Error{Op: "Get", URL: "http://127.0.0.1:1/", Err: io.ErrUnexpectedEOF}
	case "timeout":
		return &url.Error{Op: "Get", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}}
	}
	t.Fatalf("unknown connection_error %q", kind)
	return nil
}

// checkDocuments writes every documents entry's error as JSON, which
// must be the vector's document, and reads the vector's document back
// (rule 23): the same error, every field equal, as expect says.
func checkDocuments(t *testing.T, f *vectorFile, pkg Package) {
	for _, d := range f.Documents {
		t.Run(d.Name, func(t *testing.T) {
			v := vector{Name: d.Name, Body: d.Body, BodyBase64: d.BodyBase64}
			body := v.body(t)
			now := time.UnixMilli(d.NowUnixMS)
			original := pkg.FromPartsAt(d.Status, header(d.Headers), body, now)
			written, err := json.Marshal(original)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			if !sameJSON(t, written, d.Document) {
				t.Errorf("document:\n got %s\nwant %s", written, d.Document)
			}
			rebuilt, err := pkg.FromJSON(d.Document)
			if err != nil {
				t.Fatalf("FromJSON: %v", err)
			}
			if !reflect.DeepEqual(rebuilt, original) {
				t.Errorf("rebuilt from the document:\n got %#v\nwant %#v", rebuilt, original)
			}
			o, ok := pkg.Observe(rebuilt)
			if !ok {
				t.Fatalf("FromJSON gave %T, not the package's error", rebuilt)
			}
			if o.Status != d.Status || !bytes.Equal(o.Body, body) || !o.ReceivedAt.Equal(now) {
				t.Errorf("status %d, %d body bytes, received at %v; want %d, %d, %v", o.Status, len(o.Body), o.ReceivedAt, d.Status, len(body), now)
			}
			checkExpect(t, o, d.Expect, now)
			// Without a clock, the delay counts from when it was received.
			if got, ok := o.RetryAfterReceived(); ok != (d.Expect.RetryAfterMS != nil) || ok && got != time.Duration(*d.Expect.RetryAfterMS)*time.Millisecond {
				t.Errorf("RetryAfter() = %v, %v; want %v ms counted from ReceivedAt", got, ok, d.Expect.RetryAfterMS)
			}
			// json.Unmarshal into the package's error type reads it too.
			into := reflect.New(reflect.TypeOf(pkg.ErrorType).Elem())
			if err := json.Unmarshal(d.Document, into.Interface()); err != nil || !reflect.DeepEqual(into.Interface(), original) {
				t.Errorf("json.Unmarshal into the error type: %v", err)
			}
			// Another format version or another API's is no error document.
			var doc map[string]any
			if err := json.Unmarshal(d.Document, &doc); err != nil {
				t.Fatal(err)
			}
			for key, value := range map[string]any{"errcat": 2, "api": doc["api"].(string) + "-other"} {
				changed := map[string]any{}
				for k, v := range doc {
					changed[k] = v
				}
				changed[key] = value
				got, err := pkg.FromJSON(mustJSON(t, changed))
				if _, isPkg := pkg.Observe(err); err == nil || isPkg || got != nil {
					t.Errorf("%s %v: FromJSON gave %v, %v; want a document error", key, value, got, err)
				}
			}
		})
	}
}

// sameJSON compares two JSON texts as values: key order is free.
func sameJSON(t *testing.T, a, b []byte) bool {
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func runVector(t *testing.T, v vector, build func(t *testing.T) error, pkg Package) {
	t.Run(v.Name, func(t *testing.T) {
		if why, ok := knownFailures[v.Name]; ok {
			t.Skipf("known failure: %s", why)
		}
		body := v.body(t)
		err := build(t)
		o, ok := pkg.Observe(err)
		if !ok {
			t.Fatalf("gave %T, not the package's error", err)
		}
		if o.Status != v.Status || !bytes.Equal(o.Body, body) {
			t.Errorf("status %d and %d body bytes, want %d and %d", o.Status, len(o.Body), v.Status, len(body))
		}
		checkExpect(t, o, v.Expect, v.now())
	})
}

func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// checkExpect compares every expect key; null is the package's "" (or
// false for RetryAfter's ok).
func checkExpect(t *testing.T, o Observed, want expect, now time.Time) {
	t.Helper()
	str := func(key, got string, want *string) {
		if got != orEmpty(want) {
			t.Errorf("%s = %q, want %q", key, got, orEmpty(want))
		}
	}
	str("class", o.Class, want.Class)
	str("code", o.Code, want.Code)
	str("request_id", o.RequestID, want.RequestID)
	str("field", o.Field, want.Field)
	if o.Known != want.KnownCode {
		t.Errorf("known_code = %v, want %v", o.Known, want.KnownCode)
	}
	if o.Message != want.Message {
		t.Errorf("message = %q, want %q", truncate([]byte(o.Message)), truncate([]byte(want.Message)))
	}
	if o.Retryable != want.Retryable {
		t.Errorf("retryable = %v, want %v", o.Retryable, want.Retryable)
	}
	ms, ok := o.RetryAfterMS(now)
	switch {
	case want.RetryAfterMS == nil && ok:
		t.Errorf("retry_after_ms = %d, want none", ms)
	case want.RetryAfterMS != nil && (!ok || ms != *want.RetryAfterMS):
		t.Errorf("retry_after_ms = %d (%v), want %d", ms, ok, *want.RetryAfterMS)
	}
	if len(want.RateLimit) > 0 {
		var rl *RateLimit
		if err := json.Unmarshal(want.RateLimit, &rl); err != nil {
			t.Fatalf("expect.rate_limit: %v", err)
		}
		if got, exp := string(mustJSON(t, o.RateLimit)), string(mustJSON(t, rl)); got != exp {
			t.Errorf("rate_limit = %s, want %s", got, exp)
		}
	}
	// Both sides through encoding/json: numbers compare as float64.
	var got, exp map[string]any
	if err := json.Unmarshal(mustJSON(t, o.Context), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mustJSON(t, want.Context), &exp); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || len(exp) != 0 {
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("context = %v, want %v", got, exp)
		}
	}
	if want.Items != nil {
		var items []expectItem
		for _, it := range o.Items {
			nullable := func(s string) *string {
				if s == "" {
					return nil
				}
				return &s
			}
			items = append(items, expectItem{Code: nullable(it.Code), KnownCode: it.Known, Message: nullable(it.Message), Field: nullable(it.Field), Location: nullable(it.Location)})
		}
		if fmt.Sprint(jsonText(t, items)) != fmt.Sprint(jsonText(t, *want.Items)) {
			t.Errorf("items = %s, want %s", jsonText(t, items), jsonText(t, *want.Items))
		}
	}
	if want.Subcodes != nil {
		got := map[string]expectSubcode{}
		for name, sc := range o.Subcodes {
			got[name] = expectSubcode(sc)
		}
		if !reflect.DeepEqual(got, *want.Subcodes) {
			t.Errorf("subcodes = %+v, want %+v", got, *want.Subcodes)
		}
	}
	if len(want.Domain) > 0 {
		var domain *string
		if err := json.Unmarshal(want.Domain, &domain); err != nil {
			t.Fatalf("expect.domain: %v", err)
		}
		str("domain", o.Domain, domain)
	}
	if want.Metadata != nil && !(len(o.Metadata) == 0 && len(*want.Metadata) == 0) && !reflect.DeepEqual(o.Metadata, *want.Metadata) {
		t.Errorf("metadata = %v, want %v", o.Metadata, *want.Metadata)
	}
	if want.GRPC != nil && o.GRPC != *want.GRPC {
		t.Errorf("grpc = %s, want %s", o.GRPC, *want.GRPC)
	}
}

// jsonText is v as JSON, for comparing and printing lists ([] and null alike).
func jsonText(t *testing.T, v any) string {
	if reflect.ValueOf(v).Len() == 0 {
		return "[]"
	}
	return string(mustJSON(t, v))
}

// checkTemplates calls the by-code formatter for every templates entry.
func checkTemplates(t *testing.T, f *vectorFile, pkg Package) {
	if len(f.Templates) == 0 {
		return
	}
	if pkg.Format == nil {
		t.Fatalf("the vectors call the message formatter: set Package.Format")
	}
	for _, c := range f.Templates {
		got, ok := pkg.Format(c.Code, c.Status, c.Params)
		if !ok || got != c.Message {
			t.Errorf("FormatMessage(%s, %d, %v) = %q, %v; want %q", c.Code, c.Status, c.Params, got, ok, c.Message)
		}
	}
}

// uuidV4 is the shape of a generated idempotency key.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// runScenario runs the retry helper with the scenario's random (0.5 by
// default) and a fake sleep; attempt(n) is the request function's n-th
// call (0-based). Every attempt must carry the scenario's sent_headers.
func runScenario(t *testing.T, sc scenario, pkg Package, attempt func(n int) func(context.Context) error) {
	t.Run("retry: "+sc.Name, func(t *testing.T) {
		if why, ok := knownFailures[sc.Name]; ok {
			t.Skipf("known failure: %s", why)
		}
		random := 0.5
		if sc.Random != nil {
			random = *sc.Random
		}
		var delays []int64
		calls := 0
		hooks := Hooks{
			Sleep: func(_ context.Context, d time.Duration) error {
				if d%time.Millisecond != 0 {
					t.Errorf("delay %v is not a whole number of milliseconds", d)
				}
				delays = append(delays, d.Milliseconds())
				return nil
			},
			Now:    func() time.Time { return time.UnixMilli(1445412450000) },
			Random: func() float64 { return random },
		}
		if len(sc.IdempotencyKey) > 0 {
			var key *string
			if err := json.Unmarshal(sc.IdempotencyKey, &key); err != nil {
				t.Fatalf("idempotency_key: %v", err)
			}
			hooks.IdempotencyKey = orEmpty(key)
		}
		generated := ""
		var last error
		err := pkg.Do(context.Background(), func(ctx context.Context) error {
			if calls >= len(sc.Responses) {
				t.Fatalf("attempt %d: the scenario has only %d responses", calls+1, len(sc.Responses))
			}
			calls++
			generated = checkAttempt(t, pkg, ctx, calls, sc.sent(calls), generated)
			last = nil
			if fn := attempt(calls - 1); fn != nil {
				last = fn(ctx)
			}
			return last
		}, hooks)
		if calls != sc.Attempts {
			t.Errorf("attempts = %d, want %d", calls, sc.Attempts)
		}
		if fmt.Sprint(delays) != fmt.Sprint(sc.DelaysMS) && !(len(delays) == 0 && len(sc.DelaysMS) == 0) {
			t.Errorf("delays_ms = %v, want %v", delays, sc.DelaysMS)
		}
		switch sc.Result {
		case "ok":
			if err != nil {
				t.Errorf("result: %v, want ok", err)
			}
		case "error":
			o, ok := pkg.Observe(err)
			if !ok || o.Status != sc.FinalStatus {
				t.Errorf("result: %v, want the package's error with status %d", err, sc.FinalStatus)
			}
		case "connection_error":
			if _, isPkg := pkg.Observe(err); err == nil || isPkg || !errors.Is(err, last) {
				t.Errorf("result: %v, want the last connection error %v", err, last)
			}
		default:
			t.Fatalf("unknown result %q", sc.Result)
		}
		if generated != "" {
			// A second call makes another key.
			again := ""
			_ = pkg.Do(context.Background(), func(ctx context.Context) error {
				again = checkAttempt(t, pkg, ctx, 1, sc.sent(1), "")
				return nil
			}, Hooks{})
			if again == generated {
				t.Errorf("two calls sent the same generated key %s", again)
			}
		}
	})
}

// checkAttempt checks the attempt Do passes to the request function: its
// number, and the headers it must send. It returns the generated key the
// attempt sends (generated, when an earlier attempt made one; it must be
// the same).
func checkAttempt(t *testing.T, pkg Package, ctx context.Context, number int, want [][2]string, generated string) string {
	n, got, ok := pkg.Attempt(ctx)
	if !ok || n != number {
		t.Errorf("attempt %d: AttemptFrom gives %d, %v", number, n, ok)
	}
	for _, h := range want {
		value := got.Get(h[0])
		if h[1] != generatedKey {
			if value != h[1] {
				t.Errorf("attempt %d: header %s = %q, want %q", number, h[0], value, h[1])
			}
			continue
		}
		if !uuidV4.MatchString(value) || (generated != "" && value != generated) {
			t.Errorf("attempt %d: header %s = %q, want one UUID v4 on every attempt (first %q)", number, h[0], value, generated)
		}
		generated = value
	}
	if want != nil && len(want) == 0 && len(got) != 0 {
		t.Errorf("attempt %d: headers %v, want none", number, got)
	}
	return generated
}

// overHTTP serves every vector at /v/<i> and every scenario's responses, in
// order, at /r/<i> from a loopback server that the test closes (and that
// times out idle connections by itself), and fetches them with net/http.
func overHTTP(t *testing.T, f *vectorFile, pkg Package) {
	counters := make([]atomic.Int64, len(f.Retry))
	bodies := make([][]byte, len(f.Vectors))
	for i, v := range f.Vectors {
		bodies[i] = v.body(t)
	}
	serve := func(w http.ResponseWriter, status int, pairs [][2]string, body []byte) {
		for _, p := range pairs {
			w.Header().Add(p[0], p[1])
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i, ok := index(r.URL.Path, "/v/", len(f.Vectors)); ok {
			serve(w, f.Vectors[i].Status, f.Vectors[i].Headers, bodies[i])
			return
		}
		if i, ok := index(r.URL.Path, "/r/", len(f.Retry)); ok {
			// The client says which attempt it makes: a refused one never
			// reaches the server.
			responses := f.Retry[i].Responses
			counters[i].Add(1)
			n, err := strconv.Atoi(r.Header.Get("X-Attempt"))
			if err != nil || n < 1 || n > len(responses) {
				http.Error(w, "scenario exhausted", http.StatusTeapot)
				return
			}
			if i := slices.IndexFunc(f.Retry[i].sent(n), func(h [2]string) bool {
				got := r.Header.Get(h[0])
				return got == "" || h[1] != generatedKey && got != h[1]
			}); i >= 0 {
				http.Error(w, "a header is missing or wrong", http.StatusTeapot)
				return
			}
			switch responses[n-1].ConnectionError {
			case "":
				serve(w, responses[n-1].Status, responses[n-1].Headers, []byte(responses[n-1].Body))
			case "timeout":
				<-r.Context().Done() // the client gives up first
			default: // reset, eof: the connection closes before a response
				conn, _, err := http.NewResponseController(w).Hijack()
				if err != nil {
					panic(err)
				}
				if tcp, ok := conn.(*net.TCPConn); ok && responses[n-1].ConnectionError == "reset" {
					_ = tcp.SetLinger(0) // close with a RST
				}
				_ = conn.Close()
			}
			return
		}
		http.NotFound(w, r)
	}))
	srv.Config.ReadTimeout = 10 * time.Second
	srv.Config.WriteTimeout = 10 * time.Second
	srv.Config.IdleTimeout = 10 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	// No connection is reused, so that the transport never retries a
	// request by itself on one the server closed.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	// A port nothing listens on: connecting is refused.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + closed.Addr().String()
	_ = closed.Close()

	fetch := func(ctx context.Context, base, path string, header http.Header) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return nil, err
		}
		for name, values := range header {
			req.Header[name] = values
		}
		return client.Do(req)
	}
	for i, v := range f.Vectors {
		runVector(t, v, func(t *testing.T) error {
			resp, err := fetch(context.Background(), srv.URL, fmt.Sprintf("/v/%d", i), nil)
			if err != nil {
				t.Fatalf("fetching: %v", err)
			}
			err = pkg.FromResponse(resp)
			if o, ok := pkg.Observe(err); ok && v.NowUnixMS != nil {
				// A reset time counts from the vector's clock, not the
				// real one FromResponse reads: rebuild from what it kept.
				return pkg.FromPartsAt(o.Status, o.Header, o.Body, v.now())
			}
			return err
		}, pkg)
	}
	for i, sc := range f.Retry {
		served := 0
		runScenario(t, sc, pkg, func(n int) func(context.Context) error {
			base := srv.URL
			switch sc.Responses[n].ConnectionError {
			case "refused":
				base = refused
			default:
				served++
			}
			return func(ctx context.Context) error {
				_, header, _ := pkg.Attempt(ctx)
				header = header.Clone()
				header.Set("X-Attempt", strconv.Itoa(n+1))
				if sc.Responses[n].ConnectionError == "timeout" {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, 100*time.Millisecond)
					defer cancel()
				}
				resp, err := fetch(ctx, base, fmt.Sprintf("/r/%d", i), header)
				if err != nil {
					return err
				}
				if resp.StatusCode >= 400 {
					return pkg.FromResponse(resp)
				}
				defer resp.Body.Close()
				var sink bytes.Buffer
				_, err = sink.ReadFrom(resp.Body)
				return err
			}
		})
		if n := counters[i].Load(); n != int64(served) {
			t.Errorf("retry: %s: the server saw %d requests, want %d", sc.Name, n, served)
		}
	}
}

// index reads the <i> of prefix<i> in path; false when path is not one.
func index(path, prefix string, n int) (int, bool) {
	rest, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil && i >= 0 && i < n
}

// vectorSeeds returns the status, first header and body of every vector
// and retry response, for the fuzz corpus; large bodies are cut short.
func vectorSeeds(t testing.TB) (seeds []fuzzSeed) {
	f := loadVectors(t)
	for _, v := range f.Vectors {
		body := v.body(t)
		if len(body) > 4096 {
			body = append(append([]byte(nil), body[:2048]...), body[len(body)-2048:]...)
		}
		name, value := firstHeader(v.Headers)
		seeds = append(seeds, fuzzSeed{v.Status, name, value, string(body)})
	}
	for _, sc := range f.Retry {
		for _, r := range sc.Responses {
			name, value := firstHeader(r.Headers)
			seeds = append(seeds, fuzzSeed{r.Status, name, value, r.Body})
		}
	}
	return seeds
}

type fuzzSeed struct {
	status      int
	name, value string
	body        string
}

func firstHeader(pairs [][2]string) (name, value string) {
	if len(pairs) == 0 {
		return "X-None", ""
	}
	return pairs[0][0], pairs[0][1]
}
