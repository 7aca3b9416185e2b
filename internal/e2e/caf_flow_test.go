package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCAFCycleMovesIndicators: the demo leader unit's live second cycle
// runs end to end in the browser. Three members score every sub-criterion
// (one of them far from the others on 1.1), the leader opens the
// consensus, finds 1.1 flagged first, agrees every score and hands it
// over, the unit's manager signs it with her password, the improvement
// plan gets a completed action, and the dashboard's CAF indicators move:
// the change of the CAF result (now three units) and the actions done.
func TestCAFCycleMovesIndicators(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t)
	var unit int64
	units, err := app.Store.ListUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == demo.LeaderUnit {
			unit = u.ID
		}
	}
	list, err := app.Store.CAFAssessments(ctx, prog.ID, []int64{unit})
	if err != nil {
		t.Fatal(err)
	}
	var a *domain.CAFAssessment
	for _, x := range list {
		if x.Stage == domain.CAFStageScoring && len(x.Members) == 3 {
			a = x
		}
	}
	if a == nil {
		t.Fatal("the demo has no live CAF cycle of three members in the leader unit")
	}
	number := map[domain.Rule]string{}
	inds, err := app.Store.Indicators(ctx, prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inds {
		number[in.Rule] = in.Number
	}
	subs := a.Model().Subs()

	b := Browser(t)
	signIn(t, b, app.URL, "koordynator", "demo")
	cumulative := func(rule domain.Rule) string {
		t.Helper()
		if err := chromedp.Do(b, chromedp.Navigate(app.URL+paths.Indicators(prog.ID)+"?period="+domain.Quarter(testapp.Today()).Code)); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid="indicator-`+number[rule]+`"] [data-testid="cumulative"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(v)
	}
	changeBefore, doneBefore := cumulative(domain.RuleCAFTotalChange), cumulative(domain.RuleCAFActionsDone)
	signOut(t, b)

	// Three members score alone: every sub-criterion, "save and go on".
	for i, who := range []string{"czlonek", "czlonek.b", "czlonek.c"} {
		signIn(t, b, app.URL, who, "demo")
		points := strconv.Itoa(70 + i*5)
		if err := chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFScore(prog.ID, a.ID, subs[0].Code)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-score-form"]`))); err != nil {
			t.Fatal(err)
		}
		for j, s := range subs {
			p := points
			if s.Code == "1.1" && who == "czlonek" {
				p = "20" // far from the others: discussed first
			}
			actions := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("f-score"), p)}
			if j == 0 {
				actions = append(actions, chromedp.SetValue(chromedp.ID("f-strengths"), "Mocna strona według "+who+"."))
			}
			if j+1 < len(subs) {
				actions = append(actions, chromedp.Click(chromedp.CSS(`[data-testid="caf-save-next"]`)),
					chromedp.WaitVisible(chromedp.CSS(`form[data-testid="caf-score-form"][action$="/scoring/`+subs[j+1].Code+`"]`)))
			} else {
				actions = append(actions, chromedp.Click(chromedp.CSS(`[data-testid="caf-save"]`)),
					chromedp.WaitVisible(chromedp.Search(`//*[@id="komunikat" and contains(., "`+s.Code+`")]`)))
			}
			if err := chromedp.Do(b, actions...); err != nil {
				t.Fatalf("%s scoring %s: %v", who, s.Code, err)
			}
		}
		err := chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFScoring(prog.ID, a.ID)),
			chromedp.Click(chromedp.CSS(`[data-testid="caf-submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-submitted-note"]`)))
		if err != nil {
			t.Fatalf("%s submits: %v\n%s", who, err, mainText(t, b))
		}
		if who == "czlonek.c" && strings.Contains(mainText(t, b), "Mocna strona według czlonek.") {
			t.Fatal("a member sees another member's scoring")
		}
		signOut(t, b)
	}

	// The leader opens the consensus: 1.1 comes first, flagged.
	signIn(t, b, app.URL, "czlonek", "demo")
	err = chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFAssessment(prog.ID, a.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-consensus-open"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-consensus-status"]`)))
	if err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(b, chromedp.AttributeValue(chromedp.CSS(`tbody tr[data-testid^="caf-row-"]`), "data-testid"))
	if err != nil || first.Value != "caf-row-1.1" {
		t.Fatalf("first row of the consensus %q (%v), want 1.1 (members 20, 75, 80)", first.Value, err)
	}
	if body := mainText(t, b); !strings.Contains(body, "rozbieżność") {
		t.Fatalf("no dispute flagged:\n%s", body)
	}
	CheckAccessibility(t, b, "CAF consensus with a dispute")
	if err := chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFConsensusScore(prog.ID, a.ID, subs[0].Code)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-consensus-form"]`))); err != nil {
		t.Fatal(err)
	}
	for j, s := range subs {
		actions := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("f-score"), "90"),
			chromedp.SetValue(chromedp.ID("f-justification"), "Uzgodnione na spotkaniu zespołu.")}
		if j+1 < len(subs) {
			actions = append(actions, chromedp.Click(chromedp.CSS(`button[name="next"][value="`+subs[j+1].Code+`"]`)),
				chromedp.WaitVisible(chromedp.CSS(`form[data-testid="caf-consensus-form"][action$="/consensus/`+subs[j+1].Code+`"]`)))
		} else {
			actions = append(actions, chromedp.Click(chromedp.CSS(`button[name="next"][value=""]`)),
				chromedp.WaitVisible(chromedp.Search(`//*[@id="komunikat" and contains(., "`+s.Code+`")]`)))
		}
		if err := chromedp.Do(b, actions...); err != nil {
			t.Fatalf("agreeing %s: %v", s.Code, err)
		}
	}
	err = chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFConsensus(prog.ID, a.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-submit-form"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("komunikat")))
	if err != nil {
		t.Fatal(err)
	}
	signOut(t, b)

	// The manager signs with her password.
	signIn(t, b, app.URL, "kierownik", "demo")
	err = chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFSign(prog.ID, a.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-sign-form"]`)))
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, b, "CAF signature")
	err = chromedp.Do(b, chromedp.SetValue(chromedp.ID("f-password"), "demo"),
		chromedp.Click(chromedp.CSS(`[data-testid="caf-sign-form"] button[type="submit"]`)),
		// the sign page shows the total too: wait for the signed report's message
		chromedp.WaitVisible(chromedp.Search(`//*[@id="komunikat" and contains(., "Podpisano konsensus")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-total"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := app.Store.CAFAssessment(ctx, prog.ID, a.ID); got.Stage != domain.CAFStageSigned {
		t.Fatalf("stage after signing: %s", got.Stage)
	}

	// The improvement plan gets an action, done today.
	today := testapp.Today().Format(time.DateOnly)
	err = chromedp.Do(b, chromedp.Navigate(app.URL+paths.CAFActionNew(prog.ID, a.ID)+"?sub=5.1"),
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SetValue(chromedp.ID("f-title"), "Mapa procesów obsługi klienta"),
		chromedp.SetValue(chromedp.ID("f-owner"), "Wydział Organizacyjny"),
		chromedp.SetValue(chromedp.ID("f-starts_on"), testapp.Today().AddDate(0, 0, -7).Format(time.DateOnly)),
		chromedp.SetValue(chromedp.ID("f-ends_on"), today),
		chromedp.Click(chromedp.CSS(`input[name="impact"][value="3"]`)),
		chromedp.Click(chromedp.CSS(`input[name="effort"][value="1"]`)),
		chromedp.SetValue(chromedp.ID("f-status"), string(domain.ActionDone)),
		chromedp.SetValue(chromedp.ID("f-done_on"), today),
		chromedp.Click(chromedp.CSS(`form.stack .actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-plan-progress"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, b); !strings.Contains(body, "Mapa procesów obsługi klienta") {
		t.Fatalf("plan after adding:\n%s", body)
	}
	signOut(t, b)

	signIn(t, b, app.URL, "koordynator", "demo")
	if got := cumulative(domain.RuleCAFTotalChange); got == changeBefore {
		t.Fatalf("the change of the CAF result stayed %s after a third unit's second cycle", got)
	}
	d0, _ := domain.ParseDecimal(doneBefore)
	d1, _ := domain.ParseDecimal(cumulative(domain.RuleCAFActionsDone))
	if d1.Float() != d0.Float()+1 {
		t.Fatalf("actions done %s → %s, want one more", doneBefore, d1)
	}
}
