package web_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"kaizen/internal/gen"
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

// BenchmarkSignedInPage: a small page of a signed-in user (the password
// form), so that the request's fixed cost shows: HTTP, the middleware, the
// session and user read, CSRF, the layout.
func BenchmarkSignedInPage(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get("/account/password"); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkSignIn is dominated by argon2id (9 MiB, t=4) by design.
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

// BenchmarkDashboardLarge: the programme dashboard of a programme with
// 1,000 units, 100,000 participants and 1,000,000 attendance rows (and
// 600 accepted protocols, 20,000 consultations, 8 meetings). It reports
// the p95 of the page (HTTP included), and, in the same run, the time to
// compute the same values from the raw evidence and the ratio of the two.
// Target: p95 ≤ 10 ms, ratio ≥ 100.
func BenchmarkDashboardLarge(b *testing.B) {
	app := testapp.New(b)
	ctx := b.Context()
	start := time.Now()
	id, err := gen.Programme(ctx, app.Store, "BENCH", gen.Large)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d attendance rows and the read model in %s", gen.Large.Attendance(), time.Since(start).Round(time.Second))
	raw := time.Now()
	fromEvidence, err := app.Store.SeriesFromEvidence(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	rawTime := time.Since(raw)
	stored, err := app.Store.IndicatorSeries(ctx, id, 0)
	if err != nil {
		b.Fatal(err)
	}
	if !reflect.DeepEqual(fromEvidence, stored) {
		b.Fatal("the read model differs from the values computed from the evidence")
	}
	c := app.LoginAs("koordynator")
	path := "/programmes/" + strconv.FormatInt(id, 10) + "/indicators"
	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(times)
	p95 := times[len(times)*95/100]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(rawTime.Microseconds())/1000, "raw-ms")
	b.ReportMetric(float64(rawTime)/float64(p95), "speedup-x")
}

// BenchmarkDashboard: the demo programme's indicator dashboard.
func BenchmarkDashboard(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/indicators"
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkReportXLSX: the demo programme's indicator report as an Excel
// workbook (the current period).
func BenchmarkReportXLSX(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/report?format=xlsx"
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}

// BenchmarkReportCSV: the same report as CSV, for the XLSX's overhead.
func BenchmarkReportCSV(b *testing.B) {
	app := testapp.New(b)
	c := app.LoginAs("koordynator")
	progs, _ := app.Store.Programmes(b.Context())
	path := "/programmes/" + strconv.FormatInt(progs[0].ID, 10) + "/report?format=csv"
	b.ResetTimer()
	for b.Loop() {
		if r := c.Get(path); r.StatusCode != http.StatusOK {
			b.Fatal(r.StatusCode)
		}
	}
}
