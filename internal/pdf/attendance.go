// Package pdf renders printable documents with an embedded font that has
// every Polish letter (DejaVu Sans, see fonts/LICENSE-DejaVu.txt).
package pdf

import (
	_ "embed"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var regular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var bold []byte

// AttendanceList is what a printed attendance list (lista obecności) shows.
type AttendanceList struct {
	ProgrammeTitle string
	FundingLine    string
	TrainingCode   string
	TrainingTopic  string
	GroupNo        int
	Days           []time.Time
	HalfDays       []time.Time // the days of Days that last half a day
	HoursPerDay    string
	Place          string
	Trainer        string
	Rows           []AttendanceRow // empty for the walk-in variant
	BlankRows      int             // extra empty rows for walk-ins
}

// AttendanceRow is one participant line.
type AttendanceRow struct {
	Name, Unit, Position string
}

// doc is a PDF document whose text calls only draw what the embedded font
// can: characters beyond the Basic Multilingual Plane (emoji and the like,
// which the font lacks and fpdf refuses) and control characters print as
// U+FFFD, so no user's text can make a document fail.
type doc struct{ *fpdf.Fpdf }

func printable(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || (r < 0x20 && r != '\n' && r != '\t') || r == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || (r < 0x20 && r != '\n' && r != '\t') {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func (d *doc) MultiCell(w, h float64, txt, border, align string, fill bool) {
	d.Fpdf.MultiCell(w, h, printable(txt), border, align, fill)
}

func (d *doc) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	d.Fpdf.CellFormat(w, h, printable(txt), border, ln, align, fill, link, linkStr)
}

func (d *doc) GetStringWidth(s string) float64 { return d.Fpdf.GetStringWidth(printable(s)) }

func (d *doc) SetTitle(title string, isUTF8 bool) { d.Fpdf.SetTitle(printable(title), isUTF8) }

// SplitText splits txt into lines that fit width.
func (d *doc) SplitText(txt string, w float64) []string { return d.Fpdf.SplitText(printable(txt), w) }

func newDoc(orientation string) *doc {
	d := &doc{fpdf.New(orientation, "mm", "A4", "")}
	d.AddUTF8FontFromBytes("DejaVu", "", regular)
	d.AddUTF8FontFromBytes("DejaVu", "B", bold)
	d.SetMargins(12, 12, 12)
	d.SetAutoPageBreak(true, 14)
	d.SetCreator("Kaizen", true)
	return d
}

// WriteAttendanceList writes the list as PDF: landscape A4, the session's
// facts on top, then a table with one signature column per day.
func WriteAttendanceList(w io.Writer, l AttendanceList) error {
	d := newDoc("L")
	d.SetTitle("Lista obecności "+l.TrainingCode+" grupa "+strconv.Itoa(l.GroupNo), true)
	pageW, _ := d.GetPageSize()
	left, _, right, _ := d.GetMargins()
	width := pageW - left - right

	dates := ""
	for i, day := range l.Days {
		if i > 0 {
			dates += ", "
		}
		dates += day.Format("02.01.2006")
		for _, h := range l.HalfDays {
			if h.Equal(day) {
				dates += " (pół dnia)"
			}
		}
	}
	dayW := 32.0
	if n := float64(len(l.Days)); n > 0 && n*dayW > width*0.45 {
		dayW = width * 0.45 / n
	}
	fixed := width - dayW*float64(len(l.Days))
	cols := []float64{10, fixed * 0.34, fixed * 0.36, fixed*0.30 - 10}

	header := func() {
		d.SetFont("DejaVu", "B", 9)
		d.SetFillColor(230, 234, 240)
		for i, h := range []string{"Lp.", "Imię i nazwisko", "Jednostka", "Stanowisko"} {
			d.CellFormat(cols[i], 9, h, "1", 0, "C", true, 0, "")
		}
		for _, day := range l.Days {
			d.CellFormat(dayW, 9, "Podpis "+day.Format("02.01"), "1", 0, "C", true, 0, "")
		}
		d.Ln(-1)
		d.SetFont("DejaVu", "", 9)
	}
	d.SetHeaderFuncMode(func() {
		d.SetFont("DejaVu", "", 7)
		d.SetTextColor(80, 80, 80)
		d.CellFormat(0, 4, l.ProgrammeTitle, "", 1, "L", false, 0, "")
		d.SetTextColor(0, 0, 0)
		d.Ln(1)
	}, true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, "Lista obecności "+l.TrainingCode+", grupa "+strconv.Itoa(l.GroupNo)+" — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()

	d.SetFont("DejaVu", "B", 15)
	d.CellFormat(0, 8, "LISTA OBECNOŚCI", "", 1, "C", false, 0, "")
	d.SetFont("DejaVu", "", 9)
	if l.FundingLine != "" {
		d.MultiCell(0, 4.5, "Projekt realizowany w ramach: "+l.FundingLine, "", "C", false)
	}
	d.Ln(2)
	facts := [][2]string{
		{"Szkolenie:", l.TrainingCode + " " + l.TrainingTopic},
		{"Grupa:", strconv.Itoa(l.GroupNo)},
		{"Termin:", dates + " (" + l.HoursPerDay + " godz. dziennie)"},
		{"Miejsce:", l.Place},
		{"Trener:", l.Trainer},
	}
	for _, f := range facts {
		d.SetFont("DejaVu", "B", 9)
		d.CellFormat(28, 5, f[0], "", 0, "L", false, 0, "")
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(0, 5, f[1], "", "L", false)
	}
	d.Ln(3)
	header()
	rowH := 10.0
	_, pageH := d.GetPageSize()
	_, _, _, bottom := d.GetMargins()
	line := func(i int, r AttendanceRow) {
		if d.GetY()+rowH > pageH-bottom-6 {
			d.AddPage()
			header()
		}
		d.CellFormat(cols[0], rowH, strconv.Itoa(i), "1", 0, "C", false, 0, "")
		d.CellFormat(cols[1], rowH, fit(d, r.Name, cols[1]), "1", 0, "L", false, 0, "")
		d.CellFormat(cols[2], rowH, fit(d, r.Unit, cols[2]), "1", 0, "L", false, 0, "")
		d.CellFormat(cols[3], rowH, fit(d, r.Position, cols[3]), "1", 0, "L", false, 0, "")
		for range l.Days {
			d.CellFormat(dayW, rowH, "", "1", 0, "C", false, 0, "")
		}
		d.Ln(-1)
	}
	n := 0
	for _, r := range l.Rows {
		n++
		line(n, r)
	}
	for i := 0; i < l.BlankRows; i++ {
		n++
		line(n, AttendanceRow{})
	}
	d.Ln(6)
	d.SetFont("DejaVu", "", 8)
	d.MultiCell(0, 4, "Podpis trenera: ..............................................        Data: ....................", "", "L", false)
	return d.Output(w)
}

// fit shortens s with an ellipsis to the cell width.
func fit(d *doc, s string, width float64) string {
	max := width - 2
	if d.GetStringWidth(s) <= max {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.GetStringWidth(string(r)+"…") > max {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
