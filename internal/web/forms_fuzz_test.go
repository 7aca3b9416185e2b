package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzFormReader: any submitted form body is read without a panic; what
// the reader accepts obeys its rules (integers in range, ids positive,
// rows lined up with their messages).
func FuzzFormReader(f *testing.F) {
	for _, s := range []string{"day=2026-11-27&hours=7,5&n=12&items=1&items=2", "day=31.02.2026&hours=1e9&n=-&items=0&items=x",
		"code=WNP-1&start=2026-01-01&end=&code=&start=&end=&code=B", "n=99999999999999999999&hours=%00", "items=9223372036854775807&unit=-5",
		"version=1&decision=accepted&remarks=%E2%80%9Ecudzys%C5%82%C3%B3w%E2%80%9D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return
		}
		fr := newFormReader(r)
		_ = fr.str("place")
		_ = fr.date(fr.str("day"), "day", true)
		_ = fr.decimal(fr.str("hours"), "hours", false)
		if n := fr.integer(fr.str("n"), "n", false); fr.errs["n"] == "" && (n < -1_000_000 || n > 1_000_000) {
			t.Fatalf("integer %d accepted", n)
		}
		for _, id := range fr.ids("items", "items") {
			if id <= 0 {
				t.Fatalf("id %d accepted", id)
			}
		}
		if id := fr.optionalID("unit", "unit"); id != nil && *id <= 0 {
			t.Fatalf("optional id %d accepted", *id)
		}
		kept := 0
		fr.rows([]string{"code", "start", "end"}, func(i, _ int, vals []string) {
			if i != kept || len(vals) != 3 {
				t.Fatalf("row %d of %d: %v", i, kept, vals)
			}
			kept++
		})
		if got := len(r.PostForm["code"]); got > kept {
			t.Fatalf("%d rows kept but %d codes left in the form", kept, got)
		}
	})
}
