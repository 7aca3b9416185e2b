package pages

import (
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// ProgrammesView is the list of programmes.
type ProgrammesView struct {
	Programmes []domain.ProgrammeSummary
	Total      int // matching the filter, every page
	List       components.List
	Today      time.Time // for each programme's status
}

// ProgrammesPerPage is how many programmes a page of the list shows.
const ProgrammesPerPage = 50

// ParamProgrammeState filters the programme list: active or archived
// (domain.ProgrammeActive, domain.ProgrammeArchived).
const ParamProgrammeState = "stan"

// ProgrammeView is the programme overview.
type ProgrammeView struct {
	Programme      *domain.Programme
	Leader         string
	Participations []domain.Participation
	Tasks          []*domain.Task
	Trainings      []domain.Training
	Indicators     []*domain.Indicator
	Delivered      []domain.DeliveredDays  // consultation days per task and unit
	Meetings       []domain.MeetingSummary // held meetings
	Groups         map[int64]int           // training sessions (groups delivered) per training
	Today          time.Time
	CanEdit        bool
	ShowContacts   bool
	ShowTeam       bool                     // the team section (roles that see contacts)
	Team           []domain.ProgrammeMember // zespół programu
	CanManageTeam  bool
}

// ProgrammeFormView is the create/edit form of a programme.
type ProgrammeFormView struct {
	Programme    *domain.Programme // nil when creating
	LeaderPicker components.Picker // the leader unit: the chosen one (or none) and a page of the search
	Form         components.Form
}

// ParticipationsView is the page of a programme's units.
type ParticipationsView struct {
	Programme      *domain.Programme
	Participations []domain.Participation
	UnitPicker     components.Picker // the unit of the adding form: the chosen one and a page of the search
	Form           components.Form
	ShowContacts   bool
	Many           ManyUnitsView
	Total          int             // units matching the filter, every page
	List           components.List // search, filters, order, page and the CSV link
}

// ParticipationsPerPage is how many units a page of a programme's units shows.
const ParticipationsPerPage = 100

// Fields of the programme form (ProgrammeForm). The names are also the
// keys of domain.Programme.Validate's messages.
const (
	FieldProgrammeCode          = "code"
	FieldProgrammeTitle         = "title"
	FieldProgrammeFundingLine   = "funding_line"
	FieldProgrammeLeader        = "leader"
	FieldProgrammeContractor    = "contractor"
	FieldProgrammeStart         = "start"
	FieldProgrammeEnd           = "end"
	FieldProgrammeBudget        = "budget"
	FieldProgrammeGeneralGoal   = "general_goal"
	FieldProgrammeSpecificGoals = "specific_goals" // one goal a line
	// Phases and components are rows of repeated fields; their messages
	// are keyed by RowKey(FieldProgrammePhases, i, "name") and so on.
	FieldProgrammePhaseName     = "phase_name"
	FieldProgrammePhaseStart    = "phase_start"
	FieldProgrammePhaseEnd      = "phase_end"
	FieldProgrammePhases        = "phases"
	FieldProgrammeComponentCode = "component_code"
	FieldProgrammeComponentName = "component_name"
	FieldProgrammeComponents    = "components" // also the message about all components
	FieldProgrammeAreaCode      = "area_code"
	FieldProgrammeAreaName      = "area_name"
	FieldProgrammeAreas         = "areas" // also the message about all areas
)

// ProgrammeRowGroups are the programme form's groups of repeated rows, by
// the group's name, for adding and removing rows without JavaScript.
var ProgrammeRowGroups = map[string][]string{
	FieldProgrammePhases:     {FieldProgrammePhaseName, FieldProgrammePhaseStart, FieldProgrammePhaseEnd},
	FieldProgrammeAreas:      {FieldProgrammeAreaCode, FieldProgrammeAreaName},
	FieldProgrammeComponents: {FieldProgrammeComponentCode, FieldProgrammeComponentName},
}

// Fields of the form that adds a unit to a programme (Participations).
const (
	FieldParticipationUnit     = "unit"
	FieldParticipationAreas    = "areas"
	FieldParticipationContacts = "contacts"
)

// ProgrammeValues are a stored programme's values as its form shows them.
func ProgrammeValues(p *domain.Programme) map[string][]string {
	v := map[string][]string{
		FieldProgrammeCode: {p.Code}, FieldProgrammeTitle: {p.Title}, FieldProgrammeFundingLine: {p.FundingLine}, FieldProgrammeContractor: {p.Contractor},
		FieldProgrammeStart: {date(p.Start)}, FieldProgrammeEnd: {date(p.End)}, FieldProgrammeBudget: {p.Budget.Input()}, FieldProgrammeGeneralGoal: {p.GeneralGoal},
		FieldProgrammeSpecificGoals: {strings.Join(p.SpecificGoals, "\n")},
	}
	if p.LeaderUnitID != nil {
		v[FieldProgrammeLeader] = []string{itoa(*p.LeaderUnitID)}
	}
	for _, ph := range p.Phases {
		v[FieldProgrammePhaseName] = append(v[FieldProgrammePhaseName], ph.Name)
		v[FieldProgrammePhaseStart] = append(v[FieldProgrammePhaseStart], date(ph.Start))
		v[FieldProgrammePhaseEnd] = append(v[FieldProgrammePhaseEnd], date(ph.End))
	}
	for _, a := range p.Areas {
		v[FieldProgrammeAreaCode] = append(v[FieldProgrammeAreaCode], string(a.Code))
		v[FieldProgrammeAreaName] = append(v[FieldProgrammeAreaName], a.Name)
	}
	for _, c := range p.Components {
		v[FieldProgrammeComponentCode] = append(v[FieldProgrammeComponentCode], c.Code)
		v[FieldProgrammeComponentName] = append(v[FieldProgrammeComponentName], c.Name)
	}
	return v
}

func areasLabel(p domain.Participation) string {
	var parts []string
	if len(p.Areas) == 0 {
		return "—"
	}
	for _, a := range p.Areas {
		parts = append(parts, string(a))
	}
	return strings.Join(parts, " + ")
}

func planLines(t *domain.Task) string {
	if t.Kind == domain.TaskMeetings {
		return domain.Count(t.MeetingsPlanned, domain.NounMeeting) + " × " + domain.Count(t.DaysPerMeeting, domain.NounDay)
	}
	var parts []string
	for _, l := range t.PlanLines {
		parts = append(parts, strconv.Itoa(l.Units)+" × "+strconv.Itoa(l.Days))
	}
	return strings.Join(parts, " + ")
}

func taskDays(t *domain.Task) int {
	if t.Kind == domain.TaskMeetings {
		return t.MeetingsPlanned * t.DaysPerMeeting
	}
	return t.PlannedDays()
}

func componentCode(p *domain.Programme, id *int64) string {
	if id == nil {
		return ""
	}
	for _, c := range p.Components {
		if c.ID == *id {
			return c.Code
		}
	}
	return ""
}

func trainingTotals(ts []domain.Training) (groups int, days domain.Decimal) {
	for _, t := range ts {
		groups += t.GroupsPlanned
		days = days.Add(t.TrainingDays())
	}
	return
}

func taskTotal(ts []*domain.Task) int {
	n := 0
	for _, t := range ts {
		if t.Kind != domain.TaskMeetings {
			n += t.PlannedDays()
		}
	}
	return n
}

// timeline places phases on a 0–100 scale of the programme's period.
type timelineBar struct {
	Name       string
	Start, End time.Time
	X, W       string // percent
	Current    bool
}

func timeline(p *domain.Programme, today time.Time) (bars []timelineBar, todayX string, inRange bool) {
	total := p.End.Sub(p.Start).Hours()
	if total <= 0 {
		return nil, "", false
	}
	pct := func(t time.Time) float64 {
		v := t.Sub(p.Start).Hours() / total * 100
		if v < 0 {
			return 0
		}
		if v > 100 {
			return 100
		}
		return v
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "%" }
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, ph := range p.Phases {
		x := pct(ph.Start)
		w := pct(ph.End.Add(24*time.Hour)) - x
		bars = append(bars, timelineBar{Name: ph.Name, Start: ph.Start, End: ph.End, X: f(x), W: f(w),
			Current: !day.Before(ph.Start) && !day.After(ph.End)})
	}
	inRange = !day.Before(p.Start) && !day.After(p.End)
	return bars, f(pct(day)), inRange
}

func productList(t *domain.Task) string {
	var parts []string
	for _, p := range t.Products {
		parts = append(parts, p.Letter+") "+p.Name)
	}
	return strings.Join(parts, "; ")
}

// taskDelivered is what has been delivered of a task: consultation days, or
// for meeting tasks meetings held (with management).
func taskDelivered(v ProgrammeView, t *domain.Task) string {
	if t.Kind == domain.TaskMeetings {
		held, mgmt := 0, 0
		for _, m := range v.Meetings {
			if m.TaskID == t.ID {
				held++
				if m.WithManagement {
					mgmt++
				}
			}
		}
		return strconv.Itoa(held) + " z " + domain.Count(t.MeetingsPlanned, domain.NounMeetingOf) + " (z kierownictwem: " + strconv.Itoa(mgmt) + ")"
	}
	total := domain.Decimal{}
	for _, d := range v.Delivered {
		if d.TaskID == t.ID {
			total = total.Add(d.Days)
		}
	}
	return total.String() + " z " + domain.Count(t.PlannedDays(), domain.NounDayOf)
}

func groupsDelivered(v ProgrammeView, t domain.Training) int { return v.Groups[t.ID] }

// sum adds up counts.
func sum(counts map[int64]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// ComponentGroup is a component with its tasks, as the overview shows it;
// Code "" gathers the tasks of no component.
type ComponentGroup struct {
	Code, Title string
	Tasks       []*domain.Task
}

// componentGroups groups tasks by component, in the components' order,
// then the tasks of no component (when there are any).
func componentGroups(comps []domain.Component, tasks []*domain.Task) []ComponentGroup {
	var out []ComponentGroup
	for _, c := range comps {
		g := ComponentGroup{Code: c.Code, Title: "Komponent " + c.Code}
		if c.Name != "" {
			g.Title += " – " + c.Name
		}
		for _, t := range tasks {
			if t.ComponentID != nil && *t.ComponentID == c.ID {
				g.Tasks = append(g.Tasks, t)
			}
		}
		out = append(out, g)
	}
	none := ComponentGroup{Title: "Zadania poza komponentami"}
	for _, t := range tasks {
		if t.ComponentID == nil {
			none.Tasks = append(none.Tasks, t)
		}
	}
	if len(none.Tasks) > 0 {
		out = append(out, none)
	}
	return out
}
