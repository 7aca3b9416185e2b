package store

// Validation batches: a coordinator marks the responses of a wave that
// arrived in a date range through a channel as approved, on hold or
// rejected, with a reason. Changing responses recounts the wave's
// aggregates (trigger of migration 00015): only approved ones count.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// ErrBatchWaveClosed refuses a batch on a closed wave.
var ErrBatchWaveClosed = domain.Errorf(domain.ECONFLICT, "Badanie jest zakończone: jego ankiety są zamrożone, więc ich weryfikacji nie można już zmienić.")

// DecideBatch records a batch and marks the responses it selects; it
// returns how many responses it marked (b.Responses).
func (s *Store) DecideBatch(ctx context.Context, a domain.Actor, b *domain.SurveyBatch) (err error) {
	defer wrap(&err, "store.DecideBatch(%d)", b.WaveID)
	if err := b.Validate(); err != nil {
		return err
	}
	b.Description = b.Selection()
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var closed *time.Time
		if err := tx.QueryRow(ctx, `SELECT closed_at FROM survey_waves WHERE id = $1 FOR UPDATE`, b.WaveID).Scan(&closed); err != nil {
			return mapError(err, waveNotFound)
		}
		if closed != nil {
			return ErrBatchWaveClosed
		}
		b.DecidedAt = s.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO survey_batches (wave_id, state, reason, description, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, b.WaveID, string(b.State), b.Reason, b.Description, a.UserID, b.DecidedAt).Scan(&b.ID); err != nil {
			return mapError(err, waveNotFound, closedBatch)
		}
		tag, err := tx.Exec(ctx, `UPDATE survey_responses SET validation = $2, batch_id = $3
			WHERE wave_id = $1 AND answered_on BETWEEN $4 AND $5 AND ($6 = '' OR channel = $6)`,
			b.WaveID, string(b.State), b.ID, b.From, b.To, string(b.Channel))
		if err != nil {
			return mapError(err, waveNotFound, closedBatch)
		}
		b.Responses = int(tag.RowsAffected())
		method := "wszystkie"
		if b.Channel != "" {
			method = b.Channel.Label()
		}
		return audit(ctx, tx, a, domain.AuditCreate, "survey_batch", FormatID(b.WaveID)+"/"+FormatID(b.ID), nil,
			map[string]any{"wave_id": b.WaveID, "status": b.State.Label(), "reason": b.Reason, "from": b.From.Format(time.DateOnly),
				"to": b.To.Format(time.DateOnly), "method": method, "size": b.Responses})
	})
}

func closedBatch(e *pgconn.PgError) *domain.Error {
	if e.ConstraintName == "survey_waves_closed" {
		return ErrBatchWaveClosed
	}
	return nil
}

// Batches lists a wave's batches, newest first, with the responses each
// decides now.
func (s *Store) Batches(ctx context.Context, waveID int64) (_ []domain.SurveyBatch, err error) {
	defer wrap(&err, "store.Batches(%d)", waveID)
	rows, err := s.Pool.Query(ctx, `SELECT b.id, b.wave_id, b.state, b.reason, b.description, u.display_name, b.decided_at,
		(SELECT count(*) FROM survey_responses r WHERE r.batch_id = b.id)
		FROM survey_batches b JOIN users u ON u.id = b.decided_by WHERE b.wave_id = $1 ORDER BY b.decided_at DESC, b.id DESC`, waveID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SurveyBatch, error) {
		var b domain.SurveyBatch
		var state string
		err := r.Scan(&b.ID, &b.WaveID, &state, &b.Reason, &b.Description, &b.DecidedBy, &b.DecidedAt, &b.Responses)
		b.State = domain.ValidationState(state)
		return b, err
	})
}

// ValidationCounts are a wave's responses by validation state (every
// channel), for the validation page.
func (s *Store) ValidationCounts(ctx context.Context, waveID int64) (_ map[domain.ValidationState]int, err error) {
	defer wrap(&err, "store.ValidationCounts(%d)", waveID)
	rows, err := s.Pool.Query(ctx, `SELECT validation, count(*) FROM survey_responses WHERE wave_id = $1 GROUP BY validation`, waveID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.ValidationState]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[domain.ValidationState(st)] = n
	}
	return out, rows.Err()
}
