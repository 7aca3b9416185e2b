package store

// The CAF consensus: the leader opens it (individual scoring ends), records
// the agreed score and its justification for every sub-criterion, and
// hands it to the unit's manager, who signs it (or sends it back with
// remarks). Signing seals it: the canonical content and its SHA-256 are
// kept, and the database refuses any change after. A correction is a new
// version, copied from the signed one, with its reason, signed again.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const consensusNotFound = "Ta samoocena nie ma jeszcze konsensusu."

const consensusColumns = `c.id, c.assessment_id, c.version_no, c.replaces_id, c.status, c.reason, c.remarks, c.total::float8, c.signer_id,
	COALESCE(c.signer_name, ''), c.signed_on, c.signed_at, COALESCE(c.signed_content, ''), COALESCE(c.digest, ''),
	COALESCE(u.display_name, ''), c.created_at, c.version`

func scanConsensus(r pgx.Row) (*domain.CAFConsensus, error) {
	var c domain.CAFConsensus
	var status string
	var signedOn, signedAt *time.Time
	err := r.Scan(&c.ID, &c.AssessmentID, &c.VersionNo, &c.ReplacesID, &status, &c.Reason, &c.Remarks, &c.Total, &c.SignerID,
		&c.SignerName, &signedOn, &signedAt, &c.Content, &c.Digest, &c.CreatedBy, &c.CreatedAt, &c.Version)
	c.Status = domain.ConsensusStatus(status)
	if signedOn != nil {
		c.SignedOn = *signedOn
	}
	if signedAt != nil {
		c.SignedAt = *signedAt
	}
	return &c, err
}

// CAFConsensusVersions lists an assessment's consensus versions, newest
// first, without their scores.
func (s *Store) CAFConsensusVersions(ctx context.Context, assessmentID int64) (_ []*domain.CAFConsensus, err error) {
	defer wrap(&err, "store.CAFConsensusVersions(%d)", assessmentID)
	rows, err := s.Pool.Query(ctx, `SELECT `+consensusColumns+` FROM caf_consensus c LEFT JOIN users u ON u.id = c.created_by
		WHERE c.assessment_id = $1 ORDER BY c.version_no DESC`, assessmentID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.CAFConsensus, error) { return scanConsensus(r) })
}

// CAFConsensus returns the consensus version of an assessment with its
// scores: the version in work (signed false) or the latest signed one
// (signed true). ENOTFOUND when there is none.
func (s *Store) CAFConsensus(ctx context.Context, assessmentID int64, signed bool) (_ *domain.CAFConsensus, err error) {
	defer wrap(&err, "store.CAFConsensus(%d)", assessmentID)
	return readConsensus(ctx, s.Pool, assessmentID, signed)
}

func readConsensus(ctx context.Context, q querier, assessmentID int64, signed bool) (*domain.CAFConsensus, error) {
	cond := `c.status <> 'signed'`
	if signed {
		cond = `c.status = 'signed'`
	}
	c, err := scanConsensus(q.QueryRow(ctx, `SELECT `+consensusColumns+` FROM caf_consensus c LEFT JOIN users u ON u.id = c.created_by
		WHERE c.assessment_id = $1 AND `+cond+` ORDER BY c.version_no DESC LIMIT 1`, assessmentID))
	if err != nil {
		return nil, mapError(err, consensusNotFound)
	}
	return c, loadConsensusScores(ctx, q, c)
}

// CAFConsensusByID returns one version of an assessment's consensus with
// its scores (the history's links).
func (s *Store) CAFConsensusByID(ctx context.Context, assessmentID, id int64) (_ *domain.CAFConsensus, err error) {
	defer wrap(&err, "store.CAFConsensusByID(%d, %d)", assessmentID, id)
	c, err := scanConsensus(s.Pool.QueryRow(ctx, `SELECT `+consensusColumns+` FROM caf_consensus c LEFT JOIN users u ON u.id = c.created_by
		WHERE c.assessment_id = $1 AND c.id = $2`, assessmentID, id))
	if err != nil {
		return nil, mapError(err, consensusNotFound)
	}
	return c, loadConsensusScores(ctx, s.Pool, c)
}

func loadConsensusScores(ctx context.Context, q querier, c *domain.CAFConsensus) error {
	rows, err := q.Query(ctx, `SELECT s.subcriterion, s.score::float8, s.plan, s.do_, s.check_, s.act, s.trend, s.target, s.justification,
		s.strengths, s.improvements FROM caf_consensus_scores s WHERE s.consensus_id = $1`, c.ID)
	if err != nil {
		return err
	}
	c.Scores = map[string]*domain.CAFScore{}
	var x domain.CAFScore
	_, err = pgx.ForEachRow(rows, []any{&x.Sub, &x.Score, &x.Plan, &x.Do, &x.Check, &x.Act, &x.Trend, &x.Target, &x.Justification,
		&x.Strengths, &x.Improvements}, func() error {
		sc := x
		c.Scores[x.Sub] = &sc
		return nil
	})
	return err
}

// ErrCAFConsensusExists answers a second consensus of one assessment.
var ErrCAFConsensusExists = domain.Errorf(domain.EINVALID, "Ta samoocena ma już konsensus. Podpisany konsensus poprawia się nową wersją z podaniem powodu.")

// ErrCAFNoSubmissions answers a consensus opened before anyone handed in.
var ErrCAFNoSubmissions = domain.Errorf(domain.EINVALID, "Nikt z zespołu nie przekazał jeszcze swojej oceny: konsensus można otworzyć, gdy co najmniej jedna ocena jest przekazana.")

// OpenCAFConsensus ends individual scoring and starts the consensus
// (version 1, a draft): the members' strengths and areas for improvement
// are merged into it; the agreed points are left for the group to set.
func (s *Store) OpenCAFConsensus(ctx context.Context, act domain.Actor, a *domain.CAFAssessment) (err error) {
	defer wrap(&err, "store.OpenCAFConsensus(%d)", a.ID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, err := s.cafAssessment(ctx, tx, a.ProgrammeID, a.ID, true)
		if err != nil {
			return err
		}
		if cur.Stage != domain.CAFStageScoring || cur.ConsensusAt != nil {
			return ErrCAFConsensusExists
		}
		submitted := 0
		for _, m := range cur.Members {
			if m.SubmittedAt != nil {
				submitted++
			}
		}
		if submitted == 0 {
			return ErrCAFNoSubmissions
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO caf_consensus (assessment_id, programme_id, unit_id, version_no, created_by)
			VALUES ($1, $2, $3, 1, $4) RETURNING id`, cur.ID, cur.ProgrammeID, cur.UnitID, actorID(act)).Scan(&id); err != nil {
			return consensusExists(mapError(err, ""))
		}
		// merged texts of the submitted scorings, members in a fixed order
		if _, err := tx.Exec(ctx, `INSERT INTO caf_consensus_scores (consensus_id, edition, subcriterion, strengths, improvements)
			SELECT $1, sc.edition, sc.code,
				left(COALESCE(string_agg(NULLIF(btrim(s.strengths), ''), E'\n\n' ORDER BY s.user_id), ''), 16000),
				left(COALESCE(string_agg(NULLIF(btrim(s.improvements), ''), E'\n\n' ORDER BY s.user_id), ''), 16000)
			FROM caf_subcriteria sc
			LEFT JOIN caf_scores s ON s.assessment_id = $2 AND s.subcriterion = sc.code
				AND EXISTS (SELECT 1 FROM caf_members m WHERE m.assessment_id = s.assessment_id AND m.user_id = s.user_id AND m.submitted_at IS NOT NULL)
			WHERE sc.edition = $3 GROUP BY sc.edition, sc.code`, id, cur.ID, cur.Edition); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_assessments SET consensus_at = $2, version = version + 1, updated_at = now() WHERE id = $1`,
			cur.ID, s.Now().UTC()); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_consensus", FormatID(cur.ID)+"/"+FormatID(id), nil,
			map[string]any{"version": 1, "submitted": submitted})
	})
}

func consensusExists(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Code == domain.ECONFLICT {
		return ErrCAFConsensusExists
	}
	return err
}

func actorID(a domain.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	return &a.UserID
}

// ErrCAFNotInWork answers a change of a consensus that is not a draft.
var ErrCAFNotInWork = domain.Errorf(domain.EINVALID, "Konsensus nie jest w przygotowaniu: przekazany do podpisu lub podpisany nie zmienia się.")

// SaveCAFConsensusScore records the agreed score of one sub-criterion in
// the consensus version in work.
func (s *Store) SaveCAFConsensusScore(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, sc *domain.CAFScore) (err error) {
	defer wrap(&err, "store.SaveCAFConsensusScore(%d, %s)", a.ID, sc.Sub)
	if err := ValidateCAFScore(a, sc, domain.CAFMergedMax); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		_, c, err := s.draftConsensus(ctx, tx, a)
		if err != nil {
			return err
		}
		var old any
		if b := c.Scores[sc.Sub]; b != nil {
			old = cafScoreAudit(b)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO caf_consensus_scores (consensus_id, edition, subcriterion, score, plan, do_, check_, act, trend, target,
				justification, strengths, improvements) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (consensus_id, subcriterion) DO UPDATE SET score = EXCLUDED.score, plan = EXCLUDED.plan, do_ = EXCLUDED.do_,
				check_ = EXCLUDED.check_, act = EXCLUDED.act, trend = EXCLUDED.trend, target = EXCLUDED.target,
				justification = EXCLUDED.justification, strengths = EXCLUDED.strengths, improvements = EXCLUDED.improvements`,
			c.ID, a.Edition, sc.Sub, sc.Score, sc.Plan, sc.Do, sc.Check, sc.Act, sc.Trend, sc.Target, sc.Justification, sc.Strengths,
			sc.Improvements); err != nil {
			return mapError(err, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_consensus SET version = version + 1, updated_at = now() WHERE id = $1`, c.ID); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditUpdate, "caf_consensus", FormatID(a.ID)+"/"+FormatID(c.ID)+"/"+sc.Sub, old, cafScoreAudit(sc))
	})
}

// draftConsensus locks the assessment and returns it (as it stands now)
// with its consensus version in work, which must be a draft.
func (s *Store) draftConsensus(ctx context.Context, tx pgx.Tx, a *domain.CAFAssessment) (*domain.CAFAssessment, *domain.CAFConsensus, error) {
	cur, err := s.cafAssessment(ctx, tx, a.ProgrammeID, a.ID, true)
	if err != nil {
		return nil, nil, err
	}
	c, err := readConsensus(ctx, tx, a.ID, false)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.ENOTFOUND {
		return nil, nil, ErrCAFNotInWork
	}
	if err != nil {
		return nil, nil, err
	}
	if c.Status != domain.ConsensusDraft {
		return nil, nil, ErrCAFNotInWork
	}
	return cur, c, nil
}

// SubmitCAFConsensus hands the draft to the unit's manager: every
// sub-criterion needs its agreed score and justification.
func (s *Store) SubmitCAFConsensus(ctx context.Context, act domain.Actor, a *domain.CAFAssessment) (err error) {
	defer wrap(&err, "store.SubmitCAFConsensus(%d)", a.ID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, c, err := s.draftConsensus(ctx, tx, a)
		if err != nil {
			return err
		}
		if err := c.CheckComplete(cur.Model(), cur.Method); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_consensus SET status = 'submitted', remarks = '', version = version + 1, updated_at = now()
			WHERE id = $1`, c.ID); err != nil {
			return err
		}
		if err := s.notifyCAF(ctx, tx, cur, domain.MailCAFSubmitted, ""); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditSubmit, "caf_consensus", FormatID(a.ID)+"/"+FormatID(c.ID),
			map[string]any{"status": domain.ConsensusDraft}, map[string]any{"status": domain.ConsensusSubmitted})
	})
}

// submittedConsensus locks the assessment and returns its submitted
// consensus version.
func (s *Store) submittedConsensus(ctx context.Context, tx pgx.Tx, a *domain.CAFAssessment) (*domain.CAFAssessment, *domain.CAFConsensus, error) {
	cur, err := s.cafAssessment(ctx, tx, a.ProgrammeID, a.ID, true)
	if err != nil {
		return nil, nil, err
	}
	c, err := readConsensus(ctx, tx, a.ID, false)
	if err != nil || c.Status != domain.ConsensusSubmitted {
		return nil, nil, domain.Errorf(domain.EINVALID, "Konsensus nie czeka na podpis.")
	}
	return cur, c, nil
}

// ReturnCAFConsensus sends a submitted consensus back to the group with
// the manager's remarks.
func (s *Store) ReturnCAFConsensus(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, remarks string) (err error) {
	defer wrap(&err, "store.ReturnCAFConsensus(%d)", a.ID)
	remarks = strings.TrimSpace(remarks)
	if remarks == "" {
		return domain.Validation{domain.FieldCAFRemarks: "Napisz, co zespół ma poprawić."}.Err()
	}
	if len([]rune(remarks)) > 4000 {
		return domain.Validation{domain.FieldCAFRemarks: "Uwagi mogą mieć najwyżej 4000 znaków."}.Err()
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, c, err := s.submittedConsensus(ctx, tx, a)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_consensus SET status = 'draft', remarks = $2, version = version + 1, updated_at = now()
			WHERE id = $1`, c.ID, remarks); err != nil {
			return err
		}
		if err := s.notifyCAF(ctx, tx, cur, domain.MailCAFReturned, remarks); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditSendBack, "caf_consensus", FormatID(a.ID)+"/"+FormatID(c.ID),
			map[string]any{"status": domain.ConsensusSubmitted}, map[string]any{"status": domain.ConsensusDraft, "remarks": remarks})
	})
}

// SignCAFConsensus seals the submitted consensus, signed by the unit's
// manager signer on the server's today. The caller has checked the
// signer's password.
func (s *Store) SignCAFConsensus(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, signer *domain.User) (_ *domain.CAFConsensus, err error) {
	defer wrap(&err, "store.SignCAFConsensus(%d)", a.ID)
	var out *domain.CAFConsensus
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		cur, c, err := s.submittedConsensus(ctx, tx, a)
		if err != nil {
			return err
		}
		if signer == nil || signer.Role != domain.RoleUnitManager || !signer.CanActOnUnit(cur.UnitID) {
			return domain.Errorf(domain.EFORBIDDEN, "Konsensus podpisuje kierownik jednostki, której dotyczy samoocena.")
		}
		if err := c.CheckComplete(cur.Model(), cur.Method); err != nil {
			return err
		}
		t, _ := domain.TotalsOf(cur.Model(), c.Scores)
		now := s.Now()
		c.Total, c.SignerID, c.SignerName = &t.Total, &signer.ID, signer.DisplayName
		c.SignedAt, c.SignedOn, c.Status = now.UTC().Truncate(time.Microsecond), domain.TodayIn(now), domain.ConsensusSigned
		content := c.Canonical(cur)
		c.Content, c.Digest = string(content), domain.DigestOf(content)
		if _, err := tx.Exec(ctx, `UPDATE caf_consensus SET status = 'signed', total = $2, signer_id = $3, signer_name = $4, signed_on = $5,
			signed_at = $6, signed_content = $7, digest = $8, version = version + 1, updated_at = now() WHERE id = $1`,
			c.ID, t.Total, signer.ID, signer.DisplayName, c.SignedOn, c.SignedAt, c.Content, c.Digest); err != nil {
			return err
		}
		out = c
		return audit(ctx, tx, act, domain.AuditSign, "caf_consensus", FormatID(a.ID)+"/"+FormatID(c.ID),
			map[string]any{"status": domain.ConsensusSubmitted},
			map[string]any{"status": domain.ConsensusSigned, "total": t.Total, "digest": c.Digest, "signer": signer.DisplayName})
	})
	return out, err
}

// CorrectCAFConsensus starts a correction of the signed consensus: a new
// draft version, a copy of the latest signed one, with the reason.
func (s *Store) CorrectCAFConsensus(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, reason string) (err error) {
	defer wrap(&err, "store.CorrectCAFConsensus(%d)", a.ID)
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return domain.Validation{domain.FieldCAFReason: "Podaj powód korekty podpisanego konsensusu."}.Err()
	case len([]rune(reason)) > 4000:
		return domain.Validation{domain.FieldCAFReason: "Powód może mieć najwyżej 4000 znaków."}.Err()
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		cur, err := s.cafAssessment(ctx, tx, a.ProgrammeID, a.ID, true)
		if err != nil {
			return err
		}
		if cur.Stage != domain.CAFStageSigned {
			return domain.Errorf(domain.EINVALID, "Poprawia się tylko podpisany konsensus, a ten jest jeszcze w pracy.")
		}
		last, err := readConsensus(ctx, tx, a.ID, true)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO caf_consensus (assessment_id, programme_id, unit_id, version_no, replaces_id, reason, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, cur.ID, cur.ProgrammeID, cur.UnitID, last.VersionNo+1, last.ID, reason,
			actorID(act)).Scan(&id); err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == uniqueViolation {
				return ErrCAFConsensusExists
			}
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO caf_consensus_scores (consensus_id, edition, subcriterion, score, plan, do_, check_, act, trend, target,
				justification, strengths, improvements)
			SELECT $1, edition, subcriterion, score, plan, do_, check_, act, trend, target, justification, strengths, improvements
			FROM caf_consensus_scores WHERE consensus_id = $2`, id, last.ID); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_consensus", FormatID(a.ID)+"/"+FormatID(id), nil,
			map[string]any{"version": last.VersionNo + 1, "reason": reason})
	})
}
