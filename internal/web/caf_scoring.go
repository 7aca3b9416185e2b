package web

// CAF individual scoring: a member's own scoring, sub-criterion by
// sub-criterion. Only the member's own scores are ever read here
// (store.CAFScores with the signed-in user's id).

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func cafMember(x domain.CAFRights) bool { return x.Member }

func scoredOf(scores map[string]*domain.CAFScore) int {
	n := 0
	for _, sc := range scores {
		if sc.Score != nil {
			n++
		}
	}
	return n
}

// handleCAFScoring is a member's own scoring overview.
func (s *Server) handleCAFScoring(w http.ResponseWriter, r *http.Request) error {
	return s.renderCAFScoring(w, r, http.StatusOK, "")
}

func (s *Server) renderCAFScoring(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	p, a, rights, err := s.cafRequire(r, cafMember)
	if err != nil {
		return err
	}
	me := webctx.User(r.Context()).ID
	scores, err := s.store.CAFScores(r.Context(), a.ID, me)
	if err != nil {
		return err
	}
	v := pages.CAFScoringView{Programme: p, A: a, Scores: scores, Scored: scoredOf(scores), Total: len(a.Model().Subs()),
		ReadOnly: !rights.Score, Message: msg}
	if m := a.Member(me); m != nil {
		v.Submitted = m.SubmittedAt
	}
	s.render(w, r, status, pages.CAFScoringPage(v))
	return nil
}

// handleCAFScoringSubmit hands the member's complete scoring to the leader.
func (s *Server) handleCAFScoringSubmit(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, cafMember)
	if err != nil {
		return err
	}
	err = s.store.SubmitCAFScoring(r.Context(), s.actor(r), a, webctx.User(r.Context()).ID)
	if domain.ErrorCode(err) == domain.EINVALID {
		msg := domain.ErrorMessage(err)
		for _, m := range domain.FieldErrors(err) {
			msg = m
		}
		return s.renderCAFScoring(w, r, http.StatusUnprocessableEntity, msg)
	}
	if err != nil {
		return err
	}
	s.flash(r, "success", "Przekazano Twoją ocenę liderowi zespołu.")
	s.redirectFlash(w, r, paths.CAFScoring(p.ID, a.ID)+"#ocena")
	return nil
}

// cafSubFromURL is the sub-criterion of the request ({sub}) in the
// assessment's model, with its position: 404 when the model has none.
func cafSubFromURL(r *http.Request, a *domain.CAFAssessment) (sub domain.CAFSub, c *domain.CAFCriterion, pos int, subs []domain.CAFSub, err error) {
	m := a.Model()
	code := chi.URLParam(r, "sub")
	sub, c, ok := m.Sub(code)
	if !ok {
		return sub, nil, 0, nil, domain.Errorf(domain.ENOTFOUND, "Nie ma takiego podkryterium w modelu %s.", m.Name)
	}
	subs = m.Subs()
	for i, x := range subs {
		if x.Code == code {
			pos = i
		}
	}
	return sub, c, pos, subs, nil
}

// handleCAFScoreForm is the form of one sub-criterion of the member's
// scoring (read-only once the scoring is closed for them).
func (s *Server) handleCAFScoreForm(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, cafMember)
	if err != nil {
		return err
	}
	return s.renderCAFScore(w, r, http.StatusOK, p, a, rights, nil, "")
}

func (s *Server) renderCAFScore(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	rights domain.CAFRights, errs map[string]string, msg string) error {
	sub, c, pos, subs, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	me := webctx.User(r.Context()).ID
	scores, err := s.store.CAFScores(r.Context(), a.ID, me)
	if err != nil {
		return err
	}
	files, err := s.store.CAFScoreFiles(r.Context(), a.ID, me)
	if err != nil {
		return err
	}
	v := pages.CAFScoreFormView{Programme: p, A: a, Sub: sub, Criterion: c, Pos: pos + 1, Total: len(subs), Scored: scoredOf(scores),
		Score: scores[sub.Code], ReadOnly: !rights.Score && msg == "", Message: msg, Files: files[sub.Code], CanAttach: rights.Score}
	// A refused upload came from the separate file form: the score form
	// shows the saved values, the message stands beside the file field.
	if v.FileError = errs[pages.FieldFile]; v.FileError != "" {
		errs = nil
	}
	if pos > 0 {
		v.Prev = subs[pos-1].Code
	}
	if pos+1 < len(subs) {
		v.Next = subs[pos+1].Code
	}
	if r.Method == http.MethodGet || v.FileError != "" {
		r.PostForm = pages.CAFScoreValues(v.Score, a.Method, c.Result)
	}
	v.Form = formState(r, errs)
	s.render(w, r, status, pages.CAFScorePage(v))
	return nil
}

// handleCAFScoreSave saves the member's scoring of one sub-criterion and
// goes on to the next one ("Zapisz i przejdź dalej") or stays.
func (s *Server) handleCAFScoreSave(w http.ResponseWriter, r *http.Request) error {
	// A member whose scoring is closed gets the store's message (422, what
	// was typed kept); someone outside the group 403.
	p, a, rights, err := s.cafRequire(r, cafMember)
	if err != nil {
		return err
	}
	sub, c, pos, subs, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	sc := &domain.CAFScore{Sub: sub.Code, Strengths: f.str(domain.FieldCAFStrengths), Improvements: f.str(domain.FieldCAFImprovements),
		Ideas: f.str(domain.FieldCAFIdeas), Evidence: f.str(domain.FieldCAFEvidence)}
	points := func(field string) *int {
		n, ok := domain.ParseCAFPoints(f.str(field))
		if !ok {
			f.errs.Add(field, domain.CAFPointsMessage)
		}
		return n
	}
	if a.Method == domain.CAFClassical {
		if n := points(domain.FieldCAFScore); n != nil {
			x := float64(*n)
			sc.Score = &x
		}
	} else {
		for _, part := range sc.Parts(a.Method, c.Result) {
			*part.Value = points(part.Field)
		}
	}
	if len(f.errs) == 0 {
		err = s.store.SaveCAFScore(r.Context(), s.actor(r), a, webctx.User(r.Context()).ID, sc)
	} else {
		sc.ValidateTexts(f.errs, domain.CAFTextMax)
	}
	if err != nil && domain.ErrorCode(err) == domain.EINVALID && len(domain.FieldErrors(err)) == 0 {
		return s.renderCAFScore(w, r, http.StatusUnprocessableEntity, p, a, rights, nil, domain.ErrorMessage(err))
	}
	if err := f.validate(err); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		return s.renderCAFScore(w, r, http.StatusUnprocessableEntity, p, a, rights, f.errs, "")
	}
	s.flash(r, "success", "Zapisano "+sub.Code+".")
	switch {
	case r.PostForm.Get("go") == "stay":
		s.redirectFlash(w, r, paths.CAFScore(p.ID, a.ID, sub.Code)+"#podkryterium")
	case pos+1 < len(subs):
		s.redirectFlash(w, r, paths.CAFScore(p.ID, a.ID, subs[pos+1].Code)+"#podkryterium")
	default:
		s.redirectFlash(w, r, paths.CAFScoring(p.ID, a.ID)+"#ocena")
	}
	return nil
}
