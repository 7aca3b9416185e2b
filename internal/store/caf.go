package store

// CAF self-assessment: the model's reference data and the assessments of
// units with their groups. Scoring, consensus, the improvement plan and
// benchmarking are in caf_*.go.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/domain"
)

const cafNotFound = "Nie ma takiej samooceny CAF w tym programie."

var cafAssessmentFields = map[string]map[string]string{
	"caf_assessments_programme_id_unit_id_fkey": {domain.FieldCAFUnit: "Wybierz jednostkę uczestniczącą w programie."},
	"caf_assessments_ends_on":                   {domain.FieldCAFEndsOn: "Data konsensusu nie może być wcześniejsza niż data rozpoczęcia."},
	"caf_assessments_cycle":                     {domain.FieldCAFUnit: "Ta jednostka rozpoczęła właśnie inny cykl samooceny: odśwież stronę."},
}

// syncCAFModels writes the model's editions of the Go catalogue
// (domain.CAFModels) into the reference tables, adding what is missing;
// rows once written never change (the database refuses it).
func syncCAFModels(ctx context.Context, pool *pgxpool.Pool) error {
	for _, m := range domain.CAFModels {
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO caf_editions (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, m.Edition, m.Name)
		pos := 0
		for _, c := range m.Criteria {
			b.Queue(`INSERT INTO caf_criteria (edition, no, name, result) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				m.Edition, c.No, c.Name, c.Result)
			for _, s := range c.Subs {
				pos++
				b.Queue(`INSERT INTO caf_subcriteria (edition, code, criterion, position, name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
					m.Edition, s.Code, c.No, pos, s.Name)
			}
		}
		if err := pool.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("write the CAF model %s: %w", m.Edition, err)
		}
	}
	return nil
}

const cafColumns = `a.id, a.programme_id, a.unit_id, u.name, u.kind, a.edition, a.method, a.cycle, a.starts_on, a.ends_on, a.consensus_at,
	COALESCE(c.status, ''), (SELECT min(s.signed_on) FROM caf_consensus s WHERE s.assessment_id = a.id AND s.status = 'signed'),
	a.version, a.created_at, a.updated_at`

// cafFrom joins each assessment's latest consensus version (c).
const cafFrom = ` FROM caf_assessments a JOIN units u ON u.id = a.unit_id
	LEFT JOIN LATERAL (SELECT x.status FROM caf_consensus x WHERE x.assessment_id = a.id ORDER BY x.version_no DESC LIMIT 1) c ON true`

func scanCAF(r pgx.Row) (*domain.CAFAssessment, error) {
	var a domain.CAFAssessment
	var kind, edition, method, status string
	var signed *time.Time
	err := r.Scan(&a.ID, &a.ProgrammeID, &a.UnitID, &a.UnitName, &kind, &edition, &method, &a.Cycle, &a.StartsOn, &a.EndsOn, &a.ConsensusAt,
		&status, &signed, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.UnitKind, a.Edition, a.Method = domain.UnitKind(kind), domain.CAFEdition(edition), domain.CAFMethod(method)
	a.Stage = stageOf(domain.ConsensusStatus(status))
	if signed != nil {
		a.SignedOn = *signed
	}
	return &a, err
}

func stageOf(s domain.ConsensusStatus) domain.CAFStage {
	switch s {
	case domain.ConsensusDraft:
		return domain.CAFStageConsensus
	case domain.ConsensusSubmitted:
		return domain.CAFStageSubmitted
	case domain.ConsensusSigned:
		return domain.CAFStageSigned
	}
	return domain.CAFStageScoring
}

// CAFAssessments lists a programme's assessments by unit and cycle, of the
// given units only (nil: all), with their groups.
func (s *Store) CAFAssessments(ctx context.Context, programmeID int64, units []int64) (_ []*domain.CAFAssessment, err error) {
	defer wrap(&err, "store.CAFAssessments(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+cafColumns+cafFrom+` WHERE a.programme_id = $1 AND ($2::bigint[] IS NULL OR a.unit_id = ANY($2))
		ORDER BY u.name, a.unit_id, a.cycle`, programmeID, units)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.CAFAssessment, error) { return scanCAF(r) })
	if err != nil {
		return nil, err
	}
	return list, s.loadCAFMembers(ctx, s.Pool, list)
}

// CAFAssessment returns one assessment of a programme with its group.
func (s *Store) CAFAssessment(ctx context.Context, programmeID, id int64) (_ *domain.CAFAssessment, err error) {
	defer wrap(&err, "store.CAFAssessment(%d, %d)", programmeID, id)
	return s.cafAssessment(ctx, s.Pool, programmeID, id, false)
}

// cafAssessment reads an assessment (locked for the transaction when lock
// is set: writes to one assessment then follow each other).
func (s *Store) cafAssessment(ctx context.Context, q querier, programmeID, id int64, lock bool) (*domain.CAFAssessment, error) {
	if lock {
		if _, err := q.Exec(ctx, `SELECT 1 FROM caf_assessments WHERE programme_id = $1 AND id = $2 FOR UPDATE`, programmeID, id); err != nil {
			return nil, err
		}
	}
	a, err := scanCAF(q.QueryRow(ctx, `SELECT `+cafColumns+cafFrom+` WHERE a.programme_id = $1 AND a.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, cafNotFound)
	}
	return a, s.loadCAFMembers(ctx, q, []*domain.CAFAssessment{a})
}

func (s *Store) loadCAFMembers(ctx context.Context, q querier, list []*domain.CAFAssessment) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	byID := map[int64]*domain.CAFAssessment{}
	for i, a := range list {
		ids[i] = a.ID
		byID[a.ID] = a
	}
	rows, err := q.Query(ctx, `SELECT m.assessment_id, m.user_id, u.display_name, u.role, m.leader, m.submitted_at,
		(SELECT count(*) FROM caf_scores s WHERE s.assessment_id = m.assessment_id AND s.user_id = m.user_id AND s.score IS NOT NULL)
		FROM caf_members m JOIN users u ON u.id = m.user_id WHERE m.assessment_id = ANY($1)
		ORDER BY m.assessment_id, NOT m.leader, u.display_name, u.id`, ids)
	if err != nil {
		return err
	}
	var aid int64
	var m domain.CAFMember
	var role string
	_, err = pgx.ForEachRow(rows, []any{&aid, &m.UserID, &m.Name, &role, &m.Leader, &m.SubmittedAt, &m.Scored}, func() error {
		m.Role = domain.Role(role)
		byID[aid].Members = append(byID[aid].Members, m)
		return nil
	})
	return err
}

// CAFCandidates are the people who may be in a unit's self-assessment
// group: active assessors and managers bound to the unit.
func (s *Store) CAFCandidates(ctx context.Context, unitID int64) (_ []domain.CAFMember, err error) {
	defer wrap(&err, "store.CAFCandidates(%d)", unitID)
	rows, err := s.Pool.Query(ctx, `SELECT u.id, u.display_name, u.role FROM users u JOIN user_units uu ON uu.user_id = u.id
		WHERE uu.unit_id = $1 AND u.active AND u.role IN ('assessor', 'unit_manager') ORDER BY u.display_name, u.id`, unitID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CAFMember, error) {
		var m domain.CAFMember
		var role string
		err := r.Scan(&m.UserID, &m.Name, &role)
		m.Role = domain.Role(role)
		return m, err
	})
}

// checkCAFMembers refuses members who are not the unit's active assessors
// or managers.
func checkCAFMembers(ctx context.Context, tx pgx.Tx, unitID int64, members []domain.CAFMember) error {
	ids := make([]int64, len(members))
	for i, m := range members {
		ids[i] = m.UserID
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM users u WHERE u.id = ANY($1) AND u.active AND u.role IN ('assessor', 'unit_manager')
		AND EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = $2)`, ids, unitID).Scan(&n); err != nil {
		return err
	}
	if n != len(ids) {
		return domain.Validation{domain.FieldCAFMembers: "Do zespołu samooceny można wybrać tylko aktywne osoby tej jednostki (członków zespołów samooceny i kierowników)."}.Err()
	}
	return nil
}

func cafAudit(a *domain.CAFAssessment) map[string]any {
	members := make([]string, 0, len(a.Members))
	leader := ""
	for _, m := range a.Members {
		members = append(members, FormatID(m.UserID))
		if m.Leader {
			leader = FormatID(m.UserID)
		}
	}
	slices.Sort(members)
	return map[string]any{"unit_id": a.UnitID, "edition": a.Edition, "method": a.Method, "cycle": a.Cycle,
		"starts_on": a.StartsOn.Format(time.DateOnly), "ends_on": a.EndsOn.Format(time.DateOnly), "members": members, "group_leader": leader}
}

// CreateCAFAssessment opens the next cycle of a unit's self-assessment in
// programme p with its group.
func (s *Store) CreateCAFAssessment(ctx context.Context, act domain.Actor, p *domain.Programme, a *domain.CAFAssessment) (err error) {
	defer wrap(&err, "store.CreateCAFAssessment")
	a.ProgrammeID = p.ID
	if a.Edition == "" {
		a.Edition = domain.CAF2020
	}
	if err := a.Validate(p); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := checkCAFMembers(ctx, tx, a.UnitID, a.Members); err != nil {
			return err
		}
		var by *int64
		if act.UserID != 0 {
			by = &act.UserID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO caf_assessments (programme_id, unit_id, edition, method, cycle, starts_on, ends_on, created_by)
			SELECT $1, $2, $3, $4, COALESCE(max(cycle), 0) + 1, $5, $6, $7 FROM caf_assessments WHERE programme_id = $1 AND unit_id = $2
			RETURNING id, cycle`, a.ProgrammeID, a.UnitID, a.Edition, a.Method, a.StartsOn, a.EndsOn, by).Scan(&a.ID, &a.Cycle); err != nil {
			return mapError(err, "", inForm(cafAssessmentFields))
		}
		if err := insertCAFMembers(ctx, tx, a.ID, a.Members); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_assessment", FormatID(a.ID), nil, cafAudit(a))
	})
}

func insertCAFMembers(ctx context.Context, tx pgx.Tx, id int64, members []domain.CAFMember) error {
	for _, m := range members {
		if _, err := tx.Exec(ctx, `INSERT INTO caf_members (assessment_id, user_id, leader) VALUES ($1, $2, $3)
			ON CONFLICT (assessment_id, user_id) DO UPDATE SET leader = EXCLUDED.leader`, id, m.UserID, m.Leader); err != nil {
			return err
		}
	}
	return nil
}

// ErrCAFScoringClosed answers a change of the group or of a scoring after
// individual scoring ended.
var ErrCAFScoringClosed = domain.Errorf(domain.EINVALID, "Ocena indywidualna tej samooceny jest zakończona: lider otworzył konsensus.")

// UpdateCAFAssessment changes an assessment's dates, method and group while
// its members score (version: the one the form showed). A member who has
// submitted a scoring stays; the method stays once anyone has scored.
func (s *Store) UpdateCAFAssessment(ctx context.Context, act domain.Actor, p *domain.Programme, a *domain.CAFAssessment, version int) (err error) {
	defer wrap(&err, "store.UpdateCAFAssessment(%d)", a.ID)
	if err := a.Validate(p); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		old, err := s.cafAssessment(ctx, tx, p.ID, a.ID, true)
		if err != nil {
			return err
		}
		if old.Version != version {
			return errStale
		}
		if old.Stage != domain.CAFStageScoring {
			return ErrCAFScoringClosed
		}
		if old.UnitID != a.UnitID {
			return domain.Validation{domain.FieldCAFUnit: "Jednostki samooceny nie można zmienić: utwórz nową samoocenę."}.Err()
		}
		scored := false
		for _, m := range old.Members {
			scored = scored || m.Scored > 0
			if m.SubmittedAt != nil && a.Member(m.UserID) == nil {
				return domain.Validation{domain.FieldCAFMembers: m.Name + " przekazał(a) już swoją ocenę: nie można jej usunąć z zespołu."}.Err()
			}
		}
		if scored && old.Method != a.Method {
			return domain.Validation{domain.FieldCAFMethod: "Sposobu oceniania nie można zmienić, gdy członkowie zespołu już oceniają."}.Err()
		}
		if err := checkCAFMembers(ctx, tx, a.UnitID, a.Members); err != nil {
			return err
		}
		keep := make([]int64, len(a.Members))
		for i, m := range a.Members {
			keep[i] = m.UserID
		}
		// the leader moves first: one leader at a time
		if _, err := tx.Exec(ctx, `UPDATE caf_members SET leader = false WHERE assessment_id = $1`, a.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM caf_members WHERE assessment_id = $1 AND NOT user_id = ANY($2)`, a.ID, keep); err != nil {
			return err
		}
		if err := insertCAFMembers(ctx, tx, a.ID, a.Members); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE caf_assessments SET method = $2, starts_on = $3, ends_on = $4, version = version + 1, updated_at = now()
			WHERE id = $1`, a.ID, a.Method, a.StartsOn, a.EndsOn); err != nil {
			return mapError(err, "", inForm(cafAssessmentFields))
		}
		a.ProgrammeID, a.Cycle, a.Edition = old.ProgrammeID, old.Cycle, old.Edition
		return audit(ctx, tx, act, domain.AuditUpdate, "caf_assessment", FormatID(a.ID), cafAudit(old), cafAudit(a))
	})
}
