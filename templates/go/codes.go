{%- import "go/macros.go" as m -%}
{{ v.notice }}

package {{ v.package }}

import (
	"sort"
	"strings"
	"time"
)

// Code is an error code as the API sends it. Every code of the catalog has a
// constant below; any other string is kept as it came (Code.Known reports
// false), so a newer server never breaks an older SDK.
type Code string

const (
{%- for c in v.codes %}
{{ c.doc }}	{{ c.ident }} Code = {{ c.lit }}
{%- endfor %}
)

// Definition is what the error catalog says about one code sent with one
// HTTP status. A code defined in several domains has several definitions;
// an *Error uses the first whose Status is the response's.
type Definition struct {
	// Code is the code this definition is about.
	Code Code
	// Domain is the catalog domain that defines it.
	Domain string
	// Status is the HTTP status the code is sent with.
	Status int
	// Class is the class errors of this definition belong to.
	Class Class
	// Message is the message the API sends, or a fitting one. With Params
	// it is a template: <param> stands for that context field's value.
	Message string
	// Params are the template's parameters, in order; nil for a plain
	// message. FormatMessage and the Format functions fill them in.
	Params []string
	// Description says what the error means.
	Description string
	// Remedy says what the caller should do about it; may be empty.
	Remedy string
	// Field names the request field the error is about; may be empty.
	Field string
	// Fields lists the context fields errors of this definition carry.
	Fields []string
	// GRPC is the google.rpc.Code of errors of this definition.
	GRPC GRPCCode
	// Retry is the retry policy that applies.
	Retry RetryPolicy
	// Since is the API version that introduced the error; may be empty.
	Since string
	// Deprecated is set when the error is deprecated.
	Deprecated *Deprecation
	// DocsURL links to the error's documentation; may be empty.
	DocsURL string
}

// Deprecation says since when a code is deprecated and what replaces it.
type Deprecation struct {
	// Since is the API version that deprecated the code.
	Since string
	// Replacement is the code to use instead; may be empty.
	Replacement Code
	// Note says more; may be empty.
	Note string
}

// definitions holds every definition, sorted by code and then in domain
// order, so that a binary search finds a code's definitions.
var definitions = []Definition{
{%- for d in v.definitions %}
	{Code: {{ d.code }}, Domain: {{ d.domain }}, Status: {{ d.status }}, Class: {{ d.class }}, Message: {{ d.message }}, Description: {{ d.description }}
	{%- if let Some(r) = d.remedy %}, Remedy: {{ r }}{% endif %}
	{%- if let Some(f) = d.field %}, Field: {{ f }}{% endif %}
	{%- if !d.params.is_empty() %}, Params: []string{ {{- d.params -}} }{% endif %}
	{%- if !d.fields.is_empty() %}, Fields: []string{ {{- d.fields -}} }{% endif %}, GRPC: {{ d.grpc }}, Retry: {% call m::policy(d.retry) %}{% endcall %}
	{%- if let Some(s) = d.since %}, Since: {{ s }}{% endif %}
	{%- if let Some(dep) = d.deprecated %}, Deprecated: &Deprecation{Since: {{ dep.since }}
		{%- if let Some(r) = dep.replacement %}, Replacement: {{ r }}{% endif %}
		{%- if let Some(n) = dep.note %}, Note: {{ n }}{% endif %}}{% endif %}
	{%- if let Some(u) = d.docs_url %}, DocsURL: {{ u }}{% endif %}},
{%- endfor %}
}

// span returns where c's definitions are in definitions.
func (c Code) span() (lo, hi int) {
	lo = sort.Search(len(definitions), func(i int) bool { return definitions[i].Code >= c })
	hi = lo
	for hi < len(definitions) && definitions[hi].Code == c {
		hi++
	}
	return lo, hi
}

// Known reports whether the error catalog lists c.
func (c Code) Known() bool {
	lo, hi := c.span()
	return hi > lo
}

// Definitions returns the definitions of c in domain order; none when c is
// not known.
func (c Code) Definitions() []Definition {
	lo, hi := c.span()
	return append([]Definition(nil), definitions[lo:hi]...)
}

// ForStatus returns the definition of c that applies to a response with
// this HTTP status: the first, in domain order, with that status.
func (c Code) ForStatus(status int) (Definition, bool) {
	if d := c.forStatus(status); d != nil {
		return *d, true
	}
	return Definition{}, false
}

func (c Code) forStatus(status int) *Definition {
	lo, hi := c.span()
	for i := lo; i < hi; i++ {
		if definitions[i].Status == status {
			return &definitions[i]
		}
	}
	return nil
}

// messageMatch recognises an error by its message, for bodies without a code.
type messageMatch struct {
	message string
	code    Code
}

// exactMatches is sorted by message; each message names the first error, in
// spec order, that lists it.
var exactMatches = []messageMatch{
{%- if v.exact_matches.is_empty() %}}{% else %}
{%- for x in v.exact_matches %}
	{message: {{ x.message }}, code: {{ x.code }}},
{%- endfor %}
}
{%- endif %}

// prefixMatches is in spec order: the first prefix that fits wins.
var prefixMatches = []messageMatch{
{%- if v.prefix_matches.is_empty() %}}{% else %}
{%- for x in v.prefix_matches %}
	{message: {{ x.message }}, code: {{ x.code }}},
{%- endfor %}
}
{%- endif %}

// matchMessage returns the code whose exact message, else whose message
// prefix, fits message; "" when none does.
func matchMessage(message string) Code {
	i := sort.Search(len(exactMatches), func(i int) bool { return exactMatches[i].message >= message })
	if i < len(exactMatches) && exactMatches[i].message == message {
		return exactMatches[i].code
	}
	for _, m := range prefixMatches {
		if strings.HasPrefix(message, m.message) {
			return m.code
		}
	}
	return ""
}

