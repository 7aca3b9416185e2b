package store

// CAF individual scoring: each member alone, sub-criterion by
// sub-criterion, saved as a draft and submitted when complete. A member
// reads only their own scoring (CAFScores with their id); the leader and
// the facilitators read everyone's once the consensus opens
// (CAFGroupScores). The database refuses changes after a member submitted
// or the consensus opened (trigger caf_scoring_open).

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const cafScoreColumns = `s.subcriterion, s.score::float8, s.plan, s.do_, s.check_, s.act, s.trend, s.target, s.strengths, s.improvements,
	s.ideas, s.evidence, s.updated_at`

func scanCAFScore(r pgx.Row) (*domain.CAFScore, error) {
	var x domain.CAFScore
	err := r.Scan(&x.Sub, &x.Score, &x.Plan, &x.Do, &x.Check, &x.Act, &x.Trend, &x.Target, &x.Strengths, &x.Improvements,
		&x.Ideas, &x.Evidence, &x.UpdatedAt)
	return &x, err
}

// CAFScores is one member's scoring of an assessment, by sub-criterion.
func (s *Store) CAFScores(ctx context.Context, assessmentID, userID int64) (_ map[string]*domain.CAFScore, err error) {
	defer wrap(&err, "store.CAFScores(%d, %d)", assessmentID, userID)
	rows, err := s.Pool.Query(ctx, `SELECT `+cafScoreColumns+` FROM caf_scores s WHERE s.assessment_id = $1 AND s.user_id = $2`,
		assessmentID, userID)
	if err != nil {
		return nil, err
	}
	out := map[string]*domain.CAFScore{}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.CAFScore, error) {
		x, err := scanCAFScore(r)
		if err == nil {
			out[x.Sub] = x
		}
		return x, err
	})
	return out, err
}

// CAFGroupScores is every member's scoring of an assessment (member id →
// sub-criterion → score), for the consensus. Only submitted scorings and
// scores with points count: a member who never handed in is left out.
func (s *Store) CAFGroupScores(ctx context.Context, assessmentID int64) (_ map[int64]map[string]*domain.CAFScore, err error) {
	defer wrap(&err, "store.CAFGroupScores(%d)", assessmentID)
	rows, err := s.Pool.Query(ctx, `SELECT s.user_id, `+cafScoreColumns+` FROM caf_scores s
		JOIN caf_members m ON m.assessment_id = s.assessment_id AND m.user_id = s.user_id AND m.submitted_at IS NOT NULL
		WHERE s.assessment_id = $1`, assessmentID)
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]*domain.CAFScore{}
	var user int64
	var x domain.CAFScore
	_, err = pgx.ForEachRow(rows, []any{&user, &x.Sub, &x.Score, &x.Plan, &x.Do, &x.Check, &x.Act, &x.Trend, &x.Target, &x.Strengths,
		&x.Improvements, &x.Ideas, &x.Evidence, &x.UpdatedAt}, func() error {
		if out[user] == nil {
			out[user] = map[string]*domain.CAFScore{}
		}
		c := x
		out[user][x.Sub] = &c
		return nil
	})
	return out, err
}

// ValidateCAFScore checks a score of sub-criterion sc.Sub for the
// assessment's model and method, and computes a fine-tuned score from its
// parts. Points outside 0–100 are caught while parsing the form
// (domain.ParseCAFPoints); a classical score must be whole.
func ValidateCAFScore(a *domain.CAFAssessment, sc *domain.CAFScore, maxText int) error {
	v := domain.Validation{}
	_, cr, ok := a.Model().Sub(sc.Sub)
	if !ok {
		return domain.Errorf(domain.ENOTFOUND, "Nie ma takiego podkryterium w modelu %s.", a.Model().Name)
	}
	if a.Method == domain.CAFClassical {
		if sc.Score != nil && (*sc.Score < 0 || *sc.Score > 100 || *sc.Score != float64(int(*sc.Score))) {
			v.Add(domain.FieldCAFScore, domain.CAFPointsMessage)
		}
	} else {
		for _, p := range sc.Parts(a.Method, cr.Result) {
			if x := *p.Value; x != nil && (*x < 0 || *x > 100) {
				v.Add(p.Field, domain.CAFPointsMessage)
			}
		}
		sc.Compute(a.Method, cr.Result)
	}
	sc.ValidateTexts(v, maxText)
	return v.Err()
}

func cafScoreAudit(sc *domain.CAFScore) map[string]any {
	m := map[string]any{"sub": sc.Sub, "score": sc.Score, "strengths": sc.Strengths, "improvements": sc.Improvements}
	for k, p := range map[string]*int{"plan": sc.Plan, "do": sc.Do, "check": sc.Check, "act": sc.Act, "trend": sc.Trend, "target": sc.Target} {
		if p != nil {
			m[k] = *p
		}
	}
	if sc.Ideas != "" {
		m["ideas"] = sc.Ideas
	}
	if sc.Evidence != "" {
		m["evidence"] = sc.Evidence
	}
	if sc.Justification != "" {
		m["justification"] = sc.Justification
	}
	return m
}

// scoringClosed maps the database's refusal of a closed scoring.
func scoringClosed(err error) error {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.ConstraintName == "caf_scoring_closed" {
		return ErrCAFScoringClosed
	}
	return err
}

// ErrCAFNotMember answers a scoring by someone outside the group.
var ErrCAFNotMember = domain.Errorf(domain.EFORBIDDEN, "Nie należysz do zespołu tej samooceny.")

// ErrCAFSubmitted answers a change of a scoring already handed in.
var ErrCAFSubmitted = domain.Errorf(domain.EINVALID, "Ta ocena została już przekazana liderowi: nie można jej zmienić.")

// SaveCAFScore saves member userID's scoring of one sub-criterion (a
// draft: points may be missing) while individual scoring is open.
func (s *Store) SaveCAFScore(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, userID int64, sc *domain.CAFScore) (err error) {
	defer wrap(&err, "store.SaveCAFScore(%d, %d, %s)", a.ID, userID, sc.Sub)
	if err := ValidateCAFScore(a, sc, domain.CAFTextMax); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, err := s.cafScoringOpen(ctx, tx, a, userID, sc.Sub)
		if err != nil {
			return err
		}
		before, err := scanCAFScore(tx.QueryRow(ctx, `SELECT `+cafScoreColumns+` FROM caf_scores s
			WHERE s.assessment_id = $1 AND s.user_id = $2 AND s.subcriterion = $3`, a.ID, userID, sc.Sub))
		var old any
		switch {
		case err == nil:
			old = cafScoreAudit(before)
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO caf_scores (assessment_id, user_id, edition, subcriterion, score, plan, do_, check_, act, trend, target,
				strengths, improvements, ideas, evidence)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT (assessment_id, user_id, subcriterion) DO UPDATE SET score = EXCLUDED.score, plan = EXCLUDED.plan, do_ = EXCLUDED.do_,
				check_ = EXCLUDED.check_, act = EXCLUDED.act, trend = EXCLUDED.trend, target = EXCLUDED.target, strengths = EXCLUDED.strengths,
				improvements = EXCLUDED.improvements, ideas = EXCLUDED.ideas, evidence = EXCLUDED.evidence, updated_at = now()`,
			a.ID, userID, cur.Edition, sc.Sub, sc.Score, sc.Plan, sc.Do, sc.Check, sc.Act, sc.Trend, sc.Target,
			sc.Strengths, sc.Improvements, sc.Ideas, sc.Evidence); err != nil {
			return scoringClosed(mapError(err, ""))
		}
		return audit(ctx, tx, act, domain.AuditUpdate, "caf_score", FormatID(a.ID)+"/"+FormatID(userID)+"/"+sc.Sub, old, cafScoreAudit(sc))
	})
}

// SubmitCAFScoring hands member userID's complete scoring to the leader:
// every sub-criterion must have its points. It is final after that.
func (s *Store) SubmitCAFScoring(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, userID int64) (err error) {
	defer wrap(&err, "store.SubmitCAFScoring(%d, %d)", a.ID, userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, err := s.cafScoringOpen(ctx, tx, a, userID, "")
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT sc.code FROM caf_subcriteria sc WHERE sc.edition = $1 AND NOT EXISTS (SELECT 1 FROM caf_scores s
			WHERE s.assessment_id = $2 AND s.user_id = $3 AND s.subcriterion = sc.code AND s.score IS NOT NULL) ORDER BY sc.position`,
			cur.Edition, a.ID, userID)
		if err != nil {
			return err
		}
		missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			return domain.Validation{domain.FieldCAFScore: "Nie można przekazać niepełnej oceny. Brakuje punktów w podkryteriach: " +
				strings.Join(missing, ", ") + "."}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_members SET submitted_at = now() WHERE assessment_id = $1 AND user_id = $2`, a.ID, userID); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditSubmit, "caf_member", FormatID(a.ID)+"/"+FormatID(userID), nil, map[string]any{"submitted": true})
	})
}

// cafScoringOpen locks the assessment and checks that member userID may
// still change their scoring (of sub-criterion sub, when given).
func (s *Store) cafScoringOpen(ctx context.Context, tx pgx.Tx, a *domain.CAFAssessment, userID int64, sub string) (*domain.CAFAssessment, error) {
	cur, err := s.cafAssessment(ctx, tx, a.ProgrammeID, a.ID, true)
	if err != nil {
		return nil, err
	}
	if _, _, ok := cur.Model().Sub(sub); sub != "" && !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "Nie ma takiego podkryterium w modelu %s.", cur.Model().Name)
	}
	m := cur.Member(userID)
	switch {
	case m == nil:
		return nil, ErrCAFNotMember
	case cur.Stage != domain.CAFStageScoring:
		return nil, ErrCAFScoringClosed
	case m.SubmittedAt != nil:
		return nil, ErrCAFSubmitted
	}
	return cur, nil
}
