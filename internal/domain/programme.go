package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Programme is an EU-funded programme (projekt).
type Programme struct {
	ID            int64
	Code          string
	Title         string
	FundingLine   string
	LeaderUnitID  *int64
	Contractor    string
	Start, End    time.Time
	Budget        Decimal
	GeneralGoal   string
	SpecificGoals []string
	Phases        []Phase
	Areas         AreaList // obszary, in their order
	Components    []Component
	ArchivedAt    *time.Time
	// OwnPeriods are its own reporting periods as read with it (none:
	// calendar quarters); saved apart from the programme and audited there
	// (store.SavePeriods), so not part of its audit record.
	OwnPeriods []Period `json:"-"`
}

// Periods are the programme's reporting periods as read with it: its own,
// or calendar quarters over its dates (ProgrammePeriods).
func (p *Programme) Periods() Periods { return ProgrammePeriods(p.Start, p.End, p.OwnPeriods) }

// ProgrammeSummary is a programme as the list shows it.
type ProgrammeSummary struct {
	ID         int64
	Code       string
	Title      string
	Start, End time.Time
	Units      int
	ArchivedAt *time.Time
	// ClosingFrom is the start of its closing phase (ClosingPhaseStart).
	ClosingFrom time.Time
}

// Phase is a period of a programme (preparatory, improvement, closing).
type Phase struct {
	Name       string
	Start, End time.Time
}

// Component groups tasks for indicator measurement (Z2, Z4).
type Component struct {
	ID   int64
	Code string
	Name string
}

func checkLen(v Validation, field, value string, min, max int, what string) {
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	switch {
	case n < min && min > 0:
		v.Add(field, "Podaj "+what+".")
	case n > max:
		v.Add(field, "Pole może mieć najwyżej "+Count(max, NounChar)+".")
	}
}

// Validate checks the programme, its phases and components. Field names of
// rows are "phases.N.name" etc., with N counted from 0.
func (p *Programme) Validate() error {
	v := Validation{}
	checkLen(v, "code", p.Code, 1, 40, "kod programu")
	checkLen(v, "title", p.Title, 1, 500, "tytuł programu")
	checkLen(v, "funding_line", p.FundingLine, 0, 300, "")
	checkLen(v, "contractor", p.Contractor, 0, 300, "")
	checkLen(v, "general_goal", p.GeneralGoal, 0, 4000, "")
	if p.Start.IsZero() {
		v.Add("start", "Podaj datę rozpoczęcia (np. 2026-01-01).")
	}
	if p.End.IsZero() {
		v.Add("end", "Podaj datę zakończenia (np. 2027-12-31).")
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		v.Add("end", "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.")
	}
	if p.Budget.Sign() < 0 {
		v.Add("budget", "Budżet nie może być ujemny.")
	}
	for i, g := range p.SpecificGoals {
		if utf8.RuneCountInString(g) > 1000 {
			v.Add("specific_goals", fmt.Sprintf("Cel nr %d jest dłuższy niż 1000 znaków.", i+1))
		}
	}
	for i, ph := range p.Phases {
		f := fmt.Sprintf("phases.%d.", i)
		checkLen(v, f+"name", ph.Name, 1, 200, "nazwę fazy")
		if ph.Start.IsZero() {
			v.Add(f+"start", "Podaj datę rozpoczęcia fazy.")
		}
		if ph.End.IsZero() {
			v.Add(f+"end", "Podaj datę zakończenia fazy.")
		}
		if ph.Start.IsZero() || ph.End.IsZero() {
			continue
		}
		if ph.End.Before(ph.Start) {
			v.Add(f+"end", "Faza nie może kończyć się przed swoim początkiem.")
		}
		if !p.Start.IsZero() && !p.End.IsZero() {
			if ph.Start.Before(p.Start) {
				v.Add(f+"start", "Faza musi mieścić się w okresie realizacji programu (zaczyna się za wcześnie).")
			}
			if ph.End.After(p.End) {
				v.Add(f+"end", "Faza musi mieścić się w okresie realizacji programu (kończy się za późno).")
			}
		}
	}
	p.Areas.check(v)
	seen := map[string]bool{}
	for i, c := range p.Components {
		f := fmt.Sprintf("components.%d.", i)
		checkLen(v, f+"code", c.Code, 1, 20, "kod komponentu")
		checkLen(v, f+"name", c.Name, 0, 300, "")
		key := strings.ToUpper(strings.TrimSpace(c.Code))
		if key != "" && seen[key] {
			v.Add(f+"code", "Ten kod komponentu już jest w programie.")
		}
		seen[key] = true
	}
	return v.Err()
}

// Participation is a unit taking part in a programme, in some of its areas.
type Participation struct {
	ProgrammeID int64
	Unit        Unit
	Areas       []Area // codes of the programme's areas
	Contacts    string // contact persons (osoby do kontaktu)
}

// Validate checks the participation against the programme's areas: at
// least one of them when it has any, none when it has none.
func (p *Participation) Validate(areas AreaList) error {
	v := Validation{}
	if p.Unit.ID <= 0 {
		v.Add("unit", "Wybierz jednostkę z listy.")
	}
	p.Areas = uniqueAreas(p.Areas)
	checkAreaSet(v, "areas", areas, p.Areas)
	checkLen(v, "contacts", p.Contacts, 0, 1000, "")
	return v.Err()
}

// ParticipationBatch adds several units to a programme at once, each in
// the same areas.
type ParticipationBatch struct {
	ProgrammeID int64
	UnitIDs     []int64
	Areas       []Area
}

// Validate checks the batch against the programme's areas.
func (b *ParticipationBatch) Validate(areas AreaList) error {
	v := Validation{}
	if len(b.UnitIDs) == 0 {
		v.Add("units", "Zaznacz co najmniej jedną jednostkę.")
	}
	b.Areas = uniqueAreas(b.Areas)
	checkAreaSet(v, "areas", areas, b.Areas)
	return v.Err()
}

// TaskKind says what a task delivers.
type TaskKind string

const (
	TaskProcess   TaskKind = "process"   // doskonalenie procesów
	TaskStandards TaskKind = "standards" // standardy obsługi klienta
	TaskDatabase  TaskKind = "database"  // baza danych
	TaskMeetings  TaskKind = "meetings"  // spotkania grupy dobrych praktyk
	TaskOther     TaskKind = "other"
)

// TaskKinds lists the kinds.
var TaskKinds = []TaskKind{TaskProcess, TaskStandards, TaskDatabase, TaskMeetings, TaskOther}

// Label is the kind's Polish name.
func (k TaskKind) Label() string {
	switch k {
	case TaskProcess:
		return "doskonalenie procesów"
	case TaskStandards:
		return "standardy obsługi klienta"
	case TaskDatabase:
		return "baza danych"
	case TaskMeetings:
		return "spotkania grupy dobrych praktyk"
	case TaskOther:
		return "inne"
	}
	return string(k)
}

// PlanLine is "units × consultation days" of a task.
type PlanLine struct {
	Units int
	Days  int
}

// Product is a product of a task, with its letter.
type Product struct {
	ID     int64
	Letter string
	Name   string
}

// Task is a line of the programme plan (zadanie).
type Task struct {
	ID              int64
	ProgrammeID     int64
	Code            string
	Name            string
	Area            Area // "" for all areas (or none)
	ComponentID     *int64
	Kind            TaskKind
	PlanLines       []PlanLine
	Products        []Product
	UnitIDs         []int64
	MeetingsPlanned int // meeting tasks only
	DaysPerMeeting  int
}

// PlannedUnits is the number of units of all plan lines.
func (t *Task) PlannedUnits() int {
	n := 0
	for _, l := range t.PlanLines {
		n += l.Units
	}
	return n
}

// PlannedDays is the total of consultation days (units × days summed).
func (t *Task) PlannedDays() int {
	n := 0
	for _, l := range t.PlanLines {
		n += l.Units * l.Days
	}
	return n
}

// Validate checks the task.
func (t *Task) Validate(areas AreaList) error {
	v := Validation{}
	checkLen(v, "code", t.Code, 1, 20, "kod zadania")
	checkLen(v, "name", t.Name, 1, 300, "nazwę zadania")
	areas.checkRef(v, "area", t.Area)
	if !slices.Contains(TaskKinds, t.Kind) {
		v.Add("kind", "Wybierz rodzaj zadania z listy.")
	}
	for i, l := range t.PlanLines {
		if l.Units <= 0 {
			v.Add(fmt.Sprintf("plan.%d.units", i), "Liczba jednostek musi być większa od zera.")
		}
		if l.Days <= 0 {
			v.Add(fmt.Sprintf("plan.%d.days", i), "Liczba dni musi być większa od zera.")
		}
	}
	letters := map[string]bool{}
	for i, p := range t.Products {
		f := fmt.Sprintf("products.%d.", i)
		if len(p.Letter) != 1 || p.Letter[0] < 'a' || p.Letter[0] > 'z' {
			v.Add(f+"letter", "Oznacz produkt jedną małą literą (a, b, c…).")
		} else if letters[p.Letter] {
			v.Add(f+"letter", "Ta litera jest już użyta w tym zadaniu.")
		}
		letters[p.Letter] = true
		checkLen(v, f+"name", p.Name, 1, 300, "nazwę produktu")
	}
	if t.Kind == TaskMeetings {
		if t.MeetingsPlanned <= 0 {
			v.Add("meetings_planned", "Podaj planowaną liczbę spotkań (większą od zera).")
		}
		if t.DaysPerMeeting <= 0 {
			v.Add("days_per_meeting", "Podaj liczbę dni na spotkanie (większą od zera).")
		}
	} else if t.MeetingsPlanned != 0 || t.DaysPerMeeting != 0 {
		v.Add("meetings_planned", "Liczbę spotkań podaje się tylko dla zadań typu „spotkania grupy dobrych praktyk”.")
	}
	return v.Err()
}

// Training is a line of the training catalogue (e.g. PS4 zarządzanie procesami 4 × 2).
type Training struct {
	ID            int64
	ProgrammeID   int64
	Code          string
	Topic         string
	Area          Area
	GroupsPlanned int
	DaysPerGroup  Decimal // in halves: 0,5; 1; 1,5 …
}

// TrainingDays is the planned group-days: groups × days per group.
func (t *Training) TrainingDays() Decimal {
	return DecimalFromCents(int64(t.GroupsPlanned) * t.DaysPerGroup.Cents())
}

// HalfDay is half a day, the step of days per group and a half session day.
var HalfDay = DecimalFromCents(50)

// MsgDaysPerGroup is what days per group must be.
const MsgDaysPerGroup = "Liczba dni na grupę musi być dodatnia, w połówkach (np. 0,5; 1; 1,5)."

// Validate checks the training.
func (t *Training) Validate(areas AreaList) error {
	v := Validation{}
	checkLen(v, "code", t.Code, 1, 20, "kod szkolenia")
	checkLen(v, "topic", t.Topic, 1, 300, "temat szkolenia")
	areas.checkRef(v, "area", t.Area)
	if t.GroupsPlanned <= 0 {
		v.Add("groups_planned", "Liczba grup musi być większa od zera.")
	}
	switch {
	case t.DaysPerGroup.Sign() <= 0 || t.DaysPerGroup.Cents()%HalfDay.Cents() != 0:
		v.Add("days_per_group", MsgDaysPerGroup)
	case t.DaysPerGroup.Cmp(DecimalFromInt(100)) > 0:
		v.Add("days_per_group", "Liczba dni na grupę nie może przekraczać 100.")
	}
	return v.Err()
}
