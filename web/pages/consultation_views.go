package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// ConsultationsView is the consultations page.
type ConsultationsView struct {
	Programme      *domain.Programme
	Consultations  []domain.ConsultationRow // one page, the latest first
	Offset, Total  int
	Delivered      []domain.DeliveredDays
	Tasks          []*domain.Task
	Participations []domain.Participation
	CanRecord      bool
	List           components.List // search, filters, order, page and the CSV link
}

// ConsultationsPerPage is how many consultations a page of the list shows.
const ConsultationsPerPage = 100

// ConsultationFormView is the consultation form.
type ConsultationFormView struct {
	Programme      *domain.Programme
	ID             int64 // 0 when creating
	Tasks          []*domain.Task
	Participations []domain.Participation
	Form           components.Form
	Token          string
	Message        string
}

// Fields of the consultation form (ConsultationForm).
const (
	FieldConsultationTask     = "task"
	FieldConsultationUnit     = "unit"
	FieldConsultationExpert   = "expert"
	FieldConsultationDay      = "day"
	FieldConsultationHours    = "hours"
	FieldConsultationDays     = "days" // days counted against the plan
	FieldConsultationTopic    = "topic"
	FieldConsultationWorkDone = "work_done"
)

// ConsultationValues are a stored consultation's values for its form.
func ConsultationValues(c *domain.Consultation) map[string][]string {
	return map[string][]string{FieldConsultationTask: {itoa(c.TaskID)}, FieldConsultationUnit: {itoa(c.UnitID)}, FieldConsultationExpert: {c.Expert},
		FieldConsultationDay: {date(c.Day)}, FieldConsultationHours: {c.Hours.Input()}, FieldConsultationDays: {c.Days.Input()},
		FieldConsultationTopic: {c.Topic}, FieldConsultationWorkDone: {c.WorkDone}, FieldVersion: {strconv.Itoa(c.Version)}}
}

// TaskUnitRow is planned against delivered consultation days of a task in a unit.
type TaskUnitRow struct {
	Task      *domain.Task
	Unit      string
	Delivered domain.Decimal
}

func deliveredRows(v ConsultationsView) (rows []TaskUnitRow) {
	names := map[int64]string{}
	for _, p := range v.Participations {
		names[p.Unit.ID] = p.Unit.Name
	}
	got := map[[2]int64]domain.Decimal{}
	for _, d := range v.Delivered {
		got[[2]int64{d.TaskID, d.UnitID}] = d.Days
	}
	for _, t := range v.Tasks {
		if t.Kind == domain.TaskMeetings {
			continue
		}
		for _, u := range t.UnitIDs {
			rows = append(rows, TaskUnitRow{Task: t, Unit: names[u], Delivered: got[[2]int64{t.ID, u}]})
		}
	}
	return rows
}

// perUnitPlan is the plan's days per unit: one figure when all lines agree,
// else the lines (P3 standards: "8 lub 20").
func perUnitPlan(t *domain.Task) string {
	s := ""
	seen := map[int]bool{}
	for _, l := range t.PlanLines {
		if seen[l.Days] {
			continue
		}
		seen[l.Days] = true
		if s != "" {
			s += " lub "
		}
		s += strconv.Itoa(l.Days)
	}
	return s
}

func consultationTaskOptions(tasks []*domain.Task, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz zadanie —"}}
	for _, t := range tasks {
		if t.Kind == domain.TaskMeetings {
			continue
		}
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: itoa(t.ID) == selected})
	}
	return opts
}
