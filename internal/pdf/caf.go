package pdf

import (
	"io"
	"strconv"

	"kaizen/internal/domain"
)

// CAFReport is the input of WriteCAFReport: the assessment, its latest
// signed consensus and, when the unit has one, the previous signed
// cycle's totals.
type CAFReport struct {
	Programme     string
	A             *domain.CAFAssessment
	C             *domain.CAFConsensus
	PreviousCycle int
	Previous      *domain.CAFTotals
}

// cafChange is the change with its sign and a decimal comma.
func cafChange(now, before float64) string {
	s := domain.FormatPoints(now - before)
	switch {
	case s == "0" || s == "-0":
		return "0"
	case now > before:
		return "+" + s
	}
	return "−" + s[1:]
}

// WriteCAFReport writes the report of a signed CAF consensus (portrait A4,
// in Polish): the totals, a bar chart of the criteria drawn with
// rectangles beside a table of their points (and the change against the
// previous cycle), then every sub-criterion's agreed points, strengths and
// areas for improvement.
func WriteCAFReport(w io.Writer, r CAFReport) error {
	a, c := r.A, r.C
	m := a.Model()
	title := "Raport z samooceny CAF: " + a.UnitName + ", cykl " + strconv.Itoa(a.Cycle)
	d := newDoc("P")
	d.SetTitle(title, true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, title+" — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()
	d.SetFont("DejaVu", "B", 14)
	d.MultiCell(0, 7, title, "", "L", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, r.Programme, "", "L", false)
	d.MultiCell(0, 5, m.Name+" · "+a.Method.Label()+" · wersja konsensusu "+strconv.Itoa(c.VersionNo)+", podpisał(a) "+c.SignerName+
		" "+dmyhm(c.SignedAt), "", "L", false)
	d.SetFont("DejaVu", "", 7)
	d.MultiCell(0, 4, "Skrót SHA-256 podpisanej treści: "+c.Digest, "", "L", false)
	d.Ln(2)
	t, _ := domain.TotalsOf(m, c.Scores)
	d.SetFont("DejaVu", "B", 11)
	line := "Wynik ogólny: " + domain.FormatPoints(t.Total) + " pkt; czynniki: " + domain.FormatPoints(t.Enablers) +
		" pkt; wyniki: " + domain.FormatPoints(t.Results) + " pkt"
	if r.Previous != nil {
		line += " (cykl " + strconv.Itoa(r.PreviousCycle) + ": " + domain.FormatPoints(r.Previous.Total) + " pkt, zmiana " +
			cafChange(t.Total, r.Previous.Total) + ")"
	}
	d.MultiCell(0, 6, line+".", "", "L", false)
	d.Ln(2)
	cafCriteriaChart(d, r, t)
	for _, cr := range m.Criteria {
		_, pageH := d.GetPageSize()
		if d.GetY()+30 > pageH-16 {
			d.AddPage()
		}
		d.Ln(3)
		d.SetFont("DejaVu", "B", 11)
		d.MultiCell(0, 6, strconv.Itoa(cr.No)+". "+cr.Name+": "+domain.FormatPoints(t.Criteria[cr.No])+" pkt", "", "L", false)
		for _, s := range cr.Subs {
			sc := c.Scores[s.Code]
			if sc == nil {
				continue
			}
			pts := "—"
			if sc.Score != nil {
				pts = domain.FormatPoints(*sc.Score)
			}
			d.SetFont("DejaVu", "B", 9)
			d.MultiCell(0, 5, s.Code+" "+s.Name+": "+pts+" pkt", "", "L", false)
			d.SetFont("DejaVu", "", 8.5)
			for _, x := range []struct{ label, text string }{{"Mocne strony", sc.Strengths}, {"Obszary do poprawy", sc.Improvements}} {
				if x.text != "" {
					d.MultiCell(0, 4.5, x.label+": "+x.text, "", "L", false)
				}
			}
			d.Ln(1)
		}
	}
	return d.Output(w)
}

// cafCriteriaChart draws the criteria as a table with a bar of each
// criterion's points (0–100) drawn with rectangles, and the previous
// cycle's points and the change when there is one.
func cafCriteriaChart(d *doc, r CAFReport, t domain.CAFTotals) {
	const label, pts, bar, rowH = 84.0, 16.0, 52.0, 6.0
	d.SetFont("DejaVu", "B", 8)
	d.CellFormat(label, rowH, "Kryterium", "1", 0, "L", false, 0, "")
	d.CellFormat(pts, rowH, "Punkty", "1", 0, "R", false, 0, "")
	if r.Previous != nil {
		d.CellFormat(pts, rowH, "Cykl "+strconv.Itoa(r.PreviousCycle), "1", 0, "R", false, 0, "")
		d.CellFormat(pts, rowH, "Zmiana", "1", 0, "R", false, 0, "")
	}
	d.CellFormat(bar, rowH, "0–100", "1", 1, "L", false, 0, "")
	d.SetFont("DejaVu", "", 7.5)
	for _, cr := range r.A.Model().Criteria {
		p := t.Criteria[cr.No]
		d.CellFormat(label, rowH, strconv.Itoa(cr.No)+". "+cr.Name, "1", 0, "L", false, 0, "")
		d.CellFormat(pts, rowH, domain.FormatPoints(p), "1", 0, "R", false, 0, "")
		if r.Previous != nil {
			pp := r.Previous.Criteria[cr.No]
			d.CellFormat(pts, rowH, domain.FormatPoints(pp), "1", 0, "R", false, 0, "")
			d.CellFormat(pts, rowH, cafChange(p, pp), "1", 0, "R", false, 0, "")
		}
		x, y := d.GetXY()
		d.CellFormat(bar, rowH, "", "1", 1, "L", false, 0, "")
		d.SetFillColor(31, 95, 153)
		d.Rect(x+1, y+1.2, (bar-2)*p/100, rowH-2.4, "F")
		d.SetFillColor(255, 255, 255)
	}
}
