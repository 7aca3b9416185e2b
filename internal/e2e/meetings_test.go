package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// TestExpertRecordsMeeting: an expert records a good-practice group meeting
// with dated notes and conclusions, and then a consultation.
func TestExpertRecordsMeeting(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "ekspert", "demo")
	progs, _ := app.Store.Programmes(t.Context())
	p, _ := app.Store.Programme(t.Context(), progs[0].ID)
	day := p.Start.AddDate(0, 8, 0)
	base := app.URL + "/programmes/" + itoa(p.ID)

	err := chromedp.Do(ctx,
		chromedp.Navigate(base),
		chromedp.Click(chromedp.CSS(`[data-testid="meetings-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="meeting-plan"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "meetings list")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[contains(., "Zarejestruj spotkanie")]`)),
		chromedp.WaitVisible(chromedp.ID("f-number")),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-task'); s.value = [...s.options].find(o => o.text.startsWith('PZ2')).value })()`),
		chromedp.SetValue(chromedp.ID("f-number"), "13"),
		chromedp.SetValue(chromedp.CSS(`[id="f-day.0"]`), day.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-place"), "Urząd Miasta Kłodzko, sala narad"),
		chromedp.Click(chromedp.CSS(`input[name="with_management"]`)),
		chromedp.SetValue(chromedp.ID("f-experts"), "Piotr Zawadzki"),
		chromedp.SetValue(chromedp.ID("f-notes"), "Notatka ze spotkania GDP z dnia "+day.Format("02.01.2006")+". Omówiono obsługę podatnika w jednym okienku."),
		chromedp.SetValue(chromedp.ID("f-conclusions"), "Rekomendacja: wprowadzić jedno okienko podatkowe we wszystkich JST."),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "meeting form")
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.ID("f-place")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="meeting-title"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	notes, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="notes"]`)))
	if !strings.Contains(notes, day.Format("02.01.2006")) {
		t.Fatalf("notes = %q", notes)
	}
	ev, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="meeting-evidence"]`)))
	if !strings.Contains(ev, "brak skanu") || strings.Contains(ev, "nie zawiera daty") {
		t.Fatalf("evidence = %q: the notes are dated, the scan is missing", ev)
	}
	CheckAccessibility(t, ctx, "meeting page")

	// A consultation day in a unit.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/consultations/new"),
		chromedp.WaitVisible(chromedp.ID("f-task")),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-task'); s.value = [...s.options].find(o => o.text.startsWith('N1')).value })()`),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-unit'); s.value = [...s.options].find(o => o.text.includes('Kłodzko') && o.text.startsWith('Urząd')).value })()`),
		chromedp.SetValue(chromedp.ID("f-day"), day.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-topic"), "Opis procesu gospodarowania nieruchomościami"),
		chromedp.Submit(chromedp.ID("f-topic")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consultations"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="consultations"]`)))
	if !strings.Contains(list, "Opis procesu gospodarowania nieruchomościami") || !strings.Contains(list, "Piotr Zawadzki") {
		t.Fatalf("consultations = %q", list)
	}
	CheckAccessibility(t, ctx, "consultations")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/practices"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "good practices")
}
