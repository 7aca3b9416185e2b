package web

// CAF improvement plan: the actions of a signed assessment's plan, planned
// from the areas for improvement of its consensus. Reading needs
// CAFRights.ReadResults, writing CAFRights.EditPlan (caf.go).

import (
	"net/http"
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handleCAFPlan is the plan: its actions, progress and the areas for
// improvement to plan from.
func (s *Server) handleCAFPlan(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, func(c domain.CAFRights) bool { return c.ReadResults })
	if err != nil {
		return err
	}
	actions, err := s.store.CAFActions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	v := pages.CAFPlanView{Programme: p, Assessment: a, Rights: rights, Actions: actions, Today: s.today(),
		Progress: domain.ProgressOf(actions, s.today())}
	c, err := s.store.CAFConsensus(r.Context(), a.ID, true)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	if c != nil {
		for _, sub := range a.Model().Subs() {
			if sc := c.Scores[sub.Code]; sc != nil && sc.Improvements != "" {
				v.Areas = append(v.Areas, pages.CAFArea{Sub: sub, Text: sc.Improvements})
			}
		}
	}
	s.render(w, r, http.StatusOK, pages.CAFPlan(v))
	return nil
}

func cafEditPlan(c domain.CAFRights) bool { return c.EditPlan }

// handleCAFActionNew is the form of a new action (?sub= from an area for
// improvement).
func (s *Server) handleCAFActionNew(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, cafEditPlan)
	if err != nil {
		return err
	}
	sub := r.URL.Query().Get("sub")
	if _, _, ok := a.Model().Sub(sub); !ok {
		sub = ""
	}
	today := s.today()
	r.PostForm = map[string][]string{domain.FieldActionSub: {sub},
		domain.FieldActionStartsOn: {today.Format(time.DateOnly)}, domain.FieldActionEndsOn: {today.AddDate(0, 3, 0).Format(time.DateOnly)},
		domain.FieldActionImpact: {"2"}, domain.FieldActionEffort: {"2"}, domain.FieldActionStatus: {string(domain.ActionPlanned)}}
	return s.renderCAFActionForm(w, r, http.StatusOK, p, a, nil, nil, "")
}

// handleCAFActionEdit is the form of an action.
func (s *Server) handleCAFActionEdit(w http.ResponseWriter, r *http.Request) error {
	p, a, x, err := s.cafActionFromURL(r)
	if err != nil {
		return err
	}
	fillCAFActionForm(r, x)
	return s.renderCAFActionForm(w, r, http.StatusOK, p, a, x, nil, "")
}

func (s *Server) cafActionFromURL(r *http.Request) (*domain.Programme, *domain.CAFAssessment, *domain.CAFAction, error) {
	p, a, _, err := s.cafRequire(r, cafEditPlan)
	if err != nil {
		return nil, nil, nil, err
	}
	id, err := idParam(r, "actionID", "Nie ma takiego działania w planie doskonalenia tej samooceny.")
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := s.store.CAFAction(r.Context(), a.ID, id)
	return p, a, x, err
}

func fillCAFActionForm(r *http.Request, x *domain.CAFAction) {
	ref := func(id *int64) string {
		if id == nil {
			return ""
		}
		return strconv.FormatInt(*id, 10)
	}
	done := ""
	if !x.DoneOn.IsZero() {
		done = x.DoneOn.Format(time.DateOnly)
	}
	r.PostForm = map[string][]string{domain.FieldActionSub: {x.Sub}, domain.FieldActionTitle: {x.Title},
		domain.FieldActionDescription: {x.Description}, domain.FieldActionOwner: {x.Owner},
		domain.FieldActionStartsOn: {x.StartsOn.Format(time.DateOnly)}, domain.FieldActionEndsOn: {x.EndsOn.Format(time.DateOnly)},
		domain.FieldActionImpact: {strconv.Itoa(x.Impact)}, domain.FieldActionEffort: {strconv.Itoa(x.Effort)},
		domain.FieldActionStatus: {string(x.Status)}, domain.FieldActionDoneOn: {done},
		domain.FieldActionTask: {ref(x.TaskID)}, domain.FieldActionPractice: {ref(x.PracticeID)},
		pages.FieldVersion: {strconv.Itoa(x.Version)}}
}

func (s *Server) renderCAFActionForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	x *domain.CAFAction, errs map[string]string, stale string) error {
	tasks, err := s.store.Tasks(r.Context(), p.ID)
	if err != nil {
		return err
	}
	practices, err := s.store.GoodPractices(r.Context(), p.ID, domain.PracticeFilter{})
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.CAFActionForm(pages.CAFActionFormView{Programme: p, Assessment: a, Action: x, Tasks: tasks,
		Practices: practices, Form: formState(r, errs), Stale: stale}))
	return nil
}

// cafActionForm reads the action of the submitted form.
func cafActionForm(r *http.Request) (*domain.CAFAction, *formReader) {
	f := newFormReader(r)
	x := &domain.CAFAction{Sub: f.str(domain.FieldActionSub), Title: f.str(domain.FieldActionTitle),
		Description: r.PostForm.Get(domain.FieldActionDescription), Owner: f.str(domain.FieldActionOwner),
		Status: domain.ActionStatus(f.str(domain.FieldActionStatus))}
	x.StartsOn = f.date(f.str(domain.FieldActionStartsOn), domain.FieldActionStartsOn, false)
	x.EndsOn = f.date(f.str(domain.FieldActionEndsOn), domain.FieldActionEndsOn, false)
	x.DoneOn = f.date(f.str(domain.FieldActionDoneOn), domain.FieldActionDoneOn, false)
	x.Impact = f.integer(f.str(domain.FieldActionImpact), domain.FieldActionImpact, false)
	x.Effort = f.integer(f.str(domain.FieldActionEffort), domain.FieldActionEffort, false)
	x.TaskID = f.optionalID(domain.FieldActionTask, domain.FieldActionTask)
	x.PracticeID = f.optionalID(domain.FieldActionPractice, domain.FieldActionPractice)
	return x, f
}

// handleCAFActionCreate adds an action to the plan.
func (s *Server) handleCAFActionCreate(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, cafEditPlan)
	if err != nil {
		return err
	}
	x, f := cafActionForm(r)
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.CreateCAFAction(r.Context(), s.actor(r), a, x) },
		validate: func() error { return x.Validate(a.Model()) },
		invalid: func() error {
			return s.renderCAFActionForm(w, r, http.StatusUnprocessableEntity, p, a, nil, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Dodano działanie „"+x.Title+"” do planu doskonalenia.")
	s.redirectFlash(w, r, paths.CAFPlan(p.ID, a.ID)+"#dzialania")
	return nil
}

// handleCAFActionUpdate saves an action's changes.
func (s *Server) handleCAFActionUpdate(w http.ResponseWriter, r *http.Request) error {
	p, a, old, err := s.cafActionFromURL(r)
	if err != nil {
		return err
	}
	x, f := cafActionForm(r)
	x.ID = old.ID
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.UpdateCAFAction(r.Context(), s.actor(r), a, x, f.version()) },
		validate: func() error { return x.Validate(a.Model()) },
		stale: func(msg string) error {
			fresh, err := s.store.CAFAction(r.Context(), a.ID, old.ID)
			if err != nil {
				return err
			}
			fillCAFActionForm(r, fresh)
			return s.renderCAFActionForm(w, r, http.StatusConflict, p, a, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderCAFActionForm(w, r, http.StatusUnprocessableEntity, p, a, old, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano działanie „"+x.Title+"”.")
	s.redirectFlash(w, r, paths.CAFPlan(p.ID, a.ID)+"#dzialania")
	return nil
}
