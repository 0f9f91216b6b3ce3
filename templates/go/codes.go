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

// definition is what parsing a response and formatting a message read of
// a Definition. The rest of it, which only Definitions, ForStatus and
// (*Error).Definition return, is in definitionDocs at the same index: a
// program that never asks for a description does not link them.
type definition struct {
	code    Code
	class   Class
	message string
	grpc    GRPCCode
	status  uint16
	// retry is the index of the definition's policy in retryPolicies.
	retry uint16
	// usage is 1 + the index of its request field and template parameters
	// in usages; 0 when it has neither.
	usage uint16
}

// definitionDoc is the rest of a Definition.
type definitionDoc struct {
	domain      string
	description string
	remedy      string
	fields      []string
	since       string
	deprecated  *Deprecation
	docsURL     string
}

// usage is a definition's request field and template parameters.
type usage struct {
	field  string
	params []string
}

// definitions holds every definition, sorted by code and then in domain
// order, so that a binary search finds a code's definitions.
var definitions = []definition{
{%- for d in v.definitions %}
	{code: {{ d.code }}, class: {{ d.class }}, message: {{ d.message }}, grpc: {{ d.grpc }}, status: {{ d.status }}, retry: {{ d.retry_index }}
	{%- if d.usage > 0 %}, usage: {{ d.usage }}{% endif %}},
{%- endfor %}
}

// definitionDocs holds the rest of each of definitions, at the same index.
var definitionDocs = []definitionDoc{
{%- for d in v.definitions %}
	{domain: {{ d.domain }}, description: {{ d.description }}
	{%- if let Some(r) = d.remedy %}, remedy: {{ r }}{% endif %}
	{%- if !d.fields.is_empty() %}, fields: []string{ {{- d.fields -}} }{% endif %}
	{%- if let Some(s) = d.since %}, since: {{ s }}{% endif %}
	{%- if let Some(dep) = d.deprecated %}, deprecated: &Deprecation{Since: {{ dep.since }}
		{%- if let Some(r) = dep.replacement %}, Replacement: {{ r }}{% endif %}
		{%- if let Some(n) = dep.note %}, Note: {{ n }}{% endif %}}{% endif %}
	{%- if let Some(u) = d.docs_url %}, docsURL: {{ u }}{% endif %}},
{%- endfor %}
}

// retryPolicies holds each distinct retry policy of the definitions.
var retryPolicies = []RetryPolicy{
{%- for p in v.retry_policies %}
	{Mode: {{ p.mode }}, MaxAttempts: {{ p.max_attempts }}, InitialDelay: {{ p.initial_delay_ms }} * time.Millisecond, MaxDelay: {{ p.max_delay_ms }} * time.Millisecond, MaxRetryAfter: {{ p.max_retry_after_ms }} * time.Millisecond, LongerWait: {{ p.longer_wait }}},
{%- endfor %}
}

// usages holds each distinct request field and template parameters of the
// definitions that have either.
var usages = []usage{
{%- if v.usages.is_empty() %}}{% else %}
{%- for u in v.usages %}
	{ {%- if let Some(f) = u.field %}field: {{ f }}{% endif %}
	{%- if !u.params.is_empty() %}{% if u.field.is_some() %}, {% endif %}params: []string{ {{- u.params -}} }{% endif %}},
{%- endfor %}
}
{%- endif %}

// policy returns d's retry policy.
func (d *definition) policy() RetryPolicy {
	return retryPolicies[d.retry]
}

// field returns the request field d is about; "" for none.
func (d *definition) field() string {
	if d.usage == 0 {
		return ""
	}
	return usages[d.usage-1].field
}

// params returns d's template parameters; nil for a plain message.
func (d *definition) params() []string {
	if d.usage == 0 {
		return nil
	}
	return usages[d.usage-1].params
}

// public returns the Definition that d is.
func (d *definition) public() Definition {
	lo, hi := d.code.span()
	for i := lo; i < hi; i++ {
		if &definitions[i] == d {
			return definitionAt(i)
		}
	}
	panic("{{ v.package }}: a definition outside the table")
}

// definitionAt returns the Definition at index i of definitions.
func definitionAt(i int) Definition {
	d, doc := &definitions[i], &definitionDocs[i]
	return Definition{
		Code:        d.code,
		Domain:      doc.domain,
		Status:      int(d.status),
		Class:       d.class,
		Message:     d.message,
		Params:      d.params(),
		Description: doc.description,
		Remedy:      doc.remedy,
		Field:       d.field(),
		Fields:      doc.fields,
		GRPC:        d.grpc,
		Retry:       d.policy(),
		Since:       doc.since,
		Deprecated:  doc.deprecated,
		DocsURL:     doc.docsURL,
	}
}

// span returns where c's definitions are in definitions.
func (c Code) span() (lo, hi int) {
	lo = sort.Search(len(definitions), func(i int) bool { return definitions[i].code >= c })
	hi = lo
	for hi < len(definitions) && definitions[hi].code == c {
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
	if lo == hi {
		return nil
	}
	out := make([]Definition, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, definitionAt(i))
	}
	return out
}

// ForStatus returns the definition of c that applies to a response with
// this HTTP status: the first, in domain order, with that status.
func (c Code) ForStatus(status int) (Definition, bool) {
	if d := c.forStatus(status); d != nil {
		return d.public(), true
	}
	return Definition{}, false
}

func (c Code) forStatus(status int) *definition {
	lo, hi := c.span()
	for i := lo; i < hi; i++ {
		if int(definitions[i].status) == status {
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

