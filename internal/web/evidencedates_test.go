package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Evidence dated outside the programme is refused beside its date; dated
// into a closed period, the form asks first and saves only when confirmed.
func TestEvidenceDatesAndClosedPeriods(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, _ := demoIDs(t, app)
	p := app.DemoProgramme(t)
	tasks, _ := app.Store.Tasks(ctx, prog)
	var p3 int64
	for _, tk := range tasks {
		if tk.Code == "P3" && p3 == 0 {
			p3 = tk.ID
		}
	}
	coord := app.LoginAs("koordynator")
	q := app.DemoQuarter(t, 6)
	if r := coord.Post(paths.Programme(prog)+"/periods/"+q+"/close", url.Values{"request_no": {"WNP/1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close %s: %d", q, r.StatusCode)
	}
	count := func() int {
		list, err := app.Store.Consultations(ctx, prog)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	form := url.Values{"task": {itoa(p3)}, "unit": {itoa(leader)}, "expert": {"Piotr Zawadzki"}, "day": {app.DemoDay(t, 6, 0).Format("2006-01-02")},
		"hours": {"4"}, "days": {"0,5"}, "topic": {"Mapa procesów po terminie"}}

	t.Run("ErrOutsideProgramme", func(t *testing.T) {
		r := coord.Post(paths.Consultations(prog), merge(form, "day", p.End.AddDate(0, 0, 1).Format("2006-01-02")))
		want := "Data musi mieścić się w okresie programu (" + p.Start.Format("02.01.2006") + "–" + p.End.Format("02.01.2006") + ")."
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-day-error"`) || !strings.Contains(r.Body, want) {
			t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, want, r.Body)
		}
		if count() != before {
			t.Fatal("saved")
		}
	})
	t.Run("ClosedPeriodAsksFirst", func(t *testing.T) {
		r := coord.Post(paths.Consultations(prog), form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Okres "+q+" jest zamknięty: wartość trafi do korekt.") ||
			!strings.Contains(r.Body, `name="confirm_closed"`) || !strings.Contains(r.Body, "Zapisz mimo to") {
			t.Fatalf("no warning: %d\n%s", r.StatusCode, r.Body)
		}
		if !strings.Contains(r.Body, "Mapa procesów po terminie") || count() != before {
			t.Fatal("typed topic lost, or saved before the confirmation")
		}
		if r := coord.Post(paths.Consultations(prog), merge(form, "confirm_closed", "1")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed: %d\n%s", r.StatusCode, r.Body)
		}
		if count() != before+1 {
			t.Fatal("not saved after the confirmation")
		}
	})
	t.Run("OpenPeriodSavesAtOnce", func(t *testing.T) {
		if r := coord.Post(paths.Consultations(prog), merge(form, "day", app.DemoDay(t, 10, 0).Format("2006-01-02"))); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("open period: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("ManualValue", func(t *testing.T) {
		in := &domain.Indicator{ProgrammeID: prog, Number: "M9", Name: "ręczny", Type: domain.IndicatorResult, Target: domain.DecimalFromInt(5), Rule: domain.RuleManual}
		if err := app.Store.SaveIndicator(ctx, domain.Actor{}, in, nil); err != nil {
			t.Fatal(err)
		}
		path := paths.IndicatorValues(prog, in.ID)
		v := url.Values{"value": {"2"}, "note": {"sprawozdanie"}, "evidence_on": {p.End.AddDate(0, 0, 1).Format("2006-01-02")}}
		r := postMultipart(coord, path, v, "dowod.pdf", onePagePDF)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-evidence_on-error"`) || !strings.Contains(r.Body, "Data musi mieścić się w okresie programu") {
			t.Fatalf("after the end: %d\n%s", r.StatusCode, r.Body)
		}
		r = postMultipart(coord, path, merge(v, "evidence_on", app.DemoDay(t, 6, 0).Format("2006-01-02")), "dowod.pdf", onePagePDF)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Okres "+q+" jest zamknięty") || !strings.Contains(r.Body, "Wybierz plik ponownie") {
			t.Fatalf("closed period: %d\n%s", r.StatusCode, r.Body)
		}
		if vals, _ := app.Store.ManualValues(ctx, in.ID); len(vals) != 0 {
			t.Fatal("saved before the confirmation")
		}
		r = postMultipart(coord, path, merge(v, "evidence_on", app.DemoDay(t, 6, 0).Format("2006-01-02"), "confirm_closed", "1"), "dowod.pdf", onePagePDF)
		if vals, _ := app.Store.ManualValues(ctx, in.ID); r.StatusCode != http.StatusSeeOther || len(vals) != 1 {
			t.Fatalf("confirmed: %d, %d values", r.StatusCode, len(vals))
		}
	})
	t.Run("AttendanceInClosedPeriod", func(t *testing.T) {
		sessions, _ := app.Store.TrainingSessions(ctx, prog)
		periods, _ := app.Store.ProgrammePeriods(ctx, prog)
		closed, _ := app.Store.ClosedPeriods(ctx, prog)
		var x *domain.TrainingSession
		for _, sum := range sessions {
			if periods.Of(sum.First) == q && periods.Of(sum.Last) == q && sum.Participants > 0 {
				x, _ = app.Store.Session(ctx, prog, sum.ID)
				break
			}
		}
		if x == nil || len(closed) != 1 {
			t.Fatalf("no demo session with participants in %s (closed %v)", q, closed)
		}
		people, att, _ := app.Store.SessionAttendance(ctx, x.ID)
		version, _ := app.Store.AttendanceVersion(ctx, x.ID)
		form := url.Values{"attendance_version": {itoa(int64(version))}}
		present := 0
		for _, pe := range people {
			form.Add("person", itoa(pe.ID))
			for _, d := range x.Days {
				form.Set(pages.FieldPresent(itoa(pe.ID), d), "1") // everybody present every day
			}
		}
		for _, a := range att {
			if a.Present {
				present++
			}
		}
		path := paths.TrainingSessionAttendance(prog, x.ID)
		r := coord.Post(path, form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Okres "+q+" jest zamknięty") {
			t.Fatalf("no warning: %d\n%s", r.StatusCode, r.Body)
		}
		if strings.Count(r.Body, `value="1" checked`) != len(people)*len(x.Days) {
			t.Fatalf("the marks typed are not kept (%d of %d)", strings.Count(r.Body, `value="1" checked`), len(people)*len(x.Days))
		}
		if _, after, _ := app.Store.SessionAttendance(ctx, x.ID); countPresent(after) != present {
			t.Fatal("saved before the confirmation")
		}
		if r := coord.Post(path, merge(form, "confirm_closed", "1")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed: %d\n%s", r.StatusCode, r.Body)
		}
		if _, after, _ := app.Store.SessionAttendance(ctx, x.ID); countPresent(after) != len(people)*len(x.Days) {
			t.Fatal("not saved after the confirmation")
		}

		// The attendance file of the same session: the preview warns beside
		// the save button, saving asks again, only the confirmation saves.
		head, row := "Imię;Nazwisko;Jednostka;Płeć", "Oliwia;Zamknięta;Urząd Miasta w Dzierżoniowie;K"
		for _, d := range x.Days {
			head, row = head+";"+d.Format("2006-01-02"), row+";1"
		}
		fields := url.Values{"legal_basis": {"consent"}, "basis_date": {x.Days[0].Format("2006-01-02")}, "retention_until": {demoDate(t, app, 100, 0)}}
		r = postMultipart(coord, paths.TrainingSessionImport(prog, x.ID), fields, "obecnosc.csv", []byte(head+"\r\n"+row+"\r\n"))
		m := dataRE.FindStringSubmatch(r.Body)
		if r.StatusCode != http.StatusOK || m == nil || !strings.Contains(r.Body, `data-testid="closed-warning"`) || !strings.Contains(r.Body, "Okres "+q+" jest zamknięty") {
			t.Fatalf("preview without the warning: %d\n%s", r.StatusCode, r.Body)
		}
		confirm := merge(fields, "data", m[1])
		r = coord.Post(paths.TrainingSessionImportConfirm(prog, x.ID), confirm)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Zapisz mimo to") {
			t.Fatalf("save without confirmation: %d", r.StatusCode)
		}
		if now, _, _ := app.Store.SessionAttendance(ctx, x.ID); len(now) != len(people) {
			t.Fatal("the import saved before the confirmation")
		}
		if r := coord.Post(paths.TrainingSessionImportConfirm(prog, x.ID), merge(confirm, "confirm_closed", "1")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed import: %d\n%s", r.StatusCode, r.Body)
		}
		if now, _, _ := app.Store.SessionAttendance(ctx, x.ID); len(now) != len(people)+1 {
			t.Fatalf("after the confirmed import %d people, want %d", len(now), len(people)+1)
		}
	})
}

func countPresent(att []domain.Attendance) int {
	n := 0
	for _, a := range att {
		if a.Present {
			n++
		}
	}
	return n
}
