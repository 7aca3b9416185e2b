package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// surveyWaveFixture is a questionnaire of the demo programme and an open
// wave of it in the leader unit, made through the store.
func surveyWaveFixture(t *testing.T, app *testapp.App, code string) (prog int64, w *domain.SurveyWave, v *domain.QuestionnaireVersion) {
	t.Helper()
	p := app.DemoProgramme(t)
	_, _, leader, _ := demoIDs(t, app)
	actor := domain.Actor{Username: "test"}
	q := &domain.Questionnaire{ProgrammeID: p.ID, Code: code, Kind: domain.SurveyCustomer, Name: "Satysfakcja klientów " + code}
	v = &domain.QuestionnaireVersion{IndexMethod: domain.IndexTop2, Items: []domain.SurveyItem{
		{Code: "P1", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true, Required: true},
		{Code: "P2", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 5, InIndex: true, DontKnow: true},
		{Code: "M1", Section: "Metryczka", Kind: domain.ItemMulti, Profile: true, Text: "W jakich sprawach?",
			Options: []domain.SurveyOption{{Label: "meldunek"}, {Label: "podatki"}, {Label: "inne"}}},
		{Code: "O1", Kind: domain.ItemOpen, Text: "Co poprawić?", MaxLength: 100},
	}}
	if err := app.Store.SaveQuestionnaire(t.Context(), actor, q, v); err != nil {
		t.Fatal(err)
	}
	opens, closes := surveyWaveDates()
	w = &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: q.ID, UnitID: leader, OpensOn: opens, ClosesOn: closes, Online: true}
	if err := app.Store.CreateWave(t.Context(), actor, w, p.Start, p.End); err != nil {
		t.Fatal(err)
	}
	return p.ID, w, v
}

func TestSurveyKeyIn(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, w, _ := surveyWaveFixture(t, app, "KEYIN")
	c := app.LoginAs("koordynator")
	day := testapp.Today().AddDate(0, 0, -2).Format(time.DateOnly)

	page := c.Get(paths.WaveKey(prog, w.ID))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `name="sheet" type="text" value="1"`) {
		t.Fatalf("key page: %d\n%s", page.StatusCode, page.Body)
	}
	sheet := func(no, p1, p2 string, extra ...string) url.Values {
		f := url.Values{"sheet": {no}, "answered_on": {day}, "q_P1": {p1}, "q_P2": {p2}, "q_M1": {"1", "3"}, "q_O1": {"Dłuższe godziny otwarcia"}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	r := c.Post(paths.WaveKey(prog, w.ID), sheet("1", "5", "0"))
	if r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "#komunikat") {
		t.Fatalf("save: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	next := c.Get(r.Header.Get("Location"))
	if !strings.Contains(next.Body, "Zapisano formularz nr 1.") || !strings.Contains(next.Body, `value="2"`) ||
		!strings.Contains(next.Body, `value="`+day+`"`) || strings.Contains(next.Body, "Dłuższe godziny") {
		t.Fatalf("next form:\n%s", next.Body)
	}
	if r := c.Post(paths.WaveKey(prog, w.ID), sheet("2", "4", "3")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sheet 2: %d", r.StatusCode)
	}
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrRequired", "q_P1", "jest obowiązkowe", sheet("3", "", "4")},
		{"ErrOffScale", "q_P2", "wybierz jedną z podanych", sheet("3", "4", "9")},
		{"ErrNotANumber", "q_P2", "wybierz jedną z podanych", sheet("3", "4", "x")},
		{"ErrSheetTwice", "sheet", "jest już wpisany", sheet("1", "4", "4")},
		{"ErrNoSheet", "sheet", "Podaj numer formularza", sheet("", "4", "4")},
		{"ErrDayOutside", "answered_on", "w terminie badania", sheet("3", "4", "4", "answered_on", w.OpensOn.AddDate(0, 0, -1).Format(time.DateOnly))},
		{"ErrTooLong", "q_O1", "najwyżej 100 znaków", sheet("3", "4", "4", "q_O1", strings.Repeat("ą", 101))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.WaveKey(prog, w.ID), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, no message %q at %s\n%s", r.StatusCode, tc.msg, tc.field, r.Body)
			}
			if !strings.Contains(r.Body, `value="3" checked`) { // q_M1's third option
				t.Fatal("typed answers lost")
			}
		})
	}
	tot, _, _ := app.Store.WaveResults(t.Context(), w.ID)
	if tot.Responses != 2 || tot.Paper != 2 {
		t.Fatalf("after key-in: %+v", tot)
	}

	// The second keying: sheet 1 the same, sheet 2 with P2 different.
	if r := c.Get(paths.WaveSecondKey(prog, w.ID)); r.StatusCode != http.StatusOK || strings.Contains(r.Body, `name="answered_on"`) {
		t.Fatalf("second keying page: %d", r.StatusCode)
	}
	if r := c.Post(paths.WaveSecondKey(prog, w.ID), sheet("1", "5", "0")); r.StatusCode != http.StatusSeeOther ||
		!strings.Contains(c.Get(r.Header.Get("Location")).Body, "Zapisano drugie wprowadzenie formularza nr 1.") {
		t.Fatalf("second keying 1: %d", r.StatusCode)
	}
	if r := c.Post(paths.WaveSecondKey(prog, w.ID), sheet("2", "4", "2")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second keying 2: %d", r.StatusCode)
	}
	if r := c.Post(paths.WaveSecondKey(prog, w.ID), sheet("2", "4", "2")); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "wpisano już drugi raz") {
		t.Fatalf("second keying twice: %d", r.StatusCode)
	}
	if r := c.Post(paths.WaveSecondKey(prog, w.ID), sheet("8", "4", "2")); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "nie wpisano jeszcze") {
		t.Fatalf("second keying of an unkeyed sheet: %d", r.StatusCode)
	}
	rep := c.Get(paths.WaveKeyingReport(prog, w.ID))
	// 8 items compared, 7 the same.
	if rep.StatusCode != http.StatusOK || !strings.Contains(rep.Body, "87,5%") || !strings.Contains(rep.Body, "<td>P2</td>") || !strings.Contains(rep.Body, "zgodne") {
		t.Fatalf("report:\n%s", rep.Body)
	}
	if tot, _, _ := app.Store.WaveResults(t.Context(), w.ID); tot.Responses != 2 {
		t.Fatalf("second keyings counted: %+v", tot)
	}
}

func TestSurveyValidationAndClose(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, w, v := surveyWaveFixture(t, app, "VALID")
	c := app.LoginAs("koordynator")
	ctx := t.Context()
	for i, day := range []time.Time{w.OpensOn, w.OpensOn.AddDate(0, 0, 1), w.OpensOn.AddDate(0, 0, 1)} {
		r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: 5}}}
		if err := app.Store.SubmitResponse(ctx, r, day, ""); err != nil {
			t.Fatal(i, err)
		}
	}
	d1 := w.OpensOn.AddDate(0, 0, 1).Format(time.DateOnly)
	batch := url.Values{"from": {d1}, "to": {d1}, "channel": {"online"}, "state": {"rejected"}, "reason": {"Dwie odpowiedzi w minutę z jednego miejsca"}}
	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrReason", "reason", "Podaj powód", merge(batch, "reason", " ")},
		{"ErrState", "state", "Wybierz decyzję", merge(batch, "state", "")},
		{"ErrRange", "to", "nie może być wcześniejszy", merge(batch, "to", w.OpensOn.Format(time.DateOnly))},
		{"ErrDate", "from", "poprawną datę", merge(batch, "from", "wczoraj")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.WaveValidation(prog, w.ID), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, no message %q at %s", r.StatusCode, tc.msg, tc.field)
			}
		})
	}
	r := c.Post(paths.WaveValidation(prog, w.ID), batch)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("batch: %d\n%s", r.StatusCode, r.Body)
	}
	page := c.Get(r.Header.Get("Location"))
	if !strings.Contains(page.Body, "odrzucone – 2 ankiet") || !strings.Contains(page.Body, "Dwie odpowiedzi w minutę") || !strings.Contains(page.Body, "Agnieszka Malinowska") {
		t.Fatalf("validation page:\n%s", page.Body)
	}
	if tot, _, _ := app.Store.WaveResults(ctx, w.ID); tot.Responses != 1 {
		t.Fatalf("after rejecting 2 of 3: %+v", tot)
	}
	if wp := c.Get(paths.Wave(prog, w.ID)); !strings.Contains(wp.Body, "Wstrzymane lub odrzucone") {
		t.Fatal("the wave page does not count the rejected")
	}

	// Closing: the confirmation changes nothing; the confirmed POST closes.
	confirm := c.Post(paths.WaveCloseConfirm(prog, w.ID), nil)
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.Body, "adresy e-mail z zaproszeń zostaną usunięte") {
		t.Fatalf("confirm: %d", confirm.StatusCode)
	}
	if again, _ := app.Store.Wave(ctx, prog, w.ID); again.Closed() {
		t.Fatal("the confirmation closed the wave")
	}
	r = c.Post(paths.WaveClose(prog, w.ID), nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", r.StatusCode)
	}
	if wp := c.Get(r.Header.Get("Location")); !strings.Contains(wp.Body, "Zakończono badanie") || !strings.Contains(wp.Body, `data-testid="wave-state">zakończone`) {
		t.Fatalf("closed wave page:\n%s", wp.Body)
	}
	for _, tc := range []struct {
		name, path string
		form       url.Values
	}{
		{"Batch", paths.WaveValidation(prog, w.ID), batch},
		{"Key", paths.WaveKey(prog, w.ID), url.Values{"sheet": {"1"}}},
		{"Confirm", paths.WaveCloseConfirm(prog, w.ID), nil},
		{"Close", paths.WaveClose(prog, w.ID), nil},
	} {
		if r := c.Post(tc.path, tc.form); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "zakończone") {
			t.Errorf("%s on a closed wave: %d", tc.name, r.StatusCode)
		}
	}
	if p := c.Get(paths.WaveValidation(prog, w.ID)); !strings.Contains(p.Body, `data-testid="validation-closed"`) {
		t.Error("the validation page of a closed wave offers a decision")
	}
}

// TestSurveyCoordHostileInput sends hostile values in every field of the
// coordinator's survey forms: never a 500, never a database message, never
// the payload unescaped.
func TestSurveyCoordHostileInput(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, w, _ := surveyWaveFixture(t, app, "HOSTILE")
	c := app.LoginAs("koordynator")
	fields := []string{"code", "kind", "name", "intro", "index_method", "item_section", "item_code", "item_kind", "item_text", "item_points",
		"item_dontknow", "item_role", "item_required", "item_options", "item_max", "add_row", "remove_row", "unit_id", "questionnaire_id",
		"round", "opens_on", "closes_on", "target_sample", "online", "sheet", "answered_on", "q_P1", "q_P2", "q_M1", "q_O1",
		"from", "to", "channel", "state", "reason"}
	posts := []string{paths.Questionnaires(prog), paths.Questionnaire(prog, w.QuestionnaireID), paths.Waves(prog), paths.WaveKey(prog, w.ID),
		paths.WaveSecondKey(prog, w.ID), paths.WaveValidation(prog, w.ID), paths.WaveCloseConfirm(prog, w.ID)}
	for _, payload := range hostilePayloads(12) {
		for _, path := range posts {
			f := url.Values{}
			for _, name := range fields {
				f[name] = []string{payload, payload}
			}
			r := c.Post(path, f)
			if r.StatusCode >= 500 || strings.Contains(r.Body, "SQLSTATE") || strings.Contains(r.Body, "panic:") {
				t.Errorf("%s with %q: %d", path, payload, r.StatusCode)
			}
			if strings.ContainsAny(payload, "<>\"") && strings.Contains(r.Body, payload) {
				t.Errorf("%s: payload %q shown unescaped", path, payload)
			}
		}
		for _, path := range []string{paths.WaveKey(prog, w.ID) + "?dzien=" + url.QueryEscape(payload), paths.QuestionnaireVersion(prog, w.QuestionnaireID, 1)} {
			if r := c.Get(path); r.StatusCode >= 500 {
				t.Errorf("GET %s: %d", path, r.StatusCode)
			}
		}
	}
	if tot, _, _ := app.Store.WaveResults(t.Context(), w.ID); tot.Responses != 0 {
		t.Errorf("hostile input saved %d responses", tot.Responses)
	}
}
