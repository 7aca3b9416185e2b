package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// searchFixture records, beside the session fixture (units: the leader),
// a second session with Żaneta Żółć of the leader's unit and Łukasz Żółć
// of Bielawa: neither is on the fixture's list.
func searchFixture(t *testing.T, app *testapp.App, prog, training, leader, bielawa int64) (sess, zaneta, lukasz int64) {
	t.Helper()
	ctx := t.Context()
	sess, _ = evidenceFixture(t, app, prog, training, leader)
	p, _ := app.Store.Programme(ctx, prog)
	x, _ := app.Store.Session(ctx, prog, sess)
	other := *x
	other.ID, other.GroupNo, other.UnitIDs = 0, 10, nil
	sys := domain.Actor{Username: "test"}
	if err := app.Store.CreateSession(ctx, sys, p, &other, ""); err != nil {
		t.Fatal(err)
	}
	add := func(first string, unit int64) int64 {
		person := &domain.Person{ProgrammeID: prog, FirstName: first, LastName: "Żółć", UnitID: unit, Sex: domain.SexFemale,
			LegalBasis: domain.BasisConsent, BasisDate: x.Days[0], RetentionUntil: x.Days[0].AddDate(6, 0, 0)}
		if err := app.Store.AddParticipant(ctx, sys, &other, person, ""); err != nil {
			t.Fatal(err)
		}
		return person.ID
	}
	return sess, add("Żaneta", leader), add("Łukasz", bielawa)
}

func TestSessionPersonSearch(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, bielawa := demoIDs(t, app)
	sess, zaneta, lukasz := searchFixture(t, app, prog, training, leader, bielawa)
	page := paths.TrainingSession(prog, sess)
	c := app.LoginAs("koordynator")

	t.Run("NoSearchNoList", func(t *testing.T) {
		r := c.Get(page)
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `data-testid="person-results"`) || !strings.Contains(r.Body, `name="osoba"`) {
			t.Fatalf("session page without a search: %d, results or no search field", r.StatusCode)
		}
	})
	t.Run("WithoutJavaScript", func(t *testing.T) {
		// The session's units only: Żaneta (the leader's unit), not Łukasz
		// (Bielawa); case and diacritics do not matter.
		r := c.Get(page + "?osoba=ZOLC")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="person-results"`) ||
			!strings.Contains(r.Body, `name="person" value="`+itoa(zaneta)+`"`) || strings.Contains(r.Body, `value="`+itoa(lukasz)+`"`) {
			t.Fatalf("search: %d\n%s", r.StatusCode, r.Body)
		}
		if !strings.Contains(r.Body, `value="ZOLC"`) {
			t.Fatal("the typed search is not kept")
		}
		// Łucja is on the list already: not offered.
		if r := c.Get(page + "?osoba=wisniewska"); !strings.Contains(r.Body, `data-testid="person-results-none"`) {
			t.Fatal("a person on the list is offered")
		}
	})
	t.Run("HTMXFragment", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, app.URL+paths.TrainingSessionParticipantSearch(prog, sess)+"?osoba=%C5%BC%C3%B3%C5%82%C4%87+%C5%BC", nil)
		req.Header.Set("HX-Request", "true")
		r := c.Do(req)
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "<html") || !strings.Contains(r.Body, `value="`+itoa(zaneta)+`"`) {
			t.Fatalf("fragment: %d\n%s", r.StatusCode, r.Body)
		}
		if got := r.Header.Get("HX-Replace-Url"); got != page+"?osoba=%C5%BC%C3%B3%C5%82%C4%87+%C5%BC" {
			t.Fatalf("HX-Replace-Url = %q", got)
		}
		// Without htmx the address is the session page with the results.
		if r := c.Get(paths.TrainingSessionParticipantSearch(prog, sess) + "?osoba=zolc"); r.StatusCode != http.StatusOK ||
			!strings.Contains(r.Body, `data-testid="session-title"`) || !strings.Contains(r.Body, `value="`+itoa(zaneta)+`"`) {
			t.Fatalf("without htmx: %d", r.StatusCode)
		}
	})
	t.Run("InvalidNewPersonKeepsSearch", func(t *testing.T) {
		form := url.Values{"form_token": {"0123456789abcdef0123456789abcdef"}, "osoba": {"żółć"}, "person_first_name": {"Teresa"}, "person_last_name": {"Żółć"},
			"person_unit": {itoa(leader)}, "person_legal_basis": {"consent"}, "person_basis_date": {demoDate(t, app, 5, 4)}, "person_retention_until": {demoDate(t, app, 88, 0)}}
		r := c.Post(paths.TrainingSessionParticipants(prog, sess), form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Wybierz płeć") || !strings.Contains(r.Body, `value="Teresa"`) ||
			!strings.Contains(r.Body, `value="`+itoa(zaneta)+`"`) || !strings.Contains(r.Body, `<option value="`+itoa(leader)+`" selected>`) {
			t.Fatalf("422: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("AddFromResults", func(t *testing.T) {
		tok := formTokenRE.FindStringSubmatch(c.Get(page + "?osoba=zolc").Body)[1]
		form := url.Values{"form_token": {tok}, "person": {itoa(zaneta)}, "osoba": {"zolc"}}
		r := c.Post(paths.TrainingSessionParticipants(prog, sess), form)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), page+"?osoba=zolc#") {
			t.Fatalf("add: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := c.Post(paths.TrainingSessionParticipants(prog, sess), merge(form, "form_token", "")); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "już jest na liście") {
			t.Fatalf("twice: %d", r.StatusCode)
		}
		if r := c.Get(page + "?osoba=zolc"); !strings.Contains(r.Body, `data-testid="person-results-none"`) {
			t.Fatal("a person added is still offered")
		}
	})
}

func TestMeetingAttendeeSearch(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, bielawa := demoIDs(t, app)
	sess, zaneta, lukasz := searchFixture(t, app, prog, training, leader, bielawa)
	work := workFixture(t, app, prog, leader, sess)
	c := app.LoginAs("ekspert")
	edit := paths.MeetingEdit(prog, work.meeting)
	m, _ := app.Store.Meeting(t.Context(), prog, work.meeting)
	if len(m.Attendees) != 1 {
		t.Fatalf("fixture meeting attendees = %+v", m.Attendees)
	}
	attendee := m.Attendees[0]

	form := c.Get(edit)
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `name="area_`+itoa(attendee.PersonID)+`"`) || strings.Contains(form.Body, `name="area_`+itoa(zaneta)+`"`) {
		t.Fatalf("edit form: %d: the attendee missing or someone else listed", form.StatusCode)
	}
	v := versionRE.FindStringSubmatch(form.Body)[1]
	p, _ := app.Store.Programme(t.Context(), prog)
	area := string(p.Areas[0].Code)
	base := url.Values{"version": {v}, "task": {itoa(m.TaskID)}, "number": {itoa(int64(m.Number))}, "day": {m.Days[0].Format("2006-01-02")},
		"place": {"Zmienione miejsce"}, "notes": {m.Notes}, "area_" + itoa(attendee.PersonID): {area}}

	// The search re-renders the form with what was typed and the people
	// found, saving nothing.
	r := c.Post(paths.Meeting(prog, work.meeting), merge(base, "szukaj", "1", "osoba", "Żółć"))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `value="Zmienione miejsce"`) ||
		!strings.Contains(r.Body, `name="area_`+itoa(zaneta)+`"`) || !strings.Contains(r.Body, `name="area_`+itoa(lukasz)+`"`) {
		t.Fatalf("search: %d\n%s", r.StatusCode, r.Body)
	}
	if got, _ := app.Store.Meeting(t.Context(), prog, work.meeting); got.Place == "Zmienione miejsce" {
		t.Fatal("the search saved the meeting")
	}
	if r := c.Post(paths.Meeting(prog, work.meeting), merge(base, "szukaj", "1", "osoba", "Żółć", "jednostka", "bielaw")); strings.Contains(r.Body, `name="area_`+itoa(zaneta)+`"`) ||
		!strings.Contains(r.Body, `name="area_`+itoa(lukasz)+`"`) {
		t.Fatal("the unit does not narrow the search")
	}
	// A person picked from the results and a bad area: 422, both kept.
	bad := merge(base, "area_"+itoa(lukasz), "X")
	if r := c.Post(paths.Meeting(prog, work.meeting), bad); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Przy każdym uczestniku zaznacz obszar") ||
		!strings.Contains(r.Body, `name="area_`+itoa(lukasz)+`"`) || !strings.Contains(r.Body, `value="Zmienione miejsce"`) {
		t.Fatalf("bad area: %d", r.StatusCode)
	}
	if r := c.Post(paths.Meeting(prog, work.meeting), merge(base, "area_"+itoa(lukasz), area)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	got, _ := app.Store.Meeting(t.Context(), prog, work.meeting)
	if len(got.Attendees) != 2 || got.Place != "Zmienione miejsce" {
		t.Fatalf("saved attendees = %+v", got.Attendees)
	}
	// Attendees on the form are not offered by the search again.
	if r := c.Get(edit); !strings.Contains(r.Body, `name="area_`+itoa(lukasz)+`"`) {
		t.Fatal("the saved attendee is not listed")
	}
	r = c.Post(paths.Meeting(prog, work.meeting), merge(base, "szukaj", "1", "osoba", "lukasz", "area_"+itoa(lukasz), area, "version", itoa(int64(got.Version))))
	if strings.Count(r.Body, `name="area_`+itoa(lukasz)+`"`) != 1 {
		t.Fatal("an attendee is listed twice")
	}
}
