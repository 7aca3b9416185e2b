package pages

import (
	"strconv"
	"time"

	"kaizen/internal/attendcsv"
	"kaizen/internal/domain"
	"kaizen/web/components"
)

// TrainingSessionsView is the list of a programme's training sessions.
type TrainingSessionsView struct {
	Programme *domain.Programme
	Sessions  []domain.SessionSummary // one page, the latest recorded first
	Offset    int
	Total     int
	Groups    map[int64]int // sessions per training
	Trainings []domain.Training
	CanRecord bool
}

// TrainingSessionsPerPage is how many sessions a page of the list shows.
const TrainingSessionsPerPage = 100

// TrainingSessionFormView is the create/edit form of a session.
type TrainingSessionFormView struct {
	Programme      *domain.Programme
	Session        *domain.TrainingSession // nil when creating
	Trainings      []domain.Training
	Participations []domain.Participation
	Form           components.Form
	Token          string // one-time token of a create form
	Message        string // e.g. a conflict with someone else's save
}

// DayCount is the attendance of one day, for everyone to see.
type DayCount struct {
	Day             time.Time
	Present, Absent int
	Women, Men      int // present
}

// TrainingSessionView is the session page.
type TrainingSessionView struct {
	Programme      *domain.Programme
	Session        *domain.TrainingSession
	Summary        domain.SessionSummary
	Training       domain.Training
	Participations []domain.Participation
	People         []domain.Person           // names the user may see
	Attendance     map[int64]map[string]bool // person → day → present
	Counts         []DayCount
	Candidates     []domain.Person // people of the programme not yet on the list
	Scans          []domain.SessionScan
	CanRecord      bool
	CanSeeNames    bool
	OwnUnitsOnly   bool
	Form           components.Form
	Token          string // one-time token of the add-participant form
	// AttendanceVersion is the grid's version the page shows (optimistic locking).
	AttendanceVersion int
}

// CountAttendance totals presence per day, with women and men present.
func CountAttendance(people []domain.Person, att []domain.Attendance, days []time.Time) []DayCount {
	sex := map[int64]domain.Sex{}
	for _, p := range people {
		sex[p.ID] = p.Sex
	}
	out := make([]DayCount, len(days))
	idx := map[string]int{}
	for i, d := range days {
		out[i].Day = d
		idx[d.Format("2006-01-02")] = i
	}
	for _, a := range att {
		i, ok := idx[a.Day.Format("2006-01-02")]
		if !ok {
			continue
		}
		if !a.Present {
			out[i].Absent++
			continue
		}
		out[i].Present++
		if sex[a.PersonID] == domain.SexFemale {
			out[i].Women++
		} else {
			out[i].Men++
		}
	}
	return out
}

// TrainingSessionValues are a stored session's values as its form shows them.
func TrainingSessionValues(x *domain.TrainingSession) map[string][]string {
	v := map[string][]string{"training": {itoa(x.TrainingID)}, "group_no": {strconv.Itoa(x.GroupNo)}, "place": {x.Place},
		"trainer": {x.Trainer}, "hours_per_day": {x.HoursPerDay.Input()}, "version": {strconv.Itoa(x.Version)}}
	for _, d := range x.Days {
		v["day"] = append(v["day"], date(d))
	}
	for _, id := range x.UnitIDs {
		v["units"] = append(v["units"], itoa(id))
	}
	return v
}

func trainingOptions(ts []domain.Training, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz szkolenie —"}}
	for _, t := range ts {
		opts = append(opts, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Topic, Selected: itoa(t.ID) == selected})
	}
	return opts
}

func dayKey(d time.Time) string { return d.Format("2006-01-02") }

func dayOptions(days []time.Time, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz dzień —"}}
	for _, d := range days {
		opts = append(opts, components.Option{Value: dayKey(d), Label: d.Format("02.01.2006"), Selected: dayKey(d) == selected})
	}
	return opts
}

func candidateOptions(people []domain.Person, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— nowa osoba (wypełnij pola poniżej) —"}}
	for _, p := range people {
		opts = append(opts, components.Option{Value: itoa(p.ID), Label: p.LastName + " " + p.FirstName + " (" + p.UnitName + ")", Selected: itoa(p.ID) == selected})
	}
	return opts
}

func unitChecks(parts []domain.Participation, f components.Form) []components.Option {
	var opts []components.Option
	for _, p := range parts {
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name, Selected: f.Has("units", itoa(p.Unit.ID))})
	}
	return opts
}

func presentMark(v TrainingSessionView, personID int64, d time.Time) bool {
	return v.Attendance[personID][dayKey(d)]
}

// AttendanceImportView is the attendance CSV import: upload, or a preview.
type AttendanceImportView struct {
	Programme *domain.Programme
	Session   *domain.TrainingSession
	File      *attendcsv.File
	Data      string // the file, base64, sent back with the confirmation
	Ready     int    // rows that will be saved
	FileError string
	Form      components.Form
}

func presenceCell(r attendcsv.Row, d time.Time) string {
	if r.Present[attendcsv.DayKey(d)] {
		return "obecny(a)"
	}
	return "–"
}

// candidateHint says whom the list of people to add offers.
func candidateHint(x *domain.TrainingSession) string {
	if len(x.UnitIDs) == 0 {
		return ""
	}
	return "Osoby z jednostek uczestniczących w tej sesji. Osobę z innej jednostki dodaj po dopisaniu jej jednostki do sesji."
}
