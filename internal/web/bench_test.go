package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"kaizen/internal/testapp"
)

// The benchmarks go through the whole stack: HTTP on loopback, middleware,
// session and user lookups in PostgreSQL, templ rendering.

func BenchmarkLoginPage(b *testing.B) {
	app := testapp.New(b)
	c := app.Client()
	c.Get("/login") // the session with its CSRF token exists from here on
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get("/login"); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

func BenchmarkStartPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("kierownik")
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get("/"); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

func BenchmarkUsersPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("admin")
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get("/admin/users"); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkSignIn is dominated by argon2id (19 MiB, t=2) by design.
func BenchmarkSignIn(b *testing.B) {
	app := testapp.New(b)
	c := app.Client()
	tok := c.CSRF()
	form := url.Values{"username": {"ekspert"}, "password": {"demo"}, "csrf_token": {tok}}.Encode()
	b.ResetTimer()
	for b.Loop() {
		if r := c.PostRaw("/login", form); r.StatusCode != http.StatusSeeOther {
			b.Fatal(r.StatusCode)
		}
		b.StopTimer()
		tok = c.CSRF()
		form = url.Values{"username": {"ekspert"}, "password": {"demo"}, "csrf_token": {tok}}.Encode()
		b.StartTimer()
	}
}
