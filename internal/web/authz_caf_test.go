package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// The CAF rows of the authorization matrix (issue 17). Who may do what
// with one assessment depends on its stage and group (domain.CAFRightsOf):
// cafAuthzFixture makes four assessments of the demo manager's unit, in
// scoring, in consensus, submitted and signed (czlonek leads each group),
// and pathOverride points each route at the one its action needs.
func init() {
	for k, v := range map[string]expect{
		"GET /programmes/{id}/caf":           all(200),
		"GET /programmes/{id}/caf/benchmark": all(200),
		"GET /caf/benchmark":                 adminOnly(200),
		// reading a signed assessment, its versions, report and plan: the
		// facilitators, viewers, and the unit's people
		"GET /programmes/{id}/caf/{assessmentID}":                      ownUnit(all(200)),
		"GET /programmes/{id}/caf/{assessmentID}/versions/{versionID}": ownUnit(all(200)),
		"GET /programmes/{id}/caf/{assessmentID}/report":               ownUnit(all(200)),
		"GET /programmes/{id}/caf/{assessmentID}/raport.pdf":           ownUnit(all(200)),
		"GET /programmes/{id}/caf/{assessmentID}/plan":                 ownUnit(all(200)),
		"GET /programmes/{id}/caf/{assessmentID}/plan/new":             planWriters(200),
		"POST /programmes/{id}/caf/{assessmentID}/plan":                planWriters(422),
		"GET /programmes/{id}/caf/{assessmentID}/plan/{actionID}/edit": planWriters(200),
		"POST /programmes/{id}/caf/{assessmentID}/plan/{actionID}":     planWriters(422),
		"POST /programmes/{id}/caf/{assessmentID}/correction":          cafFacilitators(422), // no reason given
		"GET /programmes/{id}/caf/{assessmentID}/scoring":              member(200),
		"GET /programmes/{id}/caf/{assessmentID}/scoring/{sub}":        member(200),
		"POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}":       member(303), // a draft saved
		"POST /programmes/{id}/caf/{assessmentID}/scoring/submit":      member(422), // incomplete
		// evidence files of the leader's own scoring (the live assessment)
		"POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}/files":                 member(422), // no file sent
		"POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}/files/{fileID}/delete": member(404), // no such file
		"GET /programmes/{id}/caf/{assessmentID}/files/{fileID}":                       member(200), // the owner alone while scoring
		"POST /programmes/{id}/caf/{assessmentID}/consensus/open":                      member(422), // nobody handed in yet
		"GET /programmes/{id}/caf/{assessmentID}/consensus":                            cafFacilitators(200),
		"GET /programmes/{id}/caf/{assessmentID}/consensus/{sub}":                      cafFacilitators(200),
		"POST /programmes/{id}/caf/{assessmentID}/consensus/{sub}":                     member(303),
		"POST /programmes/{id}/caf/{assessmentID}/consensus/submit":                    member(422), // sub-criteria missing
		"GET /programmes/{id}/caf/new":                                                 nameReaders(200),
		"POST /programmes/{id}/caf":                                                    nameReaders(422),
		"GET /programmes/{id}/caf/{assessmentID}/edit":                                 nameReaders(200),
		"POST /programmes/{id}/caf/{assessmentID}":                                     nameReaders(422),
		"GET /programmes/{id}/caf/{assessmentID}/sign":                                 signers(200),
		"POST /programmes/{id}/caf/{assessmentID}/sign":                                signers(422), // no password
		"POST /programmes/{id}/caf/{assessmentID}/return":                              signers(422), // no remarks
		"POST /programmes/{id}/caf/consent/{unitID}":                                   signers(303),
	} {
		matrix[k] = v
	}
}

// surveyReaders: survey results are not for the members of CAF groups
// (assessors read CAF results only).
func surveyReaders(e expect) expect {
	e["czlonek"], e["czlonek2"] = http.StatusForbidden, http.StatusForbidden
	return e
}

// signIn: the sign-in page for anonymous users; the signed-in are sent on.
func signIn() expect {
	e := all(http.StatusSeeOther)
	e["anon"] = http.StatusOK
	return e
}

// member: the group's leader (czlonek) alone.
func member(status int) expect {
	e := all(http.StatusForbidden)
	e["czlonek"] = status
	return e
}

// cafFacilitators: the programme's coordinators, experts and
// administrators, and the group's leader.
func cafFacilitators(status int) expect {
	e := nameReaders(status)
	e["czlonek"] = status
	return e
}

// planWriters: facilitators, the leader and the unit's manager.
func planWriters(status int) expect {
	e := cafFacilitators(status)
	e["kierownik"] = status
	return e
}

// cafAuthzFixture makes the matrix's assessments and sets the parameters
// and overrides of the CAF routes.
func cafAuthzFixture(t *testing.T, app *testapp.App, progParams map[string]string) {
	t.Helper()
	ctx := context.Background()
	p := app.DemoProgramme(t)
	user := func(name string) *domain.User {
		u, _, err := app.Store.UserCredentials(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	leader, second, manager := user("czlonek"), user("czlonek.b"), user("kierownik")
	act := domain.ActorOf(leader, "127.0.0.1")
	unit := manager.UnitIDs[0]
	newA := func(members ...*domain.User) *domain.CAFAssessment {
		a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: testapp.Today().AddDate(0, -1, 0), EndsOn: testapp.Today()}
		for i, m := range members {
			a.Members = append(a.Members, domain.CAFMember{UserID: m.ID, Leader: i == 0})
		}
		if err := app.Store.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a); err != nil {
			t.Fatal(err)
		}
		got, err := app.Store.CAFAssessment(ctx, p.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	scoreAll := func(a *domain.CAFAssessment, u *domain.User) {
		for _, s := range a.Model().Subs() {
			x := 50.0
			must(app.Store.SaveCAFScore(ctx, domain.ActorOf(u, "127.0.0.1"), a, u.ID, &domain.CAFScore{Sub: s.Code, Score: &x}))
		}
		must(app.Store.SubmitCAFScoring(ctx, domain.ActorOf(u, "127.0.0.1"), a, u.ID))
	}
	agreeAll := func(a *domain.CAFAssessment) *domain.CAFAssessment {
		must(app.Store.OpenCAFConsensus(ctx, act, a))
		a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
		for _, s := range a.Model().Subs() {
			x := 60.0
			must(app.Store.SaveCAFConsensusScore(ctx, act, a, &domain.CAFScore{Sub: s.Code, Score: &x, Justification: "Uzgodnione."}))
		}
		must(app.Store.SubmitCAFConsensus(ctx, act, a))
		a, _ = app.Store.CAFAssessment(ctx, p.ID, a.ID)
		return a
	}
	live := newA(leader, second)
	cons := newA(leader, second)
	scoreAll(cons, leader)
	scoreAll(cons, second)
	must(app.Store.OpenCAFConsensus(ctx, act, cons))
	sub := newA(leader)
	scoreAll(sub, leader)
	agreeAll(sub)
	signed := newA(leader)
	scoreAll(signed, leader)
	signed = agreeAll(signed)
	c, err := app.Store.SignCAFConsensus(ctx, domain.ActorOf(manager, "127.0.0.1"), signed, manager)
	must(err)
	signed, err = app.Store.CAFAssessment(ctx, p.ID, signed.ID)
	must(err)
	action := &domain.CAFAction{Sub: "1.1", Title: "Przegląd misji", Owner: "Sekretarz", StartsOn: testapp.Today(), EndsOn: testapp.Today().AddDate(0, 3, 0),
		Impact: 2, Effort: 1, Status: domain.ActionPlanned}
	must(app.Store.CreateCAFAction(ctx, act, signed, action))

	progParams["{assessmentID}"], progParams["{versionID}"], progParams["{actionID}"], progParams["{sub}"] =
		itoa(signed.ID), itoa(c.ID), itoa(action.ID), "1.1"
	evidence, err := app.Store.AddCAFScoreFile(ctx, act, live, leader.ID, "1.1", "dowod.pdf", "application/pdf", onePagePDF)
	must(err)
	files := "/programmes/{id}/caf/" + itoa(live.ID)
	pathOverride["POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}/files"] = files + "/scoring/1.1/files"
	pathOverride["POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}/files/{fileID}/delete"] = files + "/scoring/1.1/files/999999/delete"
	pathOverride["GET /programmes/{id}/caf/{assessmentID}/files/{fileID}"] = files + "/files/" + itoa(evidence.ID)
	for id, routes := range map[int64][]string{
		live.ID: {"GET /programmes/{id}/caf/{assessmentID}/scoring", "GET /programmes/{id}/caf/{assessmentID}/scoring/{sub}",
			"POST /programmes/{id}/caf/{assessmentID}/scoring/{sub}", "POST /programmes/{id}/caf/{assessmentID}/scoring/submit",
			"POST /programmes/{id}/caf/{assessmentID}/consensus/open", "GET /programmes/{id}/caf/{assessmentID}/edit",
			"POST /programmes/{id}/caf/{assessmentID}"},
		cons.ID: {"GET /programmes/{id}/caf/{assessmentID}/consensus", "GET /programmes/{id}/caf/{assessmentID}/consensus/{sub}",
			"POST /programmes/{id}/caf/{assessmentID}/consensus/{sub}", "POST /programmes/{id}/caf/{assessmentID}/consensus/submit"},
		sub.ID: {"GET /programmes/{id}/caf/{assessmentID}/sign", "POST /programmes/{id}/caf/{assessmentID}/sign",
			"POST /programmes/{id}/caf/{assessmentID}/return"},
	} {
		for _, k := range routes {
			pathOverride[k] = strings.ReplaceAll(strings.TrimPrefix(k, k[:strings.Index(k, " ")+1]), "{assessmentID}", itoa(id))
		}
	}
}
