package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/domain"
	"kaizen/internal/pdftext"
	"kaizen/internal/report"
	"kaizen/internal/testapp"
)

// readCSV parses a report CSV: UTF-8 with BOM, semicolons.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\xef\xbb\xbf") {
		t.Fatal("CSV without a BOM")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf")))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestDashboardReportsAndClosing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, _ := demoIDs(t, app)
	base := "/programmes/" + itoa(prog)
	coord := app.LoginAs("koordynator")
	// Periods of the demo programme (dated relative to the tests' clock):
	// one ended with evidence in it, one under way, one after the end.
	q, ongoing := app.DemoQuarter(t, 6), domain.Quarter(testapp.Today()).Code
	outside := domain.Quarter(app.DemoProgramme(t).End.AddDate(3, 0, 0)).Code
	admin := app.LoginAs("admin")

	page := coord.Get(base + "/indicators")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `data-testid="indicator-6"`) || !strings.Contains(page.Body, "<svg") ||
		!strings.Contains(page.Body, `data-testid="series-`) {
		t.Fatalf("dashboard: %d", page.StatusCode)
	}
	if home := app.LoginAs("obserwator").Get("/"); !strings.Contains(home.Body, `data-testid="lagging"`) {
		t.Error("the project office's start page does not list the indicators behind plan")
	}
	for _, tc := range []struct{ query, msg string }{
		{"?period=" + outside, "Okresu " + outside + " nie ma w tym programie"},
		{"?period=%3Cscript%3E", "Nieznany okres sprawozdawczy"},
		{"?period=1999-Q5", "Okresu 1999-Q5 nie ma"},
	} {
		if r := coord.Get(base + "/indicators" + tc.query); r.StatusCode != 404 || !strings.Contains(r.Body, tc.msg) {
			t.Errorf("%s: %d, want 404 with %q", tc.query, r.StatusCode, tc.msg)
		}
	}

	// Reports of a period, parsed back; values match the read model.
	inds, _ := app.Store.Indicators(ctx, prog)
	series, _ := app.Store.IndicatorSeries(ctx, prog, 0)
	periods, _ := app.Store.ProgrammePeriods(ctx, prog)
	_, idx, _ := periods.Find(q)
	want := map[string]domain.ReportRow{}
	for _, in := range inds {
		want[in.Name] = domain.ReportRowFor(in, domain.SeriesFor(in, periods, series[in.ID]), idx)
	}
	csvResp := coord.Get(base + "/report?period=" + q + "&format=csv")
	if csvResp.StatusCode != 200 || !strings.HasPrefix(csvResp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", csvResp.StatusCode, csvResp.Header.Get("Content-Type"))
	}
	rows := readCSV(t, csvResp.Body)
	if strings.Join(rows[0], "|") != strings.Join(report.Columns, "|") {
		t.Fatalf("CSV header = %v", rows[0])
	}
	seen := 0
	for _, r := range rows[1:] {
		if len(r) < 10 {
			continue
		}
		w, ok := want[r[1]]
		if !ok {
			continue
		}
		seen++
		if r[4] != w.Value.Input() || r[5] != w.Cumulative.Input() || r[3] != w.Target.Input() || r[6] != report.Percent(w.Percent) {
			t.Errorf("CSV row %v, want value %s cumulative %s", r, w.Value.Input(), w.Cumulative.Input())
		}
	}
	if seen != len(inds) {
		t.Errorf("CSV rows for %d of %d indicators", seen, len(inds))
	}
	xl := coord.Get(base + "/report?period=" + q + "&format=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	defer f.Close()
	if h, _ := f.GetCellValue("Wskaźniki", "A1"); h != "Nr wskaźnika" {
		t.Errorf("XLSX A1 = %q", h)
	}
	if typ, _ := f.GetCellType("Wskaźniki", "D2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("XLSX target cell type = %v, want a number", typ)
	}
	if panes, _ := f.GetPanes("Wskaźniki"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("XLSX header not frozen: %+v", panes)
	}
	xrows, _ := f.GetRows("Wskaźniki")
	for _, r := range xrows[1:] {
		if len(r) > 5 {
			if w, ok := want[r[1]]; ok && r[5] != w.Cumulative.SQL() && r[5] != strings.TrimSuffix(strings.TrimSuffix(w.Cumulative.SQL(), "0"), ".0") &&
				r[5] != strings.Split(w.Cumulative.SQL(), ".")[0] {
				t.Errorf("XLSX cumulative of %s = %q, want %s", r[1], r[5], w.Cumulative.SQL())
			}
		}
	}
	pdfResp := coord.Get(base + "/report?period=" + q + "&format=pdf")
	text := pdftext.Text(t, []byte(pdfResp.Body))
	if !strings.Contains(text, "Sprawozdanie z realizacji wskaźników") || !strings.Contains(text, q) || !strings.Contains(text, "usprawnień") {
		t.Errorf("PDF text:\n%s", text)
	}
	if r := coord.Get(base + "/report?format=docx"); r.StatusCode != 404 || !strings.Contains(r.Body, "Nieznany format") {
		t.Errorf("unknown format: %d", r.StatusCode)
	}

	// Closing: not while the period lasts, once, reopened only by an
	// administrator with a reason.
	if r := coord.Post(base+"/periods/"+ongoing+"/close", nil); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "jeszcze trwa") {
		t.Fatalf("closing a future period: %d", r.StatusCode)
	}
	if r := coord.Post(base+"/periods/"+outside+"/close", nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("closing a period outside the programme: %d", r.StatusCode)
	}
	if r := coord.Post(base+"/periods/"+q+"/close", url.Values{"request_no": {"WNP/2026/01"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", r.StatusCode, r.Body)
	}
	if r := coord.Post(base+"/periods/"+q+"/close", nil); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "już zamknięty") {
		t.Fatalf("closing twice: %d", r.StatusCode)
	}
	closed := coord.Get(base + "/indicators?period=" + q)
	if !strings.Contains(closed.Body, "WNP/2026/01") || !strings.Contains(closed.Body, `data-testid="closings"`) {
		t.Fatal("the closed period does not show its closing")
	}
	frozen := readCSV(t, coord.Get(base+"/report?period="+q+"&format=csv").Body)
	state := ""
	for _, r := range frozen {
		if r[0] == "Stan" {
			state = strings.Join(r, " ")
		}
	}
	if !strings.Contains(state, "zamrożone") {
		t.Errorf("report of a closed period does not say it is frozen: %v", frozen)
	}
	if r := coord.Post(base+"/periods/"+q+"/reopen", url.Values{"reason": {"korekta"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("coordinator reopening: %d", r.StatusCode)
	}
	if r := admin.Post(base+"/periods/"+q+"/reopen", nil); r.StatusCode != 422 || !strings.Contains(r.Body, "Podaj powód") {
		t.Fatalf("reopen without a reason: %d", r.StatusCode)
	}
	if r := admin.Post(base+"/periods/"+q+"/reopen", url.Values{"reason": {"Korekta wniosku o płatność"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", r.StatusCode)
	}
	if c, _ := app.Store.ClosingOf(ctx, prog, q); c != nil {
		t.Fatal("the period is still closed")
	}

	// The participant list: pseudonymised without names; audited.
	pseudo := readCSV(t, coord.Get(base+"/report/participants?period="+q+"&pseudonimy=1").Body)
	full := readCSV(t, coord.Get(base+"/report/participants?period="+q).Body)
	if len(pseudo) < 2 || len(pseudo) != len(full) || !strings.HasPrefix(pseudo[1][0], "P-") || pseudo[0][0] != "Pseudonim" || full[0][0] != "Imię" {
		t.Fatalf("participants: pseudonymised %v / full %v", pseudo, full)
	}
	for _, r := range pseudo {
		for _, cell := range r {
			if cell == full[1][0] || cell == full[1][1] {
				t.Fatalf("a name in the pseudonymised list: %v", r)
			}
		}
	}
	var exports int
	_ = app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'export' AND after->>'export' LIKE 'lista uczestników%'`).Scan(&exports)
	if exports != 2 {
		t.Errorf("participant exports audited %d times, want 2", exports)
	}
	if r := app.LoginAs("obserwator").Get(base + "/report/participants"); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer exporting participants: %d", r.StatusCode)
	}

	// Drill-down and unit view.
	var ind6 *domain.Indicator
	for _, in := range inds {
		if in.Number == "6" {
			ind6 = in
		}
	}
	drill := coord.Get(base + "/indicators/" + itoa(ind6.ID))
	if drill.StatusCode != 200 || !strings.Contains(drill.Body, `data-testid="fact-protocol"`) {
		t.Fatalf("drill-down of indicator 6: %d", drill.StatusCode)
	}
	unit := app.LoginAs("kierownik").Get(base + "/units/" + itoa(leader))
	if unit.StatusCode != 200 || !strings.Contains(unit.Body, `data-testid="unit-indicators"`) {
		t.Fatalf("unit view: %d", unit.StatusCode)
	}
}

func TestCustomPeriods(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	base := "/programmes/" + itoa(prog)
	coord := app.LoginAs("koordynator")
	// Periods of the demo programme, which is dated relative to today.
	p, err := app.Store.Programme(t.Context(), prog)
	if err != nil {
		t.Fatal(err)
	}
	iso := func(d time.Time) string { return d.Format("2006-01-02") }
	split := p.Start.AddDate(0, 8, 0)
	good := url.Values{"code": {"WNP-1", "WNP-2"}, "start": {iso(p.Start), iso(split)}, "end": {iso(split.AddDate(0, 0, -1)), iso(p.End)}}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrOverlap", "nie mogą na siebie nachodzić", url.Values{"code": {"A", "B"}, "start": {iso(p.Start), iso(p.Start.AddDate(0, 5, 0))},
			"end": {iso(split.AddDate(0, 0, -1)), iso(p.Start.AddDate(0, 17, -1))}}},
		{"ErrOutside", "mieścić się w czasie trwania programu", url.Values{"code": {"A"}, "start": {iso(p.Start.AddDate(-5, 0, 0))}, "end": {iso(split)}}},
		{"ErrBadCode", "Kod okresu", url.Values{"code": {"<b>"}, "start": {iso(p.Start)}, "end": {iso(split)}}},
		{"ErrNoEnd", "Podaj datę", url.Values{"code": {"A"}, "start": {iso(p.Start)}, "end": {""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := coord.Post(base+"/periods", tc.form); r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q", r.StatusCode, tc.msg)
			}
		})
	}
	if r := coord.Post(base+"/periods", good); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	dash := coord.Get(base + "/indicators?period=WNP-1")
	if label := "WNP-1 (" + p.Start.Format("02.01.2006") + "–" + split.AddDate(0, 0, -1).Format("02.01.2006") + ")"; dash.StatusCode != 200 || !strings.Contains(dash.Body, label) {
		t.Fatalf("dashboard with own periods: %d", dash.StatusCode)
	}
	if _, diffs, err := app.Store.CheckReadModel(t.Context()); err != nil || len(diffs) != 0 {
		t.Fatalf("read model after new periods: %v %v", diffs, err)
	}
	if r := coord.Post(base+"/periods/WNP-1/close", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close WNP-1: %d", r.StatusCode)
	}
	if r := coord.Post(base+"/periods", url.Values{}); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "zamknięty") {
		t.Fatalf("changing periods with a closed one: %d", r.StatusCode)
	}
}
