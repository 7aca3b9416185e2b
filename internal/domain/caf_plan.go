package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ActionStatus is where an improvement action stands.
type ActionStatus string

const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists the statuses in their natural order.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone, ActionDropped}

// Label is the status in Polish.
func (s ActionStatus) Label() string {
	switch s {
	case ActionPlanned:
		return "zaplanowane"
	case ActionInProgress:
		return "w realizacji"
	case ActionDone:
		return "zrealizowane"
	case ActionDropped:
		return "zaniechane"
	}
	return string(s)
}

// CAFAction is an action of a unit's improvement plan, from an area for
// improvement of its assessment.
type CAFAction struct {
	ID           int64
	ProgrammeID  int64
	UnitID       int64
	UnitName     string
	AssessmentID int64
	Cycle        int
	Edition      CAFEdition
	Sub          string // the sub-criterion it improves ("" when none)
	Title        string
	Description  string
	Owner        string
	StartsOn     time.Time
	EndsOn       time.Time
	Impact       int // 1 small … 3 large
	Effort       int // 1 small … 3 large
	Status       ActionStatus
	DoneOn       time.Time // when it was completed (status done)
	TaskID       *int64    // the programme's task it comes from
	TaskCode     string
	PracticeID   *int64 // the good practice it applies
	PracticeName string
	Version      int
	UpdatedAt    time.Time
}

// Form fields of an action.
const (
	FieldActionSub         = "sub"
	FieldActionTitle       = "title"
	FieldActionDescription = "description"
	FieldActionOwner       = "owner"
	FieldActionStartsOn    = "starts_on"
	FieldActionEndsOn      = "ends_on"
	FieldActionImpact      = "impact"
	FieldActionEffort      = "effort"
	FieldActionStatus      = "status"
	FieldActionDoneOn      = "done_on"
	FieldActionTask        = "task"
	FieldActionPractice    = "practice"
)

// Priority is impact × ease (ease = 4 − effort): 9 a large gain for a small
// effort, 1 a small gain for a large effort.
func (a *CAFAction) Priority() int { return a.Impact * (4 - a.Effort) }

// PriorityLabel names the priority in Polish.
func (a *CAFAction) PriorityLabel() string {
	switch p := a.Priority(); {
	case p >= 6:
		return "wysoki"
	case p >= 3:
		return "średni"
	}
	return "niski"
}

// LevelLabels name impact and effort levels 1–3.
var LevelLabels = map[int]string{1: "mały", 2: "średni", 3: "duży"}

// Validate checks the action's fields (the store checks that its task and
// practice belong to the programme).
func (a *CAFAction) Validate(m *CAFModel) error {
	v := Validation{}
	a.Title, a.Owner = strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner)
	switch n := utf8.RuneCountInString(a.Title); {
	case n == 0:
		v.Add(FieldActionTitle, "Podaj, co zostanie zrobione.")
	case n > 300:
		v.Add(FieldActionTitle, "Nazwa działania może mieć najwyżej 300 znaków.")
	}
	if utf8.RuneCountInString(a.Description) > CAFTextMax {
		v.Add(FieldActionDescription, "Opis może mieć najwyżej 8000 znaków.")
	}
	switch n := utf8.RuneCountInString(a.Owner); {
	case n == 0:
		v.Add(FieldActionOwner, "Podaj osobę lub komórkę odpowiedzialną.")
	case n > 200:
		v.Add(FieldActionOwner, "Odpowiedzialny może mieć najwyżej 200 znaków.")
	}
	if a.Sub != "" && m != nil {
		if _, _, ok := m.Sub(a.Sub); !ok {
			v.Add(FieldActionSub, "Wybierz podkryterium z listy.")
		}
	}
	if a.StartsOn.IsZero() {
		v.Add(FieldActionStartsOn, "Podaj datę rozpoczęcia.")
	}
	switch {
	case a.EndsOn.IsZero():
		v.Add(FieldActionEndsOn, "Podaj planowaną datę zakończenia.")
	case !a.StartsOn.IsZero() && a.EndsOn.Before(a.StartsOn):
		v.Add(FieldActionEndsOn, "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.")
	}
	if a.Impact < 1 || a.Impact > 3 {
		v.Add(FieldActionImpact, "Wybierz wpływ: mały, średni albo duży.")
	}
	if a.Effort < 1 || a.Effort > 3 {
		v.Add(FieldActionEffort, "Wybierz nakład: mały, średni albo duży.")
	}
	if !slices.Contains(ActionStatuses, a.Status) {
		v.Add(FieldActionStatus, "Wybierz stan działania z listy.")
	}
	switch {
	case a.Status == ActionDone && a.DoneOn.IsZero():
		v.Add(FieldActionDoneOn, "Podaj datę zrealizowania działania.")
	case a.Status != ActionDone && !a.DoneOn.IsZero():
		v.Add(FieldActionDoneOn, "Datę zrealizowania podaje się tylko dla działania zrealizowanego.")
	case !a.DoneOn.IsZero() && !a.StartsOn.IsZero() && a.DoneOn.Before(a.StartsOn):
		v.Add(FieldActionDoneOn, "Data zrealizowania nie może być wcześniejsza niż data rozpoczęcia.")
	}
	return v.Err()
}

// PlanProgress sums a plan's actions by status.
type PlanProgress struct {
	Total, Done, InProgress, Planned, Dropped, Overdue int
}

// ProgressOf counts actions by status; overdue are those not done nor
// dropped whose end is before today.
func ProgressOf(actions []CAFAction, today time.Time) PlanProgress {
	var p PlanProgress
	for _, a := range actions {
		p.Total++
		switch a.Status {
		case ActionDone:
			p.Done++
		case ActionInProgress:
			p.InProgress++
		case ActionPlanned:
			p.Planned++
		case ActionDropped:
			p.Dropped++
		}
		if (a.Status == ActionPlanned || a.Status == ActionInProgress) && a.EndsOn.Before(today) {
			p.Overdue++
		}
	}
	return p
}

// Percent is the share of done actions among those not dropped (0–100).
func (p PlanProgress) Percent() int {
	n := p.Total - p.Dropped
	if n == 0 {
		return 0
	}
	return p.Done * 100 / n
}
