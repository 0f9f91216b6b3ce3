{{ v.notice }}

package {{ v.package }}

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)
{%- for f in v.formatters %}

{{ f.doc }}func {{ f.ident }}({{ f.signature }}) string {
	return {{ f.body }}
}
{%- endfor %}

// FormatMessage returns the message of code's definition for status (rule
// 4) with each <param> of its template replaced by params[param]: strings as
// they are, integers (any Go integer type, an integral float64 or a
// json.Number) in decimal, booleans as true or false; a parameter that is
// missing or of another type stays <param>. False when code has no
// definition for status.
func FormatMessage(code Code, status int, params map[string]any) (string, bool) {
	d := code.forStatus(status)
	if d == nil {
		return "", false
	}
	return fillTemplate(d.message, d.params(), func(name string) (string, bool) { return paramText(params[name]) }), true
}

// fillTemplate replaces, in one pass from the left, each <name> of message
// whose name is one of params and has a value; the rest stays as it is, so
// a value that itself holds <param> is never filled in again.
func fillTemplate(message string, params []string, value func(name string) (string, bool)) string {
	if len(params) == 0 {
		return message
	}
	var b strings.Builder
	rest := message
	for {
		open := strings.IndexByte(rest, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open+1:], '>')
		if end < 0 {
			break
		}
		name := rest[open+1 : open+1+end]
		text, ok := "", false
		for _, p := range params {
			if p == name {
				text, ok = value(name)
				break
			}
		}
		if !ok {
			b.WriteString(rest[:open+1])
			rest = rest[open+1:]
			continue
		}
		b.WriteString(rest[:open])
		b.WriteString(text)
		rest = rest[open+end+2:]
	}
	b.WriteString(rest)
	return b.String()
}

// paramText is a template parameter's text (rule 19).
func paramText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<63 {
			return strconv.FormatInt(int64(v), 10), true
		}
	case json.Number:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return strconv.FormatInt(n, 10), true
		}
		if f, err := strconv.ParseFloat(string(v), 64); err == nil {
			return paramText(f)
		}
	}
	return "", false
}

// param is the text of the context field name when the body has it, for
// rule 6's fill-in of a template message.
func (c Context) param(name string) (string, bool) {
{%- if v.params.is_empty() %}
	_ = name
	return "", false
{%- else %}
	switch name {
{%- for p in v.params %}
	case {{ p.wire }}:
		if c.{{ p.name }} != nil {
{%- if p.kind == "integer" %}
			return strconv.FormatInt(*c.{{ p.name }}, 10), true
{%- else if p.kind == "boolean" %}
			return strconv.FormatBool(*c.{{ p.name }}), true
{%- else %}
			return *c.{{ p.name }}, true
{%- endif %}
		}
{%- endfor %}
	}
	return "", false
{%- endif %}
}

