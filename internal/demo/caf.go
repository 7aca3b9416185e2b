package demo

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// The demo CAF self-assessment (issue 17): four offices completed a first
// cycle about a year ago, two of them a second one last month with better
// results in some criteria, and the leader unit's second cycle is in
// individual scoring now. Every step goes through the store, so the audit
// trail, the seals and the read models are what the application makes.

// cafAccounts are the people of the demo CAF groups and the managers who
// sign their consensus, besides the demo accounts (Accounts): the offices
// without a demo account get one member and one manager each. They sign
// in with the demo password too.
var cafAccounts = []Account{
	{Username: "czlonek.boleslawiec", DisplayName: "Anna Wróbel", Role: domain.RoleAssessor, Unit: "Urząd Miasta Bolesławiec"},
	{Username: "czlonek.pieszyce", DisplayName: "Tadeusz Kowalczyk", Role: domain.RoleAssessor, Unit: "Urząd Miasta i Gminy Pieszyce"},
	{Username: "kierownik.bielawa", DisplayName: "Jolanta Mazur", Role: domain.RoleUnitManager, Unit: "Urząd Miasta Bielawa"},
	{Username: "kierownik.boleslawiec", DisplayName: "Andrzej Grabowski", Role: domain.RoleUnitManager, Unit: "Urząd Miasta Bolesławiec"},
	{Username: "kierownik.pieszyce", DisplayName: "Elżbieta Jasińska", Role: domain.RoleUnitManager, Unit: "Urząd Miasta i Gminy Pieszyce"},
}

// cafUnit is one office's demo self-assessment: its general level, the
// group (the first member leads) and the signing manager, the method, and
// the second cycle's rise (overall and in the criteria it worked on).
type cafUnit struct {
	name    string
	level   int
	members []string
	manager string
	method  domain.CAFMethod
	second  bool
	rise    int
	lifted  []int
}

var cafUnits = []cafUnit{
	{name: LeaderUnit, level: 52, members: []string{"czlonek", "czlonek.b", "czlonek.c"}, manager: "kierownik", method: domain.CAFClassical},
	{name: "Urząd Miasta Bielawa", level: 43, members: []string{"czlonek2"}, manager: "kierownik.bielawa", method: domain.CAFClassical,
		second: true, rise: 4, lifted: []int{3, 7}},
	{name: "Urząd Miasta Bolesławiec", level: 57, members: []string{"czlonek.boleslawiec"}, manager: "kierownik.boleslawiec",
		method: domain.CAFClassical, second: true, rise: 3, lifted: []int{5, 6, 9}},
	{name: "Urząd Miasta i Gminy Pieszyce", level: 38, members: []string{"czlonek.pieszyce"}, manager: "kierownik.pieszyce",
		method: domain.CAFFineTuned},
}

// cafCriterionLean is how the offices' points lean per criterion (1–9):
// leadership and partnerships score higher, people and society results
// lower, as in most offices that start with CAF.
var cafCriterionLean = []int{0, 8, 3, -5, 6, 1, -9, -3, -12, 4}

// cafSeed makes the demo's points the same on every load.
const cafSeed = 17

// loadCAF adds the demo self-assessments to the demo programme, once (when
// the programme has none and the demo group accounts exist).
func loadCAF(ctx context.Context, st *store.Store) error {
	pid, err := programmeIDOf(ctx, st, ProgrammeCode)
	if err != nil || pid == 0 {
		return err
	}
	if list, err := st.CAFAssessments(ctx, pid, nil); err != nil || len(list) > 0 {
		return err
	}
	if _, _, err := st.UserCredentials(ctx, "czlonek"); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil // an older demo database without the group accounts
		}
		return err
	}
	p, err := st.Programme(ctx, pid)
	if err != nil {
		return err
	}
	units, err := st.ListUnits(ctx)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, u := range units {
		byName[u.Name] = u.ID
	}
	for _, u := range cafUnits {
		if _, ok := byName[u.name]; !ok {
			return nil // a demo office renamed or removed: no CAF demo
		}
	}
	if err := loadCAFAccounts(ctx, st, byName); err != nil {
		return err
	}
	users := map[string]*domain.User{}
	for _, u := range cafUnits {
		for _, name := range append(slices.Clone(u.members), u.manager) {
			usr, _, err := st.UserCredentials(ctx, name)
			switch {
			case domain.ErrorCode(err) == domain.ENOTFOUND:
				return nil // a demo account removed on purpose: no CAF demo
			case err != nil:
				return fmt.Errorf("CAF account %s: %w", name, err)
			case !usr.Active || !usr.CanActOnUnit(byName[u.name]):
				return nil // deactivated or moved: no CAF demo
			}
			users[name] = usr
		}
	}
	rng := rand.New(rand.NewPCG(cafSeed, 2020)) // #nosec G404 -- invented demo points, the same on every load
	today := st.Now().UTC().Truncate(24 * time.Hour)
	coordinator := accountActor(ctx, st, "koordynator")
	first := Weekday(today.AddDate(0, -13, 3))
	second := Weekday(today.AddDate(0, -2, 1))
	var signed []*domain.CAFAssessment
	for _, u := range cafUnits {
		pts := cafPoints(rng, u)
		a, err := runCAFCycle(ctx, st, coordinator, p, byName[u.name], u, users, pts, rng, first)
		if err != nil {
			return fmt.Errorf("CAF %s, cycle 1: %w", u.name, err)
		}
		signed = append(signed, a)
		if u.second {
			pts2 := map[string]int{}
			// in code order: the random draws must not follow map order
			for _, code := range slices.Sorted(maps.Keys(pts)) {
				x := pts[code]
				_, cr, _ := domain.CAFModelOf(domain.CAF2020).Sub(code)
				up := u.rise + rng.IntN(3)*5 - 5
				if slices.Contains(u.lifted, cr.No) {
					up += 10 + rng.IntN(2)*5
				}
				pts2[code] = clampPoints(x + up)
			}
			if _, err := runCAFCycle(ctx, st, coordinator, p, byName[u.name], u, users, pts2, rng, second); err != nil {
				return fmt.Errorf("CAF %s, cycle 2: %w", u.name, err)
			}
		}
	}
	if err := liveCAFCycle(ctx, st, coordinator, p, byName[LeaderUnit], users, rng, today); err != nil {
		return fmt.Errorf("CAF %s, live cycle: %w", LeaderUnit, err)
	}
	if err := loadCAFActions(ctx, st, p, signed, users, today); err != nil {
		return fmt.Errorf("CAF improvement actions: %w", err)
	}
	// Bielawa agrees to be named to the other offices in benchlearning.
	mgr := users["kierownik.bielawa"]
	if err := atClock(st, second.AddDate(0, 1, 0).Add(9*time.Hour)).SetCAFConsent(ctx, domain.ActorOf(mgr, "local"), p.ID,
		byName["Urząd Miasta Bielawa"], true); err != nil {
		return fmt.Errorf("CAF consent: %w", err)
	}
	return loadCAFIndicators(ctx, st, p)
}

// loadCAFAccounts creates the CAF group accounts that are missing.
func loadCAFAccounts(ctx context.Context, st *store.Store, byName map[string]int64) error {
	var hash string
	for _, a := range cafAccounts {
		_, _, err := st.UserCredentials(ctx, a.Username)
		if err == nil {
			continue
		}
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		if hash == "" {
			if hash, err = auth.Hash(ctx, domain.DemoPassword); err != nil {
				return err
			}
		}
		id, ok := byName[a.Unit]
		if !ok {
			return fmt.Errorf("CAF account %s: unit %s missing", a.Username, a.Unit)
		}
		u := &domain.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Active: true, Demo: true,
			UnitIDs: []int64{id}}
		if err := st.CreateUser(ctx, system, u, hash); err != nil {
			return fmt.Errorf("CAF account %s: %w", a.Username, err)
		}
	}
	return nil
}

// cafPoints are a unit's agreed points per sub-criterion in its first
// cycle: its level, the criterion's lean and some noise, in fives.
func cafPoints(rng *rand.Rand, u cafUnit) map[string]int {
	out := map[string]int{}
	for _, sub := range domain.CAFModelOf(domain.CAF2020).Subs() {
		out[sub.Code] = clampPoints(u.level + cafCriterionLean[sub.Criterion] + rng.IntN(4)*5 - 7)
	}
	return out
}

// clampPoints rounds x to fives within 5–95.
func clampPoints(x int) int {
	x = int(math.Round(float64(x)/5)) * 5
	return min(max(x, 5), 95)
}

// atClock is the store with its clock stopped at t: the steps of a past
// cycle get their dates (the consensus' opening, its signature).
func atClock(st *store.Store, t time.Time) *store.Store {
	c := *st
	c.Now = func() time.Time { return t }
	return &c
}

// cafScoreOf is a score of points by the method: classical points, or the
// fine-tuned parts around them (the score is their mean). variant picks
// the texts a member writes.
func cafScoreOf(sub domain.CAFSub, method domain.CAFMethod, points int, rng *rand.Rand, variant int) *domain.CAFScore {
	sc := &domain.CAFScore{Sub: sub.Code}
	if t, ok := cafDemoTexts[sub.Code]; ok {
		pick := func(list []string) string {
			if len(list) == 0 {
				return ""
			}
			return list[variant%len(list)]
		}
		sc.Strengths, sc.Improvements, sc.Ideas, sc.Evidence = pick(t.Strengths), pick(t.Improvements), pick(t.Ideas), pick(t.Evidence)
	}
	if method == domain.CAFClassical {
		x := float64(points)
		sc.Score = &x
		return sc
	}
	_, cr, _ := domain.CAFModelOf(domain.CAF2020).Sub(sub.Code)
	for _, part := range sc.Parts(method, cr.Result) {
		v := min(max(points+rng.IntN(5)*5-10, 0), 100)
		*part.Value = &v
	}
	sc.Compute(method, cr.Result)
	return sc
}

// runCAFCycle runs a whole cycle of unit u starting on start: the group
// scores (each member near the agreed points), the leader opens and
// fills the consensus, the manager signs it about six weeks after start.
func runCAFCycle(ctx context.Context, st *store.Store, act domain.Actor, p *domain.Programme, unit int64, u cafUnit,
	users map[string]*domain.User, pts map[string]int, rng *rand.Rand, start time.Time) (*domain.CAFAssessment, error) {
	a := &domain.CAFAssessment{UnitID: unit, Method: u.method, StartsOn: start, EndsOn: start.AddDate(0, 0, 42)}
	for i, name := range u.members {
		a.Members = append(a.Members, domain.CAFMember{UserID: users[name].ID, Leader: i == 0})
	}
	if err := atClock(st, start.Add(9*time.Hour)).CreateCAFAssessment(ctx, act, p, a); err != nil {
		return nil, err
	}
	a, err := st.CAFAssessment(ctx, p.ID, a.ID)
	if err != nil {
		return nil, err
	}
	subs := a.Model().Subs()
	scoring := atClock(st, start.AddDate(0, 0, 14).Add(10*time.Hour))
	for i, name := range u.members {
		usr := users[name]
		for _, sub := range subs {
			x := clampPoints(pts[sub.Code] + rng.IntN(5)*5 - 10)
			if err := scoring.SaveCAFScore(ctx, domain.ActorOf(usr, "local"), a, usr.ID, cafScoreOf(sub, a.Method, x, rng, i)); err != nil {
				return nil, err
			}
		}
		if err := scoring.SubmitCAFScoring(ctx, domain.ActorOf(usr, "local"), a, usr.ID); err != nil {
			return nil, err
		}
	}
	leader := users[u.members[0]]
	lact := domain.ActorOf(leader, "local")
	meeting := atClock(st, start.AddDate(0, 0, 28).Add(10*time.Hour))
	if err := meeting.OpenCAFConsensus(ctx, lact, a); err != nil {
		return nil, err
	}
	if a, err = st.CAFAssessment(ctx, p.ID, a.ID); err != nil {
		return nil, err
	}
	draft, err := st.CAFConsensus(ctx, a.ID, false)
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		sc := cafScoreOf(sub, a.Method, pts[sub.Code], rng, 0)
		sc.Ideas, sc.Evidence = "", ""
		if merged := draft.Scores[sub.Code]; merged != nil {
			sc.Strengths, sc.Improvements = merged.Strengths, merged.Improvements
		}
		sc.Justification = cafDemoTexts[sub.Code].Justification
		if sc.Justification == "" {
			sc.Justification = "Zespół uzgodnił ocenę na spotkaniu konsensusu."
		}
		if err := meeting.SaveCAFConsensusScore(ctx, lact, a, sc); err != nil {
			return nil, err
		}
	}
	if err := meeting.SubmitCAFConsensus(ctx, lact, a); err != nil {
		return nil, err
	}
	mgr := users[u.manager]
	signing := atClock(st, start.AddDate(0, 0, 35+rng.IntN(8)).Add(12*time.Hour))
	if _, err := signing.SignCAFConsensus(ctx, domain.ActorOf(mgr, "local"), a, mgr); err != nil {
		return nil, err
	}
	return st.CAFAssessment(ctx, p.ID, a.ID)
}

// liveCAFCycle opens the leader unit's second cycle ten days ago: the
// group is scoring; czlonek.b has saved a few drafts of criterion 1.
func liveCAFCycle(ctx context.Context, st *store.Store, act domain.Actor, p *domain.Programme, unit int64,
	users map[string]*domain.User, rng *rand.Rand, today time.Time) error {
	start := Weekday(today.AddDate(0, 0, -10))
	a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: start, EndsOn: today.AddDate(0, 0, 30)}
	for i, name := range cafUnits[0].members {
		a.Members = append(a.Members, domain.CAFMember{UserID: users[name].ID, Leader: i == 0})
	}
	if err := atClock(st, start.Add(9*time.Hour)).CreateCAFAssessment(ctx, act, p, a); err != nil {
		return err
	}
	a, err := st.CAFAssessment(ctx, p.ID, a.ID)
	if err != nil {
		return err
	}
	b := users["czlonek.b"]
	drafts := atClock(st, today.AddDate(0, 0, -2).Add(11*time.Hour))
	for _, sub := range a.Model().Subs() {
		if sub.Criterion != 1 {
			continue
		}
		if err := drafts.SaveCAFScore(ctx, domain.ActorOf(b, "local"), a, b.ID,
			cafScoreOf(sub, a.Method, clampPoints(60+cafCriterionLean[1]+rng.IntN(3)*5-5), rng, 1)); err != nil {
			return err
		}
	}
	return nil
}

// AccountCount is how many accounts the demo creates: Accounts and the
// CAF groups' people.
func AccountCount() int { return len(Accounts) + len(cafAccounts) }
