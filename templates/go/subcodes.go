{{ v.notice }}

package {{ v.package }}
{%- for s in v.subcodes %}

{{ s.doc }}type {{ s.ident }} string

const (
{%- for x in s.values %}
{{ x.doc }}	{{ x.ident }} {{ s.ident }} = {{ x.lit }}
{%- endfor %}
)

// Known reports whether the error catalog lists c.
func (c {{ s.ident }}) Known() bool {
{%- if s.values.is_empty() %}
	return false
{%- else %}
	switch c {
	case {% for x in s.values %}{% if !loop.first %}, {% endif %}{{ x.ident }}{% endfor %}:
		return true
	}
	return false
{%- endif %}
}

// Description returns what the catalog says c means; "" when it does not
// list c.
func (c {{ s.ident }}) Description() string {
	switch c {
{%- for x in s.values %}
	case {{ x.ident }}:
		return {{ x.description }}
{%- endfor %}
	}
	return ""
}

{{ s.accessor_doc }}func (e *Error) {{ s.ident }}() {{ s.ident }} {
	return {{ s.ident }}(e.subcode({{ s.index }}))
}
{%- endfor %}

// subcode is the value of sub-code i; "" when the body has none (or e was
// not made by FromParts).
func (e *Error) subcode(i int) string {
	if i < len(e.subcodes) {
		return e.subcodes[i]
	}
	return ""
}

