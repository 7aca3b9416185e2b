package pdf

import (
	"io"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/report"
)

// WriteReport writes a period's indicator report (landscape A4).
func WriteReport(w io.Writer, r *report.Report) error {
	d := newDoc("L")
	d.SetTitle("Sprawozdanie ze wskaźników "+r.ProgrammeCode+" "+r.Period.Code, true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, "Sprawozdanie "+r.ProgrammeCode+", okres "+r.Period.Code+" — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()
	d.SetFont("DejaVu", "B", 14)
	d.MultiCell(0, 7, "Sprawozdanie z realizacji wskaźników — okres "+r.Period.Label(), "", "L", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, r.ProgrammeCode+" "+r.ProgrammeTitle, "", "L", false)
	d.MultiCell(0, 5, r.Status(), "", "L", false)
	d.Ln(3)
	widths := []float64{14, 84, 24, 22, 22, 24, 18, 16, 18, 27}
	heads := []string{"Nr", "Wskaźnik", "Jedn. miary", "Cel", "W okresie", "Narastająco", "% celu", "Kobiety", "Mężczyźni", "Liczba dowodów"}
	d.SetFont("DejaVu", "B", 8)
	for i, h := range heads {
		ln := 0
		if i == len(heads)-1 {
			ln = 1
		}
		d.CellFormat(widths[i], 7, h, "1", ln, "C", false, 0, "")
	}
	d.SetFont("DejaVu", "", 8)
	_, pageH := d.GetPageSize()
	for _, x := range r.Rows {
		lines := d.SplitText(x.Name, widths[1]-2)
		h := 5 * float64(max(1, len(lines)))
		if d.GetY()+h > pageH-24 {
			d.AddPage()
		}
		cx, cy := d.GetXY()
		d.CellFormat(widths[0], h, x.Number, "1", 0, "C", false, 0, "")
		d.MultiCell(widths[1], 5, x.Name, "1", "L", false)
		d.SetXY(cx+widths[0]+widths[1], cy)
		women, men := "", ""
		if x.Persons {
			women, men = strconv.Itoa(x.Women), strconv.Itoa(x.Men)
		}
		cells := []string{x.UnitOfMeasure, x.Target.String(), x.Value.String(), x.Cumulative.String(), report.Percent(x.Percent), women, men, strconv.Itoa(x.Records)}
		for i, c := range cells {
			ln := 0
			if i == len(cells)-1 {
				ln = 1
			}
			align := "R"
			if i == 0 {
				align = "L"
			}
			d.CellFormat(widths[i+2], h, c, "1", ln, align, false, 0, "")
		}
	}
	if len(r.Corrections) > 0 {
		d.Ln(4)
		d.SetFont("DejaVu", "B", 10)
		d.MultiCell(0, 6, "Korekty okresów zamkniętych (zmiany po złożeniu wniosku o płatność)", "", "L", false)
		d.SetFont("DejaVu", "", 8)
		for _, c := range r.Corrections {
			d.MultiCell(0, 5, c.Indicator+" — okres "+c.Period+": złożono "+c.Filed.String()+", obecnie "+c.Now.String()+", korekta "+signed(c.Difference()), "", "L", false)
		}
	}
	return d.Output(w)
}

func signed(d domain.Decimal) string {
	if d.Sign() > 0 {
		return "+" + d.String()
	}
	return d.String()
}
