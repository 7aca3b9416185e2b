package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestLoadSeedPlan(t *testing.T) {
	st := testdb.Store(t)
	st.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	if ok, err := Load(ctx, st); err != nil || !ok {
		t.Fatalf("Load = %v, %v", ok, err)
	}
	if ok, err := Load(ctx, st); err != nil || ok {
		t.Fatalf("second Load = %v, %v; want nothing loaded", ok, err)
	}
	progs, _ := st.Programmes(ctx)
	if len(progs) != 2 {
		t.Fatalf("programmes = %d, want the demo programme and %s", len(progs), KCUCode)
	}
	id, _ := programmeIDOf(ctx, st, ProgrammeCode)
	p, _ := st.Programme(ctx, id)
	if progs[0].ID != id {
		t.Errorf("the demo programme is not the first in the list: %+v", progs)
	}
	// Half-way through the 24-month improvement phase on 2026-11-27.
	if p.Start.Format("2006-01-02") != "2025-08-01" || p.End.Format("2006-01-02") != "2028-01-31" || len(p.Phases) != 3 ||
		p.Phases[1].Start.Format("2006-01-02") != "2025-11-01" || p.Phases[1].End.Format("2006-01-02") != "2027-10-31" {
		t.Fatalf("dates: %v – %v, phases %+v", p.Start, p.End, p.Phases)
	}
	tasks, _ := st.Tasks(ctx, p.ID)
	days := map[string]int{}
	for _, tk := range tasks {
		days[tk.Code+" "+tk.Name] = tk.PlannedDays()
		if tk.Kind == domain.TaskMeetings {
			days[tk.Code] = tk.MeetingsPlanned*100 + tk.DaysPerMeeting
		}
	}
	want := map[string]int{"P3 doskonalenie procesów": 70, "N1 doskonalenie procesów": 70, "P3 standardy obsługi klienta": 68,
		"N2 standardy obsługi klienta": 20, "PZ2": 802}
	for k, v := range want {
		if days[k] != v {
			t.Errorf("%s = %d, want %d", k, days[k], v)
		}
	}
	trainings, _ := st.Trainings(ctx, p.ID)
	var total domain.Decimal
	for _, tr := range trainings {
		total = total.Add(tr.TrainingDays())
	}
	if len(trainings) != 9 || total != domain.DecimalFromInt(58) {
		t.Errorf("trainings = %d with %s days, want 9 with 58", len(trainings), total)
	}
	inds, _ := st.Indicators(ctx, p.ID)
	if len(inds) != 10 {
		t.Errorf("indicators = %d, want 10 (6, 7, 18, units P + N, accepted products S, satisfaction change, CAF C1–C3)", len(inds))
	}
	series, _ := st.IndicatorSeries(ctx, p.ID, 0)
	for _, in := range inds {
		var total domain.Decimal
		for _, v := range series[in.ID] {
			total = total.Add(v.Value)
		}
		if in.Rule == domain.RuleAcceptedProducts && total.Sign() <= 0 {
			t.Errorf("indicator %s counts no accepted product in the demo", in.Number)
		}
	}
	parts, _ := st.Participations(ctx, p.ID)
	areaP, areaN := 0, 0
	for _, pa := range parts {
		if slices.Contains(pa.Areas, domain.AreaP) {
			areaP++
		}
		if slices.Contains(pa.Areas, domain.AreaN) {
			areaN++
		}
	}
	if len(parts) != 27 || areaP < 7 || areaN < 7 {
		t.Errorf("participations = %d (P %d, N %d)", len(parts), areaP, areaN)
	}

	sessions, _ := st.TrainingSessions(ctx, p.ID)
	complete := 0
	for _, x := range sessions {
		if x.Complete() {
			complete++
		}
		if !x.Last.Before(st.Now()) {
			t.Errorf("session %s/%d dated %v, not before today", x.TrainingCode, x.GroupNo, x.Last)
		}
	}
	if len(sessions) < 5 || complete == len(sessions) || complete == 0 {
		t.Errorf("sessions = %d, complete %d: want several, some incomplete", len(sessions), complete)
	}
	meetings, _ := st.Meetings(ctx, p.ID)
	withMgmt := 0
	for _, m := range meetings {
		if m.WithManagement {
			withMgmt++
		}
	}
	if len(meetings) < 3 || withMgmt != 1 {
		t.Errorf("meetings = %d (with management %d)", len(meetings), withMgmt)
	}
	cons, _ := st.Consultations(ctx, p.ID)
	practices, _ := st.GoodPractices(ctx, p.ID, domain.PracticeFilter{})
	if len(cons) < 10 || len(practices) != 3 {
		t.Errorf("consultations %d, practices %d", len(cons), len(practices))
	}

	// Protocols in every state; the one waiting is the demo manager's.
	prots, _ := st.Protocols(ctx, p.ID, domain.ProtocolFilter{})
	states := map[domain.ProtocolStatus]int{}
	waitingForManager := 0
	for _, pr := range prots {
		states[pr.Status]++
		if pr.Status == domain.ProtocolSubmitted && pr.UnitName == LeaderUnit {
			waitingForManager++
		}
	}
	for _, st := range domain.ProtocolStatuses {
		if states[st] == 0 {
			t.Errorf("no demo protocol %s: %v", st, states)
		}
	}
	if waitingForManager == 0 {
		t.Error("no protocol waits for the demo manager")
	}
	checked, bad, err := st.VerifyProtocols(ctx)
	if err != nil || checked < 4 || len(bad) != 0 {
		t.Errorf("verify demo protocols: %d checked, %+v, %v", checked, bad, err)
	}
}

// TestLoadSecondProgramme: the programme of government offices has its own
// areas and no P/N, half-day trainings, indicators of every shape that
// count something, and a coordinator of its own who sees it alone.
func TestLoadSecondProgramme(t *testing.T) {
	st := testdb.Store(t)
	st.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	if _, err := Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	id, _ := programmeIDOf(ctx, st, KCUCode)
	p, err := st.Programme(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status(st.Now()) != domain.ProgrammeClosing || p.Start.Format("2006-01-02") != "2025-05-01" || p.End.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("status %s, %v – %v; want the closing phase of May 2025 – December 2026", p.Status(st.Now()), p.Start, p.End)
	}
	if len(p.Areas) != 2 || !p.Areas.Has(AreaOK) || !p.Areas.Has(AreaZJ) || p.Areas.Has(domain.AreaP) || p.Areas.Has(domain.AreaN) {
		t.Errorf("areas = %+v", p.Areas)
	}
	if len(p.Components) != 2 {
		t.Errorf("components = %+v", p.Components)
	}
	parts, _ := st.Participations(ctx, p.ID)
	if len(parts) != 1+len(KCUUnits) {
		t.Errorf("participations = %d", len(parts))
	}
	for _, pa := range parts {
		if !slices.Contains(pa.Areas, AreaOK) || slices.Contains(pa.Areas, domain.AreaP) || slices.Contains(pa.Areas, domain.AreaN) {
			t.Errorf("%s in areas %v", pa.Unit.Name, pa.Areas)
		}
		if pa.Unit.Kind != domain.UnitUrzadWojewodzki && pa.Unit.Kind != domain.UnitInnyRzadowy {
			t.Errorf("%s is a %s, not a government office", pa.Unit.Name, pa.Unit.Kind)
		}
	}
	tasks, _ := st.Tasks(ctx, p.ID)
	for _, tk := range tasks {
		if tk.Area != "" && tk.Area != AreaOK {
			t.Errorf("task %s in area %s", tk.Code, tk.Area)
		}
	}
	trainings, _ := st.Trainings(ctx, p.ID)
	halves := 0
	for _, tr := range trainings {
		if tr.DaysPerGroup.Cents()%100 == 50 {
			halves++
		}
	}
	if len(trainings) != 3 || halves != 2 {
		t.Errorf("trainings = %d, %d with half days per group", len(trainings), halves)
	}
	sessions, _ := st.TrainingSessions(ctx, p.ID)
	if len(sessions) != 3 {
		t.Errorf("sessions = %d", len(sessions))
	}

	// Every indicator counts something; the products and training days as
	// the evidence says.
	inds, _ := st.Indicators(ctx, p.ID)
	series, _ := st.IndicatorSeries(ctx, p.ID, 0)
	totals := map[string]domain.Decimal{}
	for _, in := range inds {
		var total domain.Decimal
		for _, v := range series[in.ID] {
			total = total.Add(v.Value)
		}
		totals[in.Number] = total
		if total.Sign() <= 0 {
			t.Errorf("indicator %s %q (%s) is 0 on the demo", in.Number, in.Name, in.Rule)
		}
		if in.Params.Area != "" {
			t.Errorf("indicator %s takes area %s", in.Number, in.Params.Area)
		}
	}
	want := map[string]string{
		"1": "3",   // service catalogues: d of Z1 in two offices, d of Z3 in one
		"2": "2",   // satisfaction survey reports: c of Z1 (one accepted with remarks)
		"3": "2",   // tasks with every product accepted: Z1 and Z2 in the leader
		"4": "4",   // offices with an accepted protocol
		"6": "2,5", // 0,5 + 0,5 + 1,5 group-days
	}
	for n, v := range want {
		if totals[n].String() != v {
			t.Errorf("indicator %s = %s, want %s", n, totals[n], v)
		}
	}

	// The team: the demo coordinator and expert in both programmes, the
	// second coordinator in this one alone.
	demoID, _ := programmeIDOf(ctx, st, ProgrammeCode)
	for _, u := range []string{"koordynator", "ekspert"} {
		acc, _, err := st.UserCredentials(ctx, u)
		if err != nil || !acc.CanSeeProgramme(demoID) || !acc.CanSeeProgramme(p.ID) {
			t.Errorf("%s: %v, programmes %v", u, err, acc)
		}
	}
	kcu, _, err := st.UserCredentials(ctx, KCUCoordinator)
	if err != nil || kcu.Role != domain.RoleCoordinator || !kcu.Demo || !kcu.CanSeeProgramme(p.ID) || kcu.CanSeeProgramme(demoID) {
		t.Fatalf("%s: %v %+v", KCUCoordinator, err, kcu)
	}
	prots, _ := st.Protocols(ctx, p.ID, domain.ProtocolFilter{})
	for _, pr := range prots {
		if pr.Status == domain.ProtocolRejected || pr.Status == domain.ProtocolSubmitted {
			t.Errorf("protocol %s is %s (kaizen verify's test and the demo manager's waiting list count those of the first programme)", pr.Number(), pr.Status)
		}
	}
	if len(prots) != 6 {
		t.Errorf("protocols = %d", len(prots))
	}
	if ok, err := Load(ctx, st); err != nil || ok {
		t.Fatalf("second Load = %v, %v; want nothing loaded", ok, err)
	}
}

// TestLoadUpgradesOlderDemo: a demo database loaded before the second
// programme existed gains it on the next start, with its offices, the demo
// team's memberships and its own coordinator; nothing twice.
func TestLoadUpgradesOlderDemo(t *testing.T) {
	st := testdb.Store(t)
	st.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	// The older demo: its units, the first programme and five accounts.
	byName := map[string]int64{}
	for _, u := range Units {
		if err := st.CreateUnit(ctx, system, &u); err != nil {
			t.Fatal(err)
		}
		byName[u.Name] = u.ID
	}
	if err := loadPlan(ctx, st, byName); err != nil {
		t.Fatal(err)
	}
	saved := Accounts
	Accounts = saved[:5]
	_, err := loadAccounts(ctx, st, byName, true)
	Accounts = saved
	if err != nil {
		t.Fatal(err)
	}
	if err := loadProtocols(ctx, st); err != nil {
		t.Fatal(err)
	}
	if has, _ := st.ProgrammeCodeExists(ctx, KCUCode); has {
		t.Fatal("the older demo has the second programme")
	}

	if ok, err := Load(ctx, st); err != nil || !ok {
		t.Fatalf("Load on an older demo = %v, %v", ok, err)
	}
	kcu, _ := programmeIDOf(ctx, st, KCUCode)
	first, _ := programmeIDOf(ctx, st, ProgrammeCode)
	if kcu == 0 {
		t.Fatal("second programme not loaded")
	}
	for _, name := range []string{"koordynator", "ekspert"} {
		u, _, err := st.UserCredentials(ctx, name)
		if err != nil || !slices.Contains(u.ProgrammeIDs, kcu) || !slices.Contains(u.ProgrammeIDs, first) {
			t.Errorf("%s: %v, teams %v", name, err, u)
		}
	}
	u, _, err := st.UserCredentials(ctx, KCUCoordinator)
	if err != nil || !slices.Equal(u.ProgrammeIDs, []int64{kcu}) || !u.Demo {
		t.Fatalf("%s: %v %+v", KCUCoordinator, err, u)
	}
	prots, _ := st.Protocols(ctx, kcu, domain.ProtocolFilter{Accepted: true})
	if len(prots) != 5 {
		t.Errorf("accepted protocols of %s = %d", KCUCode, len(prots))
	}
	units, _ := st.ListUnits(ctx)
	if len(units) != len(Units)+len(KCUUnits) {
		t.Errorf("units = %d", len(units))
	}
	if ok, err := Load(ctx, st); err != nil || ok {
		t.Fatalf("second Load = %v, %v; want nothing loaded", ok, err)
	}
	// The five older accounts and those of the programme just added: the
	// other accounts (the CAF group's, issue 17) count as removed on purpose.
	want := 5
	for _, a := range Accounts[5:] {
		if a.Only != "" {
			want++
		}
	}
	if users, _ := st.CountUsers(ctx); users != want {
		t.Errorf("accounts = %d, want %d", users, want)
	}
}
