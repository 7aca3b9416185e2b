package pdf

import (
	"io"
	"strconv"

	"kaizen/internal/domain"
)

// SurveySheet is a questionnaire printed for paper collection in one wave:
// the unit, the wave's code, a box for the sheet number and the public
// link with its QR code, Likert grids as tick boxes.
type SurveySheet struct {
	Name       string // the questionnaire's name
	Unit       string
	WaveCode   string
	Round      string
	Intro      string
	Link       string   // the public link ("" when the wave is not online)
	QR         [][]bool // its QR code's modules, true = dark
	Items      []domain.SurveyItem
	PrintedFor string // the programme's code and title
}

const box = 3.6 // a tick box's side, mm

// WriteSurveySheet writes the questionnaire as PDF: portrait A4.
func WriteSurveySheet(w io.Writer, s SurveySheet) error {
	d := newDoc("P")
	d.SetTitle("Ankieta "+s.Name+" – "+s.WaveCode, true)
	d.SetAutoPageBreak(false, 14)
	pageW, pageH := d.GetPageSize()
	left, top, right, bottom := d.GetMargins()
	width := pageW - left - right
	d.SetFooterFunc(func() {
		d.SetY(pageH - 10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(width/2, 4, "Badanie "+s.WaveCode, "", 0, "L", false, 0, "")
		d.CellFormat(width/2, 4, "Strona "+strconv.Itoa(d.PageNo()), "", 0, "R", false, 0, "")
	})
	d.AddPage()

	// The head: title and facts on the left, sheet number and QR right.
	qrSide := 0.0
	if len(s.QR) > 0 {
		qrSide = 28
		drawQR(d, s.QR, pageW-right-qrSide, top, qrSide)
	}
	headW := width - qrSide - 46
	d.SetFont("DejaVu", "B", 14)
	d.MultiCell(headW, 6, s.Name, "", "L", false)
	d.SetFont("DejaVu", "", 9)
	for _, f := range [][2]string{{"Jednostka:", s.Unit}, {"Pomiar:", s.Round}, {"Kod badania:", s.WaveCode}} {
		d.SetFont("DejaVu", "B", 9)
		d.CellFormat(24, 5, f[0], "", 0, "L", false, 0, "")
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(headW-24, 5, f[1], "", "L", false)
	}
	// The sheet number box, filled in by whoever keys the forms in.
	bx := pageW - right - qrSide - 42
	d.SetFont("DejaVu", "", 7)
	d.SetXY(bx, top)
	d.CellFormat(38, 4, "Nr formularza (wypełnia urząd)", "", 2, "L", false, 0, "")
	d.Rect(bx, top+4.5, 38, 10, "D")
	y := max(d.GetY(), top+qrSide) + 2
	if s.Link != "" {
		d.SetXY(left, y)
		d.SetFont("DejaVu", "", 8)
		d.MultiCell(width, 4, "Ankietę można też wypełnić w internecie: "+s.Link+" (lub zeskanuj kod QR).", "", "L", false)
	}
	if s.PrintedFor != "" {
		d.SetFont("DejaVu", "", 7)
		d.MultiCell(width, 3.5, s.PrintedFor, "", "L", false)
	}
	d.Ln(2)
	if s.Intro != "" {
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(width, 4.5, s.Intro, "", "L", false)
		d.Ln(2)
	}
	d.SetFont("DejaVu", "", 8)
	d.MultiCell(width, 4, "Proszę zaznaczyć odpowiedź znakiem X w kratce. Ankieta jest anonimowa.", "", "L", false)
	d.Ln(2)

	room := func(h float64) {
		if d.GetY()+h > pageH-bottom-6 {
			d.AddPage()
		}
	}
	section := ""
	for i := 0; i < len(s.Items); {
		it := s.Items[i]
		if it.Section != section && it.Section != "" {
			section = it.Section
			room(16)
			d.SetFont("DejaVu", "B", 10)
			d.MultiCell(width, 6, section, "B", "L", false)
			d.Ln(1)
		}
		if it.Kind == domain.ItemLikert {
			// A grid of the following Likert items with the same scale.
			j := i + 1
			for j < len(s.Items) && s.Items[j].Kind == domain.ItemLikert && s.Items[j].Section == it.Section &&
				len(s.Items[j].Options) == len(it.Options) && s.Items[j].ScalePoints == it.ScalePoints {
				j++
			}
			likertGrid(d, s.Items[i:j], width, room)
			i = j
			continue
		}
		choiceOrOpen(d, it, width, room)
		i++
	}
	return d.Output(w)
}

func likertGrid(d *doc, items []domain.SurveyItem, width float64, room func(float64)) {
	opts := items[0].Options
	colW := 18.0
	textW := width - colW*float64(len(opts))
	left, _, _, _ := d.GetMargins()
	header := func() {
		d.SetFont("DejaVu", "", 6)
		y := d.GetY()
		d.SetXY(left+textW, y)
		for _, o := range opts {
			x := d.GetX()
			d.MultiCell(colW, 3, o.Label, "", "C", false)
			d.SetXY(x+colW, y)
		}
		d.SetY(y + 7)
	}
	room(20)
	header()
	_, pageH := d.GetPageSize()
	_, _, _, bottom := d.GetMargins()
	for _, it := range items {
		d.SetFont("DejaVu", "", 8.5)
		lines := d.SplitText(strconv.Itoa(it.Position)+". "+it.Text, textW-2)
		h := max(7, float64(len(lines))*4+2)
		if d.GetY()+h > pageH-bottom-6 {
			d.AddPage()
			header()
			d.SetFont("DejaVu", "", 8.5)
		}
		y := d.GetY()
		d.SetXY(left, y+1)
		d.MultiCell(textW-2, 4, strconv.Itoa(it.Position)+". "+it.Text, "", "L", false)
		for k := range opts {
			cx := left + textW + float64(k)*colW + colW/2
			d.Rect(cx-box/2, y+h/2-box/2, box, box, "D")
		}
		d.SetDrawColor(200, 200, 200)
		d.Line(left, y+h, left+width, y+h)
		d.SetDrawColor(0, 0, 0)
		d.SetY(y + h)
	}
	d.Ln(3)
}

func choiceOrOpen(d *doc, it domain.SurveyItem, width float64, room func(float64)) {
	left, _, _, _ := d.GetMargins()
	d.SetFont("DejaVu", "", 8.5)
	text := strconv.Itoa(it.Position) + ". " + it.Text
	if it.Kind == domain.ItemMulti {
		text += " (można zaznaczyć kilka odpowiedzi)"
	}
	lines := d.SplitText(text, width)
	switch it.Kind {
	case domain.ItemOpen:
		boxH := 12.0
		if it.MaxLength > 300 {
			boxH = 24
		}
		room(float64(len(lines))*4 + boxH + 4)
		d.MultiCell(width, 4, text, "", "L", false)
		d.Rect(left, d.GetY()+1, width, boxH, "D")
		d.SetY(d.GetY() + boxH + 4)
	default:
		room(float64(len(lines))*4 + float64(len(it.Options))*5 + 4)
		d.MultiCell(width, 4, text, "", "L", false)
		for _, o := range it.Options {
			y := d.GetY() + 0.8
			d.Rect(left+3, y+0.2, box, box, "D")
			d.SetXY(left+3+box+2, y)
			d.CellFormat(width-box-6, 4.5, o.Label, "", 1, "L", false, 0, "")
		}
		d.Ln(3)
	}
}

// drawQR draws a QR code's modules as black squares in a side × side
// square at (x, y).
func drawQR(d *doc, m [][]bool, x, y, side float64) {
	cell := side / float64(len(m))
	d.SetFillColor(0, 0, 0)
	for r, row := range m {
		for c, dark := range row {
			if dark {
				d.Rect(x+float64(c)*cell, y+float64(r)*cell, cell, cell, "F")
			}
		}
	}
}
