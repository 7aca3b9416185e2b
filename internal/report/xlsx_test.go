package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/domain"
)

func dec(t testing.TB, s string) domain.Decimal {
	t.Helper()
	d, err := domain.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sampleReport is a closed period's report with Polish names, a row
// disaggregated by sex, one that is not, and a correction.
func sampleReport(t testing.TB, rows int) *Report {
	r := &Report{ProgrammeCode: "KAI-01", ProgrammeTitle: "Zarządzanie jakością w urzędach gmin — żółć",
		// fixed reference dates: the writer reads no clock
		Period:      domain.Period{Code: "2011-Q2", Start: time.Date(2011, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2011, 6, 30, 0, 0, 0, 0, time.UTC)},
		GeneratedAt: time.Date(2011, 7, 1, 8, 30, 0, 0, time.UTC),
		Closed:      &domain.Closing{ClosedAt: time.Date(2011, 7, 2, 10, 0, 0, 0, time.UTC), ClosedBy: "Łucja Żółkiewska", RequestNo: "WNP/1", Digest: "ab12"},
		Corrections: []domain.Correction{{Period: "2011-Q1", Indicator: "Liczba osób przeszkolonych", Filed: dec(t, "10"), Now: dec(t, "12,5")}},
	}
	for i := range rows {
		row := domain.ReportRow{Number: "W" + string(rune('A'+i%26)), Name: "Liczba pracowników, którzy ukończyli szkolenie ąćęłńóśźż", UnitOfMeasure: "osoby",
			Target: dec(t, "1234,5"), Value: dec(t, "1,5"), Cumulative: dec(t, "4321"), Percent: 42.94, Records: 7 + i}
		if i%2 == 0 {
			row.Persons, row.Women, row.Men = true, 3, 4
		}
		r.Rows = append(r.Rows, row)
	}
	return r
}

// The workbook holds the report as typed: texts with their diacritics,
// numbers as number cells with their formats, the header bold and frozen,
// the status lines below, the corrections on their own sheet.
func TestXLSXContent(t *testing.T) {
	rep := sampleReport(t, 3)
	var b bytes.Buffer
	if err := WriteXLSX(&b, rep); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Wskaźniki" || got[1] != "Korekty" {
		t.Fatalf("sheets = %v", got)
	}
	const s = "Wskaźniki"
	raw := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shown := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i, c := range Columns {
		if got := raw(s, cellName(i+1, 1)); got != c {
			t.Errorf("header %d = %q, want %q", i+1, got, c)
		}
	}
	want := map[string]string{
		"A2": "WA", "B2": "Liczba pracowników, którzy ukończyli szkolenie ąćęłńóśźż", "C2": "osoby",
		"D2": "1234.5", "E2": "1.5", "F2": "4321", "G2": "42.94", "H2": "3", "I2": "4", "J2": "7",
		"H3": "", "I3": "", "J3": "8",
		"A6": "Program", "B6": "KAI-01 Zarządzanie jakością w urzędach gmin — żółć",
		"A7": "Okres", "B7": rep.Period.Label(),
		"A8": "Stan", "B8": rep.Status(),
	}
	for cell, v := range want {
		if got := raw(s, cell); got != v {
			t.Errorf("%s = %q, want %q", cell, got, v)
		}
	}
	for _, cell := range []string{"D2", "E2", "F2", "G2", "H2", "I2", "J2"} {
		if typ, _ := f.GetCellType(s, cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s type = %v, want a number", cell, typ)
		}
	}
	for _, cell := range []string{"A2", "B2", "C2"} {
		if typ, _ := f.GetCellType(s, cell); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
			t.Errorf("%s type = %v, want text", cell, typ)
		}
	}
	// Number formats: #,##0.00 on the target, value and cumulative; one
	// decimal on the percentage; the header bold and wrapped.
	for cell, v := range map[string]string{"D2": "1,234.50", "E2": "1.50", "F2": "4,321.00", "G2": "42.9", "J2": "7"} {
		if got := shown(s, cell); got != v {
			t.Errorf("%s shown as %q, want %q", cell, got, v)
		}
	}
	hs, _ := f.GetCellStyle(s, "A1")
	st, err := f.GetStyle(hs)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Alignment == nil || !st.Alignment.WrapText || st.Alignment.Vertical != "top" {
		t.Errorf("header style = %+v (%v)", st, err)
	}
	ds, _ := f.GetCellStyle(s, "D3")
	if st, _ := f.GetStyle(ds); st == nil || st.NumFmt != 4 {
		t.Errorf("D3 style = %+v, want number format 4", st)
	}
	if panes, _ := f.GetPanes(s); !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v", panes)
	}
	if w, _ := f.GetColWidth(s, "B"); w != 60 {
		t.Errorf("column B width = %v", w)
	}
	if w, _ := f.GetColWidth(s, "J"); w != 14 {
		t.Errorf("column J width = %v", w)
	}
	for cell, v := range map[string]string{"A1": "Wskaźnik", "E1": "Korekta", "A2": "Liczba osób przeszkolonych", "B2": "2011-Q1", "C2": "10", "D2": "12.5", "E2": "2.5"} {
		if got := raw("Korekty", cell); got != v {
			t.Errorf("Korekty!%s = %q, want %q", cell, got, v)
		}
	}
	if panes, _ := f.GetPanes("Korekty"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Korekty panes = %+v", panes)
	}
}

// An open period without corrections has one sheet.
func TestXLSXNoCorrections(t *testing.T) {
	rep := sampleReport(t, 1)
	rep.Corrections, rep.Closed = nil, nil
	var b bytes.Buffer
	if err := WriteXLSX(&b, rep); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetCellValue("Wskaźniki", "A4"); v != "Program" {
		t.Errorf("A4 = %q", v)
	}
	if v, _ := f.GetCellValue("Wskaźniki", "B6"); v != rep.Status() {
		t.Errorf("B6 = %q, want %q", v, rep.Status())
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	rep := sampleReport(b, 15)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteXLSX(&buf, rep); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
