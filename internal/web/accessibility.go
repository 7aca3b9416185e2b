package web

import (
	"net/http"
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The accessibility statement (deklaracja dostępności) and the requests for
// accessibility (art. 18 of the ustawa o dostępności cyfrowej): public
// pages for everyone, signed in or not, and the administrators' pages.

func (s *Server) handleStatement(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.AccessibilityStatement(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Statement(pages.StatementView{Statement: st,
		CanEdit: webctx.User(r.Context()).Can(domain.PermManageAccessibility)}))
	return nil
}

func (s *Server) handleStatementEdit(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.AccessibilityStatement(r.Context())
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	v := pages.StatementFormView{Exists: st != nil, Form: components.Form{Values: map[string][]string{pages.FieldVersion: {"0"}}}}
	if st != nil {
		v.Form.Values = pages.StatementValues(st)
	}
	s.render(w, r, http.StatusOK, pages.StatementForm(v))
	return nil
}

func statementForm(r *http.Request) (*domain.AccessibilityStatement, *formReader) {
	f := newFormReader(r)
	date := func(field string) time.Time { return f.date(f.str(field), field, false) }
	st := &domain.AccessibilityStatement{Entity: f.str(pages.FieldA11yEntity), URL: f.str(pages.FieldA11yURL),
		PublishedOn: date(pages.FieldA11yPublishedOn), UpdatedOn: date(pages.FieldA11yUpdatedOn), Status: domain.A11yStatus(f.str(pages.FieldA11yStatus)),
		NonAccessible: f.str(pages.FieldA11yNonAccessible), PreparedOn: date(pages.FieldA11yPreparedOn), ReviewedOn: date(pages.FieldA11yReviewedOn),
		Assessment: f.str(pages.FieldA11yAssessment), Auditor: f.str(pages.FieldA11yAuditor), ContactPerson: f.str(pages.FieldA11yContact),
		Email: f.str(pages.FieldA11yEmail), Phone: f.str(pages.FieldA11yPhone), Procedure: f.str(pages.FieldA11yProcedure),
		Architecture: f.str(pages.FieldA11yArchitecture), Apps: f.str(pages.FieldA11yApps)}
	// The first statement is saved from version 0; a missing or altered
	// version is -1, refused as stale.
	st.Version = f.version()
	return st, f
}

func (s *Server) handleStatementSave(w http.ResponseWriter, r *http.Request) error {
	st, f := statementForm(r)
	show := func(status int, message string, fresh *domain.AccessibilityStatement) error {
		v := pages.StatementFormView{Form: formState(r, f.errs), Message: message, Exists: st.Version > 0}
		if fresh != nil {
			v.Form.Values, v.Exists = pages.StatementValues(fresh), true
		}
		s.render(w, r, status, pages.StatementForm(v))
		return nil
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveAccessibilityStatement(r.Context(), s.actor(r), st) },
		validate: st.Validate,
		stale: func(msg string) error {
			fresh, err := s.store.AccessibilityStatement(r.Context())
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				r.PostForm.Set(pages.FieldVersion, "0") // none yet: the next save creates it
				st.Version = 0
				return show(http.StatusConflict, msg, nil)
			} else if err != nil {
				return err
			}
			f.errs = nil
			return show(http.StatusConflict, msg, fresh)
		},
		invalid: func() error { return show(http.StatusUnprocessableEntity, "", nil) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano deklarację dostępności.")
	redirect(w, r, paths.AdminAccessibility())
	return nil
}

func (s *Server) handleA11yRequestPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, pages.A11yRequestForm(pages.A11yRequestFormView{}))
	return nil
}

// handleA11yRequestSend takes a request from the public form: a robot that
// filled the hidden field is thanked and nothing is kept; each address
// sends at most domain.A11yRequestsPerAddress requests an hour.
func (s *Server) handleA11yRequestSend(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r)
	q := &domain.AccessibilityRequest{Element: f.str(pages.FieldA11yElement), Request: f.str(pages.FieldA11yRequest),
		Alternative: f.str(pages.FieldA11yAlternative), Name: f.str(pages.FieldA11yName), Email: f.str(pages.FieldA11yEmail), Phone: f.str(pages.FieldA11yPhone)}
	robot := f.str(pages.FieldA11yWebsite) != ""
	show := func(status int, message string) error {
		s.render(w, r, status, pages.A11yRequestForm(pages.A11yRequestFormView{Form: formState(r, f.errs), Message: message}))
		return nil
	}
	if !robot {
		if err := f.validate(q.Validate()); err != nil {
			return err
		}
		if len(f.errs) > 0 {
			return show(http.StatusUnprocessableEntity, "")
		}
	}
	now := s.now()
	if ok, wait := s.a11yRequests.allow(s.clientAddr(r), now); !ok {
		until := now.Add(wait)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return show(http.StatusTooManyRequests, "Z tego adresu wysłano w ostatniej godzinie zbyt wiele żądań. Spróbuj ponownie po godzinie "+
			components.Time(until)+" albo napisz lub zadzwoń na adres i numer podane w deklaracji dostępności.")
	}
	if !robot {
		err := s.store.CreateAccessibilityRequest(r.Context(), q)
		if mergeErrors(f.errs, err) {
			return show(http.StatusUnprocessableEntity, "")
		} else if err != nil {
			return err
		}
	}
	redirect(w, r, paths.AccessibilityRequestSent())
	return nil
}

func (s *Server) handleA11yRequestSent(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, pages.A11yRequestSent())
	return nil
}

func (s *Server) handleA11yRequests(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.store.AccessibilityRequests(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.A11yRequests(pages.A11yRequestsView{Requests: qs, Today: s.today()}))
	return nil
}

func (s *Server) a11yRequestFromURL(r *http.Request) (*domain.AccessibilityRequest, error) {
	id, err := idParam(r, "requestID", "Nie ma takiego żądania zapewnienia dostępności.")
	if err != nil {
		return nil, err
	}
	return s.store.AccessibilityRequest(r.Context(), id)
}

func (s *Server) handleA11yRequest(w http.ResponseWriter, r *http.Request) error {
	q, err := s.a11yRequestFromURL(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.A11yRequest(pages.A11yRequestView{Request: q, Today: s.today(),
		Form: components.Form{Values: pages.A11yRequestValues(q)}}))
	return nil
}

func (s *Server) handleA11yRequestSave(w http.ResponseWriter, r *http.Request) error {
	q, err := s.a11yRequestFromURL(r)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	c := domain.A11yRequestChange{Status: domain.A11yRequestStatus(f.str(pages.FieldA11yStatus)), Answer: f.str(pages.FieldA11yAnswer), Version: f.version()}
	saved, err := saveFlow{f: f,
		save: func() error {
			_, err := s.store.UpdateAccessibilityRequest(r.Context(), s.actor(r), q.ID, c)
			return err
		},
		validate: c.Validate,
		stale: func(msg string) error {
			fresh, err := s.a11yRequestFromURL(r)
			if err != nil {
				return err
			}
			s.render(w, r, http.StatusConflict, pages.A11yRequest(pages.A11yRequestView{Request: fresh, Today: s.today(),
				Form: components.Form{Values: pages.A11yRequestValues(fresh)}, Message: msg}))
			return nil
		},
		invalid: func() error {
			s.render(w, r, http.StatusUnprocessableEntity, pages.A11yRequest(pages.A11yRequestView{Request: q, Today: s.today(), Form: formState(r, f.errs)}))
			return nil
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano odpowiedź na żądanie z "+components.Date(q.ReceivedOn())+".")
	redirect(w, r, paths.AdminAccessibilityRequest(q.ID))
	return nil
}

// a11yHome is the start page's accessibility notice for those who manage
// it: the statement's yearly review and the requests past their deadline.
func (s *Server) a11yHome(r *http.Request) (*pages.A11yHome, error) {
	if !webctx.User(r.Context()).Can(domain.PermManageAccessibility) {
		return nil, nil
	}
	today := s.today()
	var last *time.Time
	st, err := s.store.AccessibilityStatement(r.Context())
	switch {
	case err == nil:
		last = &st.ReviewedOn
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}
	h := &pages.A11yHome{Review: domain.StatementReview(last, today)}
	qs, err := s.store.AccessibilityRequests(r.Context())
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		if q.Overdue(today) {
			h.Overdue++
		}
	}
	return h, nil
}
