package store

// Training sessions (sesje szkoleniowe): their days and units, the attendance
// grid, the scans of signed lists.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const sessionNotFound = "Nie ma takiej sesji szkoleniowej w tym programie."

const summarySQL = `SELECT s.id, s.training_id, t.code, t.topic, s.group_no,
	(SELECT min(day) FROM session_days d WHERE d.session_id = s.id), (SELECT max(day) FROM session_days d WHERE d.session_id = s.id),
	(SELECT count(*) FROM session_days d WHERE d.session_id = s.id),
	(SELECT COALESCE(sum(` + groupDay + `), 0)::text FROM session_days d WHERE d.session_id = s.id),
	(SELECT count(DISTINCT person_id) FROM attendance a WHERE a.session_id = s.id),
	(SELECT count(*) FROM session_days d WHERE d.session_id = s.id AND d.attendance_entered_at IS NOT NULL),
	(SELECT count(DISTINCT day) FROM session_scans c WHERE c.session_id = s.id)
	FROM training_sessions s JOIN trainings t ON t.id = s.training_id`

// groupDay is what a session day d makes in group-days.
const groupDay = `CASE WHEN d.half THEN 0.5 ELSE 1 END`

func scanSummary(r pgx.Row) (domain.SessionSummary, error) {
	var x domain.SessionSummary
	var first, last *time.Time
	var groupDays string
	err := r.Scan(&x.ID, &x.TrainingID, &x.TrainingCode, &x.TrainingTopic, &x.GroupNo, &first, &last, &x.Days, &groupDays, &x.Participants, &x.DaysWithList, &x.DaysWithScan)
	if err != nil {
		return x, err
	}
	if first != nil {
		x.First, x.Last = *first, *last
	}
	return x, x.GroupDays.ScanSQL(groupDays)
}

// IncompleteSessions lists up to limit sessions of a programme whose
// evidence is not complete, the latest recorded first, and how many there
// are (training_sessions.evidence_complete, kept by triggers with the rule
// of domain.SessionSummary.Complete).
func (s *Store) IncompleteSessions(ctx context.Context, programmeID int64, limit int) (_ []domain.SessionSummary, _ int, err error) {
	defer wrap(&err, "store.IncompleteSessions(%d, %d)", programmeID, limit)
	var total int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM training_sessions WHERE programme_id = $1 AND NOT evidence_complete`, programmeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.Pool.Query(ctx, summarySQL+` WHERE s.programme_id = $1 AND NOT s.evidence_complete ORDER BY s.id DESC LIMIT $2`, programmeID, limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SessionSummary, error) { return scanSummary(r) })
	return list, total, err
}

// SessionsPage lists one page of a programme's sessions, the latest
// recorded first, and how many there are.
func (s *Store) SessionsPage(ctx context.Context, programmeID int64, offset, limit int) (_ []domain.SessionSummary, _ int, err error) {
	defer wrap(&err, "store.SessionsPage(%d, %d, %d)", programmeID, offset, limit)
	var total int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM training_sessions WHERE programme_id = $1`, programmeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.Pool.Query(ctx, summarySQL+` WHERE s.programme_id = $1 ORDER BY s.id DESC OFFSET $2 LIMIT $3`, programmeID, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SessionSummary, error) { return scanSummary(r) })
	return list, total, err
}

// summarySQL's columns: 3 training code, 6 first day, 8 days, 9 participants.
var sessionSorts = sortColumns{domain.SortTraining: "3;s.group_no", domain.SortStart: "6",
	domain.SortDays: "8", domain.SortParticipants: "9"}

// SessionList returns one page of a programme's sessions matching f
// (Limit 0: all), in its order, and how many match in all.
func (s *Store) SessionList(ctx context.Context, programmeID int64, f domain.SessionFilter) (_ []domain.SessionSummary, _ int, err error) {
	defer wrap(&err, "store.SessionList(%d)", programmeID)
	where := ` WHERE s.programme_id = $1 AND ($2 = 0 OR s.training_id = $2) AND (NOT $3 OR NOT s.evidence_complete)
		AND ($4 = '' OR t.code ILIKE $4 || '%' OR t.topic ILIKE '%' || $4 || '%' OR s.place ILIKE '%' || $4 || '%' OR s.trainer ILIKE '%' || $4 || '%')`
	args := []any{programmeID, f.TrainingID, f.Incomplete, searchArg(f.ListQuery)}
	var total int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM training_sessions s JOIN trainings t ON t.id = s.training_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	pg, args := page(f.ListQuery, args)
	rows, err := s.Pool.Query(ctx, summarySQL+where+orderBy(f.ListQuery, domain.SortSessions, sessionSorts, "s.id DESC")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SessionSummary, error) { return scanSummary(r) })
	return list, total, err
}

// SessionCounts counts a programme's sessions (groups delivered) by training.
func (s *Store) SessionCounts(ctx context.Context, programmeID int64) (_ map[int64]int, err error) {
	defer wrap(&err, "store.SessionCounts(%d)", programmeID)
	return countBy[int64](ctx, s.Pool, `SELECT training_id, count(*) FROM training_sessions WHERE programme_id = $1 GROUP BY training_id`, programmeID)
}

// TrainingSessions lists a programme's sessions, newest first.
func (s *Store) TrainingSessions(ctx context.Context, programmeID int64) (_ []domain.SessionSummary, err error) {
	defer wrap(&err, "store.TrainingSessions(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, summarySQL+` WHERE s.programme_id = $1 ORDER BY 6 DESC NULLS LAST, s.id DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SessionSummary, error) { return scanSummary(r) })
}

// SessionSummary returns one session's summary.
func (s *Store) SessionSummary(ctx context.Context, programmeID, id int64) (_ domain.SessionSummary, err error) {
	defer wrap(&err, "store.SessionSummary(%d, %d)", programmeID, id)
	x, err := scanSummary(s.Pool.QueryRow(ctx, summarySQL+` WHERE s.programme_id = $1 AND s.id = $2`, programmeID, id))
	return x, mapError(err, sessionNotFound)
}

// Session returns a session of a programme.
func (s *Store) Session(ctx context.Context, programmeID, id int64) (_ *domain.TrainingSession, err error) {
	defer wrap(&err, "store.Session(%d, %d)", programmeID, id)
	return getSession(ctx, s.Pool, programmeID, id)
}

func getSession(ctx context.Context, q querier, programmeID, id int64) (*domain.TrainingSession, error) {
	var x domain.TrainingSession
	var hours string
	err := q.QueryRow(ctx, `SELECT id, programme_id, training_id, group_no, hours_per_day::text, place, trainer, version,
		COALESCE((SELECT array_agg(day ORDER BY day) FROM session_days d WHERE d.session_id = s.id), '{}'),
		COALESCE((SELECT array_agg(day ORDER BY day) FROM session_days d WHERE d.session_id = s.id AND d.half), '{}'),
		COALESCE((SELECT array_agg(unit_id ORDER BY unit_id) FROM session_units u WHERE u.session_id = s.id), '{}')
		FROM training_sessions s WHERE programme_id = $1 AND id = $2`, programmeID, id).
		Scan(&x.ID, &x.ProgrammeID, &x.TrainingID, &x.GroupNo, &hours, &x.Place, &x.Trainer, &x.Version, &x.Days, &x.HalfDays, &x.UnitIDs)
	if err != nil {
		return nil, mapError(err, sessionNotFound)
	}
	return &x, x.HoursPerDay.ScanSQL(hours)
}

// sessionViolations are what violated constraints mean in the session
// form: the constraints of its fields, and a day that has a scan.
var sessionViolations = []violation{
	inForm(sessionFields),
	onForeignKey("session_scans", &domain.Error{Code: domain.EINVALID, Message: msgFixFields,
		Fields: map[string]string{"days": "Nie można usunąć dnia, do którego dołączono skan listy obecności."}}),
}

var sessionFields = map[string]map[string]string{
	"training_sessions_training_id_group_no_key":      {"group_no": "Ta grupa tego szkolenia jest już zarejestrowana."},
	"training_sessions_programme_id_training_id_fkey": {"training": "Wybierz szkolenie z katalogu tego programu."},
	"session_units_programme_id_unit_id_fkey":         {"units": "Wybierz jednostki uczestniczące w programie."},
}

func saveSessionParts(ctx context.Context, tx pgx.Tx, x *domain.TrainingSession) error {
	// Days keep their attendance. A day with someone marked present is not
	// dropped silently; an empty one goes with its absent marks.
	var marked int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM attendance WHERE session_id = $1 AND present AND NOT (day = ANY($2))`, x.ID, x.Days).Scan(&marked); err != nil {
		return err
	}
	if marked > 0 {
		return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy. Popraw zaznaczone pola.",
			Fields: map[string]string{"days": "Nie można usunąć dnia, w którym zaznaczono obecność uczestników. Najpierw zmień obecność."}}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM session_days WHERE session_id = $1 AND NOT (day = ANY($2))`, x.ID, x.Days); err != nil {
		return mapError(err, sessionNotFound, sessionViolations...)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO session_days (session_id, day) SELECT $1, unnest($2::date[]) ON CONFLICT DO NOTHING`, x.ID, x.Days); err != nil {
		return mapError(err, sessionNotFound, sessionViolations...)
	}
	halves := append([]time.Time{}, x.HalfDays...)
	if _, err := tx.Exec(ctx, `UPDATE session_days SET half = (day = ANY($2)) WHERE session_id = $1 AND half <> (day = ANY($2))`,
		x.ID, halves); err != nil {
		return err
	}
	// People already on the list get the new days too (absent until marked).
	if _, err := tx.Exec(ctx, `INSERT INTO attendance (session_id, day, programme_id, person_id, present)
		SELECT $1, d.day, p.programme_id, p.person_id, false
		FROM session_days d, (SELECT DISTINCT programme_id, person_id FROM attendance WHERE session_id = $1) p
		WHERE d.session_id = $1 ON CONFLICT DO NOTHING`, x.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM session_units WHERE session_id = $1`, x.ID); err != nil {
		return err
	}
	if len(x.UnitIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO session_units (session_id, programme_id, unit_id) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
			x.ID, x.ProgrammeID, x.UnitIDs); err != nil {
			return mapError(err, sessionNotFound, sessionViolations...)
		}
	}
	return nil
}

// CreateSession records a session. token makes a repeated submission of the
// same form return the first session instead of creating another.
func (s *Store) CreateSession(ctx context.Context, a domain.Actor, p *domain.Programme, x *domain.TrainingSession, token string) (err error) {
	defer wrap(&err, "store.CreateSession(%d, %d)", p.ID, x.ID)
	if err := x.Validate(p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if dup, err := claimSubmission(ctx, tx, token, a.UserID, &x.ID); err != nil || dup {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO training_sessions (programme_id, training_id, group_no, hours_per_day, place, trainer)
			VALUES ($1, $2, $3, $4::numeric, $5, $6) RETURNING id, version`,
			x.ProgrammeID, x.TrainingID, x.GroupNo, x.HoursPerDay.SQL(), x.Place, x.Trainer).Scan(&x.ID, &x.Version)
		if err != nil {
			return mapError(err, sessionNotFound, sessionViolations...)
		}
		if err := saveSessionParts(ctx, tx, x); err != nil {
			return err
		}
		if err := finishSubmission(ctx, tx, token, FormatID(x.ID)); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "training_session", FormatID(x.ID), nil, x)
	})
}

// UpdateSession changes a session if it still has the version the form was
// opened with (optimistic locking): no update is lost.
func (s *Store) UpdateSession(ctx context.Context, a domain.Actor, p *domain.Programme, x *domain.TrainingSession) (err error) {
	defer wrap(&err, "store.UpdateSession(%d, %d)", p.ID, x.ID)
	if err := x.Validate(p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := getSession(ctx, tx, x.ProgrammeID, x.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE training_sessions SET training_id = $4, group_no = $5, hours_per_day = $6::numeric, place = $7, trainer = $8,
			version = version + 1, updated_at = now() WHERE programme_id = $1 AND id = $2 AND version = $3`,
			x.ProgrammeID, x.ID, x.Version, x.TrainingID, x.GroupNo, x.HoursPerDay.SQL(), x.Place, x.Trainer)
		if err != nil {
			return mapError(err, sessionNotFound, sessionViolations...)
		}
		if tag.RowsAffected() == 0 {
			return errStale
		}
		x.Version++
		if err := saveSessionParts(ctx, tx, x); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "training_session", FormatID(x.ID), before, x)
	})
}

// SessionAttendance returns the session's participants (in grid order) and
// their attendance. The people carry what the grid, its counts and the
// printed list show: id, programme, names, unit (id and name), position and
// sex; not their e-mail, legal basis or version (the person's own page
// reads those). The rows are read with plain loops into slices sized from
// the first read: on the national data's largest session (196 people over
// two days) pgx's CollectRows over all thirteen columns of a person took a
// quarter of the session page's server CPU.
func (s *Store) SessionAttendance(ctx context.Context, sessionID int64) (_ []domain.Person, _ []domain.Attendance, err error) {
	return s.SessionAttendanceOf(ctx, sessionID, 0)
}

// SessionAttendanceOf is SessionAttendance with room made for the number
// of people the caller expects (the session's summary has it; 0 when
// unknown): grown one append at a time, the list of 196 people allocated
// twice its size, the largest allocation of the session page.
func (s *Store) SessionAttendanceOf(ctx context.Context, sessionID int64, expected int) (_ []domain.Person, _ []domain.Attendance, err error) {
	defer wrap(&err, "store.SessionAttendance(%d)", sessionID)
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.programme_id, p.first_name, p.last_name, p.unit_id, u.name, p.position, p.sex
		FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.id IN (SELECT person_id FROM attendance WHERE session_id = $1) ORDER BY p.last_name, p.first_name, p.id`, sessionID)
	if err != nil {
		return nil, nil, err
	}
	people := make([]domain.Person, 0, max(expected, 0))
	for rows.Next() {
		people = append(people, domain.Person{})
		p := &people[len(people)-1]
		if err := rows.Scan(&p.ID, &p.ProgrammeID, &p.FirstName, &p.LastName, &p.UnitID, &p.UnitName, &p.Position, &p.Sex); err != nil {
			rows.Close()
			return nil, nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = s.Pool.Query(ctx, `SELECT person_id, day, present FROM attendance WHERE session_id = $1`, sessionID)
	if err != nil {
		return nil, nil, err
	}
	att := make([]domain.Attendance, 0, 2*len(people))
	for rows.Next() {
		att = append(att, domain.Attendance{})
		a := &att[len(att)-1]
		if err := rows.Scan(&a.PersonID, &a.Day, &a.Present); err != nil {
			rows.Close()
			return nil, nil, err
		}
	}
	return people, att, rows.Err()
}

// AttendanceVersion is the version of a session's attendance grid.
func (s *Store) AttendanceVersion(ctx context.Context, sessionID int64) (_ int, err error) {
	defer wrap(&err, "store.AttendanceVersion(%d)", sessionID)
	var v int
	err = s.Pool.QueryRow(ctx, `SELECT attendance_version FROM training_sessions WHERE id = $1`, sessionID).Scan(&v)
	return v, mapError(err, sessionNotFound)
}

// bumpAttendance locks the session's grid and moves its version on; when
// expect is not 0 it must be the current version (optimistic locking).
func bumpAttendance(ctx context.Context, tx pgx.Tx, sessionID int64, expect int) error {
	var cur int
	if err := tx.QueryRow(ctx, `SELECT attendance_version FROM training_sessions WHERE id = $1 FOR UPDATE`, sessionID).Scan(&cur); err != nil {
		return mapError(err, sessionNotFound)
	}
	if expect != 0 && expect != cur {
		return errStaleAttendance
	}
	_, err := tx.Exec(ctx, `UPDATE training_sessions SET attendance_version = attendance_version + 1 WHERE id = $1`, sessionID)
	return err
}

var errStaleAttendance = domain.Errorf(domain.ECONFLICT, "Ktoś inny zmienił obecność w tej sesji, odkąd otworzyłeś stronę. Poniżej jest aktualny stan: zaznacz swoje zmiany ponownie.")

// SaveAttendance stores the grid of a session: for every listed participant
// and day, present or absent. Days must be the session's; participants must
// already be on the session's list; version is the grid's version the page
// was shown with (0 skips the check, for system work).
func (s *Store) SaveAttendance(ctx context.Context, a domain.Actor, x *domain.TrainingSession, entries []domain.Attendance, version int) (err error) {
	defer wrap(&err, "store.SaveAttendance(%d, %d)", x.ID, version)
	for _, e := range entries {
		if !x.HasDay(e.Day) {
			return domain.Errorf(domain.EINVALID, "Dzień %s nie należy do tej sesji.", e.Day.Format("02.01.2006"))
		}
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := bumpAttendance(ctx, tx, x.ID, version); err != nil {
			return err
		}
		// One statement for the whole grid, changing only the cells that
		// changed (the read model then follows only the people whose
		// attendance changed); every cell must be on the session's list.
		cell := map[[2]int64]int{} // the last entry of a (day, person) wins
		var days []time.Time
		var people []int64
		var marks []bool
		present, absent := 0, 0
		for _, e := range entries {
			k := [2]int64{e.Day.Unix(), e.PersonID}
			if i, ok := cell[k]; ok {
				marks[i] = e.Present
				continue
			}
			cell[k] = len(days)
			days, people, marks = append(days, e.Day), append(people, e.PersonID), append(marks, e.Present)
		}
		for _, m := range marks {
			if m {
				present++
			} else {
				absent++
			}
		}
		var matched int
		if err := tx.QueryRow(ctx, `WITH v AS (SELECT * FROM unnest($2::date[], $3::bigint[], $4::boolean[]) AS v(day, person_id, present)),
			m AS (SELECT v.* FROM attendance a JOIN v ON a.day = v.day AND a.person_id = v.person_id WHERE a.session_id = $1),
			u AS (UPDATE attendance a SET present = m.present FROM m -- runs to completion, read or not
				WHERE a.session_id = $1 AND a.day = m.day AND a.person_id = m.person_id AND a.present IS DISTINCT FROM m.present RETURNING 1)
			SELECT count(*) FROM m`, x.ID, days, people, marks).Scan(&matched); err != nil {
			return err
		}
		if matched != len(days) {
			return domain.Errorf(domain.EINVALID, "Uczestnika nie ma na liście tej sesji: odśwież stronę.")
		}
		if len(entries) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE session_days SET attendance_entered_at = now() WHERE session_id = $1`, x.ID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "attendance", FormatID(x.ID), nil, map[string]int{"present": present, "absent": absent})
	})
}

// AddParticipant puts a person (existing, or new when p.ID is 0) on the
// session's list, absent on every day until the grid says otherwise.
//
// token makes a repeated submission of the same form (double click, back
// button) add nobody twice.
func (s *Store) AddParticipant(ctx context.Context, a domain.Actor, x *domain.TrainingSession, p *domain.Person, token string) (err error) {
	defer wrap(&err, "store.AddParticipant(%d, %d)", x.ID, p.ID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if dup, err := claimSubmission(ctx, tx, token, a.UserID, &p.ID); err != nil || dup {
			return err
		}
		if p.ID == 0 {
			if err := insertPerson(ctx, tx, a, p); err != nil {
				return err
			}
		}
		var already bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM attendance WHERE session_id = $1 AND person_id = $2)`, x.ID, p.ID).Scan(&already); err != nil {
			return err
		}
		if already {
			return &domain.Error{Code: domain.EINVALID, Message: "Ta osoba już jest na liście tej sesji.",
				Fields: map[string]string{"person": "Ta osoba już jest na liście tej sesji."}}
		}
		if err := bumpAttendance(ctx, tx, x.ID, 0); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO attendance (session_id, day, programme_id, person_id, present)
			SELECT $1, day, $2, $3, false FROM session_days WHERE session_id = $1`, x.ID, x.ProgrammeID, p.ID)
		if err != nil {
			return mapError(err, "", onForeignKey("", &domain.Error{Code: domain.EINVALID, Message: "Wybierz uczestnika z listy.",
				Fields: map[string]string{"person": "Wybierz uczestnika z listy."}}))
		}
		if err := finishSubmission(ctx, tx, token, FormatID(p.ID)); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "attendance", FormatID(x.ID), nil, map[string]int64{"person_id": p.ID})
	})
}

// RemoveParticipant takes a person off the session's list.
func (s *Store) RemoveParticipant(ctx context.Context, a domain.Actor, x *domain.TrainingSession, personID int64) (err error) {
	defer wrap(&err, "store.RemoveParticipant(%d, %d)", x.ID, personID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := bumpAttendance(ctx, tx, x.ID, 0); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM attendance WHERE session_id = $1 AND person_id = $2`, x.ID, personID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Tej osoby nie ma na liście sesji.")
		}
		return audit(ctx, tx, a, domain.AuditDelete, "attendance", FormatID(x.ID), map[string]int64{"person_id": personID}, nil)
	})
}

// ImportAttendance saves an attendance file's rows in one transaction: a
// person already recorded in the programme (same name and unit, ignoring
// case and diacritics) is reused, others are created with the given legal
// basis; everyone goes on the list with the file's presence.
func (s *Store) ImportAttendance(ctx context.Context, a domain.Actor, x *domain.TrainingSession, people []domain.Person, present []map[string]bool) (created int, err error) {
	defer wrap(&err, "store.ImportAttendance(%d)", x.ID)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		// Lock the grid first: two confirms of one file create each new
		// person once.
		if err := bumpAttendance(ctx, tx, x.ID, 0); err != nil {
			return err
		}
		existing, err := tx.Query(ctx, `SELECT p.id, p.first_name, p.last_name, p.unit_id FROM persons p WHERE p.programme_id = $1`, x.ProgrammeID)
		if err != nil {
			return err
		}
		known := map[string]int64{}
		for existing.Next() {
			var id, unit int64
			var first, last string
			if err := existing.Scan(&id, &first, &last, &unit); err != nil {
				existing.Close()
				return err
			}
			known[domain.Fold(first+" "+last)+"|"+FormatID(unit)] = id
		}
		existing.Close()
		if err := existing.Err(); err != nil {
			return err
		}
		cell := map[[2]int64]int{}
		var days []time.Time
		var persons []int64
		var marks []bool
		for i := range people {
			p := &people[i]
			key := domain.Fold(p.FirstName+" "+p.LastName) + "|" + FormatID(p.UnitID)
			if id, ok := known[key]; ok {
				p.ID = id
			} else {
				if err := p.Validate(""); err != nil {
					return err
				}
				if err := insertPerson(ctx, tx, a, p); err != nil {
					return err
				}
				known[key] = p.ID
				created++
			}
			for _, d := range x.Days {
				k := [2]int64{p.ID, d.Unix()}
				if j, ok := cell[k]; ok { // the same person twice: the last row wins
					marks[j] = present[i][d.Format("2006-01-02")]
					continue
				}
				cell[k] = len(days)
				days, persons, marks = append(days, d), append(persons, p.ID), append(marks, present[i][d.Format("2006-01-02")])
			}
		}
		// The grid in one statement.
		if _, err := tx.Exec(ctx, `INSERT INTO attendance (session_id, day, programme_id, person_id, present)
			SELECT $1, v.day, $2, v.person_id, v.present FROM unnest($3::date[], $4::bigint[], $5::boolean[]) AS v(day, person_id, present)
			ON CONFLICT (session_id, day, person_id) DO UPDATE SET present = EXCLUDED.present`,
			x.ID, x.ProgrammeID, days, persons, marks); err != nil {
			return mapError(err, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE session_days SET attendance_entered_at = now() WHERE session_id = $1`, x.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "attendance", FormatID(x.ID), nil, map[string]int{"imported_rows": len(people), "new_persons": created})
	})
	return created, err
}

// AddScan stores a scan of a session day's signed list. contentType must be
// the type sniffed from the content.
func (s *Store) AddScan(ctx context.Context, a domain.Actor, x *domain.TrainingSession, day time.Time, name, contentType string, data []byte) (_ *domain.File, err error) {
	defer wrap(&err, "store.AddScan(%d)", x.ID)
	if !x.HasDay(day) {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"day": "Wybierz dzień tej sesji."}}
	}
	f := newFile(name, contentType, data)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if stored, err := attachOnce(ctx, tx, a, f, data, `EXISTS (SELECT 1 FROM session_scans c WHERE c.file_id = f.id AND c.session_id = $2 AND c.day = $3)`,
			x.ID, day); err != nil || stored {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO session_scans (session_id, day, file_id) VALUES ($1, $2, $3)`, x.ID, day, f.ID); err != nil {
			return mapError(err, "")
		}
		return audit(ctx, tx, a, domain.AuditCreate, "session_scan", FormatID(x.ID), nil,
			map[string]any{"day": day.Format("2006-01-02"), "file_id": f.ID, "sha256": f.SHA256, "size": f.Size, "content_type": f.ContentType})
	})
	return f, err
}

// SessionScans lists a session's scans by day.
func (s *Store) SessionScans(ctx context.Context, sessionID int64) (_ []domain.SessionScan, err error) {
	defer wrap(&err, "store.SessionScans(%d)", sessionID)
	rows, err := s.Pool.Query(ctx, `SELECT c.day, f.id, f.name, f.content_type, f.size, f.sha256, f.uploaded_at, COALESCE(u.username, '')
		FROM session_scans c JOIN files f ON f.id = c.file_id LEFT JOIN users u ON u.id = f.uploaded_by
		WHERE c.session_id = $1 ORDER BY c.day, f.id`, sessionID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SessionScan, error) {
		var x domain.SessionScan
		err := r.Scan(&x.Day, &x.File.ID, &x.File.Name, &x.File.ContentType, &x.File.Size, &x.File.SHA256, &x.File.UploadedAt, &x.File.UploadedBy)
		return x, err
	})
}

// SessionScanData returns a scan of the session with its content.
func (s *Store) SessionScanData(ctx context.Context, sessionID, fileID int64) (_ *domain.File, _ []byte, err error) {
	defer wrap(&err, "store.SessionScanData(%d, %d)", sessionID, fileID)
	return fileOf(ctx, s.Pool, fileOwners["training_session"], sessionID, fileID, "Nie ma takiego skanu w tej sesji.")
}
