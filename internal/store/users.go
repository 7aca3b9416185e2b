package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const userNotFound = "Nie ma takiego użytkownika."

// userAudit is what the audit trail records of an account (never the hash).
type userAudit struct {
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	Role        string  `json:"role"`
	UnitIDs     []int64 `json:"unit_ids"`
	Email       string  `json:"email"`
	Active      bool    `json:"active"`
	// All programmes, or the memberships.
	AllProgrammes bool    `json:"all_programmes"`
	Programmes    []int64 `json:"programme_ids"`
}

func auditUser(u *domain.User) userAudit {
	ids := u.UnitIDs
	if ids == nil {
		ids = []int64{}
	}
	progs := u.ProgrammeIDs
	if progs == nil {
		progs = []int64{}
	}
	return userAudit{Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role), UnitIDs: ids, Email: u.Email, Active: u.Active,
		AllProgrammes: u.AllProgrammes, Programmes: progs}
}

const userColumns = `u.id, u.username, u.display_name, u.role, u.active, u.demo, u.session_version, u.created_at, u.updated_at, u.last_login_at,
	COALESCE((SELECT array_agg(uu.unit_id ORDER BY uu.unit_id) FROM user_units uu WHERE uu.user_id = u.id), '{}'),
	u.all_programmes, ` + userProgrammes + `, COALESCE(u.email, ''), u.notices`

// userProgrammes are the programmes a user works on: the memberships
// (domain.User.ProgrammeIDs), and for a unit manager the programmes the
// units take part in (UnitProgrammeIDs).
const userProgrammes = `COALESCE((SELECT array_agg(pm.programme_id ORDER BY pm.programme_id) FROM programme_members pm WHERE pm.user_id = u.id), '{}'),
	CASE WHEN u.role IN ('unit_manager', 'assessor')
	THEN COALESCE((SELECT array_agg(DISTINCT pa.programme_id ORDER BY pa.programme_id) FROM participations pa
		JOIN user_units uu ON uu.unit_id = pa.unit_id WHERE uu.user_id = u.id), '{}') END`

func scanUser(row pgx.Row) (*domain.User, error) {
	var u domain.User
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.Active, &u.Demo, &u.SessionVersion, &u.CreatedAt, &u.UpdatedAt, &u.LastLoginAt, &u.UnitIDs, &u.AllProgrammes, &u.ProgrammeIDs, &u.UnitProgrammeIDs, &u.Email, &u.Notices)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser stores a new account with its password hash and unit bindings.
func (s *Store) CreateUser(ctx context.Context, a domain.Actor, u *domain.User, passwordHash string) (err error) {
	defer wrap(&err, "store.CreateUser(%d)", u.ID)
	if err := u.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, role, password_hash, active, demo, all_programmes, email)
			VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, '')) RETURNING id, session_version, created_at, updated_at, notices`,
			u.Username, u.DisplayName, string(u.Role), passwordHash, u.Active, u.Demo, u.AllProgrammes, u.Email).
			Scan(&u.ID, &u.SessionVersion, &u.CreatedAt, &u.UpdatedAt, &u.Notices)
		if err != nil {
			return mapError(err, "")
		}
		if err := setUnits(ctx, tx, u.ID, u.UnitIDs); err != nil {
			return err
		}
		if err := setMemberships(ctx, tx, a, u.ID, u.ProgrammeIDs, s.Now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "user", FormatID(u.ID), nil, auditUser(u))
	})
}

func setUnits(ctx context.Context, tx pgx.Tx, userID int64, unitIDs []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_units WHERE user_id = $1`, userID); err != nil {
		return err
	}
	if len(unitIDs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO user_units (user_id, unit_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, userID, unitIDs)
	return mapError(err, "")
}

// User returns the account with id.
func (s *Store) User(ctx context.Context, id int64) (_ *domain.User, err error) {
	defer wrap(&err, "store.User(%d)", id)
	u, err := scanUser(s.Pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	return u, mapError(err, userNotFound)
}

// UserCredentials returns the account with username and its password hash.
func (s *Store) UserCredentials(ctx context.Context, username string) (_ *domain.User, _ string, err error) {
	defer wrap(&err, "store.UserCredentials()")
	var hash string
	row := s.Pool.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.username = $1`, username)
	var u domain.User
	err = row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.Active, &u.Demo, &u.SessionVersion, &u.CreatedAt, &u.UpdatedAt, &u.LastLoginAt, &u.UnitIDs, &u.AllProgrammes, &u.ProgrammeIDs, &u.UnitProgrammeIDs, &u.Email, &u.Notices, &hash)
	if err != nil {
		return nil, "", mapError(err, userNotFound)
	}
	return &u, hash, nil
}

// Users lists every account by username.
func (s *Store) Users(ctx context.Context) (_ []*domain.User, err error) {
	defer wrap(&err, "store.Users()")
	rows, err := s.Pool.Query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.username`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.User, error) { return scanUser(r) })
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "store.CountUsers()")
	var n int
	err = s.Pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// lockUser reads the account for update inside tx.
func lockUser(ctx context.Context, tx pgx.Tx, id int64) (*domain.User, error) {
	u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1 FOR UPDATE`, id))
	return u, mapError(err, userNotFound)
}

// UpdateUser changes an account's display name, role, units and programmes
// (all, or the memberships in u.ProgrammeIDs). A change of role or units
// ends the account's sessions, so the new rights apply at once; programmes
// are read with the account on every request and apply at once anyway.
func (s *Store) UpdateUser(ctx context.Context, a domain.Actor, u *domain.User) (err error) {
	defer wrap(&err, "store.UpdateUser(%d)", u.ID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := lockUser(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		next := *before
		next.DisplayName, next.Role, next.UnitIDs = u.DisplayName, u.Role, u.UnitIDs
		next.AllProgrammes, next.ProgrammeIDs, next.Email = u.AllProgrammes, u.ProgrammeIDs, u.Email
		if err := next.Validate(); err != nil {
			return err
		}
		if a.UserID == u.ID && before.Role == domain.RoleAdmin && next.Role != domain.RoleAdmin {
			return &domain.Error{Code: domain.EINVALID, Message: "Nie możesz odebrać sobie roli administratora.",
				Fields: map[string]string{"role": "Nie możesz odebrać sobie roli administratora."}}
		}
		bump := 0
		if before.Role != next.Role || !equalIDs(before.UnitIDs, next.UnitIDs) {
			bump = 1
		}
		// Memberships the account no longer has go first: a member cannot
		// become a unit manager (users_member_role_guard).
		if _, err := tx.Exec(ctx, `DELETE FROM programme_members WHERE user_id = $1 AND programme_id <> ALL($2)`,
			u.ID, nonNilIDs(next.ProgrammeIDs)); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `UPDATE users SET display_name = $2, role = $3, all_programmes = $5, email = NULLIF($6, ''), session_version = session_version + $4, updated_at = now()
			WHERE id = $1 RETURNING session_version, updated_at`, u.ID, next.DisplayName, string(next.Role), bump, next.AllProgrammes, next.Email).
			Scan(&next.SessionVersion, &next.UpdatedAt)
		if err != nil {
			return mapError(err, userNotFound, memberViolation)
		}
		if err := setUnits(ctx, tx, u.ID, next.UnitIDs); err != nil {
			return err
		}
		if err := setMemberships(ctx, tx, a, u.ID, next.ProgrammeIDs, s.Now()); err != nil {
			return err
		}
		*u = next
		return audit(ctx, tx, a, domain.AuditUpdate, "user", FormatID(u.ID), auditUser(before), auditUser(&next))
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int64]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			return false
		}
	}
	return true
}

// SetPassword stores a new password hash and ends the account's sessions.
func (s *Store) SetPassword(ctx context.Context, a domain.Actor, id int64, passwordHash string) (err error) {
	defer wrap(&err, "store.SetPassword(%d)", id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1`, id, passwordHash)
		if err != nil {
			return mapError(err, userNotFound)
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, userNotFound)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "user", FormatID(id),
			map[string]string{"password": "***"}, map[string]string{"password": "*** (zmienione)"}) // #nosec G101 -- masked audit values, not credentials
	})
}

// Rehash is a stored password hash replaced by one of the same password
// made with other parameters (auth.NeedsRehash), with the parameters of
// each (auth.DescribeHash) for the audit log, which never holds a hash.
type Rehash struct {
	Old, New             string // PHC strings
	OldParams, NewParams string // "argon2id m=19456,t=2,p=1"
}

// UpgradePasswordHash stores r.New in place of r.Old, only while the
// account still has r.Old (a password changed meanwhile is never
// overwritten): it reports whether it did. The password is the same, so
// the account's sessions go on (session_version is kept) and updated_at,
// the time of the account's last edit, is kept too.
func (s *Store) UpgradePasswordHash(ctx context.Context, a domain.Actor, id int64, r Rehash) (upgraded bool, err error) {
	defer wrap(&err, "store.UpgradePasswordHash(%d)", id)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, id, r.Old, r.New)
		if err != nil {
			return err
		}
		if upgraded = tag.RowsAffected() == 1; !upgraded {
			return nil
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "user", FormatID(id),
			map[string]string{"password": "*** (skrót " + r.OldParams + ")"},
			map[string]string{"password": "*** (skrót " + r.NewParams + ", przeliczony przy logowaniu; hasło bez zmian)"}) // #nosec G101 -- masked audit values, not credentials
	})
	return upgraded, err
}

// SetActive activates or deactivates an account; deactivation ends its
// sessions at once (the session check compares session_version).
func (s *Store) SetActive(ctx context.Context, a domain.Actor, id int64, active bool) (err error) {
	defer wrap(&err, "store.SetActive(%d, %t)", id, active)
	if !active && a.UserID == id {
		return domain.Errorf(domain.ECONFLICT, "Nie możesz dezaktywować własnego konta.")
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := lockUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Active == active {
			return nil
		}
		after := *before
		after.Active = active
		if _, err := tx.Exec(ctx, `UPDATE users SET active = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1`, id, active); err != nil {
			return mapError(err, userNotFound)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "user", FormatID(id), auditUser(before), auditUser(&after))
	})
}

// RecordLogin notes a successful sign-in: last sign-in time, the attempt
// and earlier failures of this username from the same browser cleared (its
// device cookie's, or without one those from this address; not those from
// elsewhere, which may be someone else's guessing), an audit entry.
func (s *Store) RecordLogin(ctx context.Context, a domain.Actor, attempt int64) (err error) {
	defer wrap(&err, "store.RecordLogin(%d)", attempt)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, a.UserID, s.Now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE id = $1
			OR (username = $2 AND device = (SELECT device FROM login_failures WHERE id = $1) AND (device <> '' OR address = $3))`, attempt, a.Username, a.Address); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditLogin, "user", FormatID(a.UserID), nil, nil)
	})
}

// RecordLogout notes a sign-out.
func (s *Store) RecordLogout(ctx context.Context, a domain.Actor) (err error) {
	defer wrap(&err, "store.RecordLogout()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		return audit(ctx, tx, a, domain.AuditLogout, "user", FormatID(a.UserID), nil, nil)
	})
}

// RecordLoginFailure audits a failed sign-in for username from a.Address
// (the attempt itself was counted by BeginLoginAttempt). A username that is
// no account's is not kept: it may be a password typed in the wrong field.
func (s *Store) RecordLoginFailure(ctx context.Context, a domain.Actor, username string) (err error) {
	defer wrap(&err, "store.RecordLoginFailure()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var after any
		var known bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)`, username).Scan(&known); err != nil {
			return err
		}
		if known {
			after = map[string]string{"username": username}
		}
		return audit(ctx, tx, a, domain.AuditLoginFailed, "login", "", nil, after)
	})
}

// ClearLoginAttempt removes a counted attempt that turned out right.
func (s *Store) ClearLoginAttempt(ctx context.Context, attempt int64) (err error) {
	defer wrap(&err, "store.ClearLoginAttempt(%d)", attempt)
	_, err = s.Pool.Exec(ctx, `DELETE FROM login_failures WHERE id = $1`, attempt)
	return err
}
