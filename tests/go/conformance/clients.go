package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
)

// ClientResponse is what a package's FromClientResponse takes: a response
// a client library has read whole. resty's *resty.Response is one.
type ClientResponse interface {
	StatusCode() int
	Header() http.Header
	Body() []byte
}

// clientCase is one way a client receives a vector's response.
type clientCase struct {
	name string
	// get fetches /<mode>/<i> and turns what the client gives into the
	// package's error, as a user of that client would.
	get func(t *testing.T, ctx context.Context, path string) error
}

// signalTransport tells the server, through the waiter the request's
// X-Reset-Token names, that the client has read a response's headers, so
// that a reset comes midway through the body and never before the
// response.
type signalTransport struct {
	base    http.RoundTripper
	waiters *sync.Map
}

func (s signalTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(r)
	if ch, ok := s.waiters.LoadAndDelete(r.Header.Get("X-Reset-Token")); ok {
		close(ch.(chan struct{}))
	}
	return resp, err
}

// clients is rule 25's client matrix, the expected values from the
// vectors: every vector's response through net/http read whole and
// streamed (chunked), and through resty (github.com/go-resty/resty/v2)
// parsed (FromClientResponse) and raw (SetDoNotParseResponse, FromResponse
// of its RawResponse); then the cases (a 429 with Retry-After, a
// 404 JSON body, an HTML 502), also reset midway through the body, through
// both clients; and what a constructor gives when there is no response.
func (s *suite) clients(t *testing.T) {
	pkg := s.pkg
	if pkg.FromClientResponse == nil || pkg.IsConnectionError == nil || pkg.ErrNoResponse == nil {
		t.Fatal("the adapter must set FromClientResponse, IsConnectionError and ErrNoResponse")
	}
	f := loadVectors(t)
	bodies := make([][]byte, len(f.Vectors))
	for i, v := range f.Vectors {
		bodies[i] = v.body(t)
	}
	var waiters sync.Map
	var served atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		i, err := strconv.Atoi(rest)
		if err != nil || i < 0 || i >= len(f.Vectors) {
			http.NotFound(w, r)
			return
		}
		served.Add(1)
		v, body := f.Vectors[i], bodies[i]
		switch mode {
		case "plain":
			for _, p := range v.Headers {
				w.Header().Add(p[0], p[1])
			}
			if w.Header().Get("Content-Length") == "" {
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			}
			w.WriteHeader(v.Status)
			_, _ = w.Write(body)
		case "chunked": // no length: the body streams in pieces, flushed
			for _, p := range v.Headers {
				w.Header().Add(p[0], p[1])
			}
			w.WriteHeader(v.Status)
			rc := http.NewResponseController(w)
			_ = rc.Flush()
			for rest := body; len(rest) > 0; {
				n := min(len(rest), max(1, len(body)/3))
				_, _ = w.Write(rest[:n])
				_ = rc.Flush()
				rest = rest[n:]
			}
		case "reset", "reset-chunked": // headers and half the body, then a RST
			ch, ok := waiters.Load(r.Header.Get("X-Reset-Token"))
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil || !ok {
				panic(fmt.Sprintf("reset: hijack %v, token %v", err, ok))
			}
			fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", v.Status, http.StatusText(v.Status))
			for _, p := range v.Headers {
				fmt.Fprintf(buf, "%s: %s\r\n", p[0], p[1])
			}
			if half := body[:len(body)/2]; mode == "reset" {
				fmt.Fprintf(buf, "Content-Length: %d\r\n\r\n", len(body)+1)
				_, _ = buf.Write(half)
			} else if fmt.Fprint(buf, "Transfer-Encoding: chunked\r\n\r\n"); len(half) > 0 {
				fmt.Fprintf(buf, "%x\r\n%s\r\n", len(half), half) // and no last chunk
			}
			_ = buf.Flush()
			select {
			case <-ch.(chan struct{}):
			case <-time.After(10 * time.Second):
			}
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
		case "hold": // headers and half the body, then nothing until the client goes
			for _, p := range v.Headers {
				w.Header().Add(p[0], p[1])
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
			w.WriteHeader(v.Status)
			_, _ = w.Write(body[:len(body)/2])
			_ = http.NewResponseController(w).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Config.ReadTimeout = 10 * time.Second
	srv.Config.WriteTimeout = 10 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)

	transport := signalTransport{base: &http.Transport{DisableKeepAlives: true}, waiters: &waiters}
	httpClient := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	restyClient := resty.New().SetTransport(transport).SetTimeout(30 * time.Second)
	request := func(ctx context.Context, path string) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err == nil && strings.HasPrefix(path, "/reset") {
			req.Header.Set("X-Reset-Token", register(&waiters))
		}
		return req, err
	}
	restyRequest := func(ctx context.Context, path string) *resty.Request {
		r := restyClient.R().SetContext(ctx)
		if strings.HasPrefix(path, "/reset") {
			r.SetHeader("X-Reset-Token", register(&waiters))
		}
		return r
	}
	netHTTP := clientCase{"net/http", func(t *testing.T, ctx context.Context, path string) error {
		req, err := request(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := httpClient.Do(req)
		if err != nil {
			return err
		}
		if strings.HasPrefix(path, "/chunked/") && resp.ContentLength >= 0 && resp.Header.Get("Content-Length") == "" {
			t.Errorf("%s: not streamed: Content-Length %d", path, resp.ContentLength)
		}
		return pkg.FromResponse(resp)
	}}
	restyParsed := clientCase{"resty", func(t *testing.T, ctx context.Context, path string) error {
		resp, err := restyRequest(ctx, path).Get(srv.URL + path)
		if err != nil {
			return err
		}
		if resp.StatusCode() >= 400 && !resp.IsError() {
			t.Errorf("%s: resty reports status %d as no error", path, resp.StatusCode())
		}
		return pkg.FromClientResponse(resp)
	}}
	restyRaw := clientCase{"resty raw", func(t *testing.T, ctx context.Context, path string) error {
		resp, err := restyRequest(ctx, path).SetDoNotParseResponse(true).Get(srv.URL + path)
		if err != nil {
			return err
		}
		return pkg.FromResponse(resp.RawResponse)
	}}

	// Every vector through every client; the vector's clock for reset
	// times, rebuilt from what the constructor kept (as overHTTP does).
	atVectorClock := func(v vector, err error) error {
		if o, ok := pkg.Observe(err); ok && v.NowUnixMS != nil {
			return pkg.FromPartsAt(o.Status, o.Header, o.Body, v.now())
		}
		return err
	}
	matrix := []struct {
		mode   string
		client clientCase
	}{{"chunked", netHTTP}, {"plain", restyParsed}, {"chunked", restyParsed}, {"plain", restyRaw}, {"chunked", restyRaw}}
	for _, m := range matrix {
		t.Run(m.client.name+" "+m.mode, func(t *testing.T) {
			for i, v := range f.Vectors {
				runVector(t, v, func(t *testing.T) error {
					return atVectorClock(v, m.client.get(t, context.Background(), fmt.Sprintf("/%s/%d", m.mode, i)))
				}, pkg)
			}
		})
	}

	// The cases, each the first vector of its kind; streamed
	// bodies are every vector above.
	named := map[string]int{}
	for i, v := range f.Vectors {
		body := strings.TrimSpace(string(bodies[i]))
		kind := ""
		switch {
		case v.Status == 429 && slicesContainsFold(v.Headers, "Retry-After"):
			kind = "429 with Retry-After"
		case v.Status == 404 && strings.HasPrefix(body, "{"):
			kind = "404 JSON"
		case v.Status == 502 && strings.HasPrefix(body, "<"):
			kind = "HTML 502"
		}
		if _, seen := named[kind]; kind != "" && !seen {
			named[kind] = i
		}
	}
	if len(named) == 0 { // still reset one error response midway
		if i := slices.IndexFunc(f.Vectors, func(v vector) bool { return v.Status >= 400 }); i >= 0 {
			named["an error response"] = i
		}
	}
	retries := s.cat.RetryHelper.ConnectionErrors == "backoff"
	for kind, i := range named {
		v := f.Vectors[i]
		t.Run(kind, func(t *testing.T) {
			for _, c := range []clientCase{netHTTP, restyParsed, restyRaw} {
				for _, mode := range []string{"plain", "chunked"} {
					runVector(t, v, func(t *testing.T) error {
						return atVectorClock(v, c.get(t, context.Background(), fmt.Sprintf("/%s/%d", mode, i)))
					}, pkg)
				}
				// Reset midway through the body, whole or chunked: a
				// connection error, never an HTTP error; Do retries it when
				// the catalog says so.
				for _, mode := range []string{"reset", "reset-chunked"} {
					path := fmt.Sprintf("/%s/%d", mode, i)
					s.checkReadFailure(t, c.name+" "+mode, c.get(t, context.Background(), path), v.Status)
					attempts := 0
					final := pkg.Do(context.Background(), func(ctx context.Context) error {
						attempts++
						if attempts == 1 {
							return c.get(t, ctx, path)
						}
						return nil
					}, Hooks{Sleep: func(context.Context, time.Duration) error { return nil }})
					if retries && (attempts != 2 || final != nil) || !retries && (attempts != 1 || !pkg.IsConnectionError(final)) {
						t.Errorf("%s %s: Do over the body: %d attempts, %v (connection_errors retried: %v)", c.name, mode, attempts, final, retries)
					}
				}
			}
			// The caller cancels once the headers are in: never retried.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			attempts := 0
			final := pkg.Do(ctx, func(ctx context.Context) error {
				attempts++
				req, err := request(ctx, fmt.Sprintf("/hold/%d", i))
				if err != nil {
					t.Fatal(err)
				}
				resp, err := httpClient.Do(req)
				if err != nil {
					return err
				}
				cancel()
				return pkg.FromResponse(resp)
			}, Hooks{Sleep: func(context.Context, time.Duration) error { return nil }})
			if o, _ := pkg.Observe(final); attempts != 1 || !errors.Is(final, context.Canceled) || o.Class != "" || o.Code != "" {
				t.Errorf("cancelled while reading the body: %d attempts, %v", attempts, final)
			}
		})
	}
	s.noResponse(t, restyClient)
	t.Logf("%d responses served to net/http and resty", served.Load())
}

// checkReadFailure: a body that could not be read gives the client's own
// error, or the package's error carrying it, with the status, no code or
// class and no retry guidance; either way a connection error.
func (s *suite) checkReadFailure(t *testing.T, name string, err error, status int) {
	t.Helper()
	pkg := s.pkg
	if !pkg.IsConnectionError(err) || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF)) {
		t.Errorf("%s: %v (%T) is not a reset connection error", name, err, err)
	}
	o, ok := pkg.Observe(err)
	if !ok {
		return // the client's own error, as resty returns it
	}
	if o.Status != status || o.Code != "" || o.Class != "" || o.Retryable || errors.Is(err, pkg.ErrNoResponse) || !strings.Contains(o.Text, "reading the body") {
		t.Errorf("%s: %+v passes for an HTTP error", name, o)
	}
	for class, sentinel := range pkg.Sentinels {
		if errors.Is(err, sentinel) {
			t.Errorf("%s: errors.Is(err, the %s sentinel)", name, class)
		}
	}
	if _, jsonErr := json.Marshal(err); jsonErr == nil {
		t.Errorf("%s: an error without a whole response was written as a document", name)
	}
}

// noResponse: what a constructor gives for no response is the package's
// error wrapping ErrNoResponse, whose message says what to pass; Do
// returns it at once.
func (s *suite) noResponse(t *testing.T, restyClient *resty.Client) {
	pkg := s.pkg
	// A request that failed: resty's response has no status.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + closed.Addr().String()
	_ = closed.Close()
	failed, reqErr := restyClient.R().Get(url)
	if reqErr == nil || !pkg.IsConnectionError(reqErr) {
		t.Errorf("resty to a closed port: %v, want a connection error", reqErr)
	}
	cases := map[string]error{
		"FromResponse(nil)":                          pkg.FromResponse(nil),
		"FromResponse(&http.Response{})":             pkg.FromResponse(&http.Response{}),
		"FromResponse(a status of 1000)":             pkg.FromResponse(&http.Response{StatusCode: 1000}),
		"FromClientResponse(nil)":                    pkg.FromClientResponse(nil),
		"FromClientResponse((*resty.Response)(nil))": pkg.FromClientResponse((*resty.Response)(nil)),
		"FromClientResponse(a failed request's)":     pkg.FromClientResponse(failed),
	}
	for name, err := range cases {
		o, ok := pkg.Observe(err)
		if !ok || !errors.Is(err, pkg.ErrNoResponse) || o.Code != "" || o.Class != "" || o.Retryable || pkg.IsConnectionError(err) ||
			!strings.Contains(o.Text, "pass the response of a completed request") {
			t.Errorf("%s: %v (%+v)", name, err, o)
		}
		attempts := 0
		if final := pkg.Do(context.Background(), func(context.Context) error { attempts++; return err }, Hooks{}); attempts != 1 || final != err {
			t.Errorf("%s: Do made %d attempts, %v", name, attempts, final)
		}
	}
	if got := pkg.FromResponse(&http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader(""))}); errors.Is(got, pkg.ErrNoResponse) {
		t.Errorf("a whole response with an empty body: %v", got)
	}
}

// register makes a waiter for a reset and returns its token.
func register(waiters *sync.Map) string {
	token := strconv.FormatInt(time.Now().UnixNano(), 36) + strconv.Itoa(int(resetTokens.Add(1)))
	waiters.Store(token, make(chan struct{}))
	return token
}

var resetTokens atomic.Int64

func slicesContainsFold(pairs [][2]string, name string) bool {
	for _, p := range pairs {
		if strings.EqualFold(p[0], name) {
			return true
		}
	}
	return false
}
