package pwlist

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"unicode/utf8"

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

// The embedded list is stored as Contains reads it: lower-cased, sorted
// bytewise, without duplicates or empty entries, every line ended by "\n".
func TestEmbeddedListIsStoredSorted(t *testing.T) {
	if !strings.HasSuffix(embedded, "\n") {
		t.Fatal("the embedded list does not end with a line feed")
	}
	lines := strings.Split(strings.TrimSuffix(embedded, "\n"), "\n")
	for i, w := range lines {
		if w == "" || w != strings.ToLower(w) || strings.Contains(w, "\r") || utf8.RuneCountInString(w) > maxEntry || (i > 0 && w <= lines[i-1]) {
			t.Fatalf("line %d %q is not in stored order after %q", i+1, w, lines[max(i-1, 0)])
		}
	}
	if got := Common().Len(); got != len(lines) || got != 414_614 {
		t.Fatalf("Common has %d entries, the file %d lines, want 414 614", got, len(lines))
	}
}

// TestContainsEdges: the binary search over the embedded bytes at the
// list's ends, between neighbours, and with case folded as before.
func TestContainsEdges(t *testing.T) {
	l := Common()
	lines := strings.Split(strings.TrimSuffix(embedded, "\n"), "\n")
	first, last := lines[0], lines[len(lines)-1]
	cases := []struct {
		pw   string
		want bool
	}{
		{first, true}, // a single space
		{last, true},
		{lines[1], true},
		{lines[len(lines)-2], true},
		{"", false},
		{first[:len(first)-1], false}, // before the first entry
		{last + "x", false},           // after the last entry
		{"\U0010FFFF", false},
		{"password1", true},
		{"password10", true},
		{"password100", false}, // between password10 and password101
		{"password101", true},
		{"kaizen0", false}, // between kaizen and kaizen09, a prefix of the second
		{"kaizen1", false}, // between kaizen09 and kaizenneziakkaizen
		{"kaizen09", true},
		{"password12", true},
		{"PASSWORD1", true},
		{"PassWord12", true},
		{"Contraseña", true},
		{"CONTRASEÑA", true},
		{"AMÉLIE", true},
		{"password1\npassword12", false}, // two entries, one line each
		{"password1\n", false},
		{"password1\r", false},
	}
	for _, c := range cases {
		if got := l.Contains(c.pw); got != c.want {
			t.Errorf("Contains(%q) = %v, want %v", c.pw, got, c.want)
		}
	}
	if testing.Short() {
		return
	}
	// Every entry, the word just after it, the entry less its last byte
	// and its capitals, against a set of the lines.
	set := make(map[string]bool, len(lines))
	for _, w := range lines {
		set[w] = true
	}
	for _, w := range lines {
		for _, pw := range []string{w, w + "\x00", w[:len(w)-1], strings.ToUpper(w)} {
			p := strings.ToLower(pw)
			if want := set[p] && !strings.Contains(p, "\n"); l.Contains(pw) != want {
				t.Fatalf("Contains(%q) = %v, want %v", pw, !want, want)
			}
		}
	}
}

// A look-up of a lower-case word allocates nothing: the list is read where
// the binary holds it.
func TestContainsAllocatesNothing(t *testing.T) {
	l := Common()
	if n := testing.AllocsPerRun(100, func() {
		l.Contains("wiosna-nad-wisla-2026")
		l.Contains("password12")
	}); n != 0 {
		t.Errorf("Contains allocates %v times", n)
	}
}
