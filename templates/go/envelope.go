{{ v.notice }}

package {{ v.package }}
{%- if !v.context_imports.is_empty() %}

import (
{%- for i in v.context_imports %}
	"{{ i }}"
{%- endfor %}
)
{%- endif %}

// envelope says where each part of an error is. Body locations are JSON
// Pointers (at), or pointers into an element a selection picks (within);
// location{} is nowhere. Header names are lower case ("": the API has no
// such header).
var envelope = envelopeLayout{
	// code is where the error code (a string or an integer) is.
	code: {{ v.env.code }},
	// noCode lists values at code that mean no particular code.
	noCode: {{ v.env.no_code }},
	// messages are tried in order; the first string found is the message.
	messages: {{ v.env.messages }},
	// details is where a structured details object is.
	details: {{ v.env.details }},
	// requestID is where the body carries the request id.
	requestID: {{ v.env.request_id }},
	// field is where the name of the offending request field is.
	field: {{ v.env.field }},
	// context is the object whose members are the context fields.
	context: {{ v.env.context }},
	// retryAfter is a body member with a retry delay in seconds.
	retryAfter: {{ v.env.retry_after }},
	// retryDelay is a body member with a protobuf Duration ("1.5s").
	retryDelay: {{ v.env.retry_delay }},
	// domain is where the error's domain is.
	domain: {{ v.env.domain }},
	// metadata is the object whose string members are the metadata.
	metadata: {{ v.env.metadata }},
	// items is where the items of a multi-error body are; nil: nowhere.
	items: {{ v.env.items }},
	// subcodes are where the sub-codes are, in the order of Error.subcodes.
	subcodes: []location{ {%- for s in v.subcodes %}{% if !loop.first %}, {% endif %}{{ s.location }}{% endfor -%} },
	// requestIDHeaders carry the request id; the first non-empty wins.
	requestIDHeaders: {{ v.env.request_id_headers }},
	// retryAfterHeader holds seconds or an HTTP date.
	retryAfterHeader: {{ v.env.retry_after_header }},
	// retryAfterMSHeader holds milliseconds.
	retryAfterMSHeader: {{ v.env.retry_after_ms_header }},
	// retryAtHeader holds the epoch second a retry may be made at.
	retryAtHeader: {{ v.env.retry_at_header }},
	// shouldRetryHeader holds true or false.
	shouldRetryHeader: {{ v.env.should_retry_header }},
	// rateLimit names the rate-limit headers the API sends.
	rateLimit: {{ v.env.rate_limit }},
}
{%- for s in v.selections %}

{{ s.doc }}var {{ s.var }} = selection{in: {{ s.array }}, member: {{ s.member }}, equals: {{ s.equals }}}
{%- endfor %}

// Context holds the typed context fields an error body may carry. A field
// is nil when the body does not have it with the declared type.
type Context struct {
{%- for f in v.fields %}
{{ f.doc }}	{{ f.name }} {{ f.go_type }} {{ f.tag }}
{%- endfor %}
}

// decodeContext reads the declared fields out of obj.
func decodeContext(obj map[string]any) Context {
	var c Context
{%- for f in v.fields %}
	c.{{ f.name }} = {{ f.reader }}(obj, {{ f.wire }})
{%- endfor %}
	return c
}
{%- if v.reads_string %}

func stringField(obj map[string]any, name string) *string {
	if s, ok := obj[name].(string); ok {
		return &s
	}
	return nil
}
{%- endif %}
{%- if v.reads_integer %}

// maxSafeInteger is the largest integer every language reads exactly.
const maxSafeInteger = 1<<53 - 1

// integerField reads a JSON number with no fractional part within
// ±(2^53 − 1) (README rule 8).
func integerField(obj map[string]any, name string) *int64 {
	num, ok := obj[name].(json.Number)
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		f, ok := asFloat(num)
		if !ok || f != math.Trunc(f) || math.Abs(f) > maxSafeInteger {
			return nil
		}
		n = int64(f)
	}
	if n < -maxSafeInteger || n > maxSafeInteger {
		return nil
	}
	return &n
}
{%- endif %}
{%- if v.reads_number %}

func numberField(obj map[string]any, name string) *float64 {
	f, ok := asFloat(obj[name])
	if !ok || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
{%- endif %}
{%- if v.reads_boolean %}

func booleanField(obj map[string]any, name string) *bool {
	if b, ok := obj[name].(bool); ok {
		return &b
	}
	return nil
}
{%- endif %}

