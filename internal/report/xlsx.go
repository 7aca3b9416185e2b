package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The report's workbook is small (a row per indicator) and asked for often,
// so building it through excelize cost four times its query: a new file
// parses excelize's templates (theme, styles), and every part is marshalled
// and compressed again on each download. Here excelize makes the workbook's
// fixed parts once (workbook, styles with their number formats, theme, the
// sheets' frozen header and column widths), kept compressed; a download
// copies them as they are and writes only the cells: the worksheets' rows
// and the shared strings, in the same SpreadsheetML excelize writes.

// xlsxTemplate is a workbook made once by excelize, cells left out.
type xlsxTemplate struct {
	parts []xlsxPart
	// Style ids of the header (bold, wrapped, top), #,##0.00 and 0.0.
	bold, num2, pct int
}

// xlsxPart is one part of the package: copied compressed as it is, or
// written per workbook (a worksheet's rows between head and tail, or the
// shared strings when sst is set).
type xlsxPart struct {
	header     zip.FileHeader
	raw        []byte
	sheet      int // 1-based index of the worksheet written here; 0 for a fixed part
	head, tail string
	sst        bool
}

const (
	sheetIndicators  = "Wskaźniki"
	sheetCorrections = "Korekty"
)

// xlsxTemplates are made on first use: one without and one with the
// corrections sheet.
var xlsxTemplates = [2]func() (*xlsxTemplate, error){
	sync.OnceValues(func() (*xlsxTemplate, error) { return newXLSXTemplate(false) }),
	sync.OnceValues(func() (*xlsxTemplate, error) { return newXLSXTemplate(true) }),
}

func newXLSXTemplate(corrections bool) (*xlsxTemplate, error) {
	f := excelize.NewFile()
	defer f.Close()
	t := &xlsxTemplate{}
	if err := f.SetSheetName("Sheet1", sheetIndicators); err != nil {
		return nil, err
	}
	var err error
	if t.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	if t.num2, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return nil, err
	}
	oneDecimal := "0.0"
	if t.pct, err = f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimal}); err != nil {
		return nil, err
	}
	// A string gives the package its shared strings part (replaced by each
	// workbook's own).
	if err := f.SetCellStr(sheetIndicators, "A1", "x"); err != nil {
		return nil, err
	}
	frozen := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
	if err := f.SetPanes(sheetIndicators, frozen); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sheetIndicators, "B", "B", 60); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sheetIndicators, "C", "J", 14); err != nil {
		return nil, err
	}
	sheets := []string{sheetIndicators}
	if corrections {
		if _, err := f.NewSheet(sheetCorrections); err != nil {
			return nil, err
		}
		if err := f.SetPanes(sheetCorrections, frozen); err != nil {
			return nil, err
		}
		sheets = append(sheets, sheetCorrections)
	}
	var pkg bytes.Buffer
	if _, err := f.WriteTo(&pkg); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(pkg.Bytes()), int64(pkg.Len()))
	if err != nil {
		return nil, err
	}
	// excelize names the n-th new sheet's part sheetN.xml.
	paths := map[string]int{}
	for i := range sheets {
		paths["xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml"] = i + 1
	}
	for _, zf := range zr.File {
		part := xlsxPart{header: zf.FileHeader}
		switch {
		case paths[zf.Name] > 0:
			part.sheet = paths[zf.Name]
			x, err := readPart(zf)
			if err != nil {
				return nil, err
			}
			if part.head, part.tail, err = splitSheetData(x); err != nil {
				return nil, fmt.Errorf("report: %s: %w", zf.Name, err)
			}
		case zf.Name == "xl/sharedStrings.xml":
			part.sst = true
		default:
			r, err := zf.OpenRaw()
			if err != nil {
				return nil, err
			}
			if part.raw, err = io.ReadAll(r); err != nil {
				return nil, err
			}
		}
		if part.sheet > 0 || part.sst {
			// The parts written per report are stored, not deflated
			// (OPC allows both): a few kB each, where a flate writer
			// takes 0.7–1.2 MiB and deflating them was a fifth of the
			// XLSX download's CPU (BENCHMARKS.md, "National-scale
			// capacity, round four"). The template's other parts are
			// copied as excelize compressed them.
			part.header = zip.FileHeader{Name: zf.Name, Method: zip.Store}
		}
		t.parts = append(t.parts, part)
		delete(paths, zf.Name)
	}
	if len(paths) > 0 {
		return nil, fmt.Errorf("report: excelize wrote no worksheet part %v", paths)
	}
	return t, nil
}

func readPart(zf *zip.File) (string, error) {
	r, err := zf.Open()
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	return string(b), err
}

// splitSheetData cuts a worksheet around its rows.
func splitSheetData(x string) (head, tail string, err error) {
	if i := strings.Index(x, "<sheetData/>"); i >= 0 {
		return x[:i] + "<sheetData>", "</sheetData>" + x[i+len("<sheetData/>"):], nil
	}
	i, j := strings.Index(x, "<sheetData>"), strings.Index(x, "</sheetData>")
	if i < 0 || j < i {
		return "", "", fmt.Errorf("no sheetData")
	}
	return x[:i+len("<sheetData>")], x[j:], nil
}

// WriteXLSX writes the report as an Excel workbook: numbers as number
// cells, a frozen header row, corrections on a second sheet.
func WriteXLSX(w io.Writer, r *Report) error {
	withCorrections := 0
	if len(r.Corrections) > 0 {
		withCorrections = 1
	}
	t, err := xlsxTemplates[withCorrections]()
	if err != nil {
		return err
	}
	b := newSheetWriter()
	sheets := []string{b.indicators(t, r)}
	if withCorrections == 1 {
		sheets = append(sheets, b.corrections(r))
	}
	zw := zip.NewWriter(w)
	for i := range t.parts {
		p := &t.parts[i]
		if p.raw != nil {
			pw, err := zw.CreateRaw(&p.header)
			if err != nil {
				return err
			}
			if _, err := pw.Write(p.raw); err != nil {
				return err
			}
			continue
		}
		h := p.header
		pw, err := zw.CreateHeader(&h)
		if err != nil {
			return err
		}
		parts := []string{p.head, "", p.tail}
		if p.sst {
			parts = []string{b.sharedStrings()}
		} else {
			parts[1] = sheets[p.sheet-1]
		}
		for _, x := range parts {
			if _, err := io.WriteString(pw, x); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func (b *sheetWriter) indicators(t *xlsxTemplate, r *Report) string {
	b.row(1)
	for i, c := range Columns {
		b.str(i+1, c, t.bold)
	}
	b.endRow()
	for i, x := range r.Rows {
		b.row(i + 2)
		b.str(1, x.Number, 0)
		b.str(2, x.Name, 0)
		b.str(3, x.UnitOfMeasure, 0)
		b.num(4, x.Target.Float(), t.num2)
		b.num(5, x.Value.Float(), t.num2)
		b.num(6, x.Cumulative.Float(), t.num2)
		b.num(7, x.Percent, t.pct)
		if x.Persons {
			b.int(8, x.Women)
			b.int(9, x.Men)
		} else {
			b.str(8, "", 0)
			b.str(9, "", 0)
		}
		b.int(10, x.Records)
		b.endRow()
	}
	meta := len(r.Rows) + 3
	for i, kv := range [][2]string{{"Program", r.ProgrammeCode + " " + r.ProgrammeTitle}, {"Okres", r.Period.Label()}, {"Stan", r.Status()}} {
		b.row(meta + i)
		b.str(1, kv[0], 0)
		b.str(2, kv[1], 0)
		b.endRow()
	}
	return b.take()
}

func (b *sheetWriter) corrections(r *Report) string {
	b.row(1)
	for i, h := range CorrectionColumns {
		b.str(i+1, h, 0)
	}
	b.endRow()
	for i, c := range r.Corrections {
		b.row(i + 2)
		b.str(1, c.Indicator, 0)
		b.str(2, c.Period, 0)
		b.num(3, c.Filed.Float(), 0)
		b.num(4, c.Now.Float(), 0)
		b.num(5, c.Difference().Float(), 0)
		b.endRow()
	}
	return b.take()
}

// sheetWriter writes worksheet rows as excelize does: a string is an index
// into the workbook's shared strings, a number its shortest form rounded to
// 15 significant digits.
type sheetWriter struct {
	rows    strings.Builder
	strings strings.Builder
	index   map[string]int
	rowNo   int
}

func newSheetWriter() *sheetWriter {
	b := &sheetWriter{index: map[string]int{}}
	b.rows.Grow(8 << 10)
	b.strings.Grow(4 << 10)
	return b
}

func (b *sheetWriter) row(n int) {
	b.rowNo = n
	b.rows.WriteString(`<row r="`)
	b.rows.WriteString(strconv.Itoa(n))
	b.rows.WriteString(`">`)
}

func (b *sheetWriter) endRow() { b.rows.WriteString("</row>") }

func (b *sheetWriter) take() string {
	s := b.rows.String()
	b.rows.Reset()
	return s
}

// cell opens cell col of the current row with its style and type.
func (b *sheetWriter) cell(col, style int, typ string) {
	b.rows.WriteString(`<c r="`)
	b.rows.WriteString(columnName(col))
	b.rows.WriteString(strconv.Itoa(b.rowNo))
	b.rows.WriteByte('"')
	if style != 0 {
		b.rows.WriteString(` s="`)
		b.rows.WriteString(strconv.Itoa(style))
		b.rows.WriteByte('"')
	}
	if typ != "" {
		b.rows.WriteString(` t="`)
		b.rows.WriteString(typ)
		b.rows.WriteByte('"')
	}
	b.rows.WriteString("><v>")
}

func (b *sheetWriter) str(col int, s string, style int) {
	s = truncateCell(s)
	i, ok := b.index[s]
	if !ok {
		i = len(b.index)
		b.index[s] = i
		b.strings.WriteString("<si><t")
		if s != "" && (strings.ContainsRune("\t\n\r ", rune(s[0])) || strings.ContainsRune("\t\n\r ", rune(s[len(s)-1]))) {
			b.strings.WriteString(` xml:space="preserve"`)
		}
		b.strings.WriteByte('>')
		_ = xml.EscapeText(&b.strings, []byte(s))
		b.strings.WriteString("</t></si>")
	}
	b.cell(col, style, "s")
	b.rows.WriteString(strconv.Itoa(i))
	b.rows.WriteString("</v></c>")
}

func (b *sheetWriter) num(col int, v float64, style int) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b.str(col, fmt.Sprint(v), style)
		return
	}
	b.cell(col, style, "")
	b.rows.WriteString(formatNumber(v))
	b.rows.WriteString("</v></c>")
}

func (b *sheetWriter) int(col, v int) {
	b.cell(col, 0, "")
	b.rows.WriteString(strconv.Itoa(v))
	b.rows.WriteString("</v></c>")
}

func (b *sheetWriter) sharedStrings() string {
	n := strconv.Itoa(len(b.index))
	return xml.Header[:len(xml.Header)-1] + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="` + n + `" uniqueCount="` + n + `">` +
		b.strings.String() + "</sst>"
}

// formatNumber is v as excelize writes a float: the shortest decimal form,
// cut (not rounded) after the 15 significant digits a spreadsheet keeps.
func formatNumber(v float64) string {
	str := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return str
	}
	const maxDigits = 15
	point := strings.IndexByte(str, '.')
	digits := 0
	for i := range str {
		if str[i] < '0' || str[i] > '9' || digits == 0 && str[i] == '0' {
			continue
		}
		digits++
		if digits <= maxDigits {
			continue
		}
		if point >= 0 && i > point {
			return strings.TrimSuffix(str[:i], ".")
		}
		if point < 0 {
			point = len(str)
		}
		whole := []byte(str[:point])
		for ; i < len(whole); i++ {
			whole[i] = '0'
		}
		return string(whole)
	}
	return str
}

// truncateCell cuts a text to the 32,767 UTF-16 units a cell holds.
func truncateCell(s string) string {
	if len(s) <= excelize.TotalCellChars {
		return s
	}
	n := 0
	for i, c := range s {
		n += utf16.RuneLen(c)
		if n > excelize.TotalCellChars {
			return s[:i]
		}
	}
	return s
}

// columnName is a column's letters: 1 is A, 27 is AA.
func columnName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}
