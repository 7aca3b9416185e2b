package pages

import (
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// PlanContext is what the plan forms offer to choose from.
type PlanContext struct {
	Programme      *domain.Programme
	Participations []domain.Participation
	Tasks          []*domain.Task
	Trainings      []domain.Training
}

// TaskFormView is the create/edit form of a task.
type TaskFormView struct {
	PlanContext
	Task *domain.Task // nil when creating
	Form components.Form
}

// TrainingFormView is the create/edit form of a training.
type TrainingFormView struct {
	Programme *domain.Programme
	Training  *domain.Training
	Form      components.Form
}

// IndicatorFormView is the create/edit form of an indicator.
type IndicatorFormView struct {
	PlanContext
	Indicator *domain.Indicator
	History   []domain.TargetChange
	Form      components.Form
	Today     time.Time
}

func idOrEmpty(id *int64) string {
	if id == nil {
		return ""
	}
	return itoa(*id)
}

func nonZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// TaskValues are a stored task's values as its form shows them.
func TaskValues(t *domain.Task) map[string][]string {
	v := map[string][]string{"code": {t.Code}, "name": {t.Name}, "area": {string(t.Area)}, "kind": {string(t.Kind)},
		"component": {idOrEmpty(t.ComponentID)}, "meetings_planned": {nonZero(t.MeetingsPlanned)}, "days_per_meeting": {nonZero(t.DaysPerMeeting)}}
	for _, l := range t.PlanLines {
		v["plan_units"] = append(v["plan_units"], strconv.Itoa(l.Units))
		v["plan_days"] = append(v["plan_days"], strconv.Itoa(l.Days))
	}
	for _, p := range t.Products {
		v["product_letter"] = append(v["product_letter"], p.Letter)
		v["product_name"] = append(v["product_name"], p.Name)
	}
	for _, id := range t.UnitIDs {
		v["units"] = append(v["units"], itoa(id))
	}
	return v
}

// TrainingValues are a stored training's values as its form shows them.
func TrainingValues(t *domain.Training) map[string][]string {
	return map[string][]string{"code": {t.Code}, "topic": {t.Topic}, "area": {string(t.Area)},
		"groups_planned": {strconv.Itoa(t.GroupsPlanned)}, "days_per_group": {strconv.Itoa(t.DaysPerGroup)}}
}

// IndicatorValues are a stored indicator's values as its form shows them.
func IndicatorValues(in *domain.Indicator) map[string][]string {
	v := map[string][]string{"number": {in.Number}, "name": {in.Name}, "type": {string(in.Type)}, "unit_of_measure": {in.UnitOfMeasure},
		"baseline": {in.Baseline.Input()}, "target": {in.Target.Input()}, "method": {in.Method}, "source": {in.Source},
		"frequency": {in.Frequency}, "component": {idOrEmpty(in.ComponentID)}, "rule": {string(in.Rule)},
		"rule_area": {string(in.Params.Area)}, "rule_survey": {string(in.Params.SurveyKind)}}
	if in.Params.TaskID != 0 {
		v["rule_task"] = []string{itoa(in.Params.TaskID)}
	}
	for _, id := range in.Params.TaskIDs {
		v["rule_tasks"] = append(v["rule_tasks"], itoa(id))
	}
	for _, id := range in.Params.TrainingIDs {
		v["rule_trainings"] = append(v["rule_trainings"], itoa(id))
	}
	return v
}

func componentOptions(p *domain.Programme, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— brak —"}}
	for _, c := range p.Components {
		opts = append(opts, components.Option{Value: itoa(c.ID), Label: c.Code + " " + c.Name, Selected: itoa(c.ID) == selected})
	}
	return opts
}

func taskKindOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz rodzaj —"}}
	for _, k := range domain.TaskKinds {
		opts = append(opts, components.Option{Value: string(k), Label: k.Label(), Selected: string(k) == selected})
	}
	return opts
}

func participationOptions(parts []domain.Participation, f components.Form) []components.Option {
	var opts []components.Option
	for _, p := range parts {
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name + " (" + areasLabel(p) + ")", Selected: f.Has("units", itoa(p.Unit.ID))})
	}
	return opts
}

func ruleOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz regułę —"}}
	for _, r := range domain.Rules {
		opts = append(opts, components.Option{Value: string(r), Label: r.Label(), Selected: string(r) == selected})
	}
	return opts
}

func typeOptions(selected string) []components.Option {
	return []components.Option{
		{Value: "", Label: "— wybierz typ —"},
		{Value: string(domain.IndicatorProduct), Label: "wskaźnik produktu", Selected: selected == string(domain.IndicatorProduct)},
		{Value: string(domain.IndicatorResult), Label: "wskaźnik rezultatu", Selected: selected == string(domain.IndicatorResult)},
	}
}

func surveyOptions(selected string) []components.Option {
	return []components.Option{
		{Value: "", Label: "— nie dotyczy —"},
		{Value: string(domain.SurveyCustomer), Label: "satysfakcja klientów", Selected: selected == string(domain.SurveyCustomer)},
		{Value: string(domain.SurveyEmployee), Label: "satysfakcja pracowników", Selected: selected == string(domain.SurveyEmployee)},
	}
}

func taskOptions(tasks []*domain.Task, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— nie dotyczy —"}}
	for _, t := range tasks {
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: itoa(t.ID) == selected})
	}
	return opts
}

func taskChecks(tasks []*domain.Task, f components.Form) []components.Option {
	var opts []components.Option
	for _, t := range tasks {
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: f.Has("rule_tasks", itoa(t.ID))})
	}
	return opts
}

func trainingChecks(ts []domain.Training, f components.Form) []components.Option {
	var opts []components.Option
	for _, t := range ts {
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Topic, Selected: f.Has("rule_trainings", itoa(t.ID))})
	}
	return opts
}

func letter(i int) string { return string(rune('a' + i%26)) }

// valueOr shows the typed value of row i, or def (a suggested product letter).
func valueOr(f components.Form, name string, i int, def string) string {
	if v := f.At(name, i); v != "" {
		return v
	}
	return def
}
