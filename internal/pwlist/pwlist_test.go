package pwlist

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

func TestCommon(t *testing.T) {
	l := Common()
	if l.Len() < 100_000 {
		t.Fatalf("the list has %d entries, want at least 100 000", l.Len())
	}
	for _, pw := range []string{"1234567890", "aaaaaaaaaa", "password12", "PassWord12", "qwertyuiop", "zaq12wsx", "123456"} {
		if !l.Contains(pw) {
			t.Errorf("Contains(%q) = false", pw)
		}
	}
	for _, pw := range []string{"wiosenne-Łąki nad Wisłą 1987", "grzmot latarnia kubek szron", ""} {
		if l.Contains(pw) {
			t.Errorf("Contains(%q) = true", pw)
		}
	}
}

func TestParse(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte("Zeta\r\nalpha\n\nALPHA\nmid\n"))
	_ = zw.Close()
	l, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 3 {
		t.Fatalf("Len = %d, want 3 (lower-cased, deduplicated, no empty line)", l.Len())
	}
	for _, w := range []string{"zeta", "ALPHA", "Mid"} {
		if !l.Contains(w) {
			t.Errorf("Contains(%q) = false", w)
		}
	}
	for _, w := range []string{"zet", "alphab", "a", "zeta\r"} {
		if l.Contains(w) {
			t.Errorf("Contains(%q) = true", w)
		}
	}
	if _, err := Parse([]byte("not gzip")); err == nil {
		t.Error("Parse of a non-gzip input succeeded")
	}
}

// BenchmarkLoad measures loading the embedded list (BENCHMARKS.md).
func BenchmarkLoad(b *testing.B) {
	var before, after runtime.MemStats
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		l, err := Parse(compressed)
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-kept")
		b.ReportMetric(float64(elapsed.Milliseconds()), "ms-load")
		runtime.KeepAlive(l)
	}
}

// BenchmarkContains measures one look-up.
func BenchmarkContains(b *testing.B) {
	l := Common()
	for i := 0; i < b.N; i++ {
		l.Contains("Wiosna-nad-Wisla-2026")
	}
}

// TestPolicyWithTheList: the passwords of the security review (issue 14,
// finding 4) are refused with the embedded list, and good ones pass.
func TestPolicyWithTheList(t *testing.T) {
	check := func(pw string) error {
		return domain.NewPassword{Password: pw, Confirm: pw, Username: "jan.nowak", DisplayName: "Jan Nowak", Field: "password"}.Validate(Common())
	}
	for _, pw := range []string{"1234567890", "aaaaaaaaaa", "kier3kier3", "password12", "Admin12345", "Qwerty12345", "zaq12wsxcde", "iloveyou123", "Polska2026!"} {
		if err := check(pw); domain.FieldErrors(err)["password"] == "" {
			t.Errorf("%q accepted (%.1f bits)", pw, domain.PasswordBits(pw, Common()))
		}
	}
	for _, pw := range []string{"dobre-haslo-2026", "gęślą jaźń 42", "Mewy nad Helem: 7 szarych, 3 białe", "xkqmvbrtpw", "tramwaj ogórek szafa mgła"} {
		if err := check(pw); err != nil {
			t.Errorf("%q refused: %v (%.1f bits)", pw, domain.FieldErrors(err), domain.PasswordBits(pw, Common()))
		}
	}
}

// BenchmarkPolicy measures the whole password check of a 256-character
// passphrase (the list's look-ups of every stretch dominate).
func BenchmarkPolicy(b *testing.B) {
	pw := string([]rune(strings.Repeat("Mewy nad Helem, 7 szarych i 3 białe; ", 8))[:domain.PasswordMax])
	l := Common()
	for i := 0; i < b.N; i++ {
		_ = domain.NewPassword{Password: pw, Confirm: pw, Username: "jan.nowak", DisplayName: "Jan Nowak"}.Validate(l)
	}
}

// The embedded list is stored as Parse packs it (lower-cased, sorted,
// without duplicates), so loading it needs no sort and no second copy.
func TestEmbeddedListIsStoredSorted(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(raw.String(), "\n"), "\n")
	for i, w := range lines {
		if w == "" || w != strings.ToLower(w) || (i > 0 && w <= lines[i-1]) {
			t.Fatalf("line %d %q is not in stored order after %q", i+1, w, lines[max(i-1, 0)])
		}
	}
	if got := Common().Len(); got != len(lines) {
		t.Fatalf("Common has %d entries, the file %d lines", got, len(lines))
	}
}
