package store

import (
	"context"
)

// InvitationOpen reports whether token is an invitation of the wave that
// has not answered yet, so the public form can say at once that a used
// link cannot answer again (SubmitResponse decides, in its transaction).
func (s *Store) InvitationOpen(ctx context.Context, waveID int64, token string) (_ bool, err error) {
	defer wrap(&err, "store.InvitationOpen(%d)", waveID)
	var open bool
	err = s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE wave_id = $1 AND token_hash = $2 AND NOT answered)`,
		waveID, TokenHash(token)).Scan(&open)
	return open, err
}
