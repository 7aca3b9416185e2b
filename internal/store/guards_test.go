package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// The oracle tests: a small programme's evidence built through the store,
// and every indicator value checked against numbers computed by hand (in
// the comments). The randomized tests compare the live read model with a
// recomputation, which share the rule code; these catch a wrong rule.

// oracle is a programme running 2010-08-01 … 2012-03-31 (reporting periods:
// calendar quarters, 2010-Q3 … 2012-Q1; all dates in the past, so nothing
// depends on today) with units A and B, tasks P3 (area P) and N1 (area N)
// with products a and b in both units, a meetings task PZ2, trainings PS4
// (area P) and NS4 (area N).
type oracle struct {
	s        *store.Store
	p        *domain.Programme
	a, b     *domain.Unit
	p3, n1   *domain.Task
	pz2      *domain.Task
	ps4, ns4 int64
	ind      map[string]*domain.Indicator
	seq      int
}

func newOracle(t *testing.T) *oracle {
	t.Helper()
	ctx := context.Background()
	s := testdb.Store(t)
	o := &oracle{s: s, ind: map[string]*domain.Indicator{}}
	o.p = &domain.Programme{Code: "ORACLE", Title: "Wyrocznia", FundingLine: "PO KL", Start: d("2010-08-01"), End: d("2012-03-31"),
		Budget: domain.DecimalFromInt(1000), Areas: domain.SeedAreas()}
	if err := s.CreateProgramme(ctx, admin, o.p); err != nil {
		t.Fatal(err)
	}
	o.a, o.b = newUnit(t, s, "Urząd Miasta Bielawa"), newUnit(t, s, "Urząd Gminy Dzierżoniów")
	for _, u := range []*domain.Unit{o.a, o.b} {
		if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: o.p.ID, Unit: *u, Areas: []domain.Area{domain.AreaP, domain.AreaN}}); err != nil {
			t.Fatal(err)
		}
	}
	both := []int64{o.a.ID, o.b.ID}
	products := []domain.Product{{Letter: "a", Name: "opisy procesów"}, {Letter: "b", Name: "mierniki"}}
	o.p3 = &domain.Task{ProgrammeID: o.p.ID, Code: "P3", Name: "procesy P", Area: domain.AreaP, Kind: domain.TaskProcess, UnitIDs: both, Products: products}
	o.n1 = &domain.Task{ProgrammeID: o.p.ID, Code: "N1", Name: "procesy N", Area: domain.AreaN, Kind: domain.TaskProcess, UnitIDs: both, Products: products}
	o.pz2 = &domain.Task{ProgrammeID: o.p.ID, Code: "PZ2", Name: "spotkania", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 1}
	for _, tk := range []*domain.Task{o.p3, o.n1, o.pz2} {
		if err := s.SaveTask(ctx, admin, tk); err != nil {
			t.Fatal(err)
		}
	}
	ps4 := &domain.Training{ProgrammeID: o.p.ID, Code: "PS4", Topic: "procesy", Area: domain.AreaP, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)}
	ns4 := &domain.Training{ProgrammeID: o.p.ID, Code: "NS4", Topic: "procesy N", Area: domain.AreaN, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)}
	for _, tr := range []*domain.Training{ps4, ns4} {
		if err := s.SaveTraining(ctx, admin, tr); err != nil {
			t.Fatal(err)
		}
	}
	o.ps4, o.ns4 = ps4.ID, ns4.ID
	for key, in := range map[string]*domain.Indicator{
		"implP":      {Number: "6", Name: "wdrożenia P (zadanie P3)", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{TaskIDs: []int64{o.p3.ID}}},
		"implN":      {Number: "7", Name: "wdrożenia N (obszar)", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{Area: domain.AreaN}},
		"unitsP":     {Number: "UP", Name: "jednostki P", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}},
		"unitsN":     {Number: "UN", Name: "jednostki N", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaN}},
		"meetings":   {Number: "18", Name: "spotkania", Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: o.pz2.ID}},
		"personsP":   {Number: "OP", Name: "przeszkoleni P", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaP}},
		"personsN":   {Number: "ON", Name: "przeszkoleni N", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaN}},
		"personsAll": {Number: "O", Name: "przeszkoleni PS4+NS4", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{TrainingIDs: []int64{o.ps4, o.ns4}}},
		"days":       {Number: "D", Name: "dni szkoleń", Rule: domain.RuleTrainingDays},
		"daysP":      {Number: "DP", Name: "dni szkoleń P", Rule: domain.RuleTrainingDays, Params: domain.RuleParams{Area: domain.AreaP}},
		"cons":       {Number: "K", Name: "dni konsultacji P3", Rule: domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: o.p3.ID}},
		"manual":     {Number: "M", Name: "ręczny", Rule: domain.RuleManual},
	} {
		in.ProgrammeID, in.Type, in.Target = o.p.ID, domain.IndicatorProduct, domain.DecimalFromInt(10)
		if err := s.SaveIndicator(ctx, admin, in, nil); err != nil {
			t.Fatalf("indicator %s: %v", key, err)
		}
		o.ind[key] = in
	}
	return o
}

// pv is an expected value of a period: value (Polish notation), women,
// men, flagged (meetings with management), records (evidence) and facts
// (things counted).
type pv struct {
	v          string
	w, m, f, r int
	n          int
}

func (e pv) String() string {
	return fmt.Sprintf("%s (K %d, M %d, zarząd %d, dowody %d, fakty %d)", e.v, e.w, e.m, e.f, e.r, e.n)
}

func fromValue(v domain.PeriodValue) pv {
	return pv{v: v.Value.Input(), w: v.Women, m: v.Men, f: v.Flagged, r: v.Records, n: v.Facts}
}

func dec(t *testing.T, s string) domain.Decimal {
	t.Helper()
	x, err := domain.ParseDecimal(s)
	if err != nil {
		t.Fatalf("decimal %q: %v", s, err)
	}
	return x
}

// expect compares an indicator's values by period (of the whole programme
// when unit is nil, else of the unit) with want, exactly: no other period
// may have a value. For the whole programme the recomputation from the raw
// evidence must give the same.
func (o *oracle) expect(t *testing.T, key string, unit *domain.Unit, want map[string]pv) {
	t.Helper()
	ctx := context.Background()
	var unitID int64
	where := "programme"
	if unit != nil {
		unitID, where = unit.ID, unit.Name
	}
	live, err := o.s.IndicatorSeries(ctx, o.p.ID, unitID)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]map[string]domain.PeriodValue{"read model": live[o.ind[key].ID]}
	if unit == nil {
		fresh, err := o.s.SeriesFromEvidence(ctx, o.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		sources["recomputation"] = fresh[o.ind[key].ID]
	}
	for src, got := range sources {
		periods := map[string]bool{}
		for p := range got {
			periods[p] = true
		}
		for p := range want {
			periods[p] = true
		}
		var keys []string
		for p := range periods {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			g, ok := got[p]
			w, expected := want[p]
			switch {
			case !expected:
				t.Errorf("%s, %s, %s: %s %s, want nothing", key, where, src, p, fromValue(g))
			case !ok:
				t.Errorf("%s, %s, %s: %s nothing, want %s", key, where, src, p, w)
			case g.Value.Cmp(dec(t, w.v)) != 0 || g.Women != w.w || g.Men != w.m || g.Flagged != w.f || g.Records != w.r || g.Facts != w.n:
				t.Errorf("%s, %s, %s: %s %s, want %s", key, where, src, p, fromValue(g), w)
			}
		}
	}
}

// cumulative checks the report row of an indicator for period: the
// period's value and the value since the start, as the report shows them.
func (o *oracle) cumulative(t *testing.T, key, period, value, cumulative string) {
	t.Helper()
	ctx := context.Background()
	periods, err := o.s.ProgrammePeriods(ctx, o.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, i, ok := periods.Find(period)
	if !ok {
		t.Fatalf("no period %s", period)
	}
	series, err := o.s.IndicatorSeries(ctx, o.p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	in := o.ind[key]
	row := domain.ReportRowFor(in, domain.SeriesFor(in, periods, series[in.ID]), i)
	if row.Value.Cmp(dec(t, value)) != 0 || row.Cumulative.Cmp(dec(t, cumulative)) != 0 {
		t.Errorf("%s in %s: value %s, cumulative %s; want %s and %s", key, period, row.Value.Input(), row.Cumulative.Input(), value, cumulative)
	}
}

// products returns the unit's products of task by letter.
func (o *oracle) products(t *testing.T, task *domain.Task, unit *domain.Unit) map[string]int64 {
	t.Helper()
	ups, err := o.s.UnitProducts(context.Background(), o.p.ID, domain.ProductFilter{UnitID: unit.ID, TaskID: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, up := range ups {
		out[up.Letter] = up.ID
	}
	return out
}

// protocol drafts a protocol of task in unit with the products of letters,
// dated on, and records the decision signed on paper on the same day.
func (o *oracle) protocol(t *testing.T, task *domain.Task, unit *domain.Unit, letters string, on string, decision domain.ProtocolStatus) int64 {
	t.Helper()
	ups := o.products(t, task, unit)
	pr := &domain.Protocol{ProgrammeID: o.p.ID, TaskID: task.ID, UnitID: unit.ID, Place: "Bielawa", Date: d(on), Contractor: "Lider",
		Description: "Przekazanie produktów"}
	for _, l := range letters {
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: ups[string(l)]})
	}
	if err := o.s.SaveProtocol(context.Background(), admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	o.decide(t, pr.ID, on, decision)
	return pr.ID
}

// correction starts a new version of protocol id with only the products
// of letters and decides it on paper on on.
func (o *oracle) correction(t *testing.T, id int64, letters string, on string, decision domain.ProtocolStatus) int64 {
	t.Helper()
	ctx := context.Background()
	nid, err := o.s.NewProtocolVersion(ctx, admin, o.p.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := o.s.Protocol(ctx, o.p.ID, nid)
	if err != nil {
		t.Fatal(err)
	}
	var keep []domain.ProtocolItem
	for _, it := range pr.Items {
		if strings.Contains(letters, it.Letter) {
			keep = append(keep, it)
		}
	}
	pr.Items = keep
	if err := o.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	o.decide(t, nid, on, decision)
	return nid
}

func (o *oracle) decide(t *testing.T, id int64, on string, decision domain.ProtocolStatus) {
	t.Helper()
	ctx := context.Background()
	pr, err := o.s.Protocol(ctx, o.p.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decideOnPaper(t, o.s, o.p.ID, pr.ID, domain.Decision{Status: decision, Remarks: "uwagi",
		SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d(on)}); err != nil {
		t.Fatal(err)
	}
}

func (o *oracle) person(t *testing.T, unit *domain.Unit, sex domain.Sex) *domain.Person {
	t.Helper()
	o.seq++
	return &domain.Person{ProgrammeID: o.p.ID, FirstName: "Osoba", LastName: fmt.Sprintf("Wyroczna %d", o.seq), UnitID: unit.ID, Sex: sex,
		LegalBasis: domain.BasisConsent, BasisDate: d("2010-09-01"), RetentionUntil: d("2020-12-31")}
}

// session records a session of training on days; present[i] lists the
// days (indexes) person i was present on.
func (o *oracle) session(t *testing.T, training int64, days []string, people []*domain.Person, present [][]int) *domain.TrainingSession {
	t.Helper()
	ctx := context.Background()
	o.seq++
	x := &domain.TrainingSession{ProgrammeID: o.p.ID, TrainingID: training, GroupNo: o.seq, HoursPerDay: domain.DecimalFromInt(6), Place: "Sala",
		Trainer: "Trener", UnitIDs: []int64{o.a.ID, o.b.ID}}
	for _, s := range days {
		x.Days = append(x.Days, d(s))
	}
	if err := o.s.CreateSession(ctx, admin, o.p, x, ""); err != nil {
		t.Fatal(err)
	}
	var entries []domain.Attendance
	for i, pe := range people {
		if err := o.s.AddParticipant(ctx, admin, x, pe, ""); err != nil {
			t.Fatal(err)
		}
		for j, day := range x.Days {
			here := false
			for _, k := range present[i] {
				here = here || k == j
			}
			entries = append(entries, domain.Attendance{PersonID: pe.ID, Day: day, Present: here})
		}
	}
	if err := o.s.SaveAttendance(ctx, admin, x, entries, 0); err != nil {
		t.Fatal(err)
	}
	return x
}

// TestOracleAcceptedProtocols: implementations (a task in a unit, once all
// its products are accepted by protocols that still count) and units with
// an accepted protocol, including a rejection, a rework and a correction
// that drops a product.
func TestOracleAcceptedProtocols(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	// P3 in A: rejected on 5.10.2010, the new version (both products)
	// accepted on 20.11.2010 → an implementation in 2010-Q4 on 1 protocol.
	rejected := o.protocol(t, o.p3, o.a, "ab", "2010-10-05", domain.ProtocolRejected)
	o.expect(t, "implP", nil, nil)
	o.expect(t, "unitsP", nil, nil)
	o.correction(t, rejected, "ab", "2010-11-20", domain.ProtocolAccepted)
	// P3 in B: product a on 10.02.2011, product b on a second protocol on
	// 5.05.2011 → the implementation when the last product was accepted
	// (2011-Q2), on 2 protocols; the unit counts from its first
	// acceptance (2011-Q1), on 2 protocols.
	o.protocol(t, o.p3, o.b, "a", "2011-02-10", domain.ProtocolAccepted)
	o.expect(t, "implP", o.b, nil)
	o.protocol(t, o.p3, o.b, "b", "2011-05-05", domain.ProtocolAcceptedRemarks)
	o.expect(t, "implP", nil, map[string]pv{"2010-Q4": {v: "1", r: 1, n: 1}, "2011-Q2": {v: "1", r: 2, n: 1}})
	o.expect(t, "implP", o.a, map[string]pv{"2010-Q4": {v: "1", r: 1, n: 1}})
	o.expect(t, "implP", o.b, map[string]pv{"2011-Q2": {v: "1", r: 2, n: 1}})
	o.expect(t, "unitsP", nil, map[string]pv{"2010-Q4": {v: "1", r: 1, n: 1}, "2011-Q1": {v: "1", r: 2, n: 1}})
	o.cumulative(t, "implP", "2011-Q1", "0", "1")
	o.cumulative(t, "implP", "2011-Q2", "1", "2")
	o.cumulative(t, "unitsP", "2012-Q1", "0", "2")
	// Area P work does not count in area N.
	o.expect(t, "implN", nil, nil)
	o.expect(t, "unitsN", nil, nil)

	// N1 in A: both products accepted on 15.03.2011 → an implementation
	// and a unit in 2011-Q1, on 1 protocol each.
	n1 := o.protocol(t, o.n1, o.a, "ab", "2011-03-15", domain.ProtocolAccepted)
	o.expect(t, "implN", nil, map[string]pv{"2011-Q1": {v: "1", r: 1, n: 1}})
	o.expect(t, "unitsN", nil, map[string]pv{"2011-Q1": {v: "1", r: 1, n: 1}})
	// A correction accepted on 10.08.2011 keeps only product a: the first
	// version no longer counts, so product b is not accepted and there is
	// no implementation; the unit still has an accepted protocol (the
	// correction), dated by the series' first acceptance, on 1 protocol.
	o.correction(t, n1, "a", "2011-08-10", domain.ProtocolAccepted)
	o.expect(t, "implN", nil, nil)
	o.expect(t, "implN", o.a, nil)
	o.expect(t, "unitsN", nil, map[string]pv{"2011-Q1": {v: "1", r: 1, n: 1}})
	o.cumulative(t, "implN", "2012-Q1", "0", "0")
	// Area P is untouched.
	o.expect(t, "implP", nil, map[string]pv{"2010-Q4": {v: "1", r: 1, n: 1}, "2011-Q2": {v: "1", r: 2, n: 1}})
}

// TestOracleMeetings: a meeting counts with an attendance list (scan) and
// notes that contain one of its dates, in the period of its first day;
// with management it is flagged; its evidence is its scans and notes.
func TestOracleMeetings(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	ctx := context.Background()
	scan := func(m *domain.Meeting, n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			data := append(append([]byte{}, pdfBytes...), fmt.Sprintf("%% skan %d %d\n", m.ID, i)...)
			if _, err := o.s.AddMeetingScan(ctx, admin, m.ID, "lista.pdf", "application/pdf", data); err != nil {
				t.Fatal(err)
			}
		}
	}
	meeting := func(number int, days []string, notes string, mgmt bool, scans int) *domain.Meeting {
		t.Helper()
		m := &domain.Meeting{ProgrammeID: o.p.ID, TaskID: o.pz2.ID, Number: number, Place: "Bielawa", Notes: notes, WithManagement: mgmt}
		for _, s := range days {
			m.Days = append(m.Days, d(s))
		}
		if err := o.s.SaveMeeting(ctx, admin, o.p, m, ""); err != nil {
			t.Fatal(err)
		}
		scan(m, scans)
		return m
	}
	m1 := meeting(1, []string{"2010-12-07"}, "Notatka ze spotkania 07.12.2010.", true, 1)           // counts: 2010-Q4, flagged, 1 scan + notes
	m2 := meeting(2, []string{"2011-03-01"}, "Spotkanie odbyło się 1 marca 2011 r.", false, 0)      // no scan
	m3 := meeting(3, []string{"2011-04-12"}, "Notatka bez daty.", false, 2)                         // notes without the date
	meeting(4, []string{"2011-06-29", "2011-07-01"}, "Drugi dzień: 2011-07-01. Wnioski.", false, 1) // counts: 2011-Q2 (first day)
	o.expect(t, "meetings", nil, map[string]pv{"2010-Q4": {v: "1", f: 1, r: 2, n: 1}, "2011-Q2": {v: "1", r: 2, n: 1}})

	// The notes of meeting 3 get its date: 2011-Q2 has 2 meetings, on
	// 2 + 3 records.
	cur, err := o.s.Meeting(ctx, o.p.ID, m3.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Notes = "Notatka ze spotkania 12.04.2011."
	if err := o.s.SaveMeeting(ctx, admin, o.p, cur, ""); err != nil {
		t.Fatal(err)
	}
	// Meeting 2 gets its list: 2011-Q1.
	scan(m2, 1)
	// Meeting 1 was without management after all.
	cur, err = o.s.Meeting(ctx, o.p.ID, m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.WithManagement = false
	if err := o.s.SaveMeeting(ctx, admin, o.p, cur, ""); err != nil {
		t.Fatal(err)
	}
	o.expect(t, "meetings", nil, map[string]pv{"2010-Q4": {v: "1", r: 2, n: 1}, "2011-Q1": {v: "1", r: 2, n: 1}, "2011-Q2": {v: "2", r: 5, n: 2}})
	o.cumulative(t, "meetings", "2011-Q2", "2", "4")
	// Meeting 4 moved to 2011-Q3 (both days), its notes still dated.
	all, _ := o.s.Meetings(ctx, o.p.ID)
	for _, m := range all {
		if m.Number == 4 {
			cur, _ = o.s.Meeting(ctx, o.p.ID, m.ID)
		}
	}
	cur.Days = []time.Time{d("2011-07-01"), d("2011-07-02")}
	if err := o.s.SaveMeeting(ctx, admin, o.p, cur, ""); err != nil {
		t.Fatal(err)
	}
	o.expect(t, "meetings", nil, map[string]pv{"2010-Q4": {v: "1", r: 2, n: 1}, "2011-Q1": {v: "1", r: 2, n: 1}, "2011-Q2": {v: "1", r: 3, n: 1},
		"2011-Q3": {v: "1", r: 2, n: 1}})
}

// TestOracleTrainings: persons trained count once, in the period of their
// first day present at a session of the rule's trainings, by sex and by
// unit; a group-day counts when somebody was present on it.
func TestOracleTrainings(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	w1, m1, m2 := o.person(t, o.a, domain.SexFemale), o.person(t, o.b, domain.SexMale), o.person(t, o.a, domain.SexMale)
	w2 := o.person(t, o.b, domain.SexFemale)
	// PS4 (area P), 15–16.11.2010: W1 (A) both days, M1 (B) the second,
	// M2 (A) neither.
	o.session(t, o.ps4, []string{"2010-11-15", "2010-11-16"}, []*domain.Person{w1, m1, m2}, [][]int{{0, 1}, {1}, nil})
	// NS4 (area N), 10–11.01.2011: W1 the second day, W2 (B) the first, M2
	// neither.
	o.session(t, o.ns4, []string{"2011-01-10", "2011-01-11"}, []*domain.Person{w1, w2, m2}, [][]int{{1}, {0}, nil})
	// PS4, 1.02.2011: M2 absent again; nobody present, no group-day.
	o.session(t, o.ps4, []string{"2011-02-01"}, []*domain.Person{m2}, [][]int{nil})

	// Area P: W1 and M1 in 2010-Q4.
	o.expect(t, "personsP", nil, map[string]pv{"2010-Q4": {v: "2", w: 1, m: 1, r: 2, n: 2}})
	o.expect(t, "personsP", o.a, map[string]pv{"2010-Q4": {v: "1", w: 1, r: 1, n: 1}})
	o.expect(t, "personsP", o.b, map[string]pv{"2010-Q4": {v: "1", m: 1, r: 1, n: 1}})
	// Area N: W1 (first present at NS4 on 11.01.2011) and W2, both 2011-Q1.
	o.expect(t, "personsN", nil, map[string]pv{"2011-Q1": {v: "2", w: 2, r: 2, n: 2}})
	// PS4 + NS4: W1 once, in her first period (2010-Q4), with M1; W2 in
	// 2011-Q1. M2 never.
	o.expect(t, "personsAll", nil, map[string]pv{"2010-Q4": {v: "2", w: 1, m: 1, r: 2, n: 2}, "2011-Q1": {v: "1", w: 1, r: 1, n: 1}})
	o.expect(t, "personsAll", o.a, map[string]pv{"2010-Q4": {v: "1", w: 1, r: 1, n: 1}})
	o.expect(t, "personsAll", o.b, map[string]pv{"2010-Q4": {v: "1", m: 1, r: 1, n: 1}, "2011-Q1": {v: "1", w: 1, r: 1, n: 1}})
	o.cumulative(t, "personsAll", "2011-Q1", "1", "3")
	// Group-days: PS4 15.11 and 16.11 (2010-Q4), NS4 10.01 and 11.01
	// (2011-Q1); none on 1.02.2011.
	o.expect(t, "days", nil, map[string]pv{"2010-Q4": {v: "2", r: 2, n: 2}, "2011-Q1": {v: "2", r: 2, n: 2}})
	o.expect(t, "daysP", nil, map[string]pv{"2010-Q4": {v: "2", r: 2, n: 2}})
	o.cumulative(t, "days", "2011-Q2", "0", "4")

	// M1 moves to unit A: his count moves with him.
	ctx := context.Background()
	cur, err := o.s.Person(ctx, o.p.ID, m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.UnitID = o.a.ID
	if err := o.s.UpdatePerson(ctx, admin, cur); err != nil {
		t.Fatal(err)
	}
	o.expect(t, "personsP", o.a, map[string]pv{"2010-Q4": {v: "2", w: 1, m: 1, r: 2, n: 2}})
	o.expect(t, "personsP", o.b, nil)
}

// TestOracleConsultations: consultation days of the rule's task, summed per
// period and unit, moved with an edited consultation.
func TestOracleConsultations(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	ctx := context.Background()
	add := func(task *domain.Task, unit *domain.Unit, day, days string) *domain.Consultation {
		t.Helper()
		c := &domain.Consultation{ProgrammeID: o.p.ID, TaskID: task.ID, UnitID: unit.ID, Expert: "Piotr Zawadzki", Day: d(day),
			Hours: domain.DecimalFromInt(8), Days: dec(t, days), Topic: "Mapa procesów"}
		if err := o.s.SaveConsultation(ctx, admin, o.p, c, ""); err != nil {
			t.Fatal(err)
		}
		return c
	}
	add(o.p3, o.a, "2011-02-01", "1")
	c2 := add(o.p3, o.b, "2011-02-02", "0,5")
	c3 := add(o.p3, o.a, "2011-05-10", "1,5")
	add(o.n1, o.a, "2011-02-03", "1") // another task: not counted
	o.expect(t, "cons", nil, map[string]pv{"2011-Q1": {v: "1,5", r: 2, n: 2}, "2011-Q2": {v: "1,5", r: 1, n: 1}})
	o.expect(t, "cons", o.a, map[string]pv{"2011-Q1": {v: "1", r: 1, n: 1}, "2011-Q2": {v: "1,5", r: 1, n: 1}})
	o.expect(t, "cons", o.b, map[string]pv{"2011-Q1": {v: "0,5", r: 1, n: 1}})
	o.cumulative(t, "cons", "2011-Q2", "1,5", "3")

	// Consultation 3 moved to 1.07.2011 as one day; consultation 2 was in
	// unit A.
	edit := func(c *domain.Consultation, change func(*domain.Consultation)) {
		t.Helper()
		cur, err := o.s.Consultation(ctx, o.p.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		change(&cur.Consultation)
		if err := o.s.SaveConsultation(ctx, admin, o.p, &cur.Consultation, ""); err != nil {
			t.Fatal(err)
		}
	}
	edit(c3, func(c *domain.Consultation) { c.Day, c.Days = d("2011-07-01"), domain.DecimalFromInt(1) })
	edit(c2, func(c *domain.Consultation) { c.UnitID = o.a.ID })
	o.expect(t, "cons", nil, map[string]pv{"2011-Q1": {v: "1,5", r: 2, n: 2}, "2011-Q3": {v: "1", r: 1, n: 1}})
	o.expect(t, "cons", o.a, map[string]pv{"2011-Q1": {v: "1,5", r: 2, n: 2}, "2011-Q3": {v: "1", r: 1, n: 1}})
	o.expect(t, "cons", o.b, nil)
	o.cumulative(t, "cons", "2011-Q3", "1", "2,5")
	// Moved to task N1: no longer counted.
	edit(c3, func(c *domain.Consultation) { c.TaskID = o.n1.ID })
	o.expect(t, "cons", nil, map[string]pv{"2011-Q1": {v: "1,5", r: 2, n: 2}})
}

// TestOracleManualValues: manual values sum per period of their evidence
// date, and per unit when they name one.
func TestOracleManualValues(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	ctx := context.Background()
	for i, v := range []struct {
		value, on string
		unit      int64
	}{{"3", "2011-08-01", 0}, {"2,5", "2011-08-20", o.b.ID}, {"1", "2011-11-02", 0}} {
		mv := &domain.ManualValue{Value: dec(t, v.value), On: d(v.on), Note: "Badanie ankietowe", UnitID: v.unit}
		data := append(append([]byte{}, pdfBytes...), fmt.Sprintf("%% dowód %d\n", i)...)
		if err := o.s.AddManualValue(ctx, admin, o.ind["manual"], mv, "dowod.pdf", "application/pdf", data); err != nil {
			t.Fatal(err)
		}
	}
	o.expect(t, "manual", nil, map[string]pv{"2011-Q3": {v: "5,5", r: 2, n: 2}, "2011-Q4": {v: "1", r: 1, n: 1}})
	o.expect(t, "manual", o.b, map[string]pv{"2011-Q3": {v: "2,5", r: 1, n: 1}})
	o.cumulative(t, "manual", "2011-Q4", "1", "6,5")
	o.cumulative(t, "manual", "2012-Q1", "0", "6,5")
}

// TestClosingInForceRefusesChanges: the database itself refuses to change
// the snapshot or the digest of a closing in force, even to the
// application's own role; only the reopening may be written.
func TestClosingInForceRefusesChanges(t *testing.T) {
	t.Parallel()
	o := newOracle(t)
	ctx := context.Background()
	c := &domain.Consultation{ProgrammeID: o.p.ID, TaskID: o.p3.ID, UnitID: o.a.ID, Expert: "E", Day: d("2011-02-01"), Hours: domain.DecimalFromInt(8),
		Days: domain.DecimalFromInt(1), Topic: "t"}
	if err := o.s.SaveConsultation(ctx, admin, o.p, c, ""); err != nil {
		t.Fatal(err)
	}
	closing, err := o.s.ClosePeriod(ctx, admin, o.p, "2011-Q1", "WNP-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, sql string }{
		{"Snapshot", `UPDATE period_closings SET snapshot = '{"rows":[]}' WHERE id = $1`},
		{"Digest", `UPDATE period_closings SET digest = repeat('0', 64) WHERE id = $1`},
		{"SnapshotAndDigest", `UPDATE period_closings SET snapshot = snapshot || ' ', digest = encode(sha256(convert_to(snapshot || ' ', 'UTF8')), 'hex') WHERE id = $1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tag, err := o.s.Pool.Exec(ctx, tc.sql, closing.ID)
			if err == nil {
				t.Fatalf("the database accepted the change (%d rows)", tag.RowsAffected())
			}
			if !strings.Contains(err.Error(), "frozen") {
				t.Fatalf("refused, but not by the closing's trigger: %v", err)
			}
		})
	}
	now, err := o.s.ClosingOf(ctx, o.p.ID, "2011-Q1")
	if err != nil || now == nil || now.Content != closing.Content || now.Digest != closing.Digest || domain.DigestOf([]byte(now.Content)) != now.Digest {
		t.Fatalf("the closing changed: %+v, %v", now, err)
	}
	// The reopening is the one change allowed, through the same role.
	if err := o.s.ReopenPeriod(ctx, admin, o.p.ID, "2011-Q1", "Korekta wniosku"); err != nil {
		t.Fatalf("reopening: %v", err)
	}
}
