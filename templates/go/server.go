{{ v.notice }}

package {{ v.package }}

import (
	"net/http"
{%- if !v.responders.is_empty() %}
	"sort"
{%- endif %}
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Response is an error response as this API sends it (README, "Serving
// errors"): plain data for any HTTP server, whose body is exactly what
// FromParts reads back as the same error (README rule 24).
type Response struct {
	// Status is the HTTP status.
	Status int
	// Headers holds header names (lower case) and values, in order.
	Headers [][2]string
	// Body is compact JSON in the API's envelope.
	Body []byte
}

// ResponseOptions is what any response may carry besides the error's own
// values.
type ResponseOptions struct {
	// RequestID, when not empty, is sent in the spec's request-id header
	// (or body member).
	RequestID string
	// RetryAfter, when positive, is sent as Retry-After in whole seconds,
	// rounded up; without it, errors whose policy is retry_after send the
	// policy's initial delay.
	RetryAfter time.Duration
}

// Write sends r on w: its headers, its status, then its body.
func (r *Response) Write(w http.ResponseWriter) error {
	for _, h := range r.Headers {
		w.Header().Set(h[0], h[1])
	}
	w.WriteHeader(r.Status)
	_, err := w.Write(r.Body)
	return err
}
{%- for b in v.builders %}

{{ b.doc }}func {{ b.name }}({{ b.params }}) *Response {
{%- if let Some(call) = b.call %}
	return {{ call }}
{%- else %}
	var body any = &jsonObject{}
{%- for s in b.statements %}
{{ s }}
{%- endfor %}
	return finish({{ b.finish }}, options, body)
{%- endif %}
}
{%- endfor %}
{%- for s in v.shapes %}

{{ s.doc }}func {{ s.name }}({{ s.params }}) *Response {
	var body any = &jsonObject{}
{%- for st in s.statements %}
{{ st }}
{%- endfor %}
	return finish({{ s.finish }}, options, body)
}
{%- endfor %}

// ResponseFor builds the response for code's definition for status, its
// template parameters and context fields taken from ctx; false when code
// has no definition for status or ctx lacks one of its parameters.
func ResponseFor(code Code, status int, ctx Context, options ResponseOptions) (*Response, bool) {
{%- if !v.dispatch.is_empty() %}
	switch {
{%- for d in v.dispatch %}
{{ d }}
{%- endfor %}
	}
{%- endif %}
{%- if v.responders.is_empty() %}
	return nil, false
{%- else %}
	i := sort.Search(len(plainResponders), func(i int) bool {
		r := &plainResponders[i]
		return r.code > code || (r.code == code && r.status >= status)
	})
	if i < len(plainResponders) && plainResponders[i].code == code && plainResponders[i].status == status {
		return plainResponders[i].build(options), true
	}
	return nil, false
{%- endif %}
}
{%- if !v.responders.is_empty() %}

// plainResponder is a plain error's builder (no template parameters, no
// context fields) under its code and status.
type plainResponder struct {
	code   Code
	status int
	build  func(ResponseOptions) *Response
}

// plainResponders is every plain error's builder, sorted by code and then
// status: a table, not a case per error, keeps ResponseFor small.
var plainResponders = []plainResponder{
{%- for r in v.responders %}
{{ r }}
{%- endfor %}
}
{%- endif %}

// NewCustomResponse is the escape hatch: a response for any code, status
// and message, laid out in the API's envelope but checked against nothing
// in the catalog. Prefer the New...Response functions, which make an
// unlisted code impossible by accident.
func NewCustomResponse(code string, status int, message string, options ResponseOptions) *Response {
	var body any = &jsonObject{}
{%- for s in v.custom %}
{{ s }}
{%- endfor %}
	return finish({{ v.custom_finish }}, options, body)
}

// A step of a body path: a member, an array element, or the first element
// that is an object whose member is the string equals (appended when
// missing).
type step struct {
	kind          int
	key           string
	index         int
	member, equal string
}

const (
	stepKey = iota
	stepIndex
	stepSelect
)

func key(name string) step { return step{kind: stepKey, key: name} }

{%- if v.uses_index %}

func index(i int) step { return step{kind: stepIndex, index: i} }
{%- endif %}
{%- if v.uses_select %}

func selecting(member, equals string) step {
	return step{kind: stepSelect, member: member, equal: equals}
}
{%- endif %}

type jsonMember struct {
	name  string
	value any
}

// jsonObject keeps its members in insertion order.
type jsonObject struct{ members []jsonMember }

type jsonArray struct{ elements []any }

// set returns node with value at path, making objects and arrays on the way.
func set(node any, path []step, value any) any {
	if len(path) == 0 {
		return value
	}
	s, rest := path[0], path[1:]
	if s.kind == stepKey {
		object, ok := node.(*jsonObject)
		if !ok {
			object = &jsonObject{}
		}
		for i := range object.members {
			if object.members[i].name == s.key {
				object.members[i].value = set(object.members[i].value, rest, value)
				return object
			}
		}
		object.members = append(object.members, jsonMember{s.key, set(nil, rest, value)})
		return object
	}
	array, ok := node.(*jsonArray)
	if !ok {
		array = &jsonArray{}
	}
	at := -1
	if s.kind == stepIndex {
		for len(array.elements) <= s.index {
			array.elements = append(array.elements, &jsonObject{})
		}
		at = s.index
	} else {
		for i, e := range array.elements {
			if isSelected(e, s.member, s.equal) {
				at = i
				break
			}
		}
		if at < 0 {
			first := jsonMember{s.member, s.equal}
			array.elements = append(array.elements, &jsonObject{members: []jsonMember{first}})
			at = len(array.elements) - 1
		}
	}
	array.elements[at] = set(array.elements[at], rest, value)
	return array
}

func isSelected(element any, member, equals string) bool {
	object, ok := element.(*jsonObject)
	if !ok {
		return false
	}
	for _, m := range object.members {
		if text, ok := m.value.(string); ok && m.name == member && text == equals {
			return true
		}
	}
	return false
}

// writeJSON writes the canonical text of value (README rule 24).
func writeJSON(b *strings.Builder, value any) {
	switch v := value.(type) {
	case *jsonObject:
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.name)
			b.WriteByte(':')
			writeJSON(b, m.value)
		}
		b.WriteByte('}')
	case *jsonArray:
		b.WriteByte('[')
		for i, e := range v.elements {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(numberText(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	default:
		b.WriteString("null")
	}
}

// writeString escapes " and \, writes \b \f \n \r \t short and other
// control characters as \u00xx, and nothing else; invalid UTF-8 becomes
// U+FFFD.
func writeString(b *strings.Builder, text string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range text {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		case r == utf8.RuneError:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// numberText writes x as JavaScript's Number.prototype.toString does; null
// for NaN and the infinities, which JSON cannot carry.
func numberText(x float64) string {
	switch {
	case x != x || x > maxFloat || x < -maxFloat:
		return "null"
	case x == 0:
		return "0"
	case (x >= 1e-6 && x < 1e21) || (x <= -1e-6 && x > -1e21):
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	text := strconv.FormatFloat(x, 'e', -1, 64)
	mantissa, exponent, _ := strings.Cut(text, "e")
	sign, digits := exponent[:1], strings.TrimLeft(exponent[1:], "0")
	return mantissa + "e" + sign + digits
}

const maxFloat = 1.7976931348623157e308

func finish(status int, contentType, requestIDHeader, retryAfterHeader string, defaultDelaySeconds int64, options ResponseOptions, body any) *Response {
	headers := append(make([][2]string, 0, 3), [2]string{"content-type", contentType})
	if requestIDHeader != "" && options.RequestID != "" {
		headers = append(headers, [2]string{requestIDHeader, options.RequestID})
	}
	delay := defaultDelaySeconds
	if options.RetryAfter > 0 {
		delay = int64((options.RetryAfter + time.Second - 1) / time.Second)
	}
	if delay >= 0 {
		headers = append(headers, [2]string{retryAfterHeader, strconv.FormatInt(delay, 10)})
	}
	var b strings.Builder
	writeJSON(&b, body)
	return &Response{Status: status, Headers: headers, Body: []byte(b.String())}
}

