package web_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// xssCAF adds a signed CAF self-assessment of unit in programme p with
// markup in every text a member, the leader and the manager type (the
// people's names too), an improvement action, and a second assessment
// still in scoring; it returns the ids of the CAF routes' parameters.
func xssCAF(t *testing.T, ctx context.Context, st *store.Store, x *xssFields, p *domain.Programme, unit int64) map[string][]string {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("CAF %s: %v", what, err)
		}
	}
	hash := "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	member := &domain.User{Username: "czlonek-xss", DisplayName: x.long("cafmember"), Role: domain.RoleAssessor, UnitIDs: []int64{unit}, Active: true}
	check("member", st.CreateUser(ctx, guardActor, member, hash))
	boss := &domain.User{Username: "kierownik-xss", DisplayName: x.long("cafboss"), Role: domain.RoleUnitManager, UnitIDs: []int64{unit}, Active: true}
	check("manager", st.CreateUser(ctx, guardActor, boss, hash))
	act := domain.ActorOf(member, "127.0.0.1")
	open := func() *domain.CAFAssessment {
		a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: p.Start.AddDate(0, 3, 0), EndsOn: p.Start.AddDate(0, 4, 0),
			Members: []domain.CAFMember{{UserID: member.ID, Leader: true}}}
		check("assessment", st.CreateCAFAssessment(ctx, guardActor, p, a))
		got, err := st.CAFAssessment(ctx, p.ID, a.ID)
		check("assessment", err)
		return got
	}
	a := open()
	for i, s := range a.Model().Subs() {
		pts := float64(40 + i)
		sc := &domain.CAFScore{Sub: s.Code, Score: &pts}
		if i == 0 {
			sc.Strengths, sc.Improvements, sc.Ideas, sc.Evidence = x.long("cafstr"), x.long("cafimp"), x.long("cafidea"), x.long("cafev")
		}
		check("score", st.SaveCAFScore(ctx, act, a, member.ID, sc))
	}
	check("submit", st.SubmitCAFScoring(ctx, act, a, member.ID))
	check("open", st.OpenCAFConsensus(ctx, act, a))
	for i, s := range a.Model().Subs() {
		pts := float64(50 + i)
		sc := &domain.CAFScore{Sub: s.Code, Score: &pts, Justification: "Uzgodnione."}
		if i == 0 {
			sc.Justification, sc.Strengths, sc.Improvements = x.long("cafjust"), x.long("cafastr"), x.long("cafaimp")
		}
		check("agree", st.SaveCAFConsensusScore(ctx, act, a, sc))
	}
	check("hand over", st.SubmitCAFConsensus(ctx, act, a))
	check("send back", st.ReturnCAFConsensus(ctx, domain.ActorOf(boss, "127.0.0.1"), a, x.long("cafremarks")))
	check("hand over", st.SubmitCAFConsensus(ctx, act, a))
	a, err := st.CAFAssessment(ctx, p.ID, a.ID)
	check("assessment", err)
	c, err := st.SignCAFConsensus(ctx, domain.ActorOf(boss, "127.0.0.1"), a, boss)
	check("sign", err)
	a, err = st.CAFAssessment(ctx, p.ID, a.ID)
	check("assessment", err)
	check("correction", st.CorrectCAFConsensus(ctx, act, a, x.long("cafreason")))
	action := &domain.CAFAction{Sub: "1.1", Title: x.long("caftitle"), Description: x.long("cafdesc"), Owner: x.long("cafowner"),
		StartsOn: p.Start.AddDate(0, 5, 0), EndsOn: p.Start.AddDate(0, 6, 0), Impact: 3, Effort: 1, Status: domain.ActionPlanned}
	check("action", st.CreateCAFAction(ctx, act, a, action))
	live := open()
	return map[string][]string{"{assessmentID}": {itoa(a.ID), itoa(live.ID)}, "{sub}": {"1.1"}, "{versionID}": {itoa(c.ID)},
		"{actionID}": {itoa(action.ID)}}
}
