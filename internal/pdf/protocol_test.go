package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/pdftext"
)

func pdfText(t *testing.T, data []byte) string { return pdftext.Text(t, data) }

func TestProtocolPDF(t *testing.T) {
	signer := int64(4)
	p := &domain.Protocol{ID: 12, SeriesID: 10, VersionNo: 2, TaskCode: "P3", TaskName: "doskonalenie procesów", UnitName: "Urząd Miasta Piława Górna",
		Place: "Piława Górna", Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Contractor: "Urząd Miasta w Dzierżoniowie – lider",
		Description: "Przekazanie opisów procesów: wymiar podatku od nieruchomości, zwrot podatku akcyzowego (źdźbło).",
		Items:       []domain.ProtocolItem{{UnitProductID: 3, Letter: "a", Name: "opis procesów", DoneOn: time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)}},
		Attachments: []domain.File{{ID: 5, Name: "opis-procesów.pdf", Size: 1234, SHA256: strings.Repeat("ab", 32)}},
		Status:      domain.ProtocolAcceptedRemarks, Remarks: "Uzupełnić mierniki.", Method: domain.SignElectronic, SignerID: &signer,
		SignerName: "Halina Sadowska", SignerRole: "kierownik jednostki", SignedAt: time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)}
	p.Digest = domain.DigestOf(p.Canonical())
	var buf bytes.Buffer
	if err := WriteProtocol(&buf, "Program doskonalenia jakości", "PO KL 5.2.1", p); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"PROTOKÓŁ ODBIORU nr 10/2", "Urząd Miasta Piława Górna", "źdźbło", "P3 a) opis procesów", "20.06.2026",
		"odbiór z uwagami", "Uzupełnić mierniki.", "Halina Sadowska", "01.07.2026 10:30:00", p.Digest, strings.Repeat("ab", 32)} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}

	draft := *p
	draft.Status, draft.Digest = domain.ProtocolSubmitted, ""
	buf.Reset()
	if err := WriteProtocol(&buf, "Program", "", &draft); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "kierownik jednostki (data, podpis)") || !strings.Contains(text, "Projekt protokołu") {
		t.Errorf("a protocol waiting for a decision prints without the signature lines:\n%s", text)
	}

	// Four eyes: a paper decision waiting for confirmation prints as such,
	// with who recorded it; once sealed, with who recorded and confirmed.
	at := time.Date(2026, 7, 2, 7, 5, 0, 0, time.UTC)
	pending := draft
	pending.PaperRecords = []domain.PaperRecord{{State: domain.PaperPending, RecordedByName: "Anna Wprowadzająca", RecordedAt: at,
		Decision: domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Jan Burmistrz", SignerRole: "Burmistrz", SignedOn: at}}}
	buf.Reset()
	if err := WriteProtocol(&buf, "Program", "", &pending); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "oczekuje na potwierdzenie") || !strings.Contains(text, "wprowadził(a): Anna Wprowadzająca, 02.07.2026 09:05") {
		t.Errorf("a pending paper record:\n%s", text)
	}
	paper := *p
	paper.Method, paper.SignerID, paper.SignedOn, paper.ScanFile = domain.SignPaper, nil, at, &domain.File{ID: 9, Name: "skan.pdf", Size: 3, SHA256: strings.Repeat("cd", 32)}
	paper.PaperSeal = &domain.PaperSeal{RecordedBy: 2, RecordedByName: "Anna Wprowadzająca", RecordedAt: at, ConfirmedBy: 3, ConfirmedByName: "Tomasz Potwierdzający", ConfirmedAt: at.Add(time.Hour)}
	paper.Digest = domain.DigestOf(paper.Canonical())
	buf.Reset()
	if err := WriteProtocol(&buf, "Program", "", &paper); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "Wprowadził(a): Anna Wprowadzająca, 02.07.2026 09:05") ||
		!strings.Contains(text, "Potwierdził(a): Tomasz Potwierdzający, 02.07.2026 10:05") || strings.Contains(text, "UWAGA") {
		t.Errorf("a sealed paper decision:\n%s", text)
	}
}

// TestProtocolPDFHostileText: characters the font lacks (emoji), control
// characters and a long product name still print; a changed signed protocol
// prints with a warning.
func TestProtocolPDFHostileText(t *testing.T) {
	p := &domain.Protocol{SeriesID: 1, VersionNo: 1, TaskCode: "P3", TaskName: "procesy 🏛", UnitName: "Urząd\x00 Miasta 🏛",
		Place: "Dzierżoniów 🏛\x07", Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Contractor: "Lider", Description: "Opis 😀 z emoji",
		Items:  []domain.ProtocolItem{{UnitProductID: 1, Letter: "a", Name: strings.Repeat("bardzo długa nazwa produktu ", 12) + "KONIEC"}},
		Status: domain.ProtocolAccepted, Remarks: "uwagi 👍", Method: domain.SignElectronic, SignerName: "Halina 🙂", SignerRole: "kierownik",
		SignedAt: time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)}
	p.Digest = domain.DigestOf(p.Canonical())
	var buf bytes.Buffer
	if err := WriteProtocol(&buf, "Program 🏛", "", p); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if !strings.Contains(text, "KONIEC") || !strings.Contains(text, "Dzierżoniów") || strings.Contains(text, "UWAGA") {
		t.Fatalf("hostile text:\n%s", text)
	}
	p.Remarks = "dopisane po podpisie"
	buf.Reset()
	if err := WriteProtocol(&buf, "Program", "", p); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "UWAGA: treść tego protokołu") {
		t.Fatalf("a changed signed protocol prints without a warning:\n%s", text)
	}
}
