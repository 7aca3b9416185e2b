package store

// Programme membership (zespół programu): who works on a programme. The
// rule of who sees what is domain.User.ProgrammeScope; this file writes and
// reads the memberships it is made of.

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// memberViolation: the database refused a membership of a unit manager
// (programme_members_role_guard, users_member_role_guard).
func memberViolation(e *pgconn.PgError) *domain.Error {
	if e.ConstraintName != "programme_members_role_check" {
		return nil
	}
	return &domain.Error{Code: domain.EINVALID, Message: domain.MsgMemberRole,
		Fields: map[string]string{domain.FieldMember: domain.MsgMemberRole, domain.FieldUserProgrammes: domain.MsgMemberRole}}
}

// memberAudit is what the audit trail records of a membership.
type memberAudit struct {
	ProgrammeID int64  `json:"programme_id"`
	UserID      int64  `json:"user_id"`
	Username    string `json:"username"`
	Role        string `json:"role"`
}

func memberEntityID(programmeID, userID int64) string {
	return FormatID(programmeID) + "/" + FormatID(userID)
}

// setMemberships adds userID to the programmes in ids it is not yet a
// member of (removing the others is the caller's step). Programmes that do
// not exist are a field error.
func setMemberships(ctx context.Context, tx pgx.Tx, a domain.Actor, userID int64, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var addedBy *int64
	if a.UserID != 0 {
		addedBy = &a.UserID
	}
	_, err := tx.Exec(ctx, `INSERT INTO programme_members (programme_id, user_id, added_by, created_at)
		SELECT unnest($2::bigint[]), $1, $3, $4 ON CONFLICT DO NOTHING`, userID, ids, addedBy, at)
	return mapError(err, "", memberViolation, onForeignKey("programme_members", &domain.Error{Code: domain.EINVALID, Message: msgFixFields,
		Fields: map[string]string{domain.FieldUserProgrammes: "Wybrany program nie istnieje."}}))
}

// ProgrammeMembers lists the team of a programme: its members by role and
// name (administrators and viewers who see every programme are not listed).
func (s *Store) ProgrammeMembers(ctx context.Context, programmeID int64) (_ []domain.ProgrammeMember, err error) {
	defer wrap(&err, "store.ProgrammeMembers(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.active, pm.created_at, COALESCE(b.display_name, '')
		FROM programme_members pm JOIN users u ON u.id = pm.user_id LEFT JOIN users b ON b.id = pm.added_by
		WHERE pm.programme_id = $1
		ORDER BY array_position(ARRAY['coordinator', 'expert', 'admin', 'viewer'], u.role), u.display_name, u.id`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProgrammeMember, error) {
		var m domain.ProgrammeMember
		m.ProgrammeID = programmeID
		err := r.Scan(&m.UserID, &m.Username, &m.DisplayName, &m.Role, &m.Active, &m.AddedAt, &m.AddedBy)
		return m, err
	})
}

// TeamCandidates lists the active accounts of the roles a team page
// assigns (coordinators, experts) that are not yet members of programmeID.
func (s *Store) TeamCandidates(ctx context.Context, programmeID int64) (_ []*domain.User, err error) {
	defer wrap(&err, "store.TeamCandidates(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.active AND u.role = ANY($2)
		AND NOT EXISTS (SELECT 1 FROM programme_members pm WHERE pm.programme_id = $1 AND pm.user_id = u.id)
		ORDER BY u.display_name, u.id`, programmeID, roleNames(domain.TeamRoles))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.User, error) { return scanUser(r) })
}

func roleNames(roles []domain.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// AddProgrammeMember makes userID a member of programmeID's team. Only
// coordinators and experts are added this way (domain.ValidateMember); a
// unit manager is refused here and, whoever writes, by the database.
func (s *Store) AddProgrammeMember(ctx context.Context, a domain.Actor, programmeID, userID int64) (err error) {
	defer wrap(&err, "store.AddProgrammeMember(%d, %d)", programmeID, userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := getProgramme(ctx, tx, programmeID); err != nil {
			return err
		}
		u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1 FOR SHARE`, userID))
		if errors.Is(err, pgx.ErrNoRows) {
			return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: map[string]string{domain.FieldMember: "Wybierz osobę z listy."}}
		}
		if err != nil {
			return err
		}
		if err := domain.ValidateMember(u); err != nil {
			return err
		}
		var addedBy *int64
		if a.UserID != 0 {
			addedBy = &a.UserID
		}
		tag, err := tx.Exec(ctx, `INSERT INTO programme_members (programme_id, user_id, added_by, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, programmeID, userID, addedBy, s.Now().UTC())
		if err != nil {
			return mapError(err, "", memberViolation)
		}
		if tag.RowsAffected() == 0 {
			return nil // already a member: nothing changed
		}
		return audit(ctx, tx, a, domain.AuditMemberAdd, "programme_member", memberEntityID(programmeID, userID),
			nil, memberAudit{ProgrammeID: programmeID, UserID: userID, Username: u.Username, Role: string(u.Role)})
	})
}

// RemoveProgrammeMember takes userID off programmeID's team.
func (s *Store) RemoveProgrammeMember(ctx context.Context, a domain.Actor, programmeID, userID int64) (err error) {
	defer wrap(&err, "store.RemoveProgrammeMember(%d, %d)", programmeID, userID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var m memberAudit
		err := tx.QueryRow(ctx, `DELETE FROM programme_members pm USING users u
			WHERE pm.programme_id = $1 AND pm.user_id = $2 AND u.id = pm.user_id RETURNING pm.programme_id, pm.user_id, u.username, u.role`,
			programmeID, userID).Scan(&m.ProgrammeID, &m.UserID, &m.Username, &m.Role)
		if err != nil {
			return mapError(err, "Ta osoba nie jest członkiem zespołu programu.")
		}
		return audit(ctx, tx, a, domain.AuditMemberRemove, "programme_member", memberEntityID(programmeID, userID), m, nil)
	})
}

// joinCreator makes the account that created programmeID its member,
// unless it sees every programme anyway (or cannot be a member).
func joinCreator(ctx context.Context, tx pgx.Tx, a domain.Actor, programmeID int64, at time.Time) error {
	if a.UserID == 0 {
		return nil
	}
	var m memberAudit
	err := tx.QueryRow(ctx, `INSERT INTO programme_members (programme_id, user_id, added_by, created_at)
		SELECT $1, u.id, u.id, $3 FROM users u WHERE u.id = $2 AND NOT u.all_programmes AND u.role <> 'unit_manager'
		RETURNING programme_id, user_id, (SELECT username FROM users WHERE id = $2), (SELECT role FROM users WHERE id = $2)`,
		programmeID, a.UserID, at).Scan(&m.ProgrammeID, &m.UserID, &m.Username, &m.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return audit(ctx, tx, a, domain.AuditMemberAdd, "programme_member", memberEntityID(programmeID, a.UserID), nil, m)
}

// UnitsInProgrammes is the set of units taking part in any of the
// programmes ids.
func (s *Store) UnitsInProgrammes(ctx context.Context, ids []int64) (_ map[int64]bool, err error) {
	defer wrap(&err, "store.UnitsInProgrammes()")
	rows, err := s.Pool.Query(ctx, `SELECT DISTINCT unit_id FROM participations WHERE programme_id = ANY($1)`, nonNilIDs(ids))
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error { out[id] = true; return nil })
	return out, err
}
