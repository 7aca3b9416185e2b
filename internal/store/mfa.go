package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// The second factor of sign-in: an authenticator app's secret, passkeys,
// recovery codes (stored as SHA-256 digests), wrong codes counted per account.

// SecondFactors returns what account userID has enrolled.
func (s *Store) SecondFactors(ctx context.Context, userID int64) (_ domain.SecondFactors, err error) {
	defer wrap(&err, "store.SecondFactors(%d)", userID)
	var f domain.SecondFactors
	var created *time.Time
	if err := s.Pool.QueryRow(ctx, `SELECT (SELECT created_at FROM user_totp WHERE user_id = $1),
		(SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL)`, userID).Scan(&created, &f.RecoveryLeft); err != nil {
		return f, err
	}
	if created != nil {
		f.TOTP, f.TOTPCreatedAt = true, *created
	}
	f.Passkeys, err = s.Passkeys(ctx, userID)
	return f, err
}

// Passkeys returns the passkeys of account userID, oldest first.
func (s *Store) Passkeys(ctx context.Context, userID int64) (_ []domain.Passkey, err error) {
	defer wrap(&err, "store.Passkeys(%d)", userID)
	rows, err := s.Pool.Query(ctx, `SELECT id, user_id, credential_id, name, data, created_at, last_used_at
		FROM user_passkeys WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Passkey, error) {
		var p domain.Passkey
		err := r.Scan(&p.ID, &p.UserID, &p.CredentialID, &p.Name, &p.Data, &p.CreatedAt, &p.LastUsedAt)
		return p, err
	})
}

// factorAudit is what the trail records of an enrolled or removed factor
// (never a secret).
type factorAudit struct {
	Name string `json:"name,omitempty"`
	ID   int64  `json:"id,omitempty"`
}

// EnrolTOTP stores account userID's authenticator-app secret, confirmed by
// the code of step (which is then spent). An account has one app: a second
// enrolment is a conflict.
func (s *Store) EnrolTOTP(ctx context.Context, a domain.Actor, userID int64, secret string, step int64) (err error) {
	defer wrap(&err, "store.EnrolTOTP(%d)", userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO user_totp (user_id, secret, last_step, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO NOTHING`, userID, secret, step, s.Now())
		if err != nil {
			return mapError(err, userNotFound)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ECONFLICT, "Aplikacja uwierzytelniająca jest już dodana. Usuń ją, aby dodać inną.")
		}
		return audit(ctx, tx, a, domain.AuditFactorAdd, "totp", FormatID(userID), nil, factorAudit{Name: "aplikacja uwierzytelniająca"})
	})
}

// TOTPSecret returns account userID's authenticator-app secret.
func (s *Store) TOTPSecret(ctx context.Context, userID int64) (_ string, err error) {
	defer wrap(&err, "store.TOTPSecret(%d)", userID)
	var secret string
	err = s.Pool.QueryRow(ctx, `SELECT secret FROM user_totp WHERE user_id = $1`, userID).Scan(&secret)
	return secret, mapError(err, "To konto nie ma aplikacji uwierzytelniającej.")
}

// SpendTOTPStep marks the code of step as used by account userID. It
// reports false when that step or a later one was already used: a code
// counts once, even when two requests race with it.
func (s *Store) SpendTOTPStep(ctx context.Context, userID, step int64) (ok bool, err error) {
	defer wrap(&err, "store.SpendTOTPStep(%d)", userID)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2`, userID, step)
		ok = tag.RowsAffected() == 1
		return err
	})
	return ok, err
}

// RemoveTOTP removes account userID's authenticator app.
func (s *Store) RemoveTOTP(ctx context.Context, a domain.Actor, userID int64) (err error) {
	defer wrap(&err, "store.RemoveTOTP(%d)", userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, "To konto nie ma aplikacji uwierzytelniającej.")
		}
		return audit(ctx, tx, a, domain.AuditFactorRemove, "totp", FormatID(userID), factorAudit{Name: "aplikacja uwierzytelniająca"}, nil)
	})
}

// ResetSecondFactors removes every second factor of an account (passkeys,
// authenticator app, recovery codes) and ends its sessions: an
// administrator's help for someone who lost their device and codes. A role
// that needs a factor enrols a new one at its next sign-in. It reports
// whether there was anything to remove (audited only then).
func (s *Store) ResetSecondFactors(ctx context.Context, a domain.Actor, userID int64) (removed bool, err error) {
	defer wrap(&err, "store.ResetSecondFactors(%d)", userID)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		var before struct {
			Passkeys      int64 `json:"passkeys"`
			TOTP          int64 `json:"totp"`
			RecoveryCodes int64 `json:"recovery_codes"`
		}
		for _, d := range []struct {
			sql string
			n   *int64
		}{
			{`DELETE FROM user_passkeys WHERE user_id = $1`, &before.Passkeys},
			{`DELETE FROM user_totp WHERE user_id = $1`, &before.TOTP},
			{`DELETE FROM user_recovery_codes WHERE user_id = $1`, &before.RecoveryCodes},
		} {
			tag, err := tx.Exec(ctx, d.sql, userID)
			if err != nil {
				return err
			}
			*d.n = tag.RowsAffected()
		}
		if removed = before.Passkeys+before.TOTP+before.RecoveryCodes > 0; !removed {
			return nil
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET session_version = session_version + 1, updated_at = now() WHERE id = $1`, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, userNotFound)
		}
		return audit(ctx, tx, a, domain.AuditFactorRemove, "user", FormatID(userID), before, nil)
	})
	return removed, err
}

// AddPasskey stores a passkey registered by its account.
func (s *Store) AddPasskey(ctx context.Context, a domain.Actor, p *domain.Passkey) (err error) {
	defer wrap(&err, "store.AddPasskey(%d)", p.UserID)
	if n := len([]rune(p.Name)); n == 0 || n > domain.PasskeyNameMax {
		return &domain.Error{Code: domain.EINVALID, Fields: map[string]string{"passkey_name": "Nazwa klucza musi mieć od 1 do 100 znaków."}} // #nosec G101 -- a field message, not a credential
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p.CreatedAt = s.Now()
		err := tx.QueryRow(ctx, `INSERT INTO user_passkeys (user_id, credential_id, name, data, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.UserID, p.CredentialID, p.Name, p.Data, p.CreatedAt).Scan(&p.ID)
		if err != nil {
			return mapError(err, userNotFound, onConstraint(domain.Errorf(domain.ECONFLICT, "Ten klucz jest już zarejestrowany."), "user_passkeys_credential_key"))
		}
		return audit(ctx, tx, a, domain.AuditFactorAdd, "passkey", FormatID(p.ID), nil, factorAudit{Name: p.Name, ID: p.ID})
	})
}

// UsePasskey records a passkey's use and its updated record (the signature
// counter the authenticator reported).
func (s *Store) UsePasskey(ctx context.Context, id int64, data []byte) (err error) {
	defer wrap(&err, "store.UsePasskey(%d)", id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE user_passkeys SET data = $2, last_used_at = $3 WHERE id = $1`, id, data, s.Now())
		return err
	})
}

// RemovePasskey removes passkey id of account userID.
func (s *Store) RemovePasskey(ctx context.Context, a domain.Actor, userID, id int64) (err error) {
	defer wrap(&err, "store.RemovePasskey(%d, %d)", userID, id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `DELETE FROM user_passkeys WHERE id = $1 AND user_id = $2 RETURNING name`, id, userID).Scan(&name)
		if err != nil {
			return mapError(err, "Nie ma takiego klucza dostępu.")
		}
		return audit(ctx, tx, a, domain.AuditFactorRemove, "passkey", FormatID(id), factorAudit{Name: name, ID: id}, nil)
	})
}

// ReplaceRecoveryCodes stores a fresh set of recovery codes (their digests)
// for account userID; the earlier set stops working.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, a domain.Actor, userID int64, digests []string) (err error) {
	defer wrap(&err, "store.ReplaceRecoveryCodes(%d)", userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		now := s.Now()
		for _, d := range digests {
			if _, err := tx.Exec(ctx, `INSERT INTO user_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`, userID, d, now); err != nil {
				return mapError(err, userNotFound)
			}
		}
		return audit(ctx, tx, a, domain.AuditRecoveryCodesNew, "recovery_codes", FormatID(userID), nil, map[string]int{"number": len(digests)})
	})
}

// SpendRecoveryCode uses the recovery code with digest of account userID;
// false when there is no such unused code.
func (s *Store) SpendRecoveryCode(ctx context.Context, a domain.Actor, userID int64, digest string) (ok bool, err error) {
	defer wrap(&err, "store.SpendRecoveryCode(%d)", userID)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		var left int
		err := tx.QueryRow(ctx, `WITH used AS (UPDATE user_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id)
			SELECT count(*) FROM used`, userID, digest, s.Now()).Scan(&left)
		if err != nil || left == 0 {
			return err
		}
		ok = true
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL AND code_hash <> $2`, userID, digest).Scan(&left); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditRecoveryCodeUsed, "recovery_codes", FormatID(userID), nil, map[string]int{"number": left})
	})
	return ok, err
}

// RecordFactorFailure counts and audits a wrong second-factor code or
// assertion of account a.UserID.
func (s *Store) RecordFactorFailure(ctx context.Context, a domain.Actor) (err error) {
	defer wrap(&err, "store.RecordFactorFailure(%d)", a.UserID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO second_factor_failures (user_id, at) VALUES ($1, $2)`, a.UserID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM second_factor_failures WHERE at < $1`, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditFactorFailed, "user", FormatID(a.UserID), nil, nil)
	})
}

// SecondFactorThrottledUntil reports until when account userID's second
// step is refused (zero time when it is not).
func (s *Store) SecondFactorThrottledUntil(ctx context.Context, userID int64) (_ time.Time, err error) {
	defer wrap(&err, "store.SecondFactorThrottledUntil(%d)", userID)
	var until *time.Time
	err = s.Pool.QueryRow(ctx, `SELECT at FROM second_factor_failures WHERE user_id = $1 AND at > $2 ORDER BY at DESC OFFSET $3 LIMIT 1`,
		userID, s.Now().Add(-domain.ThrottleWindow), domain.SecondFactorFailures-1).Scan(&until)
	if errors.Is(err, pgx.ErrNoRows) || until == nil {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return until.Add(domain.ThrottleWindow), nil
}
