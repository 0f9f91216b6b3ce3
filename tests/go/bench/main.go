// Command bench times looking up a code's metadata from its string in a
// generated Go error package: Code(s).Definitions() for every code of the
// catalog and as many codes it does not know, alternating. It prints
//
//	lookup_ns_per_op=<ns> known_ns_per_op=<ns> unknown_ns_per_op=<ns> search_ns_per_op=<ns> codes=<n>
//
// lookup is the mix of known and unknown codes; known and unknown split it;
// search is Code(s).Known(), the binary search without Definitions' copy.
//
// Usage, from tests/go: go run ./bench <generated go package dir>, e.g.
// go run ./bench ../../target/bench/out-10000/go. The package's catalog.json
// is read from the directory above it. The timing program is written to a
// temporary module that requires the package through a replace directive,
// so any spec's package works without a go.work.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// program is the timing program; %[1]q is the package's import path.
const program = `package main

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	pkg %[1]q
)

var sink int

// bench times Code(key).Definitions(), which copies the definitions found.
func bench(keys []string) float64 {
	r := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += len(pkg.Code(keys[i%%len(keys)]).Definitions())
		}
	})
	return float64(r.T.Nanoseconds()) / float64(r.N)
}

// search times Code(key).Known(): the search alone, without the copy.
func search(keys []string) float64 {
	r := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if pkg.Code(keys[i%%len(keys)]).Known() {
				sink++
			}
		}
	})
	return float64(r.T.Nanoseconds()) / float64(r.N)
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var catalog struct {
		Codes map[string]json.RawMessage ` + "`json:\"codes\"`" + `
	}
	if err := json.Unmarshal(data, &catalog); err != nil {
		panic(err)
	}
	var known, unknown, mixed []string
	for code := range catalog.Codes {
		if !pkg.Code(code).Known() {
			panic("the package does not know " + code)
		}
		u := "NOT_IN_THE_CATALOG_" + code
		if pkg.Code(u).Known() {
			panic("the package knows " + u)
		}
		known, unknown = append(known, code), append(unknown, u)
		mixed = append(mixed, code, u)
	}
	if len(known) == 0 {
		panic("no codes in the catalog")
	}
	fmt.Printf("lookup_ns_per_op=%%.1f known_ns_per_op=%%.1f unknown_ns_per_op=%%.1f search_ns_per_op=%%.1f codes=%%d\n",
		bench(mixed), bench(known), bench(unknown), search(mixed), len(known))
}
`

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench <generated go package dir>")
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	module := ""
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			module = strings.TrimSpace(rest)
		}
	}
	if module == "" {
		return fmt.Errorf("%s/go.mod names no module", dir)
	}
	tmp, err := os.MkdirTemp("", "errcat-go-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	mod := fmt.Sprintf("module errcatbench\n\ngo 1.21\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", module, module, dir)
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(mod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "main.go"), []byte(fmt.Sprintf(program, module)), 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", "run", ".", filepath.Join(filepath.Dir(dir), "catalog.json"))
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
