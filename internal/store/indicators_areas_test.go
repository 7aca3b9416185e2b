package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// Rules that take an area count all the programme's areas when they name
// none; a change of a task's area moves the facts of the rules of an area.
func TestIndicatorRulesOfAllAreas(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	for key, in := range map[string]*domain.Indicator{
		"unitsAll":   {Number: "UA", Name: "jednostki (wszystkie obszary)", Rule: domain.RuleUnitsWithProtocol},
		"implAll":    {Number: "IA", Name: "wdrożenia (wszystkie zadania)", Rule: domain.RuleAcceptedProtocols},
		"personsAll": {Number: "OA", Name: "osoby (wszystkie szkolenia)", Rule: domain.RulePersonsTrained},
	} {
		in.ProgrammeID, in.Type, in.Target = f.p.ID, domain.IndicatorProduct, domain.DecimalFromInt(10)
		if err := f.s.SaveIndicator(ctx, admin, in, nil); err != nil {
			t.Fatalf("indicator %s: %v", key, err)
		}
		f.ind[key] = in
	}
	f.protocol(t, f.p3, f.a, "2011-02-10", domain.ProtocolAccepted)
	f.protocol(t, f.n1, f.a, "2011-06-01", domain.ProtocolAccepted)
	woman, man := f.person(t, f.a, domain.SexFemale), f.person(t, f.b, domain.SexMale)
	all := func(int, int) bool { return true }
	f.session(t, f.ps4, []time.Time{d("2010-11-15")}, []*domain.Person{woman}, all)
	f.session(t, f.ns4, []time.Time{d("2010-11-22")}, []*domain.Person{man}, all)
	for key, want := range map[string]int64{"unitsAll": 1, "implAll": 2, "personsAll": 2, "unitsP": 1, "implN": 1, "personsP": 1} {
		if v, _, _, _ := f.total(t, key); v != domain.DecimalFromInt(want) {
			t.Errorf("%s = %s, want %d", key, v, want)
		}
	}
	// N1 moves to area P: the rules of area N lose it, those of P gain it.
	f.n1.Area = domain.AreaP
	if err := f.s.SaveTask(ctx, admin, f.n1); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := f.total(t, "implN"); v.Sign() != 0 {
		t.Errorf("implN after N1 moved to P = %s", v)
	}
	if v, _, _, _ := f.total(t, "implAll"); v != domain.DecimalFromInt(2) {
		t.Errorf("implAll after N1 moved = %s", v)
	}
	f.check(t)
}
