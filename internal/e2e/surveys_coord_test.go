package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCoordinatorRunsPaperSurvey: a coordinator creates a questionnaire,
// starts a wave, keys in two paper forms with the keyboard only, and
// closes the wave; the survey pages pass axe.
func TestCoordinatorRunsPaperSurvey(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	prog := app.DemoProgramme(t)
	var leader int64
	units, _ := app.Store.ListUnits(t.Context())
	for _, u := range units {
		if u.Name == "Urząd Miasta w Dzierżoniowie" {
			leader = u.ID
		}
	}
	signIn(t, ctx, app.URL, "koordynator", "demo")

	// The hub, from the programme's page.
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+paths.Programme(prog.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="surveys-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="questionnaire-new"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "survey hub")

	// A questionnaire of a Likert item and a profile question.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="questionnaire-new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-name")),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "questionnaire form")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-name"), "Satysfakcja klientów urzędu"),
		chromedp.SetValue(chromedp.ID("f-code"), "E2EKLI"),
		chromedp.SetValue(chromedp.ID("f-kind"), "customer"),
		chromedp.SetValue(chromedp.ID("f-item0_text"), "Czy obsługa była uprzejma?"),
		chromedp.SetValue(chromedp.ID("f-item0_code"), "P1"),
		chromedp.SetValue(chromedp.ID("f-item0_required"), "1"),
		chromedp.Click(chromedp.CSS(`button[name="add_row"]`)),
		chromedp.WaitVisible(chromedp.ID("f-item1_text")),
		chromedp.SetValue(chromedp.ID("f-item1_text"), "Jak często odwiedza Pan/Pani urząd?"),
		chromedp.SetValue(chromedp.ID("f-item1_code"), "M1"),
		chromedp.SetValue(chromedp.ID("f-item1_kind"), "single"),
		chromedp.SetValue(chromedp.ID("f-item1_index"), "profile"),
		chromedp.SetValue(chromedp.ID("f-item1_options"), "pierwszy raz\nkilka razy w roku\nco miesiąc"),
		chromedp.Click(chromedp.CSS(`.actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("komunikat")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, ctx); !strings.Contains(body, "Zapisano kwestionariusz E2EKLI (wersja 1).") {
		t.Fatalf("hub after saving:\n%s", body)
	}
	var qid int64
	qs, _ := app.Store.Questionnaires(t.Context(), prog.ID)
	for _, q := range qs {
		if q.Code == "E2EKLI" {
			qid = q.ID
		}
	}

	// A wave in the leader unit around today.
	today := testapp.Today()
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="wave-new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-unit_id")),
		chromedp.SetValue(chromedp.ID("f-unit_id"), itoa(leader)),
		chromedp.SetValue(chromedp.ID("f-questionnaire_id"), itoa(qid)),
		chromedp.SetValue(chromedp.ID("f-opens_on"), today.AddDate(0, 0, -7).Format(time.DateOnly)),
		chromedp.SetValue(chromedp.ID("f-closes_on"), today.AddDate(0, 0, 7).Format(time.DateOnly)),
		chromedp.SetValue(chromedp.ID("f-target_sample"), "50"),
		chromedp.Click(chromedp.CSS(`.actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="wave-facts"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "wave page")
	if body := mainText(t, ctx); !strings.Contains(body, "Rozpoczęto badanie") || !strings.Contains(body, "Kod QR z adresem ankiety") {
		t.Fatalf("wave page:\n%s", body)
	}

	// Two paper forms, keyboard only: Tab to the next question, arrows to
	// the answer, Enter on the save button.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="key-link"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="key-form"]`))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "key-in page")
	for i, sheet := range []struct {
		no          string
		p1, m1      int
		startsAfter string
	}{{"1", 4, 1, "f-sheet"}, {"2", 2, 3, "komunikat"}} {
		if got := focused(t, ctx); got != sheet.startsAfter {
			t.Fatalf("form %d starts with focus on %q, want %q", i+1, got, sheet.startsAfter)
		}
		if sheet.startsAfter == "komunikat" {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
		}
		if no, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-sheet"))); err != nil || no != sheet.no {
			t.Fatalf("sheet number prefilled %q, want %s (%v)", no, sheet.no, err)
		}
		keys := []chromedp.Action[chromedp.Void]{chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab)} // date, P1
		for range sheet.p1 {
			keys = append(keys, chromedp.KeyEvent(kb.ArrowRight))
		}
		keys = append(keys, chromedp.KeyEvent(kb.Tab))
		for range sheet.m1 {
			keys = append(keys, chromedp.KeyEvent(kb.ArrowRight))
		}
		keys = append(keys, chromedp.KeyEvent(kb.Tab))
		if err := chromedp.Do(ctx, keys...); err != nil {
			t.Fatal(err)
		}
		if got := focused(t, ctx); got != "key-save" {
			t.Fatalf("form %d: after the answers focus is on %q, want the save button", i+1, got)
		}
		// The next empty form: the following sheet number, the confirmation.
		next := `#f-sheet[value="` + strconv.Itoa(i+2) + `"]`
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(next)), chromedp.WaitVisible(chromedp.ID("komunikat"))); err != nil {
			t.Fatal(err)
		}
		if body := mainText(t, ctx); !strings.Contains(body, "Zapisano formularz nr "+sheet.no+".") {
			t.Fatalf("after form %s:\n%s", sheet.no, body)
		}
	}
	waves, _ := app.Store.Waves(t.Context(), prog.ID, store.WaveFilter{QuestionnaireID: qid})
	if len(waves) != 1 {
		t.Fatalf("waves: %d", len(waves))
	}
	w := waves[0]
	tot, counts, err := app.Store.WaveResults(t.Context(), w.ID)
	v, _ := app.Store.QuestionnaireVersion(t.Context(), w.VersionID)
	if err != nil || tot.Paper != 2 || counts[v.Items[0].ID][4] != 1 || counts[v.Items[0].ID][2] != 1 || counts[v.Items[1].ID][1] != 1 || counts[v.Items[1].ID][3] != 1 {
		t.Fatalf("keyed: %+v %v (%v)", tot, counts, err)
	}

	// Closing, after the confirmation.
	err = chromedp.Do(ctx,
		chromedp.Navigate(app.URL+paths.Wave(prog.ID, w.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="close-wave"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="close-warning"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="close-confirm"]`)),
		chromedp.WaitVisible(chromedp.ID("komunikat")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, ctx); !strings.Contains(body, "Zakończono badanie") || !strings.Contains(body, "zakończone") {
		t.Fatalf("closed wave:\n%s", body)
	}
	if closed, _ := app.Store.Wave(t.Context(), prog.ID, w.ID); !closed.Closed() {
		t.Fatal("the wave is not closed")
	}
}
