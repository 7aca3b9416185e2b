package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// TestLoadSurveys: the demo customer survey has a closed baseline and
// follow-up in seven offices with 80–150 responses each, from paper and
// online; its index (from the aggregates) rose by more than 15% in four
// offices, by less in two and fell in one; the employee wave counts its
// invitations; the satisfaction indicator is defined.
func TestLoadSurveys(t *testing.T) {
	st := testdb.Store(t)
	st.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	start := time.Now()
	if _, err := Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %v", time.Since(start).Round(time.Millisecond))
	pid, _ := programmeIDOf(ctx, st, ProgrammeCode)
	qs, err := st.Questionnaires(ctx, pid)
	if err != nil || len(qs) != 2 || qs[0].Code != CustomerCode || qs[1].Code != EmployeeCode {
		t.Fatalf("questionnaires = %+v, %v", qs, err)
	}
	waves, err := st.Waves(ctx, pid, store.WaveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type pair struct {
		base, follow float64
		nb, nf       int
	}
	index := map[string]*pair{}
	customer, employee := 0, 0
	for _, w := range waves {
		tot, counts, err := st.WaveResults(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.QuestionnaireCode == EmployeeCode {
			employee++
			if w.Closed() || tot.Invitations != 48 || tot.Answered != 32 || tot.Invited != 32 || tot.Responses != 32 {
				t.Errorf("employee wave: closed %v, %+v", w.Closed(), tot)
			}
			continue
		}
		customer++
		if !w.Closed() || tot.Responses < 80 || tot.Responses > 150 || tot.Paper == 0 || tot.Online == 0 ||
			tot.Paper+tot.Online != tot.Responses || tot.IndexN != tot.Responses {
			t.Errorf("wave %s (%s, round %d): closed %v, %+v", w.Code, w.UnitName, w.Round, w.Closed(), tot)
		}
		// Most answers are 4 or 5.
		v, _ := st.QuestionnaireVersion(ctx, w.VersionID)
		high, all := 0, 0
		for _, it := range v.Items {
			if it.Kind != domain.ItemLikert {
				continue
			}
			for value, n := range counts[it.ID] {
				if value != domain.DontKnow {
					all += n
					if value >= 4 {
						high += n
					}
				}
			}
		}
		if all == 0 || high*2 < all && w.Round == 1 && w.UnitName != "Urząd Miejski Bochnia" {
			t.Errorf("wave %s: %d of %d answers 4 or 5", w.Code, high, all)
		}
		if index[w.UnitName] == nil {
			index[w.UnitName] = &pair{}
		}
		mean := tot.IndexSum / float64(tot.IndexN)
		if w.Round == 0 {
			index[w.UnitName].base, index[w.UnitName].nb = mean, tot.Responses
		} else {
			index[w.UnitName].follow, index[w.UnitName].nf = mean, tot.Responses
		}
	}
	if customer != 14 || employee != 1 {
		t.Fatalf("waves: %d customer, %d employee; want 14 and 1", customer, employee)
	}
	var above, below, between []string
	for _, name := range SurveyUnitNames() {
		x := index[name]
		if x == nil {
			t.Fatalf("no waves in %s", name)
		}
		change, _ := domain.SatisfactionChange(x.base, x.follow)
		t.Logf("%-32s baseline %5.1f (n=%d) follow-up %5.1f (n=%d) change %+5.1f%%", name, x.base, x.nb, x.follow, x.nf, change)
		switch {
		case change > 15:
			above = append(above, name)
		case change < 0:
			below = append(below, name)
		default:
			between = append(between, name)
		}
	}
	if len(above) != 4 || len(below) != 1 || below[0] != "Urząd Miejski Bochnia" || len(between) != 2 {
		t.Errorf("above 15%%: %v; below 0: %v; between: %v", above, below, between)
	}
	inds, _ := st.Indicators(ctx, pid)
	if !slices.ContainsFunc(inds, func(in *domain.Indicator) bool {
		return in.Rule == domain.RuleSatisfactionChange && in.Params.SurveyKind == domain.SurveyCustomer && in.Target == domain.DecimalFromInt(15)
	}) {
		t.Error("no indicator of customer satisfaction change with target 15")
	}
	// Paper sheets were keyed in by the coordinator: the audit trail says so.
	var keyed int
	if err := st.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'survey_response'`).Scan(&keyed); err != nil {
		t.Fatal(err)
	}
	var paper int
	if err := st.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_responses WHERE channel = 'paper'`).Scan(&paper); err != nil || keyed != paper || paper == 0 {
		t.Errorf("paper responses %d, audit entries %d (%v)", paper, keyed, err)
	}
}
