// Package diffdriver is the Go side of the differential fuzzer
// (tests/differential/fuzz.py): it reads a file of cases and prints what a
// generated package makes of each, normalised as fuzz.py describes.
// `cargo xtask test --only differential` builds one small main per generated
// module that calls Main with the package's FromParts.
package diffdriver

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"time"
)

type diffCase struct {
	Status     int         `json:"status"`
	Headers    [][2]string `json:"headers"`
	BodyBase64 string      `json:"body_base64"`
	NowUnixMS  int64       `json:"now_unix_ms"`
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// observe reads the package's *Error by the names the Go target promises.
func observe(errorType any, err error, now time.Time) map[string]any {
	target := reflect.New(reflect.TypeOf(errorType))
	if err == nil || !errors.As(err, target.Interface()) {
		return map[string]any{"crash": fmt.Sprintf("not the package's error: %T %v", err, err)}
	}
	e := target.Elem()
	s := e.Elem()
	call := func(name string, args ...any) []reflect.Value {
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			in[i] = reflect.ValueOf(a)
		}
		return e.MethodByName(name).Call(in)
	}
	code := s.FieldByName("Code")
	var retryAfter any
	if out := call("RetryAfterMillis", now); out[1].Bool() {
		retryAfter = out[0].Int() // exact: a time.Duration saturates at 292 years
	}
	context, _ := json.Marshal(s.FieldByName("Context").Interface())
	var wire map[string]any
	_ = json.Unmarshal(context, &wire)
	if wire == nil {
		wire = map[string]any{}
	}
	return map[string]any{
		"status":         int(s.FieldByName("Status").Int()),
		"class":          orNull(s.FieldByName("Class").String()),
		"code":           orNull(code.String()),
		"known_code":     code.MethodByName("Known").Call(nil)[0].Bool(),
		"message":        s.FieldByName("Message").String(),
		"request_id":     orNull(s.FieldByName("RequestID").String()),
		"field":          orNull(s.FieldByName("Field").String()),
		"retryable":      call("Retryable")[0].Bool(),
		"retry_after_ms": retryAfter,
		"context":        wire,
		"items":          items(s.FieldByName("Items")),
		"domain":         orNull(s.FieldByName("Domain").String()),
		"metadata":       metadata(s.FieldByName("Metadata")),
		"grpc":           s.FieldByName("GRPC").MethodByName("String").Call(nil)[0].String(),
		"rate_limit":     rateLimit(s.FieldByName("RateLimit")),
		// Sub-codes are methods named after each spec's sub-codes, which
		// reflection cannot list in order: fuzz.py compares them among the
		// languages that report them.
	}
}

func items(v reflect.Value) []any {
	out := []any{}
	for i := 0; i < v.Len(); i++ {
		it := v.Index(i)
		code := it.FieldByName("Code")
		out = append(out, map[string]any{
			"code":       orNull(code.String()),
			"known_code": code.MethodByName("Known").Call(nil)[0].Bool(),
			"message":    orNull(it.FieldByName("Message").String()),
			"field":      orNull(it.FieldByName("Field").String()),
			"location":   orNull(it.FieldByName("Location").String()),
		})
	}
	return out
}

func metadata(v reflect.Value) map[string]any {
	out := map[string]any{}
	for _, k := range v.MapKeys() {
		out[k.String()] = v.MapIndex(k).String()
	}
	return out
}

func rateLimit(v reflect.Value) any {
	if v.IsNil() {
		return nil
	}
	r := v.Elem()
	number := func(name string) any {
		f := r.FieldByName(name)
		if f.IsNil() {
			return nil
		}
		return f.Elem().Int()
	}
	return map[string]any{
		"limit":     number("Limit"),
		"remaining": number("Remaining"),
		"reset_ms":  number("ResetMillis"),
		"window_ms": number("WindowMillis"),
		"policy":    orNull(r.FieldByName("Policy").String()),
	}
}

// Main runs the driver for one package: errorType is a nil *Error of it.
func Main(errorType any, fromParts func(int, http.Header, []byte, time.Time) error) {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: diffdriver CASES.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cases []diffCase
	if err := json.Unmarshal(data, &cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	results := make([]map[string]any, len(cases))
	for i, c := range cases {
		results[i] = run(errorType, fromParts, c)
	}
	out, _ := json.Marshal(results)
	os.Stdout.Write(out)
}

func run(errorType any, fromParts func(int, http.Header, []byte, time.Time) error, c diffCase) (result map[string]any) {
	defer func() {
		if p := recover(); p != nil {
			result = map[string]any{"crash": fmt.Sprint(p)}
		}
	}()
	body, _ := base64.StdEncoding.DecodeString(c.BodyBase64)
	header := http.Header{}
	for _, h := range c.Headers {
		header.Add(h[0], h[1])
	}
	now := time.UnixMilli(c.NowUnixMS)
	return observe(errorType, fromParts(c.Status, header, body, now), now)
}
