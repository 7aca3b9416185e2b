package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// refusal tries a deletion in a transaction that is always rolled back and
// says why it would be refused (a conflict's message), or "" if it would
// succeed: pages offer a delete button only when it can succeed, and the
// reason shown is the one the database gives.
func (s *Store) refusal(ctx context.Context, try func(tx pgx.Tx) error) (string, error) {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	switch err := try(tx); {
	case err == nil:
		return "", nil
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return domain.ErrorMessage(err), nil
	default:
		return "", err
	}
}

// TaskDeleteRefusal says why DeleteTask would refuse the task now, or "".
func (s *Store) TaskDeleteRefusal(ctx context.Context, programmeID, id int64) (_ string, err error) {
	defer wrap(&err, "store.TaskDeleteRefusal(%d, %d)", programmeID, id)
	return s.refusal(ctx, func(tx pgx.Tx) error { _, err := deleteTaskRow(ctx, tx, programmeID, id); return err })
}

// TrainingDeleteRefusal says why DeleteTraining would refuse the training
// now, or "".
func (s *Store) TrainingDeleteRefusal(ctx context.Context, programmeID, id int64) (_ string, err error) {
	defer wrap(&err, "store.TrainingDeleteRefusal(%d, %d)", programmeID, id)
	return s.refusal(ctx, func(tx pgx.Tx) error { _, err := deleteTrainingRow(ctx, tx, programmeID, id); return err })
}

// IndicatorDeleteRefusal says why DeleteIndicator would refuse the
// indicator now, or "".
func (s *Store) IndicatorDeleteRefusal(ctx context.Context, programmeID, id int64) (_ string, err error) {
	defer wrap(&err, "store.IndicatorDeleteRefusal(%d, %d)", programmeID, id)
	return s.refusal(ctx, func(tx pgx.Tx) error { _, err := deleteIndicatorRow(ctx, tx, programmeID, id); return err })
}

// deleteTaskRow deletes a task unless an indicator's rule names it or
// evidence refers to it (the one check of DeleteTask and
// TaskDeleteRefusal); it returns how many rows went.
func deleteTaskRow(ctx context.Context, tx pgx.Tx, programmeID, id int64) (int64, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM indicators WHERE programme_id = $1 AND
		(rule_params->'task_id' = to_jsonb($2::bigint) OR rule_params->'task_ids' @> to_jsonb(ARRAY[$2::bigint]))`, programmeID, id).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, domain.Errorf(domain.ECONFLICT, "Zadanie jest używane w definicji wskaźnika: najpierw zmień wskaźnik.")
	}
	tag, err := tx.Exec(ctx, `DELETE FROM tasks WHERE programme_id = $1 AND id = $2`, programmeID, id)
	if err != nil {
		return 0, mapError(err, "", refused("", "Do zadania są już przypisane dowody: nie można go usunąć."))
	}
	return tag.RowsAffected(), nil
}

// deleteTrainingRow is deleteTaskRow for a training of the catalogue.
func deleteTrainingRow(ctx context.Context, tx pgx.Tx, programmeID, id int64) (int64, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM indicators WHERE programme_id = $1 AND rule_params->'training_ids' @> to_jsonb(ARRAY[$2::bigint])`,
		programmeID, id).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, domain.Errorf(domain.ECONFLICT, "Szkolenie jest używane w definicji wskaźnika: najpierw zmień wskaźnik.")
	}
	tag, err := tx.Exec(ctx, `DELETE FROM trainings WHERE programme_id = $1 AND id = $2`, programmeID, id)
	if err != nil {
		return 0, mapError(err, "", refused("", "Szkolenie ma już zarejestrowane sesje: nie można go usunąć."))
	}
	return tag.RowsAffected(), nil
}

// deleteIndicatorRow deletes an indicator unless a closed period froze it.
func deleteIndicatorRow(ctx context.Context, tx pgx.Tx, programmeID, id int64) (int64, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM indicators WHERE programme_id = $1 AND id = $2`, programmeID, id)
	if err != nil {
		return 0, mapError(err, "", refused("", "Wskaźnik ma już zamknięte okresy sprawozdawcze: nie można go usunąć."))
	}
	return tag.RowsAffected(), nil
}
