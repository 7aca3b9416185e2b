package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// cafCycleFixture is the demo programme with an assessment of the leader
// unit whose group is czlonek (leader), czlonek.b and czlonek.c.
type cafCycleFixture struct {
	app   *testapp.App
	prog  *domain.Programme
	unit  int64
	users map[string]int64
	a     *domain.CAFAssessment
}

func newCAFCycleFixture(t *testing.T, method domain.CAFMethod) *cafCycleFixture {
	t.Helper()
	app := testapp.New(t)
	f := &cafCycleFixture{app: app, prog: app.DemoProgramme(t), users: map[string]int64{}}
	parts, err := app.Store.Participations(t.Context(), f.prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.Unit.Name == demo.LeaderUnit {
			f.unit = p.Unit.ID
		}
	}
	for _, name := range []string{"czlonek", "czlonek.b", "czlonek.c", "czlonek2", "kierownik"} {
		u, _, err := app.Store.UserCredentials(t.Context(), name)
		if err != nil {
			t.Fatal(err)
		}
		f.users[name] = u.ID
	}
	a := &domain.CAFAssessment{UnitID: f.unit, Method: method, StartsOn: f.prog.Start, EndsOn: f.prog.Start.AddDate(0, 2, 0),
		Members: []domain.CAFMember{{UserID: f.users["czlonek"], Leader: true}, {UserID: f.users["czlonek.b"]}, {UserID: f.users["czlonek.c"]}}}
	if err := app.Store.CreateCAFAssessment(t.Context(), domain.Actor{Username: "test"}, f.prog, a); err != nil {
		t.Fatal(err)
	}
	f.a = a
	return f
}

// scoreAllBut fills the member's scoring of every sub-criterion but the
// last through the store.
func (f *cafCycleFixture) scoreAllBut(t *testing.T, who string) string {
	t.Helper()
	subs := domain.CAFModelOf(domain.CAF2020).Subs()
	a, err := f.app.Store.CAFAssessment(t.Context(), f.prog.ID, f.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	own, err := f.app.Store.CAFScores(t.Context(), a.ID, f.users[who])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs[:len(subs)-1] {
		if own[s.Code] != nil {
			continue
		}
		x := 50.0
		if err := f.app.Store.SaveCAFScore(t.Context(), domain.Actor{Username: who}, a, f.users[who], &domain.CAFScore{Sub: s.Code, Score: &x}); err != nil {
			t.Fatal(err)
		}
	}
	return subs[len(subs)-1].Code
}

// cafCycleMarkup fails the test for markup problems of a page (markup_test.go).
func cafCycleMarkup(t *testing.T, what string, r *testapp.Response) {
	t.Helper()
	for _, p := range markupProblems(r.Body) {
		t.Errorf("%s: %s", what, p)
	}
	if _, dup := pageFacts(r.Body); len(dup) > 0 {
		t.Errorf("%s: ids used twice: %v", what, dup)
	}
}

func TestCAFCycleCreateForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog := app.DemoProgramme(t)
	parts, err := app.Store.Participations(t.Context(), prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	var unit int64
	for _, p := range parts {
		if p.Unit.Name == demo.LeaderUnit {
			unit = p.Unit.ID
		}
	}
	ids := map[string]string{}
	for _, name := range []string{"czlonek", "czlonek.b"} {
		u, _, err := app.Store.UserCredentials(t.Context(), name)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = strconv.FormatInt(u.ID, 10)
	}
	c := app.LoginAs("koordynator")
	if r := c.Get(paths.Programme(prog.ID)); !strings.Contains(r.Body, `href="`+paths.CAF(prog.ID)+`" data-testid="caf-link"`) {
		t.Fatal("the programme page does not link the CAF hub")
	}
	if r := c.Get(paths.CAF(prog.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="caf-new"`) {
		t.Fatalf("hub: %d", r.StatusCode)
	}
	cafCycleMarkup(t, "new form", c.Get(paths.CAFNew(prog.ID)))
	if r := c.Get(paths.CAFNew(prog.ID) + "?unit="); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-unit-error"`) {
		t.Fatalf("step 1 without a unit: %d", r.StatusCode)
	}
	r := c.Get(paths.CAFNew(prog.ID) + "?unit=" + strconv.FormatInt(unit, 10))
	cafCycleMarkup(t, "new form, step 2", r)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Ewa Kaczmarek") || !strings.Contains(r.Body, "Robert Nowicki") {
		t.Fatalf("step 2 without the unit's people: %d", r.StatusCode)
	}
	start := prog.Start.AddDate(0, 1, 0).Format(time.DateOnly)
	end := prog.Start.AddDate(0, 3, 0).Format(time.DateOnly)
	form := url.Values{"unit": {strconv.FormatInt(unit, 10)}, "method": {"fine_tuned"}, "starts_on": {start}, "ends_on": {end},
		"members": {ids["czlonek"], ids["czlonek.b"]}, "leader": {ids["czlonek"]}}
	for _, tc := range []struct {
		name, field string
		form        url.Values
	}{
		{"NoUnit", "unit", merge(form, "unit", "")},
		{"EndBeforeStart", "ends_on", merge(form, "ends_on", prog.Start.Format(time.DateOnly))},
		{"NoLeader", "leader", merge(form, "leader", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.CAF(prog.ID), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			cafCycleMarkup(t, tc.name, r)
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) {
				t.Fatalf("no message at %s\n%s", tc.field, r.Body)
			}
			if !strings.Contains(r.Body, `value="`+start+`"`) || !strings.Contains(r.Body, `value="fine_tuned" checked`) {
				t.Fatal("typed values lost")
			}
			if tc.field != "unit" && !strings.Contains(r.Body, `value="`+ids["czlonek.b"]+`" checked`) {
				t.Fatal("chosen members lost")
			}
		})
	}
	r = c.Post(paths.CAF(prog.ID), form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), paths.CAF(prog.ID)+"/") {
		t.Fatalf("create: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := c.Get(strings.Split(r.Header.Get("Location"), "#")[0])
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Rozpoczęto samoocenę CAF") || !strings.Contains(page.Body, "<strong>lider</strong>") {
		t.Fatalf("assessment page: %d\n%s", page.StatusCode, page.Body)
	}
	cafCycleMarkup(t, "assessment page", page)
	cafCycleMarkup(t, "hub", c.Get(paths.CAF(prog.ID)))
	if !strings.Contains(page.Body, `data-testid="caf-edit-link"`) {
		t.Fatal("the facilitator has no edit link")
	}
}

func TestCAFCycleScoring(t *testing.T) {
	t.Parallel()
	f := newCAFCycleFixture(t, domain.CAFClassical)
	pid, aid := f.prog.ID, f.a.ID
	lead := f.app.LoginAs("czlonek")
	// the assessment page: the leader's next steps
	r := lead.Get(paths.CAFAssessment(pid, aid))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="caf-my-scoring"`) || !strings.Contains(r.Body, `data-testid="caf-consensus-open"`) {
		t.Fatalf("leader's assessment page: %d", r.StatusCode)
	}
	// points out of range: 422, everything kept
	const marker = "Znacznik-mocnych-stron-XYZ"
	bad := url.Values{"score": {"101"}, "strengths": {marker}, "improvements": {"brak planu"}, "go": {"next"}}
	r = lead.Post(paths.CAFScore(pid, aid, "1.1"), bad)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-score-error"`) ||
		!strings.Contains(r.Body, domain.CAFPointsMessage) || !strings.Contains(r.Body, `value="101"`) || !strings.Contains(r.Body, marker) {
		t.Fatalf("101 points: %d\n%s", r.StatusCode, r.Body)
	}
	cafCycleMarkup(t, "101 points", r)
	// save and go on
	r = lead.Post(paths.CAFScore(pid, aid, "1.1"), merge(bad, "score", "65"))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), paths.CAFScore(pid, aid, "1.2")) {
		t.Fatalf("save and next: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if next := lead.Get(paths.CAFScore(pid, aid, "1.2")); !strings.Contains(next.Body, "Zapisano 1.1.") || !strings.Contains(next.Body, "Podkryterium 2 z 28") {
		t.Fatal("the next form lacks the flash or the position")
	}
	// save and stay
	r = lead.Post(paths.CAFScore(pid, aid, "1.1"), merge(bad, "score", "70", "go", "stay"))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), paths.CAFScore(pid, aid, "1.1")) {
		t.Fatalf("save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	cafCycleMarkup(t, "scoring overview", lead.Get(paths.CAFScoring(pid, aid)))
	if own := lead.Get(paths.CAFScoring(pid, aid)); !strings.Contains(own.Body, "oceniono: 70 pkt") || !strings.Contains(own.Body, "Oceniono 1 z 28") {
		t.Fatal("the overview does not show the own score")
	}
	if lead.Get(paths.CAFScore(pid, aid, "9.9")).StatusCode != http.StatusNotFound {
		t.Fatal("unknown sub-criterion is not 404")
	}
	// isolation: another member sees only their own (empty) scoring
	b := f.app.LoginAs("czlonek.b")
	for _, p := range []string{paths.CAFScoring(pid, aid), paths.CAFScore(pid, aid, "1.1"), paths.CAFAssessment(pid, aid)} {
		r := b.Get(p)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s as czlonek.b: %d", p, r.StatusCode)
		}
		if strings.Contains(r.Body, marker) || strings.Contains(r.Body, "oceniono: 70") {
			t.Fatalf("%s shows czlonek's scoring to czlonek.b", p)
		}
	}
	if r := b.Get(paths.CAFScoring(pid, aid)); !strings.Contains(r.Body, "Oceniono 0 z 28") {
		t.Fatal("czlonek.b's overview is not empty")
	}
	// another unit's member and a viewer
	for _, who := range []string{"czlonek2", "obserwator"} {
		c := f.app.LoginAs(who)
		for _, p := range []string{paths.CAFScoring(pid, aid), paths.CAFScore(pid, aid, "1.1")} {
			if r := c.Get(p); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", who, p, r.StatusCode)
			}
		}
		if r := c.Post(paths.CAFScore(pid, aid, "1.1"), url.Values{"score": {"10"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST score: %d", who, r.StatusCode)
		}
	}
	other := f.app.LoginAs("czlonek2")
	if r := other.Get(paths.CAFAssessment(pid, aid)); r.StatusCode != http.StatusForbidden {
		t.Errorf("czlonek2 reads the assessment: %d", r.StatusCode)
	}
	if r := other.Get(paths.CAF(pid)); r.StatusCode != http.StatusOK || strings.Contains(r.Body, demo.LeaderUnit) || strings.Contains(r.Body, paths.CAFAssessment(pid, aid)) {
		t.Errorf("czlonek2's hub shows another unit's assessment: %d", r.StatusCode)
	}
	if r := f.app.LoginAs("kierownik").Get(paths.CAF(pid)); !strings.Contains(r.Body, paths.CAFAssessment(pid, aid)) || strings.Contains(r.Body, `data-testid="caf-new"`) {
		t.Error("the unit's manager does not see the unit's assessment, or may open one")
	}
	// submission: incomplete refused, then complete
	r = lead.Post(paths.CAFScoringSubmit(pid, aid), url.Values{})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "1.2, 1.3") {
		t.Fatalf("incomplete submission: %d", r.StatusCode)
	}
	last := f.scoreAllBut(t, "czlonek")
	r = lead.Post(paths.CAFScore(pid, aid, last), url.Values{"score": {"40"}, "go": {"next"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.CAFScoring(pid, aid)+"#komunikat" {
		t.Fatalf("last save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r = lead.Post(paths.CAFScoringSubmit(pid, aid), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission: %d\n%s", r.StatusCode, r.Body)
	}
	own := lead.Get(paths.CAFScoring(pid, aid))
	if !strings.Contains(own.Body, `data-testid="caf-submitted-note"`) || strings.Contains(own.Body, `data-testid="caf-submit"`) {
		t.Fatal("the submitted scoring is not read-only")
	}
	if r := lead.Get(paths.CAFScore(pid, aid, "1.1")); !strings.Contains(r.Body, `data-testid="caf-score-readonly"`) || !strings.Contains(r.Body, marker) {
		t.Fatal("the submitted sub-criterion is not shown read-only")
	}
	// a change after submission: 422 with the message, typed text kept
	r = lead.Post(paths.CAFScore(pid, aid, "1.1"), url.Values{"score": {"90"}, "strengths": {"po przekazaniu"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "przekazana") || !strings.Contains(r.Body, "po przekazaniu") {
		t.Fatalf("save after submission: %d", r.StatusCode)
	}
	hub := f.app.LoginAs("koordynator").Get(paths.CAF(pid))
	if !strings.Contains(hub.Body, "1 z 3 przekazało ocenę") {
		t.Fatal("the hub does not show the members' progress")
	}
}

func TestCAFCycleFineTunedAndEdit(t *testing.T) {
	t.Parallel()
	f := newCAFCycleFixture(t, domain.CAFFineTuned)
	pid, aid := f.prog.ID, f.a.ID
	m := f.app.LoginAs("czlonek.c")
	r := m.Get(paths.CAFScore(pid, aid, "6.1"))
	if !strings.Contains(r.Body, `id="f-trend"`) || !strings.Contains(r.Body, `id="f-target"`) || !strings.Contains(r.Body, "Trend negatywny.") {
		t.Fatal("a result's fine-tuned panel lacks trends and targets")
	}
	cafCycleMarkup(t, "fine-tuned result", r)
	r = m.Post(paths.CAFScore(pid, aid, "1.1"), url.Values{"plan": {"60"}, "do": {"abc"}, "check": {"40"}, "act": {"20"}, "go": {"stay"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-do-error"`) || !strings.Contains(r.Body, `value="abc"`) {
		t.Fatalf("bad part: %d", r.StatusCode)
	}
	if r = m.Post(paths.CAFScore(pid, aid, "1.1"), url.Values{"plan": {"60"}, "do": {"50"}, "check": {"40"}, "act": {"20"}, "go": {"stay"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if r := m.Get(paths.CAFScoring(pid, aid)); !strings.Contains(r.Body, "oceniono: 42,5 pkt") {
		t.Fatal("the fine-tuned score is not the mean of its parts")
	}
	// the facilitator's edit: a stale version, then a change of the group
	c := f.app.LoginAs("koordynator")
	if r := c.Get(paths.CAFEdit(pid, aid)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="`+strconv.FormatInt(f.users["czlonek.c"], 10)+`" checked`) {
		t.Fatalf("edit form: %d", r.StatusCode)
	}
	form := url.Values{"unit": {strconv.FormatInt(f.unit, 10)}, "method": {"fine_tuned"}, "starts_on": {f.prog.Start.Format(time.DateOnly)},
		"ends_on": {f.prog.Start.AddDate(0, 4, 0).Format(time.DateOnly)}, "leader": {strconv.FormatInt(f.users["czlonek.b"], 10)},
		"members": {strconv.FormatInt(f.users["czlonek.c"], 10)}, "version": {"999"}}
	if r := c.Post(paths.CAFAssessment(pid, aid), form); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, `data-testid="conflict"`) {
		t.Fatalf("stale: %d", r.StatusCode)
	}
	cur, err := f.app.Store.CAFAssessment(t.Context(), pid, aid)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("version", strconv.Itoa(cur.Version))
	if r := c.Post(paths.CAFAssessment(pid, aid), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.StatusCode, r.Body)
	}
	a, err := f.app.Store.CAFAssessment(t.Context(), pid, aid)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Members) != 2 || a.Leader() == nil || a.Leader().UserID != f.users["czlonek.b"] {
		t.Fatalf("group after the change: %+v", a.Members)
	}
	if r := f.app.LoginAs("czlonek").Get(paths.CAFScoring(pid, aid)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a removed member still scores: %d", r.StatusCode)
	}
	if r := f.app.LoginAs("czlonek").Get(paths.CAFEdit(pid, aid)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("an assessor reaches the edit form: %d", r.StatusCode)
	}
}

// TestCAFCycleSignedTotal: once the consensus is signed (through the
// store), the hub shows the agreed total with a decimal comma, the
// assessment page leads to the report and the plan, and a member who
// never submitted reads their scoring only.
func TestCAFCycleSignedTotal(t *testing.T) {
	t.Parallel()
	f := newCAFCycleFixture(t, domain.CAFClassical)
	ctx := t.Context()
	pid, aid := f.prog.ID, f.a.ID
	reload := func() *domain.CAFAssessment {
		a, err := f.app.Store.CAFAssessment(ctx, pid, aid)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	points := func(code string) float64 {
		if code == "1.1" {
			return 64
		}
		return 50
	}
	leader := domain.Actor{UserID: f.users["czlonek"], Username: "czlonek"}
	a := reload()
	for _, s := range a.Model().Subs() {
		x := points(s.Code)
		if err := f.app.Store.SaveCAFScore(ctx, leader, a, f.users["czlonek"], &domain.CAFScore{Sub: s.Code, Score: &x}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.app.Store.SubmitCAFScoring(ctx, leader, a, f.users["czlonek"]); err != nil {
		t.Fatal(err)
	}
	if err := f.app.Store.OpenCAFConsensus(ctx, leader, reload()); err != nil {
		t.Fatal(err)
	}
	a = reload()
	for _, s := range a.Model().Subs() {
		x := points(s.Code)
		if err := f.app.Store.SaveCAFConsensusScore(ctx, leader, a, &domain.CAFScore{Sub: s.Code, Score: &x, Justification: "Uzgodniono."}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.app.Store.SubmitCAFConsensus(ctx, leader, a); err != nil {
		t.Fatal(err)
	}
	manager, _, err := f.app.Store.UserCredentials(ctx, "kierownik")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.Store.SignCAFConsensus(ctx, domain.Actor{UserID: manager.ID, Username: "kierownik"}, reload(), manager); err != nil {
		t.Fatal(err)
	}
	hub := f.app.LoginAs("obserwator").Get(paths.CAF(pid))
	if !strings.Contains(hub.Body, ">50,5<") || !strings.Contains(hub.Body, "konsensus podpisany") {
		t.Fatalf("the hub lacks the agreed total:\n%s", hub.Body)
	}
	page := f.app.LoginAs("kierownik").Get(paths.CAFAssessment(pid, aid))
	if !strings.Contains(page.Body, `data-testid="caf-report-link"`) || !strings.Contains(page.Body, `data-testid="caf-plan-link"`) ||
		strings.Contains(page.Body, `data-testid="caf-consensus-open"`) {
		t.Fatal("the signed assessment's page offers the wrong next steps")
	}
	b := f.app.LoginAs("czlonek.b")
	if r := b.Get(paths.CAFScoring(pid, aid)); !strings.Contains(r.Body, `data-testid="caf-closed-note"`) || strings.Contains(r.Body, `data-testid="caf-submit"`) {
		t.Fatal("a member after the consensus may still submit")
	}
	r := b.Post(paths.CAFScore(pid, aid, "2.1"), url.Values{"score": {"30"}, "strengths": {"za późno"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "zakończona") || !strings.Contains(r.Body, "za późno") {
		t.Fatalf("scoring after the consensus: %d", r.StatusCode)
	}
	// the programme's page links the hub for exactly those who open it
	link := `href="` + paths.CAF(pid) + `" data-testid="caf-link"`
	for _, who := range []string{"admin", "koordynator", "ekspert", "kierownik", "obserwator", "czlonek"} {
		c := f.app.LoginAs(who)
		shown := strings.Contains(c.Get(paths.Programme(pid)).Body, link)
		if opens := c.Get(paths.CAF(pid)).StatusCode == http.StatusOK; shown != opens || !opens {
			t.Errorf("%s: hub link shown %v, hub opens %v", who, shown, opens)
		}
	}
}
