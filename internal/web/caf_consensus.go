package web

import (
	"net/http"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The CAF consensus (issue 17): the leader opens it, the group agrees a
// score per sub-criterion (members' scores side by side, disputed ones
// first), and the leader hands it to the unit's manager (caf_sign.go).

// invalidAs returns the messages of a refused input (EINVALID or
// ECONFLICT): the error's field messages, or its message under field; nil
// for any other error.
func invalidAs(err error, field string) domain.Validation {
	if c := domain.ErrorCode(err); c != domain.EINVALID && c != domain.ECONFLICT {
		return nil
	}
	v := domain.Validation{}
	for k, m := range domain.FieldErrors(err) {
		v.Add(k, m)
	}
	if len(v) == 0 {
		v.Add(field, domain.ErrorMessage(err))
	}
	return v
}

// handleCAFConsensusOpen ends individual scoring: only the group's leader,
// while the members score.
func (s *Server) handleCAFConsensusOpen(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafFromURL(r)
	if err != nil {
		return err
	}
	l := a.Leader()
	if !rights.Member || l == nil || l.UserID != webctx.User(r.Context()).ID || a.Stage != domain.CAFStageScoring {
		return errCAFForbidden
	}
	if err := s.store.OpenCAFConsensus(r.Context(), s.actor(r), a); err != nil {
		if invalidAs(err, "") == nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, pages.CAFOpenRefused(pages.CAFOpenRefusedView{Programme: p, A: a,
			Message: domain.ErrorMessage(err)}))
		return nil
	}
	s.flash(r, "success", "Otwarto konsensus: ocenianie indywidualne zakończone. Uzgodnijcie ocenę każdego podkryterium.")
	redirect(w, r, paths.CAFConsensus(p.ID, a.ID))
	return nil
}

func seeConsensus(r domain.CAFRights) bool { return r.SeeAllScores || r.SeeWork }

// cafWorkConsensus is the version in work, or else the latest signed one
// (nil before the consensus opens).
func (s *Server) cafWorkConsensus(r *http.Request, a *domain.CAFAssessment) (*domain.CAFConsensus, error) {
	c, err := s.store.CAFConsensus(r.Context(), a.ID, false)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		c, err = s.store.CAFConsensus(r.Context(), a.ID, true)
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// handleCAFConsensus is the consensus page.
func (s *Server) handleCAFConsensus(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, seeConsensus)
	if err != nil {
		return err
	}
	return s.renderCAFConsensus(w, r, http.StatusOK, p, a, rights, nil)
}

func (s *Server) renderCAFConsensus(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	rights domain.CAFRights, errs map[string]string) error {
	c, err := s.cafWorkConsensus(r, a)
	if err != nil {
		return err
	}
	v := pages.CAFConsensusView{Programme: p, A: a, Rights: rights, Consensus: c, Errors: errs, CanSign: rights.Sign}
	var group map[int64]map[string]*domain.CAFScore
	if rights.SeeAllScores {
		if group, err = s.store.CAFGroupScores(r.Context(), a.ID); err != nil {
			return err
		}
		for _, m := range a.Members {
			if m.SubmittedAt != nil {
				v.Members = append(v.Members, m)
			}
		}
	}
	m := a.Model()
	spreads := make([]domain.CAFSpread, 0, len(m.Subs()))
	for _, sub := range m.Subs() {
		scores := make([]*float64, 0, len(v.Members))
		for _, mb := range v.Members {
			var x *float64
			if sc := group[mb.UserID][sub.Code]; sc != nil {
				x = sc.Score
			}
			scores = append(scores, x)
		}
		spreads = append(spreads, domain.SpreadOf(sub, scores))
	}
	domain.SortDisputedFirst(spreads)
	for _, sp := range spreads {
		row := pages.CAFSpreadRow{CAFSpread: sp}
		if c != nil {
			row.Agreed = c.Scores[sp.Sub.Code]
		}
		v.Rows = append(v.Rows, row)
	}
	if c != nil {
		v.Missing = len(c.MissingSubs(m, a.Method))
	} else {
		v.Missing = len(m.Subs())
	}
	versions, err := s.store.CAFConsensusVersions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	v.Versions = cafVisibleVersions(versions, rights)
	s.render(w, r, status, pages.CAFConsensusPage(v))
	return nil
}

// handleCAFConsensusSubmit hands the consensus to the unit's manager.
func (s *Server) handleCAFConsensusSubmit(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, func(r domain.CAFRights) bool { return r.Lead })
	if err != nil {
		return err
	}
	if err := s.store.SubmitCAFConsensus(r.Context(), s.actor(r), a); err != nil {
		errs := invalidAs(err, domain.FieldCAFScore)
		if errs == nil {
			return err
		}
		return s.renderCAFConsensus(w, r, http.StatusUnprocessableEntity, p, a, rights, errs)
	}
	s.flash(r, "success", "Przekazano konsensus kierownikowi jednostki do podpisu.")
	redirect(w, r, paths.CAFConsensus(p.ID, a.ID))
	return nil
}

// cafScoreValues are the form values of an agreed score.
func cafScoreValues(a *domain.CAFAssessment, sc *domain.CAFScore, result bool) map[string][]string {
	v := map[string][]string{}
	if sc == nil {
		return v
	}
	if sc.Score != nil {
		v[domain.FieldCAFScore] = []string{strconv.FormatFloat(*sc.Score, 'f', -1, 64)}
	}
	for _, p := range sc.Parts(a.Method, result) {
		if *p.Value != nil {
			v[p.Field] = []string{strconv.Itoa(**p.Value)}
		}
	}
	v[domain.FieldCAFJustification] = []string{sc.Justification}
	v[domain.FieldCAFStrengths] = []string{sc.Strengths}
	v[domain.FieldCAFImprovements] = []string{sc.Improvements}
	return v
}

// handleCAFConsensusForm is one sub-criterion's agreed score.
func (s *Server) handleCAFConsensusForm(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, seeConsensus)
	if err != nil {
		return err
	}
	sub, cr, _, _, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	c, err := s.cafWorkConsensus(r, a)
	if err != nil {
		return err
	}
	var sc *domain.CAFScore
	if c != nil {
		sc = c.Scores[sub.Code]
	}
	return s.renderCAFConsensusForm(w, r, http.StatusOK, p, a, rights, sub, cr,
		components.Form{Values: cafScoreValues(a, sc, cr.Result)}, c != nil && c.Status == domain.ConsensusDraft)
}

func (s *Server) renderCAFConsensusForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	rights domain.CAFRights, sub domain.CAFSub, cr *domain.CAFCriterion, f components.Form, draft bool) error {
	v := pages.CAFConsensusFormView{Programme: p, A: a, Sub: sub, Criterion: cr, Form: f, CanSave: rights.Lead && draft,
		Parts: (&domain.CAFScore{}).Parts(a.Method, cr.Result)}
	subs := a.Model().Subs()
	for i, x := range subs {
		if x.Code == sub.Code && i+1 < len(subs) {
			v.Next = subs[i+1].Code
		}
	}
	if rights.SeeAllScores {
		group, err := s.store.CAFGroupScores(r.Context(), a.ID)
		if err != nil {
			return err
		}
		files, err := s.store.CAFGroupScoreFiles(r.Context(), a.ID)
		if err != nil {
			return err
		}
		for _, m := range a.Members {
			if sc := group[m.UserID][sub.Code]; sc != nil && m.SubmittedAt != nil {
				v.Members = append(v.Members, pages.CAFMemberScore{Name: m.Name, Score: sc, Files: files[m.UserID][sub.Code]})
			}
		}
	}
	s.render(w, r, status, pages.CAFConsensusFormPage(v))
	return nil
}

// handleCAFConsensusSave records one sub-criterion's agreed score.
func (s *Server) handleCAFConsensusSave(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, func(r domain.CAFRights) bool { return r.Lead })
	if err != nil {
		return err
	}
	sub, cr, _, _, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	sc := &domain.CAFScore{Sub: sub.Code, Justification: f.str(domain.FieldCAFJustification),
		Strengths: f.str(domain.FieldCAFStrengths), Improvements: f.str(domain.FieldCAFImprovements)}
	if parts := sc.Parts(a.Method, cr.Result); len(parts) == 0 {
		if n, ok := domain.ParseCAFPoints(f.str(domain.FieldCAFScore)); !ok {
			f.errs.Add(domain.FieldCAFScore, domain.CAFPointsMessage)
		} else if n != nil {
			x := float64(*n)
			sc.Score = &x
		}
	} else {
		for _, part := range parts {
			n, ok := domain.ParseCAFPoints(f.str(part.Field))
			if !ok {
				f.errs.Add(part.Field, domain.CAFPointsMessage)
			}
			*part.Value = n
		}
		sc.Compute(a.Method, cr.Result)
	}
	if len(f.errs) == 0 {
		err := s.store.SaveCAFConsensusScore(r.Context(), s.actor(r), a, sc)
		if err != nil {
			general := domain.FieldCAFScore // a message about the whole score goes beside its first field
			if parts := sc.Parts(a.Method, cr.Result); len(parts) > 0 {
				general = parts[0].Field
			}
			errs := invalidAs(err, general)
			if errs == nil {
				return err
			}
			f.errs = errs
		}
	}
	if len(f.errs) > 0 {
		return s.renderCAFConsensusForm(w, r, http.StatusUnprocessableEntity, p, a, rights, sub, cr, formState(r, f.errs), true)
	}
	next := paths.CAFConsensus(p.ID, a.ID)
	if code := f.str("next"); code != "" {
		if nx, _, ok := a.Model().Sub(code); ok {
			next = paths.CAFConsensusScore(p.ID, a.ID, nx.Code)
		}
	}
	s.flash(r, "success", "Zapisano uzgodnioną ocenę podkryterium "+sub.Code+".")
	redirect(w, r, next)
	return nil
}
