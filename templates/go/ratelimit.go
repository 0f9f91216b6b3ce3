{{ v.notice }}

package {{ v.package }}

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// RateLimit is what an error response's rate-limit headers say (README
// rule 22): the IETF RateLimit and RateLimit-Policy fields
// (draft-ietf-httpapi-ratelimit-headers) where the API sends them, then
// the API's own headers. Each part is nil ("" for Policy) when no header
// gives it.
type RateLimit struct {
	// Limit is the quota: how many requests the window allows.
	Limit *int64
	// Remaining is how many requests are left in the window.
	Remaining *int64
	// ResetMillis is how long, in milliseconds from the error's
	// ReceivedAt, until the quota resets.
	ResetMillis *int64
	// WindowMillis is the length of the quota's window in milliseconds.
	WindowMillis *int64
	// Policy is the name of the quota policy the numbers are about.
	Policy string
}

// Reset returns ResetMillis as a time.Duration; false when there is none.
func (r *RateLimit) Reset() (time.Duration, bool) {
	if r == nil || r.ResetMillis == nil {
		return 0, false
	}
	return durationOfMillis(*r.ResetMillis), true
}

// rateLimitLayout says which rate-limit headers the API sends; names are
// lower case, "" for none.
type rateLimitLayout struct {
	ietf      bool
	limit     string
	remaining string
	reset     string
	// resetEpoch: reset holds epoch seconds, not seconds from now.
	resetEpoch bool
}

// rateLimitOf reads the rate-limit headers; nil when they give none of
// the limit, the remaining requests and the reset.
func rateLimitOf(header http.Header, receivedAt time.Time) *RateLimit {
	layout := envelope.rateLimit
	r := &RateLimit{}
	if layout.ietf {
		policy, found := "", false
		for _, m := range structuredMembers(headerValue(header, "ratelimit")) {
			if _, has := m.params["r"]; has {
				// The first member with an r, valid or not, is the one.
				if remaining, ok := m.integer("r"); ok {
					r.Remaining = &remaining
				}
				if t, ok := m.integer("t"); ok {
					r.ResetMillis = whole(float64(t) * 1000)
				}
				found, policy, r.Policy = true, m.name, m.name
				break
			}
		}
		policies := structuredMembers(headerValue(header, "ratelimit-policy"))
		var chosen *structuredMember
		for i := range policies {
			if found && policies[i].name == policy {
				chosen = &policies[i]
				break
			}
		}
		if chosen == nil && len(policies) > 0 {
			chosen = &policies[0]
		}
		if chosen != nil {
			if !found {
				r.Policy = chosen.name
			}
			if q, ok := chosen.integer("q"); ok {
				r.Limit = &q
			}
			if w, ok := chosen.integer("w"); ok {
				r.WindowMillis = whole(float64(w) * 1000)
			}
		}
	}
	if r.Limit == nil {
		r.Limit = wholeNumber(headerValue(header, layout.limit))
	}
	if r.Remaining == nil {
		r.Remaining = wholeNumber(headerValue(header, layout.remaining))
	}
	read := headerMillis
	if layout.resetEpoch {
		read = func(s string, _ int64) (float64, bool) { return epochMillis(s) }
	}
	if ms, ok := read(headerValue(header, layout.reset), 1000); r.ResetMillis == nil && ok {
		if layout.resetEpoch {
			ms -= float64(receivedAt.UnixMilli())
		}
		r.ResetMillis = whole(ms)
	}
	if r.Limit == nil && r.Remaining == nil && r.ResetMillis == nil {
		return nil
	}
	return r
}

// whole is ms rounded down to a whole number within [0, 2^53−1].
func whole(ms float64) *int64 {
	n := int64(min(max(math.Floor(ms), 0), maxExactInteger))
	return &n
}

// wholeNumber reads a non-negative integer of digits only, at most
// 2^53−1; nil for anything else.
func wholeNumber(s string) *int64 {
	if s == "" || len(s) > 16 {
		return nil
	}
	var n int64
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return nil
		}
		n = n*10 + int64(c-'0')
	}
	if n > maxExactInteger {
		return nil
	}
	return &n
}

// structuredMember is one member of a list-valued header such as
// RateLimit: `name *(";" key "=" value)`.
type structuredMember struct {
	name   string
	params map[string]string
}

// integer returns the parameter key as a non-negative integer.
func (m structuredMember) integer(key string) (int64, bool) {
	v, ok := m.params[key]
	if !ok {
		return 0, false
	}
	n := wholeNumber(v)
	if n == nil {
		return 0, false
	}
	return *n, true
}

// structuredMembers splits a header value into its members (README rule
// 22): separated by commas, each a name (a token or a quoted string) and
// parameters `;key` or `;key=value`, with spaces and tabs allowed around
// ",", ";" and "=". A member whose name is neither is skipped; of a
// parameter given twice the first counts.
func structuredMembers(value string) []structuredMember {
	var members []structuredMember
	for _, part := range splitUnquoted(value, ',') {
		fields := splitUnquoted(part, ';')
		name, ok := memberName(strings.Trim(fields[0], " \t"))
		if !ok {
			continue
		}
		m := structuredMember{name: name, params: map[string]string{}}
		for _, p := range fields[1:] {
			key, v, _ := strings.Cut(p, "=")
			if key = strings.Trim(key, " \t"); key != "" {
				if _, seen := m.params[key]; !seen {
					m.params[key] = strings.Trim(v, " \t")
				}
			}
		}
		members = append(members, m)
	}
	return members
}

// memberName reads a member's name: a quoted string (with \" and \\
// escapes), or a token: a letter or "*", then letters, digits and
// !#$%&'*+-.^_`|~:/.
func memberName(s string) (string, bool) {
	if !strings.HasPrefix(s, `"`) {
		for i, c := range []byte(s) {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && c != '*' && (i == 0 || !(c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~:/", c) >= 0)) {
				return "", false
			}
		}
		return s, s != ""
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i++; i == len(s) || s[i] != '"' && s[i] != '\\' {
				return "", false
			}
			b.WriteByte(s[i])
		case '"':
			return b.String(), i == len(s)-1
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// splitUnquoted splits s at every sep outside a quoted string.
func splitUnquoted(s string, sep byte) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

