package pdf

import (
	"io"
	"strconv"
	"time"

	"kaizen/internal/domain"
)

// dmyhm is an instant as people in Poland read it: 27.11.2026 14:05.
func dmyhm(t time.Time) string { return t.In(domain.Warsaw).Format("02.01.2006 15:04") }

func dmy(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("02.01.2006")
}

// WriteProtocol writes an acceptance protocol (protokół odbioru) as PDF
// (portrait A4): the parties, the products, the attachments with their
// SHA-256, the decision and the digest of the signed content. A protocol
// not decided yet is marked as a draft for signing on paper.
func WriteProtocol(w io.Writer, programmeTitle, fundingLine string, p *domain.Protocol) error {
	d := newDoc("P")
	d.SetTitle("Protokół odbioru nr "+p.Number(), true)
	d.SetFooterFunc(func() {
		d.SetY(-10)
		d.SetFont("DejaVu", "", 7)
		d.CellFormat(0, 4, "Protokół odbioru nr "+p.Number()+" — strona "+strconv.Itoa(d.PageNo())+" z {nb}", "", 0, "C", false, 0, "")
	})
	d.AliasNbPages("{nb}")
	d.AddPage()
	d.SetFont("DejaVu", "", 8)
	d.MultiCell(0, 4, programmeTitle, "", "C", false)
	if fundingLine != "" {
		d.MultiCell(0, 4, fundingLine, "", "C", false)
	}
	d.Ln(3)
	d.SetFont("DejaVu", "B", 15)
	d.MultiCell(0, 8, "PROTOKÓŁ ODBIORU nr "+p.Number(), "", "C", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, "wersja "+strconv.Itoa(p.VersionNo)+" — status: "+p.Status.Label(), "", "C", false)
	d.Ln(3)
	row := func(label, value string) {
		d.SetFont("DejaVu", "B", 9)
		d.CellFormat(48, 5, label, "", 0, "L", false, 0, "")
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(0, 5, value, "", "L", false)
	}
	row("Miejsce i data:", p.Place+", "+dmy(p.Date))
	row("Strona odbierająca:", p.UnitName)
	row("Strona przekazująca:", p.Contractor)
	row("Zadanie:", p.TaskCode+" "+p.TaskName)
	if p.ReplacesID != nil {
		row("Zastępuje:", "wersję "+strconv.Itoa(p.VersionNo-1)+" tego protokołu")
	}
	d.Ln(2)
	d.SetFont("DejaVu", "B", 10)
	d.MultiCell(0, 6, "Przedmiot odbioru", "", "L", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, p.Description, "", "L", false)
	d.Ln(2)
	d.SetFont("DejaVu", "B", 9)
	d.CellFormat(110, 6, "Produkt", "1", 0, "L", false, 0, "")
	d.CellFormat(38, 6, "Termin planowany", "1", 0, "C", false, 0, "")
	d.CellFormat(38, 6, "Termin rzeczywisty", "1", 1, "C", false, 0, "")
	d.SetFont("DejaVu", "", 9)
	_, pageH := d.GetPageSize()
	_, _, _, bottom := d.GetMargins()
	for _, it := range p.Items {
		name := p.TaskCode + " " + it.Letter + ") " + it.Name
		h := 6 * float64(max(1, len(d.SplitText(name, 108))))
		if d.GetY()+h > pageH-bottom-14 {
			d.AddPage()
		}
		x, y := d.GetXY()
		d.MultiCell(110, 6, name, "1", "L", false)
		d.SetXY(x+110, y)
		d.CellFormat(38, h, dmy(it.PlannedOn), "1", 0, "C", false, 0, "")
		d.CellFormat(38, h, dmy(it.DoneOn), "1", 1, "C", false, 0, "")
	}
	d.Ln(3)
	d.SetFont("DejaVu", "B", 10)
	d.MultiCell(0, 6, "Załączniki", "", "L", false)
	d.SetFont("DejaVu", "", 8)
	if len(p.Attachments) == 0 {
		d.MultiCell(0, 4, "brak", "", "L", false)
	}
	for i, f := range p.Attachments {
		d.MultiCell(0, 4, strconv.Itoa(i+1)+". "+f.Name+" ("+strconv.Itoa(f.Size)+" B), SHA-256: "+f.SHA256, "", "L", false)
	}
	d.Ln(3)
	d.SetFont("DejaVu", "B", 10)
	d.MultiCell(0, 6, "Decyzja", "", "L", false)
	if rec := p.PendingPaper(); rec != nil && !p.Status.Decided() {
		d.SetFont("DejaVu", "B", 9)
		d.MultiCell(0, 5, "Decyzja z papieru oczekuje na potwierdzenie przez drugą osobę (nie jest jeszcze dowodem odbioru):", "", "L", false)
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(0, 5, rec.Decision.Status.DecisionLabel()+"; podpisał(a) na papierze: "+rec.Decision.SignerName+", "+rec.Decision.SignerRole+", "+dmy(rec.Decision.SignedOn), "", "L", false)
		d.MultiCell(0, 5, "wprowadził(a): "+rec.RecordedByName+", "+dmyhm(rec.RecordedAt), "", "L", false)
		return d.Output(w)
	}
	if !p.Status.Decided() {
		d.SetFont("DejaVu", "", 9)
		d.MultiCell(0, 5, "Odbieram bez uwag / odbieram z uwagami / odrzucam*", "", "L", false)
		d.MultiCell(0, 5, "Uwagi: ....................................................................................................................................", "", "L", false)
		d.Ln(10)
		d.MultiCell(0, 5, "......................................................                ......................................................", "", "C", false)
		d.MultiCell(0, 5, "strona przekazująca (data, podpis)                          kierownik jednostki (data, podpis)", "", "C", false)
		d.SetFont("DejaVu", "", 7)
		d.Ln(2)
		d.MultiCell(0, 4, "* niepotrzebne skreślić. Projekt protokołu — nie jest dowodem odbioru, dopóki decyzja nie zostanie podpisana.", "", "L", false)
		return d.Output(w)
	}
	if domain.DigestOf(p.Canonical()) != p.Digest {
		d.SetTextColor(160, 0, 0)
		d.SetFont("DejaVu", "B", 10)
		d.MultiCell(0, 6, "UWAGA: treść tego protokołu lub jego załączników różni się od podpisanej (skrót poniżej nie zgadza się z obecną treścią). Ten wydruk nie jest dowodem odbioru.", "1", "L", false)
		d.SetTextColor(0, 0, 0)
		d.Ln(2)
	}
	row("Decyzja:", p.Status.DecisionLabel())
	if p.Remarks != "" {
		row("Uwagi:", p.Remarks)
	}
	row("Podpisał(a):", p.SignerName+", "+p.SignerRole)
	if p.Method == domain.SignPaper {
		row("Sposób podpisu:", "na papierze "+dmy(p.SignedOn)+"; skan: "+p.ScanFile.Name+", SHA-256: "+p.ScanFile.SHA256)
		if ps := p.PaperSeal; ps != nil {
			row("Wprowadził(a):", ps.RecordedByName+", "+dmyhm(ps.RecordedAt))
			row("Potwierdził(a):", ps.ConfirmedByName+", "+dmyhm(ps.ConfirmedAt))
		}
	} else {
		row("Sposób podpisu:", "w systemie Kaizen z potwierdzeniem hasłem")
	}
	row("Zapisano:", p.SignedAt.In(domain.Warsaw).Format("02.01.2006 15:04:05")+" (czas polski), "+p.SignedAt.UTC().Format("2006-01-02T15:04:05Z")+" UTC")
	d.Ln(2)
	d.SetFont("DejaVu", "B", 9)
	d.MultiCell(0, 5, "Skrót SHA-256 podpisanej treści:", "", "L", false)
	d.SetFont("DejaVu", "", 9)
	d.MultiCell(0, 5, p.Digest, "", "L", false)
	d.SetFont("DejaVu", "", 7)
	d.MultiCell(0, 4, "Skrót obejmuje treść protokołu, produkty, decyzję, uwagi, osobę podpisującą, czas podpisu i skróty wszystkich załączników. Jego zgodność sprawdza polecenie „kaizen verify” i strona kontroli integralności.", "", "L", false)
	return d.Output(w)
}
