package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestPeopleSearchAsYouType: a coordinator adds a person to a session by
// typing part of the surname (htmx swaps the results in without a page
// load), and an expert puts a person on a meeting's list the same way.
func TestPeopleSearchAsYouType(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	progs, _ := app.Store.Programmes(ctx)
	prog := progs[0].ID
	sessions, _ := app.Store.TrainingSessions(ctx, prog)
	x, _ := app.Store.Session(ctx, prog, sessions[0].ID)
	on, _, _ := app.Store.SessionAttendance(ctx, x.ID)
	listed := map[int64]bool{}
	for _, p := range on {
		listed[p.ID] = true
	}
	var pick domain.Person
	people, _ := app.Store.PersonsOfUnits(ctx, prog, x.UnitIDs)
	for _, p := range people {
		if !listed[p.ID] {
			pick = p
			break
		}
	}
	if pick.ID == 0 {
		t.Fatal("the demo session's units have no one off its list")
	}
	typed := plainLower(pick.LastName)

	b := Browser(t)
	signIn(t, b, app.URL, "koordynator", "demo")
	err := chromedp.Do(b,
		chromedp.Navigate(app.URL+paths.TrainingSession(prog, x.ID)),
		chromedp.WaitVisible(chromedp.ID("f-osoba")),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
		chromedp.SendKeys(chromedp.ID("f-osoba"), typed),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="person-results"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := chromedp.Run(b, chromedp.Evaluate[bool](`window.notReloaded === true`))
	results, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid="person-results"]`)))
	if !same || !strings.Contains(results, pick.LastName) {
		t.Fatalf("results (swapped in place: %v) = %q", same, results)
	}
	CheckAccessibility(t, b, "session page with search results")
	err = chromedp.Do(b,
		chromedp.Click(chromedp.Search(`//table[@data-testid="person-results"]//tr[contains(., "`+pick.FirstName+`")]//button`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Dodano uczestnika")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if now, _, _ := app.Store.SessionAttendance(ctx, x.ID); len(now) != len(on)+1 {
		t.Fatalf("participants %d → %d", len(on), len(now))
	}

	// The meeting form: search, pick an area, save.
	meetings, _ := app.Store.Meetings(ctx, prog)
	m, _ := app.Store.Meeting(ctx, prog, meetings[0].ID)
	p, _ := app.Store.Programme(ctx, prog)
	attending := map[int64]bool{}
	for _, a := range m.Attendees {
		attending[a.PersonID] = true
	}
	all, _ := app.Store.Persons(ctx, prog)
	pick = domain.Person{}
	for _, x := range all {
		if !attending[x.ID] {
			pick = x
			break
		}
	}
	if pick.ID == 0 {
		t.Fatal("everyone attended the demo meeting")
	}
	typed = plainLower(pick.LastName + " " + pick.FirstName)
	b = Browser(t)
	signIn(t, b, app.URL, "ekspert", "demo")
	err = chromedp.Do(b,
		chromedp.Navigate(app.URL+paths.MeetingEdit(prog, m.ID)),
		chromedp.WaitVisible(chromedp.ID("f-osoba")),
		chromedp.SendKeys(chromedp.ID("f-osoba"), typed),
		chromedp.WaitVisible(chromedp.ID("f-area-"+itoa(pick.ID))),
		chromedp.SetValue(chromedp.ID("f-area-"+itoa(pick.ID)), string(p.Areas[0].Code)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, b, "meeting form with search results")
	err = chromedp.Do(b,
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz spotkanie")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="meeting-title"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	saved, _ := app.Store.Meeting(ctx, prog, m.ID)
	if len(saved.Attendees) != len(m.Attendees)+1 {
		t.Fatalf("attendees %d → %d", len(m.Attendees), len(saved.Attendees))
	}
}

// plainLower is a name typed in lower case without Polish letters.
func plainLower(s string) string {
	return strings.NewReplacer("ł", "l", "ó", "o", "ś", "s", "ż", "z", "ź", "z", "ć", "c", "ń", "n", "ą", "a", "ę", "e").Replace(strings.ToLower(s))
}
