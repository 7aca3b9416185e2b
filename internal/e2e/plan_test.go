package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// TestCoordinatorBuildsProgramme: a coordinator creates a programme (first
// with a mistake), adds a task and a training, and sees them on the
// programme overview.
func TestCoordinatorBuildsProgramme(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")

	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/programmes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="programmes"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "/programmes")

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/programmes/new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "KCU-2026"),
		chromedp.SetValue(chromedp.ID("f-title"), "Klient w centrum uwagi – edycja małopolska"),
		chromedp.SetValue(chromedp.ID("f-start"), "2026-01-01"),
		chromedp.SetValue(chromedp.ID("f-end"), "2025-12-31"), // before the start: refused
		chromedp.SetValue(chromedp.ID("f-budget"), "1 250 000,50"),
		chromedp.SetValue(chromedp.CSS(`[id="f-phases.0.name"]`), "Faza wdrożeniowa"),
		chromedp.SetValue(chromedp.CSS(`[id="f-phases.0.start"]`), "2026-01-01"),
		chromedp.SetValue(chromedp.CSS(`[id="f-phases.0.end"]`), "2026-12-31"),
		chromedp.SetValue(chromedp.CSS(`[id="f-components.0.code"]`), "Z1"),
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.ID("f-end-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-title")))
	if title != "Klient w centrum uwagi – edycja małopolska" {
		t.Fatalf("typed title lost: %q", title)
	}
	CheckAccessibility(t, ctx, "/programmes (form with errors)")

	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-end"), "2027-06-30"),
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="programme-title"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	facts, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="programme-facts"]`)))
	if !strings.Contains(facts, "1 250 000,50 zł") || !strings.Contains(facts, "01.01.2026 – 30.06.2027") {
		t.Fatalf("facts = %q", facts)
	}

	// A task with two plan lines and a product.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[contains(., "Dodaj zadanie")]`)),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "K2"),
		chromedp.SetValue(chromedp.ID("f-name"), "optymalizacja procesów obsługi klienta"),
		chromedp.SetValue(chromedp.ID("f-kind"), "process"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.0.units"]`), "6"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.0.days"]`), "8"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.1.units"]`), "1"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.1.days"]`), "20"),
		chromedp.SetValue(chromedp.CSS(`[id="f-products.0.name"]`), "mapa procesów „na styku” z klientem"),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "task form")
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="tasks"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}

	// A training of 3 groups × 2 days.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[contains(., "Dodaj szkolenie")]`)),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "KS1"),
		chromedp.SetValue(chromedp.ID("f-topic"), "nowoczesne standardy obsługi klienta"),
		chromedp.SetValue(chromedp.ID("f-groups_planned"), "3"),
		chromedp.SetValue(chromedp.ID("f-days_per_group"), "2"),
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="trainings"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	tasks, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="tasks"]`)))
	if !strings.Contains(tasks, "optymalizacja procesów obsługi klienta") || !strings.Contains(tasks, "6 × 8 + 1 × 20") ||
		!strings.Contains(tasks, "mapa procesów „na styku” z klientem") {
		t.Fatalf("task plan = %q", tasks)
	}
	trainings, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="trainings"]`)))
	if !strings.Contains(trainings, "KS1") || !strings.Contains(trainings, "nowoczesne standardy obsługi klienta") {
		t.Fatalf("training plan = %q", trainings)
	}
	total, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="training-days-total"]`)))
	if total != "6" {
		t.Fatalf("training days total = %q, want 6", total)
	}
	CheckAccessibility(t, ctx, "programme overview")
}

// TestDemoProgrammeOverview: the demo programme reads like seed 000.
func TestDemoProgrammeOverview(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "obserwator", "demo")
	progs, _ := app.Store.Programmes(t.Context())
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/programmes/"+itoa(progs[0].ID)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="tasks"]`))); err != nil {
		t.Fatal(err)
	}
	tasks, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="tasks"]`)))
	for _, want := range []string{"7 × 10", "6 × 8 + 1 × 20", "1 × 20", "8 spotkań × 2 dni", "a) opis procesów", "e) zbudowanie systemu satysfakcji klienta"} {
		if !strings.Contains(tasks, want) {
			t.Errorf("task plan lacks %q", want)
		}
	}
	total, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="training-days-total"]`)))
	if total != "58" { // PS4 8, PS5 2, PS7 8, NS4 4, NS5 2, PS6 8, PS3 14, NS6 6, NS3 6
		t.Errorf("training days = %s, want 58", total)
	}
	inds, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="indicators"]`)))
	for _, want := range []string{"Liczba wdrożeń/wprowadzonych usprawnień w obszarze usług podatkowych", "Liczba Spotkań Grupy Dobrych Praktyk", "Listy obecności na spotkaniach"} {
		if !strings.Contains(inds, want) {
			t.Errorf("indicators lack %q", want)
		}
	}
	CheckAccessibility(t, ctx, "demo programme overview (viewer)")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/units"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="units"]`))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "/units")
	// Search: part of a name, in one voivodeship; the list keeps the filter.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-q"), "dzierżon"), chromedp.SetValue(chromedp.ID("f-woj"), "dolnośląskie"),
		chromedp.Submit(chromedp.ID("f-q"))); err != nil {
		t.Fatal(err)
	}
	// The main navigation links /units too: wait for the filtered list's
	// own address, not for a link.
	for i := 0; ; i++ {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "q=") {
			break
		}
		if i == 100 {
			t.Fatalf("the search did not load: %s %v", loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`[data-testid="units"]`))); err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="units"] tbody`)))
	if !strings.Contains(list, "Dzierżoniów") || strings.Contains(list, "Bielawa") {
		t.Errorf("search for dzierżon lists:\n%s", list)
	}
	CheckAccessibility(t, ctx, "/units?q=dzierżon")
}
