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

// ConsultationValues are a stored consultation's values for its form.
func ConsultationValues(c *domain.Consultation) map[string][]string {
	return map[string][]string{"task": {itoa(c.TaskID)}, "unit": {itoa(c.UnitID)}, "expert": {c.Expert}, "day": {date(c.Day)},
		"hours": {c.Hours.Input()}, "days": {c.Days.Input()}, "topic": {c.Topic}, "work_done": {c.WorkDone}, "version": {strconv.Itoa(c.Version)}}
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

// MeetingsView is the meetings page.
type MeetingsView struct {
	Programme *domain.Programme
	Meetings  []domain.MeetingSummary
	Tasks     []*domain.Task
	CanRecord bool
}

// MeetingTaskRow is held against planned meetings of a meetings task.
type MeetingTaskRow struct {
	Task                           *domain.Task
	Held, Complete, WithManagement int
}

func meetingTasks(v MeetingsView) (rows []MeetingTaskRow) {
	for _, t := range v.Tasks {
		if t.Kind != domain.TaskMeetings {
			continue
		}
		r := MeetingTaskRow{Task: t}
		for _, m := range v.Meetings {
			if m.TaskID != t.ID {
				continue
			}
			r.Held++
			if m.Complete() {
				r.Complete++
			}
			if m.WithManagement {
				r.WithManagement++
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// MeetingView is one meeting's page.
type MeetingView struct {
	Programme     *domain.Programme
	Meeting       *domain.Meeting
	Attendees     []domain.MeetingAttendee // those the user may see by name
	AttendeeCount int
	Scans         []domain.File
	NotesDated    bool
	CanRecord     bool
	CanSeeNames   bool
	OwnUnitsOnly  bool
	Form          components.Form
}

// MeetingFormView is the meeting form.
type MeetingFormView struct {
	Programme *domain.Programme
	ID        int64
	Tasks     []*domain.Task
	Persons   []domain.Person
	Form      components.Form
	Token     string
	Message   string
}

// MeetingValues are a stored meeting's values for its form.
func MeetingValues(m *domain.Meeting) map[string][]string {
	v := map[string][]string{"task": {itoa(m.TaskID)}, "number": {strconv.Itoa(m.Number)}, "place": {m.Place}, "experts": {m.Experts},
		"notes": {m.Notes}, "conclusions": {m.Conclusions}, "version": {strconv.Itoa(m.Version)}}
	if m.WithManagement {
		v["with_management"] = []string{"1"}
	}
	for _, d := range m.Days {
		v["day"] = append(v["day"], date(d))
	}
	for _, a := range m.Attendees {
		v["area_"+itoa(a.PersonID)] = []string{string(a.Area)}
	}
	return v
}

func meetingTaskOptions(tasks []*domain.Task, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz zadanie —"}}
	for _, t := range tasks {
		if t.Kind != domain.TaskMeetings {
			continue
		}
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: itoa(t.ID) == selected || len(tasks) == 1})
	}
	return opts
}

func attendeeArea(f components.Form, personID int64) string { return f.Get("area_" + itoa(personID)) }

// PracticesView is the register with its search.
type PracticesView struct {
	Programme      *domain.Programme
	Practices      []*domain.GoodPractice
	Participations []domain.Participation
	Filter         domain.PracticeFilter
	CanRecord      bool
}

// PracticeView is one practice.
type PracticeView struct {
	Programme *domain.Programme
	Practice  *domain.GoodPractice
	Meetings  []domain.MeetingSummary
	CanRecord bool
}

// PracticeFormView is the practice form.
type PracticeFormView struct {
	Programme      *domain.Programme
	ID             int64
	Participations []domain.Participation
	Meetings       []domain.MeetingSummary
	Form           components.Form
	Token          string
	Message        string
}

// PracticeValues are a stored practice's values for its form.
func PracticeValues(g *domain.GoodPractice) map[string][]string {
	v := map[string][]string{"title": {g.Title}, "unit": {itoa(g.UnitID)}, "area": {string(g.Area)}, "description": {g.Description},
		"results": {g.Results}, "why_results": {g.WhyResults}, "why_innovative": {g.WhyInnovative}, "why_durable": {g.WhyDurable},
		"why_transferable": {g.WhyTransferable}, "status": {string(g.Status)}, "version": {strconv.Itoa(g.Version)}}
	for _, id := range g.MeetingIDs {
		v["meetings"] = append(v["meetings"], itoa(id))
	}
	return v
}

func statusOptions(selected string) []components.Option {
	return []components.Option{
		{Value: string(domain.PracticeProposed), Label: domain.PracticeProposed.Label(), Selected: selected == string(domain.PracticeProposed)},
		{Value: string(domain.PracticeAccepted), Label: domain.PracticeAccepted.Label(), Selected: selected == string(domain.PracticeAccepted)},
	}
}

func meetingChecks(ms []domain.MeetingSummary, f components.Form) []components.Option {
	var opts []components.Option
	for _, m := range ms {
		opts = append(opts, components.Option{Value: itoa(m.ID), Label: "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + dayList(m.Days) + ")", Selected: f.Has("meetings", itoa(m.ID))})
	}
	return opts
}

func meetingLabel(ms []domain.MeetingSummary, id int64) string {
	for _, m := range ms {
		if m.ID == id {
			return "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + dayList(m.Days) + ")"
		}
	}
	return ""
}
