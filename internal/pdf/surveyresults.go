package pdf

import (
	"io"
	"strconv"
	"strings"

	"kaizen/internal/domain"
)

// WriteSurveyResults writes a wave's results report (portrait A4, in
// Polish): the responses, the satisfaction index with its interval and the
// method, and per item its distribution with the top-two share and the
// mean; cells of fewer than 5 answers read "< 5".
func WriteSurveyResults(w io.Writer, programme string, r *domain.WaveResult) error {
	wave := r.Wave
	d := newDoc("P")
	d.SetTitle("Wyniki badania "+wave.Code, true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, "Wyniki badania "+wave.Code+" — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()
	d.SetFont("DejaVu", "B", 14)
	d.MultiCell(0, 7, "Wyniki badania satysfakcji "+wave.Code, "", "L", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, programme, "", "L", false)
	d.MultiCell(0, 5, wave.UnitName+" · "+wave.QuestionnaireName+" (wersja "+strconv.Itoa(wave.Version)+") · "+domain.RoundLabel(wave.Round)+
		" · "+wave.OpensOn.Format("02.01.2006")+"–"+wave.ClosesOn.Format("02.01.2006"), "", "L", false)
	d.Ln(2)
	t := r.Totals
	line := "Ankiety zatwierdzone: " + strconv.Itoa(t.Responses) + " (internet " + strconv.Itoa(t.Online) + ", papier " + strconv.Itoa(t.Paper) +
		", zaproszenia " + strconv.Itoa(t.Invited) + ")"
	if wave.TargetSample > 0 {
		line += "; planowano " + strconv.Itoa(wave.TargetSample)
	}
	if rate, ok := r.ResponseRate(); ok {
		line += "; odsetek odpowiedzi na zaproszenia " + domain.FormatPercent(rate*100) + " (" + strconv.Itoa(t.InvitationsAnswered) + " z " + strconv.Itoa(t.Invitations) + ")"
	}
	d.MultiCell(0, 5, line+".", "", "L", false)
	d.Ln(2)
	d.SetFont("DejaVu", "B", 11)
	if r.IndexShown() {
		m, iv := domain.MeanText(r.Index)
		s := "Indeks satysfakcji: " + m + " (0–100)"
		if iv != "" {
			s += ", przedział ufności 95%: " + iv
		}
		d.MultiCell(0, 6, s+"; ankiet: "+strconv.Itoa(r.Index.N)+".", "", "L", false)
	} else {
		d.MultiCell(0, 6, "Indeks satysfakcji: mniej niż 5 ankiet z odpowiedziami w pytaniach indeksu — nie podajemy.", "", "L", false)
	}
	d.SetFont("DejaVu", "", 8)
	d.MultiCell(0, 4.5, "Sposób liczenia: "+r.Version.IndexMethod.Label()+". Odpowiedzi „nie wiem” nie wchodzą do indeksu ani do odsetków. "+
		"Komórek z mniej niż 5 odpowiedziami nie rozbijamy („< 5”).", "", "L", false)
	for i := range r.Items {
		surveyItem(d, &r.Items[i])
	}
	return d.Output(w)
}

// surveyItem writes one item: its text, a table of its answers and, for a
// Likert item, the top-two share and the mean with their intervals.
func surveyItem(d *doc, it *domain.ItemResult) {
	_, pageH := d.GetPageSize()
	rows := len(it.Options) + 3
	if d.GetY()+float64(rows)*5+12 > pageH-16 {
		d.AddPage()
	}
	d.Ln(3)
	d.SetFont("DejaVu", "B", 9)
	title := it.Item.Code + ". " + it.Item.Text
	if it.Item.Profile {
		title += " (metryczka)"
	}
	d.MultiCell(0, 5, title, "", "L", false)
	d.SetFont("DejaVu", "", 8)
	if it.Item.Kind == domain.ItemOpen {
		d.MultiCell(0, 5, "Odpowiedzi otwarte: "+strconv.Itoa(it.N)+" (treść w aplikacji, dla uprawnionych).", "", "L", false)
		return
	}
	widths := []float64{110, 30, 30}
	cell := func(label, n, share string) {
		lines := d.SplitText(label, widths[0]-2)
		h := 5 * float64(max(1, len(lines)))
		x, y := d.GetXY()
		d.MultiCell(widths[0], 5, label, "1", "L", false)
		d.SetXY(x+widths[0], y)
		d.CellFormat(widths[1], h, n, "1", 0, "R", false, 0, "")
		d.CellFormat(widths[2], h, share, "1", 1, "R", false, 0, "")
	}
	d.SetFont("DejaVu", "B", 8)
	cell("Odpowiedź", "Liczba", "Odsetek")
	d.SetFont("DejaVu", "", 8)
	for _, o := range it.Options {
		cell(o.Label, domain.CellText(o.N), domain.ShareText(o.N, it.N))
	}
	if it.Item.Kind == domain.ItemLikert && it.Item.DontKnow {
		cell(domain.DontKnowLabel+" (poza skalą)", domain.CellText(it.DontKnow), "")
	}
	base := "Razem"
	if it.Item.Kind == domain.ItemMulti {
		base = "Ankiety (można było wybrać kilka odpowiedzi)"
	} else if it.Item.Kind == domain.ItemLikert {
		base = "Razem na skali"
	}
	cell(base, domain.CellText(it.N), "")
	if it.Item.Kind == domain.ItemLikert {
		share, siv := it.Top2Text()
		mean, miv := domain.MeanText(it.Mean)
		var b strings.Builder
		b.WriteString("Dwie najlepsze odpowiedzi: " + share)
		if siv != "" {
			b.WriteString(" (przedział Wilsona 95%: " + siv + ")")
		}
		b.WriteString("; średnia na skali 1–" + strconv.Itoa(it.Item.ScalePoints) + ": " + mean)
		if miv != "" {
			b.WriteString(" (przedział t 95%: " + miv + ")")
		}
		d.MultiCell(0, 5, b.String()+".", "", "L", false)
	}
}
