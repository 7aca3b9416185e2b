package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// indFixture is a programme (2010-08-01 … 2012-03-31) with two units, a
// process task per area, a meetings task, a training per area and one
// indicator of every rule.
type indFixture struct {
	s          *store.Store
	p          *domain.Programme
	a, b       *domain.Unit
	p3, n1     *domain.Task
	pz2        *domain.Task
	ps4, ns4   int64
	ind        map[string]*domain.Indicator
	manager    *domain.User
	personSeq  int
	sessionSeq int
}

func newIndFixture(t *testing.T) *indFixture {
	t.Helper()
	ctx := context.Background()
	s := testdb.Store(t)
	f := &indFixture{s: s, p: newProgramme(t, s, "IND"), ind: map[string]*domain.Indicator{}}
	f.a, f.b = newUnit(t, s, "Urząd Miasta Bielawa"), newUnit(t, s, "Urząd Gminy Dzierżoniów")
	for _, u := range []*domain.Unit{f.a, f.b} {
		if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: f.p.ID, Unit: *u, AreaP: true, AreaN: true}); err != nil {
			t.Fatal(err)
		}
	}
	f.p3 = &domain.Task{ProgrammeID: f.p.ID, Code: "P3", Name: "procesy", Area: domain.AreaP, Kind: domain.TaskProcess, UnitIDs: []int64{f.a.ID, f.b.ID},
		Products: []domain.Product{{Letter: "a", Name: "opisy"}, {Letter: "b", Name: "mierniki"}}}
	f.n1 = &domain.Task{ProgrammeID: f.p.ID, Code: "N1", Name: "procesy N", Area: domain.AreaN, Kind: domain.TaskProcess, UnitIDs: []int64{f.a.ID},
		Products: []domain.Product{{Letter: "a", Name: "opisy"}}}
	f.pz2 = &domain.Task{ProgrammeID: f.p.ID, Code: "PZ2", Name: "spotkania", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 1}
	for _, tk := range []*domain.Task{f.p3, f.n1, f.pz2} {
		if err := s.SaveTask(ctx, admin, tk); err != nil {
			t.Fatal(err)
		}
	}
	for _, tr := range []*domain.Training{
		{ProgrammeID: f.p.ID, Code: "PS4", Topic: "procesy", Area: domain.AreaP, GroupsPlanned: 2, DaysPerGroup: 2},
		{ProgrammeID: f.p.ID, Code: "NS4", Topic: "procesy N", Area: domain.AreaN, GroupsPlanned: 2, DaysPerGroup: 2},
	} {
		if err := s.SaveTraining(ctx, admin, tr); err != nil {
			t.Fatal(err)
		}
		if tr.Code == "PS4" {
			f.ps4 = tr.ID
		} else {
			f.ns4 = tr.ID
		}
	}
	for key, in := range map[string]*domain.Indicator{
		"impl":     {Number: "6", Name: "wdrożenia P", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{TaskIDs: []int64{f.p3.ID}}},
		"implN":    {Number: "7", Name: "wdrożenia N", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{Area: domain.AreaN}},
		"unitsP":   {Number: "U", Name: "jednostki P", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}},
		"meetings": {Number: "18", Name: "spotkania", Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: f.pz2.ID}},
		"personsP": {Number: "P", Name: "osoby P", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaP}},
		"personsN": {Number: "N", Name: "osoby N", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaN}},
		"persons":  {Number: "O", Name: "osoby PS4+NS4", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{TrainingIDs: []int64{f.ps4, f.ns4}}},
		"days":     {Number: "D", Name: "dni szkoleń", Rule: domain.RuleTrainingDays},
		"cons":     {Number: "K", Name: "dni konsultacji", Rule: domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: f.p3.ID}},
		"manual":   {Number: "M", Name: "ręczny", Rule: domain.RuleManual},
	} {
		in.ProgrammeID, in.Type, in.Target = f.p.ID, domain.IndicatorProduct, domain.DecimalFromInt(10)
		if err := s.SaveIndicator(ctx, admin, in, nil); err != nil {
			t.Fatalf("indicator %s: %v", key, err)
		}
		f.ind[key] = in
	}
	f.manager = &domain.User{Username: "kier", DisplayName: "Halina Testowa", Role: domain.RoleUnitManager, UnitIDs: []int64{f.a.ID, f.b.ID}, Active: true}
	if err := s.CreateUser(ctx, admin, f.manager, testHash); err != nil {
		t.Fatal(err)
	}
	return f
}

// values returns an indicator's values by period.
func (f *indFixture) values(t *testing.T, key string) map[string]domain.PeriodValue {
	t.Helper()
	all, err := f.s.IndicatorSeries(context.Background(), f.p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all[f.ind[key].ID]
}

// total sums an indicator over every period.
func (f *indFixture) total(t *testing.T, key string) (v domain.Decimal, women, men, flagged int) {
	t.Helper()
	for _, pv := range f.values(t, key) {
		v, women, men, flagged = v.Add(pv.Value), women+pv.Women, men+pv.Men, flagged+pv.Flagged
	}
	return
}

func (f *indFixture) check(t *testing.T) {
	t.Helper()
	n, diffs, err := f.s.CheckReadModel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("read model differs (of %d facts): %+v", n, d)
	}
}

func (f *indFixture) person(t *testing.T, unit *domain.Unit, sex domain.Sex) *domain.Person {
	t.Helper()
	f.personSeq++
	return &domain.Person{ProgrammeID: f.p.ID, FirstName: "Osoba", LastName: fmt.Sprintf("Testowa %d", f.personSeq), UnitID: unit.ID, Sex: sex,
		LegalBasis: domain.BasisConsent, BasisDate: d("2010-09-01"), RetentionUntil: d("2020-12-31")}
}

// session records a session of training on days with the people present
// on the days marked.
func (f *indFixture) session(t *testing.T, training int64, days []time.Time, people []*domain.Person, present func(person, day int) bool) *domain.TrainingSession {
	t.Helper()
	ctx := context.Background()
	f.sessionSeq++
	x := &domain.TrainingSession{ProgrammeID: f.p.ID, TrainingID: training, GroupNo: f.sessionSeq, Days: days, HoursPerDay: domain.DecimalFromInt(6),
		Place: "Sala", Trainer: "Trener", UnitIDs: []int64{f.a.ID, f.b.ID}}
	if err := f.s.CreateSession(ctx, admin, f.p, x, ""); err != nil {
		t.Fatal(err)
	}
	var entries []domain.Attendance
	for i, pe := range people {
		if err := f.s.AddParticipant(ctx, admin, x, pe, ""); err != nil {
			t.Fatal(err)
		}
		for j, day := range days {
			entries = append(entries, domain.Attendance{PersonID: pe.ID, Day: day, Present: present(i, j)})
		}
	}
	if err := f.s.SaveAttendance(ctx, admin, x, entries, 0); err != nil {
		t.Fatal(err)
	}
	return x
}

func (f *indFixture) protocol(t *testing.T, task *domain.Task, unit *domain.Unit, date string, decision domain.ProtocolStatus) *domain.Protocol {
	t.Helper()
	ctx := context.Background()
	ups, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: unit.ID, TaskID: task.ID})
	pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: task.ID, UnitID: unit.ID, Place: "x", Date: d(date), Contractor: "Lider", Description: "Przekazanie"}
	for _, up := range ups {
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID})
	}
	if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	f.decide(t, pr.ID, date, decision)
	return pr
}

// decide submits (if needed) and decides a protocol on paper on date.
func (f *indFixture) decide(t *testing.T, id int64, date string, decision domain.ProtocolStatus) {
	t.Helper()
	ctx := context.Background()
	pr, _ := f.s.Protocol(ctx, f.p.ID, id)
	_, err := f.s.RecordPaperDecision(ctx, admin, f.p.ID, id, pr.Version, domain.Decision{Status: decision, Remarks: "uwagi", SignerName: "Halina Testowa",
		SignerRole: "Burmistrz", SignedOn: d(date)}, "skan.pdf", "application/pdf", pdfBytes)
	if err != nil {
		t.Fatal(err)
	}
}

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
