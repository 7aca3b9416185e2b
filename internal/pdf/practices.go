package pdf

import (
	"io"
	"strconv"
)

// PracticeSet is the printable set of accepted good practices with the
// conclusions and recommendations of the meetings (the product of PZ2).
type PracticeSet struct {
	ProgrammeTitle string
	FundingLine    string
	Practices      []Practice
	Conclusions    []Conclusion
}

// Practice is one accepted good practice.
type Practice struct {
	Title, Unit, Area, Description, Results string
	Criteria                                [4]string // results, innovation, durability, transferability
}

// Conclusion is a meeting's conclusions and recommendations.
type Conclusion struct {
	Meeting, Text string
}

var criteriaNames = [4]string{
	"Konkretne, pozytywne rezultaty",
	"Potencjał innowacji",
	"Trwałość i powtarzalność",
	"Możliwość zastosowania w innym miejscu lub przez inne podmioty",
}

// WritePracticeSet writes the set as PDF (portrait A4).
func WritePracticeSet(w io.Writer, set PracticeSet) error {
	d := newDoc("P")
	d.SetTitle("Zestaw dobrych praktyk", true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, "Zestaw dobrych praktyk — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()
	d.SetFont("DejaVu", "B", 16)
	d.MultiCell(0, 8, "Zestaw dobrych praktyk, wniosków i rekomendacji", "", "C", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, set.ProgrammeTitle, "", "C", false)
	if set.FundingLine != "" {
		d.MultiCell(0, 5, set.FundingLine, "", "C", false)
	}
	d.Ln(4)
	heading := func(s string) {
		d.SetFont("DejaVu", "B", 12)
		d.MultiCell(0, 6, s, "", "L", false)
		d.Ln(1)
	}
	para := func(label, text string) {
		if text == "" {
			return
		}
		d.SetFont("DejaVu", "B", 9)
		d.MultiCell(0, 5, label, "", "L", false)
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(0, 5, text, "", "L", false)
		d.Ln(1)
	}
	heading("Dobre praktyki (" + strconv.Itoa(len(set.Practices)) + ")")
	if len(set.Practices) == 0 {
		para("", "Żadna praktyka nie została jeszcze przyjęta do zestawu.")
	}
	for i, p := range set.Practices {
		d.SetFont("DejaVu", "B", 11)
		d.MultiCell(0, 6, strconv.Itoa(i+1)+". "+p.Title, "", "L", false)
		d.SetFont("DejaVu", "", 9)
		area := ""
		if p.Area != "" {
			area = ", obszar " + p.Area
		}
		d.MultiCell(0, 5, p.Unit+area, "", "L", false)
		d.Ln(1)
		para("Opis", p.Description)
		para("Osiągnięte rezultaty", p.Results)
		for j, c := range p.Criteria {
			para(criteriaNames[j], c)
		}
		d.Ln(3)
	}
	if len(set.Conclusions) > 0 {
		heading("Wnioski i rekomendacje ze spotkań grupy dobrych praktyk")
		for _, c := range set.Conclusions {
			para(c.Meeting, c.Text)
		}
	}
	return d.Output(w)
}
