package pages

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// The grid's rows and the removal list are written in Go, not by templ:
// their markup is what templ wrote for them (these rows were rendered by
// the templ version of the page, names with every character HTML escapes
// included), for a user who records attendance and for one who only sees
// it.
func TestAttendanceGridMarkup(t *testing.T) {
	v := nationalSessionView()
	v.People[3].LastName = `O'Brien <&> "x"`
	v.People[4].UnitName = `Urząd & <Spółka>`
	render := func(v TrainingSessionView) string {
		var buf bytes.Buffer
		if err := TrainingSession(v).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	recording := render(v)
	for _, want := range []string{
		`<tr><th scope="row">O&#39;Brien &lt;&amp;&gt; &#34;x&#34; Dorota <input type="hidden" name="person" value="20021"></th><td>Gmina Miejska Łąkówek Wielkie</td><td class="num"><input type="checkbox" name="present_20021_2025-08-25" value="1" aria-label="Dorota O&#39;Brien &lt;&amp;&gt; &#34;x&#34; obecny(a) 25.08.2025"></td><td class="num"><input type="checkbox" name="present_20021_2025-08-26" value="1" checked aria-label="Dorota O&#39;Brien &lt;&amp;&gt; &#34;x&#34; obecny(a) 26.08.2025"></td></tr>`,
		`<tr><th scope="row">Dąbrowska-4 Dorota <input type="hidden" name="person" value="20028"></th><td>Urząd &amp; &lt;Spółka&gt;</td><td class="num"><input type="checkbox" name="present_20028_2025-08-25" value="1" checked aria-label="Dorota Dąbrowska-4 obecny(a) 25.08.2025"></td><td class="num"><input type="checkbox" name="present_20028_2025-08-26" value="1" checked aria-label="Dorota Dąbrowska-4 obecny(a) 26.08.2025"></td></tr>`,
		`<li><button type="submit" class="button secondary small" formaction="/programmes/1/sessions/5257/participants/20021/remove">Usuń: Dorota O&#39;Brien &lt;&amp;&gt; &#34;x&#34;</button></li>`,
	} {
		if !strings.Contains(recording, want) {
			t.Errorf("the recording page lacks\n%s", want)
		}
	}
	if n := strings.Count(recording, `<input type="checkbox" name="present_`); n != 2*len(v.People) {
		t.Errorf("%d checkboxes, want %d", n, 2*len(v.People))
	}
	if n := strings.Count(recording, `formaction="/programmes/1/sessions/5257/participants/`); n != len(v.People) {
		t.Errorf("%d removal buttons, want %d", n, len(v.People))
	}

	v.CanRecord = false
	seeing := render(v)
	for _, want := range []string{
		`<tr><th scope="row">O&#39;Brien &lt;&amp;&gt; &#34;x&#34; Dorota </th><td>Gmina Miejska Łąkówek Wielkie</td><td class="num"><span class="muted">nieobecny(a)</span></td><td class="num">obecny(a)</td></tr>`,
		`<tr><th scope="row">Dąbrowska-4 Dorota </th><td>Urząd &amp; &lt;Spółka&gt;</td><td class="num">obecny(a)</td><td class="num">obecny(a)</td></tr>`,
	} {
		if !strings.Contains(seeing, want) {
			t.Errorf("the page without recording lacks\n%s", want)
		}
	}
	for _, not := range []string{`<input type="checkbox" name="present_`, `name="person"`, "Usuń: "} {
		if strings.Contains(seeing, not) {
			t.Errorf("the page without recording has %q", not)
		}
	}
}

// A mark is the calendar day's, whatever the location of the time that
// names it: the form's dates are parsed in UTC, the database's too, and a
// day shown in Warsaw is the same day.
func TestMarks(t *testing.T) {
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	m := NewMarks([]domain.Attendance{{PersonID: 7, Day: day, Present: true}, {PersonID: 8, Day: day, Present: false}})
	present := func(person int64, d time.Time) bool { return m[Mark{person, DayNumber(d)}] }
	if !present(7, time.Date(2025, 8, 25, 0, 0, 0, 0, warsaw)) || !present(7, day.Add(23*time.Hour)) {
		t.Error("person 7 is present on 2025-08-25 in any location")
	}
	if present(8, day) || present(7, day.AddDate(0, 0, 1)) || present(9, day) {
		t.Error("absent, another day and an unknown person are not present")
	}
	m.Set(8, day, true)
	if !present(8, day) {
		t.Error("Set marks the person present")
	}
	if got, want := DayNumber(time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)), int32(1); got != want {
		t.Errorf("DayNumber(1970-01-02) = %d, want %d", got, want)
	}
}

// nationalUnitView is the unit view of the national data's unit with the
// most participants: its people's 600 training sessions.
func nationalUnitView() UnitView {
	p := &domain.Programme{ID: 1, Code: "GEN-01", Title: "Program"}
	v := UnitView{Programme: p, Participation: &domain.Participation{Unit: domain.Unit{ID: 1080, Name: "Gmina Miejska Rzeczice Górne"}}}
	first := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := range 600 {
		gd, _ := domain.ParseDecimal([]string{"2", "1.5", "3"}[i%3])
		v.Trainings = append(v.Trainings, domain.UnitTraining{SessionID: int64(5000 + i), TrainingCode: "KS" + string(rune('1'+i%4)), Topic: "Kompetencje <cyfrowe> & \"zarządzanie\" O'Neill",
			GroupNo: 1000 + i, First: first.AddDate(0, 0, i/3), Days: 2, GroupDays: gd, People: i%7 + 1})
	}
	return v
}

// The unit view's training rows are written in Go, not by templ: their
// markup is what templ wrote for them (this row was rendered by the templ
// version of the page, a topic with every character HTML escapes).
func TestUnitTrainingRowsMarkup(t *testing.T) {
	v := nationalUnitView()
	var buf bytes.Buffer
	if err := UnitPage(v).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	want := `<tbody><tr><th scope="row"><a href="/programmes/1/sessions/5000">KS1 Kompetencje &lt;cyfrowe&gt; &amp; &#34;zarządzanie&#34; O&#39;Neill, grupa 1000</a></th><td>03.03.2025</td><td class="num">2</td><td class="num">1</td></tr><tr><th scope="row"><a href="/programmes/1/sessions/5001">KS2 Kompetencje &lt;cyfrowe&gt; &amp; &#34;zarządzanie&#34; O&#39;Neill, grupa 1001</a></th><td>03.03.2025</td><td class="num">1,5</td><td class="num">2</td></tr>`
	if !strings.Contains(page, want) {
		t.Errorf("the unit view's training rows lack\n%s", want)
	}
	if n := strings.Count(page, `<a href="/programmes/1/sessions/`); n != len(v.Trainings) {
		t.Errorf("%d session links, want %d", n, len(v.Trainings))
	}
}

// BenchmarkUnitPage renders the unit view of the national data's unit with
// the most participants (no database, no HTTP).
func BenchmarkUnitPage(b *testing.B) { benchmarkPage(b, UnitPage(nationalUnitView())) }
