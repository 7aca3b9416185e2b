package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// cafDemoUser is a demo account.
func cafDemoUser(t *testing.T, app *testapp.App, username string) *domain.User {
	t.Helper()
	u, _, err := app.Store.UserCredentials(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// cafScored opens a classical assessment of the demo leader unit (czlonek
// leads, czlonek.b is a member) and submits both members' scorings: every
// sub-criterion 60, except 1.1: 40 and 90 (a dispute). The cycle starts
// months after the programme.
func cafScored(t *testing.T, app *testapp.App, months int) (*domain.Programme, *domain.CAFAssessment) {
	t.Helper()
	ctx := t.Context()
	p := app.DemoProgramme(t)
	units, err := app.Store.ListUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var unit int64
	for _, u := range units {
		if u.Name == demo.LeaderUnit {
			unit = u.ID
		}
	}
	leader, member := cafDemoUser(t, app, "czlonek"), cafDemoUser(t, app, "czlonek.b")
	a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: app.DemoDay(t, months, 0), EndsOn: app.DemoDay(t, months+1, 0),
		Members: []domain.CAFMember{{UserID: leader.ID, Leader: true}, {UserID: member.ID}}}
	sys := domain.Actor{Username: "test"}
	if err := app.Store.CreateCAFAssessment(ctx, sys, p, a); err != nil {
		t.Fatal(err)
	}
	a, err = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*domain.User{leader, member} {
		for _, sub := range a.Model().Subs() {
			x := 60.0
			if sub.Code == "1.1" {
				x = map[bool]float64{true: 40, false: 90}[u == leader]
			}
			sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Strengths: "Mocne " + u.Username, Improvements: "Słabe " + u.Username}
			if err := app.Store.SaveCAFScore(ctx, domain.ActorOf(u, ""), a, u.ID, sc); err != nil {
				t.Fatal(err)
			}
		}
		if err := app.Store.SubmitCAFScoring(ctx, domain.ActorOf(u, ""), a, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return p, a
}

// cafPage gets a page that must answer 200 with sound forms and tables.
func cafPage(t *testing.T, c *testapp.Client, path string) *testapp.Response {
	t.Helper()
	r := c.Get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	for _, p := range markupProblems(r.Body) {
		t.Errorf("%s: %s", path, p)
	}
	return r
}

// cafSign runs the consensus of a scored assessment through the store:
// every sub-criterion agreed at points (1.1 at p11), signed by kierownik.
func cafSign(t *testing.T, app *testapp.App, p *domain.Programme, a *domain.CAFAssessment, p11 float64) {
	t.Helper()
	ctx := t.Context()
	leader, boss := cafDemoUser(t, app, "czlonek"), cafDemoUser(t, app, "kierownik")
	if err := app.Store.OpenCAFConsensus(ctx, domain.ActorOf(leader, ""), a); err != nil {
		t.Fatal(err)
	}
	a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	for _, sub := range a.Model().Subs() {
		x := 60.0
		if sub.Code == "1.1" {
			x = p11
		}
		sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Justification: "Zgodnie"}
		if err := app.Store.SaveCAFConsensusScore(ctx, domain.ActorOf(leader, ""), a, sc); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Store.SubmitCAFConsensus(ctx, domain.ActorOf(leader, ""), a); err != nil {
		t.Fatal(err)
	}
	a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	if _, err := app.Store.SignCAFConsensus(ctx, domain.ActorOf(boss, ""), a, boss); err != nil {
		t.Fatal(err)
	}
}

// TestCAFNextCycle: the report of a unit's second cycle shows the change
// of every criterion against the first; opening without a submitted
// scoring or twice is refused with the reason.
func TestCAFNextCycle(t *testing.T) {
	app := testapp.New(t)
	p, a := cafScored(t, app, 1)
	cafSign(t, app, p, a, 40)
	p, b := cafScored(t, app, 3)
	if b.Cycle != a.Cycle+1 {
		t.Fatalf("next cycle numbered %d after %d", b.Cycle, a.Cycle)
	}
	lead := app.LoginAs("czlonek")
	if r := lead.Post(paths.CAFConsensusOpen(p.ID, a.ID), url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("opening a signed cycle: %d", r.StatusCode)
	}
	cafSign(t, app, p, b, 100)
	r := cafPage(t, lead, paths.CAFReport(p.ID, b.ID))
	crit1, _ := b.Model().Criterion(1)
	want := "+" + domain.FormatPoints(60/float64(len(crit1.Subs))) // 1.1 from 40 to 100
	if !strings.Contains(r.Body, "Następny cykl") || !strings.Contains(r.Body, `data-testid="caf-change">`+want+`<`) ||
		!strings.Contains(r.Body, `data-testid="caf-change">0<`) {
		t.Fatalf("the report lacks the change %s against cycle 1", want)
	}
	if r := lead.Get(paths.CAFReportPDF(p.ID, b.ID)); r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF") {
		t.Fatalf("pdf: %d", r.StatusCode)
	}
}

func TestCAFConsensusCycle(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	p, a := cafScored(t, app, 1)
	lead := app.LoginAs("czlonek")
	other := app.LoginAs("czlonek.b")
	if r := other.Post(paths.CAFConsensusOpen(p.ID, a.ID), url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member who does not lead opens the consensus: %d", r.StatusCode)
	}
	if r := lead.Post(paths.CAFConsensusOpen(p.ID, a.ID), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d %s", r.StatusCode, r.Body)
	}
	r := cafPage(t, lead, paths.CAFConsensus(p.ID, a.ID))
	first := strings.Index(r.Body, `data-testid="caf-row-`)
	if first < 0 || !strings.HasPrefix(r.Body[first:], `data-testid="caf-row-1.1"`) || !strings.Contains(r.Body, "rozbieżność ≥ 30 pkt") {
		t.Fatalf("the disputed 1.1 is not listed first with its label")
	}
	if !strings.Contains(r.Body, "Ewa Kaczmarek") || !strings.Contains(r.Body, "Robert Nowicki") {
		t.Fatal("the members' columns are missing")
	}
	for _, path := range []string{paths.CAFConsensus(p.ID, a.ID), paths.CAFConsensusScore(p.ID, a.ID, "1.1")} {
		if r := other.Get(path); r.StatusCode != http.StatusForbidden {
			t.Fatalf("%s for a member who does not lead: %d", path, r.StatusCode)
		}
	}
	// the form: prefilled merged texts; bad points kept with the message
	r = cafPage(t, lead, paths.CAFConsensusScore(p.ID, a.ID, "1.1"))
	if !strings.Contains(r.Body, "Mocne czlonek") || !strings.Contains(r.Body, "Zapisz i przejdź dalej") {
		t.Fatalf("form: %d", r.StatusCode)
	}
	r = lead.Post(paths.CAFConsensusScore(p.ID, a.ID, "1.1"), url.Values{"score": {"150"}, "justification": {"Uzgodniono po dyskusji"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, domain.CAFPointsMessage) || !strings.Contains(r.Body, "Uzgodniono po dyskusji") {
		t.Fatalf("bad points: %d", r.StatusCode)
	}
	r = lead.Post(paths.CAFConsensusScore(p.ID, a.ID, "1.1"), url.Values{"score": {"70"}, "justification": {"Uzgodniono po dyskusji"},
		"strengths": {"Wspólne mocne"}, "next": {"1.2"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.CAFConsensusScore(p.ID, a.ID, "1.2") {
		t.Fatalf("save and next: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	// submitting with sub-criteria missing
	r = lead.Post(paths.CAFConsensusSubmit(p.ID, a.ID), url.Values{})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Brakuje oceny lub uzasadnienia w: 1.2") {
		t.Fatalf("submit with missing: %d", r.StatusCode)
	}
	a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	for _, sub := range a.Model().Subs()[1:] {
		x := 60.0
		sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Justification: "Zgodnie", Strengths: "Mocne", Improvements: "Słabe"}
		if err := app.Store.SaveCAFConsensusScore(ctx, domain.Actor{Username: "test"}, a, sc); err != nil {
			t.Fatal(err)
		}
	}
	if r := lead.Post(paths.CAFConsensusSubmit(p.ID, a.ID), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}
	// the manager signs with their password
	boss := app.LoginAs("kierownik")
	if r := boss.Get(paths.CAFConsensus(p.ID, a.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, paths.CAFSign(p.ID, a.ID)) {
		t.Fatalf("manager's consensus page: %d", r.StatusCode)
	}
	if r := cafPage(t, boss, paths.CAFSign(p.ID, a.ID)); !strings.Contains(r.Body, "Uzgodniono po dyskusji") {
		t.Fatalf("sign page: %d", r.StatusCode)
	}
	if r := boss.Post(paths.CAFReturn(p.ID, a.ID), url.Values{"remarks": {""}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Napisz, co zespół ma poprawić") {
		t.Fatalf("return without remarks: %d", r.StatusCode)
	}
	if r := boss.Post(paths.CAFSign(p.ID, a.ID), url.Values{"password": {"zle-haslo"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Hasło jest nieprawidłowe") {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	if r := boss.Post(paths.CAFSign(p.ID, a.ID), url.Values{"password": {"demo"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
	}
	c, err := app.Store.CAFConsensus(ctx, a.ID, true)
	if err != nil || c.Status != domain.ConsensusSigned || c.Digest == "" || c.SignerName != "Halina Sadowska" {
		t.Fatalf("signed row: %+v %v", c, err)
	}
	var signedVersions int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM caf_consensus WHERE status = 'signed'`).Scan(&signedVersions); err != nil {
		t.Fatal(err)
	}
	if r := app.LoginAs("admin").Get(paths.Integrity()); !strings.Contains(r.Body, "Sprawdzono wersji: "+strconv.Itoa(signedVersions)+".") ||
		strings.Contains(r.Body, "caf-mismatches") {
		t.Fatal("the integrity page does not check the signed consensus")
	}
	// the report, its chart's table and the PDF
	r = cafPage(t, lead, paths.CAFReport(p.ID, a.ID))
	if !strings.Contains(r.Body, `data-testid="caf-chart-table"`) || !strings.Contains(r.Body, `role="img"`) ||
		!strings.Contains(r.Body, "Wynik ogólny") {
		t.Fatalf("report: %d", r.StatusCode)
	}
	crit1, _ := a.Model().Criterion(1) // 1.1 at 70, the others 60
	if want := domain.FormatPoints(60 + 10/float64(len(crit1.Subs))); !strings.Contains(want, ",") || !strings.Contains(r.Body, want+" pkt") {
		t.Fatalf("the report lacks criterion 1's points %s with a decimal comma", want)
	}
	if r := lead.Get(paths.CAFReportPDF(p.ID, a.ID)); r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF") {
		t.Fatalf("pdf: %d", r.StatusCode)
	}
	obs := app.LoginAs("obserwator")
	if r := obs.Get(paths.CAFReport(p.ID, a.ID)); r.StatusCode != http.StatusOK {
		t.Fatalf("observer's report: %d", r.StatusCode)
	}
	if r := obs.Get(paths.CAFConsensus(p.ID, a.ID)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("observer's consensus: %d", r.StatusCode)
	}
	// a correction needs its reason and makes version 2
	if r := lead.Post(paths.CAFCorrection(p.ID, a.ID), url.Values{"reason": {" "}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Podaj powód korekty") {
		t.Fatalf("correction without reason: %d", r.StatusCode)
	}
	if r := lead.Post(paths.CAFCorrection(p.ID, a.ID), url.Values{"reason": {"Błąd w ocenie 2.1"}}); r.StatusCode != http.StatusSeeOther ||
		r.Header.Get("Location") != paths.CAFConsensus(p.ID, a.ID) {
		t.Fatalf("correction: %d", r.StatusCode)
	}
	versions, err := app.Store.CAFConsensusVersions(ctx, a.ID)
	if err != nil || len(versions) != 2 || versions[0].VersionNo != 2 || versions[0].Status != domain.ConsensusDraft {
		t.Fatalf("versions: %+v %v", versions, err)
	}
	r = cafPage(t, lead, paths.CAFVersion(p.ID, a.ID, c.ID))
	if !strings.Contains(r.Body, c.Digest) || !strings.Contains(r.Body, paths.CAFVersion(p.ID, a.ID, versions[0].ID)) ||
		!strings.Contains(r.Body, "Błąd w ocenie 2.1") {
		t.Fatalf("version page: %d", r.StatusCode)
	}
	if r := obs.Get(paths.CAFVersion(p.ID, a.ID, versions[0].ID)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("observer reads the version in work: %d", r.StatusCode)
	}
}

// TestCAFOpenRefused: the leader opening a consensus nobody handed a
// scoring in for reads why (422), and nothing is opened.
func TestCAFOpenRefused(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	p := app.DemoProgramme(t)
	units, err := app.Store.ListUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var unit int64
	for _, u := range units {
		if u.Name == "Urząd Miasta Bielawa" {
			unit = u.ID
		}
	}
	leader := cafDemoUser(t, app, "czlonek2")
	a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFFineTuned, StartsOn: app.DemoDay(t, 1, 0), EndsOn: app.DemoDay(t, 2, 0),
		Members: []domain.CAFMember{{UserID: leader.ID, Leader: true}}}
	if err := app.Store.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a); err != nil {
		t.Fatal(err)
	}
	r := app.LoginAs("czlonek2").Post(paths.CAFConsensusOpen(p.ID, a.ID), url.Values{})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Nikt z zespołu nie przekazał") {
		t.Fatalf("open without submissions: %d", r.StatusCode)
	}
	if a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID); a.Stage != domain.CAFStageScoring {
		t.Fatalf("stage %s after a refused opening", a.Stage)
	}
	// the fine-tuned form: the agreed parts, their mean the score
	a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	for _, sub := range a.Model().Subs() {
		_, cr, _ := a.Model().Sub(sub.Code)
		sc := &domain.CAFScore{Sub: sub.Code}
		for _, part := range sc.Parts(a.Method, cr.Result) {
			n := 50
			*part.Value = &n
		}
		sc.Compute(a.Method, cr.Result)
		if err := app.Store.SaveCAFScore(ctx, domain.ActorOf(leader, ""), a, leader.ID, sc); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Store.SubmitCAFScoring(ctx, domain.ActorOf(leader, ""), a, leader.ID); err != nil {
		t.Fatal(err)
	}
	c := app.LoginAs("czlonek2")
	if r := c.Post(paths.CAFConsensusOpen(p.ID, a.ID), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", r.StatusCode)
	}
	cafPage(t, c, paths.CAFConsensusScore(p.ID, a.ID, "1.1"))
	form := url.Values{"plan": {"40"}, "do": {"60"}, "check": {"80"}, "act": {"sto"}, "justification": {"Średnia części"}}
	r = c.Post(paths.CAFConsensusScore(p.ID, a.ID, "1.1"), form)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-act-error"`) || !strings.Contains(r.Body, `value="80"`) {
		t.Fatalf("bad part: %d", r.StatusCode)
	}
	form.Set("act", "60")
	if r := c.Post(paths.CAFConsensusScore(p.ID, a.ID, "1.1"), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save parts: %d %s", r.StatusCode, r.Body)
	}
	got, err := app.Store.CAFConsensus(ctx, a.ID, false)
	if err != nil || got.Scores["1.1"].Score == nil || *got.Scores["1.1"].Score != 60 {
		t.Fatalf("agreed fine-tuned score: %+v %v", got, err)
	}
}
