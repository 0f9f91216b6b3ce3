{%- import "go/macros.go" as m -%}
{{ v.notice }}

package {{ v.package }}

import (
	"time"
)

// Class is the status-level class of an error: what callers usually branch
// on. The zero Class is no class: an *Error whose status no class claims.
type Class string

const (
{%- for c in v.classes %}
{{ c.doc }}	{{ c.ident }} Class = {{ c.lit }}
{%- endfor %}
)

var (
{%- for c in v.classes %}
{{ c.sentinel_doc }}	{{ c.sentinel }} error = &classError{class: {{ c.ident }}}
{%- endfor %}
)

// classError is the type of the class sentinels; an *Error is one of them
// (errors.Is) when its Class is theirs.
type classError struct{ class Class }

func (e *classError) Error() string {
	return "{{ v.package }}: " + string(e.class) + ": " + e.class.Title()
}

// classInfo is what the catalog says about a class.
type classInfo struct {
	title       string
	description string
	retry       RetryPolicy
	err         error
	// grpc is the class's own gRPC code, when hasGRPC.
	grpc    GRPCCode
	hasGRPC bool
}

func (c Class) info() (classInfo, bool) {
	switch c {
{%- for c in v.classes %}
	case {{ c.ident }}:
		return classInfo{title: {{ c.title }}, description: {{ c.description }}, retry: {% call m::policy(c.retry) %}{% endcall %}, err: {{ c.sentinel }}
		{%- if let Some(g) = c.grpc %}, grpc: {{ g }}, hasGRPC: true{% endif %}}, true
{%- endfor %}
	}
	return classInfo{}, false
}

// StatusClass returns the class of an HTTP status: the class that lists it,
// else the class that takes the rest of its range; "" when there is none.
func StatusClass(status int) Class {
	switch status {
{%- for s in v.status_cases %}
	case {{ s.statuses }}:
		return {{ s.class }}
{%- endfor %}
	}
{%- for f in v.fallbacks %}
	if {{ f.condition }} {
		return {{ f.class }}
	}
{%- endfor %}
	return ""
}

// condition puts a response in class whatever its status says (rule 5):
// at one of statuses (any, when nil), the combined value of header, or the
// string at body, equals equals.
type condition struct {
	class    Class
	statuses []int
	header   string
	body     location
	equals   string
}

// conditions are the classes' conditions, class by class in catalog order.
var conditions = []condition{
{%- if v.conditions.is_empty() %}}{% else %}
{%- for c in v.conditions %}
	{class: {{ c.class }}, {% if let Some(st) = c.statuses %}statuses: {{ st }}, {% endif %}{% if let Some(h) = c.header %}header: {{ h }}{% else %}body: {{ c.body }}{% endif %}, equals: {{ c.equals }}},
{%- endfor %}
}
{%- endif %}

// conditionClass is the class of the first condition that holds; "" when
// none does.
func conditionClass(status int, header map[string][]string, obj map[string]any) Class {
	for _, c := range conditions {
		if c.statuses != nil && !containsInt(c.statuses, status) {
			continue
		}
		if c.header != "" {
			if len(headerValues(header, c.header)) > 0 && headerValue(header, c.header) == c.equals {
				return c.class
			}
			continue
		}
		if s, ok := c.body.stringIn(obj); ok && s == c.equals {
			return c.class
		}
	}
	return ""
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// Known reports whether c is one of the catalog's classes.
func (c Class) Known() bool {
	_, ok := c.info()
	return ok
}

// Title returns the class's short human title; "" for an unknown class.
func (c Class) Title() string {
	i, _ := c.info()
	return i.title
}

// Description returns what the class means; "" for an unknown class.
func (c Class) Description() string {
	i, _ := c.info()
	return i.description
}

// Policy returns the class's retry policy; for an unknown class, the
// catalog's default, which never retries.
func (c Class) Policy() RetryPolicy {
	if i, ok := c.info(); ok {
		return i.retry
	}
	return defaultPolicy
}

// Err returns the class's sentinel error (ErrRateLimit-style), for
// errors.Is; nil for an unknown class.
func (c Class) Err() error {
	i, _ := c.info()
	return i.err
}

// defaultPolicy applies when neither a definition nor a class gives one.
var defaultPolicy = {% call m::policy(v.default_policy) %}{% endcall %}

