package pages

import (
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/paths"
)

// CAFPlanView is an assessment's improvement plan.
type CAFPlanView struct {
	Programme  *domain.Programme
	Assessment *domain.CAFAssessment
	Rights     domain.CAFRights
	Actions    []domain.CAFAction
	Progress   domain.PlanProgress
	Areas      []CAFArea // areas for improvement of the signed consensus
	Today      time.Time
}

// CAFArea is a sub-criterion's areas for improvement.
type CAFArea struct {
	Sub  domain.CAFSub
	Text string
}

// CAFActionFormView is the form of an improvement action (Action nil: a
// new one).
type CAFActionFormView struct {
	Programme  *domain.Programme
	Assessment *domain.CAFAssessment
	Action     *domain.CAFAction
	Tasks      []*domain.Task
	Practices  []*domain.GoodPractice
	Form       components.Form
	Stale      string // the message of a refused stale save
}

// cafAssessmentName names an assessment in titles: "Urząd … · cykl 1".
func cafAssessmentName(a *domain.CAFAssessment) string {
	return a.UnitName + " · cykl " + strconv.Itoa(a.Cycle)
}

// cafSubName is "1.1 Name" of a sub-criterion code ("—" when none).
func cafSubName(a *domain.CAFAssessment, code string) string {
	if code == "" {
		return "—"
	}
	if s, _, ok := a.Model().Sub(code); ok {
		return s.Code + " " + s.Name
	}
	return code
}

func cafSubOptions(a *domain.CAFAssessment, chosen string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— bez podkryterium —", Selected: chosen == ""}}
	for _, s := range a.Model().Subs() {
		opts = append(opts, components.Option{Value: s.Code, Label: s.Code + " " + s.Name, Selected: s.Code == chosen})
	}
	return opts
}

func cafTaskOptions(tasks []*domain.Task, chosen string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— bez zadania —", Selected: chosen == ""}}
	for _, t := range tasks {
		id := strconv.FormatInt(t.ID, 10)
		opts = append(opts, components.Option{Value: id, Label: t.Code + " " + t.Name, Selected: id == chosen})
	}
	return opts
}

func cafPracticeOptions(ps []*domain.GoodPractice, chosen string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— bez dobrej praktyki —", Selected: chosen == ""}}
	for _, g := range ps {
		id := strconv.FormatInt(g.ID, 10)
		opts = append(opts, components.Option{Value: id, Label: g.Title + " (" + g.UnitName + ")", Selected: id == chosen})
	}
	return opts
}

func cafStatusOptions(chosen string) []components.Option {
	var opts []components.Option
	for _, s := range domain.ActionStatuses {
		opts = append(opts, components.Option{Value: string(s), Label: s.Label(), Selected: string(s) == chosen})
	}
	return opts
}

func cafLevelOptions(chosen, noun string) []components.Option {
	var opts []components.Option
	for l := 1; l <= 3; l++ {
		v := strconv.Itoa(l)
		opts = append(opts, components.Option{Value: v, Label: domain.LevelLabels[l] + " " + noun, Selected: v == chosen})
	}
	return opts
}

// cafPriority is "wysoki (wpływ duży × nakład mały)".
func cafPriority(x *domain.CAFAction) string {
	return x.PriorityLabel() + " (wpływ " + domain.LevelLabels[x.Impact] + " × nakład " + domain.LevelLabels[x.Effort] + ")"
}

// cafOverdue: not done nor dropped and past its end.
func cafOverdue(x *domain.CAFAction, today time.Time) bool {
	return (x.Status == domain.ActionPlanned || x.Status == domain.ActionInProgress) && x.EndsOn.Before(today)
}

// cafActionFields lists the form's fields in page order.
var cafActionFields = []string{domain.FieldActionSub, domain.FieldActionTitle, domain.FieldActionDescription, domain.FieldActionOwner,
	domain.FieldActionStartsOn, domain.FieldActionEndsOn, domain.FieldActionImpact, domain.FieldActionEffort, domain.FieldActionStatus,
	domain.FieldActionDoneOn, domain.FieldActionTask, domain.FieldActionPractice}

func cafActionFormTitle(v CAFActionFormView) string {
	if v.Action == nil {
		if sub := v.Form.Get(domain.FieldActionSub); sub != "" {
			return "Nowe działanie doskonalące (podkryterium " + sub + ")"
		}
		return "Nowe działanie doskonalące"
	}
	return "Działanie: " + v.Action.Title
}

func cafActionFormAction(v CAFActionFormView) string {
	if v.Action == nil {
		return paths.CAFPlan(v.Programme.ID, v.Assessment.ID)
	}
	return paths.CAFAction(v.Programme.ID, v.Assessment.ID, v.Action.ID)
}
