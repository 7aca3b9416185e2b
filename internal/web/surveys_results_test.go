package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/pdftext"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

func TestSurveyWaveResultsPage(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	f := newResultsFixture(t, app)
	url := paths.SurveyWaveResults(f.programme, f.baseline)

	r := app.LoginAs("koordynator").Get(url)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
	}
	for _, want := range []string{
		`data-testid="wave-n">60<`,
		"75,0%", "62,8–84,2", // P1: 45 of 60 among the two best, Wilson
		"odsetek dwóch najlepszych odpowiedzi (top-2)", // the index's method
		"(zebrano 75,0%)", // 60 of the 80 planned
		"Dłuższe godziny otwarcia (20)",
		"Porównanie z pomiarem wyjściowym",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	// P1's mean: (30·5 + 15·4 + 15·2)/60 = 4,0.
	row := between(r.Body, `data-testid="item-P1"`, "</tr>")
	if !strings.Contains(row, ">4,0<") {
		t.Errorf("P1 row without the mean 4,0: %s", row)
	}
	// M1: "pierwszy raz" 3 times is not shown, "kilka razy w roku" 57 is.
	m1 := between(r.Body, `data-testid="item-M1"`, "</section>")
	if !strings.Contains(m1, "&lt; 5") || !strings.Contains(m1, ">57<") || strings.Contains(m1, ">3<") {
		t.Errorf("M1 table does not hide the small cell: %s", m1)
	}

	// A viewer sees how many open answers there are, not what they say.
	r = app.LoginAs("obserwator").Get(url)
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "Dłuższe godziny") || !strings.Contains(r.Body, `data-testid="open-count-O1">3<`) {
		t.Errorf("viewer: status %d, open answers shown or not counted", r.StatusCode)
	}
	// The unit's manager reads them; the manager of another unit may not
	// open the wave.
	if r = app.LoginAs("kierownik").Get(url); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Dłuższe godziny otwarcia (0)") {
		t.Errorf("own unit's manager: status %d, open answers missing", r.StatusCode)
	}
	if r = app.LoginAs("kierownik").Get(paths.SurveyWaveResults(f.programme, f.other)); r.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's wave for a unit manager: %d, want 403", r.StatusCode)
	}
	// A wave of another programme's address is not found.
	if r = app.LoginAs("koordynator").Get(paths.SurveyWaveResults(f.programme, 999999)); r.StatusCode != http.StatusNotFound {
		t.Errorf("missing wave: %d", r.StatusCode)
	}
}

func TestSurveyCompareAndBenchmark(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	f := newResultsFixture(t, app)
	q := strconv.FormatInt(f.questionnaire, 10)
	compare := paths.SurveyCompare(f.programme) + "?q=" + q + "&unit=" + strconv.FormatInt(f.leader, 10)
	r := app.LoginAs("ekspert").Get(compare)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("compare: %d\n%s", r.StatusCode, r.Body)
	}
	sentence := between(r.Body, `data-testid="compare-sentence"`, "</p>")
	if !strings.Contains(sentence, "Wzrost o") || !strings.Contains(sentence, "zmiana większa niż niepewność pomiaru") {
		t.Errorf("compare sentence: %s", sentence)
	}
	// P1 top-two: 75,0% at baseline, 100,0% at follow-up.
	p1 := between(r.Body, `data-testid="compare-P1"`, "</tr>")
	if !strings.Contains(p1, "75,0% (62,8–84,2)") || !strings.Contains(p1, "100,0%") {
		t.Errorf("compare P1: %s", p1)
	}
	if r = app.LoginAs("kierownik").Get(paths.SurveyCompare(f.programme) + "?q=" + q + "&unit=" + strconv.FormatInt(f.bielawa, 10)); r.StatusCode != http.StatusForbidden {
		t.Errorf("compare of another unit for a unit manager: %d", r.StatusCode)
	}

	bench := paths.SurveyBenchmark(f.programme) + "?q=" + q + "&round=0"
	r = app.LoginAs("koordynator").Get(bench)
	table := between(r.Body, `data-testid="benchmark-table"`, "</table>")
	for _, want := range []string{"Urząd Miasta w Dzierżoniowie", "Urząd Miasta Bielawa", "Urząd Miasta Bolesławiec"} {
		if !strings.Contains(table, want) {
			t.Errorf("coordinator's benchmark lacks %s", want)
		}
	}
	// Bolesławiec has 3 responses: listed without a value.
	if row := between(table, "Urząd Miasta Bolesławiec", "</tr>"); !strings.Contains(row, "&lt; 5") {
		t.Errorf("small unit shown with a value: %s", row)
	}
	// The unit manager: the own unit by name, the others anonymised.
	r = app.LoginAs("kierownik").Get(bench)
	table = between(r.Body, `data-testid="benchmark-table"`, "</table>")
	if !strings.Contains(table, "Urząd Miasta w Dzierżoniowie") || strings.Contains(r.Body, "Bielawa") || strings.Contains(r.Body, "Bolesławiec") ||
		!strings.Contains(table, "Jednostka A") || !strings.Contains(table, "Jednostka B") {
		t.Errorf("unit manager's benchmark does not anonymise: %s", table)
	}
	if !strings.Contains(r.Body, `data-testid="benchmark-jednostka-`+strconv.FormatInt(f.baseline, 10)+`"`) {
		t.Error("unit manager's own strip missing")
	}
}

func TestSurveyResultsExports(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	f := newResultsFixture(t, app)
	coord := app.LoginAs("koordynator")
	r := coord.Get(paths.SurveyResponsesCSV(f.programme, f.baseline))
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(r.Body, "\ufeff")), "\r\n")
	if len(lines) != 61 {
		t.Fatalf("csv has %d lines, want header + 60", len(lines))
	}
	head := strings.Split(lines[0], ";")
	wantHead := []string{"Badanie", "Kanał", "Data", "Nr arkusza", "P1", "P1 (etykieta)", "P2", "P2 (etykieta)", "M1", "M1 (etykieta)",
		"W1_1", "W1_2", "W1_3", "W1 (etykiety)", "O1"}
	if strings.Join(head, "|") != strings.Join(wantHead, "|") {
		t.Errorf("csv header %v", head)
	}
	first := strings.Split(lines[1], ";")
	if first[4] != "5" || first[5] != "zdecydowanie tak" || first[10] != "1" || first[11] != "0" || first[13] != "meldunek" || !strings.HasPrefix(first[14], "Dłuższe") {
		t.Errorf("first response %v", first)
	}
	// A viewer's file has no open answers.
	r = app.LoginAs("obserwator").Get(paths.SurveyResponsesXLSX(f.programme, f.baseline))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: %d", r.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Ankiety")
	if err != nil || len(rows) != 61 || rows[0][len(rows[0])-1] != "W1 (etykiety)" || strings.Contains(r.Body, "Dłuższe") {
		t.Errorf("xlsx rows %d (%v), last header %q", len(rows), err, rows[0][len(rows[0])-1])
	}
	var audited int
	_ = app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'survey_wave'`).Scan(&audited)
	if audited != 2 {
		t.Errorf("%d exports audited, want 2", audited)
	}
	r = coord.Get(paths.SurveyWaveReport(f.programme, f.baseline))
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	text := pdftext.Text(t, []byte(r.Body))
	for _, want := range []string{"Wyniki badania satysfakcji", "75,0%", "62,8–84,2", "< 5"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf lacks %q", want)
		}
	}
}
