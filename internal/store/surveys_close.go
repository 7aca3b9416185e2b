package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// CloseWave closes a wave: it takes no more answers, its responses and
// aggregates are frozen (the database refuses changes), the invitations'
// e-mail addresses are erased (with the queue's copies of their messages), and the satisfaction indicator counts it
// (closing touches the unit's facts).
func (s *Store) CloseWave(ctx context.Context, a domain.Actor, waveID int64) (err error) {
	defer wrap(&err, "store.CloseWave(%d)", waveID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var closed *time.Time
		if err := tx.QueryRow(ctx, `SELECT closed_at FROM survey_waves WHERE id = $1 FOR UPDATE`, waveID).Scan(&closed); err != nil {
			return mapError(err, waveNotFound)
		}
		if closed != nil {
			return domain.Errorf(domain.ECONFLICT, "To badanie jest już zakończone.")
		}
		var erased int64
		tag, err := tx.Exec(ctx, `UPDATE survey_invitations SET email = NULL WHERE wave_id = $1 AND email IS NOT NULL`, waveID)
		if err != nil {
			return err
		}
		erased = tag.RowsAffected()
		var key string
		if err := tx.QueryRow(ctx, `SELECT public_key FROM survey_waves WHERE id = $1`, waveID).Scan(&key); err != nil {
			return err
		}
		if _, err := eraseInvitationMail(ctx, tx, key); err != nil { // the queue's copies of the addresses
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		now := s.Now()
		if _, err := tx.Exec(ctx, `UPDATE survey_waves SET closed_at = $2, closed_by = $3 WHERE id = $1`, waveID, now, by); err != nil {
			return mapError(err, waveNotFound)
		}
		return audit(ctx, tx, a, domain.AuditCloseWave, "survey_wave", FormatID(waveID), nil,
			map[string]any{"closed_at": now.Format(time.RFC3339), "erased_addresses": erased})
	})
}
