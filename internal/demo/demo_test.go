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
	if len(progs) != 1 {
		t.Fatalf("programmes = %d", len(progs))
	}
	p, _ := st.Programme(ctx, progs[0].ID)
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
	if len(inds) != 6 {
		t.Errorf("indicators = %d, want 6 (6, 7, 18, units P + N, accepted products S)", len(inds))
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
