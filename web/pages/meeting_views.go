package pages

import (
	"slices"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// MeetingsView is the meetings page.
type MeetingsView struct {
	Programme *domain.Programme
	Meetings  []domain.MeetingSummary // those matching the filter, in its order
	// AllMeetings are every meeting of the programme (the plan's counts).
	AllMeetings []domain.MeetingSummary
	Tasks       []*domain.Task
	CanRecord   bool
	Total       int             // matching the filter
	List        components.List // search, filters, order and the CSV link
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
		for _, m := range v.AllMeetings {
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
	Attendees []domain.Person // on the form's list (present, with their area)
	Search    PersonSearch    // people to add
	Form      components.Form
	Token     string
	Message   string
}

// MeetingAttendeeIDs are the people a meeting form's values mark present.
func MeetingAttendeeIDs(values map[string][]string) []int64 {
	var ids []int64
	for k, v := range values {
		raw, ok := strings.CutPrefix(k, FieldMeetingAreaPrefix)
		if !ok || len(v) == 0 || v[0] == "" {
			continue
		}
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Fields of the meeting form (MeetingForm).
const (
	FieldMeetingTask           = "task"
	FieldMeetingNumber         = "number"
	FieldMeetingDay            = "day"  // one date a field, repeated
	FieldMeetingDays           = "days" // the message about the days
	FieldMeetingPlace          = "place"
	FieldMeetingWithManagement = "with_management"
	FieldMeetingAttendees      = "attendees" // the message about the attendees
	FieldMeetingExperts        = "experts"
	FieldMeetingNotes          = "notes"
	FieldMeetingConclusions    = "conclusions"
	// FieldMeetingAreaPrefix starts the name of every attendee's select
	// (FieldMeetingArea).
	FieldMeetingAreaPrefix = "area_"
)

// FieldMeetingArea is the select of the area a person represented at the
// meeting (empty: absent).
func FieldMeetingArea(personID int64) string { return FieldMeetingAreaPrefix + itoa(personID) }

// MeetingValues are a stored meeting's values for its form.
func MeetingValues(m *domain.Meeting) map[string][]string {
	v := map[string][]string{FieldMeetingTask: {itoa(m.TaskID)}, FieldMeetingNumber: {strconv.Itoa(m.Number)}, FieldMeetingPlace: {m.Place},
		FieldMeetingExperts: {m.Experts}, FieldMeetingNotes: {m.Notes}, FieldMeetingConclusions: {m.Conclusions}, FieldVersion: {strconv.Itoa(m.Version)}}
	if m.WithManagement {
		v[FieldMeetingWithManagement] = []string{"1"}
	}
	for _, d := range m.Days {
		v[FieldMeetingDay] = append(v[FieldMeetingDay], date(d))
	}
	for _, a := range m.Attendees {
		v[FieldMeetingArea(a.PersonID)] = []string{string(a.Area)}
		if a.Area == "" {
			v[FieldMeetingArea(a.PersonID)] = []string{MeetingPresentNoArea}
		}
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

// MeetingPresentNoArea is the value of an attendee's select for "present"
// in a programme without areas.
const MeetingPresentNoArea = "-"

func attendeeArea(f components.Form, personID int64) string { return f.Get(FieldMeetingArea(personID)) }

// meetingTaskList are the programme's meeting tasks (the list's filter).
func meetingTaskList(tasks []*domain.Task) []*domain.Task {
	var out []*domain.Task
	for _, t := range tasks {
		if t.Kind == domain.TaskMeetings {
			out = append(out, t)
		}
	}
	return out
}

// taskCode is the code of the task with id among tasks.
func taskCode(tasks []*domain.Task, id int64) string {
	for _, t := range tasks {
		if t.ID == id {
			return t.Code
		}
	}
	return ""
}
