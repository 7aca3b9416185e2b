package store

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const (
	consultationNotFound = "Nie ma takiej konsultacji w tym programie."
	meetingNotFound      = "Nie ma takiego spotkania w tym programie."
	practiceNotFound     = "Nie ma takiej dobrej praktyki w tym programie."
)

var workConstraintFields = map[string]map[string]string{
	"consultations_programme_id_task_id_fkey":             {"task": "Wybierz zadanie tego programu."},
	"consultations_programme_id_unit_id_fkey":             {"unit": "Wybierz jednostkę uczestniczącą w programie."},
	"meetings_programme_id_task_id_fkey":                  {"task": "Wybierz zadanie tego programu."},
	"meetings_task_id_number_key":                         {"number": "Spotkanie o tym numerze już jest zarejestrowane w tym zadaniu."},
	"meeting_attendees_programme_id_person_id_fkey":       {"attendees": "Wybierz uczestników zarejestrowanych w programie."},
	"good_practices_programme_id_unit_id_fkey":            {"unit": "Wybierz jednostkę uczestniczącą w programie."},
	"good_practice_meetings_programme_id_meeting_id_fkey": {"meetings": "Wybierz spotkania tego programu."},
}

func workError(err error, notFound string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if f, ok := workConstraintFields[pgErr.ConstraintName]; ok {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy. Popraw zaznaczone pola.", Fields: f}
		}
	}
	return mapError(err, notFound)
}

// --- consultations

const consultationColumns = `c.id, c.programme_id, c.task_id, c.unit_id, c.expert, c.day, c.hours::text, c.days::text, c.topic, c.work_done, c.version,
	t.code || ' ' || t.name, u.name`

func scanConsultation(r pgx.Row) (domain.ConsultationRow, error) {
	var c domain.ConsultationRow
	var hours, days string
	if err := r.Scan(&c.ID, &c.ProgrammeID, &c.TaskID, &c.UnitID, &c.Expert, &c.Day, &hours, &days, &c.Topic, &c.WorkDone, &c.Version,
		&c.TaskLabel, &c.UnitName); err != nil {
		return c, err
	}
	if err := c.Hours.ScanSQL(hours); err != nil {
		return c, err
	}
	return c, c.Days.ScanSQL(days)
}

// Consultations lists a programme's consultations, newest first.
func (s *Store) Consultations(ctx context.Context, programmeID int64) ([]domain.ConsultationRow, error) {
	list, _, err := s.ConsultationsPage(ctx, programmeID, 0, 0)
	return list, err
}

// ConsultationsPage is one page of Consultations (limit 0: all) and how
// many there are.
func (s *Store) ConsultationsPage(ctx context.Context, programmeID int64, offset, limit int) ([]domain.ConsultationRow, int, error) {
	var total int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM consultations WHERE programme_id = $1`, programmeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	var lim any // NULL: no limit
	if limit > 0 {
		lim = limit
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id JOIN units u ON u.id = c.unit_id
		WHERE c.programme_id = $1 ORDER BY c.day DESC, c.id DESC OFFSET $2 LIMIT $3`, programmeID, offset, lim)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ConsultationRow, error) { return scanConsultation(r) })
	return list, total, err
}

// Consultation returns one consultation of a programme.
func (s *Store) Consultation(ctx context.Context, programmeID, id int64) (domain.ConsultationRow, error) {
	c, err := scanConsultation(s.Pool.QueryRow(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id
		JOIN units u ON u.id = c.unit_id WHERE c.programme_id = $1 AND c.id = $2`, programmeID, id))
	return c, mapError(err, consultationNotFound)
}

// ConsultationDays sums delivered consultation days per task and unit.
func (s *Store) ConsultationDays(ctx context.Context, programmeID int64) ([]domain.DeliveredDays, error) {
	rows, err := s.Pool.Query(ctx, `SELECT task_id, unit_id, sum(days)::text FROM consultations WHERE programme_id = $1 GROUP BY task_id, unit_id`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.DeliveredDays, error) {
		var d domain.DeliveredDays
		var days string
		if err := r.Scan(&d.TaskID, &d.UnitID, &days); err != nil {
			return d, err
		}
		return d, d.Days.ScanSQL(days)
	})
}

// SaveConsultation creates (ID 0; token makes a repeated submission create
// nothing twice) or updates a consultation (optimistic locking by Version).
func (s *Store) SaveConsultation(ctx context.Context, a domain.Actor, p *domain.Programme, c *domain.Consultation, token string) error {
	if err := c.Validate(p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var kind string
		if err := tx.QueryRow(ctx, `SELECT kind FROM tasks WHERE programme_id = $1 AND id = $2`, p.ID, c.TaskID).Scan(&kind); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"task": "Wybierz zadanie tego programu."}}
			}
			return err
		}
		if domain.TaskKind(kind) == domain.TaskMeetings {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"task": "Konsultacje rejestruje się w zadaniach innych niż spotkania."}}
		}
		if c.ID == 0 {
			prev, dup, err := claimSubmission(ctx, tx, token, a.UserID)
			if err != nil {
				return err
			}
			if dup {
				c.ID, err = parseID(prev)
				return err
			}
			var by *int64
			if a.UserID != 0 {
				by = &a.UserID
			}
			err = tx.QueryRow(ctx, `INSERT INTO consultations (programme_id, task_id, unit_id, expert, day, hours, days, topic, work_done, recorded_by)
				VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9, $10) RETURNING id, version`,
				p.ID, c.TaskID, c.UnitID, c.Expert, c.Day, c.Hours.SQL(), c.Days.SQL(), c.Topic, c.WorkDone, by).Scan(&c.ID, &c.Version)
			if err != nil {
				return workError(err, "")
			}
			if err := finishSubmission(ctx, tx, token, FormatID(c.ID)); err != nil {
				return err
			}
			return audit(ctx, tx, a, domain.AuditCreate, "consultation", FormatID(c.ID), nil, c)
		}
		before, err := scanConsultation(tx.QueryRow(ctx, `SELECT `+consultationColumns+` FROM consultations c JOIN tasks t ON t.id = c.task_id
			JOIN units u ON u.id = c.unit_id WHERE c.programme_id = $1 AND c.id = $2`, p.ID, c.ID))
		if err != nil {
			return mapError(err, consultationNotFound)
		}
		tag, err := tx.Exec(ctx, `UPDATE consultations SET task_id = $4, unit_id = $5, expert = $6, day = $7, hours = $8::numeric, days = $9::numeric,
			topic = $10, work_done = $11, version = version + 1, updated_at = now() WHERE programme_id = $1 AND id = $2 AND version = $3`,
			p.ID, c.ID, c.Version, c.TaskID, c.UnitID, c.Expert, c.Day, c.Hours.SQL(), c.Days.SQL(), c.Topic, c.WorkDone)
		if err != nil {
			return workError(err, consultationNotFound)
		}
		if tag.RowsAffected() == 0 {
			return errStale
		}
		c.Version++
		return audit(ctx, tx, a, domain.AuditUpdate, "consultation", FormatID(c.ID), before.Consultation, c)
	})
}

// --- meetings

// Meetings lists a programme's meetings by number.
func (s *Store) Meetings(ctx context.Context, programmeID int64) ([]domain.MeetingSummary, error) {
	rows, err := s.Pool.Query(ctx, `SELECT m.id, m.task_id, m.number, m.place, m.with_management, m.notes,
		COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}'),
		(SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id),
		(SELECT count(*) FROM meeting_scans c WHERE c.meeting_id = m.id)
		FROM meetings m WHERE m.programme_id = $1 ORDER BY m.task_id, m.number`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.MeetingSummary, error) {
		var m domain.MeetingSummary
		var notes string
		if err := r.Scan(&m.ID, &m.TaskID, &m.Number, &m.Place, &m.WithManagement, &notes, &m.Days, &m.Attendees, &m.Scans); err != nil {
			return m, err
		}
		if len(m.Days) > 0 {
			m.First = m.Days[0]
		}
		m.NotesDated = domain.NotesContainDate(notes, m.Days)
		return m, nil
	})
}

// Meeting returns a meeting with its days and attendees.
func (s *Store) Meeting(ctx context.Context, programmeID, id int64) (*domain.Meeting, error) {
	return getMeeting(ctx, s.Pool, programmeID, id)
}

func getMeeting(ctx context.Context, q querier, programmeID, id int64) (*domain.Meeting, error) {
	var m domain.Meeting
	err := q.QueryRow(ctx, `SELECT id, programme_id, task_id, number, place, with_management, experts, notes, conclusions, version,
		COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}')
		FROM meetings m WHERE programme_id = $1 AND id = $2`, programmeID, id).
		Scan(&m.ID, &m.ProgrammeID, &m.TaskID, &m.Number, &m.Place, &m.WithManagement, &m.Experts, &m.Notes, &m.Conclusions, &m.Version, &m.Days)
	if err != nil {
		return nil, mapError(err, meetingNotFound)
	}
	rows, err := q.Query(ctx, `SELECT a.person_id, p.unit_id, p.first_name || ' ' || p.last_name, u.name, a.area FROM meeting_attendees a
		JOIN persons p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id WHERE a.meeting_id = $1 ORDER BY p.last_name, p.first_name`, id)
	if err != nil {
		return nil, err
	}
	m.Attendees, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.MeetingAttendee, error) {
		var a domain.MeetingAttendee
		err := r.Scan(&a.PersonID, &a.UnitID, &a.Name, &a.UnitName, &a.Area)
		return a, err
	})
	return &m, err
}

func saveMeetingParts(ctx context.Context, tx pgx.Tx, m *domain.Meeting) error {
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_days WHERE meeting_id = $1`, m.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meeting_days (meeting_id, day) SELECT $1, unnest($2::date[])`, m.ID, m.Days); err != nil {
		return workError(err, "")
	}
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_attendees WHERE meeting_id = $1`, m.ID); err != nil {
		return err
	}
	for _, at := range m.Attendees {
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_attendees (meeting_id, programme_id, person_id, area) VALUES ($1, $2, $3, $4)`,
			m.ID, m.ProgrammeID, at.PersonID, string(at.Area)); err != nil {
			return workError(err, "")
		}
	}
	return nil
}

// SaveMeeting creates (ID 0, with a one-time token) or updates a meeting
// (optimistic locking by Version). The task must be a meetings task.
func (s *Store) SaveMeeting(ctx context.Context, a domain.Actor, p *domain.Programme, m *domain.Meeting, token string) error {
	if err := m.Validate(p.Start, p.End); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var kind string
		if err := tx.QueryRow(ctx, `SELECT kind FROM tasks WHERE programme_id = $1 AND id = $2`, p.ID, m.TaskID).Scan(&kind); err != nil || domain.TaskKind(kind) != domain.TaskMeetings {
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"task": "Wybierz zadanie typu „spotkania grupy dobrych praktyk”."}}
		}
		if m.ID == 0 {
			prev, dup, err := claimSubmission(ctx, tx, token, a.UserID)
			if err != nil {
				return err
			}
			if dup {
				m.ID, err = parseID(prev)
				return err
			}
			err = tx.QueryRow(ctx, `INSERT INTO meetings (programme_id, task_id, number, place, with_management, experts, notes, conclusions)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, version`,
				p.ID, m.TaskID, m.Number, m.Place, m.WithManagement, m.Experts, m.Notes, m.Conclusions).Scan(&m.ID, &m.Version)
			if err != nil {
				return workError(err, "")
			}
			if err := saveMeetingParts(ctx, tx, m); err != nil {
				return err
			}
			if err := finishSubmission(ctx, tx, token, FormatID(m.ID)); err != nil {
				return err
			}
			return audit(ctx, tx, a, domain.AuditCreate, "meeting", FormatID(m.ID), nil, m)
		}
		before, err := getMeeting(ctx, tx, p.ID, m.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE meetings SET task_id = $4, number = $5, place = $6, with_management = $7, experts = $8, notes = $9,
			conclusions = $10, version = version + 1, updated_at = now() WHERE programme_id = $1 AND id = $2 AND version = $3`,
			p.ID, m.ID, m.Version, m.TaskID, m.Number, m.Place, m.WithManagement, m.Experts, m.Notes, m.Conclusions)
		if err != nil {
			return workError(err, meetingNotFound)
		}
		if tag.RowsAffected() == 0 {
			return errStale
		}
		m.Version++
		if err := saveMeetingParts(ctx, tx, m); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "meeting", FormatID(m.ID), before, m)
	})
}

// AddMeetingScan stores the meeting's signed attendance list.
func (s *Store) AddMeetingScan(ctx context.Context, a domain.Actor, meetingID int64, name, contentType string, data []byte) (*domain.File, error) {
	f := newFile(name, contentType, data)
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// The same file sent again (double click, retry) is stored once.
		err := tx.QueryRow(ctx, `SELECT f.id, f.uploaded_at FROM meeting_scans c JOIN files f ON f.id = c.file_id
			WHERE c.meeting_id = $1 AND f.sha256 = $2`, meetingID, f.SHA256).Scan(&f.ID, &f.UploadedAt)
		if err == nil {
			return nil
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if err := insertFile(ctx, tx, a, f, data); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_scans (meeting_id, file_id) VALUES ($1, $2)`, meetingID, f.ID); err != nil {
			return mapError(err, "")
		}
		var programmeID int64
		if err := tx.QueryRow(ctx, `SELECT programme_id FROM meetings WHERE id = $1`, meetingID).Scan(&programmeID); err != nil {
			return mapError(err, meetingNotFound)
		}
		return audit(ctx, tx, a, domain.AuditCreate, "meeting_scan", FormatID(meetingID), nil,
			map[string]any{"file_id": f.ID, "sha256": f.SHA256, "size": f.Size, "content_type": f.ContentType})
	})
	return f, err
}

// MeetingScans lists a meeting's scans.
func (s *Store) MeetingScans(ctx context.Context, meetingID int64) ([]domain.File, error) {
	rows, err := s.Pool.Query(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.uploaded_at, COALESCE(u.username, '')
		FROM meeting_scans c JOIN files f ON f.id = c.file_id LEFT JOIN users u ON u.id = f.uploaded_by WHERE c.meeting_id = $1 ORDER BY f.id`, meetingID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.File, error) {
		var f domain.File
		err := r.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt, &f.UploadedBy)
		return f, err
	})
}

// MeetingScanData returns a scan of the meeting with its content.
func (s *Store) MeetingScanData(ctx context.Context, meetingID, fileID int64) (*domain.File, []byte, error) {
	var f domain.File
	var data []byte
	err := s.Pool.QueryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.data FROM meeting_scans c JOIN files f ON f.id = c.file_id
		WHERE c.meeting_id = $1 AND c.file_id = $2`, meetingID, fileID).Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err != nil {
		return nil, nil, mapError(err, "Nie ma takiego skanu tego spotkania.")
	}
	return &f, data, nil
}

// --- good practices

const practiceColumns = `g.id, g.programme_id, g.title, g.unit_id, u.name, COALESCE(g.area, ''), g.description, g.results, g.why_results,
	g.why_innovative, g.why_durable, g.why_transferable, g.status, g.version,
	COALESCE((SELECT array_agg(meeting_id ORDER BY meeting_id) FROM good_practice_meetings m WHERE m.practice_id = g.id), '{}')`

func scanPractice(r pgx.Row) (*domain.GoodPractice, error) {
	var g domain.GoodPractice
	err := r.Scan(&g.ID, &g.ProgrammeID, &g.Title, &g.UnitID, &g.UnitName, &g.Area, &g.Description, &g.Results, &g.WhyResults,
		&g.WhyInnovative, &g.WhyDurable, &g.WhyTransferable, &g.Status, &g.Version, &g.MeetingIDs)
	return &g, err
}

// GoodPractices searches a programme's register.
func (s *Store) GoodPractices(ctx context.Context, programmeID int64, f domain.PracticeFilter) ([]*domain.GoodPractice, error) {
	where := []string{"g.programme_id = $1"}
	args := []any{programmeID}
	for _, w := range strings.Fields(domain.Fold(f.Query)) {
		args = append(args, "%"+escapeLike(w)+"%")
		where = append(where, "g.search_text LIKE $"+itoaInt(len(args))+` ESCAPE '\'`)
	}
	if f.Area != "" {
		args = append(args, string(f.Area))
		where = append(where, "g.area = $"+itoaInt(len(args)))
	}
	if f.UnitID != 0 {
		args = append(args, f.UnitID)
		where = append(where, "g.unit_id = $"+itoaInt(len(args)))
	}
	if f.Accepted {
		where = append(where, "g.status = 'accepted'")
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY g.title, g.id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.GoodPractice, error) { return scanPractice(r) })
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// GoodPractice returns one practice of a programme.
func (s *Store) GoodPractice(ctx context.Context, programmeID, id int64) (*domain.GoodPractice, error) {
	g, err := scanPractice(s.Pool.QueryRow(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
		WHERE g.programme_id = $1 AND g.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, practiceNotFound)
	}
	return g, nil
}

// SaveGoodPractice creates (ID 0, with a one-time token) or updates a
// practice (optimistic locking by Version).
func (s *Store) SaveGoodPractice(ctx context.Context, a domain.Actor, g *domain.GoodPractice, token string) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var unitName string
		if err := tx.QueryRow(ctx, `SELECT name FROM units WHERE id = $1`, g.UnitID).Scan(&unitName); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		search := g.SearchText(unitName)
		var before *domain.GoodPractice
		if g.ID == 0 {
			prev, dup, err := claimSubmission(ctx, tx, token, a.UserID)
			if err != nil {
				return err
			}
			if dup {
				g.ID, err = parseID(prev)
				return err
			}
			err = tx.QueryRow(ctx, `INSERT INTO good_practices (programme_id, title, unit_id, area, description, results, why_results, why_innovative,
				why_durable, why_transferable, status, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, version`,
				g.ProgrammeID, g.Title, g.UnitID, areaOrNil(g.Area), g.Description, g.Results, g.WhyResults, g.WhyInnovative, g.WhyDurable,
				g.WhyTransferable, string(g.Status), search).Scan(&g.ID, &g.Version)
			if err != nil {
				return workError(err, "")
			}
			if err := finishSubmission(ctx, tx, token, FormatID(g.ID)); err != nil {
				return err
			}
		} else {
			var err error
			before, err = scanPractice(tx.QueryRow(ctx, `SELECT `+practiceColumns+` FROM good_practices g JOIN units u ON u.id = g.unit_id
				WHERE g.programme_id = $1 AND g.id = $2`, g.ProgrammeID, g.ID))
			if err != nil {
				return mapError(err, practiceNotFound)
			}
			tag, err := tx.Exec(ctx, `UPDATE good_practices SET title = $4, unit_id = $5, area = $6, description = $7, results = $8, why_results = $9,
				why_innovative = $10, why_durable = $11, why_transferable = $12, status = $13, search_text = $14, version = version + 1, updated_at = now()
				WHERE programme_id = $1 AND id = $2 AND version = $3`,
				g.ProgrammeID, g.ID, g.Version, g.Title, g.UnitID, areaOrNil(g.Area), g.Description, g.Results, g.WhyResults, g.WhyInnovative,
				g.WhyDurable, g.WhyTransferable, string(g.Status), search)
			if err != nil {
				return workError(err, practiceNotFound)
			}
			if tag.RowsAffected() == 0 {
				return errStale
			}
			g.Version++
		}
		if _, err := tx.Exec(ctx, `DELETE FROM good_practice_meetings WHERE practice_id = $1`, g.ID); err != nil {
			return err
		}
		if len(g.MeetingIDs) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO good_practice_meetings (practice_id, programme_id, meeting_id) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
				g.ID, g.ProgrammeID, g.MeetingIDs); err != nil {
				return workError(err, "")
			}
		}
		action := domain.AuditCreate
		if before != nil {
			action = domain.AuditUpdate
		}
		return audit(ctx, tx, a, action, "good_practice", FormatID(g.ID), before, g)
	})
}
