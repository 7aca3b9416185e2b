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
	return s.refusal(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM indicators WHERE programme_id = $1 AND
			(rule_params->'task_id' = to_jsonb($2::bigint) OR rule_params->'task_ids' @> to_jsonb(ARRAY[$2::bigint]))`, programmeID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "Zadanie jest używane w definicji wskaźnika: najpierw zmień wskaźnik.")
		}
		_, err := tx.Exec(ctx, `DELETE FROM tasks WHERE programme_id = $1 AND id = $2`, programmeID, id)
		return mapError(err, "", refused("", "Do zadania są już przypisane dowody: nie można go usunąć."))
	})
}

// TrainingDeleteRefusal says why DeleteTraining would refuse the training
// now, or "".
func (s *Store) TrainingDeleteRefusal(ctx context.Context, programmeID, id int64) (_ string, err error) {
	defer wrap(&err, "store.TrainingDeleteRefusal(%d, %d)", programmeID, id)
	return s.refusal(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM indicators WHERE programme_id = $1 AND rule_params->'training_ids' @> to_jsonb(ARRAY[$2::bigint])`,
			programmeID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "Szkolenie jest używane w definicji wskaźnika: najpierw zmień wskaźnik.")
		}
		_, err := tx.Exec(ctx, `DELETE FROM trainings WHERE programme_id = $1 AND id = $2`, programmeID, id)
		return mapError(err, "", refused("", "Szkolenie ma już zarejestrowane sesje: nie można go usunąć."))
	})
}

// IndicatorDeleteRefusal says why DeleteIndicator would refuse the
// indicator now, or "".
func (s *Store) IndicatorDeleteRefusal(ctx context.Context, programmeID, id int64) (_ string, err error) {
	defer wrap(&err, "store.IndicatorDeleteRefusal(%d, %d)", programmeID, id)
	return s.refusal(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM indicators WHERE programme_id = $1 AND id = $2`, programmeID, id)
		return mapError(err, "", refused("", "Wskaźnik ma już zamknięte okresy sprawozdawcze: nie można go usunąć."))
	})
}
