package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// planContext loads what the task, training and indicator forms offer.
func (s *Server) planContext(r *http.Request, p *domain.Programme) (pages.PlanContext, error) {
	ctx := r.Context()
	pc := pages.PlanContext{Programme: p}
	var err error
	if pc.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return pc, err
	}
	if pc.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return pc, err
	}
	pc.Trainings, err = s.store.Trainings(ctx, p.ID)
	return pc, err
}

// --- tasks (zadania)

func taskForm(r *http.Request, programmeID int64) (*domain.Task, *formReader) {
	f := newFormReader(r)
	t := &domain.Task{ProgrammeID: programmeID, Code: f.str(pages.FieldTaskCode), Name: f.str(pages.FieldTaskName), Area: domain.Area(f.str(pages.FieldTaskArea)),
		Kind: domain.TaskKind(f.str(pages.FieldTaskKind)), ComponentID: f.optionalID(pages.FieldTaskComponent, pages.FieldTaskComponent)}
	f.rows([]string{pages.FieldTaskPlanUnits, pages.FieldTaskPlanDays}, func(i, _ int, v []string) {
		t.PlanLines = append(t.PlanLines, domain.PlanLine{Units: f.integer(v[0], pages.RowKey(pages.FieldTaskPlan, i, "units"), true),
			Days: f.integer(v[1], pages.RowKey(pages.FieldTaskPlan, i, "days"), true)})
	})
	blankUnnamedProducts(r)
	f.rows([]string{pages.FieldTaskProductLetter, pages.FieldTaskProductName}, func(_, _ int, v []string) {
		t.Products = append(t.Products, domain.Product{Letter: v[0], Name: v[1]})
	})
	t.UnitIDs = f.ids(pages.FieldTaskUnits, pages.FieldTaskUnits)
	t.MeetingsPlanned = f.integer(f.str(pages.FieldTaskMeetingsPlanned), pages.FieldTaskMeetingsPlanned, false)
	t.DaysPerMeeting = f.integer(f.str(pages.FieldTaskDaysPerMeeting), pages.FieldTaskDaysPerMeeting, false)
	return t, f
}

// blankUnnamedProducts: the form suggests a letter on every spare row of
// products; a row counts only when it has a name.
func blankUnnamedProducts(r *http.Request) {
	letters, names := r.PostForm[pages.FieldTaskProductLetter], r.PostForm[pages.FieldTaskProductName]
	for i := range letters {
		if i >= len(names) || strings.TrimSpace(names[i]) == "" {
			letters[i] = ""
		}
	}
}

func (s *Server) renderTaskForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, t *domain.Task, errs map[string]string) error {
	pc, err := s.planContext(r, p)
	if err != nil {
		return err
	}
	v := pages.TaskFormView{PlanContext: pc, Task: t, Form: formState(r, errs)}
	if r.Method == http.MethodGet && t != nil {
		v.Form.Values = pages.TaskValues(t)
	}
	if t != nil {
		if v.DeleteRefusal, err = s.store.TaskDeleteRefusal(r.Context(), p.ID, t.ID); err != nil {
			return err
		}
	}
	s.render(w, r, status, pages.TaskForm(v))
	return nil
}

func (s *Server) handleTaskNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderTaskForm(w, r, http.StatusOK, p, nil, nil)
}

func (s *Server) taskFromURL(r *http.Request, p *domain.Programme) (*domain.Task, error) {
	id, err := idParam(r, "taskID", "Nie ma takiego zadania w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Task(r.Context(), p.ID, id)
}

func (s *Server) handleTaskEdit(w http.ResponseWriter, r *http.Request) error {
	p, t, err := recordFromURL(s, r, s.taskFromURL)
	if err != nil {
		return err
	}
	return s.renderTaskForm(w, r, http.StatusOK, p, t, nil)
}

// handleTaskSave creates a task (POST /programmes/{id}/tasks) or updates one
// (POST /programmes/{id}/tasks/{taskID}).
func (s *Server) handleTaskSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Task
	if chi.URLParam(r, "taskID") != "" {
		if existing, err = s.taskFromURL(r, p); err != nil {
			return err
		}
	}
	blankUnnamedProducts(r)
	if editRows(r, pages.TaskRowGroups) {
		return s.renderTaskForm(w, r, http.StatusOK, p, existing, nil)
	}
	t, f := taskForm(r, p.ID)
	if existing != nil {
		t.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveTask(r.Context(), s.actor(r), t) },
		validate: func() error { return t.Validate(p.Areas) },
		invalid:  func() error { return s.renderTaskForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano zadanie „"+t.Code+" "+t.Name+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#zadania")
	return nil
}

func (s *Server) handleTaskDelete(w http.ResponseWriter, r *http.Request) error {
	p, t, err := recordFromURL(s, r, s.taskFromURL)
	if err != nil {
		return err
	}
	if err := s.store.DeleteTask(r.Context(), s.actor(r), p.ID, t.ID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto zadanie „"+t.Code+" "+t.Name+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#zadania")
	return nil
}

// --- trainings (katalog szkoleń)

func trainingForm(r *http.Request, programmeID int64) (*domain.Training, *formReader) {
	f := newFormReader(r)
	t := &domain.Training{ProgrammeID: programmeID, Code: f.str(pages.FieldTrainingCode), Topic: f.str(pages.FieldTrainingTopic), Area: domain.Area(f.str(pages.FieldTrainingArea))}
	t.GroupsPlanned = f.integer(f.str(pages.FieldTrainingGroupsPlanned), pages.FieldTrainingGroupsPlanned, true)
	// "1,5" or "1.5"; what is not a number is 0, which Validate refuses
	// with the rule for days per group.
	t.DaysPerGroup, _ = domain.ParseDecimal(f.str(pages.FieldTrainingDaysPerGroup))
	return t, f
}

func (s *Server) renderTrainingForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, t *domain.Training, errs map[string]string) error {
	v := pages.TrainingFormView{Programme: p, Training: t, Form: formState(r, errs)}
	if r.Method == http.MethodGet && t != nil {
		v.Form.Values = pages.TrainingValues(t)
	}
	if t != nil {
		var err error
		if v.DeleteRefusal, err = s.store.TrainingDeleteRefusal(r.Context(), p.ID, t.ID); err != nil {
			return err
		}
	}
	s.render(w, r, status, pages.TrainingForm(v))
	return nil
}

func (s *Server) handleTrainingNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderTrainingForm(w, r, http.StatusOK, p, nil, nil)
}

func (s *Server) trainingFromURL(r *http.Request, p *domain.Programme) (*domain.Training, error) {
	id, err := idParam(r, "trainingID", "Nie ma takiego szkolenia w tym programie.")
	if err != nil {
		return nil, err
	}
	t, err := s.store.Training(r.Context(), p.ID, id)
	return &t, err
}

func (s *Server) handleTrainingEdit(w http.ResponseWriter, r *http.Request) error {
	p, t, err := recordFromURL(s, r, s.trainingFromURL)
	if err != nil {
		return err
	}
	return s.renderTrainingForm(w, r, http.StatusOK, p, t, nil)
}

func (s *Server) handleTrainingSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Training
	if chi.URLParam(r, "trainingID") != "" {
		if existing, err = s.trainingFromURL(r, p); err != nil {
			return err
		}
	}
	t, f := trainingForm(r, p.ID)
	if existing != nil {
		t.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveTraining(r.Context(), s.actor(r), t) },
		validate: func() error { return t.Validate(p.Areas) },
		invalid:  func() error { return s.renderTrainingForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano szkolenie „"+t.Code+" "+t.Topic+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#szkolenia")
	return nil
}

func (s *Server) handleTrainingDelete(w http.ResponseWriter, r *http.Request) error {
	p, t, err := recordFromURL(s, r, s.trainingFromURL)
	if err != nil {
		return err
	}
	if err := s.store.DeleteTraining(r.Context(), s.actor(r), p.ID, t.ID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto szkolenie „"+t.Code+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#szkolenia")
	return nil
}

// --- indicators (wskaźniki)

func indicatorForm(r *http.Request, programmeID int64) (*domain.Indicator, *domain.TargetChangeInput, *formReader) {
	f := newFormReader(r)
	in := &domain.Indicator{ProgrammeID: programmeID, Number: f.str(pages.FieldIndicatorNumber), Name: f.str(pages.FieldIndicatorName),
		Type: domain.IndicatorType(f.str(pages.FieldIndicatorType)), UnitOfMeasure: f.str(pages.FieldIndicatorUnitOfMeasure), Method: f.str(pages.FieldIndicatorMethod),
		Source: f.str(pages.FieldIndicatorSource), Frequency: f.str(pages.FieldIndicatorFrequency), Rule: domain.Rule(f.str(pages.FieldIndicatorRule)),
		ComponentID: f.optionalID(pages.FieldIndicatorComponent, pages.FieldIndicatorComponent)}
	in.Baseline = f.decimal(f.str(pages.FieldIndicatorBaseline), pages.FieldIndicatorBaseline, false)
	in.Target = f.decimal(f.str(pages.FieldIndicatorTarget), pages.FieldIndicatorTarget, true)
	in.Params = domain.RuleParams{Area: domain.Area(f.str(pages.FieldRuleArea)), SurveyKind: domain.SurveyKind(f.str(pages.FieldRuleSurvey)),
		TaskIDs: f.ids(pages.FieldRuleTasks, pages.FieldRuleTasks), TrainingIDs: f.ids(pages.FieldRuleTrainings, pages.FieldRuleTrainings),
		ProductLetters: domain.ParseProductLetters(f.str(pages.FieldRuleLetters)), CAFCriteria: cafCriteriaOf(f)}
	if id := f.optionalID(pages.FieldRuleTask, pages.FieldRuleTask); id != nil {
		in.Params.TaskID = *id
	}
	change := &domain.TargetChangeInput{Reason: f.str(pages.FieldTargetReason)}
	change.On = f.date(f.str(pages.FieldTargetChangedOn), pages.FieldTargetChangedOn, false)
	return in, change, f
}

// cafCriteriaOf reads the checked CAF criteria (numbers; the domain checks
// their range).
func cafCriteriaOf(f *formReader) []int {
	var out []int
	for _, raw := range f.r.PostForm[pages.FieldRuleCAFCriteria] {
		n, err := strconv.Atoi(raw)
		if err != nil {
			f.errs.Add(pages.FieldRuleCAFCriteria, "Wybierz kryteria CAF z listy.")
			continue
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) renderIndicatorForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, in *domain.Indicator, errs map[string]string) error {
	pc, err := s.planContext(r, p)
	if err != nil {
		return err
	}
	v := pages.IndicatorFormView{PlanContext: pc, Indicator: in, Form: formState(r, errs), Today: s.now()}
	if in != nil {
		if v.History, err = s.store.TargetHistory(r.Context(), in.ID); err != nil {
			return err
		}
		if r.Method == http.MethodGet {
			v.Form.Values = pages.IndicatorValues(in)
		}
		if v.DeleteRefusal, err = s.store.IndicatorDeleteRefusal(r.Context(), p.ID, in.ID); err != nil {
			return err
		}
	}
	s.render(w, r, status, pages.IndicatorForm(v))
	return nil
}

func (s *Server) handleIndicatorNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderIndicatorForm(w, r, http.StatusOK, p, nil, nil)
}

func (s *Server) indicatorFromURL(r *http.Request, p *domain.Programme) (*domain.Indicator, error) {
	id, err := idParam(r, "indicatorID", "Nie ma takiego wskaźnika w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Indicator(r.Context(), p.ID, id)
}

func (s *Server) handleIndicatorEdit(w http.ResponseWriter, r *http.Request) error {
	p, in, err := recordFromURL(s, r, s.indicatorFromURL)
	if err != nil {
		return err
	}
	return s.renderIndicatorForm(w, r, http.StatusOK, p, in, nil)
}

func (s *Server) handleIndicatorSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Indicator
	if chi.URLParam(r, "indicatorID") != "" {
		if existing, err = s.indicatorFromURL(r, p); err != nil {
			return err
		}
	}
	in, change, f := indicatorForm(r, p.ID)
	if existing != nil {
		in.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveIndicator(r.Context(), s.actor(r), in, change) },
		validate: func() error { return in.Validate(p.Areas) },
		invalid:  func() error { return s.renderIndicatorForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano wskaźnik „"+in.Name+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#wskazniki")
	return nil
}

func (s *Server) handleIndicatorDelete(w http.ResponseWriter, r *http.Request) error {
	p, in, err := recordFromURL(s, r, s.indicatorFromURL)
	if err != nil {
		return err
	}
	if err := s.store.DeleteIndicator(r.Context(), s.actor(r), p.ID, in.ID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto wskaźnik „"+in.Name+"”.")
	s.redirectFlash(w, r, paths.Programme(p.ID)+"#wskazniki")
	return nil
}
