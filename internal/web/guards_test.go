package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// Tests that guard guarantees a mutation check found unguarded (issue 12).

var guardActor = domain.Actor{Username: "test"}

// guardPDF is a minimal PDF for evidence files.
func guardPDF(tag string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + tag + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// guardCSV parses a CSV download (UTF-8 with BOM, semicolons).
func guardCSV(t *testing.T, r *testapp.Response) [][]string {
	t.Helper()
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV download: %d %s\n%.500s", r.StatusCode, r.Header.Get("Content-Type"), r.Body)
	}
	if !strings.HasPrefix(r.Body, "\xef\xbb\xbf") {
		t.Fatal("CSV without a BOM")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xef\xbb\xbf")))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// demoProgramme returns the demo programme (dated relative to the store's
// clock when the demo data was loaded).
func demoProgramme(t *testing.T, app *testapp.App) *domain.Programme {
	t.Helper()
	progs, err := app.Store.Programmes(t.Context())
	if err != nil || len(progs) == 0 {
		t.Fatalf("demo programme: %v", err)
	}
	p, err := app.Store.Programme(t.Context(), progs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestClosedPeriodReportIsFrozen: after a period is closed, evidence dated
// into it is still recorded (the live value changes and is reported as a
// correction later), but the closed period's report keeps the filed value
// and says it is frozen.
func TestClosedPeriodReportIsFrozen(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	p := demoProgramme(t, app)
	base := "/programmes/" + strconv.FormatInt(p.ID, 10)
	coord := app.LoginAs("koordynator")

	periods, err := app.Store.ProgrammePeriods(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The last period that ended at least two days ago (closing refuses a
	// period whose last day is today in Warsaw).
	ago := app.Store.Now().AddDate(0, 0, -2)
	period, _ := periods.Latest(ago)
	if !period.End.Before(ago) {
		t.Fatalf("no period of the demo programme has ended (first %s)", period.Label())
	}
	inds, _ := app.Store.Indicators(ctx, p.ID)
	var meetings *domain.Indicator
	for _, in := range inds {
		if in.Rule == domain.RuleMeetingsComplete {
			meetings = in
		}
	}
	if meetings == nil {
		t.Fatal("the demo programme has no meetings indicator")
	}
	reportValue := func(rows [][]string) (value, state string) {
		t.Helper()
		for _, r := range rows {
			if len(r) >= 5 && r[1] == meetings.Name {
				value = r[4]
			}
			if len(r) >= 2 && r[0] == "Stan" {
				state = r[1]
			}
		}
		return value, state
	}
	live := func() domain.Decimal {
		t.Helper()
		s, err := app.Store.IndicatorSeries(ctx, p.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return s[meetings.ID][period.Code].Value
	}
	reportURL := base + "/report?period=" + url.QueryEscape(period.Code) + "&format=csv"
	before := live()
	if v, state := reportValue(guardCSV(t, coord.Get(reportURL))); v != before.Input() || strings.Contains(state, "zamrożone") {
		t.Fatalf("open period's report: %q (%s), want the live value %s", v, state, before.Input())
	}
	if r := coord.Post(base+"/periods/"+url.PathEscape(period.Code)+"/close", url.Values{"request_no": {"WNP/STRAZ/1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close %s: %d\n%s", period.Code, r.StatusCode, r.Body)
	}

	// A complete meeting dated in the closed period, recorded late.
	day := period.Start
	if day.Before(p.Start) {
		day = p.Start
	}
	all, _ := app.Store.Meetings(ctx, p.ID)
	number := 1
	for _, m := range all {
		number = max(number, m.Number+1)
	}
	m := &domain.Meeting{ProgrammeID: p.ID, TaskID: meetings.Params.TaskID, Number: number, Days: []time.Time{day}, Place: "Dzierżoniów",
		Notes: "Notatka ze spotkania " + day.Format("02.01.2006") + ", dopisana po zamknięciu okresu."}
	if err := app.Store.SaveMeeting(ctx, guardActor, p, m, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.AddMeetingScan(ctx, guardActor, m.ID, "lista.pdf", "application/pdf", guardPDF("late")); err != nil {
		t.Fatal(err)
	}
	after := live()
	if after != before.Add(domain.DecimalFromInt(1)) {
		t.Fatalf("the late meeting does not count in the live values: %s → %s", before.Input(), after.Input())
	}

	// The closed period's report: the filed value, labelled frozen.
	v, state := reportValue(guardCSV(t, coord.Get(reportURL)))
	if v != before.Input() {
		t.Errorf("closed period's report shows %s meetings, want the filed %s (live now: %s)", v, before.Input(), after.Input())
	}
	if !strings.Contains(state, "zamrożone") || !strings.Contains(state, "WNP/STRAZ/1") {
		t.Errorf("closed period's report is not labelled frozen: %q", state)
	}
	c, err := app.Store.ClosingOf(ctx, p.ID, period.Code)
	if err != nil || c == nil {
		t.Fatalf("closing: %v", err)
	}
	for _, row := range c.Snapshot.Rows {
		if row.IndicatorID == meetings.ID && row.Value != before {
			t.Errorf("the snapshot holds %s meetings, want %s", row.Value.Input(), before.Input())
		}
	}
}

// exportProgramme is a programme of the test's own (2010-08-01 …
// 2012-03-31, all in the past) with one unit, a PS4 training and a session
// on 15–16.11.2010 (2010-Q4) attended by people.
type exportProgramme struct {
	p       *domain.Programme
	unit    *domain.Unit
	session *domain.TrainingSession
}

func newExportProgramme(t *testing.T, app *testapp.App, code string) *exportProgramme {
	t.Helper()
	ctx := t.Context()
	day := func(s string) time.Time {
		d, err := domain.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	e := &exportProgramme{}
	e.p = &domain.Programme{Code: code, Title: "Program " + code, Start: day("2010-08-01"), End: day("2012-03-31"), Budget: domain.DecimalFromInt(1), Areas: domain.SeedAreas()}
	if err := app.Store.CreateProgramme(ctx, guardActor, e.p); err != nil {
		t.Fatal(err)
	}
	app.JoinTeam(t, e.p.ID)
	e.unit = &domain.Unit{Name: "Urząd Gminy " + code, Kind: domain.UnitGminaWiejska, Voivodeship: "dolnośląskie"}
	if err := app.Store.CreateUnit(ctx, guardActor, e.unit); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SaveParticipation(ctx, guardActor, &domain.Participation{ProgrammeID: e.p.ID, Unit: *e.unit, Areas: []domain.Area{domain.AreaP}}); err != nil {
		t.Fatal(err)
	}
	tr := &domain.Training{ProgrammeID: e.p.ID, Code: "PS4", Topic: "zarządzanie procesami", Area: domain.AreaP, GroupsPlanned: 1, DaysPerGroup: domain.DecimalFromInt(2)}
	if err := app.Store.SaveTraining(ctx, guardActor, tr); err != nil {
		t.Fatal(err)
	}
	e.session = &domain.TrainingSession{ProgrammeID: e.p.ID, TrainingID: tr.ID, GroupNo: 1, Days: []time.Time{day("2010-11-15"), day("2010-11-16")},
		HoursPerDay: domain.DecimalFromInt(6), Place: "Sala", Trainer: "Trener", UnitIDs: []int64{e.unit.ID}}
	if err := app.Store.CreateSession(ctx, guardActor, e.p, e.session, ""); err != nil {
		t.Fatal(err)
	}
	return e
}

// attend adds people to the session, present on its first day.
func (e *exportProgramme) attend(t *testing.T, app *testapp.App, names [][2]string, position string) {
	t.Helper()
	ctx := t.Context()
	var entries []domain.Attendance
	for i, n := range names {
		pe := &domain.Person{ProgrammeID: e.p.ID, FirstName: n[0], LastName: n[1], UnitID: e.unit.ID, Sex: []domain.Sex{domain.SexFemale, domain.SexMale}[i%2],
			Position: position, LegalBasis: domain.BasisConsent, BasisDate: e.p.Start, RetentionUntil: e.p.End.AddDate(10, 0, 0)}
		if err := app.Store.AddParticipant(ctx, guardActor, e.session, pe, ""); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, domain.Attendance{PersonID: pe.ID, Day: e.session.Days[0], Present: true})
	}
	_, att, err := app.Store.SessionAttendance(ctx, e.session.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range att {
		if a.Present {
			entries = append(entries, a)
		}
	}
	if err := app.Store.SaveAttendance(ctx, guardActor, e.session, entries, 0); err != nil {
		t.Fatal(err)
	}
}

// formulaCells are stored values that a spreadsheet would read as a
// formula (tab and carriage return let one follow).
var formulaCells = []string{`=HYPERLINK("http://evil","x")`, "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
	"\t=1+1", "\r=2+2"}

// neutralised checks that a stored value came out of a CSV export behind
// an apostrophe (a lone carriage return is dropped by the CRLF writer).
func neutralised(t *testing.T, what string, rows [][]string, col int, stored string) {
	t.Helper()
	plain := strings.ReplaceAll(stored, "\r", "")
	for _, r := range rows {
		if len(r) <= col {
			continue
		}
		switch r[col] {
		case "'" + plain:
			return
		case plain:
			t.Errorf("%s: %q exported as it is, a formula to a spreadsheet", what, r[col])
			return
		}
	}
	t.Errorf("%s: %q not exported", what, stored)
}

// TestExportsNeutraliseFormulas: values that start like a formula leave
// every CSV export (indicator report, units, participants) behind an
// apostrophe.
func TestExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	e := newExportProgramme(t, app, "CSV-FORMULY")
	base := "/programmes/" + strconv.FormatInt(e.p.ID, 10)
	coord := app.LoginAs("koordynator")

	// Indicator names (the store keeps them as given, tab and carriage
	// return included) in the period report.
	for i, name := range formulaCells {
		in := &domain.Indicator{ProgrammeID: e.p.ID, Number: strconv.Itoa(i + 1), Name: name, Type: domain.IndicatorProduct,
			Target: domain.DecimalFromInt(1), Rule: domain.RuleManual}
		if err := app.Store.SaveIndicator(ctx, guardActor, in, nil); err != nil {
			t.Fatalf("indicator %q: %v", name, err)
		}
	}
	rows := guardCSV(t, coord.Get(base+"/report?period=2010-Q4&format=csv"))
	for _, name := range formulaCells {
		neutralised(t, "report, indicator name", rows, 1, name)
	}

	// Unit names (whitespace at the start is normalised away) in the
	// units export.
	for _, name := range formulaCells[:4] {
		u := &domain.Unit{Name: name + " urząd", Kind: domain.UnitGminaMiejska, Voivodeship: "opolskie"}
		if err := app.Store.CreateUnit(ctx, guardActor, u); err != nil {
			t.Fatalf("unit %q: %v", name, err)
		}
	}
	rows = guardCSV(t, coord.Get("/units/export.csv"))
	for _, name := range formulaCells[:4] {
		neutralised(t, "units export, name", rows, 0, name+" urząd")
	}

	// Participants' names and position in the funder's list.
	var names [][2]string
	for _, s := range formulaCells[:4] {
		names = append(names, [2]string{s + "imię", s + "nazwisko"})
	}
	e.attend(t, app, names, "=1+2")
	rows = guardCSV(t, coord.Get(base+"/report/participants?period=2010-Q4"))
	if len(rows) != 1+len(names) {
		t.Fatalf("participants: %q", rows)
	}
	for _, n := range names {
		neutralised(t, "participants, first name", rows, 0, n[0])
		neutralised(t, "participants, last name", rows, 1, n[1])
	}
	neutralised(t, "participants, position", rows, 5, "=1+2")
}

// TestPseudonymisedExportHasNoNames: in the pseudonymised participant
// list no cell contains any listed person's first or last name, in any
// letter case.
func TestPseudonymisedExportHasNoNames(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	e := newExportProgramme(t, app, "PSEUDONIMY")
	base := "/programmes/" + strconv.FormatInt(e.p.ID, 10)
	coord := app.LoginAs("koordynator")
	e.attend(t, app, [][2]string{{"Bożydara", "Szczęsnowicz"}, {"Radogost", "Wierzbięta-Kołłątaj"}, {"Świętomira", "Żółtogórska"},
		{"Przybysław", "Grzmotowski"}}, "inspektor")

	full := guardCSV(t, coord.Get(base+"/report/participants?period=2010-Q4"))
	pseudo := guardCSV(t, coord.Get(base+"/report/participants?period=2010-Q4&pseudonimy=1"))
	if len(full) != 5 || len(pseudo) != 5 || full[0][0] != "Imię" || full[0][1] != "Nazwisko" || pseudo[0][0] != "Pseudonim" {
		t.Fatalf("participants: full %q, pseudonymised %q", full, pseudo)
	}
	var names []string
	for _, r := range full[1:] {
		names = append(names, r[0], r[1])
	}
	seen := map[string]bool{}
	for i, r := range pseudo[1:] {
		for j, cell := range r {
			for _, n := range names {
				if strings.Contains(strings.ToLower(cell), strings.ToLower(n)) {
					t.Errorf("row %d, column %q: %q contains the name %q", i+1, pseudo[0][j], cell, n)
				}
			}
		}
		if r[0] == "" || seen[r[0]] {
			t.Errorf("row %d: pseudonym %q empty or repeated", i+1, r[0])
		}
		seen[r[0]] = true
	}
	// The same person keeps the same pseudonym in a second export.
	again := guardCSV(t, coord.Get(base+"/report/participants?period=2010-Q4&pseudonimy=1"))
	if fmt.Sprint(again) != fmt.Sprint(pseudo) {
		t.Errorf("pseudonyms changed between exports:\n%q\n%q", pseudo, again)
	}
}
