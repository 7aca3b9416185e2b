package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// cafFixture adds CAF to the indicator fixture: three assessors of unit a
// (the first leads), an assessor of unit b, the CAF indicators, and a
// clock inside the programme (signing dates the consensus on today).
type cafFixture struct {
	*indFixture
	t                   testing.TB
	leader, m2, m3, oth *domain.User
	now                 time.Time
}

func newCAFFixture(t testing.TB) *cafFixture {
	t.Helper()
	f := &cafFixture{indFixture: newIndFixture(t), t: t, now: time.Date(2011, 3, 1, 10, 0, 0, 0, time.UTC)}
	f.s.Now = func() time.Time { return f.now }
	f.leader = newUser(t, f.s, "lider", domain.RoleAssessor, f.a.ID)
	f.m2 = newUser(t, f.s, "czlonek2", domain.RoleAssessor, f.a.ID)
	f.m3 = newUser(t, f.s, "czlonek3", domain.RoleAssessor, f.a.ID)
	f.oth = newUser(t, f.s, "obcy", domain.RoleAssessor, f.b.ID)
	for key, in := range map[string]*domain.Indicator{
		"cafUnits":   {Number: "C1", Name: "jednostki po samoocenie", Rule: domain.RuleCAFUnitsAssessed},
		"cafChange":  {Number: "C2", Name: "zmiana wyniku CAF", Rule: domain.RuleCAFTotalChange},
		"cafChange7": {Number: "C3", Name: "zmiana kryterium 7", Rule: domain.RuleCAFTotalChange, Params: domain.RuleParams{CAFCriteria: []int{7}}},
		"cafActions": {Number: "C4", Name: "działania zrealizowane", Rule: domain.RuleCAFActionsDone},
	} {
		in.ProgrammeID, in.Type, in.Target = f.p.ID, domain.IndicatorResult, domain.DecimalFromInt(10)
		if err := f.s.SaveIndicator(context.Background(), admin, in, nil); err != nil {
			t.Fatalf("indicator %s: %v", key, err)
		}
		f.ind[key] = in
	}
	return f
}

// assessment opens the next cycle in unit u with members (the first leads).
func (f *cafFixture) assessment(u *domain.Unit, method domain.CAFMethod, members ...*domain.User) *domain.CAFAssessment {
	f.t.Helper()
	a := &domain.CAFAssessment{UnitID: u.ID, Method: method, StartsOn: d("2011-01-10"), EndsOn: d("2011-02-28")}
	for i, m := range members {
		a.Members = append(a.Members, domain.CAFMember{UserID: m.ID, Leader: i == 0})
	}
	if err := f.s.CreateCAFAssessment(context.Background(), admin, f.p, a); err != nil {
		f.t.Fatal(err)
	}
	return f.reload(a)
}

func (f *cafFixture) reload(a *domain.CAFAssessment) *domain.CAFAssessment {
	f.t.Helper()
	got, err := f.s.CAFAssessment(context.Background(), f.p.ID, a.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// classical is a classical score of points.
func classical(sub string, points int) *domain.CAFScore {
	x := float64(points)
	return &domain.CAFScore{Sub: sub, Score: &x, Strengths: "Mocna strona " + sub, Improvements: "Do poprawy " + sub}
}

// scoreAll scores every sub-criterion as member u with points(code) and
// submits the scoring.
func (f *cafFixture) scoreAll(a *domain.CAFAssessment, u *domain.User, points func(code string) int) {
	f.t.Helper()
	ctx := context.Background()
	for _, sub := range a.Model().Subs() {
		if err := f.s.SaveCAFScore(ctx, actorOf(u), a, u.ID, classical(sub.Code, points(sub.Code))); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := f.s.SubmitCAFScoring(ctx, actorOf(u), a, u.ID); err != nil {
		f.t.Fatal(err)
	}
}

// agreeAll records the agreed points(code) of every sub-criterion.
func (f *cafFixture) agreeAll(a *domain.CAFAssessment, points func(code string) int) {
	f.t.Helper()
	for _, sub := range a.Model().Subs() {
		sc := classical(sub.Code, points(sub.Code))
		sc.Justification = "Zespół uzgodnił ocenę."
		if err := f.s.SaveCAFConsensusScore(context.Background(), actorOf(f.leader), a, sc); err != nil {
			f.t.Fatal(err)
		}
	}
}

// signed runs a whole classical cycle in unit u (one member, leader of
// unit a's group or the other unit's assessor) with every sub-criterion
// agreed at points(code), signed by the manager on the fixture's clock.
func (f *cafFixture) signed(u *domain.Unit, points func(code string) int) *domain.CAFAssessment {
	f.t.Helper()
	ctx := context.Background()
	member := f.leader
	if u.ID != f.a.ID {
		member = f.oth
	}
	a := f.assessment(u, domain.CAFClassical, member)
	f.scoreAll(a, member, points)
	if err := f.s.OpenCAFConsensus(ctx, actorOf(member), a); err != nil {
		f.t.Fatal(err)
	}
	a = f.reload(a)
	for _, sub := range a.Model().Subs() {
		sc := classical(sub.Code, points(sub.Code))
		sc.Justification = "Zespół uzgodnił ocenę."
		if err := f.s.SaveCAFConsensusScore(ctx, actorOf(member), a, sc); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(member), a); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.SignCAFConsensus(ctx, actorOf(f.manager), f.reload(a), f.manager); err != nil {
		f.t.Fatal(err)
	}
	return f.reload(a)
}

var _ = store.FormatID
