package pdf

import (
	"bytes"
	"strings"
	"testing"

	"kaizen/internal/domain"
)

func TestSurveySheet(t *testing.T) {
	var items []domain.SurveyItem
	for i := 1; i <= 30; i++ {
		items = append(items, domain.SurveyItem{Position: i, Code: "P", Section: "Obsługa w urzędzie", Kind: domain.ItemLikert, ScalePoints: 5,
			Text: "Czy urzędnik wyjaśnił sprawę zrozumiale i życzliwie? Źdźbło, gęślą jaźń.", Options: []domain.SurveyOption{
				{Value: 1, Label: "zdecydowanie nie"}, {Value: 2, Label: "raczej nie"}, {Value: 3, Label: "ani tak, ani nie"},
				{Value: 4, Label: "raczej tak"}, {Value: 5, Label: "zdecydowanie tak"}, {Value: 0, Label: domain.DontKnowLabel}}})
	}
	items = append(items,
		domain.SurveyItem{Position: 31, Section: "Metryczka", Kind: domain.ItemMulti, Text: "W jakich sprawach?",
			Options: []domain.SurveyOption{{Value: 1, Label: "meldunek"}, {Value: 2, Label: "podatki 😀"}}},
		domain.SurveyItem{Position: 32, Kind: domain.ItemOpen, Text: "Co poprawić?", MaxLength: 500})
	qr := make([][]bool, 25)
	for i := range qr {
		qr[i] = make([]bool, 25)
		qr[i][i] = true
	}
	var buf bytes.Buffer
	err := WriteSurveySheet(&buf, SurveySheet{Name: "Badanie satysfakcji klientów", Unit: "Urząd Miasta w Dzierżoniowie",
		WaveCode: "KLI-7-0-ABCD", Round: domain.RoundLabel(0), Intro: "Ankieta jest anonimowa.", Link: "https://kaizen.example/ankieta/abc",
		QR: qr, Items: items, PrintedFor: "POKL Program"})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	if !strings.HasPrefix(out, "%PDF-") || !strings.Contains(out, "FontFile2") {
		t.Fatal("not a PDF with the embedded font")
	}
	if n := strings.Count(out, "/Type /Page\n") + strings.Count(out, "/Type /Page "); n < 2 {
		t.Errorf("32 questions on %d pages, want at least 2", n)
	}
	// Without a link (a paper-only wave) there is no QR code.
	buf.Reset()
	if err := WriteSurveySheet(&buf, SurveySheet{Name: "Ankieta", Unit: "Urząd", WaveCode: "X", Items: items[30:]}); err != nil || buf.Len() == 0 {
		t.Fatalf("paper only: %v", err)
	}
}
