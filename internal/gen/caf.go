package gen

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
)

// CAF self-assessments of the national data set (issue 17): in every
// programme about cafFirstShare of the units signed a first cycle some
// months after the programme started, about cafSecondShare a second one a
// year later (when the programme has run that long), with higher points
// (the first unit of each programme always has a first cycle);
// each signed first cycle has two improvement actions, one of them done.
// Running programmes have cafLive cycles in individual scoring, each with
// an assessor account (gen-czlonek-<unit id>) as its leader, for the
// scoring benchmark. The consensus is sealed as the store seals it (the
// canonical content and its SHA-256), and caf_unit_results is filled by
// the signing trigger.
const (
	cafFirstShare  = 0.30
	cafSecondShare = 0.10
	cafLive        = 3
)

// cafTables are the tables loadCAF fills whose ids continue after it.
var cafTables = []string{"caf_assessments", "caf_consensus", "caf_actions"}

// cafActionTitles are the generated improvement actions: sub-criterion
// and title.
var cafActionTitles = [][2]string{
	{"1.2", "Mierniki celów w planie działalności urzędu"},
	{"3.2", "Ocena skuteczności szkoleń"},
	{"5.1", "Mierniki czasu dla kluczowych procesów"},
	{"7.1", "Coroczne badanie opinii mieszkańców"},
}

// cafLean is how the points lean per criterion (1–9).
var cafLean = []float64{0, 6, 2, -4, 5, 1, -8, -3, -10, 3}

func (g *generator) loadCAF(ctx context.Context, tx pgx.Tx) error {
	r := g.rng
	ids, err := nextIDs(ctx, tx, append(append([]string(nil), cafTables...), "users")...)
	if err != nil {
		return err
	}
	aid, cid, actID, uid := ids[0], ids[1], ids[2], ids[3]
	created := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	m := domain.CAFModelOf(domain.CAF2020)
	var assessments, members, consensus, scores, signs, actions, users, links [][]any
	assessors := map[int64]int64{} // unit → its generated assessor
	for _, p := range g.progs {
		firstStart := weekday(p.start.AddDate(0, 3, 0))
		if !firstStart.AddDate(0, 0, 60).Before(p.last()) {
			continue
		}
		live := 0
		for i, pa := range p.parts {
			cycles := 0
			// The first unit always: every programme has a result.
			if r.Float64() < cafFirstShare || i == 0 {
				level := 30 + 35*r.Float64()
				start := weekday(firstStart.AddDate(0, 0, r.IntN(90)))
				for cycle := 1; cycle <= 2; cycle++ {
					signed := weekday(start.AddDate(0, 0, 35+r.IntN(15)))
					if signed.After(p.last()) || cycle == 2 && r.Float64() >= cafSecondShare/cafFirstShare {
						break
					}
					a := &domain.CAFAssessment{ID: aid, ProgrammeID: p.id, UnitID: pa.unit.id, UnitName: pa.unit.name, Edition: domain.CAF2020,
						Method: domain.CAFClassical, Cycle: cycle, Members: []domain.CAFMember{}}
					consensusAt := signed.AddDate(0, 0, -10).Add(10 * time.Hour)
					assessments = append(assessments, []any{aid, p.id, pa.unit.id, string(a.Edition), string(a.Method), cycle, start,
						start.AddDate(0, 0, 42), consensusAt, g.users.coordinator, created, consensusAt})
					c := &domain.CAFConsensus{ID: cid, AssessmentID: aid, VersionNo: 1, Status: domain.ConsensusSigned,
						Scores: map[string]*domain.CAFScore{}, SignerID: &pa.manager, SignerName: pa.managerName,
						SignedOn: signed, SignedAt: signed.Add(12 * time.Hour)}
					for _, sub := range m.Subs() {
						x := math.Round(min(95, max(5, level+cafLean[sub.Criterion]+12*r.Float64()-6)))
						sc := &domain.CAFScore{Sub: sub.Code, Score: &x, Justification: "Ocena uzgodniona przez zespół na spotkaniu konsensusu."}
						c.Scores[sub.Code] = sc
						scores = append(scores, []any{cid, string(a.Edition), sub.Code, x, sc.Justification})
					}
					t, _ := domain.TotalsOf(m, c.Scores)
					c.Total = &t.Total
					content := c.Canonical(a)
					consensus = append(consensus, []any{cid, aid, p.id, pa.unit.id, 1, "submitted", g.users.coordinator, consensusAt})
					signs = append(signs, []any{cid, t.Total, pa.manager, pa.managerName, signed, c.SignedAt, string(content), domain.DigestOf(content)})
					if cycle == 1 {
						for i := range 2 {
							at := cafActionTitles[r.IntN(len(cafActionTitles))]
							starts := weekday(signed.AddDate(0, 0, 14))
							ends := starts.AddDate(0, 4+i*4, 0)
							status := domain.ActionPlanned
							var done *time.Time
							if i == 0 && ends.Before(p.last()) {
								d := weekday(ends.AddDate(0, 0, -7))
								status, done = domain.ActionDone, &d
							} else if starts.Before(p.last()) {
								status = domain.ActionInProgress
							}
							actions = append(actions, []any{actID, p.id, pa.unit.id, aid, string(a.Edition), at[0], at[1], "Sekretarz",
								starts, ends, 1 + r.IntN(3), 1 + r.IntN(3), string(status), done, g.users.coordinator, created})
							actID++
						}
					}
					g.got.CAFSigned++
					cycles = cycle
					aid++
					cid++
					level += 2 + 10*r.Float64()
					start = weekday(start.AddDate(1, 0, 0))
				}
			}
			// A cycle in individual scoring: its leader is the unit's
			// assessor, for the scoring benchmark.
			if p.end.After(today) && live < cafLive && cycles < 2 {
				member, ok := assessors[pa.unit.id]
				if !ok {
					member = uid
					uid++
					assessors[pa.unit.id] = member
					name := demo.WomenNames[r.IntN(len(demo.WomenNames))] + " " + demo.Surnames[r.IntN(len(demo.Surnames))][0]
					users = append(users, []any{member, "gen-czlonek-" + strconv.FormatInt(pa.unit.id, 10), name, string(domain.RoleAssessor), g.hash, created, created})
					links = append(links, []any{member, pa.unit.id})
				}
				start := weekday(today.AddDate(0, 0, -14))
				assessments = append(assessments, []any{aid, p.id, pa.unit.id, string(domain.CAF2020), string(domain.CAFClassical), cycles + 1,
					start, today.AddDate(0, 0, 30), nil, g.users.coordinator, created, created})
				members = append(members, []any{aid, member, true, created})
				aid++
				live++
			}
		}
	}
	g.got.CAFAssessments = len(assessments)
	g.got.CAFActions = len(actions)
	// The scores' seal trigger (no change to a signed consensus) is off
	// while they are copied into versions still submitted: it would look
	// the consensus up once per row.
	if _, err := tx.Exec(ctx, `ALTER TABLE caf_consensus_scores DISABLE TRIGGER caf_consensus_scores_sealed`); err != nil {
		return err
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"users", []string{"id", "username", "display_name", "role", "password_hash", "created_at", "updated_at"}, users},
		{"user_units", []string{"user_id", "unit_id"}, links},
		{"caf_assessments", []string{"id", "programme_id", "unit_id", "edition", "method", "cycle", "starts_on", "ends_on", "consensus_at",
			"created_by", "created_at", "updated_at"}, assessments},
		{"caf_members", []string{"assessment_id", "user_id", "leader", "added_at"}, members},
		{"caf_consensus", []string{"id", "assessment_id", "programme_id", "unit_id", "version_no", "status", "created_by", "created_at"}, consensus},
		{"caf_consensus_scores", []string{"consensus_id", "edition", "subcriterion", "score", "justification"}, scores},
		{"caf_actions", []string{"id", "programme_id", "unit_id", "assessment_id", "edition", "subcriterion", "title", "owner", "starts_on",
			"ends_on", "impact", "effort", "status", "done_on", "created_by", "created_at"}, actions},
	} {
		if _, err := copyRows(ctx, tx, c.table, c.cols, c.rows); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `ALTER TABLE caf_consensus_scores ENABLE TRIGGER caf_consensus_scores_sealed`); err != nil {
		return err
	}
	g.got.Users += len(users)
	// Sealed in one statement: the signing trigger fills caf_unit_results.
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE gen_caf_signs (id bigint PRIMARY KEY, total numeric(4, 1), signer_id bigint, signer_name text,
		signed_on date, signed_at timestamptz, content text, digest text) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := copyRows(ctx, tx, "gen_caf_signs", []string{"id", "total", "signer_id", "signer_name", "signed_on", "signed_at", "content", "digest"}, signs); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE caf_consensus c SET status = 'signed', total = s.total, signer_id = s.signer_id, signer_name = s.signer_name,
		signed_on = s.signed_on, signed_at = s.signed_at, signed_content = s.content, digest = s.digest, version = 2, updated_at = s.signed_at
		FROM gen_caf_signs s WHERE s.id = c.id`)
	if err != nil {
		return err
	}
	if int(tag.RowsAffected()) != len(signs) {
		return fmt.Errorf("signed %d CAF consensus versions of %d", tag.RowsAffected(), len(signs))
	}
	return nil
}
