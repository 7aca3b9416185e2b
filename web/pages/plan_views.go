package pages

import (
	"strconv"
	"strings"
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
	// DeleteRefusal is why the task cannot be deleted now ("": it can).
	DeleteRefusal string
}

// TrainingFormView is the create/edit form of a training.
type TrainingFormView struct {
	Programme *domain.Programme
	Training  *domain.Training
	Form      components.Form
	// DeleteRefusal is why the training cannot be deleted now ("": it can).
	DeleteRefusal string
}

// IndicatorFormView is the create/edit form of an indicator.
type IndicatorFormView struct {
	PlanContext
	Indicator *domain.Indicator
	History   []domain.TargetChange
	Form      components.Form
	Today     time.Time
	// DeleteRefusal is why the indicator cannot be deleted now ("": it can).
	DeleteRefusal string
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

// Fields of the task form (TaskForm). The names are also the keys of
// domain.Task.Validate's messages.
const (
	FieldTaskCode            = "code"
	FieldTaskName            = "name"
	FieldTaskArea            = "area"
	FieldTaskComponent       = "component"
	FieldTaskKind            = "kind"
	FieldTaskMeetingsPlanned = "meetings_planned"
	FieldTaskDaysPerMeeting  = "days_per_meeting"
	FieldTaskUnits           = "units"
	// Plan lines and products are rows of repeated fields; their messages
	// are keyed by RowKey(FieldTaskPlan, i, "units") and so on.
	FieldTaskPlanUnits     = "plan_units"
	FieldTaskPlanDays      = "plan_days"
	FieldTaskPlan          = "plan"
	FieldTaskProductLetter = "product_letter"
	FieldTaskProductName   = "product_name"
	FieldTaskProducts      = "products" // also the message about all products
)

// TaskRowGroups are the task form's groups of repeated rows, for adding
// and removing rows without JavaScript.
var TaskRowGroups = map[string][]string{
	FieldTaskPlan:     {FieldTaskPlanUnits, FieldTaskPlanDays},
	FieldTaskProducts: {FieldTaskProductLetter, FieldTaskProductName},
}

// Fields of the training form (TrainingForm), also the keys of
// domain.Training.Validate's messages.
const (
	FieldTrainingCode          = "code"
	FieldTrainingTopic         = "topic"
	FieldTrainingArea          = "area"
	FieldTrainingGroupsPlanned = "groups_planned"
	FieldTrainingDaysPerGroup  = "days_per_group"
)

// Fields of the indicator form (IndicatorForm): the indicator, the
// parameters of its rule and a change of its target; also the keys of
// domain.Indicator.Validate's messages.
const (
	FieldIndicatorNumber        = "number"
	FieldIndicatorName          = "name"
	FieldIndicatorType          = "type"
	FieldIndicatorUnitOfMeasure = "unit_of_measure"
	FieldIndicatorBaseline      = "baseline"
	FieldIndicatorTarget        = "target"
	FieldIndicatorMethod        = "method"
	FieldIndicatorSource        = "source"
	FieldIndicatorFrequency     = "frequency"
	FieldIndicatorComponent     = "component"
	FieldIndicatorRule          = "rule"
	FieldRuleArea               = "rule_area"
	FieldRuleTask               = "rule_task"
	FieldRuleTasks              = "rule_tasks"
	FieldRuleTrainings          = "rule_trainings"
	FieldRuleLetters            = "rule_letters"
	FieldRuleSurvey             = "rule_survey"
	FieldRuleCAFCriteria        = "rule_caf_criteria"
	FieldTargetChangedOn        = "target_changed_on"
	FieldTargetReason           = "target_reason"
)

// TaskValues are a stored task's values as its form shows them.
func TaskValues(t *domain.Task) map[string][]string {
	v := map[string][]string{FieldTaskCode: {t.Code}, FieldTaskName: {t.Name}, FieldTaskArea: {string(t.Area)}, FieldTaskKind: {string(t.Kind)},
		FieldTaskComponent: {idOrEmpty(t.ComponentID)}, FieldTaskMeetingsPlanned: {nonZero(t.MeetingsPlanned)}, FieldTaskDaysPerMeeting: {nonZero(t.DaysPerMeeting)}}
	for _, l := range t.PlanLines {
		v[FieldTaskPlanUnits] = append(v[FieldTaskPlanUnits], strconv.Itoa(l.Units))
		v[FieldTaskPlanDays] = append(v[FieldTaskPlanDays], strconv.Itoa(l.Days))
	}
	for _, p := range t.Products {
		v[FieldTaskProductLetter] = append(v[FieldTaskProductLetter], p.Letter)
		v[FieldTaskProductName] = append(v[FieldTaskProductName], p.Name)
	}
	for _, id := range t.UnitIDs {
		v[FieldTaskUnits] = append(v[FieldTaskUnits], itoa(id))
	}
	return v
}

// TrainingValues are a stored training's values as its form shows them.
func TrainingValues(t *domain.Training) map[string][]string {
	return map[string][]string{FieldTrainingCode: {t.Code}, FieldTrainingTopic: {t.Topic}, FieldTrainingArea: {string(t.Area)},
		FieldTrainingGroupsPlanned: {strconv.Itoa(t.GroupsPlanned)}, FieldTrainingDaysPerGroup: {t.DaysPerGroup.Input()}}
}

// IndicatorValues are a stored indicator's values as its form shows them.
func IndicatorValues(in *domain.Indicator) map[string][]string {
	v := map[string][]string{FieldIndicatorNumber: {in.Number}, FieldIndicatorName: {in.Name}, FieldIndicatorType: {string(in.Type)}, FieldIndicatorUnitOfMeasure: {in.UnitOfMeasure},
		FieldIndicatorBaseline: {in.Baseline.Input()}, FieldIndicatorTarget: {in.Target.Input()}, FieldIndicatorMethod: {in.Method}, FieldIndicatorSource: {in.Source},
		FieldIndicatorFrequency: {in.Frequency}, FieldIndicatorComponent: {idOrEmpty(in.ComponentID)}, FieldIndicatorRule: {string(in.Rule)},
		FieldRuleArea: {string(in.Params.Area)}, FieldRuleSurvey: {string(in.Params.SurveyKind)}, FieldRuleLetters: {strings.Join(in.Params.ProductLetters, ", ")}}
	if in.Params.TaskID != 0 {
		v[FieldRuleTask] = []string{itoa(in.Params.TaskID)}
	}
	for _, id := range in.Params.TaskIDs {
		v[FieldRuleTasks] = append(v[FieldRuleTasks], itoa(id))
	}
	for _, id := range in.Params.TrainingIDs {
		v[FieldRuleTrainings] = append(v[FieldRuleTrainings], itoa(id))
	}
	for _, c := range in.Params.CAFCriteria {
		v[FieldRuleCAFCriteria] = append(v[FieldRuleCAFCriteria], strconv.Itoa(c))
	}
	return v
}

// cafCriterionChecks are the criteria of CAF 2020 to check for the rule
// "zmiana wyniku samooceny CAF" (none checked: the total).
func cafCriterionChecks(f components.Form) []components.Option {
	var opts []components.Option
	for _, c := range domain.CAFModelOf(domain.CAF2020).Criteria {
		n := strconv.Itoa(c.No)
		opts = append(opts, components.Option{Value: n, Label: n + ". " + c.Name, Selected: f.Has(FieldRuleCAFCriteria, n)})
	}
	return opts
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
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name + " (" + areasLabel(p) + ")", Selected: f.Has(FieldTaskUnits, itoa(p.Unit.ID))})
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
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: f.Has(FieldRuleTasks, itoa(t.ID))})
	}
	return opts
}

func trainingChecks(ts []domain.Training, f components.Form) []components.Option {
	var opts []components.Option
	for _, t := range ts {
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Topic, Selected: f.Has(FieldRuleTrainings, itoa(t.ID))})
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
