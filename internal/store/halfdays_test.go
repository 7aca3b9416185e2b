package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// Trainings plan days per group in halves, a session day may be a half
// day, and the training days indicator counts it as half a group-day.
func TestTrainingHalfDays(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()

	for _, days := range []string{"0", "-1", "1,25", "0,3", "101"} {
		t.Run("ErrDaysPerGroup"+days, func(t *testing.T) {
			tr := &domain.Training{ProgrammeID: f.p.ID, Code: "X" + days, Topic: "x", GroupsPlanned: 1, DaysPerGroup: dec(t, days)}
			err := f.s.SaveTraining(ctx, admin, tr)
			if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["days_per_group"] == "" || tr.ID != 0 {
				t.Fatalf("days per group %s: %v", days, err)
			}
		})
	}
	if msg := domain.FieldErrors((&domain.Training{Code: "X", Topic: "x", GroupsPlanned: 1}).Validate(nil))["days_per_group"]; msg !=
		"Liczba dni na grupę musi być dodatnia, w połówkach (np. 0,5; 1; 1,5)." {
		t.Fatalf("message %q", msg)
	}
	tr := &domain.Training{ProgrammeID: f.p.ID, Code: "PS5", Topic: "jakość", Area: domain.AreaP, GroupsPlanned: 3, DaysPerGroup: dec(t, "1,5")}
	if err := f.s.SaveTraining(ctx, admin, tr); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Training(ctx, f.p.ID, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DaysPerGroup.String() != "1,5" || got.TrainingDays().String() != "4,5" {
		t.Fatalf("stored %s days per group, %s group-days; want 1,5 and 4,5", got.DaysPerGroup, got.TrainingDays())
	}

	// A session of a full and a half day, both with somebody present.
	pe := f.person(t, f.a, domain.SexFemale)
	x := f.session(t, tr.ID, []time.Time{d("2011-04-04"), d("2011-04-05")}, []*domain.Person{pe}, func(int, int) bool { return true })
	x, err = f.s.Session(ctx, f.p.ID, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	x.HalfDays = []time.Time{d("2011-04-05")}
	if err := f.s.UpdateSession(ctx, admin, f.p, x); err != nil {
		t.Fatal(err)
	}
	x, _ = f.s.Session(ctx, f.p.ID, x.ID)
	if len(x.HalfDays) != 1 || !x.IsHalf(d("2011-04-05")) || x.GroupDays().String() != "1,5" {
		t.Fatalf("half days %v, group-days %s", x.HalfDays, x.GroupDays())
	}
	if v, _, _, _ := f.total(t, "days"); v.String() != "1,5" {
		t.Fatalf("training days = %s, want 1,5", v)
	}
	sums, _ := f.s.TrainingSessions(ctx, f.p.ID)
	if len(sums) != 1 || sums[0].GroupDays.String() != "1,5" || sums[0].Days != 2 {
		t.Fatalf("summary %+v", sums)
	}
	rows, _, err := f.s.IndicatorFacts(ctx, f.ind["days"], domain.FactFilter{})
	if err != nil || len(rows) != 2 || rows[1].Label != "PS5, grupa 1, dzień 05.04.2011 (pół dnia)" {
		t.Fatalf("drill-down %+v: %v", rows, err)
	}
	// Back to a full day: the indicator follows.
	x.HalfDays = nil
	if err := f.s.UpdateSession(ctx, admin, f.p, x); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := f.total(t, "days"); v.String() != "2" {
		t.Fatalf("training days after the half day became whole = %s, want 2", v)
	}
	f.check(t)
}

// Protocols, paper signatures and manual values are dated inside the
// programme (2010-08-01 … 2012-03-31), by the domain's one rule.
func TestEvidenceDatesInsideProgramme(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	const msg = "Data musi mieścić się w okresie programu (01.08.2010–31.03.2012)."
	v := &domain.ManualValue{Value: domain.DecimalFromInt(3), On: d("2012-04-01"), Note: "po końcu"}
	err := f.s.AddManualValue(ctx, admin, f.ind["manual"], v, "dowod.pdf", "application/pdf", pdfBytes)
	if domain.FieldErrors(err)["evidence_on"] != msg {
		t.Fatalf("manual value after the end: %v", err)
	}
	ups, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.a.ID, TaskID: f.p3.ID})
	pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Place: "x", Date: d("2010-07-31"), Contractor: "L", Description: "a",
		Items: []domain.ProtocolItem{{UnitProductID: ups[0].ID}}}
	if err := f.s.SaveProtocol(ctx, admin, pr, ""); domain.FieldErrors(err)["date"] != msg {
		t.Fatalf("protocol before the start: %v", err)
	}
	pr.Date = d("2011-01-10")
	if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	_, err = decideOnPaper(t, f.s, f.p.ID, pr.ID, domain.Decision{Status: domain.ProtocolAccepted, SignerName: "H", SignerRole: "B",
		SignedOn: d("2012-05-01")})
	if domain.FieldErrors(err)["signed_on"] != msg {
		t.Fatalf("signature after the end: %v", err)
	}
	if vals := f.values(t, "manual"); len(vals) != 0 {
		t.Fatalf("manual values counted: %v", vals)
	}
}
