package main

import (
	"context"
	"math"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestBenchmarkOnDemo runs every scenario briefly against the demo data
// (the application in process instead of `kaizen serve`): discovery finds
// what it needs without ids, every request is answered as expected, and
// the report shows each page with its SQL baseline.
func TestBenchmarkOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the application under load")
	}
	a := testapp.New(t, testapp.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}})
	openWave(t, a)
	o := options{DatabaseURL: a.Store.Pool.Config().ConnString(), Duration: 200 * time.Millisecond, MaxDuration: 200 * time.Millisecond,
		SQLDuration: 50 * time.Millisecond, Rate: 20, DashRate: 20, MixedRate: 20, Workers: 2, MixWorkers: 4, MemLimit: "56MiB"}
	ctx := context.Background()
	r, err := newRunner(ctx, o, tlog{t})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	w := r.w
	if !w.Demo || w.Password != "demo" || w.Coordinator != "koordynator" || w.Admin != "admin" {
		t.Errorf("accounts: demo %v, password %q, coordinator %q, admin %q", w.Demo, w.Password, w.Coordinator, w.Admin)
	}
	if w.CoordinatorProgrammes == 0 || w.AdminProgrammes < w.CoordinatorProgrammes {
		t.Errorf("programmes seen: coordinator %d, administrator %d", w.CoordinatorProgrammes, w.AdminProgrammes)
	}
	if w.SessionID == 0 || w.Attendees == 0 || w.UnitID == 0 || len(w.AttendanceSessions) == 0 || len(w.Submitted) == 0 || w.Submitted[0].Manager != "kierownik" {
		t.Errorf("discovered %+v", w)
	}

	rep, err := r.benchmark(ctx, a.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Runs {
		if s.Errors() > 0 {
			t.Errorf("%s (%s): %d errors: %v", s.Page, s.Scenario, s.Errors(), s.Codes)
		}
	}
	for _, k := range []string{"signin", "session", "dashboard", "attendance"} {
		if q := rep.SQL[k]; q.Err != nil || q.Statements == 0 || q.P50 == 0 || q.PacedP50 == 0 || q.PacedRuns < 3 {
			t.Errorf("SQL baseline of %s: %+v", k, q)
		}
	}
	for _, k := range []string{"session", "dashboard", "caf-benchmark"} {
		if q := rep.SQL[k]; q.FloorP50 == 0 || q.FloorRuns == 0 {
			t.Errorf("the floor of %s: %+v", k, q)
		}
	}
	// The ratio's baseline is replayed beside each page's run, a write's
	// too (rolled back).
	for _, k := range []string{"session", "dashboard", "attendance"} {
		if q := rep.SQL[k]; q.BesideP50 == 0 || q.BesideRuns < 2 || q.sqlP50(true) != q.BesideP50 {
			t.Errorf("the SQL of %s beside its run: %+v", k, q)
		}
	}
	if q := rep.SQL["session"]; q.Throughput == 0 {
		t.Errorf("no SQL-only throughput of the session page: %+v", q)
	}
	if b, a := rep.SessionSQL[0], rep.SessionSQL[1]; b == 0 || a == 0 {
		t.Errorf("the session page's statements alone beside its run: before %.1f, after %.1f", b, a)
	}
	for _, k := range []string{"start-coordinator", "start-admin"} {
		if s := rep.run("alone", k); s == nil || s.OK == 0 {
			t.Errorf("start page %s alone: %+v", k, s)
		}
		if q := rep.SQL[k]; q.Err != nil || q.Statements == 0 {
			t.Errorf("SQL baseline of %s: %+v", k, q)
		}
	}
	// The closed loop of the whole mix: every page of the mix takes part
	// (its errors are checked above with every run's), the largest shares
	// are answered in their proportions (a short run reaches the small
	// shares only after about 100 requests: caf-score is 1 in 100).
	mix := rep.scenario(scenarioMaxMix)
	got := map[string]*stats{}
	for _, s := range mix {
		got[s.Page] = s
	}
	for k := range mixedWeights {
		if got[k] == nil {
			t.Errorf("maximum throughput of the mix: no page %s", k)
		}
	}
	for _, k := range []string{"units", "session", "dashboard", "unitview"} {
		if s := got[k]; s == nil || s.OK == 0 {
			t.Errorf("maximum throughput of the mix: page %s: %+v", k, s)
		}
	}
	if all := merged("all", scenarioMaxMix, mix); all.Through == 0 || all.Workers != 4 {
		t.Errorf("maximum throughput of the mix: %+v", all)
	}
	if d, u := got["dashboard"], got["units"]; d != nil && u != nil && u.Requests >= 3 && (d.Requests < u.Requests || d.Requests > 2*u.Requests) {
		t.Errorf("the mix's proportions: dashboard %d requests, units %d (weights 45 and 27)", d.Requests, u.Requests)
	}
	if len(rep.scenario(scenarioMixed)) < 12 {
		t.Errorf("the mixed run has %d pages, want the 10 of issue 7 and the survey and CAF pages", len(rep.scenario(scenarioMixed)))
	}
	md := rep.markdown()
	for _, want := range []string{"## Targets", "survey answers: 200/s", "survey wave results page p95 ≤ 20", "| zero errors in every scenario | 0 errors",
		"programme dashboard at 20 req/s: p95 ≤ 5.00 ms, p99 ≤ 10.00 ms", "mixed workload at 20 req/s: all served, p95 ≤ 250.00 ms",
		"maximum throughput of the whole mix (4 at once) ≥ 300 req/s", "every page's p50 ≤ 2× its own SQL", "session page throughput ÷ its SQL-only throughput ≥ 0.6", "just before and", "just after the page's run",
		"session page p50 ≤ 10.00 ms", "unit view p95 ≤ 30.00 ms", "start page of the coordinator (start page, coordinator (", "p50 ≤ 20.00 ms",
		"start page of the administrator (start page, administrator (", "p50 ≤ 100.00 ms", "CAF benchmarking page p95 ≤ 20.00 ms", "CAF score save",
		"peak RSS ≤ 64 MiB", "## 4. Maximum throughput", "## 5. Maximum throughput of the whole mix (4 requests at once", "The mix (req/s of each page at 200 req/s",
		"answer 10", "session 40.5", "session page (", "baseline: /healthz",
		"The floor of each read", "| the floor of each read"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

// TestMixPicker: the closed loop draws pages in the mix's proportions,
// repeats reads, sends each write once, drops a write page that ran out,
// and maps every drawn URL back to its page and request.
func TestMixPicker(t *testing.T) {
	read := &page{Key: "read", Mixed: 3}
	write := &page{Key: "write", Mixed: 1, Write: true}
	idle := &page{Key: "idle"} // not in the mix
	get := func(u string) prepared { return prepared{Target: vegeta.Target{Method: "GET", URL: u}, Status: 200} }
	m := newMixPicker([]*page{read, write, idle}, map[string][]prepared{
		"read": {get("http://h/r")}, "write": {get("http://h/w1"), get("http://h/w2")}, "idle": {get("http://h/i")}})
	counts := map[string]int{}
	var writes []string
	for range 12 {
		tg, ok := m.pick()
		if !ok {
			t.Fatal("ran out while reads remain")
		}
		i, p, ok := m.of(tg.URL)
		if !ok || !strings.HasPrefix(tg.URL, p.Target.URL+"#") {
			t.Fatalf("%s maps to %v %+v", tg.URL, ok, p)
		}
		counts[m.pages[i].Key]++
		if m.pages[i].Key == "write" {
			writes = append(writes, p.Target.URL)
		}
	}
	if counts["read"] != 10 || counts["write"] != 2 || counts["idle"] != 0 {
		t.Errorf("drawn %v, want 10 reads (the write page ran out after its 2 records) and no idle page", counts)
	}
	if !slices.Equal(writes, []string{"http://h/w1", "http://h/w2"}) || !slices.Equal(m.Exhausted, []string{"write"}) {
		t.Errorf("writes %v, exhausted %v", writes, m.Exhausted)
	}
	// The first 8 draws hold the 3:1 proportion exactly.
	m = newMixPicker([]*page{read, write}, map[string][]prepared{"read": {get("http://h/r")}, "write": {get("a"), get("b"), get("c")}})
	n := 0
	for range 8 {
		tg, _ := m.pick()
		if i, _, _ := m.of(tg.URL); m.pages[i].Key == "write" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d writes in 8 draws of a 3:1 mix", n)
	}
	if _, _, ok := m.of("http://h/r"); ok {
		t.Error("a URL without an entry maps to one")
	}
	total := 0.0
	for _, w := range mixedWeights {
		total += w
	}
	if math.Abs(total-200) > 1e-9 {
		t.Errorf("the mix's rates add up to %g, want 200", total)
	}
}

func TestFindForm(t *testing.T) {
	page := `<form method="post" action="/x/logout"><input type="hidden" name="csrf_token" value="a"></form>
<form method="post" action="/programmes/1/sessions/2/attendance"><input type="hidden" name="csrf_token" value="abc">
<input type="hidden" name="attendance_version" value="3"><input type="hidden" name="person" value="7">
<input type="checkbox" name="present_7_2026-01-02" value="1" checked><input type="checkbox" name="present_7_2026-01-03" value="1">
<button type="submit">Zapisz</button></form>`
	f, ok := findForm(page, "/attendance")
	if !ok || f.Action != "/programmes/1/sessions/2/attendance" {
		t.Fatalf("form %+v found %v", f, ok)
	}
	if got := f.Values.Encode(); got != "attendance_version=3&csrf_token=abc&person=7&present_7_2026-01-02=1" {
		t.Errorf("values %s", got)
	}
	if len(f.Checkboxes) != 2 {
		t.Errorf("checkboxes %v", f.Checkboxes)
	}
	if _, ok := findForm(page, "/decide"); ok {
		t.Error("found a form that is not there")
	}
}

// openWave opens a public wave of the demo customer questionnaire for the
// whole programme (the test's clock may be moved; the benchmark looks for
// waves open on the database's date).
func openWave(t *testing.T, a *testapp.App) {
	t.Helper()
	ctx := context.Background()
	progs, err := a.Store.Programmes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if p.Code != demo.ProgrammeCode {
			continue
		}
		p, err := a.Store.Programme(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := a.Store.Questionnaires(ctx, p.ID)
		if err != nil || len(qs) == 0 {
			t.Fatalf("questionnaires %v, %v", qs, err)
		}
		w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: qs[0].ID, UnitID: *p.LeaderUnitID, Round: 5,
			OpensOn: p.Start, ClosesOn: p.End, Online: true}
		if err := a.Store.CreateWave(ctx, domain.Actor{Username: "test"}, w, p.Start, p.End); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("no demo programme")
}

func TestSurveyForm(t *testing.T) {
	page := `<form method="post" action="/ankieta/abc/x"></form>
<form method="post" action="/ankieta/abc"><input type="hidden" name="otwarto" value="123.sig"><input type="text" name="strona_www" value="">
<input type="radio" name="q_O1" value="1"><input type="radio" name="q_O1" value="5"><input type="radio" name="q_O1" value="0">
<input type="radio" name="q_M_PLEC" value="1"><input type="radio" name="q_M_PLEC" value="2"><textarea name="q_UWAGI"></textarea>
<button type="submit">Wyślij</button></form>`
	f, ok := parseSurveyForm(page, "/ankieta/abc")
	if !ok || f.Action != "/ankieta/abc" || f.Fixed.Get("otwarto") != "123.sig" || len(f.Radios["q_O1"]) != 3 || len(f.Radios["q_M_PLEC"]) != 2 {
		t.Fatalf("form %+v found %v", f, ok)
	}
	if _, ok := parseSurveyForm(page, "/ankieta/other"); ok {
		t.Error("found a form that is not there")
	}
	reqs := answerTargets("http://h", []surveyForm{f}, 300)
	addrs := map[string]bool{}
	for _, r := range reqs {
		v, err := url.ParseQuery(string(r.Target.Body))
		if err != nil || v.Get("otwarto") != "123.sig" || !v.Has("strona_www") || v.Get("strona_www") != "" ||
			!slices.Contains(f.Radios["q_O1"], v.Get("q_O1")) || v.Get("q_M_PLEC") == "" {
			t.Fatalf("answer %s (%v)", r.Target.Body, err)
		}
		addrs[r.Target.Header.Get("X-Forwarded-For")] = true
		if r.Target.URL != "http://h/ankieta/abc" || r.Status != 303 || r.Location != "/ankieta/abc/dziekujemy" {
			t.Fatalf("target %+v", r)
		}
	}
	if len(reqs) != 300 || len(addrs) != 300 {
		t.Errorf("%d answers from %d addresses", len(reqs), len(addrs))
	}
}

// tlog shows the benchmark's progress in the test's log.
type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) { l.t.Log(strings.TrimSpace(string(p))); return len(p), nil }
