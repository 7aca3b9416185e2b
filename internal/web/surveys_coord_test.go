package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

var questionnaireForm = url.Values{
	"code": {"TESTK"}, "kind": {"customer"}, "name": {"Satysfakcja klientów – test"}, "intro": {"Ankieta jest anonimowa."},
	"index_method":  {"top2"},
	"item_section":  {"Obsługa", "Metryczka", ""},
	"item_code":     {"P1", "M1", "O1"},
	"item_kind":     {"likert", "single", "open"},
	"item_text":     {"Czy obsługa była uprzejma?", "Jak często odwiedza Pan/Pani urząd?", "Co poprawić?"},
	"item_points":   {"5", "5", "5"},
	"item_dontknow": {"1", "", ""},
	"item_role":     {"index", "profile", ""},
	"item_required": {"1", "", ""},
	"item_options":  {"", "pierwszy raz\nkilka razy w roku", ""},
	"item_max":      {"", "", "300"},
}

// setRow sets row i of a repeated field.
func setRow(f url.Values, name string, i int, v string) url.Values {
	g := merge(f)
	g[name] = append([]string(nil), f[name]...)
	g[name][i] = v
	return g
}

// surveyWaveDates are a wave's dates around the tests' today.
func surveyWaveDates() (opens, closes time.Time) {
	today := testapp.Today()
	return today.AddDate(0, 0, -10), today.AddDate(0, 0, 10)
}

func TestSurveyQuestionnaireForms(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog := app.DemoProgramme(t).ID
	c := app.LoginAs("koordynator")
	if r := c.Get(paths.Programme(prog)); !strings.Contains(r.Body, `href="`+paths.Surveys(prog)+`" data-testid="surveys-link"`) {
		t.Fatal("the programme page does not link the surveys")
	}
	if r := c.Get(paths.Surveys(prog)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Badania satysfakcji") {
		t.Fatalf("hub: %d", r.StatusCode)
	}
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrName", "name", "Podaj nazwę", merge(questionnaireForm, "name", "")},
		{"ErrKind", "kind", "kogo pyta", merge(questionnaireForm, "kind", "")},
		{"ErrItemCode", "item0_code", "Pytanie 1: podaj kod", setRow(questionnaireForm, "item_code", 0, "P 1")},
		{"ErrDuplicateCode", "item1_code", "ma już pytanie 1", setRow(questionnaireForm, "item_code", 1, "p1")},
		{"ErrOneOption", "item1_options", "od 2 do 50", setRow(questionnaireForm, "item_options", 1, "tylko jedna")},
		{"ErrMaxLength", "item2_max", "od 1 do 4000", setRow(questionnaireForm, "item_max", 2, "9999")},
		{"ErrNoIndexItem", "items", "wchodzi do indeksu", setRow(questionnaireForm, "item_role", 0, "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.Questionnaires(prog), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at %s\n%s", tc.msg, tc.field, r.Body)
			}
			if !strings.Contains(r.Body, "Jak często odwiedza Pan/Pani urząd?") || !strings.Contains(r.Body, "Ankieta jest anonimowa.") {
				t.Fatal("typed items lost")
			}
		})
	}
	// Adding and removing rows saves nothing and keeps what was typed.
	r := c.Post(paths.Questionnaires(prog), merge(questionnaireForm, "add_row", "items"))
	if r.StatusCode != http.StatusOK || strings.Count(r.Body, `data-testid="item-row"`) != 4 {
		t.Fatalf("add row: %d, %d rows", r.StatusCode, strings.Count(r.Body, `data-testid="item-row"`))
	}
	r = c.Post(paths.Questionnaires(prog), merge(questionnaireForm, "remove_row", "items.1"))
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "kilka razy w roku") || !strings.Contains(r.Body, "Co poprawić?") {
		t.Fatalf("remove row: %d", r.StatusCode)
	}
	if qs, _ := app.Store.Questionnaires(t.Context(), prog); len(qs) != 0 && qs[0].Code == "TESTK" {
		t.Fatal("a row edit saved the questionnaire")
	}

	// Saved; a spare empty row is ignored.
	spare := merge(questionnaireForm)
	for _, name := range []string{"item_section", "item_code", "item_kind", "item_text", "item_points", "item_dontknow", "item_role", "item_required", "item_options", "item_max"} {
		def := ""
		switch name {
		case "item_kind":
			def = "likert"
		case "item_points":
			def = "5"
		case "item_role":
			def = "index"
		}
		spare[name] = append(append([]string(nil), questionnaireForm[name]...), def)
	}
	r = c.Post(paths.Questionnaires(prog), spare)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	page := c.Get(r.Header.Get("Location"))
	if !strings.Contains(page.Body, "Zapisano kwestionariusz TESTK (wersja 1).") {
		t.Fatalf("no flash:\n%s", page.Body)
	}
	q := findQuestionnaire(t, app, prog, "TESTK")
	v, err := app.Store.LatestVersion(t.Context(), q.ID)
	if err != nil || len(v.Items) != 3 || !v.Items[0].InIndex || !v.Items[0].DontKnow || !v.Items[1].Profile || v.Items[2].MaxLength != 300 {
		t.Fatalf("saved version = %+v, %v", v, err)
	}
	// Unused: a change keeps version 1, no notice.
	edit := c.Get(paths.QuestionnaireEdit(prog, q.ID))
	if edit.StatusCode != http.StatusOK || strings.Contains(edit.Body, "new-version-notice") || !strings.Contains(edit.Body, "Czy obsługa była uprzejma?") {
		t.Fatalf("edit page: %d", edit.StatusCode)
	}
	r = c.Post(paths.Questionnaire(prog, q.ID), setRow(questionnaireForm, "item_text", 0, "Czy obsługa była uprzejma i kompetentna?"))
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(c.Get(r.Header.Get("Location")).Body, "(wersja 1)") {
		t.Fatalf("save unused: %d", r.StatusCode)
	}

	// A wave: bad input first.
	_, _, leader, _ := demoIDs(t, app)
	opens, closes := surveyWaveDates()
	waveForm := url.Values{"unit_id": {itoa(leader)}, "questionnaire_id": {itoa(q.ID)}, "round": {"0"},
		"opens_on": {opens.Format(time.DateOnly)}, "closes_on": {closes.Format(time.DateOnly)}, "target_sample": {"120"}, "online": {"1"}}
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrNoUnit", "unit_id", "Wybierz jednostkę", merge(waveForm, "unit_id", "")},
		{"ErrClosesBefore", "closes_on", "nie może być wcześniejsza", merge(waveForm, "closes_on", opens.AddDate(0, 0, -1).Format(time.DateOnly))},
		{"ErrTarget", "target_sample", "Planowana liczba", merge(waveForm, "target_sample", "-3")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.Waves(prog), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, no message %q at %s", r.StatusCode, tc.msg, tc.field)
			}
		})
	}
	r = c.Post(paths.Waves(prog), waveForm)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create wave: %d\n%s", r.StatusCode, r.Body)
	}
	wavePage := c.Get(r.Header.Get("Location"))
	if !strings.Contains(wavePage.Body, "Rozpoczęto badanie") || !strings.Contains(wavePage.Body, `data-testid="qr"`) ||
		!strings.Contains(wavePage.Body, "/ankieta/") || !strings.Contains(wavePage.Body, "z planowanych 120") {
		t.Fatalf("wave page:\n%s", wavePage.Body)
	}
	waves, _ := app.Store.Waves(t.Context(), prog, store.WaveFilter{QuestionnaireID: q.ID})
	if len(waves) != 1 || waves[0].TargetSample != 120 || !waves[0].Online {
		t.Fatalf("waves = %+v", waves)
	}
	if r := c.Post(paths.Waves(prog), waveForm); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ma już ten pomiar") {
		t.Fatalf("same round twice: %d", r.StatusCode)
	}
	pdf := c.Get(paths.WaveSheetPDF(prog, waves[0].ID))
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF") {
		t.Fatalf("pdf: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}

	// Used: the form says a save makes version 2, and it does.
	edit = c.Get(paths.QuestionnaireEdit(prog, q.ID))
	if !strings.Contains(edit.Body, "Kwestionariusz jest używany w badaniach: zapis utworzy wersję 2") {
		t.Fatal("no new-version notice on a used questionnaire")
	}
	r = c.Post(paths.Questionnaire(prog, q.ID), setRow(questionnaireForm, "item_text", 2, "Co powinniśmy poprawić?"))
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(c.Get(r.Header.Get("Location")).Body, "(wersja 2)") {
		t.Fatalf("save used: %d", r.StatusCode)
	}
	edit = c.Get(paths.QuestionnaireEdit(prog, q.ID))
	if !strings.Contains(edit.Body, paths.QuestionnaireVersion(prog, q.ID, 1)) || !strings.Contains(edit.Body, paths.QuestionnaireVersion(prog, q.ID, 2)) {
		t.Fatal("versions not listed")
	}
	v1 := c.Get(paths.QuestionnaireVersion(prog, q.ID, 1))
	if v1.StatusCode != http.StatusOK || !strings.Contains(v1.Body, "Co poprawić?") || strings.Contains(v1.Body, "Co powinniśmy poprawić?") {
		t.Fatalf("version 1: %d", v1.StatusCode)
	}
	if r := c.Get(paths.QuestionnaireVersion(prog, q.ID, 7)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("version 7: %d", r.StatusCode)
	}
}

func findQuestionnaire(t *testing.T, app *testapp.App, prog int64, code string) *domain.Questionnaire {
	t.Helper()
	qs, err := app.Store.Questionnaires(t.Context(), prog)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Code == code {
			return q
		}
	}
	t.Fatalf("questionnaire %s not saved", code)
	return nil
}
