// Command package measures a generated Go error package as its users meet
// it. From tests/go:
//
//	go run ./bench/package [-cache dir] <generated go package dir> <status> <body>
//
// It writes two programs into a temporary module: one that parses an error
// response with a hand-written minimal parser (encoding/json: the code,
// message and request id), and the same program that also turns it into
// the package's error with FromParts. Both are built with a private
// GOCACHE (-cache, else a temporary one): the first build compiles the
// standard library, so timing the second times compiling the package (and
// the few lines of main). Pass the same -cache to measure two packages
// with one compile of the standard library. It prints
//
//	build_ms=<ms> base_bytes=<n> with_bytes=<n> added_bytes=<n>
//	parse_ns=<ns> floor_ns=<ns>
//
// added_bytes is the binary size the package adds; parse and floor are ns
// per call of FromParts and of the minimal parser, timed by the second
// program.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// floor is the hand-written minimal parser both programs carry.
const floor = `
type minimal struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

func parseMinimal(status int, header http.Header, body []byte) *minimal {
	var doc struct {
		Reason  string ` + "`json:\"reason\"`" + `
		Message string ` + "`json:\"message\"`" + `
	}
	_ = json.Unmarshal(body, &doc)
	return &minimal{status, doc.Reason, doc.Message, header.Get("X-Request-Id")}
}

// perCall is ns per call of f: the best of five rounds of n calls.
func perCall(f func() int) float64 {
	const n = 100000
	best, sink := 0.0, 0
	for round := 0; round < 6; round++ {
		start := time.Now()
		for i := 0; i < n; i++ {
			sink += f()
		}
		ns := float64(time.Since(start).Nanoseconds()) / n
		if round == 1 || (round > 1 && ns < best) {
			best = ns
		}
	}
	if sink == 0 {
		panic("nothing parsed")
	}
	return best
}
`

const base = `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)
` + floor + `
func main() {
	status, _ := strconv.Atoi(os.Args[1])
	body := []byte(os.Args[2])
	header := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_42"}}
	m := parseMinimal(status, header, body)
	fmt.Println(m.Code, m.Message, perCall(func() int { return len(parseMinimal(status, header, body).Message) }))
}
`

const with = `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	pkg %[1]q
)
` + floor + `
func main() {
	status, _ := strconv.Atoi(os.Args[1])
	body := []byte(os.Args[2])
	header := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_42"}}
	m, err := parseMinimal(status, header, body), pkg.FromParts(status, header, body)
	if !err.Code.Known() || err.Message != m.Message || err.RequestID != m.RequestID {
		panic("the package and the floor disagree: " + err.Error())
	}
	parse := perCall(func() int { return len(pkg.FromParts(status, header, body).Message) })
	minimal := perCall(func() int { return len(parseMinimal(status, header, body).Message) })
	fmt.Printf("parse_ns=%%.1f floor_ns=%%.1f\n", parse, minimal)
}
`

var cache = flag.String("cache", "", "GOCACHE to build with (default: a temporary one)")

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/package [-cache dir] <generated go package dir> <status> <body>")
	}
	flag.Parse()
	if flag.NArg() != 3 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), flag.Arg(2)); err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
}

func modulePath(dir string) (string, error) {
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.TrimSpace(rest), nil
		}
	}
	return "", fmt.Errorf("%s/go.mod names no module", dir)
}

func run(dir, status, body string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	module, err := modulePath(dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "errcat-go-package-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	gocache := *cache
	if gocache == "" {
		gocache = filepath.Join(tmp, "cache")
	} else if gocache, err = filepath.Abs(gocache); err != nil {
		return err
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOCACHE="+gocache)
	build := func(name, source, mod string) (int64, time.Duration, error) {
		src := filepath.Join(tmp, name)
		if err := os.MkdirAll(src, 0o755); err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(mod), 0o644); err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(source), 0o644); err != nil {
			return 0, 0, err
		}
		cmd := exec.Command("go", "build", "-o", "prog", ".")
		cmd.Dir, cmd.Env, cmd.Stderr = src, env, os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return 0, 0, fmt.Errorf("go build %s: %w", name, err)
		}
		took := time.Since(start)
		info, err := os.Stat(filepath.Join(src, "prog"))
		if err != nil {
			return 0, 0, err
		}
		return info.Size(), took, nil
	}
	baseBytes, _, err := build("base", base, "module errcatbase\n\ngo 1.21\n")
	if err != nil {
		return err
	}
	mod := fmt.Sprintf("module errcatwith\n\ngo 1.21\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", module, module, dir)
	withBytes, took, err := build("with", fmt.Sprintf(with, module), mod)
	if err != nil {
		return err
	}
	fmt.Printf("build_ms=%.0f base_bytes=%d with_bytes=%d added_bytes=%d\n",
		float64(took.Microseconds())/1e3, baseBytes, withBytes, withBytes-baseBytes)
	cmd := exec.Command(filepath.Join(tmp, "with", "prog"), status, body)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
