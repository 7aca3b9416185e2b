package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// world is what the benchmark found in the database: nothing is
// hard-coded, so the same run works on the demo data and on the data of
// `kaizen gen`.
type world struct {
	ProgrammeID   int64
	ProgrammeCode string
	SessionID     int64 // the training session closest to 200 attendees
	Attendees     int
	UnitID        int64 // the programme's unit with the most participants
	UnitName      string
	PeriodCodes   []string // the programme's own reporting periods, if it has any
	Coordinator   string
	// StartCoordinator is the coordinator whose start page is measured.
	StartCoordinator string
	Admin            string
	// Programmes the coordinator and the administrator see (start pages).
	CoordinatorProgrammes, AdminProgrammes int
	SignInUsers                            []string // accounts the sign-in page rotates through
	Password                               string
	Demo                                   bool // the accounts are demo accounts: the app must run in demo mode

	// Records the writes use, each once.
	AttendanceSessions []int64 // sessions of the programme with attendance, not SessionID
	Drafts             []protocolRef
	Submitted          []protocolRef // with an active manager of their unit
}

type protocolRef struct {
	ID, ProgrammeID int64
	Manager         string // for Submitted: a unit manager who may sign it
}

// need says how many records of each kind the run would like to write.
type need struct{ Attendance, Drafts, Submitted int }

// discover finds the programme, session, unit, accounts and write targets.
// programmeID 0 means the programme with the most attendance.
func discover(ctx context.Context, pool *pgxpool.Pool, programmeID int64, password string, n need) (*world, error) {
	w := &world{ProgrammeID: programmeID}
	q := func(what, sql string, args []any, dst ...any) error {
		if err := pool.QueryRow(ctx, sql, args...).Scan(dst...); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("discover %s: none in the database", what)
			}
			return fmt.Errorf("discover %s: %w", what, err)
		}
		return nil
	}
	if w.ProgrammeID == 0 {
		if err := q("the programme with the most attendance",
			`SELECT programme_id FROM attendance GROUP BY programme_id ORDER BY count(*) DESC, programme_id LIMIT 1`, nil, &w.ProgrammeID); err != nil {
			return nil, err
		}
	}
	if err := q("the programme", `SELECT code FROM programmes WHERE id = $1`, []any{w.ProgrammeID}, &w.ProgrammeCode); err != nil {
		return nil, err
	}
	if err := q("a training session with attendance",
		`SELECT session_id, n FROM (SELECT session_id, count(DISTINCT person_id) AS n FROM attendance WHERE programme_id = $1 GROUP BY session_id) s
		 ORDER BY abs(n - 200), n DESC, session_id LIMIT 1`, []any{w.ProgrammeID}, &w.SessionID, &w.Attendees); err != nil {
		return nil, err
	}
	if err := q("a unit of the programme",
		`SELECT pa.unit_id, u.name FROM participations pa JOIN units u ON u.id = pa.unit_id
		 LEFT JOIN (SELECT unit_id, count(*) AS n FROM persons WHERE programme_id = $1 GROUP BY unit_id) pe ON pe.unit_id = pa.unit_id
		 WHERE pa.programme_id = $1 ORDER BY coalesce(pe.n, 0) DESC, pa.unit_id LIMIT 1`, []any{w.ProgrammeID}, &w.UnitID, &w.UnitName); err != nil {
		return nil, err
	}

	periods, err := pool.Query(ctx, `SELECT code FROM reporting_periods WHERE programme_id = $1`, w.ProgrammeID)
	if err != nil {
		return nil, fmt.Errorf("discover reporting periods: %w", err)
	}
	if w.PeriodCodes, err = pgx.CollectRows(periods, pgx.RowTo[string]); err != nil {
		return nil, fmt.Errorf("discover reporting periods: %w", err)
	}

	// Accounts: the generator's (gen-*) when there are any, else the demo
	// accounts, else every active account.
	var genUsers, demoUsers int
	if err := q("accounts", `SELECT count(*) FILTER (WHERE username LIKE 'gen-%'), count(*) FILTER (WHERE demo) FROM users WHERE active`, nil, &genUsers, &demoUsers); err != nil {
		return nil, err
	}
	accounts := `active`
	switch {
	case genUsers > 0:
		accounts = `active AND username LIKE 'gen-%'`
		if password == "" {
			password = "kaizen-gen" // #nosec G101 -- the documented password of the generated benchmark accounts
		}
	case demoUsers > 0:
		accounts = `active AND demo`
		w.Demo = true
		if password == "" {
			password = "demo" // #nosec G101 -- the documented password of the demo accounts
		}
	}
	if password == "" {
		return nil, errors.New("no generated or demo accounts found: give their password with -password")
	}
	w.Password = password
	if err := q("an active coordinator", `SELECT username FROM users WHERE role = 'coordinator' AND `+accounts+` ORDER BY id LIMIT 1`, nil, &w.Coordinator); err != nil {
		return nil, err
	}
	if err := q("an active administrator", `SELECT username FROM users WHERE role = 'admin' AND `+accounts+` ORDER BY id LIMIT 1`, nil, &w.Admin); err != nil {
		return nil, err
	}
	// The start page is measured for the coordinator who works on the
	// fewest programmes (gen-koordynator-5: 5), the usual case; the reads
	// above are the national coordinator's (every programme).
	if err := q("a coordinator of a few programmes", `SELECT username FROM users u WHERE role = 'coordinator' AND `+accounts+`
		AND EXISTS (SELECT 1 FROM programme_members m WHERE m.user_id = u.id)
		ORDER BY (SELECT count(*) FROM programme_members m WHERE m.user_id = u.id), id LIMIT 1`, nil, &w.StartCoordinator); err != nil {
		return nil, err
	}
	if w.CoordinatorProgrammes, err = visibleProgrammes(ctx, pool, w.StartCoordinator); err != nil {
		return nil, err
	}
	if w.AdminProgrammes, err = visibleProgrammes(ctx, pool, w.Admin); err != nil {
		return nil, err
	}
	// Sign-in rotates through one account of each role and a few managers.
	rows, err := pool.Query(ctx, `(SELECT DISTINCT ON (role) username FROM users WHERE role <> 'unit_manager' AND `+accounts+` ORDER BY role, id)
		UNION ALL (SELECT username FROM users WHERE role = 'unit_manager' AND `+accounts+` ORDER BY id LIMIT 4)`)
	if err != nil {
		return nil, fmt.Errorf("discover accounts: %w", err)
	}
	if w.SignInUsers, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, fmt.Errorf("discover accounts: %w", err)
	}

	rows, err = pool.Query(ctx, `SELECT s.id FROM training_sessions s WHERE s.programme_id = $1 AND s.id <> $2
		AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id) ORDER BY s.id LIMIT $3`, w.ProgrammeID, w.SessionID, n.Attendance)
	if err != nil {
		return nil, fmt.Errorf("discover sessions to record attendance in: %w", err)
	}
	if w.AttendanceSessions, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return nil, fmt.Errorf("discover sessions to record attendance in: %w", err)
	}

	// Drafts to submit: those of the programme first.
	rows, err = pool.Query(ctx, `SELECT id, programme_id, '' FROM protocols WHERE status = 'draft'
		ORDER BY programme_id = $1 DESC, id LIMIT $2`, w.ProgrammeID, n.Drafts)
	if err != nil {
		return nil, fmt.Errorf("discover draft protocols: %w", err)
	}
	if w.Drafts, err = pgx.CollectRows(rows, pgx.RowToStructByPos[protocolRef]); err != nil {
		return nil, fmt.Errorf("discover draft protocols: %w", err)
	}
	// Submitted protocols and a manager of their unit who may sign.
	rows, err = pool.Query(ctx, `SELECT id, programme_id, manager FROM (
		SELECT DISTINCT ON (p.id) p.id, p.programme_id, u.username AS manager FROM protocols p
		JOIN user_units uu ON uu.unit_id = p.unit_id
		JOIN users u ON u.id = uu.user_id AND u.role = 'unit_manager' AND u.`+accounts+`
		WHERE p.status = 'submitted' ORDER BY p.id, u.id) x ORDER BY programme_id = $1 DESC, id LIMIT $2`, w.ProgrammeID, n.Submitted)
	if err != nil {
		return nil, fmt.Errorf("discover submitted protocols: %w", err)
	}
	if w.Submitted, err = pgx.CollectRows(rows, pgx.RowToStructByPos[protocolRef]); err != nil {
		return nil, fmt.Errorf("discover submitted protocols: %w", err)
	}
	return w, nil
}
