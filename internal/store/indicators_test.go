package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
)

func TestIndicatorRules(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	one := domain.DecimalFromInt(1)

	t.Run("ProtocolRejectedThenAcceptedInNewVersion", func(t *testing.T) {
		pr := f.protocol(t, f.p3, f.a, "2011-02-10", domain.ProtocolRejected)
		if v, _, _, _ := f.total(t, "impl"); v.Sign() != 0 {
			t.Fatalf("a rejected protocol counts: %s", v)
		}
		id, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.decide(t, id, "2011-05-20", domain.ProtocolAcceptedRemarks)
		vals := f.values(t, "impl")
		if vals["2011-Q2"].Value != one || len(vals) != 1 {
			t.Fatalf("implementation counted %v, want once in 2011-Q2 (the accepted version's date)", vals)
		}
		if v, _, _, _ := f.total(t, "unitsP"); v != one {
			t.Fatalf("units with a protocol = %s", v)
		}
		// A second task's protocol in the same unit: units count once.
		n := f.protocol(t, f.n1, f.a, "2011-06-01", domain.ProtocolAccepted)
		if v, _, _, _ := f.total(t, "implN"); v != one {
			t.Fatalf("area N implementations = %s", v)
		}
		// A correction accepted later leaves the implementation where it
		// was first accepted (it was reported there).
		cid, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.decide(t, cid, "2011-09-15", domain.ProtocolAccepted)
		if vals := f.values(t, "implN"); len(vals) != 1 || vals["2011-Q2"].Value != one {
			t.Fatalf("after a correction: %v, want once in 2011-Q2", vals)
		}
		if v, _, _, _ := f.total(t, "unitsP"); v != one {
			t.Fatalf("units with a protocol after an N protocol = %s", v)
		}
	})
	t.Run("ImplementationNeedsEveryProduct", func(t *testing.T) {
		ups, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.b.ID, TaskID: f.p3.ID})
		pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.b.ID, Place: "x", Date: d("2011-03-01"), Contractor: "L", Description: "a",
			Items: []domain.ProtocolItem{{UnitProductID: ups[0].ID}}}
		if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
			t.Fatal(err)
		}
		f.decide(t, pr.ID, "2011-03-02", domain.ProtocolAccepted)
		if v, _, _, _ := f.total(t, "impl"); v != one {
			t.Fatalf("half an implementation counts: %s", v)
		}
		if v, _, _, _ := f.total(t, "unitsP"); v != domain.DecimalFromInt(2) {
			t.Fatalf("unit B with an accepted protocol does not count: %s", v)
		}
		rest := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.b.ID, Place: "x", Date: d("2011-07-01"), Contractor: "L", Description: "b",
			Items: []domain.ProtocolItem{{UnitProductID: ups[1].ID}}}
		if err := f.s.SaveProtocol(ctx, admin, rest, ""); err != nil {
			t.Fatal(err)
		}
		f.decide(t, rest.ID, "2011-07-05", domain.ProtocolAccepted)
		if vals := f.values(t, "impl"); vals["2011-Q3"].Value != one || vals["2011-Q3"].Records != 2 {
			t.Fatalf("implementation of B = %v, want one in 2011-Q3 (the last product's) on two protocols", vals)
		}
	})
	t.Run("PersonTrainedInTwoAreas", func(t *testing.T) {
		woman, man := f.person(t, f.a, domain.SexFemale), f.person(t, f.b, domain.SexMale)
		all := func(int, int) bool { return true }
		f.session(t, f.ps4, []time.Time{d("2010-11-15"), d("2010-11-16")}, []*domain.Person{woman, man}, all)
		f.session(t, f.ns4, []time.Time{d("2011-01-10"), d("2011-01-11")}, []*domain.Person{woman}, func(_, day int) bool { return day == 1 })
		if v, w, m, _ := f.total(t, "personsP"); v != domain.DecimalFromInt(2) || w != 1 || m != 1 {
			t.Fatalf("area P: %s (K %d, M %d)", v, w, m)
		}
		if vals := f.values(t, "personsN"); vals["2011-Q1"].Value != one || vals["2011-Q1"].Women != 1 {
			t.Fatalf("area N: %v", vals)
		}
		if vals := f.values(t, "persons"); vals["2010-Q4"].Value != domain.DecimalFromInt(2) || len(vals) != 1 {
			t.Fatalf("PS4+NS4: %v, want the woman once, in her first period", vals)
		}
		// Absent on every day: not trained.
		absent := f.person(t, f.a, domain.SexMale)
		f.session(t, f.ps4, []time.Time{d("2010-12-01")}, []*domain.Person{absent}, func(int, int) bool { return false })
		if v, _, _, _ := f.total(t, "personsP"); v != domain.DecimalFromInt(2) {
			t.Fatalf("an absent person counts: %s", v)
		}
		// Group-days with somebody present: 2 (PS4) + 1 (NS4, nobody on its
		// first day) + 0 (everyone absent).
		if v, _, _, _ := f.total(t, "days"); v != domain.DecimalFromInt(3) {
			t.Fatalf("training days = %s, want 3 group-days", v)
		}
		// Moving the man to unit A moves his unit contribution.
		man.UnitID = f.a.ID
		if err := f.s.UpdatePerson(ctx, admin, man); err != nil {
			t.Fatal(err)
		}
		unitB, _ := f.s.IndicatorSeries(ctx, f.p.ID, f.b.ID)
		if len(unitB[f.ind["personsP"].ID]) != 0 {
			t.Fatalf("unit B keeps a moved person: %v", unitB[f.ind["personsP"].ID])
		}
	})
	t.Run("MeetingWithoutDatedNotes", func(t *testing.T) {
		m := &domain.Meeting{ProgrammeID: f.p.ID, TaskID: f.pz2.ID, Number: 1, Days: []time.Time{d("2011-04-12")}, Place: "Bielawa", Notes: "Notatka bez daty.",
			WithManagement: true}
		if err := f.s.SaveMeeting(ctx, admin, f.p, m, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddMeetingScan(ctx, admin, m.ID, "lista.pdf", "application/pdf", pdfBytes); err != nil {
			t.Fatal(err)
		}
		if v, _, _, _ := f.total(t, "meetings"); v.Sign() != 0 {
			t.Fatalf("a meeting without dated notes counts: %s", v)
		}
		m.Notes = "Notatka ze spotkania 12.04.2011."
		if err := f.s.SaveMeeting(ctx, admin, f.p, m, ""); err != nil {
			t.Fatal(err)
		}
		if v, _, _, flagged := f.total(t, "meetings"); v != one || flagged != 1 {
			t.Fatalf("meetings = %s (with management %d)", v, flagged)
		}
	})
	t.Run("ConsultationAndManualValues", func(t *testing.T) {
		half, _ := domain.ParseDecimal("0,5")
		for _, c := range []*domain.Consultation{
			{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Expert: "E", Day: d("2011-02-01"), Hours: domain.DecimalFromInt(8), Days: one, Topic: "t"},
			{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.b.ID, Expert: "E", Day: d("2011-02-02"), Hours: domain.DecimalFromInt(4), Days: half, Topic: "t"},
		} {
			if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
				t.Fatal(err)
			}
		}
		if vals := f.values(t, "cons"); vals["2011-Q1"].Value.SQL() != "1.50" {
			t.Fatalf("consultation days = %v", vals)
		}
		mv := &domain.ManualValue{Value: domain.DecimalFromInt(3), On: d("2011-08-01"), Note: "Badanie ankietowe"}
		if err := f.s.AddManualValue(ctx, admin, f.ind["manual"], mv, "dowod.pdf", "application/pdf", pdfBytes); err != nil {
			t.Fatal(err)
		}
		if vals := f.values(t, "manual"); vals["2011-Q3"].Value != domain.DecimalFromInt(3) {
			t.Fatalf("manual = %v", vals)
		}
		if err := f.s.AddManualValue(ctx, admin, f.ind["cons"], mv, "dowod.pdf", "application/pdf", pdfBytes); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("a manual value for a computed indicator: %v", err)
		}
	})
	t.Run("EvidenceDatedInAClosedPeriod", func(t *testing.T) {
		c, err := f.s.ClosePeriod(ctx, admin, f.p, "2011-Q1", "WNP-1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ClosePeriod(ctx, admin, f.p, "2011-Q1", "WNP-1"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("closing twice: %v", err)
		}
		late := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Expert: "E", Day: d("2011-03-30"), Hours: domain.DecimalFromInt(8),
			Days: one, Topic: "dopisana później"}
		if err := f.s.SaveConsultation(ctx, admin, f.p, late, ""); err != nil {
			t.Fatal(err)
		}
		again, _ := f.s.ClosingOf(ctx, f.p.ID, "2011-Q1")
		if again.Digest != c.Digest || again.Content != c.Content {
			t.Fatal("a closed period's snapshot changed")
		}
		var filed domain.ReportRow
		for _, r := range again.Snapshot.Rows {
			if r.IndicatorID == f.ind["cons"].ID {
				filed = r
			}
		}
		if filed.Value.SQL() != "1.50" || domain.DigestOf([]byte(again.Content)) != again.Digest {
			t.Fatalf("filed consultation days = %s", filed.Value)
		}
		inds, _ := f.s.Indicators(ctx, f.p.ID)
		now, err := f.s.IndicatorSeries(ctx, f.p.ID, 0)
		corr := domain.Corrections([]*domain.Closing{again}, inds, now)
		if err != nil || len(corr) != 1 || corr[0].IndicatorID != f.ind["cons"].ID || corr[0].Difference() != one || corr[0].Filed.SQL() != "1.50" {
			t.Fatalf("corrections = %+v, %v", corr, err)
		}
		if err := f.s.ReopenPeriod(ctx, admin, f.p.ID, "2011-Q1", "Korekta wniosku"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReopenPeriod(ctx, admin, f.p.ID, "2011-Q1", "Korekta wniosku"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("reopening an open period: %v", err)
		}
		if _, err := f.s.Pool.Exec(ctx, `UPDATE period_closings SET snapshot = '{}' WHERE id = $1`, c.ID); err == nil {
			t.Fatal("a closing's snapshot was changed")
		}
	})
	f.check(t)
}
