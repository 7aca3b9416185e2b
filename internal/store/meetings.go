package store

// Meetings of the good-practice groups (spotkania grupy dobrych praktyk).

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const meetingNotFound = "Nie ma takiego spotkania w tym programie."

// meetingFields maps the constraints of the meeting form to the field and
// message shown when a write violates them.
var meetingFields = map[string]map[string]string{
	"meetings_programme_id_task_id_fkey":            {"task": "Wybierz zadanie tego programu."},
	"meetings_task_id_number_key":                   {"number": "Spotkanie o tym numerze już jest zarejestrowane w tym zadaniu."},
	"meeting_attendees_programme_id_person_id_fkey": {"attendees": "Wybierz uczestników zarejestrowanych w programie."},
}

// Meetings lists a programme's meetings by number.
func (s *Store) Meetings(ctx context.Context, programmeID int64) (_ []domain.MeetingSummary, err error) {
	defer wrap(&err, "store.Meetings(%d)", programmeID)
	list, _, err := s.MeetingList(ctx, programmeID, domain.MeetingFilter{ListQuery: domain.ListQuery{Sort: domain.SortTask}})
	return list, err
}

// The meeting list's columns: 8 attendees.
var meetingSorts = sortColumns{domain.SortTask: "t.code;m.number", domain.SortNumber: "m.number", domain.SortPlace: "m.place",
	domain.SortStart: "(SELECT min(day) FROM meeting_days d WHERE d.meeting_id = m.id)", domain.SortParticipants: "8"}

// MeetingList returns a programme's meetings matching f (a page when
// f.Limit is set), in its order, and how many match in all.
func (s *Store) MeetingList(ctx context.Context, programmeID int64, f domain.MeetingFilter) (_ []domain.MeetingSummary, _ int, err error) {
	defer wrap(&err, "store.MeetingList(%d)", programmeID)
	pg, args := page(f.ListQuery, []any{programmeID, f.TaskID, searchArg(f.ListQuery)})
	rows, err := s.Pool.Query(ctx, `SELECT `+meetingColumns+`, count(*) OVER ()
		FROM meetings m JOIN tasks t ON t.id = m.task_id WHERE m.programme_id = $1 AND ($2 = 0 OR m.task_id = $2)
		AND ($3 = '' OR m.place ILIKE '%' || $3 || '%' OR t.code ILIKE $3 || '%')`+
		orderBy(f.ListQuery, domain.SortMeetings, meetingSorts, "m.number, m.id")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.MeetingSummary, error) {
		return scanMeetingSummary(withTotal{r, &total})
	})
	return list, total, err
}

// meetingColumns are a meeting's columns in lists (meetings m), as
// scanMeetingSummary reads them.
const meetingColumns = `m.id, m.task_id, m.number, m.place, m.with_management, m.notes,
	COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}'),
	(SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id),
	(SELECT count(*) FROM meeting_scans c WHERE c.meeting_id = m.id), m.evidence_complete`

func scanMeetingSummary(r pgx.Row) (domain.MeetingSummary, error) {
	var m domain.MeetingSummary
	var notes string
	if err := r.Scan(&m.ID, &m.TaskID, &m.Number, &m.Place, &m.WithManagement, &notes, &m.Days, &m.Attendees, &m.Scans, &m.EvidenceComplete); err != nil {
		return m, err
	}
	if len(m.Days) > 0 {
		m.First = m.Days[0]
	}
	m.NotesDated = domain.NotesContainDate(notes, m.Days)
	return m, nil
}

// Meeting returns a meeting with its days and attendees.
func (s *Store) Meeting(ctx context.Context, programmeID, id int64) (_ *domain.Meeting, err error) {
	defer wrap(&err, "store.Meeting(%d, %d)", programmeID, id)
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
	rows, err := q.Query(ctx, `SELECT a.person_id, p.unit_id, p.first_name || ' ' || p.last_name, u.name, COALESCE(a.area, '') FROM meeting_attendees a
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
		return mapError(err, "", inForm(meetingFields))
	}
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_attendees WHERE meeting_id = $1`, m.ID); err != nil {
		return err
	}
	for _, at := range m.Attendees {
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_attendees (meeting_id, programme_id, person_id, area) VALUES ($1, $2, $3, $4)`,
			m.ID, m.ProgrammeID, at.PersonID, areaOrNil(at.Area)); err != nil {
			return mapError(err, "", inForm(meetingFields))
		}
	}
	return nil
}

// SaveMeeting creates (ID 0, with a one-time token) or updates a meeting
// (optimistic locking by Version). The task must be a meetings task.
func (s *Store) SaveMeeting(ctx context.Context, a domain.Actor, p *domain.Programme, m *domain.Meeting, token string) (err error) {
	defer wrap(&err, "store.SaveMeeting(%d, %d)", p.ID, m.ID)
	if err := m.Validate(p.Start, p.End, p.Areas); err != nil {
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
			if dup, err := claimSubmission(ctx, tx, token, a.UserID, &m.ID); err != nil || dup {
				return err
			}
			err = tx.QueryRow(ctx, `INSERT INTO meetings (programme_id, task_id, number, place, with_management, experts, notes, conclusions)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, version`,
				p.ID, m.TaskID, m.Number, m.Place, m.WithManagement, m.Experts, m.Notes, m.Conclusions).Scan(&m.ID, &m.Version)
			if err != nil {
				return mapError(err, "", inForm(meetingFields))
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
			return mapError(err, meetingNotFound, inForm(meetingFields))
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
func (s *Store) AddMeetingScan(ctx context.Context, a domain.Actor, meetingID int64, name, contentType string, data []byte) (_ *domain.File, err error) {
	defer wrap(&err, "store.AddMeetingScan(%d)", meetingID)
	f := newFile(name, contentType, data)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if stored, err := attachOnce(ctx, tx, a, f, data, `EXISTS (SELECT 1 FROM meeting_scans c WHERE c.file_id = f.id AND c.meeting_id = $2)`, meetingID); err != nil || stored {
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
func (s *Store) MeetingScans(ctx context.Context, meetingID int64) (_ []domain.File, err error) {
	defer wrap(&err, "store.MeetingScans(%d)", meetingID)
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
func (s *Store) MeetingScanData(ctx context.Context, meetingID, fileID int64) (_ *domain.File, _ []byte, err error) {
	defer wrap(&err, "store.MeetingScanData(%d, %d)", meetingID, fileID)
	return fileOf(ctx, s.Pool, fileOwners["meeting"], meetingID, fileID, "Nie ma takiego skanu tego spotkania.")
}
