package archtest

import (
	"bufio"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "kaizen/"

// allowed lists, for each layer, the project's packages it may import
// (ARCHITECTURE.md, "Packages"). A package not listed here (commands, test
// helpers, small leaf packages) is not restricted.
var allowed = map[string][]string{
	"internal/domain":    {},
	"internal/pg":        {},
	"internal/indicator": {"internal/domain", "internal/pg"},
	"internal/store":     {"internal/domain", "internal/indicator", "internal/pg", "internal/mail", "migrations"},
	"internal/mail":      {"internal/domain", "web/paths"},
	"internal/report":    {"internal/domain", "internal/csvout"},
	"internal/pdf":       {"internal/domain", "internal/report"},
	"internal/webctx":    {"internal/domain"},
	"web/paths":          {},
	"web/components":     {"internal/domain", "internal/webctx", "web/paths"},
	"web/layout":         {"internal/domain", "internal/webctx", "web", "web/components", "web/paths"},
	"web/pages": {"internal/domain", "internal/webctx", "web/components", "web/layout", "web/paths",
		"internal/csvin", "internal/attendcsv", "internal/unitcsv"},
	"internal/web": {"internal/domain", "internal/store", "internal/mail", "internal/webctx", "internal/report", "internal/pdf", "internal/auth", "internal/pwlist",
		"internal/csvin", "internal/csvout", "internal/attendcsv", "internal/unitcsv", "internal/upload",
		"web", "web/components", "web/layout", "web/pages", "web/paths"},
}

// forbidden lists outside packages a layer must not import: the domain is
// plain Go, pages only render.
var forbidden = map[string][]string{
	"internal/domain": {"github.com/jackc/pgx", "net/http", "database/sql", "github.com/a-h/templ"},
	"web/pages":       {"github.com/jackc/pgx", "database/sql"},
	"web/components":  {"github.com/jackc/pgx", "database/sql"},
	"web/layout":      {"github.com/jackc/pgx", "database/sql"},
	"internal/report": {"github.com/jackc/pgx", "net/http"},
	"internal/pdf":    {"github.com/jackc/pgx", "net/http"},
}

// root is the module's folder.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root not found from %s", dir)
	}
	return dir
}

// goFiles lists the module's Go files (not the separate tools module).
func goFiles(t *testing.T) []string {
	t.Helper()
	base := root(t)
	var out []string
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != base && (strings.HasPrefix(name, ".") || name == "tools" || name == "node_modules" || name == "testdata" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(base, path)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestImports checks every package's imports against the layers.
func TestImports(t *testing.T) {
	base := root(t)
	fset := token.NewFileSet()
	for _, rel := range goFiles(t) {
		if strings.HasSuffix(rel, "_test.go") {
			continue // tests may reach across layers to set things up
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		ok, restricted := allowed[pkg]
		banned := forbidden[pkg]
		if !restricted && banned == nil {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(base, rel), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, b := range banned {
				if path == b || strings.HasPrefix(path, b+"/") {
					t.Errorf("%s imports %s: %s must not (ARCHITECTURE.md)", rel, path, pkg)
				}
			}
			if !restricted || !strings.HasPrefix(path, module) {
				continue
			}
			dep := strings.TrimPrefix(path, module)
			if !contains(ok, dep) {
				t.Errorf("%s imports %s: %s may import only %v (ARCHITECTURE.md)", rel, dep, pkg, ok)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// generators are hand-written Go allowed to be long: they are data.
var generators = map[string]bool{"internal/gen/national.go": true}

// TestFileLength keeps hand-written Go files at most 600 lines (generated
// templ code excepted): a longer file holds more than one concern.
func TestFileLength(t *testing.T) {
	base := root(t)
	for _, rel := range goFiles(t) {
		if strings.HasSuffix(rel, "_templ.go") || generators[filepath.ToSlash(rel)] {
			continue
		}
		f, err := os.Open(filepath.Join(base, rel))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			n++
		}
		_ = f.Close()
		if n > 600 {
			t.Errorf("%s has %d lines: split it by concern (at most 600)", rel, n)
		}
	}
}

// Contracts that have a type are not written as bare strings: audit
// actions (domain.AuditAction) and fact reference kinds (domain.RefKind).
var untyped = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`\baudit\(ctx, tx, [a-z]+, "`), "an audit action as a string literal: use a domain.Audit* constant"},
	{regexp.MustCompile(`RefKind: "`), "a fact's reference kind as a string literal: use a domain.Ref* constant"},
	{regexp.MustCompile(`RefKind [!=]= "`), "a fact's reference kind as a string literal: use a domain.Ref* constant"},
	{regexp.MustCompile(`\brefreshIndicators\(`), "a hand-written refresh of the read model: InTx drains what the writes touched"},
}

func TestTypedContracts(t *testing.T) {
	base := root(t)
	for _, rel := range goFiles(t) {
		if strings.HasSuffix(rel, "_test.go") || strings.HasSuffix(rel, "_templ.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(base, rel))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, u := range untyped {
				if u.re.MatchString(line) {
					t.Errorf("%s:%d: %s", rel, i+1, u.what)
				}
			}
		}
	}
}
