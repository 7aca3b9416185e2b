package store

// CAF improvement plan: the actions of a unit's plan, from the areas for
// improvement of its signed assessment. Who may write them is decided by
// domain.CAFRightsOf (EditPlan); the store checks the data.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const cafActionNotFound = "Nie ma takiego działania w planie doskonalenia tej samooceny."

var cafActionFields = map[string]map[string]string{
	"caf_actions_title":                         {domain.FieldActionTitle: "Podaj, co zostanie zrobione (najwyżej 300 znaków)."},
	"caf_actions_owner":                         {domain.FieldActionOwner: "Podaj osobę lub komórkę odpowiedzialną (najwyżej 200 znaków)."},
	"caf_actions_ends_on":                       {domain.FieldActionEndsOn: "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."},
	"caf_actions_impact":                        {domain.FieldActionImpact: "Wybierz wpływ: mały, średni albo duży."},
	"caf_actions_effort":                        {domain.FieldActionEffort: "Wybierz nakład: mały, średni albo duży."},
	"caf_actions_status":                        {domain.FieldActionStatus: "Wybierz stan działania z listy."},
	"caf_actions_done_on":                       {domain.FieldActionDoneOn: "Datę zrealizowania podaje się dla działania zrealizowanego (i tylko dla niego)."},
	"caf_actions_edition_subcriterion_fkey":     {domain.FieldActionSub: "Wybierz podkryterium z listy."},
	"caf_actions_programme_id_task_id_fkey":     {domain.FieldActionTask: "Wybierz zadanie tego programu."},
	"caf_actions_programme_id_practice_id_fkey": {domain.FieldActionPractice: "Wybierz dobrą praktykę tego programu."},
}

const cafActionColumns = `x.id, x.programme_id, x.unit_id, u.name, x.assessment_id, a.cycle, x.edition, COALESCE(x.subcriterion, ''),
	x.title, x.description, x.owner, x.starts_on, x.ends_on, x.impact, x.effort, x.status, x.done_on,
	x.task_id, COALESCE(t.code, ''), x.practice_id, COALESCE(g.title, ''), x.version, x.updated_at`

const cafActionFrom = ` FROM caf_actions x JOIN units u ON u.id = x.unit_id JOIN caf_assessments a ON a.id = x.assessment_id
	LEFT JOIN tasks t ON t.id = x.task_id LEFT JOIN good_practices g ON g.id = x.practice_id
	LEFT JOIN caf_subcriteria sc ON sc.edition = x.edition AND sc.code = x.subcriterion`

const cafActionOrder = ` ORDER BY sc.position NULLS LAST, x.ends_on, x.id`

func scanCAFAction(r pgx.Row) (domain.CAFAction, error) {
	var x domain.CAFAction
	var edition, status string
	var done *time.Time
	err := r.Scan(&x.ID, &x.ProgrammeID, &x.UnitID, &x.UnitName, &x.AssessmentID, &x.Cycle, &edition, &x.Sub,
		&x.Title, &x.Description, &x.Owner, &x.StartsOn, &x.EndsOn, &x.Impact, &x.Effort, &status, &done,
		&x.TaskID, &x.TaskCode, &x.PracticeID, &x.PracticeName, &x.Version, &x.UpdatedAt)
	x.Edition, x.Status = domain.CAFEdition(edition), domain.ActionStatus(status)
	if done != nil {
		x.DoneOn = *done
	}
	return x, err
}

func (s *Store) cafActions(ctx context.Context, q querier, where string, args ...any) ([]domain.CAFAction, error) {
	rows, err := q.Query(ctx, `SELECT `+cafActionColumns+cafActionFrom+` WHERE `+where+cafActionOrder, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.CAFAction, error) { return scanCAFAction(r) })
}

// CAFActions lists the improvement plan of an assessment, by sub-criterion
// and end date.
func (s *Store) CAFActions(ctx context.Context, assessmentID int64) (_ []domain.CAFAction, err error) {
	defer wrap(&err, "store.CAFActions(%d)", assessmentID)
	return s.cafActions(ctx, s.Pool, `x.assessment_id = $1`, assessmentID)
}

// CAFUnitActions lists every action of a unit's plans in a programme (all
// its cycles).
func (s *Store) CAFUnitActions(ctx context.Context, programmeID, unitID int64) (_ []domain.CAFAction, err error) {
	defer wrap(&err, "store.CAFUnitActions(%d, %d)", programmeID, unitID)
	return s.cafActions(ctx, s.Pool, `x.programme_id = $1 AND x.unit_id = $2`, programmeID, unitID)
}

// CAFAction returns one action of an assessment's plan.
func (s *Store) CAFAction(ctx context.Context, assessmentID, id int64) (_ *domain.CAFAction, err error) {
	defer wrap(&err, "store.CAFAction(%d, %d)", assessmentID, id)
	list, err := s.cafActions(ctx, s.Pool, `x.assessment_id = $1 AND x.id = $2`, assessmentID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, cafActionNotFound)
	}
	return &list[0], nil
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func cafActionAudit(x *domain.CAFAction) map[string]any {
	m := map[string]any{"sub": x.Sub, "title": x.Title, "description": x.Description, "owner": x.Owner,
		"starts_on": x.StartsOn.Format(time.DateOnly), "ends_on": x.EndsOn.Format(time.DateOnly),
		"impact": x.Impact, "effort": x.Effort, "status": x.Status, "task_id": x.TaskID, "practice_id": x.PracticeID}
	if !x.DoneOn.IsZero() {
		m["done_on"] = x.DoneOn.Format(time.DateOnly)
	}
	return m
}

// CreateCAFAction adds an action to the plan of assessment a (signed: the
// web checks the user's rights).
func (s *Store) CreateCAFAction(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, x *domain.CAFAction) (err error) {
	defer wrap(&err, "store.CreateCAFAction(%d)", a.ID)
	if err := x.Validate(a.Model()); err != nil {
		return err
	}
	if a.SignedOn.IsZero() {
		return domain.Errorf(domain.EINVALID, "Plan doskonalenia powstaje po podpisaniu wyniku samooceny.")
	}
	x.ProgrammeID, x.UnitID, x.AssessmentID, x.Edition, x.Cycle, x.UnitName = a.ProgrammeID, a.UnitID, a.ID, a.Edition, a.Cycle, a.UnitName
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var by *int64
		if act.UserID != 0 {
			by = &act.UserID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO caf_actions (programme_id, unit_id, assessment_id, edition, subcriterion, title, description,
			owner, starts_on, ends_on, impact, effort, status, done_on, task_id, practice_id, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id, version, updated_at`,
			x.ProgrammeID, x.UnitID, x.AssessmentID, x.Edition, nullText(x.Sub), x.Title, x.Description, x.Owner, x.StartsOn, x.EndsOn,
			x.Impact, x.Effort, x.Status, nullDate(x.DoneOn), x.TaskID, x.PracticeID, by).Scan(&x.ID, &x.Version, &x.UpdatedAt); err != nil {
			return mapError(err, "", inForm(cafActionFields))
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_action", FormatID(a.ID)+"/"+FormatID(x.ID), nil, cafActionAudit(x))
	})
}

// UpdateCAFAction saves the changes of an action of a's plan (version: the
// one the form showed).
func (s *Store) UpdateCAFAction(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, x *domain.CAFAction, version int) (err error) {
	defer wrap(&err, "store.UpdateCAFAction(%d, %d)", a.ID, x.ID)
	if err := x.Validate(a.Model()); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM caf_actions WHERE assessment_id = $1 AND id = $2 FOR UPDATE`, a.ID, x.ID); err != nil {
			return err
		}
		olds, err := s.cafActions(ctx, tx, `x.assessment_id = $1 AND x.id = $2`, a.ID, x.ID)
		if err != nil {
			return err
		}
		if len(olds) == 0 {
			return domain.Errorf(domain.ENOTFOUND, cafActionNotFound)
		}
		old := olds[0]
		if old.Version != version {
			return errStale
		}
		if err := tx.QueryRow(ctx, `UPDATE caf_actions SET subcriterion = $3, title = $4, description = $5, owner = $6, starts_on = $7,
			ends_on = $8, impact = $9, effort = $10, status = $11, done_on = $12, task_id = $13, practice_id = $14,
			version = version + 1, updated_at = now() WHERE assessment_id = $1 AND id = $2 RETURNING version, updated_at`,
			a.ID, x.ID, nullText(x.Sub), x.Title, x.Description, x.Owner, x.StartsOn, x.EndsOn, x.Impact, x.Effort, x.Status,
			nullDate(x.DoneOn), x.TaskID, x.PracticeID).Scan(&x.Version, &x.UpdatedAt); err != nil {
			return mapError(err, "", inForm(cafActionFields))
		}
		x.ProgrammeID, x.UnitID, x.AssessmentID, x.Edition, x.Cycle, x.UnitName = old.ProgrammeID, old.UnitID, old.AssessmentID, old.Edition, old.Cycle, old.UnitName
		return audit(ctx, tx, act, domain.AuditUpdate, "caf_action", FormatID(a.ID)+"/"+FormatID(x.ID), cafActionAudit(&old), cafActionAudit(x))
	})
}

// CAFUnitSummary is a unit's CAF state in a programme (nil when it has no
// assessment): one query for the unit's page.
func (s *Store) CAFUnitSummary(ctx context.Context, programmeID, unitID int64, today time.Time) (_ *domain.CAFUnitSummary, err error) {
	defer wrap(&err, "store.CAFUnitSummary(%d, %d)", programmeID, unitID)
	var x domain.CAFUnitSummary
	var status string
	var signed *int64
	err = s.Pool.QueryRow(ctx, `SELECT a.id, a.cycle, COALESCE(c.status, ''), sg.assessment_id, sg.total::float8, n.actions, n.done, n.overdue
		FROM caf_assessments a
		LEFT JOIN LATERAL (SELECT x.status FROM caf_consensus x WHERE x.assessment_id = a.id ORDER BY x.version_no DESC LIMIT 1) c ON true
		LEFT JOIN LATERAL (SELECT x.assessment_id, x.total FROM caf_consensus x JOIN caf_assessments y ON y.id = x.assessment_id
			WHERE y.programme_id = $1 AND y.unit_id = $2 AND x.status = 'signed' ORDER BY y.cycle DESC, x.version_no DESC LIMIT 1) sg ON true
		CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE z.status <> 'dropped') actions, count(*) FILTER (WHERE z.status = 'done') done,
			count(*) FILTER (WHERE z.status IN ('planned', 'in_progress') AND z.ends_on < $3) overdue
			FROM caf_actions z WHERE z.programme_id = $1 AND z.unit_id = $2) n
		WHERE a.programme_id = $1 AND a.unit_id = $2 ORDER BY a.cycle DESC LIMIT 1`, programmeID, unitID, today).
		Scan(&x.AssessmentID, &x.Cycle, &status, &signed, &x.Total, &x.Actions, &x.Done, &x.Overdue)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	x.Stage = stageOf(domain.ConsensusStatus(status))
	if signed != nil {
		x.SignedID = *signed
	}
	return &x, nil
}
