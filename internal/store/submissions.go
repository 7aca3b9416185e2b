package store

// One-time form tokens: a form sent twice (double click, back button)
// creates its record once.

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// claimSubmission records a form's one-time token in tx. When the token was
// used already, it sets *id to the record the first submission created and
// returns dup = true: the caller creates nothing and returns.
func claimSubmission(ctx context.Context, tx pgx.Tx, token string, userID int64, id *int64) (dup bool, err error) {
	if token == "" || userID == 0 { // system work (demo, tests) submits no forms
		return false, nil
	}
	tag, err := tx.Exec(ctx, `INSERT INTO submissions (token, user_id, result) VALUES ($1, $2, '') ON CONFLICT (token) DO NOTHING`, token, userID)
	if err != nil {
		return false, mapError(err, "")
	}
	if tag.RowsAffected() == 1 {
		return false, nil
	}
	var result string
	if err := tx.QueryRow(ctx, `SELECT result FROM submissions WHERE token = $1 AND user_id = $2`, token, userID).Scan(&result); err != nil {
		return true, mapError(err, "Ten formularz został już wysłany.")
	}
	if *id, err = parseID(result); err != nil {
		return true, domain.Errorf(domain.ECONFLICT, "Ten formularz został już wysłany.")
	}
	return true, nil
}

func finishSubmission(ctx context.Context, tx pgx.Tx, token, result string) error {
	if token == "" { // a claim that was skipped updates no row
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE submissions SET result = $2 WHERE token = $1`, token, result)
	return err
}
