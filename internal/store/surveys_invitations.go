package store

import (
	"context"
	"net/mail"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// CreateInvitations adds personal invitations to an open wave, one per
// address, and returns their one-time tokens in the order of emails. Only
// a token's hash is stored: the invitation records whether it answered,
// never which response. An address invited already, or not an address,
// refuses the whole list.
func (s *Store) CreateInvitations(ctx context.Context, a domain.Actor, waveID int64, emails []string) (tokens []string, err error) {
	defer wrap(&err, "store.CreateInvitations(%d)", waveID)
	clean := make([]string, len(emails))
	seen := map[string]bool{}
	for i, e := range emails {
		e = strings.TrimSpace(e)
		if addr, perr := mail.ParseAddress(e); perr != nil || addr.Address != e || len(e) > 254 || seen[strings.ToLower(e)] {
			return nil, domain.Validation{"emails": "Adres " + e + " jest niepoprawny albo powtórzony: podaj każdy adres e-mail raz, w osobnym wierszu."}.Err()
		}
		seen[strings.ToLower(e)] = true
		clean[i] = e
	}
	tokens = make([]string, len(clean))
	hashes := make([][]byte, len(clean))
	for i := range clean {
		if tokens[i], err = randomKey(24); err != nil {
			return nil, err
		}
		hashes[i] = TokenHash(tokens[i])
	}
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		var closed bool
		if err := tx.QueryRow(ctx, `SELECT closed_at IS NOT NULL FROM survey_waves WHERE id = $1 FOR SHARE`, waveID).Scan(&closed); err != nil {
			return mapError(err, waveNotFound)
		}
		if closed {
			return ErrWaveClosed
		}
		if _, err := tx.Exec(ctx, `INSERT INTO survey_invitations (wave_id, email, token_hash, invited_at)
			SELECT $1, unnest($2::text[]), unnest($3::bytea[]), $4`, waveID, clean, hashes, s.Now()); err != nil {
			return mapError(err, waveNotFound, func(e *pgconn.PgError) *domain.Error {
				if e.ConstraintName == "survey_invitations_email_key" {
					return &domain.Error{Code: domain.EINVALID, Message: msgFixFields,
						Fields: map[string]string{"emails": "Część adresów ma już zaproszenie do tego badania."}}
				}
				return sheetTaken(e)
			})
		}
		return audit(ctx, tx, a, domain.AuditCreate, "survey_invitations", FormatID(waveID)+"/invitations", nil,
			map[string]any{"wave_id": waveID, "invitations_added": len(clean)})
	})
	if err != nil {
		return nil, err
	}
	return tokens, nil
}
