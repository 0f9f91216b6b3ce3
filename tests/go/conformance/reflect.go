package conformance

import (
	"errors"
	"net/http"
	"reflect"
	"time"
)

// observe reads a generated package's *Error by the names the Go target
// promises (fields Status, Code, ..., methods Retryable, Policy, ...), so
// one adapter fits every spec's package. A missing name panics the test.
func observe(errorType any, err error) (Observed, bool) {
	target := reflect.New(reflect.TypeOf(errorType))
	if err == nil || !errors.As(err, target.Interface()) {
		return Observed{}, false
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
	o := Observed{
		Text:      call("Error")[0].String(),
		Status:    int(s.FieldByName("Status").Int()),
		Code:      s.FieldByName("Code").String(),
		Known:     s.FieldByName("Code").MethodByName("Known").Call(nil)[0].Bool(),
		Class:     s.FieldByName("Class").String(),
		Message:   s.FieldByName("Message").String(),
		RequestID: s.FieldByName("RequestID").String(),
		Field:     s.FieldByName("Field").String(),
		Details:   s.FieldByName("Details").Interface().(map[string]any),
		Context:   s.FieldByName("Context").Interface(),
		Body:      s.FieldByName("Body").Bytes(),
		Header:    s.FieldByName("Header").Interface().(http.Header),
		Retryable: call("Retryable")[0].Bool(),
		RetryAfter: func(now time.Time) (time.Duration, bool) {
			out := call("RetryAfterAt", now)
			return time.Duration(out[0].Int()), out[1].Bool()
		},
		RetryAfterReceived: func() (time.Duration, bool) {
			out := call("RetryAfter")
			return time.Duration(out[0].Int()), out[1].Bool()
		},
		RetryAfterMS: func(now time.Time) (int64, bool) {
			out := call("RetryAfterMillis", now)
			return out[0].Int(), out[1].Bool()
		},
		Delay: func(retry int, now time.Time, random func() float64) (time.Duration, bool) {
			out := call("RetryDelay", retry, now, random)
			return time.Duration(out[0].Int()), out[1].Bool()
		},
		RateLimit:  toNeutralRateLimit(s.FieldByName("RateLimit")),
		ReceivedAt: s.FieldByName("ReceivedAt").Interface().(time.Time),
		Policy:     toNeutralPolicy(call("Policy")[0]),
		Domain:     s.FieldByName("Domain").String(),
		Metadata:   s.FieldByName("Metadata").Interface().(map[string]string),
		GRPC:       s.FieldByName("GRPC").MethodByName("String").Call(nil)[0].String(),
	}
	items := s.FieldByName("Items")
	for i := 0; i < items.Len(); i++ {
		it := items.Index(i)
		o.Items = append(o.Items, Item{
			Code: it.FieldByName("Code").String(), Known: it.FieldByName("Code").MethodByName("Known").Call(nil)[0].Bool(),
			Message: it.FieldByName("Message").String(), Field: it.FieldByName("Field").String(), Location: it.FieldByName("Location").String(),
		})
	}
	if out := call("Definition"); out[1].Bool() {
		d := toNeutralDefinition(out[0])
		o.Definition = &d
	}
	return o, true
}

func toNeutralPolicy(p reflect.Value) Policy {
	return Policy{
		Mode:          p.FieldByName("Mode").String(),
		MaxAttempts:   int(p.FieldByName("MaxAttempts").Int()),
		InitialDelay:  time.Duration(p.FieldByName("InitialDelay").Int()),
		MaxDelay:      time.Duration(p.FieldByName("MaxDelay").Int()),
		MaxRetryAfter: time.Duration(p.FieldByName("MaxRetryAfter").Int()),
		LongerWait:    p.FieldByName("LongerWait").String(),
	}
}

// toNeutralRateLimit reads a *RateLimit; nil stays nil.
func toNeutralRateLimit(p reflect.Value) *RateLimit {
	if p.IsNil() {
		return nil
	}
	r := p.Elem()
	number := func(name string) *int64 {
		if f := r.FieldByName(name); !f.IsNil() {
			n := f.Elem().Int()
			return &n
		}
		return nil
	}
	var policy *string
	if s := r.FieldByName("Policy").String(); s != "" {
		policy = &s
	}
	return &RateLimit{Limit: number("Limit"), Remaining: number("Remaining"), ResetMS: number("ResetMillis"), WindowMS: number("WindowMillis"), Policy: policy}
}

func toNeutralDefinition(d reflect.Value) Definition {
	str := func(name string) string { return d.FieldByName(name).String() }
	return Definition{
		Code: str("Code"), Domain: str("Domain"), Status: int(d.FieldByName("Status").Int()), Class: str("Class"),
		Message: str("Message"), Description: str("Description"), Remedy: str("Remedy"), Field: str("Field"),
		Fields: d.FieldByName("Fields").Interface().([]string), Params: d.FieldByName("Params").Interface().([]string),
		GRPC: d.FieldByName("GRPC").MethodByName("String").Call(nil)[0].String(), Retry: toNeutralPolicy(d.FieldByName("Retry")),
		Since: str("Since"), DocsURL: str("DocsURL"), Deprecated: toNeutralDeprecation(d.FieldByName("Deprecated")),
	}
}

// toNeutralDeprecation reads a *Deprecation; nil stays nil.
func toNeutralDeprecation(p reflect.Value) *Deprecation {
	if p.IsNil() {
		return nil
	}
	d := p.Elem()
	return &Deprecation{Since: d.FieldByName("Since").String(), Replacement: d.FieldByName("Replacement").String(), Note: d.FieldByName("Note").String()}
}

// classText returns Class(id).Title() and .Description() of the package
// whose nil *Error is errorType.
func classText(errorType any, id string) (title, description string) {
	field, _ := reflect.TypeOf(errorType).Elem().FieldByName("Class")
	class := reflect.New(field.Type).Elem()
	class.SetString(id)
	return class.MethodByName("Title").Call(nil)[0].String(), class.MethodByName("Description").Call(nil)[0].String()
}

// lookup reads the result of Code.Definitions.
func lookup(defs any) []Definition {
	v := reflect.ValueOf(defs)
	out := make([]Definition, v.Len())
	for i := range out {
		out[i] = toNeutralDefinition(v.Index(i))
	}
	return out
}
