package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server adapts a package's server side (server.go) to the round-trip
// checks of conformance/serve.json (README "Serving errors", rule 20).
type Server struct {
	// Cases is the path of the spec's conformance/serve.json.
	Cases string
	// Build calls the package's ResponseFor with a Context decoded from
	// values (the case's parameters and context fields, as JSON).
	Build func(code string, status int, values []byte, requestID string, retryAfter time.Duration) (Response, bool)
	// Custom calls the package's NewCustomResponse.
	Custom func(code string, status int, message, requestID string) Response
}

// Response is a built response in neutral types.
type Response struct {
	Status  int
	Headers [][2]string
	Body    []byte
}

type serveFile struct {
	Cases []serveCase `json:"cases"`
}

type serveCase struct {
	Name         string          `json:"name"`
	Code         json.RawMessage `json:"code"`
	Status       int             `json:"status"`
	Params       map[string]any  `json:"params"`
	Context      map[string]any  `json:"context"`
	RequestID    *string         `json:"request_id"`
	RetryAfterMS *int64          `json:"retry_after_ms"`
	Response     struct {
		Status  int         `json:"status"`
		Headers [][2]string `json:"headers"`
		Body    string      `json:"body"`
	} `json:"response"`
	Expect expect `json:"expect"`
}

// code is the case's code as the package compares it: numbers in decimal.
func (c serveCase) code() string {
	var text string
	if json.Unmarshal(c.Code, &text) == nil {
		return text
	}
	return string(c.Code)
}

// values is the case's parameters and context fields in one JSON object.
func (c serveCase) values(t testing.TB) []byte {
	all := map[string]any{}
	for k, v := range c.Context {
		all[k] = v
	}
	for k, v := range c.Params {
		all[k] = v
	}
	return mustJSON(t, all)
}

func (c serveCase) build(t testing.TB, srv Server) Response {
	var delay time.Duration
	if c.RetryAfterMS != nil {
		delay = time.Duration(*c.RetryAfterMS) * time.Millisecond
	}
	r, ok := srv.Build(c.code(), c.Status, c.values(t), orEmpty(c.RequestID), delay)
	if !ok {
		t.Fatalf("%s: no builder", c.Name)
	}
	return r
}

func loadServe(t testing.TB, path string) []serveCase {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f serveFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(f.Cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return f.Cases
}

// Serve builds every case exactly (status, headers in order, body bytes),
// parses every expected response into the expected error, and round-trips
// the escape hatch.
func Serve(t *testing.T, pkg Package, srv Server) {
	for _, c := range loadServe(t, srv.Cases) {
		t.Run(c.Name, func(t *testing.T) {
			got := c.build(t, srv)
			if got.Status != c.Response.Status || !reflect.DeepEqual(got.Headers, c.Response.Headers) || string(got.Body) != c.Response.Body {
				t.Errorf("built  %d %q %s\nwanted %d %q %s", got.Status, got.Headers, got.Body, c.Response.Status, c.Response.Headers, c.Response.Body)
			}
			o, ok := pkg.Observe(pkg.FromParts(c.Response.Status, header(c.Response.Headers), []byte(c.Response.Body)))
			if !ok {
				t.Fatal("FromParts gave another error type")
			}
			checkExpect(t, o, c.Expect, time.Now())
		})
	}
	t.Run("over HTTP", func(t *testing.T) {
		cases := loadServe(t, srv.Cases)
		server := httptest.NewServer(handler(t, cases, srv))
		defer server.Close()
		for i, c := range cases {
			resp, err := http.Get(fmt.Sprintf("%s/%d", server.URL, i))
			if err != nil {
				t.Fatal(err)
			}
			o, _ := pkg.Observe(pkg.FromResponse(resp))
			if o.Status != c.Status {
				t.Errorf("%s: status %d", c.Name, o.Status)
			}
			checkExpect(t, o, c.Expect, time.Now())
		}
	})
	t.Run("custom", func(t *testing.T) {
		r := srv.Custom("NOT_IN_THE_CATALOG", 418, "a \"teapot\" \u2028 ✓", "req-custom")
		o, _ := pkg.Observe(pkg.FromParts(r.Status, header(r.Headers), r.Body))
		if r.Status != 418 || o.Status != 418 {
			t.Errorf("status %d, read %d", r.Status, o.Status)
		}
		carried := bytes.Contains(r.Body, []byte("req-custom"))
		for _, h := range r.Headers {
			carried = carried || h[1] == "req-custom"
		}
		// An envelope without a request id (header or body) cannot carry one.
		if carried && o.RequestID != "req-custom" {
			t.Errorf("request id %q", o.RequestID)
		}
		if bytes.Contains(r.Body, []byte("NOT_IN_THE_CATALOG")) && (o.Code != "NOT_IN_THE_CATALOG" || o.Known) {
			t.Errorf("code %q (known %v)", o.Code, o.Known)
		}
		if bytes.Contains(r.Body, []byte("teapot")) && o.Message != "a \"teapot\" \u2028 ✓" {
			t.Errorf("message %q", o.Message)
		}
	})
}

// handler serves case i, built by the package, at /<i>.
func handler(t testing.TB, cases []serveCase, srv Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if err != nil || i < 0 || i >= len(cases) {
			http.NotFound(w, r)
			return
		}
		built := cases[i].build(t, srv)
		for _, h := range built.Headers {
			w.Header().Set(h[0], h[1])
		}
		w.WriteHeader(built.Status)
		_, _ = w.Write(built.Body)
	})
}

// ServeHTTP is the server half of the cross-language check (xtask's serve
// suite): with ERRCAT_SERVE_URL_FILE set, it serves every case, built by
// the package, at /<i> on loopback, writes its URL to that file, and stops
// when the file <that>.done appears (or after five minutes).
func ServeHTTP(t *testing.T, srv Server) {
	path := os.Getenv("ERRCAT_SERVE_URL_FILE")
	if path == "" {
		t.Skip("ERRCAT_SERVE_URL_FILE is not set")
	}
	server := httptest.NewServer(handler(t, loadServe(t, srv.Cases), srv))
	defer server.Close()
	if err := os.WriteFile(path+".tmp", []byte(server.URL), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(path + ".done"); err == nil {
			return
		}
	}
	t.Fatal("no client finished within five minutes")
}

// FuzzServe builds cases with fuzzed text, integers and request ids in
// place of their sample values and checks that parsing gives them back:
// the code, class, request id and context fields. Its seed corpus (every
// case with a few texts) runs in plain go test.
func FuzzServe(f *testing.F, pkg Package, srv Server) {
	cases := loadServe(f, srv.Cases)
	for i := range cases {
		for _, text := range []string{"plain", "q\"uote\\ \n\t\x01 é \u2028 <&>", ""} {
			f.Add(i, text, int64(i*7-3), fmt.Sprintf("req-%d", i))
		}
	}
	f.Fuzz(func(t *testing.T, i int, text string, n int64, requestID string) {
		if i < 0 || len(cases) == 0 {
			return
		}
		c := cases[i%len(cases)]
		if !isToken(requestID) || n > 1<<53-1 || n < -(1<<53-1) {
			return
		}
		// Fuzzed values of the sample values' JSON types, in copies.
		c.Params, c.Context = copyMap(c.Params), copyMap(c.Context)
		for _, m := range []map[string]any{c.Params, c.Context} {
			for k, v := range m {
				switch v := v.(type) {
				case string:
					m[k] = strings.ToValidUTF8(text, "\uFFFD")
				case json.Number:
					if !strings.ContainsAny(v.String(), ".eE") {
						m[k] = json.Number(fmt.Sprint(n))
					}
				}
			}
		}
		if c.RequestID != nil {
			c.RequestID = &requestID
		}
		r := c.build(t, srv)
		o, ok := pkg.Observe(pkg.FromParts(r.Status, header(r.Headers), r.Body))
		if !ok || o.Code != orEmpty(c.Expect.Code) || o.Class != orEmpty(c.Expect.Class) {
			t.Fatalf("%s: read %q %q from %s", c.Name, o.Code, o.Class, r.Body)
		}
		if o.RequestID != orEmpty(c.RequestID) {
			t.Fatalf("%s: request id %q, sent %q", c.Name, o.RequestID, orEmpty(c.RequestID))
		}
		var read map[string]any
		if err := json.Unmarshal(mustJSON(t, o.Context), &read); err != nil {
			t.Fatal(err)
		}
		sent := map[string]any{}
		if err := json.Unmarshal(c.values(t), &sent); err != nil {
			t.Fatal(err)
		}
		for k := range c.Expect.Context {
			if !reflect.DeepEqual(read[k], sent[k]) {
				t.Fatalf("%s: context %s = %v, sent %v (body %s)", c.Name, k, read[k], sent[k], r.Body)
			}
		}
	})
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// isToken is what a request id in a header can be: no separators, no
// whitespace, so that rule 7 reads it back whole.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
