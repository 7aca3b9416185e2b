package web_test

import (
	"encoding/csv"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/components"
	"kaizen/web/paths"
)

// readListCSV checks a list export is a file Excel in Poland opens (UTF-8 BOM,
// semicolons) and returns its rows, the header first.
func readListCSV(t *testing.T, r *testapp.Response) [][]string {
	t.Helper()
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
	}
	if !strings.HasPrefix(r.Body, "\xef\xbb\xbf") {
		t.Fatalf("export without a BOM: %q", r.Body[:min(20, len(r.Body))])
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xef\xbb\xbf")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) == 0 || len(rows[0]) < 2 {
		t.Fatalf("export is not semicolon-separated: %v\n%s", err, r.Body)
	}
	return rows
}

func TestListSortLinks(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	c := app.LoginAs("koordynator")
	list := paths.Consultations(prog)

	page := c.Get(list + "?q=a&sort=" + domain.SortDays + "&dir=desc")
	if page.StatusCode != 200 || strings.Count(page.Body, `aria-sort=`) != 1 || !strings.Contains(page.Body, `aria-sort="descending"`) {
		t.Fatalf("sorted by days, descending: %d, aria-sort %d times", page.StatusCode, strings.Count(page.Body, `aria-sort=`))
	}
	// The sorted column's link turns the order; the others sort ascending;
	// every one keeps the search and starts from the first page.
	for _, want := range []string{
		`href="` + list + `?dir=asc&amp;q=a&amp;sort=` + domain.SortDays + `"`,
		`href="` + list + `?dir=asc&amp;q=a&amp;sort=` + domain.SortExpert + `"`,
		`href="` + paths.ConsultationsExport(prog) + `?dir=desc&amp;q=a&amp;sort=` + domain.SortDays + `"`,
		`<input type="hidden" name="sort" value="` + domain.SortDays + `">`,
		`>Wyczyść</a>`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// An unknown key (whatever it holds) shows the default order: by date,
	// newest first.
	page = c.Get(list + "?sort=" + url.QueryEscape("day; DROP TABLE units") + "&dir=sideways")
	// (The forms' hidden "return" field names the page as it was asked
	// for, escaped; the list's own links and fields must not carry the key.)
	rest := returnFieldRE.ReplaceAllString(page.Body, "")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `aria-sort="descending"`) ||
		!strings.Contains(page.Body, `data-testid="sort-`+domain.SortDate+`"`) || strings.Contains(rest, "DROP") {
		t.Fatalf("unknown sort key: %d", page.StatusCode)
	}
}

var returnFieldRE = regexp.MustCompile(`<input type="hidden" name="` + components.FieldReturn + `" value="[^"]*">`)

// TestListExports: every list's CSV holds exactly the rows its filter
// matches, in its order.
func TestListExports(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, training, leader, _ := demoIDs(t, app)
	c := app.LoginAs("koordynator")

	all, _, err := app.Store.ConsultationList(ctx, prog, domain.ConsultationFilter{})
	if err != nil || len(all) < 2 {
		t.Fatalf("demo consultations: %d, %v", len(all), err)
	}
	expert := all[0].Expert
	want, _, _ := app.Store.ConsultationList(ctx, prog, domain.ConsultationFilter{ListQuery: domain.ListQuery{Search: expert, Sort: domain.SortDays}})
	rows := readListCSV(t, c.Get(paths.ConsultationsExport(prog)+"?q="+url.QueryEscape(expert)+"&sort="+domain.SortDays+"&dir=asc"))
	if strings.Join(rows[0], ";") != "Data;Zadanie;Jednostka;Ekspert;Godziny;Dni;Temat;Wykonane prace" || len(rows)-1 != len(want) || len(want) == len(all) {
		t.Fatalf("consultations of %q: %d rows, want %d (of %d)", expert, len(rows)-1, len(want), len(all))
	}
	for i, w := range want {
		if rows[i+1][0] != w.Day.Format("2006-01-02") || rows[i+1][3] != w.Expert || rows[i+1][5] != w.Days.Input() {
			t.Fatalf("row %d = %v, want %s %s %s", i+1, rows[i+1], w.Day.Format("2006-01-02"), w.Expert, w.Days.Input())
		}
	}

	sessions, total, _ := app.Store.SessionList(ctx, prog, domain.SessionFilter{TrainingID: training})
	rows = readListCSV(t, c.Get(paths.TrainingSessionsExport(prog)+"?szkolenie="+itoa(training)))
	if len(rows)-1 != total || total == 0 || rows[1][0] != sessions[0].TrainingCode {
		t.Fatalf("sessions of a training: %d rows, want %d", len(rows)-1, total)
	}

	products, _ := app.Store.UnitProducts(ctx, prog, domain.ProductFilter{UnitID: leader})
	rows = readListCSV(t, c.Get(paths.ProductsExport(prog)+"?jednostka="+itoa(leader)))
	if len(rows)-1 != len(products) || len(products) == 0 {
		t.Fatalf("products of a unit: %d rows, want %d", len(rows)-1, len(products))
	}
	for _, r := range rows[1:] {
		if r[0] != "Urząd Miasta w Dzierżoniowie" {
			t.Fatalf("a product of another unit: %v", r)
		}
	}

	for _, path := range []string{paths.ProgrammesExport() + "?q=zzzz-nic", paths.MeetingsExport(prog), paths.ProtocolsExport(prog) + "?wszystkie=1",
		paths.ParticipationsExport(prog) + "?sort=" + domain.SortVoivodeship, paths.UnitsExport() + "?q=Bielawa"} {
		rows := readListCSV(t, c.Get(path))
		if strings.HasPrefix(path, paths.ProgrammesExport()) && len(rows) != 1 {
			t.Errorf("%s: %d rows for a search matching nothing", path, len(rows)-1)
		}
		if strings.HasPrefix(path, paths.UnitsExport()) && (len(rows) != 2 || !strings.Contains(rows[1][0], "Bielawa")) {
			t.Errorf("%s: %v", path, rows)
		}
	}
}

// TestListExportsNames: the participants' file names people only for the
// roles that see names, a unit manager only their own units' people; the
// others get the counts by unit.
func TestListExportsNames(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	people, _, err := app.Store.SearchPersons(t.Context(), prog, domain.PersonFilter{})
	if err != nil || len(people) == 0 {
		t.Fatalf("demo people: %d, %v", len(people), err)
	}
	export := paths.PersonsExport(prog)
	surnames := map[string]bool{}
	for _, p := range people {
		surnames[p.LastName] = true
	}
	rows := readListCSV(t, app.LoginAs("obserwator").Get(export+"?q="+url.QueryEscape(people[0].LastName)))
	if strings.Join(rows[0], ";") != "Jednostka;Kobiety;Mężczyźni;Razem" || len(rows) < 2 {
		t.Fatalf("viewer: %v", rows)
	}
	for _, r := range rows {
		for _, cell := range r {
			if surnames[cell] {
				t.Fatalf("the viewer's file names %s: %v", cell, r)
			}
		}
	}
	rows = readListCSV(t, app.LoginAs("ekspert").Get(export))
	if rows[0][0] != "Nazwisko" || len(rows)-1 != len(people) {
		t.Fatalf("expert: %d people, want %d; header %v", len(rows)-1, len(people), rows[0])
	}
	rows = readListCSV(t, app.LoginAs("kierownik").Get(export+"?sort="+domain.SortUnit))
	if rows[0][0] != "Nazwisko" || len(rows) < 2 || len(rows)-1 == len(people) {
		t.Fatalf("unit manager: %d of %d people", len(rows)-1, len(people))
	}
	for _, r := range rows[1:] {
		if r[2] != "Urząd Miasta w Dzierżoniowie" {
			t.Fatalf("unit manager sees a person of another unit: %v", r)
		}
	}
	// The page offers the same file.
	if page := app.LoginAs("obserwator").Get(paths.Persons(prog)); !strings.Contains(page.Body, `href="`+export+`"`) {
		t.Error("the participants page lacks its CSV link")
	}
}
