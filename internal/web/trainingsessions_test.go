package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

var formTokenRE = regexp.MustCompile(`name="form_token" value="([0-9a-f]+)"`)
var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)
var gridVersionRE = regexp.MustCompile(`name="attendance_version" value="(\d+)"`)

// grid posts an attendance grid with the version the session page shows.
func grid(t *testing.T, c *testapp.Client, path string, form url.Values) *testapp.Response {
	t.Helper()
	m := gridVersionRE.FindStringSubmatch(c.Get(path).Body)
	if m == nil {
		t.Fatal("no attendance grid on the page")
	}
	form.Set("attendance_version", m[1])
	return c.Post(path+"/attendance", form)
}

func demoIDs(t *testing.T, app *testapp.App) (prog, training, leader, bielawa int64) {
	t.Helper()
	ctx := t.Context()
	progs, _ := app.Store.Programmes(ctx)
	prog = progs[0].ID
	trs, _ := app.Store.Trainings(ctx, prog)
	for _, tr := range trs {
		if tr.Code == "PS4" {
			training = tr.ID
		}
	}
	units, _ := app.Store.ListUnits(ctx)
	for _, u := range units {
		switch u.Name {
		case "Urząd Miasta w Dzierżoniowie":
			leader = u.ID
		case "Urząd Miasta Bielawa":
			bielawa = u.ID
		}
	}
	return
}

// demoDate is the day months and days after the demo programme's start, as
// a form types it: tests never type the calendar (the demo follows today).
func demoDate(t *testing.T, app *testapp.App, months, days int) string {
	return app.DemoDay(t, months, days).Format("2006-01-02")
}

func TestSessionCreateOnceAndConflict(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	c := app.LoginAs("koordynator")
	base := "/programmes/" + itoa(prog) + "/sessions"
	page := c.Get(base + "/new")
	tok := formTokenRE.FindStringSubmatch(page.Body)[1]
	form := url.Values{"form_token": {tok}, "training": {itoa(training)}, "group_no": {"11"}, "hours_per_day": {"7,5"},
		"day": {demoDate(t, app, 7, 9), demoDate(t, app, 7, 10), ""}, "place": {"Bielawa, ul. Piastowska 1"}, "trainer": {"Jan Kowalczyk"}, "units": {itoa(leader)}}

	for _, tc := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"ErrNoDays", "days", "co najmniej jeden dzień", merge(form, "day", "")},
		{"ErrDayTwice", "days", "dwa razy", func() url.Values {
			f := merge(form)
			f["day"] = []string{demoDate(t, app, 7, 9), demoDate(t, app, 7, 9)}
			return f
		}()},
		{"ErrDayOutsideProgramme", "days", "musi mieścić się w okresie programu", merge(form, "day", demoDate(t, app, 53, 0))},
		{"ErrHours", "hours_per_day", "nie większa niż 12", merge(form, "hours_per_day", "13")},
		{"ErrHoursZero", "hours_per_day", "większa od zera", merge(form, "hours_per_day", "0")},
		{"ErrTraining", "training", "Wybierz szkolenie", merge(form, "training", "999999")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(base, tc.form)
			if r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.msg, r.Body)
			}
			if !strings.Contains(r.Body, "Bielawa, ul. Piastowska 1") {
				t.Fatal("typed place lost")
			}
		})
	}

	first := c.Post(base, form)
	second := c.Post(base, form) // double click / back button / retry
	if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther || first.Header.Get("Location") != second.Header.Get("Location") {
		t.Fatalf("double submit: %d %q / %d %q", first.StatusCode, first.Header.Get("Location"), second.StatusCode, second.Header.Get("Location"))
	}
	all, _ := app.Store.TrainingSessions(t.Context(), prog)
	var list []domain.SessionSummary
	for _, x := range all {
		if x.GroupNo == 11 {
			list = append(list, x)
		}
	}
	if len(list) != 1 {
		t.Fatalf("sessions of group 11 = %d, want 1", len(list))
	}
	loc := first.Header.Get("Location")

	// Two people edit at once: the second save is refused with the current values.
	edit := c.Get(loc + "/edit")
	v := versionRE.FindStringSubmatch(edit.Body)[1]
	upd := merge(form, "version", v, "place", "Sala A")
	delete(upd, "form_token")
	if r := c.Post(loc, upd); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d\n%s", r.StatusCode, r.Body)
	}
	r := c.Post(loc, merge(upd, "place", "Sala B"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Ktoś inny zmienił ten zapis") || !strings.Contains(r.Body, `value="Sala A"`) {
		t.Fatalf("stale edit: %d\n%s", r.StatusCode, r.Body)
	}
	x, _ := app.Store.Session(t.Context(), prog, list[0].ID)
	if x.Place != "Sala A" {
		t.Fatalf("place = %q: an update was lost", x.Place)
	}
}

func TestAttendanceAndScans(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, bielawa := demoIDs(t, app)
	sess, fileID := evidenceFixture(t, app, prog, training, leader)
	base := "/programmes/" + itoa(prog) + "/sessions/" + itoa(sess)
	c := app.LoginAs("koordynator")

	// A person of Bielawa joins; the same person cannot be added twice.
	person := url.Values{"person_first_name": {"Grażyna"}, "person_last_name": {"Żółkiewska"}, "person_unit": {itoa(bielawa)},
		"person_sex": {"K"}, "person_legal_basis": {"consent"}, "person_basis_date": {demoDate(t, app, 5, 4)}, "person_retention_until": {demoDate(t, app, 88, 0)}}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrNoSex", "Wybierz płeć", merge(person, "person_sex", "")},
		{"ErrRetentionBeforeBasis", "po dacie zgody", merge(person, "person_retention_until", demoDate(t, app, -7, 0))},
		{"ErrUnitNotInProgramme", "jednostki uczestniczącej", merge(person, "person_unit", "999999")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := c.Post(base+"/participants", tc.form); r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q", r.StatusCode, tc.msg)
			}
		})
	}
	if r := c.Post(base+"/participants", person); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.StatusCode, r.Body)
	}
	people, _, _ := app.Store.SessionAttendance(t.Context(), sess)
	var grazyna, lucja int64
	for _, p := range people {
		switch p.FirstName {
		case "Grażyna":
			grazyna = p.ID
		case "Łucja":
			lucja = p.ID
		}
	}
	if r := c.Post(base+"/participants", url.Values{"person": {itoa(grazyna)}}); r.StatusCode != 422 || !strings.Contains(r.Body, "już jest na liście") {
		t.Fatalf("twice: %d", r.StatusCode)
	}

	x, _ := app.Store.Session(t.Context(), prog, sess)
	d1, d2 := x.Days[0].Format("2006-01-02"), x.Days[1].Format("2006-01-02")
	if r := grid(t, c, base, url.Values{"person": {itoa(grazyna), itoa(lucja)}, "present_" + itoa(grazyna) + "_2020-01-01": {"1"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "tylko w dniach tej sesji") {
		t.Fatalf("day outside the session: %d", r.StatusCode)
	}
	r := grid(t, c, base, url.Values{"person": {itoa(grazyna), itoa(lucja)},
		"present_" + itoa(grazyna) + "_" + d1: {"1"}, "present_" + itoa(grazyna) + "_" + d2: {"1"}, "present_" + itoa(lucja) + "_" + d1: {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d\n%s", r.StatusCode, r.Body)
	}
	page := c.Get(base)
	if !strings.Contains(page.Body, "Żółkiewska") || !strings.Contains(page.Body, `data-testid="counts"`) {
		t.Fatal("session page lacks the participant")
	}

	// Names by role: the viewer sees counts only; a unit manager sees the
	// people of their own unit; a manager of another unit sees none.
	for who, want := range map[string][]bool{"obserwator": {false, false}, "kierownik": {false, true}, "kierownik2": {true, false}, "ekspert": {true, true}} {
		cl := app.Client()
		if who == "kierownik2" {
			cl = managerOf(t, app, bielawa+0, "kierownik-b", leader)
		} else {
			cl.Login(who, "demo")
		}
		body := cl.Get(base).Body
		if got := strings.Contains(body, "Żółkiewska"); got != want[0] {
			t.Errorf("%s sees Grażyna (Bielawa): %v, want %v", who, got, want[0])
		}
		if got := strings.Contains(body, "Wiśniewska"); got != want[1] {
			t.Errorf("%s sees Łucja (Dzierżoniów): %v, want %v", who, got, want[1])
		}
	}

	// Scans: type from content, size limit, download for name readers only.
	up := func(day string, name string, data []byte) *testapp.Response {
		return postMultipart(c, base+"/scans", url.Values{"day": {day}}, name, data)
	}
	if r := up(d2, "lista.pdf", []byte("to nie jest PDF, tylko tekst")); r.StatusCode != 422 || !strings.Contains(r.Body, "To nie jest plik PDF, JPEG ani PNG") {
		t.Fatalf("fake PDF: %d", r.StatusCode)
	}
	if r := up("2020-01-01", "lista.pdf", onePagePDF); r.StatusCode != 422 || !strings.Contains(r.Body, "Wybierz dzień tej sesji") {
		t.Fatalf("day outside: %d", r.StatusCode)
	}
	if r := up(d2, "skan dnia 2.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.StatusCode, r.Body)
	}
	sum, _ := app.Store.SessionSummary(t.Context(), prog, sess)
	if !sum.Complete() {
		t.Fatalf("evidence not complete: %+v", sum)
	}
	dl := c.Get(base + "/scans/" + itoa(fileID))
	if dl.StatusCode != 200 || dl.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.Body, "%PDF-") {
		t.Fatalf("download: %d %s", dl.StatusCode, dl.Header.Get("Content-Type"))
	}
	pdf := c.Get(base + "/lista.pdf")
	if pdf.StatusCode != 200 || !strings.HasPrefix(pdf.Body, "%PDF-") {
		t.Fatalf("list PDF: %d", pdf.StatusCode)
	}
	var exports int
	_ = app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'export'`).Scan(&exports)
	if exports != 2 {
		t.Fatalf("personal-data exports audited = %d, want 2", exports)
	}
}

// managerOf creates and signs in a unit manager of unit.
func managerOf(t *testing.T, app *testapp.App, unit int64, username string, _ int64) *testapp.Client {
	t.Helper()
	admin := app.LoginAs("admin")
	r := admin.Post("/admin/users", url.Values{"username": {username}, "display_name": {"Kierownik Testowy"}, "role": {"unit_manager"},
		"units": {itoa(unit)}, "password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create manager: %d", r.StatusCode)
	}
	c := app.Client()
	c.Login(username, "haslo-testowe-1")
	return c
}

func TestPersonsPageEditAndMerge(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	lucja := fixturePerson(t, app, sess)
	base := "/programmes/" + itoa(prog)
	c := app.LoginAs("koordynator")

	// A second record of the same person, on the same session.
	x, _ := app.Store.Session(t.Context(), prog, sess)
	r := c.Post(base+"/sessions/"+itoa(sess)+"/participants", url.Values{"person_first_name": {"Łucja"}, "person_last_name": {"Wiśniewska"},
		"person_unit": {itoa(leader)}, "person_sex": {"K"}, "person_legal_basis": {"consent"}, "person_basis_date": {demoDate(t, app, 5, 4)}, "person_retention_until": {demoDate(t, app, 88, 0)}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add duplicate: %d", r.StatusCode)
	}
	people, _, _ := app.Store.SessionAttendance(t.Context(), sess)
	var dup int64
	for _, p := range people {
		if p.ID != lucja {
			dup = p.ID
		}
	}
	d2 := x.Days[1].Format("2006-01-02")
	if r := grid(t, c, base+"/sessions/"+itoa(sess), url.Values{"person": {itoa(lucja), itoa(dup)}, "present_" + itoa(dup) + "_" + d2: {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", r.StatusCode)
	}

	if r := c.Post(base+"/persons/"+itoa(dup)+"/merge", url.Values{"into": {itoa(dup)}}); r.StatusCode != 422 || !strings.Contains(r.Body, "z nią samą") {
		t.Fatalf("merge into itself: %d", r.StatusCode)
	}
	if r := c.Post(base+"/persons/"+itoa(dup)+"/merge", url.Values{"into": {itoa(lucja)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: %d\n%s", r.StatusCode, r.Body)
	}
	people, att, _ := app.Store.SessionAttendance(t.Context(), sess)
	if len(people) != 1 || people[0].ID != lucja {
		t.Fatalf("after merge: %+v", people)
	}
	present := 0
	for _, a := range att {
		if a.Present {
			present++
		}
	}
	if present != 1 {
		t.Fatalf("day-2 presence of the merged record lost: %+v", att)
	}

	// Edit with a stale version.
	edit := c.Get(base + "/persons/" + itoa(lucja) + "/edit")
	v := versionRE.FindStringSubmatch(edit.Body)[1]
	f := url.Values{"version": {v}, "first_name": {"Łucja"}, "last_name": {"Wiśniewska-Nowak"}, "unit": {itoa(leader)}, "sex": {"K"},
		"legal_basis": {"consent"}, "basis_date": {demoDate(t, app, 5, 4)}, "retention_until": {demoDate(t, app, 88, 0)}}
	if r := c.Post(base+"/persons/"+itoa(lucja), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.StatusCode, r.Body)
	}
	if r := c.Post(base+"/persons/"+itoa(lucja), merge(f, "last_name", "Inna")); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Wiśniewska-Nowak") {
		t.Fatalf("stale edit: %d", r.StatusCode)
	}
	// The viewer sees counts, never names.
	if r := app.LoginAs("obserwator").Get(base + "/persons"); strings.Contains(r.Body, "Wiśniewska") || !strings.Contains(r.Body, "person-counts") {
		t.Fatal("viewer sees names on the participants page")
	}
}

func TestAttendanceImport(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	x, _ := app.Store.Session(t.Context(), prog, sess)
	base := "/programmes/" + itoa(prog) + "/sessions/" + itoa(sess)
	c := app.LoginAs("koordynator")
	d1, d2 := x.Days[0].Format("2006-01-02"), x.Days[1].Format("02.01.2006")
	text := "Imię;Nazwisko;Jednostka;Stanowisko;Płeć;" + d1 + ";" + d2 + "\r\n" +
		"Łucja;Wiśniewska;Urząd Miasta w Dzierżoniowie;inspektor;K;1;1\r\n" + // already in the programme
		"Zenon;Źdźbło;Urząd Miasta Bielawa;referent;M;1;0\r\n" +
		"Ala;Bez;Urząd Gminy Nigdzie;;K;1;1\r\n"
	data, _ := charmap.Windows1250.NewEncoder().Bytes([]byte(text))
	post := func(fields map[string]string, file []byte) *testapp.Response {
		return postMultipart(c, base+"/import", formOf(fields), "obecnosc.csv", file)
	}
	consent := map[string]string{"legal_basis": "consent", "basis_date": d1, "retention_until": demoDate(t, app, 100, 0)}
	start, _ := app.Store.Persons(t.Context(), prog)
	r := post(consent, data)
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Windows-1250") || !strings.Contains(r.Body, "Zenon") || !strings.Contains(r.Body, "nie uczestniczy w programie") ||
		!strings.Contains(r.Body, "Nic jeszcze nie zapisano") {
		t.Fatalf("preview: %d\n%s", r.StatusCode, r.Body)
	}
	if now, _ := app.Store.Persons(t.Context(), prog); len(now) != len(start) {
		t.Fatalf("the preview saved people: %d → %d", len(start), len(now))
	}
	if r := post(map[string]string{"legal_basis": "consent", "basis_date": "", "retention_until": ""}, data); !strings.Contains(r.Body, "Podaj datę") {
		t.Fatal("missing consent date not reported")
	}
	m := dataRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no confirmation form")
	}
	form := url.Values{"data": {m[1]}}
	for k, v := range consent {
		form.Set(k, v)
	}
	if r := c.Post(base+"/import/confirm", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	persons, _ := app.Store.Persons(t.Context(), prog)
	people, att, _ := app.Store.SessionAttendance(t.Context(), sess)
	if len(persons) != len(start)+1 || len(people) != 2 {
		t.Fatalf("persons %d → %d (want +1: Łucja reused, Zenon new), on the list %d", len(start), len(persons), len(people))
	}
	presentDays := 0
	for _, a := range att {
		if a.Present {
			presentDays++
		}
	}
	if presentDays != 3 {
		t.Fatalf("present days = %d, want 3", presentDays)
	}
	if r := post(consent, []byte("Imię,Nazwisko,Jednostka,Płeć,2020-01-01\n")); r.StatusCode != 422 || !strings.Contains(r.Body, "nie jest dniem tej sesji") {
		t.Fatalf("wrong day column: %d", r.StatusCode)
	}
}

func TestAddParticipantTwiceBySubmit(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	base := "/programmes/" + itoa(prog) + "/sessions/" + itoa(sess)
	c := app.LoginAs("koordynator")
	tok := formTokenRE.FindStringSubmatch(c.Get(base).Body)[1]
	form := url.Values{"form_token": {tok}, "person_first_name": {"Teodor"}, "person_last_name": {"Dwukrotny"}, "person_unit": {itoa(leader)},
		"person_sex": {"M"}, "person_legal_basis": {"consent"}, "person_basis_date": {demoDate(t, app, 5, 4)}, "person_retention_until": {demoDate(t, app, 88, 0)}}
	for i := 0; i < 2; i++ {
		if r := c.Post(base+"/participants", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit %d: %d", i+1, r.StatusCode)
		}
	}
	people, _, _ := app.Store.SessionAttendance(t.Context(), sess)
	n := 0
	for _, p := range people {
		if p.LastName == "Dwukrotny" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("a double submit added the person %d times", n)
	}
}

func TestAttendanceGridConflict(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	lucja := fixturePerson(t, app, sess)
	x, _ := app.Store.Session(t.Context(), prog, sess)
	path := "/programmes/" + itoa(prog) + "/sessions/" + itoa(sess)
	a, b := app.LoginAs("koordynator"), app.LoginAs("admin")
	va := gridVersionRE.FindStringSubmatch(a.Get(path).Body)[1]
	vb := gridVersionRE.FindStringSubmatch(b.Get(path).Body)[1]
	key := "present_" + itoa(lucja) + "_" + x.Days[0].Format("2006-01-02")
	if r := b.Post(path+"/attendance", url.Values{"attendance_version": {vb}, "person": {itoa(lucja)}, key: {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.StatusCode)
	}
	r := a.Post(path+"/attendance", url.Values{"attendance_version": {va}, "person": {itoa(lucja)}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Ktoś inny zmienił obecność") {
		t.Fatalf("stale grid: %d", r.StatusCode)
	}
	_, att, _ := app.Store.SessionAttendance(t.Context(), sess)
	for _, at := range att {
		if at.Day.Equal(x.Days[0]) && !at.Present {
			t.Fatal("the stale grid overwrote the first save")
		}
	}
}

func TestPersonsPageSearchAndPages(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	base := "/programmes/" + itoa(prog) + "/persons"
	all, err := app.Store.Persons(t.Context(), prog)
	if err != nil || len(all) < 2 {
		t.Fatalf("demo persons: %d, %v", len(all), err)
	}
	c := app.LoginAs("koordynator")
	page := c.Get(base)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "<strong>"+strconv.Itoa(len(all))+"</strong>") {
		t.Fatalf("persons page: %d\n%s", page.StatusCode, page.Body)
	}
	if len(all) > pages.PersonsPerPage && !strings.Contains(page.Body, `rel="next"`) {
		t.Error("no link to the next page")
	}
	// Search by "surname first name" and by "first name surname".
	p := all[len(all)-1]
	for _, q := range []string{p.LastName + " " + p.FirstName, p.FirstName + " " + p.LastName} {
		r := c.Get(base + "?q=" + url.QueryEscape(q))
		if !strings.Contains(r.Body, p.LastName+" "+p.FirstName+"</th>") {
			t.Errorf("search %q does not list %s %s", q, p.LastName, p.FirstName)
		}
	}
	if r := c.Get(base + "?q=Xyzzy"); !strings.Contains(r.Body, "Nikt nie pasuje") {
		t.Errorf("no-match message missing")
	}
	if r := c.Get(base + "?od=100000"); r.StatusCode != 200 || !strings.Contains(r.Body, "Ta strona listy jest pusta") {
		t.Errorf("past the end: %d", r.StatusCode)
	}
	// A viewer sees the counts only, a unit manager only their units' people.
	if r := app.LoginAs("obserwator").Get(base); strings.Contains(r.Body, `data-testid="persons"`) || !strings.Contains(r.Body, `data-testid="person-counts"`) {
		t.Error("viewer sees names or no counts")
	}
	mgr := app.LoginAs("kierownik").Get(base)
	own := 0
	for _, x := range all {
		row := x.LastName + " " + x.FirstName + "</th><td>" + x.UnitName
		if strings.Contains(mgr.Body, row) {
			if x.UnitName != "Urząd Miasta w Dzierżoniowie" {
				t.Errorf("manager sees %s of %s", x.LastName, x.UnitName)
			}
			own++
		}
	}
	if own == 0 {
		t.Error("the manager sees none of their unit's people")
	}
}
