package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// audit writes an entry in tx, so it commits or rolls back with the change.
func audit(ctx context.Context, tx pgx.Tx, a domain.Actor, action domain.AuditAction, entity, entityID string, before, after any) error {
	enc := func(v any) ([]byte, error) {
		if v == nil {
			return nil, nil
		}
		return json.Marshal(v)
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	af, err := enc(after)
	if err != nil {
		return err
	}
	var actorID *int64
	if a.UserID != 0 {
		actorID = &a.UserID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (actor_id, actor_username, actor_role, address, action, entity, entity_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		actorID, a.Username, string(a.Role), a.Address, action, entity, entityID, b, af)
	if err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	return nil
}

// auditColumns are the columns of an audit entry as read: the name typed at
// a failed sign-in that is no account's (often a password typed in the
// wrong field) never leaves the database, also from entries written before
// RecordLoginFailure stopped keeping it.
const auditColumns = `id, at, actor_id, actor_username, actor_role, address, action, entity, entity_id, before,
	CASE WHEN action = 'login_failed' AND actor_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM users WHERE users.username = audit_log.after->>'username') THEN NULL ELSE after END`

// AuditFor returns the audit entries of one record, newest first; related
// names entry types kept under the same id (a session's attendance and
// scans).
func (s *Store) AuditFor(ctx context.Context, entity, entityID string, related ...string) (_ []domain.AuditEntry, err error) {
	defer wrap(&err, "store.AuditFor(%q, %q)", entity, entityID)
	rows, err := s.Pool.Query(ctx, `SELECT `+auditColumns+`
		FROM audit_log WHERE entity = ANY($1) AND entity_id = $2 ORDER BY at DESC, id DESC`, append([]string{entity}, related...), entityID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.AuditEntry, error) {
		var e domain.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorUsername, &e.ActorRole, &e.Address, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After)
		return e, err
	})
}

// AuditEntryProgramme is the programme a record of the audit trail belongs
// to, nil for records of no programme (accounts, units) or gone.
func (s *Store) AuditEntryProgramme(ctx context.Context, entity, entityID string) (_ *int64, err error) {
	defer wrap(&err, "store.AuditEntryProgramme(%q, %q)", entity, entityID)
	var id *int64
	err = s.Pool.QueryRow(ctx, `SELECT audit_entry_programme($1, $2)`, entity, entityID).Scan(&id)
	return id, err
}

// RecordRefusal notes that a signed-in user was refused what: a route or action.
func (s *Store) RecordRefusal(ctx context.Context, a domain.Actor, what string) (err error) {
	defer wrap(&err, "store.RecordRefusal()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		return audit(ctx, tx, a, domain.AuditForbidden, "route", what, nil, nil)
	})
}

// Audit returns entries matching f, newest first.
func (s *Store) Audit(ctx context.Context, f domain.AuditFilter) (_ []domain.AuditEntry, err error) {
	defer wrap(&err, "store.Audit()")
	where := []string{"true"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Username != "" {
		add("actor_username = ?", f.Username)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("at < ?", f.To)
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	if f.InProgrammes != nil {
		add("COALESCE(audit_entry_programme(entity, entity_id) = ANY(?), true)", f.InProgrammes)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := s.Pool.Query(ctx, `SELECT `+auditColumns+`
		FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.AuditEntry, error) {
		var e domain.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorUsername, &e.ActorRole, &e.Address, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After)
		return e, err
	})
}

// RecordExport notes that personal data left the application (a list with
// names, a scan).
func (s *Store) RecordExport(ctx context.Context, a domain.Actor, entity, id, what string) (err error) {
	defer wrap(&err, "store.RecordExport(%q, %q)", entity, id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		return audit(ctx, tx, a, domain.AuditExport, entity, id, nil, map[string]string{"export": what})
	})
}
