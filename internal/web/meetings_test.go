package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

func TestMeetingsConsultationsPractices(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	work := workFixture(t, app, prog, leader, sess)
	base := "/programmes/" + itoa(prog)
	c := app.LoginAs("ekspert")
	tasks, _ := app.Store.Tasks(t.Context(), prog)
	var pz2, p3 string
	for _, tk := range tasks {
		if tk.Code == "PZ2" {
			pz2 = itoa(tk.ID)
		}
		if tk.Code == "P3" && p3 == "" {
			p3 = itoa(tk.ID)
		}
	}
	p, _ := app.Store.Programme(t.Context(), prog)
	day := p.Start.AddDate(0, 7, 0).Format("2006-01-02")

	t.Run("Meeting", func(t *testing.T) {
		tok := formTokenRE.FindStringSubmatch(c.Get(base + "/meetings/new").Body)[1]
		m := url.Values{"form_token": {tok}, "task": {pz2}, "number": {"21"}, "day": {day}, "place": {"Kłodzko"}, "notes": {"Notatka bez daty."}}
		for _, tc := range []struct {
			name, msg string
			form      url.Values
		}{
			{"ErrNumberTaken", "już jest zarejestrowane", merge(m, "number", "1")},
			{"ErrTaskNotMeetings", "spotkania grupy dobrych praktyk", merge(m, "task", p3)},
			{"ErrNoDay", "Podaj datę spotkania", merge(m, "day", "")},
			{"ErrAreaInvalid", "Przy każdym uczestniku zaznacz obszar", merge(m, "area_1", "X")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if r := c.Post(base+"/meetings", tc.form); r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
					t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.msg, r.Body)
				}
			})
		}
		before, _ := app.Store.Meetings(t.Context(), prog)
		r1, r2 := c.Post(base+"/meetings", m), c.Post(base+"/meetings", m)
		if r1.StatusCode != http.StatusSeeOther || r1.Header.Get("Location") != r2.Header.Get("Location") {
			t.Fatalf("double submit: %d %q / %q", r1.StatusCode, r1.Header.Get("Location"), r2.Header.Get("Location"))
		}
		page := c.Get(r1.Header.Get("Location"))
		if !strings.Contains(page.Body, "notatka nie zawiera daty spotkania") || !strings.Contains(page.Body, "Uwaga: notatka nie zawiera daty") {
			t.Fatalf("undated notes not flagged:\n%s", page.Body)
		}
		after, _ := app.Store.Meetings(t.Context(), prog)
		if len(after) != len(before)+1 {
			t.Fatalf("meetings %d → %d: the double submit created two", len(before), len(after))
		}
		held, complete := 0, 0
		for _, x := range after {
			held++
			if x.Complete() {
				complete++
			}
		}
		want := regexp.MustCompile(`PZ2 spotkania grupy dobrych praktyk</th><td class="num">` + itoa(int64(held)) + `</td><td class="num">` + itoa(int64(complete)) + `</td><td class="num">8</td>`)
		if list := c.Get(base + "/meetings"); !want.MatchString(list.Body) {
			t.Fatalf("held %d, complete %d, planned 8 not shown:\n%s", held, complete, list.Body)
		}
	})

	t.Run("ConsultationConflict", func(t *testing.T) {
		path := base + "/consultations/" + itoa(work.consultation)
		edit := c.Get(path + "/edit")
		v := versionRE.FindStringSubmatch(edit.Body)[1]
		f := url.Values{"version": {v}, "task": {p3}, "unit": {itoa(leader)}, "expert": {"Piotr Zawadzki"}, "day": {day}, "hours": {"4"}, "days": {"0,5"}, "topic": {"Wskaźniki procesów"}}
		if r := c.Post(path, f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d\n%s", r.StatusCode, r.Body)
		}
		r := c.Post(path, merge(f, "topic", "Inny temat"))
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Wskaźniki procesów") {
			t.Fatalf("stale save: %d", r.StatusCode)
		}
		if r := c.Post(base+"/consultations", merge(f, "hours", "13", "version", "")); r.StatusCode != 422 || !strings.Contains(r.Body, "nie większa niż 12") {
			t.Fatalf("13 hours: %d", r.StatusCode)
		}
		saved, _ := app.Store.Consultation(t.Context(), prog, work.consultation)
		if saved.Days.String() != "0,5" || saved.Topic != "Wskaźniki procesów" {
			t.Fatalf("saved = %+v", saved)
		}
	})

	t.Run("PracticeSearch", func(t *testing.T) {
		// The demo data has an "okienko" practice too.
		for q, want := range map[string]int{"OKIENKO": 2, "podatkowe jedno": 2, "obsluga podatnika": 1, "żaden": 0} {
			got, err := app.Store.GoodPractices(t.Context(), prog, domain.PracticeFilter{Query: q})
			if err != nil || len(got) != want {
				t.Errorf("search %q: %d results, want %d (%v)", q, len(got), want, err)
			}
		}
		r := c.Get(base + "/practices?q=" + url.QueryEscape("OBSŁUGA podatnika") + "&obszar=P&przyjete=1")
		if !strings.Contains(r.Body, "Jedno okienko podatkowe") {
			t.Fatal("search page does not find the practice")
		}
		if r := c.Get(base + "/practices?q=%25"); strings.Contains(r.Body, "Jedno okienko podatkowe") {
			t.Fatal("a % in the query matched everything")
		}
		if r := c.Get(base + "/practices/zestaw.pdf"); r.StatusCode != 200 || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Fatalf("set PDF: %d", r.StatusCode)
		}
		if r := c.Post(base+"/practices", url.Values{"form_token": {"0123456789abcdef0123456789abcdef"}, "title": {"X"}, "unit": {itoa(leader)}, "status": {"accepted"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "potencjał innowacji") {
			t.Fatalf("practice without criteria: %d", r.StatusCode)
		}
	})

	t.Run("NamesOnMeetingPage", func(t *testing.T) {
		path := base + "/meetings/" + itoa(work.meeting)
		if r := app.LoginAs("obserwator").Get(path); strings.Contains(r.Body, "Wiśniewska") || !strings.Contains(r.Body, "Uczestnicy (1)") {
			t.Fatal("viewer sees names or no count")
		}
		if r := app.LoginAs("kierownik").Get(path); !strings.Contains(r.Body, "Wiśniewska") {
			t.Fatal("manager of the attendee's unit does not see the name")
		}
	})
}
