package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestPublicSurveyPhoneNoScript: a customer opens a unit's public survey
// link on a phone with JavaScript off, sends it without the required
// answer (the error summary takes focus), answers with the keyboard only
// and sends it: the thanks take focus, axe finds nothing on the three
// pages, none scrolls sideways, no cookie is set, and the answers are
// saved anonymously with the date.
func TestPublicSurveyPhoneNoScript(t *testing.T) {
	app := testapp.New(t)
	ctx0 := t.Context()
	sys := domain.Actor{Username: "test"}
	prog := app.DemoProgramme(t)
	parts, err := app.Store.Participations(ctx0, prog.ID)
	if err != nil || len(parts) == 0 {
		t.Fatalf("participations: %v", err)
	}
	q := &domain.Questionnaire{ProgrammeID: prog.ID, Code: "E2EPUB", Kind: domain.SurveyCustomer, Name: "Jak Cię obsłużyliśmy?"}
	if err := app.Store.SaveQuestionnaire(ctx0, sys, q, &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100,
		Intro: "Dziękujemy, że poświęcisz nam dwie minuty. Ankieta jest anonimowa.", Items: []domain.SurveyItem{
			{Code: "P1", Section: "Obsługa w urzędzie", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true, Required: true},
			{Code: "P2", Section: "Obsługa w urzędzie", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 4, InIndex: true, DontKnow: true},
			{Code: "M1", Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: "Jak często odwiedza Pan/Pani urząd?",
				Options: []domain.SurveyOption{{Label: "pierwszy raz"}, {Label: "kilka razy w roku"}, {Label: "co miesiąc lub częściej"}}},
			{Code: "M2", Section: "Metryczka", Kind: domain.ItemMulti, Profile: true, Text: "Jakie sprawy Pan/Pani załatwiał(a)?",
				Options: []domain.SurveyOption{{Label: "meldunek"}, {Label: "podatki"}, {Label: "dowód osobisty"}}},
			{Code: "O1", Kind: domain.ItemOpen, Text: "Co powinniśmy poprawić?", MaxLength: 300},
		}}); err != nil {
		t.Fatal(err)
	}
	today := testapp.Today()
	w := &domain.SurveyWave{ProgrammeID: prog.ID, QuestionnaireID: q.ID, UnitID: parts[0].Unit.ID, OpensOn: today.AddDate(0, 0, -3),
		ClosesOn: today.AddDate(0, 0, 10), Online: true}
	if err := app.Store.CreateWave(ctx0, sys, w, prog.Start, prog.End); err != nil {
		t.Fatal(err)
	}

	ctx := Browser(t)
	noScript(t, ctx)
	phone := chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile)
	opened := time.Now()
	if err := chromedp.Do(ctx, phone, chromedp.Navigate(app.URL+paths.PublicSurvey(w.PublicKey)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="survey-form"]`))); err != nil {
		t.Fatal(err)
	}
	checkWithScript(t, ctx, "the public survey form")

	// Sent too early to count as a person's, the form would come back:
	// wait out the minimum fill time, then send it with nothing answered.
	time.Sleep(time.Until(opened.Add(6 * time.Second)))
	submit := `[data-testid="survey-form"] button[type="submit"]`
	if err := chromedp.Do(ctx, phone, pressEnterOn(submit), chromedp.WaitVisible(chromedp.CSS(`.error-summary`))); err != nil {
		t.Fatal(err)
	}
	if got := focusedAs(t, ctx, "error-summary"); got != "error-summary" {
		t.Errorf("after the refused form focus is on %q, want the error summary", got)
	}
	checkWithScript(t, ctx, "the public survey form with errors")

	// Keyboard only: arrows choose within a question, Tab moves on, Space
	// ticks a box, Enter sends.
	if err := chromedp.Do(ctx, phone,
		chromedp.Focus(chromedp.ID("f-q_P1-0")), chromedp.KeyEvent(kb.ArrowDown+kb.ArrowDown+kb.ArrowDown), // 4: raczej tak
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(" "), // P2: 1
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.ArrowDown), // M1: 2
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(" "), // M2: podatki
		chromedp.KeyEvent(kb.Tab+kb.Tab), chromedp.KeyEvent("Dłuższe godziny pracy w czwartki."),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="survey-thanks"]`))); err != nil {
		t.Fatal(err)
	}
	if got := focusedAs(t, ctx, "komunikat"); got != "komunikat" {
		t.Errorf("after sending focus is on %q, want the thanks", got)
	}
	checkWithScript(t, ctx, "the survey's thanks")

	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{app.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cookies.Cookies) > 0 {
		t.Errorf("the public survey set cookies: %v", cookies.Cookies[0].Name)
	}
	rows, err := app.Store.Pool.Query(ctx0, `SELECT i.code, a.value, COALESCE(a.text, ''), r.answered_on, r.channel FROM survey_answers a
		JOIN survey_items i ON i.id = a.item_id JOIN survey_responses r ON r.id = a.response_id WHERE r.wave_id = $1 ORDER BY i.position, a.value`, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var code, text, channel string
		var value int
		var day time.Time
		if err := rows.Scan(&code, &value, &text, &day, &channel); err != nil {
			t.Fatal(err)
		}
		if !day.Equal(today) && !day.Equal(testapp.Today()) || channel != string(domain.ChannelOnline) {
			t.Errorf("answer dated %s through %s", day.Format(time.DateOnly), channel)
		}
		got = append(got, code+"="+itoa(int64(value))+text)
	}
	want := []string{"P1=4", "P2=1", "M1=2", "M2=2", "O1=0Dłuższe godziny pracy w czwartki."}
	if len(got) != len(want) {
		t.Fatalf("saved answers %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("saved answers %v, want %v", got, want)
			break
		}
	}
}

// checkWithScript runs CheckAccessibility on a page opened with JavaScript
// off: axe and the reflow probe are scripts (the probe waits for animation
// frames, which do not come while scripts are off), so scripts are on for
// the check only; the public pages have none of their own.
func checkWithScript(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, page)
	noScript(t, ctx)
}
