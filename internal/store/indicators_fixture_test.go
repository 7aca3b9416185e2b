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

func newIndFixture(t testing.TB) *indFixture {
	t.Helper()
	ctx := context.Background()
	s := testdb.Store(t)
	f := &indFixture{s: s, p: newProgramme(t, s, "IND"), ind: map[string]*domain.Indicator{}}
	f.a, f.b = newUnit(t, s, "Urząd Miasta Bielawa"), newUnit(t, s, "Urząd Gminy Dzierżoniów")
	for _, u := range []*domain.Unit{f.a, f.b} {
		if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: f.p.ID, Unit: *u, Areas: []domain.Area{domain.AreaP, domain.AreaN}}); err != nil {
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
		{ProgrammeID: f.p.ID, Code: "PS4", Topic: "procesy", Area: domain.AreaP, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)},
		{ProgrammeID: f.p.ID, Code: "NS4", Topic: "procesy N", Area: domain.AreaN, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)},
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
		"products": {Number: "PR", Name: "produkty a", Rule: domain.RuleAcceptedProducts, Params: domain.RuleParams{TaskIDs: []int64{f.p3.ID, f.n1.ID}, ProductLetters: []string{"a"}}},
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
func (f *indFixture) values(t testing.TB, key string) map[string]domain.PeriodValue {
	t.Helper()
	all, err := f.s.IndicatorSeries(context.Background(), f.p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all[f.ind[key].ID]
}

// total sums an indicator over every period.
func (f *indFixture) total(t testing.TB, key string) (v domain.Decimal, women, men, flagged int) {
	t.Helper()
	for _, pv := range f.values(t, key) {
		v, women, men, flagged = v.Add(pv.Value), women+pv.Women, men+pv.Men, flagged+pv.Flagged
	}
	return
}

// check compares the read models (indicator facts and sums, units'
// trainings, protocol counts) with a recount from the evidence, as `kaizen recompute
// --check` does.
func (f *indFixture) check(t testing.TB) {
	t.Helper()
	n, diffs, err := f.s.CheckReadModel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("read model differs (of %d facts): %+v", n, d)
	}
	rows, udiffs, err := f.s.CheckUnitTrainings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range udiffs {
		t.Errorf("unit trainings differ from the evidence (of %d rows): %+v", rows, d)
	}
	n, pdiffs, err := f.s.CheckProtocolCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range pdiffs {
		t.Errorf("protocol counts differ from the protocols (of %d programmes): %+v", n, d)
	}
}

// person is a participant of the fixture's programme (2010–2011, its own
// fixed clock): the basis and retention dates are fixed, like the programme.
func (f *indFixture) person(t testing.TB, unit *domain.Unit, sex domain.Sex) *domain.Person {
	t.Helper()
	f.personSeq++
	return &domain.Person{ProgrammeID: f.p.ID, FirstName: "Osoba", LastName: fmt.Sprintf("Testowa %d", f.personSeq), UnitID: unit.ID, Sex: sex,
		LegalBasis: domain.BasisConsent, BasisDate: d("2010-09-01"), RetentionUntil: d("2020-12-31")}
}

// session records a session of training on days with the people present
// on the days marked.
func (f *indFixture) session(t testing.TB, training int64, days []time.Time, people []*domain.Person, present func(person, day int) bool) *domain.TrainingSession {
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

func (f *indFixture) protocol(t testing.TB, task *domain.Task, unit *domain.Unit, date string, decision domain.ProtocolStatus) *domain.Protocol {
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
func (f *indFixture) decide(t testing.TB, id int64, date string, decision domain.ProtocolStatus) {
	t.Helper()
	_, err := decideOnPaper(t, f.s, f.p.ID, id, domain.Decision{Status: decision, Remarks: "uwagi", SignerName: "Halina Testowa",
		SignerRole: "Burmistrz", SignedOn: d(date)})
	if err != nil {
		t.Fatal(err)
	}
}
