package report

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"testing"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/domain"
)

// The workbook is, part for part, the one excelize's cell API writes for
// the same report (the way WriteXLSX made it before it copied the fixed
// parts): texts with diacritics, markup characters, leading spaces and
// line breaks, long fractions, a percentage that is not a number, negative
// corrections.
func TestXLSXSameAsExcelize(t *testing.T) {
	odd := sampleReport(t, 4)
	odd.Rows[0].Name = " <b>Zażółć</b> & \"gęślą\"\njaźń "
	odd.Rows[1].Percent = 300.0 / 7
	odd.Rows[2].Percent = math.NaN()
	odd.Rows[3].Name = odd.Rows[1].Name
	odd.Rows[3].Percent = 12345678901234567890.5
	odd.Rows[0].Percent = 0.1 + 0.2
	odd.Corrections = append(odd.Corrections, domain.Correction{Period: "2011-Q1", Indicator: "\tSpadek", Filed: dec(t, "12,75"), Now: dec(t, "0,25")})
	open := sampleReport(t, 20)
	open.Closed, open.Corrections = nil, nil
	empty := sampleReport(t, 0)
	empty.Corrections = nil
	for name, rep := range map[string]*Report{"Closed": sampleReport(t, 3), "Odd": odd, "Open": open, "Empty": empty} {
		t.Run(name, func(t *testing.T) {
			var got, want bytes.Buffer
			if err := WriteXLSX(&got, rep); err != nil {
				t.Fatal(err)
			}
			if err := writeXLSXExcelize(&want, rep); err != nil {
				t.Fatal(err)
			}
			g, w := unzipParts(t, got.Bytes()), unzipParts(t, want.Bytes())
			if len(g) != len(w) {
				t.Fatalf("%d parts, excelize writes %d", len(g), len(w))
			}
			for i := range w {
				if g[i][0] != w[i][0] || g[i][1] != w[i][1] {
					t.Errorf("part %d: %s\n%s\nexcelize writes %s\n%s", i, g[i][0], g[i][1], w[i][0], w[i][1])
				}
			}
		})
	}
}

func unzipParts(t *testing.T, b []byte) [][2]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{f.Name, string(x)})
	}
	return out
}

// BenchmarkWriteXLSXExcelize is the workbook made through excelize's cell
// API, for comparison with BenchmarkWriteXLSX.
func BenchmarkWriteXLSXExcelize(b *testing.B) {
	rep := sampleReport(b, 15)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := writeXLSXExcelize(&buf, rep); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// writeXLSXExcelize is the report made cell by cell with excelize: numbers as number
// cells, a frozen header row, corrections on a second sheet.
func writeXLSXExcelize(w io.Writer, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Wskaźniki"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	num2, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("0.0")})
	if err != nil {
		return err
	}
	for i, c := range Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, c); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A1", "J1", bold); err != nil {
		return err
	}
	for i, x := range r.Rows {
		row := i + 2
		set := func(col int, v any) error {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			switch t := v.(type) {
			case string:
				return f.SetCellStr(sheet, cell, t)
			default:
				return f.SetCellValue(sheet, cell, t)
			}
		}
		vals := []any{x.Number, x.Name, x.UnitOfMeasure, x.Target.Float(), x.Value.Float(), x.Cumulative.Float(), x.Percent}
		if x.Persons {
			vals = append(vals, x.Women, x.Men)
		} else {
			vals = append(vals, "", "")
		}
		vals = append(vals, x.Records)
		for c, v := range vals {
			if err := set(c+1, v); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sheet, cellName(4, row), cellName(6, row), num2); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cellName(7, row), cellName(7, row), pct); err != nil {
			return err
		}
	}
	meta := len(r.Rows) + 3
	for i, kv := range [][2]string{{"Program", r.ProgrammeCode + " " + r.ProgrammeTitle}, {"Okres", r.Period.Label()}, {"Stan", r.Status()}} {
		if err := f.SetCellStr(sheet, cellName(1, meta+i), kv[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cellName(2, meta+i), kv[1]); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	_ = f.SetColWidth(sheet, "B", "B", 60)
	_ = f.SetColWidth(sheet, "C", "J", 14)
	if len(r.Corrections) > 0 {
		const cs = "Korekty"
		if _, err := f.NewSheet(cs); err != nil {
			return err
		}
		for i, h := range CorrectionColumns {
			if err := f.SetCellStr(cs, cellName(i+1, 1), h); err != nil {
				return err
			}
		}
		for i, c := range r.Corrections {
			row := i + 2
			for col, v := range []any{c.Indicator, c.Period, c.Filed.Float(), c.Now.Float(), c.Difference().Float()} {
				if err := f.SetCellValue(cs, cellName(col+1, row), v); err != nil {
					return err
				}
			}
		}
		if err := f.SetPanes(cs, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

func strPtr(s string) *string { return &s }
