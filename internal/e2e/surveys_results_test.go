package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestSurveyResultsPages: the leader unit's manager opens the results of
// the unit's baseline survey, follows the link to the comparison with the
// follow-up and to the comparison of units (the other units without names);
// every page passes axe.
func TestSurveyResultsPages(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	p := app.DemoProgramme(t)
	sys := domain.Actor{Username: "test", Role: domain.RoleAdmin}
	units, _ := app.Store.ListUnits(ctx)
	byName := map[string]int64{}
	for _, u := range units {
		byName[u.Name] = u.ID
	}
	q := &domain.Questionnaire{ProgrammeID: p.ID, Code: "E2E", Kind: domain.SurveyCustomer, Name: "Satysfakcja klientów"}
	v := &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100, Items: []domain.SurveyItem{
		{Code: "P1", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true},
		{Code: "P2", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 5, InIndex: true, DontKnow: true},
		{Code: "M1", Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: "Jak często odwiedza Pan/Pani urząd?",
			Options: []domain.SurveyOption{{Label: "pierwszy raz"}, {Label: "kilka razy w roku"}}},
		{Code: "O1", Kind: domain.ItemOpen, Text: "Co powinniśmy poprawić?", MaxLength: 300},
	}}
	if err := app.Store.SaveQuestionnaire(ctx, sys, q, v); err != nil {
		t.Fatal(err)
	}
	opens := p.Start.AddDate(0, 1, 0)
	waves := map[string]int64{}
	for i, x := range []struct {
		unit  string
		round int
		base  int // P1 answers from base up to 5
	}{{demo.LeaderUnit, 0, 2}, {demo.LeaderUnit, 1, 4}, {"Urząd Miasta Bielawa", 0, 3}, {"Urząd Miasta Bolesławiec", 0, 1}} {
		w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: q.ID, UnitID: byName[x.unit], Round: x.round,
			OpensOn: opens.AddDate(0, 2*x.round, 0), ClosesOn: opens.AddDate(0, 2*x.round+1, 0), Online: true}
		if err := app.Store.CreateWave(ctx, sys, w, p.Start, p.End); err != nil {
			t.Fatal(err)
		}
		waves[x.unit+itoa(int64(x.round))] = w.ID
		for k := 0; k < 24; k++ {
			answers := []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: x.base + k%(6-x.base)}, {ItemID: v.Items[1].ID, Value: k % 6},
				{ItemID: v.Items[2].ID, Value: 1 + k%2}}
			if k%8 == 0 {
				answers = append(answers, domain.SurveyAnswer{ItemID: v.Items[3].ID, Text: "Więcej miejsc parkingowych " + itoa(int64(i*100+k))})
			}
			if err := app.Store.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: answers},
				w.OpensOn.AddDate(0, 0, 2), ""); err != nil {
				t.Fatal(err)
			}
		}
	}

	b := Browser(t)
	signIn(t, b, app.URL, "kierownik", "demo")
	results := app.URL + "/programmes/" + itoa(p.ID) + "/surveys/waves/" + itoa(waves[demo.LeaderUnit+"0"]) + "/results"
	if err := chromedp.Do(b, chromedp.Navigate(results), chromedp.WaitVisible(chromedp.CSS(`[data-testid="wave-title"]`))); err != nil {
		t.Fatal(err)
	}
	text := func(css string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(css)))
		if err != nil {
			t.Fatalf("%s: %v", css, err)
		}
		return s
	}
	n, index, open := text(`[data-testid="wave-n"]`), text(`[data-testid="wave-index"]`), text(`[data-testid="open-O1"]`)
	if n != "24" || !strings.Contains(index, "przedział ufności 95%") || !strings.Contains(open, "Więcej miejsc parkingowych") {
		t.Errorf("results: n %q, index %q, open answers %q", n, index, open)
	}
	CheckAccessibility(t, b, "survey wave results")

	if err := chromedp.Do(b, chromedp.Click(chromedp.Search(`//a[contains(., "Porównanie z pomiarem wyjściowym")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="compare-index"]`))); err != nil {
		t.Fatal(err)
	}
	sentence := text(`[data-testid="compare-sentence"]`)
	if !strings.Contains(sentence, "Wzrost o") {
		t.Errorf("compare: %q", sentence)
	}
	CheckAccessibility(t, b, "survey compare")

	if err := chromedp.Do(b, chromedp.Navigate(results), chromedp.Click(chromedp.Search(`//a[contains(., "Porównanie jednostek")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="benchmark-table"]`))); err != nil {
		t.Fatal(err)
	}
	table := text(`[data-testid="benchmark-table"]`)
	if !strings.Contains(table, demo.LeaderUnit) || !strings.Contains(table, "Jednostka A") || strings.Contains(table, "Bielawa") {
		t.Errorf("benchmark as the unit manager: %q", table)
	}
	CheckAccessibility(t, b, "survey benchmark")
}
