package web

// CAF self-assessment: the programme's hub, an assessment's page and the
// form of its group and dates (caf_scoring.go: a member's own scoring).

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handleCAF is the programme's CAF hub: per unit its assessments; users
// bound to units see their own units only.
func (s *Server) handleCAF(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(r.Context())
	var units []int64
	if ids, limited := u.UnitScope(); limited {
		units = append([]int64{}, ids...)
	}
	list, err := s.store.CAFAssessments(r.Context(), p.ID, units)
	if err != nil {
		return err
	}
	totals, err := s.store.CAFSignedTotals(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := pages.CAFHubView{Programme: p, CanRun: u.Can(domain.PermRunCAF)}
	for _, a := range list {
		if n := len(v.Units); n == 0 || v.Units[n-1].Rows[0].A.UnitID != a.UnitID {
			v.Units = append(v.Units, pages.CAFHubUnit{Name: a.UnitName})
		}
		row := pages.CAFHubRow{A: a, Link: domain.CAFRightsOf(u, a).Read}
		if t, ok := totals[a.ID]; ok && !a.SignedOn.IsZero() {
			row.Total = domain.FormatPoints(t)
		}
		last := &v.Units[len(v.Units)-1]
		last.Rows = append(last.Rows, row)
	}
	s.render(w, r, http.StatusOK, pages.CAFHub(v))
	return nil
}

// handleCAFAssessment is an assessment's page.
func (s *Server) handleCAFAssessment(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafFromURL(r)
	if err != nil {
		return err
	}
	me := a.Member(webctx.User(r.Context()).ID)
	leader := rights.Member && me != nil && me.Leader
	v := pages.CAFAssessmentView{Programme: p, A: a, Rights: rights, Subs: len(a.Model().Subs()),
		OpenConsensus: leader && a.Stage == domain.CAFStageScoring,
		ShowProgress:  rights.Facilitate || leader}
	s.render(w, r, http.StatusOK, pages.CAFAssessmentPage(v))
	return nil
}

// cafDefaults are a new assessment's dates: from today (within the
// programme) for about three months.
func (s *Server) cafDefaults(p *domain.Programme) map[string][]string {
	start := s.today()
	if start.Before(p.Start) || start.After(p.End) {
		start = p.Start
	}
	end := start.AddDate(0, 3, 0)
	if end.After(p.End) {
		end = p.End
	}
	return map[string][]string{domain.FieldCAFMethod: {string(domain.CAFClassical)},
		domain.FieldCAFStartsOn: {start.Format(time.DateOnly)}, domain.FieldCAFEndsOn: {end.Format(time.DateOnly)}}
}

// handleCAFNew is the form of a new assessment: step 1 picks the unit
// (?unit=ID reloads the form with its people), step 2 the rest.
func (s *Server) handleCAFNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	r.PostForm = s.cafDefaults(p)
	var unit int64
	errs := map[string]string{}
	if r.URL.Query().Has(domain.FieldCAFUnit) {
		unit, _ = strconv.ParseInt(r.URL.Query().Get(domain.FieldCAFUnit), 10, 64)
		if unit <= 0 {
			unit = 0
			errs[domain.FieldCAFUnit] = "Wybierz jednostkę uczestniczącą w programie."
		}
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.renderCAFForm(w, r, status, p, nil, unit, errs, "")
}

// renderCAFForm shows the assessment form for unit (0: none chosen yet).
func (s *Server) renderCAFForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	unit int64, errs map[string]string, msg string) error {
	v := pages.CAFFormView{Programme: p, Assessment: a, Form: formState(r, errs), Message: msg}
	if a != nil {
		unit = a.UnitID
		v.UnitName = a.UnitName
	} else {
		parts, err := s.store.Participations(r.Context(), p.ID)
		if err != nil {
			return err
		}
		v.Units = parts
		for _, pt := range parts {
			if pt.Unit.ID == unit {
				v.UnitName = pt.Unit.Name
			}
		}
		if unit != 0 && v.UnitName == "" {
			if v.Form.Errors == nil {
				v.Form.Errors = map[string]string{}
			}
			v.Form.Errors[domain.FieldCAFUnit] = "Wybierz jednostkę uczestniczącą w programie."
			if status == http.StatusOK {
				status = http.StatusUnprocessableEntity
			}
			unit = 0
		}
	}
	v.UnitID = unit
	if unit != 0 {
		cands, err := s.store.CAFCandidates(r.Context(), unit)
		if err != nil {
			return err
		}
		if a != nil { // members no longer candidates (e.g. moved) stay listed
			for _, m := range a.Members {
				if !slices.ContainsFunc(cands, func(c domain.CAFMember) bool { return c.UserID == m.UserID }) {
					cands = append(cands, m)
				}
			}
		}
		v.Candidates = cands
	}
	s.render(w, r, status, pages.CAFForm(v))
	return nil
}

// cafForm reads the assessment form.
func cafForm(r *http.Request) (*domain.CAFAssessment, *formReader) {
	f := newFormReader(r)
	a := &domain.CAFAssessment{Edition: domain.CAF2020, Method: domain.CAFMethod(f.str(domain.FieldCAFMethod))}
	if id := f.optionalID(domain.FieldCAFUnit, domain.FieldCAFUnit); id != nil {
		a.UnitID = *id
	}
	a.StartsOn = f.date(f.str(domain.FieldCAFStartsOn), domain.FieldCAFStartsOn, false)
	a.EndsOn = f.date(f.str(domain.FieldCAFEndsOn), domain.FieldCAFEndsOn, false)
	members := f.ids(domain.FieldCAFMembers, domain.FieldCAFMembers)
	leader := f.optionalID(domain.FieldCAFLeader, domain.FieldCAFLeader)
	if leader != nil && !slices.Contains(members, *leader) {
		// the leader is always a member of the group
		members = append(members, *leader)
		r.PostForm[domain.FieldCAFMembers] = append(r.PostForm[domain.FieldCAFMembers], strconv.FormatInt(*leader, 10))
	}
	for _, id := range members {
		a.Members = append(a.Members, domain.CAFMember{UserID: id, Leader: leader != nil && *leader == id})
	}
	return a, f
}

// handleCAFCreate opens a unit's next assessment with its group.
func (s *Server) handleCAFCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	a, f := cafForm(r)
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.CreateCAFAssessment(r.Context(), s.actor(r), p, a) },
		validate: func() error { return a.Validate(p) },
		invalid: func() error {
			return s.renderCAFForm(w, r, http.StatusUnprocessableEntity, p, nil, a.UnitID, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Rozpoczęto samoocenę CAF (cykl "+strconv.Itoa(a.Cycle)+").")
	s.redirectFlash(w, r, paths.CAFAssessment(p.ID, a.ID)+"#samoocena")
	return nil
}

// handleCAFEdit is the form of an assessment's dates, method and group.
func (s *Server) handleCAFEdit(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, func(x domain.CAFRights) bool { return x.Facilitate })
	if err != nil {
		return err
	}
	r.PostForm = pages.CAFValues(a)
	msg := ""
	if a.Stage != domain.CAFStageScoring {
		msg = domain.ErrorMessage(store.ErrCAFScoringClosed) + " Zespołu, terminów ani sposobu oceniania nie można już zmienić."
	}
	return s.renderCAFForm(w, r, http.StatusOK, p, a, 0, nil, msg)
}

// handleCAFUpdate saves an assessment's dates, method and group.
func (s *Server) handleCAFUpdate(w http.ResponseWriter, r *http.Request) error {
	p, old, _, err := s.cafRequire(r, func(x domain.CAFRights) bool { return x.Facilitate })
	if err != nil {
		return err
	}
	a, f := cafForm(r)
	a.ID, a.UnitID, a.Edition = old.ID, old.UnitID, old.Edition
	version := f.version()
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.UpdateCAFAssessment(r.Context(), s.actor(r), p, a, version) },
		validate: func() error { return a.Validate(p) },
		stale: func(msg string) error {
			fresh, err := s.store.CAFAssessment(r.Context(), p.ID, old.ID)
			if err != nil {
				return err
			}
			r.PostForm = pages.CAFValues(fresh)
			return s.renderCAFForm(w, r, http.StatusConflict, p, fresh, 0, nil, msg)
		},
		invalid: func() error {
			return s.renderCAFForm(w, r, http.StatusUnprocessableEntity, p, old, 0, f.errs, "")
		},
	}.run()
	if !saved {
		if domain.ErrorCode(err) == domain.EINVALID && len(domain.FieldErrors(err)) == 0 {
			// the scoring closed meanwhile
			return s.renderCAFForm(w, r, http.StatusUnprocessableEntity, p, old, 0, nil, domain.ErrorMessage(err))
		}
		return err
	}
	s.flash(r, "success", "Zapisano zmiany samooceny.")
	s.redirectFlash(w, r, paths.CAFAssessment(p.ID, a.ID)+"#samoocena")
	return nil
}
