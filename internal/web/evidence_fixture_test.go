package web_test

import (
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// onePagePDF is a minimal PDF, enough for content sniffing.
var onePagePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// evidenceFixture records a two-day session of training in the demo
// programme, with one participant of unit and a scan; it returns the
// session's and the scan's ids.
func evidenceFixture(t *testing.T, app *testapp.App, programmeID, trainingID, unit int64) (int64, int64) {
	t.Helper()
	ctx := t.Context()
	p, err := app.Store.Programme(ctx, programmeID)
	if err != nil {
		t.Fatal(err)
	}
	day1 := p.Start.AddDate(0, 4, 0)
	x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: trainingID, GroupNo: 9, Days: []time.Time{day1, day1.AddDate(0, 0, 1)},
		HoursPerDay: domain.DecimalFromInt(6), Place: "Dzierżoniów, Rynek 1", Trainer: "Jolanta Trener", UnitIDs: []int64{unit}}
	sys := domain.Actor{Username: "test"}
	if err := app.Store.CreateSession(ctx, sys, p, x, ""); err != nil {
		t.Fatal(err)
	}
	person := &domain.Person{ProgrammeID: p.ID, FirstName: "Łucja", LastName: "Wiśniewska", UnitID: unit, Sex: domain.SexFemale,
		LegalBasis: domain.BasisConsent, BasisDate: day1, RetentionUntil: day1.AddDate(6, 0, 0), Position: "inspektor"}
	if err := app.Store.AddParticipant(ctx, sys, x, person, ""); err != nil {
		t.Fatal(err)
	}
	f, err := app.Store.AddScan(ctx, sys, x, day1, "lista.pdf", "application/pdf", onePagePDF)
	if err != nil {
		t.Fatal(err)
	}
	return x.ID, f.ID
}

type workIDs struct{ consultation, meeting, meetingScan, practice int64 }

// workFixture records a consultation, a PZ2 meeting attended by the session
// fixture's participant (with a scan) and a good practice.
func workFixture(t *testing.T, app *testapp.App, programmeID, unit, sessionID int64) workIDs {
	t.Helper()
	ctx := t.Context()
	sys := domain.Actor{Username: "test"}
	p, _ := app.Store.Programme(ctx, programmeID)
	tasks, _ := app.Store.Tasks(ctx, programmeID)
	var process, meetings int64
	for _, tk := range tasks {
		switch tk.Kind {
		case domain.TaskProcess:
			if process == 0 {
				process = tk.ID
			}
		case domain.TaskMeetings:
			meetings = tk.ID
		}
	}
	day := p.Start.AddDate(0, 5, 0)
	c := &domain.Consultation{ProgrammeID: p.ID, TaskID: process, UnitID: unit, Expert: "Piotr Zawadzki", Day: day,
		Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "Mapa procesów"}
	if err := app.Store.SaveConsultation(ctx, sys, p, c, ""); err != nil {
		t.Fatal(err)
	}
	people, _, _ := app.Store.SessionAttendance(ctx, sessionID)
	m := &domain.Meeting{ProgrammeID: p.ID, TaskID: meetings, Number: 90, Days: []time.Time{day}, Place: "Dzierżoniów",
		Notes: "Notatka ze spotkania z dnia " + day.Format("02.01.2006") + ".", Conclusions: "Wdrożyć jedno okienko.",
		Attendees: []domain.MeetingAttendee{{PersonID: people[0].ID, Area: domain.AreaP}}}
	if err := app.Store.SaveMeeting(ctx, sys, p, m, ""); err != nil {
		t.Fatal(err)
	}
	f, err := app.Store.AddMeetingScan(ctx, sys, m.ID, "lista.pdf", "application/pdf", onePagePDF)
	if err != nil {
		t.Fatal(err)
	}
	g := &domain.GoodPractice{ProgrammeID: p.ID, Title: "Jedno okienko podatkowe", UnitID: unit, Area: domain.AreaP,
		Description: "Obsługa podatnika w jednym miejscu.", Results: "Krótszy czas obsługi.", WhyResults: "a", WhyInnovative: "b",
		WhyDurable: "c", WhyTransferable: "d", Status: domain.PracticeAccepted, MeetingIDs: []int64{m.ID}}
	if err := app.Store.SaveGoodPractice(ctx, sys, g, ""); err != nil {
		t.Fatal(err)
	}
	return workIDs{consultation: c.ID, meeting: m.ID, meetingScan: f.ID, practice: g.ID}
}

// fixturePerson is the participant of the session fixture.
func fixturePerson(t *testing.T, app *testapp.App, sessionID int64) int64 {
	t.Helper()
	people, _, err := app.Store.SessionAttendance(t.Context(), sessionID)
	if err != nil || len(people) == 0 {
		t.Fatalf("fixture person: %v", err)
	}
	return people[0].ID
}

type protocolIDs struct{ product, productFile, submitted, draft int64 }

// protocolFixture prepares, in unit (the demo manager's), a protocol
// submitted for the manager's decision with a product document as its
// attachment, and a draft protocol of another product.
func protocolFixture(t *testing.T, app *testapp.App, programmeID, unit int64) protocolIDs {
	t.Helper()
	ctx := t.Context()
	sys := domain.Actor{Username: "test"}
	ups, err := app.Store.UnitProducts(ctx, programmeID, domain.ProductFilter{UnitID: unit})
	if err != nil || len(ups) < 2 {
		t.Fatalf("products of the unit: %d, %v", len(ups), err)
	}
	p, _ := app.Store.Programme(ctx, programmeID)
	f, err := app.Store.AddProductDocument(ctx, sys, ups[0].ID, "opis.pdf", "application/pdf", onePagePDF)
	if err != nil {
		t.Fatal(err)
	}
	day := p.Start.AddDate(0, 6, 0)
	mk := func(up domain.UnitProduct) *domain.Protocol {
		pr := &domain.Protocol{ProgrammeID: programmeID, TaskID: up.TaskID, UnitID: unit, Place: "Dzierżoniów", Date: day,
			Contractor: "Lider", Description: "Przekazanie " + up.Name, Items: []domain.ProtocolItem{{UnitProductID: up.ID}}}
		if err := app.Store.SaveProtocol(ctx, sys, pr, ""); err != nil {
			t.Fatal(err)
		}
		return pr
	}
	sub := mk(ups[0])
	if err := app.Store.SubmitProtocol(ctx, sys, programmeID, sub.ID, sub.Version); err != nil {
		t.Fatal(err)
	}
	draft := mk(ups[1])
	return protocolIDs{product: ups[0].ID, productFile: f.ID, submitted: sub.ID, draft: draft.ID}
}

type manualIDs struct{ indicator, file int64 }

// manualFixture adds a manual indicator with one value and its evidence.
func manualFixture(t *testing.T, app *testapp.App, programmeID int64) manualIDs {
	t.Helper()
	ctx := t.Context()
	sys := domain.Actor{Username: "test"}
	in := &domain.Indicator{ProgrammeID: programmeID, Number: "99", Name: "Wzrost satysfakcji (ręcznie)", Type: domain.IndicatorResult,
		Target: domain.DecimalFromInt(15), Rule: domain.RuleManual}
	if err := app.Store.SaveIndicator(ctx, sys, in, nil); err != nil {
		t.Fatal(err)
	}
	p, _ := app.Store.Programme(ctx, programmeID)
	v := &domain.ManualValue{Value: domain.DecimalFromInt(4), On: p.Start.AddDate(0, 3, 0), Note: "Badanie ankietowe klientów"}
	if err := app.Store.AddManualValue(ctx, sys, in, v, "badanie.pdf", "application/pdf", onePagePDF); err != nil {
		t.Fatal(err)
	}
	return manualIDs{indicator: in.ID, file: v.File.ID}
}
