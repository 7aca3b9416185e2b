package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Meetings of the good-practice group (spotkania grupy dobrych praktyk)
// with their attendees, notes and scanned attendance lists.

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	f := meetingFilter(r, 0)
	v := pages.MeetingsView{Programme: p, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork),
		List: listState(paths.Meetings(p.ID), paths.MeetingsExport(p.ID), domain.SortMeetings, f.ListQuery, pages.ParamTask, idString(f.TaskID))}
	if v.Meetings, v.Total, err = s.store.MeetingList(ctx, p.ID, f); err != nil {
		return err
	}
	if v.AllMeetings, err = s.store.Meetings(ctx, p.ID); err != nil {
		return err
	}
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Meetings(v))
	return nil
}

// meetingFilter is the meeting list's query (?q=, ?zadanie=, order); a
// programme holds a few dozen meetings, so the list has one page.
func meetingFilter(r *http.Request, limit int) domain.MeetingFilter {
	return domain.MeetingFilter{ListQuery: listQuery(r, domain.SortMeetings, limit), TaskID: queryID(r, pages.ParamTask)}
}

func (s *Server) meetingFromURL(r *http.Request, p *domain.Programme) (*domain.Meeting, error) {
	id, err := idParam(r, "meetingID", "Nie ma takiego spotkania w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Meeting(r.Context(), p.ID, id)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, m *domain.Meeting, errs map[string]string) error {
	ctx := r.Context()
	u := webctx.User(ctx)
	v := pages.MeetingView{Programme: p, Meeting: m, CanRecord: u.Can(domain.PermRecordWork), Form: formState(r, errs)}
	_, v.OwnUnitsOnly = u.UnitScope()
	v.CanSeeNames = u.Can(domain.PermSeeNames) || v.OwnUnitsOnly
	for _, a := range m.Attendees {
		v.AttendeeCount++
		if v.CanSeeNames && u.CanActOnUnit(a.UnitID) {
			v.Attendees = append(v.Attendees, a)
		}
	}
	var err error
	if v.Scans, err = s.store.MeetingScans(ctx, m.ID); err != nil {
		return err
	}
	v.NotesDated = domain.NotesContainDate(m.Notes, m.Days)
	s.render(w, r, status, pages.Meeting(v))
	return nil
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) error {
	p, m, err := recordFromURL(s, r, s.meetingFromURL)
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, http.StatusOK, p, m, nil)
}

func meetingForm(r *http.Request, programmeID int64) (*domain.Meeting, *formReader) {
	f := newFormReader(r)
	m := &domain.Meeting{ProgrammeID: programmeID, Place: f.str(pages.FieldMeetingPlace), WithManagement: r.PostForm.Get(pages.FieldMeetingWithManagement) != "",
		Experts: f.str(pages.FieldMeetingExperts), Notes: f.str(pages.FieldMeetingNotes), Conclusions: f.str(pages.FieldMeetingConclusions)}
	if id := f.optionalID(pages.FieldMeetingTask, pages.FieldMeetingTask); id != nil {
		m.TaskID = *id
	}
	m.Number = f.integer(f.str(pages.FieldMeetingNumber), pages.FieldMeetingNumber, true)
	f.rows([]string{pages.FieldMeetingDay}, func(_, _ int, v []string) {
		if d := f.date(v[0], pages.FieldMeetingDays, true); !d.IsZero() {
			m.Days = append(m.Days, d)
		}
	})
	for k, vals := range r.PostForm {
		raw, ok := strings.CutPrefix(k, pages.FieldMeetingAreaPrefix)
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			f.errs.Add(pages.FieldMeetingAttendees, "Lista uczestników w formularzu jest uszkodzona: odśwież stronę.")
			continue
		}
		area := domain.Area(vals[0])
		if vals[0] == pages.MeetingPresentNoArea {
			area = ""
		}
		m.Attendees = append(m.Attendees, domain.MeetingAttendee{PersonID: id, Area: area})
	}
	m.Version = f.version()
	return m, f
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, m *domain.Meeting, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.MeetingFormView{Programme: p, Form: formState(r, errs), Message: message, Token: formToken(r)}
	var err error
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	if m != nil {
		v.ID = m.ID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.MeetingValues(m)
		}
	}
	// The list: the people the form marks present (never every person of
	// the programme: tens of thousands), and those the search found.
	ids := pages.MeetingAttendeeIDs(v.Form.Values)
	if v.Attendees, err = s.store.PersonsByID(ctx, p.ID, ids); err != nil {
		return err
	}
	if r.Method == http.MethodPost && message == "" {
		v.Search = personSearchOf(r.PostForm)
	}
	if err := s.findPersons(r, p, &v.Search, domain.PersonSearch{Exclude: ids}, nil); err != nil {
		return err
	}
	s.render(w, r, status, pages.MeetingForm(v))
	return nil
}

func (s *Server) handleMeetingNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(w, r, http.StatusOK, p, nil, nil, "")
}

func (s *Server) handleMeetingEdit(w http.ResponseWriter, r *http.Request) error {
	p, m, err := recordFromURL(s, r, s.meetingFromURL)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(w, r, http.StatusOK, p, m, nil, "")
}

func (s *Server) handleMeetingSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Meeting
	if chi.URLParam(r, "meetingID") != "" {
		if existing, err = s.meetingFromURL(r, p); err != nil {
			return err
		}
	}
	if r.PostForm.Get(pages.FieldPersonSearchSubmit) != "" {
		// The search of people to add: the form again with what was typed
		// and what was found; nothing is saved.
		return s.renderMeetingForm(w, r, http.StatusOK, p, existing, nil, "")
	}
	m, f := meetingForm(r, p.ID)
	if existing != nil {
		m.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.SaveMeeting(r.Context(), s.actor(r), p, m, r.PostForm.Get(pages.FieldFormToken))
		},
		validate: func() error { return m.Validate(p.Start, p.End, p.Areas) },
		stale: func(msg string) error {
			fresh, err := s.meetingFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderMeetingForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs, "")
		},
		closed: s.closedCheck(r, p, meetingDays(m, existing)...),
	}.run()
	if !saved {
		return err
	}
	msg := "Zapisano spotkanie nr " + strconv.Itoa(m.Number) + "."
	if !domain.NotesContainDate(m.Notes, m.Days) {
		msg += " Uwaga: notatka nie zawiera daty spotkania, więc dowody nie są kompletne."
	}
	s.flash(r, "success", msg)
	redirect(w, r, paths.Meeting(p.ID, m.ID))
	return nil
}

func (s *Server) handleMeetingScanUpload(w http.ResponseWriter, r *http.Request) error {
	p, m, err := recordFromURL(s, r, s.meetingFromURL)
	if err != nil {
		return err
	}
	name, ct, data, msg, err := readScan(r, "lista-spotkania-"+strconv.Itoa(m.Number))
	if err != nil {
		return err
	}
	if msg != "" {
		return s.renderMeeting(w, r, http.StatusUnprocessableEntity, p, m, map[string]string{pages.FieldFile: msg})
	}
	if _, err := s.store.AddMeetingScan(r.Context(), s.actor(r), m.ID, name, ct, data); err != nil {
		return err
	}
	s.flash(r, "success", "Dołączono skan listy obecności spotkania.")
	redirect(w, r, paths.Meeting(p.ID, m.ID))
	return nil
}

func (s *Server) handleMeetingScanDownload(w http.ResponseWriter, r *http.Request) error {
	_, m, err := recordFromURL(s, r, s.meetingFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego skanu tego spotkania.")
	if err != nil {
		return err
	}
	f, data, err := s.store.MeetingScanData(r.Context(), m.ID, fileID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "meeting_scan", m.ID, "skan listy obecności spotkania")
}

// meetingDays are the dates a saved meeting moves: its new days and, for a
// change, its previous ones.
func meetingDays(m, existing *domain.Meeting) []time.Time {
	days := append([]time.Time{}, m.Days...)
	if existing != nil {
		days = append(days, existing.Days...)
	}
	return days
}
