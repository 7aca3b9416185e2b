package components

import (
	"math"
	"strconv"
	"strings"

	"kaizen/internal/domain"
)

// Charts of satisfaction-survey results: a Likert distribution as
// horizontal stacked bars (LikertChart) and a unit's index against its
// peers' quartiles (BenchmarkStrip). Both are inline SVG drawn on the
// server, with the same numbers in a data table beside them; counts below
// domain.MinCell are shown as "< 5" and no share is computed from them.

// LikertScale is the ordered answers of a Likert item, most negative first,
// and the label of the answer outside the scale ("nie wiem"), if any.
// Colours and patterns are designed for 2 to 7 points.
type LikertScale struct {
	Labels   []string
	DontKnow string
}

// The scales offices use (FIELD.md: 4- or 5-point grids).
var (
	Likert5 = LikertScale{Labels: []string{"zdecydowanie nie", "raczej nie", "ani tak, ani nie", "raczej tak", "zdecydowanie tak"}, DontKnow: "nie wiem"}
	Likert4 = LikertScale{Labels: []string{"zdecydowanie nie", "raczej nie", "raczej tak", "zdecydowanie tak"}, DontKnow: "nie wiem"}
)

// LikertItem is one question's answers: Counts per scale label, in the
// scale's order, and the "nie wiem" answers.
type LikertItem struct {
	Label    string
	Counts   []int
	DontKnow int
}

// Total is the number of answers to the item, "nie wiem" included.
func (it LikertItem) Total() int {
	n := it.DontKnow
	for _, c := range it.Counts {
		n += c
	}
	return n
}

// LikertChart is the input of LikertChartView: ID is unique on the page
// (it prefixes the element ids), Title names the chart and its table.
type LikertChart struct {
	ID    string
	Title string
	Scale LikertScale
	Items []LikertItem
}

// Geometry of the chart, in viewBox units (the SVG scales to its width).
const (
	likertW      = 640
	likertLine   = 18 // an item label's line height (font 14)
	likertBar    = 26
	likertGap    = 10 // between the scale and "nie wiem"
	likertMinPct = 36 // the narrowest segment with its percentage written on it
	likertChars  = 80 // characters of an item label per line
)

// likertStyle is a category's fill: a colour on which white text has at
// least 4.5:1 (and which has at least 3:1 against the white page), and a
// pattern of marks, so categories differ by more than colour.
type likertStyle struct {
	ID, Colour, Marks, MarkColour string
}

// Pattern marks on an 8×8 tile.
const (
	marksCross = "M0,0L8,8M8,0L0,8"
	marksDiag  = "M-2,2L2,-2M0,8L8,0M6,10L10,6"
	marksBack  = "M-2,6L2,10M0,0L8,8M6,-2L10,2"
	marksDots  = "M2,2h0M6,6h0"
	marksHoriz = "M0,4H8"
	marksVert  = "M4,0V8"
	marksGrid  = "M0,4H8M4,0V8"
)

var (
	likertNeg = [][]likertStyle{
		{{Colour: "#b3261e", Marks: marksDiag}},
		{{Colour: "#8a1c13", Marks: marksCross}, {Colour: "#c0461f", Marks: marksDiag}},
		{{Colour: "#8a1c13", Marks: marksCross}, {Colour: "#b3261e", Marks: marksDiag}, {Colour: "#c0461f", Marks: marksBack}},
	}
	likertPos = [][]likertStyle{
		{{Colour: "#1d4f91"}},
		{{Colour: "#386fb0", Marks: marksHoriz}, {Colour: "#14487f"}},
		{{Colour: "#386fb0", Marks: marksHoriz}, {Colour: "#235a97", Marks: marksGrid}, {Colour: "#0b3a75"}},
	}
	likertNeutral  = likertStyle{Colour: "#5c6670", Marks: marksDots}
	likertDontKnow = likertStyle{Colour: "#6e4c8a", Marks: marksVert}
	likertHidden   = likertStyle{Colour: "#ffffff", Marks: marksDiag, MarkColour: "#5c6670"}
)

// likertStyles gives k scale points their fills: reds for the negative
// half, grey dots for a middle point, blues for the positive half.
func likertStyles(k int) []likertStyle {
	if k < 1 {
		return nil
	}
	half := k / 2
	if half > 3 {
		half = 3
	}
	var out []likertStyle
	if half > 0 {
		out = append(out, likertNeg[half-1]...)
	}
	for len(out) < k-half {
		out = append(out, likertNeutral)
	}
	if half > 0 {
		out = append(out, likertPos[half-1]...)
	} else {
		out[0] = likertPos[0][0]
	}
	return out
}

type svgText struct{ X, Y, Text string }

type likertSeg struct {
	X, Y, W, H string
	Fill       string // url(#pattern)
	Stroke     string
	Pct        svgText // empty Text: too narrow to write on
	PctStroke  string  // the segment's colour, outlining the text over the marks
}

type likertRow struct {
	Lines []svgText
	Segs  []likertSeg
	Note  svgText // instead of the bar when too few answered
}

type likertCell struct{ Count, Share string }

type likertTableRow struct {
	Label string
	Cells []likertCell // scale points, then "nie wiem" when the scale has it
	Total string
}

type likertKey struct{ Fill, Label string }

type likertView struct {
	LikertChart
	W, H      int
	Styles    []likertStyle // scale points, "nie wiem", hidden (last two always present)
	Rows      []likertRow
	Keys      []likertKey
	Heads     []string
	Table     []likertTableRow
	Desc      string
	hasDK     bool
	anyHidden bool
}

func f1s(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func share(n, total int) float64 { return float64(n) / float64(total) * 100 }

// wrapWords splits s into lines of at most max characters at spaces.
func wrapWords(s string, max int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > max {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func makeLikert(c LikertChart) likertView {
	v := likertView{LikertChart: c, W: likertW, hasDK: c.Scale.DontKnow != ""}
	v.Styles = likertStyles(len(c.Scale.Labels))
	v.Styles = append(v.Styles, likertDontKnow, likertHidden)
	for i := range v.Styles {
		v.Styles[i].ID = c.ID + "-p" + strconv.Itoa(i)
		if v.Styles[i].MarkColour == "" {
			v.Styles[i].MarkColour = "#ffffff"
		}
	}
	dk, hidden := len(c.Scale.Labels), len(c.Scale.Labels)+1
	fill := func(i int) string { return "url(#" + v.Styles[i].ID + ")" }

	v.Heads = append(v.Heads, c.Scale.Labels...)
	if v.hasDK {
		v.Heads = append(v.Heads, c.Scale.DontKnow)
	}
	y := 4
	for _, it := range c.Items {
		total := it.Total()
		counts := append([]int(nil), it.Counts...)
		for len(counts) < len(c.Scale.Labels) {
			counts = append(counts, 0)
		}
		counts = counts[:len(c.Scale.Labels)]
		if v.hasDK {
			counts = append(counts, it.DontKnow)
		}
		tr := likertTableRow{Label: it.Label, Total: domain.CellText(total)}
		for _, n := range counts {
			cell := likertCell{Count: domain.CellText(n)}
			if domain.CellShown(n) && domain.CellShown(total) {
				cell.Share = domain.FormatPercent(share(n, total))
			}
			tr.Cells = append(tr.Cells, cell)
		}
		v.Table = append(v.Table, tr)

		var r likertRow
		for _, l := range wrapWords(it.Label+" (n = "+domain.CellText(total)+")", likertChars) {
			r.Lines = append(r.Lines, svgText{X: "1", Y: strconv.Itoa(y + 14), Text: l})
			y += likertLine
		}
		y += 4
		if !domain.CellShown(total) {
			r.Note = svgText{X: "1", Y: strconv.Itoa(y + 18), Text: "Za mało odpowiedzi, by pokazać rozkład (mniej niż " + strconv.Itoa(domain.MinCell) + ")."}
		} else {
			avail := float64(likertW - 2)
			if v.hasDK {
				avail -= likertGap
			}
			x, rest := 1.0, 0
			seg := func(n, style int) {
				w := avail * float64(n) / float64(total)
				s := likertSeg{X: f1s(x), Y: strconv.Itoa(y), W: f1s(w), H: strconv.Itoa(likertBar), Fill: fill(style), Stroke: "#ffffff"}
				if style == hidden {
					s.Stroke = v.Styles[hidden].MarkColour
				} else if w >= likertMinPct {
					s.Pct = svgText{X: f1s(x + w/2), Y: strconv.Itoa(y + 17), Text: strconv.Itoa(int(math.Round(share(n, total)))) + "%"}
					s.PctStroke = v.Styles[style].Colour
				}
				r.Segs = append(r.Segs, s)
				x += w
			}
			for i, n := range counts {
				if i == dk && v.hasDK {
					x += likertGap
				}
				switch {
				case !domain.CellShown(n):
					rest += n
					v.anyHidden = true
				case n > 0:
					seg(n, i)
				}
			}
			if rest > 0 {
				seg(rest, hidden)
			}
		}
		v.Rows = append(v.Rows, r)
		y += likertBar + 16
	}
	v.H = y
	for i, l := range c.Scale.Labels {
		v.Keys = append(v.Keys, likertKey{Fill: fill(i), Label: l})
	}
	if v.hasDK {
		v.Keys = append(v.Keys, likertKey{Fill: fill(dk), Label: c.Scale.DontKnow})
	}
	if v.anyHidden {
		v.Keys = append(v.Keys, likertKey{Fill: fill(hidden), Label: "odpowiedzi ukryte (w kategorii mniej niż " + strconv.Itoa(domain.MinCell) + ")"})
	}
	v.Desc = likertDesc(c)
	return v
}

func likertDesc(c LikertChart) string {
	s := "Rozkład odpowiedzi na " + domain.Count(len(c.Items), domain.Noun{One: "pytanie", Few: "pytania", Many: "pytań", Other: "pytania"})
	if n := len(c.Scale.Labels); n > 1 {
		s += " w skali od „" + c.Scale.Labels[0] + "” do „" + c.Scale.Labels[n-1] + "”"
	}
	return s + ". Liczby i odsetki są w tabeli pod wykresem."
}

// hiddenHint explains "< 5" under a table that has it.
func hiddenHint() string {
	n := strconv.Itoa(domain.MinCell)
	return "„" + domain.CellText(0) + "” oznacza mniej niż " + n + " odpowiedzi: takich liczb nie pokazujemy ani nie liczymy z nich odsetków, by nie dało się wskazać osób, które odpowiedziały."
}
