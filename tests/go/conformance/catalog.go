// Package conformance checks a generated Go error package against the
// README's "Runtime semantics", driven by the spec's catalog.json. Every
// spec's module runs it through a small adapter (see Package), so there is
// one suite for all of them.
package conformance

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// catalog is the part of catalog.json the suite reads.
type catalog struct {
	API struct {
		ID string `json:"id"`
	} `json:"api"`
	Envelope struct {
		Code       *string  `json:"code"`
		Message    []string `json:"message"`
		Details    *string  `json:"details"`
		RequestID  *string  `json:"request_id"`
		Field      *string  `json:"field"`
		Context    *string  `json:"context"`
		RetryAfter *string  `json:"retry_after"`
		Selections []struct {
			Name   string `json:"name"`
			In     string `json:"in"`
			Member string `json:"member"`
			Equals string `json:"equals"`
		} `json:"selections"`
		Headers struct {
			RequestID    []string `json:"request_id"`
			RetryAfter   string   `json:"retry_after"`
			RetryAfterMS *string  `json:"retry_after_ms"`
			ShouldRetry  *string  `json:"should_retry"`
			RetryAt      *string  `json:"retry_at"`
		} `json:"headers"`
	} `json:"envelope"`
	Retry       policy `json:"retry"`
	RetryHelper struct {
		ConnectionErrors  string  `json:"connection_errors"`
		IdempotencyHeader *string `json:"idempotency_header"`
	} `json:"retry_helper"`
	Fields []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"fields"`
	Classes []struct {
		ID          string  `json:"id"`
		Title       string  `json:"title"`
		Description string  `json:"description"`
		Statuses    []int   `json:"statuses"`
		Fallback    *string `json:"fallback"`
		Retry       policy  `json:"retry"`
		When        []struct {
			Header *string `json:"header"`
		} `json:"when"`
	} `json:"classes"`
	Domains []struct {
		ID     string      `json:"id"`
		Errors []specError `json:"errors"`
	} `json:"domains"`
}

type specError struct {
	Domain      string       `json:"domain"`
	Code        string       `json:"code"`
	Status      int          `json:"status"`
	Class       string       `json:"class"`
	Message     string       `json:"message"`
	Params      []string     `json:"params"`
	GRPC        string       `json:"grpc"`
	Description string       `json:"description"`
	Remedy      string       `json:"remedy"`
	Field       string       `json:"field"`
	Fields      []string     `json:"fields"`
	Retry       policy       `json:"retry"`
	Since       string       `json:"since"`
	DocsURL     string       `json:"docs_url"`
	Deprecated  *Deprecation `json:"deprecated"`
	Matches     struct {
		Exact  []string `json:"exact"`
		Prefix []string `json:"prefix"`
	} `json:"matches"`
}

type policy struct {
	Policy          string `json:"policy"`
	MaxAttempts     int    `json:"max_attempts"`
	InitialDelayMS  int64  `json:"initial_delay_ms"`
	MaxDelayMS      int64  `json:"max_delay_ms"`
	MaxRetryAfterMS int64  `json:"max_retry_after_ms"`
	LongerWait      string `json:"longer_wait"`
}

func loadCatalog(t testing.TB, path string) *catalog {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the catalog: %v", err)
	}
	var c catalog
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	if len(c.Classes) == 0 || len(c.Domains) == 0 {
		t.Fatalf("%s has no classes or no domains", path)
	}
	return &c
}

// headerNames is every header the envelope or a class condition reads.
func (c *catalog) headerNames() []string {
	h := c.Envelope.Headers
	names := append([]string{h.RetryAfter}, h.RequestID...)
	for _, n := range []*string{h.RetryAfterMS, h.ShouldRetry, h.RetryAt} {
		if n != nil {
			names = append(names, *n)
		}
	}
	for _, cl := range c.Classes {
		for _, w := range cl.When {
			if w.Header != nil {
				names = append(names, *w.Header)
			}
		}
	}
	return names
}

func (c *catalog) errors() []specError {
	var all []specError
	for _, d := range c.Domains {
		all = append(all, d.Errors...)
	}
	return all
}

// classOf is rule 5's status part, written independently of the package.
func (c *catalog) classOf(status int) string {
	for _, cl := range c.Classes {
		for _, s := range cl.Statuses {
			if s == status {
				return cl.ID
			}
		}
	}
	for _, cl := range c.Classes {
		if cl.Fallback != nil && strings.HasPrefix(*cl.Fallback, string(rune('0'+status/100))) && status >= 400 && status <= 599 {
			return cl.ID
		}
	}
	return ""
}

func (c *catalog) class(id string) (title string, p policy) {
	for _, cl := range c.Classes {
		if cl.ID == id {
			return cl.Title, cl.Retry
		}
	}
	return "", policy{}
}

// definition is rule 4: the first definition of code with status.
func (c *catalog) definition(code string, status int) *specError {
	for _, e := range c.errors() {
		if e.Code == code && e.Status == status {
			e := e
			return &e
		}
	}
	return nil
}

// matchCode is rule 3 for bodies without a code.
func (c *catalog) matchCode(message string) string {
	for _, e := range c.errors() {
		for _, m := range e.Matches.Exact {
			if m == message {
				return e.Code
			}
		}
	}
	for _, e := range c.errors() {
		for _, p := range e.Matches.Prefix {
			if strings.HasPrefix(message, p) {
				return e.Code
			}
		}
	}
	return ""
}

// selected splits a location of rule 18, "@name/pointer", into the
// selection's array, member and value and the pointer within the element;
// ok is false for a plain JSON Pointer.
func (c *catalog) selected(location string) (array, member, equals, rest string, ok bool) {
	name, ok := strings.CutPrefix(location, "@")
	if !ok {
		return "", "", "", location, false
	}
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name, rest = name[:i], name[i:]
	}
	for _, sel := range c.Envelope.Selections {
		if sel.Name == name {
			return sel.In, sel.Member, sel.Equals, rest, true
		}
	}
	panic("catalog.json has no selection " + name)
}

// setAt is set for any location: for "@name/pointer" it puts, at the
// selection's array, an element the selection picks (reusing one there)
// and sets the pointer inside it.
func (c *catalog) setAt(body map[string]any, location string, value any) {
	array, member, equals, rest, ok := c.selected(location)
	if !ok {
		set(body, location, value)
		return
	}
	var element map[string]any
	existing, _ := valueAt(body, array).([]any)
	for _, e := range existing {
		if o, ok := e.(map[string]any); ok && o[member] == equals {
			element = o
		}
	}
	if element == nil {
		element = map[string]any{member: equals}
		set(body, array, append(existing, element))
	}
	set(element, rest, value)
}

// valueAt is the value at a plain JSON Pointer in body; nil when none.
func valueAt(body map[string]any, pointer string) any {
	var node any = body
	for _, tok := range tokens(pointer) {
		m, ok := node.(map[string]any)
		if !ok {
			return nil
		}
		node = m[tok]
	}
	return node
}

// tokens splits a JSON Pointer into its unescaped tokens.
func tokens(pointer string) []string {
	if pointer == "" {
		return nil
	}
	parts := strings.Split(pointer[1:], "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

// set puts value at pointer in body, making objects on the way.
func set(body map[string]any, pointer string, value any) {
	toks := tokens(pointer)
	if len(toks) == 0 {
		if m, ok := value.(map[string]any); ok {
			for k, v := range m {
				body[k] = v
			}
		}
		return
	}
	node := body
	for _, tok := range toks[:len(toks)-1] {
		next, ok := node[tok].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[tok] = next
		}
		node = next
	}
	last := toks[len(toks)-1]
	if m, ok := value.(map[string]any); ok {
		if existing, ok := node[last].(map[string]any); ok {
			for k, v := range m {
				existing[k] = v
			}
			return
		}
	}
	node[last] = value
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
