package report

import (
	"io"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/csvout"
)

// Rows is a table written row by row: each calls row once per row, in
// order, and returns the first error.
type Rows func(row func(cells []string) error) error

// WriteRowsCSV writes a header and the rows as CSV (csvout: UTF-8 with a
// BOM, semicolons, no formulas).
func WriteRowsCSV(w io.Writer, header []string, each Rows) error {
	cw := csvout.New(w)
	cw.Row(header...)
	if err := each(func(cells []string) error { cw.Row(cells...); return nil }); err != nil {
		return err
	}
	return cw.Close()
}

// WriteRowsXLSX writes a header and the rows as one sheet of a workbook
// through excelize's stream writer (rows are not held in memory), the
// header row bold and frozen. Cells are text: codes keep their form.
func WriteRowsXLSX(w io.Writer, sheet string, header []string, each Rows) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := func(xs []string, style int) []any {
		out := make([]any, len(xs))
		for i, x := range xs {
			out[i] = excelize.Cell{StyleID: style, Value: x}
		}
		return out
	}
	if err := sw.SetRow("A1", cells(header, bold)); err != nil {
		return err
	}
	row := 1
	if err := each(func(xs []string) error {
		row++
		return sw.SetRow(cellName(1, row), cells(xs, 0))
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
