package demo

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

// TestLoadCAF: four offices signed a first CAF cycle about a year ago, two
// of them a second one last month; the leader unit's second cycle is in
// individual scoring with drafts of one member only; the CAF indicators
// count the four units, the change of two and the actions done; the read
// model agrees with the evidence.
func TestLoadCAF(t *testing.T) {
	st := testdb.Store(t)
	today := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { return today }
	ctx := context.Background()
	start := time.Now()
	if _, err := Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %v", time.Since(start).Round(time.Millisecond))
	pid, _ := programmeIDOf(ctx, st, ProgrammeCode)
	list, err := st.CAFAssessments(ctx, pid, nil)
	if err != nil {
		t.Fatal(err)
	}
	signed := map[int]int{}
	var live *domain.CAFAssessment
	for _, a := range list {
		switch {
		case a.Stage == domain.CAFStageSigned:
			signed[a.Cycle]++
			if a.Cycle == 1 && (a.SignedOn.Before(today.AddDate(0, -13, 0)) || a.SignedOn.After(today.AddDate(0, -10, 0))) {
				t.Errorf("%s cycle 1 signed on %s", a.UnitName, a.SignedOn.Format(time.DateOnly))
			}
			if a.Cycle == 2 && (a.SignedOn.Before(today.AddDate(0, -2, 0)) || !a.SignedOn.Before(today)) {
				t.Errorf("%s cycle 2 signed on %s", a.UnitName, a.SignedOn.Format(time.DateOnly))
			}
		case a.Stage == domain.CAFStageScoring:
			if live != nil {
				t.Errorf("two live cycles: %s, %s", live.UnitName, a.UnitName)
			}
			live = a
		default:
			t.Errorf("%s cycle %d stage %s", a.UnitName, a.Cycle, a.Stage)
		}
	}
	if signed[1] != 4 || signed[2] != 2 {
		t.Errorf("signed cycles = %v, want 4 first and 2 second", signed)
	}
	if live == nil || live.UnitName != LeaderUnit || live.Cycle != 2 || len(live.Members) != 3 || live.ConsensusAt != nil {
		t.Fatalf("live cycle = %+v", live)
	}
	for _, m := range live.Members {
		if m.SubmittedAt != nil {
			t.Errorf("member %s submitted in the live cycle", m.Name)
		}
	}
	drafts, err := st.CAFGroupScores(ctx, live.ID)
	if err != nil || len(drafts) != 0 {
		t.Errorf("submitted scorings in the live cycle = %v, %v", drafts, err)
	}
	b, _, _ := st.UserCredentials(ctx, "czlonek.b")
	own, err := st.CAFScores(ctx, live.ID, b.ID)
	if err != nil || len(own) == 0 || len(own) >= 28 {
		t.Errorf("drafts of czlonek.b = %d, %v", len(own), err)
	}
	// The plans: every state, one action from task P3 and one applying a
	// good practice; Bielawa consents to be named in benchlearning.
	states := map[domain.ActionStatus]int{}
	linked := 0
	for _, a := range list {
		if a.Cycle != 1 {
			continue
		}
		actions, err := st.CAFActions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range actions {
			states[x.Status]++
			if x.TaskID != nil || x.PracticeID != nil {
				linked++
			}
			if x.Status == domain.ActionDone && (x.DoneOn.IsZero() || !x.DoneOn.Before(today)) {
				t.Errorf("action %q done on %v", x.Title, x.DoneOn)
			}
		}
	}
	if states[domain.ActionDone] != 7 || states[domain.ActionDropped] != 1 || states[domain.ActionPlanned] == 0 ||
		states[domain.ActionInProgress] == 0 || linked != 2 {
		t.Errorf("actions by state %v, linked %d", states, linked)
	}
	consents, err := st.CAFConsents(ctx, pid)
	if err != nil || len(consents) != 1 {
		t.Errorf("consents = %v, %v", consents, err)
	}
	inds, _ := st.Indicators(ctx, pid)
	series, _ := st.IndicatorSeries(ctx, pid, 0)
	got := map[string][2]float64{}
	for _, in := range inds {
		var total domain.Decimal
		facts := 0
		for _, v := range series[in.ID] {
			total, facts = total.Add(v.Value), facts+v.Facts
		}
		f := float64(total.Cents()) / 100
		got[in.Number] = [2]float64{f, float64(facts)}
		if in.Rule == domain.RuleCAFTotalChange {
			rows, n, err := st.IndicatorFacts(ctx, in, domain.FactFilter{})
			if err != nil || n != 2 || len(rows) != 2 {
				t.Errorf("facts of %s = %d, %v", in.Number, n, err)
			}
			for _, r := range rows {
				t.Logf("%s: %+v", in.Number, r)
			}
		}
	}
	if got["C1"] != [2]float64{4, 4} {
		t.Errorf("C1 = %v, want 4 units", got["C1"])
	}
	if got["C2"][1] != 2 || got["C2"][0] <= 0 {
		t.Errorf("C2 = %v, want a rise in 2 units", got["C2"])
	}
	if got["C3"] != [2]float64{7, 7} {
		t.Errorf("C3 = %v, want 7 actions done", got["C3"])
	}
	n, diffs, err := st.CheckReadModel(ctx)
	if err != nil || len(diffs) != 0 {
		t.Errorf("read model check: %d facts, %+v, %v", n, diffs, err)
	}
}
