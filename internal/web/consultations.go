package web

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Consultations (konsultacje): an expert's days in a unit, against the plan.

func (s *Server) handleConsultations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	f := consultationFilter(r, pages.ConsultationsPerPage)
	v := pages.ConsultationsView{Programme: p, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork), Offset: f.Offset,
		List: listState(paths.Consultations(p.ID), paths.ConsultationsExport(p.ID), domain.SortConsultations, f.ListQuery,
			pages.ParamUnit, idString(f.UnitID), pages.ParamTask, idString(f.TaskID))}
	if v.Consultations, v.Total, err = s.store.ConsultationList(ctx, p.ID, f); err != nil {
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

// consultationFilter is the consultation list's query (?q=, ?jednostka=,
// ?zadanie=, order, page).
func consultationFilter(r *http.Request, limit int) domain.ConsultationFilter {
	return domain.ConsultationFilter{ListQuery: listQuery(r, domain.SortConsultations, limit), UnitID: queryID(r, pages.ParamUnit),
		TaskID: queryID(r, pages.ParamTask)}
}

func consultationForm(r *http.Request, programmeID int64) (*domain.Consultation, *formReader) {
	f := newFormReader(r)
	c := &domain.Consultation{ProgrammeID: programmeID, Expert: f.str(pages.FieldConsultationExpert), Topic: f.str(pages.FieldConsultationTopic),
		WorkDone: f.str(pages.FieldConsultationWorkDone)}
	if id := f.optionalID(pages.FieldConsultationTask, pages.FieldConsultationTask); id != nil {
		c.TaskID = *id
	}
	if id := f.optionalID(pages.FieldConsultationUnit, pages.FieldConsultationUnit); id != nil {
		c.UnitID = *id
	}
	c.Day = f.date(f.str(pages.FieldConsultationDay), pages.FieldConsultationDay, true)
	c.Hours = f.decimal(f.str(pages.FieldConsultationHours), pages.FieldConsultationHours, true)
	c.Days = f.decimal(f.str(pages.FieldConsultationDays), pages.FieldConsultationDays, true)
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
		v.Form.Values = map[string][]string{pages.FieldConsultationExpert: {webctx.User(ctx).DisplayName}, pages.FieldConsultationHours: {"8"}, pages.FieldConsultationDays: {"1"}}
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
	p, c, err := recordFromURL(s, r, s.consultationFromURL)
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
			return s.store.SaveConsultation(r.Context(), s.actor(r), p, c, r.PostForm.Get(pages.FieldFormToken))
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
		closed: s.closedCheck(r, p, consultationDays(c, existing)...),
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano konsultację.")
	redirect(w, r, paths.Consultations(p.ID))
	return nil
}

// consultationDays are the dates a saved consultation moves: its new one
// and, for a change, its previous one.
func consultationDays(c *domain.Consultation, existing *domain.ConsultationRow) []time.Time {
	days := []time.Time{c.Day}
	if existing != nil {
		days = append(days, existing.Day)
	}
	return days
}
