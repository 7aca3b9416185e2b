package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

func code(err error) domain.Code {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// The cycle: individual scoring → consensus → seal → correction, with the
// refusals of the bad input, and the indicators following it.
func TestCAFCycle(t *testing.T) {
	t.Parallel()
	f := newCAFFixture(t)
	ctx := context.Background()
	a := f.assessment(f.a, domain.CAFClassical, f.leader, f.m2, f.m3)
	if a.Cycle != 1 || a.Stage != domain.CAFStageScoring || len(a.Members) != 3 || a.Leader().UserID != f.leader.ID {
		t.Fatalf("assessment %+v", a)
	}
	// A member of another unit cannot join the group.
	bad := &domain.CAFAssessment{UnitID: f.a.ID, Method: domain.CAFClassical, StartsOn: d("2011-01-10"), EndsOn: d("2011-02-28"),
		Members: []domain.CAFMember{{UserID: f.oth.ID, Leader: true}}}
	if err := f.s.CreateCAFAssessment(ctx, admin, f.p, bad); code(err) != domain.EINVALID {
		t.Fatalf("another unit's assessor in the group: %v", err)
	}

	// Individual scoring: a draft, out of range refused, isolation.
	if err := f.s.SaveCAFScore(ctx, actorOf(f.m2), a, f.m2.ID, classical("1.1", 70)); err != nil {
		t.Fatal(err)
	}
	over := classical("1.2", 101)
	if err := f.s.SaveCAFScore(ctx, actorOf(f.m2), a, f.m2.ID, over); code(err) != domain.EINVALID {
		t.Fatalf("101 points: %v", err)
	}
	if err := f.s.SaveCAFScore(ctx, actorOf(f.oth), a, f.oth.ID, classical("1.1", 10)); !errors.Is(err, store.ErrCAFNotMember) {
		t.Fatalf("outsider scores: %v", err)
	}
	mine, err := f.s.CAFScores(ctx, a.ID, f.m3.ID)
	if err != nil || len(mine) != 0 {
		t.Fatalf("member 3 reads %d scores (%v), want none of member 2's", len(mine), err)
	}
	if err := f.s.SubmitCAFScoring(ctx, actorOf(f.m2), a, f.m2.ID); code(err) != domain.EINVALID || !strings.Contains(err.Error(), "1.2") {
		t.Fatalf("incomplete submission: %v", err)
	}
	// Group scores are hidden until members submit.
	if g, _ := f.s.CAFGroupScores(ctx, a.ID); len(g) != 0 {
		t.Fatalf("group scores before submission: %v", g)
	}
	f.scoreAll(a, f.leader, func(string) int { return 40 })
	f.scoreAll(a, f.m2, func(c string) int {
		if c == "1.1" {
			return 90
		}
		return 50
	})
	if err := f.s.SaveCAFScore(ctx, actorOf(f.m2), a, f.m2.ID, classical("1.1", 10)); !errors.Is(err, store.ErrCAFSubmitted) {
		t.Fatalf("change after submission: %v", err)
	}
	// m3 keeps a draft only: left out of the consensus.
	if err := f.s.SaveCAFScore(ctx, actorOf(f.m3), a, f.m3.ID, classical("1.1", 0)); err != nil {
		t.Fatal(err)
	}

	// Consensus opens once; scoring ends (also in the database).
	if err := f.s.OpenCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	if err := f.s.OpenCAFConsensus(ctx, actorOf(f.leader), a); code(err) != domain.EINVALID {
		t.Fatalf("second consensus: %v", err)
	}
	a = f.reload(a)
	if a.Stage != domain.CAFStageConsensus {
		t.Fatalf("stage %s", a.Stage)
	}
	if err := f.s.SaveCAFScore(ctx, actorOf(f.m3), a, f.m3.ID, classical("1.2", 10)); code(err) != domain.EINVALID {
		t.Fatalf("scoring after consensus: %v", err)
	}
	if _, err := f.s.Pool.Exec(ctx, `UPDATE caf_scores SET score = 1 WHERE assessment_id = $1`, a.ID); err == nil {
		t.Fatal("the database let a score change after the consensus opened")
	}
	group, err := f.s.CAFGroupScores(ctx, a.ID)
	if err != nil || len(group) != 2 || *group[f.m2.ID]["1.1"].Score != 90 {
		t.Fatalf("group scores: %v %v", group, err)
	}
	c, err := f.s.CAFConsensus(ctx, a.ID, false)
	if err != nil || !strings.Contains(c.Scores["1.1"].Strengths, "Mocna strona 1.1") || c.Scores["1.1"].Score != nil {
		t.Fatalf("consensus opened with %+v (%v)", c.Scores["1.1"], err)
	}

	// Missing sub-criteria are named.
	sc := classical("1.1", 65)
	sc.Justification = "Rozbieżność 40 i 90 omówiona: przegląd strategii jest, brak ewaluacji."
	if err := f.s.SaveCAFConsensusScore(ctx, actorOf(f.leader), a, sc); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), a); code(err) != domain.EINVALID || !strings.Contains(err.Error(), "9.2") {
		t.Fatalf("incomplete consensus: %v", err)
	}
	f.agreeAll(a, func(c string) int {
		if c == "1.1" {
			return 65
		}
		return 50
	})
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	// The manager sends it back once, then signs.
	if err := f.s.ReturnCAFConsensus(ctx, actorOf(f.manager), f.reload(a), ""); code(err) != domain.EINVALID {
		t.Fatalf("return without remarks: %v", err)
	}
	if err := f.s.ReturnCAFConsensus(ctx, actorOf(f.manager), f.reload(a), "Uzupełnijcie uzasadnienie 1.1."); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SignCAFConsensus(ctx, actorOf(f.oth), f.reload(a), f.oth); code(err) != domain.EFORBIDDEN {
		t.Fatalf("an assessor signs: %v", err)
	}
	signed, err := f.s.SignCAFConsensus(ctx, actorOf(f.manager), f.reload(a), f.manager)
	if err != nil {
		t.Fatal(err)
	}
	if signed.Digest != domain.DigestOf([]byte(signed.Content)) || *signed.Total != 50.5 {
		t.Fatalf("seal: total %v, digest %s", *signed.Total, signed.Digest)
	}
	if _, err := f.s.Pool.Exec(ctx, `UPDATE caf_consensus_scores SET score = 99 WHERE consensus_id = $1`, signed.ID); err == nil {
		t.Fatal("the database let a signed consensus change")
	}
	if _, err := f.s.Pool.Exec(ctx, `UPDATE caf_consensus SET reason = 'x' WHERE id = $1`, signed.ID); err == nil {
		t.Fatal("the database let a signed consensus change")
	}
	a = f.reload(a)
	if a.Stage != domain.CAFStageSigned || a.SignedOn.IsZero() {
		t.Fatalf("after signing: %s %v", a.Stage, a.SignedOn)
	}
	if v, _, _, _ := f.total(t, "cafUnits"); v.String() != "1" {
		t.Fatalf("units assessed = %s, want 1", v)
	}

	// Correction: a new version with its reason, signed again.
	if err := f.s.CorrectCAFConsensus(ctx, actorOf(f.leader), a, " "); code(err) != domain.EINVALID {
		t.Fatalf("correction without reason: %v", err)
	}
	if err := f.s.CorrectCAFConsensus(ctx, actorOf(f.leader), a, "Błąd w ocenie 9.2."); err != nil {
		t.Fatal(err)
	}
	a = f.reload(a)
	sc = classical("9.2", 60)
	sc.Justification = "Poprawione po weryfikacji danych."
	if err := f.s.SaveCAFConsensusScore(ctx, actorOf(f.leader), a, sc); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	v2, err := f.s.SignCAFConsensus(ctx, actorOf(f.manager), f.reload(a), f.manager)
	if err != nil {
		t.Fatal(err)
	}
	if v2.VersionNo != 2 || *v2.Total != 50.9 {
		t.Fatalf("correction: version %d total %v", v2.VersionNo, *v2.Total)
	}
	versions, _ := f.s.CAFConsensusVersions(ctx, a.ID)
	if len(versions) != 2 || versions[1].Digest != signed.Digest {
		t.Fatalf("history: %d versions", len(versions))
	}

	// A second cycle: the change of the total, and of criterion 7 alone.
	f.now = f.now.AddDate(0, 6, 0)
	b := f.assessment(f.a, domain.CAFClassical, f.leader)
	if b.Cycle != 2 {
		t.Fatalf("cycle %d", b.Cycle)
	}
	f.scoreAll(b, f.leader, func(string) int { return 60 })
	if err := f.s.OpenCAFConsensus(ctx, actorOf(f.leader), b); err != nil {
		t.Fatal(err)
	}
	b = f.reload(b)
	f.agreeAll(b, func(c string) int {
		if strings.HasPrefix(c, "7.") {
			return 80
		}
		return 60
	})
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), b); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SignCAFConsensus(ctx, actorOf(f.manager), f.reload(b), f.manager); err != nil {
		t.Fatal(err)
	}
	// total 1: 50.9; total 2: (26·60 + 2·80)/28 = 61.4 → +10.5; criterion 7: 50 → 80 = +30
	if v, _, _, _ := f.total(t, "cafChange"); v.String() != "10,5" {
		t.Fatalf("total change = %s, want 10,5", v)
	}
	if v, _, _, _ := f.total(t, "cafChange7"); v.String() != "30" {
		t.Fatalf("criterion 7 change = %s, want 30", v)
	}
	if v, _, _, _ := f.total(t, "cafUnits"); v.String() != "1" {
		t.Fatalf("units assessed after cycle 2 = %s, want still 1", v)
	}
	var cycle int
	var total float64
	if err := f.s.Pool.QueryRow(ctx, `SELECT cycle, total::float8 FROM caf_unit_results WHERE programme_id = $1 AND unit_id = $2`,
		f.p.ID, f.a.ID).Scan(&cycle, &total); err != nil || cycle != 2 || total != 61.4 {
		t.Fatalf("benchmark row: cycle %d total %v (%v)", cycle, total, err)
	}
	f.check(t)

	// recompute --check: the benchmarking read model against the consensus.
	checkCAF := func(want int) {
		t.Helper()
		n, diffs, err := f.s.CheckCAFResults(ctx)
		if err != nil || n != 1 || len(diffs) != want {
			t.Fatalf("CheckCAFResults: %d units, %v, %v; want %d difference(s)", n, diffs, err, want)
		}
	}
	checkCAF(0)
	if _, err := f.s.Pool.Exec(ctx, `UPDATE caf_unit_results SET total = 99`); err != nil {
		t.Fatal(err)
	}
	checkCAF(1)
	if err := f.s.RecountCAFResults(ctx); err != nil {
		t.Fatal(err)
	}
	checkCAF(0)
	// A lost row is reported as missing ("brak"), not as a row of NULLs.
	if _, err := f.s.Pool.Exec(ctx, `DELETE FROM caf_unit_results`); err != nil {
		t.Fatal(err)
	}
	if _, diffs, err := f.s.CheckCAFResults(ctx); err != nil || len(diffs) != 1 || diffs[0].Stored != "brak" || diffs[0].Computed == "brak" {
		t.Fatalf("lost row: %+v, %v", diffs, err)
	}
	if err := f.s.RecountCAFResults(ctx); err != nil {
		t.Fatal(err)
	}
	checkCAF(0)
}

// TestCAFReadModelRandomHistories: after random cycles, corrections and
// improvement actions, the CAF rules' facts and the benchmarking read
// model equal their recomputation from the evidence.
func TestCAFReadModelRandomHistories(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 2; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			f := newCAFFixture(t)
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(seed, 17))
			f.now = time.Date(2010, 9, 1, 10, 0, 0, 0, time.UTC)
			var signed []*domain.CAFAssessment
			var actions []int64
			for step := 0; step < 14; step++ {
				f.now = f.now.AddDate(0, 0, 1+rng.IntN(30))
				switch op := rng.IntN(4); {
				case op == 0 || len(signed) == 0: // a whole cycle in a unit
					u := []*domain.Unit{f.a, f.b}[rng.IntN(2)]
					base := rng.IntN(60)
					signed = append(signed, f.signed(u, func(string) int { return base + rng.IntN(40) }))
				case op == 1: // a correction of a signed consensus
					a := f.reload(signed[rng.IntN(len(signed))])
					if a.Stage != domain.CAFStageSigned {
						continue
					}
					member := a.Leader().UserID
					act := domain.Actor{UserID: member, Username: "x", Role: domain.RoleAssessor}
					if err := f.s.CorrectCAFConsensus(ctx, act, a, "Korekta danych."); err != nil {
						t.Fatal(err)
					}
					a = f.reload(a)
					sc := classical(a.Model().Subs()[rng.IntN(28)].Code, rng.IntN(101))
					sc.Justification = "Poprawka."
					if err := f.s.SaveCAFConsensusScore(ctx, act, a, sc); err != nil {
						t.Fatal(err)
					}
					if err := f.s.SubmitCAFConsensus(ctx, act, a); err != nil {
						t.Fatal(err)
					}
					if _, err := f.s.SignCAFConsensus(ctx, actorOf(f.manager), f.reload(a), f.manager); err != nil {
						t.Fatal(err)
					}
				case op == 2 || len(actions) == 0: // an action planned, maybe done
					a := signed[rng.IntN(len(signed))]
					status, done := "planned", (*time.Time)(nil)
					if rng.IntN(2) == 0 {
						on := f.now
						status, done = "done", &on
					}
					if err := f.s.InTx(ctx, func(tx pgx.Tx) error {
						var id int64
						err := tx.QueryRow(ctx, `INSERT INTO caf_actions (programme_id, unit_id, assessment_id, edition, subcriterion, title, owner,
							starts_on, ends_on, impact, effort, status, done_on) VALUES ($1, $2, $3, 'CAF2020', '1.1', 'Działanie', 'Wydział',
							$4, $4, 2, 2, $5, $6) RETURNING id`, f.p.ID, a.UnitID, a.ID, d("2010-09-01"), status, done).Scan(&id)
						actions = append(actions, id)
						return err
					}); err != nil {
						t.Fatal(err)
					}
				default: // an action's status changes or it is removed
					id := actions[rng.IntN(len(actions))]
					q := `UPDATE caf_actions SET status = 'done', done_on = $2 WHERE id = $1`
					switch rng.IntN(3) {
					case 1:
						q = `UPDATE caf_actions SET status = 'in_progress', done_on = NULL WHERE id = $1 AND $2::date IS NOT NULL`
					case 2:
						q = `DELETE FROM caf_actions WHERE id = $1 AND $2::date IS NOT NULL`
					}
					if err := f.s.InTx(ctx, func(tx pgx.Tx) error { _, err := tx.Exec(ctx, q, id, f.now); return err }); err != nil {
						t.Fatal(err)
					}
				}
			}
			f.check(t)
			if _, diffs, err := f.s.CheckCAFResults(ctx); err != nil || len(diffs) > 0 {
				t.Fatalf("CAF results differ: %v %v", diffs, err)
			}
		})
	}
}

// A consensus handed over queues a notice to the unit's managers with an
// address; one sent back, to the group's leader.
func TestCAFConsensusNotices(t *testing.T) {
	t.Parallel()
	f := newCAFFixture(t)
	ctx := context.Background()
	f.s.BaseURL = "https://kaizen.example.org"
	mgr := newMailUser(t, f.s, &domain.User{Username: "kier-caf", DisplayName: "Zofia Żółkiewska", Role: domain.RoleUnitManager,
		UnitIDs: []int64{f.a.ID}, Email: "zofia@example.org"})
	if _, err := f.s.Pool.Exec(ctx, `UPDATE users SET email = 'lider@example.org' WHERE id = $1`, f.leader.ID); err != nil {
		t.Fatal(err)
	}
	a := f.assessment(f.a, domain.CAFClassical, f.leader)
	f.scoreAll(a, f.leader, func(string) int { return 50 })
	if err := f.s.OpenCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	a = f.reload(a)
	f.agreeAll(a, func(string) int { return 50 })
	before := len(queued(t, f.s))
	if err := f.s.SubmitCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	q := queued(t, f.s)[before:]
	if len(q) != 1 || q[0].To != "zofia@example.org" || q[0].Kind != domain.MailCAFSubmitted ||
		!strings.Contains(q[0].Text, "https://kaizen.example.org/programmes/") || !strings.Contains(q[0].Subject, f.a.Name) {
		t.Fatalf("notice of a handed-over consensus: %+v", q)
	}
	if err := f.s.ReturnCAFConsensus(ctx, actorOf(mgr), f.reload(a), "Uzasadnijcie 9.2 danymi."); err != nil {
		t.Fatal(err)
	}
	q = queued(t, f.s)[before+1:]
	if len(q) != 1 || q[0].To != "lider@example.org" || q[0].Kind != domain.MailCAFReturned || !strings.Contains(q[0].Text, "Uzasadnijcie 9.2 danymi.") {
		t.Fatalf("notice of a consensus sent back: %+v", q)
	}
}
