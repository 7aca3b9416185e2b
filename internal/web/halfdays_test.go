package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// Days per group in halves: "1,5" and "1.5" are taken, 0, negative or not
// a half refused beside the field; a session day marked as a half day
// shows as such and makes half a group-day.
func TestTrainingHalfDaysForms(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	c := app.LoginAs("koordynator")
	form := url.Values{"code": {"PS9"}, "topic": {"Pół na pół"}, "groups_planned": {"3"}, "days_per_group": {"1,5"}}
	const msg = "Liczba dni na grupę musi być dodatnia, w połówkach (np. 0,5; 1; 1,5)."
	for _, bad := range []string{"0", "-1", "1,25", "półtora", ""} {
		t.Run("ErrDays"+bad, func(t *testing.T) {
			r := c.Post(paths.Trainings(prog), merge(form, "days_per_group", bad))
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-days_per_group-error"`) || !strings.Contains(r.Body, msg) {
				t.Fatalf("%q: status %d\n%s", bad, r.StatusCode, r.Body)
			}
			if !strings.Contains(r.Body, "Pół na pół") {
				t.Fatal("typed topic lost")
			}
		})
	}
	if r := c.Post(paths.Trainings(prog), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("1,5: %d\n%s", r.StatusCode, r.Body)
	}
	if r := c.Post(paths.Trainings(prog), merge(form, "code", "PS10", "days_per_group", "0.5")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("0.5: %d\n%s", r.StatusCode, r.Body)
	}
	page := c.Get(paths.Programme(prog))
	if !strings.Contains(page.Body, "<td class=\"num\">1,5</td>") || !strings.Contains(page.Body, "<td class=\"num\">4,5</td>") {
		t.Fatalf("overview does not show 1,5 days per group and 4,5 group-days\n%s", page.Body)
	}

	// A session with a full day and a half day.
	base := paths.TrainingSessions(prog)
	tok := formTokenRE.FindStringSubmatch(c.Get(paths.TrainingSessionNew(prog)).Body)[1]
	r := c.Post(base, url.Values{"form_token": {tok}, "training": {itoa(training)}, "group_no": {"12"}, "hours_per_day": {"6"},
		"day": {demoDate(t, app, 7, 9), demoDate(t, app, 7, 10), ""}, "day_length": {"", "half", ""},
		"place": {"Bielawa"}, "trainer": {"Jan Kowalczyk"}, "units": {itoa(leader)}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session: %d\n%s", r.StatusCode, r.Body)
	}
	show := c.Get(r.Header.Get("Location"))
	if !strings.Contains(show.Body, "(pół dnia)") || !strings.Contains(show.Body, "grupo-dni: 1,5") {
		t.Fatalf("session page does not show the half day\n%s", show.Body)
	}
	edit := c.Get(r.Header.Get("Location") + "/edit")
	if !strings.Contains(edit.Body, `<option value="half" selected>`) {
		t.Fatal("edit form lost the half day")
	}
}
