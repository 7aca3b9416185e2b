package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestSurveyWaveMovesIndicator: a coordinator starts a second follow-up of
// the demo customer survey in the unit whose satisfaction fell, answers
// arrive online (the public form, a respondent without an account) and
// from paper (keyed in), the coordinator closes the wave, and the
// programme's "satisfaction change" indicator on the dashboard moves.
func TestSurveyWaveMovesIndicator(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t)
	inds, err := app.Store.Indicators(ctx, prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ind *domain.Indicator
	for _, in := range inds {
		if in.Rule == domain.RuleSatisfactionChange {
			ind = in
		}
	}
	if ind == nil {
		t.Fatal("the demo programme has no satisfaction-change indicator")
	}
	qs, err := app.Store.Questionnaires(ctx, prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kli *domain.Questionnaire
	for _, q := range qs {
		if q.Code == demo.CustomerCode {
			kli = q
		}
	}
	waves, err := app.Store.Waves(ctx, prog.ID, store.WaveFilter{QuestionnaireID: kli.ID})
	if err != nil {
		t.Fatal(err)
	}
	// The unit whose index fell between the two demo waves.
	var unit int64
	index := map[int64][2]float64{}
	for _, w := range waves {
		tot, _, err := app.Store.WaveResults(ctx, w.ID)
		if err != nil || tot.IndexN == 0 {
			t.Fatalf("demo wave %s: %+v, %v", w.Code, tot, err)
		}
		x := index[w.UnitID]
		x[min(w.Round, 1)] = tot.IndexSum / float64(tot.IndexN)
		index[w.UnitID] = x
	}
	for u, x := range index {
		if x[1] < x[0] {
			unit = u
		}
	}
	if unit == 0 {
		t.Fatal("no demo unit whose satisfaction fell")
	}

	coord := Browser(t)
	signIn(t, coord, app.URL, "koordynator", "demo")
	cumulative := func() string {
		t.Helper()
		// The period of today, in which the new follow-up closes.
		if err := chromedp.Do(coord, chromedp.Navigate(app.URL+paths.Indicators(prog.ID)+"?period="+domain.Quarter(testapp.Today()).Code)); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="indicator-`+ind.Number+`"] [data-testid="cumulative"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(v)
	}
	before := cumulative()

	// The coordinator starts the second follow-up, open from yesterday.
	today := testapp.Today()
	err = chromedp.Do(coord,
		chromedp.Navigate(app.URL+paths.Surveys(prog.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="wave-new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-unit_id")),
		chromedp.SetValue(chromedp.ID("f-unit_id"), itoa(unit)),
		chromedp.SetValue(chromedp.ID("f-questionnaire_id"), itoa(kli.ID)),
		chromedp.SetValue(chromedp.ID("f-round"), "2"),
		chromedp.SetValue(chromedp.ID("f-opens_on"), today.AddDate(0, 0, -1).Format(time.DateOnly)),
		chromedp.SetValue(chromedp.ID("f-closes_on"), today.Format(time.DateOnly)),
		chromedp.Click(chromedp.CSS(`.actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="wave-facts"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	link, err := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="public-link"]`)))
	if err != nil || !strings.Contains(link, "/ankieta/") {
		t.Fatalf("public link %q: %v", link, err)
	}
	link = strings.TrimSpace(link)
	var wave *domain.SurveyWave
	waves, _ = app.Store.Waves(ctx, prog.ID, store.WaveFilter{QuestionnaireID: kli.ID, UnitIDs: []int64{unit}})
	for _, w := range waves {
		if w.Round == 2 {
			wave = w
		}
	}
	if wave == nil {
		t.Fatal("the follow-up wave was not saved")
	}

	// Online: a respondent opens the link (no account), answers the
	// required question at the top of the scale, and sends after the
	// minimum fill time.
	resp := Browser(t)
	if err := chromedp.Do(resp, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`input[name="q_OG"][value="5"]`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5500 * time.Millisecond)
	if err := chromedp.Do(resp, chromedp.Click(chromedp.CSS(`input[name="q_OG"][value="5"]`), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`input[name="q_O1"][value="5"]`), chromedp.NodeVisible),
		chromedp.Submit(chromedp.CSS(`[data-testid="survey-form"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="survey-thanks"]`))); err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, resp); !strings.Contains(body, "Twoje odpowiedzi zostały przyjęte") {
		t.Fatalf("after sending the public form:\n%s", body)
	}
	// More online answers arrive the same way (through the store: the
	// browser's one above shows the path works).
	v, err := app.Store.QuestionnaireVersion(ctx, wave.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	var top []domain.SurveyAnswer // every scale question at its best
	for _, it := range v.Items {
		if it.Kind == domain.ItemLikert {
			top = append(top, domain.SurveyAnswer{ItemID: it.ID, Value: it.ScalePoints})
		}
	}
	for range 20 {
		r := &domain.SurveyResponse{WaveID: wave.ID, Channel: domain.ChannelOnline, Answers: top}
		if err := app.Store.SubmitResponse(ctx, r, today, ""); err != nil {
			t.Fatal(err)
		}
	}

	// Paper: the coordinator keys in one sheet.
	err = chromedp.Do(coord,
		chromedp.Navigate(app.URL+paths.WaveKey(prog.ID, wave.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="key-form"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="key-form"] input[name="q_OG"][value="4"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="key-form"] input[name="q_O1"][value="4"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="key-save"]`)),
		chromedp.WaitVisible(chromedp.ID("komunikat")),
	)
	if err != nil {
		t.Fatal(err)
	}
	tot, _, err := app.Store.WaveResults(ctx, wave.ID)
	if err != nil || tot.Online != 21 || tot.Paper != 1 {
		t.Fatalf("wave totals %+v, %v; want 21 online and 1 paper", tot, err)
	}
	if got := cumulative(); got != before {
		t.Fatalf("the indicator moved before the wave closed: %s → %s", before, got)
	}

	// Closing, confirmed: the wave counts and the indicator moves.
	err = chromedp.Do(coord,
		chromedp.Navigate(app.URL+paths.Wave(prog.ID, wave.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="close-wave"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-warning"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="close-confirm"]`)),
		chromedp.WaitVisible(chromedp.ID("komunikat")),
	)
	if err != nil {
		t.Fatal(err)
	}
	after := cumulative()
	b, _ := domain.ParseDecimal(before)
	a, _ := domain.ParseDecimal(after)
	if a.Float() <= b.Float() {
		t.Fatalf("satisfaction change %s → %s after a follow-up at the top of the scale, want it to rise", before, after)
	}
	CheckAccessibility(t, coord, "indicator dashboard with the satisfaction change")
	// A late answer is refused with a plain message.
	if err := chromedp.Do(resp, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`[data-testid="survey-message"]`))); err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, resp); !strings.Contains(body, "zakończone") {
		t.Fatalf("public form of a closed wave:\n%s", body)
	}
}
