package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

// --- consultations (konsultacje)

func (s *Server) handleConsultations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	v := pages.ConsultationsView{Programme: p, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork), Offset: offsetParam(r)}
	if v.Consultations, v.Total, err = s.store.ConsultationsPage(ctx, p.ID, v.Offset, pages.ConsultationsPerPage); err != nil {
		return err
	}
	if v.Delivered, err = s.store.ConsultationDays(ctx, p.ID); err != nil {
		return err
	}
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Consultations(v))
	return nil
}

func consultationForm(r *http.Request, programmeID int64) (*domain.Consultation, *formReader) {
	f := newFormReader(r)
	c := &domain.Consultation{ProgrammeID: programmeID, Expert: f.str("expert"), Topic: f.str("topic"), WorkDone: f.str("work_done")}
	if id := f.optionalID("task", "task"); id != nil {
		c.TaskID = *id
	}
	if id := f.optionalID("unit", "unit"); id != nil {
		c.UnitID = *id
	}
	c.Day = f.date(f.str("day"), "day", true)
	c.Hours = f.decimal(f.str("hours"), "hours", true)
	c.Days = f.decimal(f.str("days"), "days", true)
	c.Version = f.version()
	return c, f
}

func (s *Server) renderConsultationForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, c *domain.ConsultationRow, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.ConsultationFormView{Programme: p, Form: formState(r, errs), Message: message, Token: formToken(r)}
	var err error
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	if c != nil {
		v.ID = c.ID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.ConsultationValues(&c.Consultation)
		}
	} else if r.Method == http.MethodGet {
		v.Form.Values = map[string][]string{"expert": {webctx.User(ctx).DisplayName}, "hours": {"8"}, "days": {"1"}}
	}
	s.render(w, r, status, pages.ConsultationForm(v))
	return nil
}

func (s *Server) handleConsultationNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderConsultationForm(w, r, http.StatusOK, p, nil, nil, "")
}

func (s *Server) consultationFromURL(r *http.Request, p *domain.Programme) (*domain.ConsultationRow, error) {
	id, err := idParam(r, "consultationID", "Nie ma takiej konsultacji w tym programie.")
	if err != nil {
		return nil, err
	}
	c, err := s.store.Consultation(r.Context(), p.ID, id)
	return &c, err
}

func (s *Server) handleConsultationEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	c, err := s.consultationFromURL(r, p)
	if err != nil {
		return err
	}
	return s.renderConsultationForm(w, r, http.StatusOK, p, c, nil, "")
}

func (s *Server) handleConsultationSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.ConsultationRow
	if chi.URLParam(r, "consultationID") != "" {
		if existing, err = s.consultationFromURL(r, p); err != nil {
			return err
		}
	}
	c, f := consultationForm(r, p.ID)
	if existing != nil {
		c.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.SaveConsultation(r.Context(), s.actor(r), p, c, r.PostForm.Get("form_token"))
		},
		validate: func() error { return c.Validate(p.Start, p.End) },
		stale: func(msg string) error {
			fresh, err := s.consultationFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderConsultationForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderConsultationForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano konsultację.")
	redirect(w, r, programmeURL(p)+"/consultations")
	return nil
}

// --- meetings (spotkania grupy dobrych praktyk)

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	v := pages.MeetingsView{Programme: p, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork)}
	if v.Meetings, err = s.store.Meetings(ctx, p.ID); err != nil {
		return err
	}
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Meetings(v))
	return nil
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
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	m, err := s.meetingFromURL(r, p)
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, http.StatusOK, p, m, nil)
}

func meetingForm(r *http.Request, programmeID int64) (*domain.Meeting, *formReader) {
	f := newFormReader(r)
	m := &domain.Meeting{ProgrammeID: programmeID, Place: f.str("place"), WithManagement: r.PostForm.Get("with_management") != "",
		Experts: f.str("experts"), Notes: f.str("notes"), Conclusions: f.str("conclusions")}
	if id := f.optionalID("task", "task"); id != nil {
		m.TaskID = *id
	}
	m.Number = f.integer(f.str("number"), "number", true)
	f.rows([]string{"day"}, func(_, _ int, v []string) {
		if d := f.date(v[0], "days", true); !d.IsZero() {
			m.Days = append(m.Days, d)
		}
	})
	for k, vals := range r.PostForm {
		raw, ok := strings.CutPrefix(k, "area_")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			f.errs.Add("attendees", "Lista uczestników w formularzu jest uszkodzona: odśwież stronę.")
			continue
		}
		m.Attendees = append(m.Attendees, domain.MeetingAttendee{PersonID: id, Area: domain.Area(vals[0])})
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
	if v.Persons, err = s.store.Persons(ctx, p.ID); err != nil {
		return err
	}
	if m != nil {
		v.ID = m.ID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.MeetingValues(m)
		}
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
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	m, err := s.meetingFromURL(r, p)
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
	m, f := meetingForm(r, p.ID)
	if existing != nil {
		m.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveMeeting(r.Context(), s.actor(r), p, m, r.PostForm.Get("form_token")) },
		validate: func() error { return m.Validate(p.Start, p.End) },
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
	}.run()
	if !saved {
		return err
	}
	msg := "Zapisano spotkanie nr " + strconv.Itoa(m.Number) + "."
	if !domain.NotesContainDate(m.Notes, m.Days) {
		msg += " Uwaga: notatka nie zawiera daty spotkania, więc dowody nie są kompletne."
	}
	s.flash(r, "success", msg)
	redirect(w, r, programmeURL(p)+"/meetings/"+strconv.FormatInt(m.ID, 10))
	return nil
}

func (s *Server) handleMeetingScanUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	m, err := s.meetingFromURL(r, p)
	if err != nil {
		return err
	}
	name, ct, data, msg, err := readScan(r, "lista-spotkania-"+strconv.Itoa(m.Number))
	if err != nil {
		return err
	}
	if msg != "" {
		return s.renderMeeting(w, r, http.StatusUnprocessableEntity, p, m, map[string]string{"file": msg})
	}
	if _, err := s.store.AddMeetingScan(r.Context(), s.actor(r), m.ID, name, ct, data); err != nil {
		return err
	}
	s.flash(r, "success", "Dołączono skan listy obecności spotkania.")
	redirect(w, r, programmeURL(p)+"/meetings/"+strconv.FormatInt(m.ID, 10))
	return nil
}

func (s *Server) handleMeetingScanDownload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	m, err := s.meetingFromURL(r, p)
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

// --- good-practice register (dobre praktyki)

func (s *Server) handlePractices(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	filter := domain.PracticeFilter{Query: strings.TrimSpace(q.Get("q")), Area: domain.Area(q.Get("obszar")), Accepted: q.Get("przyjete") != ""}
	if len(filter.Query) > 200 {
		filter.Query = filter.Query[:200]
	}
	if filter.Area != "" && filter.Area != domain.AreaP && filter.Area != domain.AreaN {
		filter.Area = ""
	}
	if id, err := strconv.ParseInt(q.Get("jednostka"), 10, 64); err == nil && id > 0 {
		filter.UnitID = id
	}
	v := pages.PracticesView{Programme: p, Filter: filter, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork)}
	if v.Practices, err = s.store.GoodPractices(ctx, p.ID, filter); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Practices(v))
	return nil
}

func (s *Server) practiceFromURL(r *http.Request, p *domain.Programme) (*domain.GoodPractice, error) {
	id, err := idParam(r, "practiceID", "Nie ma takiej dobrej praktyki w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.GoodPractice(r.Context(), p.ID, id)
}

func (s *Server) handlePractice(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	g, err := s.practiceFromURL(r, p)
	if err != nil {
		return err
	}
	meetings, err := s.store.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Practice(pages.PracticeView{Programme: p, Practice: g, Meetings: meetings,
		CanRecord: webctx.User(ctx).Can(domain.PermRecordWork)}))
	return nil
}

func practiceForm(r *http.Request, programmeID int64) (*domain.GoodPractice, *formReader) {
	f := newFormReader(r)
	g := &domain.GoodPractice{ProgrammeID: programmeID, Title: f.str("title"), Area: domain.Area(f.str("area")),
		Description: f.str("description"), Results: f.str("results"), WhyResults: f.str("why_results"),
		WhyInnovative: f.str("why_innovative"), WhyDurable: f.str("why_durable"), WhyTransferable: f.str("why_transferable"),
		Status: domain.PracticeStatus(f.str("status"))}
	if id := f.optionalID("unit", "unit"); id != nil {
		g.UnitID = *id
	}
	g.MeetingIDs = f.ids("meetings", "meetings")
	g.Version = f.version()
	return g, f
}

func (s *Server) renderPracticeForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, g *domain.GoodPractice, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.PracticeFormView{Programme: p, Form: formState(r, errs), Message: message, Token: formToken(r)}
	var err error
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	if v.Meetings, err = s.store.Meetings(ctx, p.ID); err != nil {
		return err
	}
	if g != nil {
		v.ID = g.ID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.PracticeValues(g)
		}
	} else if r.Method == http.MethodGet {
		v.Form.Values = map[string][]string{"status": {string(domain.PracticeProposed)}}
	}
	s.render(w, r, status, pages.PracticeForm(v))
	return nil
}

func (s *Server) handlePracticeNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, http.StatusOK, p, nil, nil, "")
}

func (s *Server) handlePracticeEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	g, err := s.practiceFromURL(r, p)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, http.StatusOK, p, g, nil, "")
}

func (s *Server) handlePracticeSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.GoodPractice
	if chi.URLParam(r, "practiceID") != "" {
		if existing, err = s.practiceFromURL(r, p); err != nil {
			return err
		}
	}
	g, f := practiceForm(r, p.ID)
	if existing != nil {
		g.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.SaveGoodPractice(r.Context(), s.actor(r), g, r.PostForm.Get("form_token"))
		},
		validate: g.Validate,
		stale: func(msg string) error {
			fresh, err := s.practiceFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderPracticeForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderPracticeForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano dobrą praktykę „"+g.Title+"”.")
	redirect(w, r, programmeURL(p)+"/practices/"+strconv.FormatInt(g.ID, 10))
	return nil
}

// handlePracticeSet prints the set of accepted practices with the
// conclusions and recommendations of the meetings (the product of PZ2).
func (s *Server) handlePracticeSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	practices, err := s.store.GoodPractices(ctx, p.ID, domain.PracticeFilter{Accepted: true})
	if err != nil {
		return err
	}
	meetings, err := s.store.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	set := pdf.PracticeSet{ProgrammeTitle: p.Title, FundingLine: p.FundingLine}
	for _, g := range practices {
		set.Practices = append(set.Practices, pdf.Practice{Title: g.Title, Unit: g.UnitName, Area: string(g.Area), Description: g.Description,
			Results: g.Results, Criteria: [4]string{g.WhyResults, g.WhyInnovative, g.WhyDurable, g.WhyTransferable}})
	}
	for _, ms := range meetings {
		m, err := s.store.Meeting(ctx, p.ID, ms.ID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(m.Conclusions) != "" {
			set.Conclusions = append(set.Conclusions, pdf.Conclusion{Meeting: "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + pages.DayList(m.Days) + ")", Text: m.Conclusions})
		}
	}
	var buf bytes.Buffer
	if err := pdf.WritePracticeSet(&buf, set); err != nil {
		return err
	}
	download(w, "application/pdf", "zestaw-dobrych-praktyk.pdf", buf.Bytes())
	return nil
}
