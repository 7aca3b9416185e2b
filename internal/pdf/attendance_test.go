package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestAttendanceList(t *testing.T) {
	l := AttendanceList{ProgrammeTitle: "Program doskonalenia jakości usług publicznych", FundingLine: "PO KL, Poddziałanie 5.2.1",
		TrainingCode: "PS4", TrainingTopic: "zarządzanie procesami", GroupNo: 2,
		Days:        []time.Time{time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)},
		HoursPerDay: "7,5", Place: "Dzierżoniów, ul. Świdnicka 38", Trainer: "Żaneta Łęcka",
	}
	for i := 0; i < 40; i++ {
		l.Rows = append(l.Rows, AttendanceRow{Name: "Zdzisław Gęśla-Źdźbło", Unit: "Urząd Miasta w Dzierżoniowie", Position: "inspektor ds. wymiaru podatków"})
	}
	var buf bytes.Buffer
	if err := WriteAttendanceList(&buf, l); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "%PDF-") {
		t.Fatal("not a PDF")
	}
	if !strings.Contains(out, "FontFile2") || !strings.Contains(out, "utf8dejavu") {
		t.Fatal("the font is not embedded")
	}
	if strings.Count(out, "/Type /Page\n")+strings.Count(out, "/Type /Page ") < 2 {
		t.Logf("pages: expected the 40 rows to need a second page")
	}

	empty := l
	empty.Rows, empty.BlankRows = nil, 20
	buf.Reset()
	if err := WriteAttendanceList(&buf, empty); err != nil || buf.Len() == 0 {
		t.Fatalf("walk-in variant: %v", err)
	}
}

func TestPracticeSet(t *testing.T) {
	var buf bytes.Buffer
	err := WritePracticeSet(&buf, PracticeSet{ProgrammeTitle: "Program doskonalenia", Practices: []Practice{{Title: "Jedno okienko podatkowe", Unit: "Urząd Miasta Bielawa", Area: "P",
		Description: "Obsługa podatnika w jednym miejscu.", Results: "Czas załatwienia sprawy krótszy o połowę.", Criteria: [4]string{"a", "b", "c", "d"}}},
		Conclusions: []Conclusion{{Meeting: "Spotkanie nr 1", Text: "Rekomendacja: wdrożyć w 8 JST."}}})
	if err != nil || !strings.HasPrefix(buf.String(), "%PDF-") {
		t.Fatalf("practice set: %v", err)
	}
}

// A half day is marked on the printed list.
func TestAttendanceListHalfDay(t *testing.T) {
	d1, d2 := time.Date(2011, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2011, 3, 11, 0, 0, 0, 0, time.UTC)
	l := AttendanceList{ProgrammeTitle: "Program", TrainingCode: "PS5", TrainingTopic: "jakość", GroupNo: 1, Days: []time.Time{d1, d2},
		HalfDays: []time.Time{d2}, HoursPerDay: "4", Place: "Bielawa", Trainer: "Trener", BlankRows: 2}
	var buf bytes.Buffer
	if err := WriteAttendanceList(&buf, l); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "10.03.2011, 11.03.2011 (pół dnia)") {
		t.Fatalf("half day not marked:\n%s", text)
	}
}
