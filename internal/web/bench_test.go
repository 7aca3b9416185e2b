package web_test

import (
	"net/http"
	"net/url"
	"strconv"
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

// BenchmarkSessionPage: a demo training session page as the coordinator
// sees it (names, attendance grid, scans).
func BenchmarkSessionPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	list, _ := app.Store.TrainingSessions(b.Context(), progs[0].ID)
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/sessions/" + strconv.FormatInt(list[0].ID, 10)
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkProgrammeOverview: the demo programme overview.
func BenchmarkProgrammeOverview(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("obserwator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10)
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkProtocolPage: a signed demo protocol as the coordinator sees it
// (products, attachments hashed from their bytes, versions).
func BenchmarkProtocolPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/protocols/1"
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkProductsPage: every product of the demo programme (27 units).
func BenchmarkProductsPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/products"
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}
