package main

import (
	"context"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

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
		SQLDuration: 50 * time.Millisecond, Rate: 20, DashRate: 20, MixedRate: 20, Workers: 2, MemLimit: "56MiB"}
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
		if q := rep.SQL[k]; q.Err != nil || q.Statements == 0 || q.P50 == 0 {
			t.Errorf("SQL baseline of %s: %+v", k, q)
		}
	}
	if q := rep.SQL["session"]; q.Throughput == 0 {
		t.Errorf("no SQL-only throughput of the session page: %+v", q)
	}
	md := rep.markdown()
	for _, want := range []string{"## Targets", "survey answers: 200/s", "survey wave results page p95 ≤ 20", "| zero errors | 0 errors", "programme dashboard p95 ≤ 10 ms", "## 4. Maximum throughput", "session page (", "baseline: /healthz"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
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
