package pages

import (
	"strconv"
	"time"

	"kaizen/internal/attendcsv"
	"kaizen/internal/csvin"
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
	List      components.List // search, filters, order, page and the CSV link
}

// ParamTraining filters the session list by training (id); ParamIncomplete
// shows only sessions whose evidence is incomplete.
const (
	ParamTraining   = "szkolenie"
	ParamIncomplete = "niekompletne"
)

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
	Programme    *domain.Programme
	Session      *domain.TrainingSession
	Summary      domain.SessionSummary
	Training     domain.Training
	People       []domain.Person // names the user may see
	Attendance   Marks           // who was present on which day
	Counts       []DayCount
	Search       PersonSearch     // people to add (not yet on the list)
	AddTokens    map[int64]string // one-time token of each found person's add form
	Units        UnitChoice       // the units a new person may be put in
	Scans        []domain.SessionScan
	CanRecord    bool
	CanSeeNames  bool
	OwnUnitsOnly bool
	Form         components.Form
	Token        string // one-time token of the add-participant form
	// AttendanceVersion is the grid's version the page shows (optimistic locking).
	AttendanceVersion int
}

// CountAttendance totals presence per day, with women and men present.
func CountAttendance(people []domain.Person, att []domain.Attendance, days []time.Time) []DayCount {
	sex := make(map[int64]domain.Sex, len(people))
	for _, p := range people {
		sex[p.ID] = p.Sex
	}
	out := make([]DayCount, len(days))
	idx := make(map[int32]int, len(days))
	for i, d := range days {
		out[i].Day = d
		idx[DayNumber(d)] = i
	}
	for _, a := range att {
		i, ok := idx[DayNumber(a.Day)]
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

// Fields of the training-session form (TrainingSessionForm).
const (
	FieldTrainingSessionTraining    = "training"
	FieldTrainingSessionGroupNo     = "group_no"
	FieldTrainingSessionHoursPerDay = "hours_per_day"
	FieldTrainingSessionDay         = "day"        // one date a field, repeated
	FieldTrainingSessionDays        = "days"       // the message about the days
	FieldTrainingSessionDayLength   = "day_length" // beside each day: "" or DayLengthHalf
	FieldTrainingSessionPlace       = "place"
	FieldTrainingSessionTrainer     = "trainer"
	FieldTrainingSessionUnits       = "units"
)

// Fields of the attendance grid on the session page.
const (
	FieldAttendancePerson  = "person" // hidden, one a row of the grid
	FieldAttendanceVersion = "attendance_version"
	FieldAttendance        = "attendance" // the message about the grid
	// FieldPresentPrefix starts the name of every presence checkbox
	// (FieldPresent).
	FieldPresentPrefix = "present_"
)

// FieldPresent is the checkbox of a person's presence on a day; person is
// the id as the grid's hidden field carries it.
func FieldPresent(person string, day time.Time) string {
	return FieldPresentPrefix + person + "_" + dayKey(day)
}

// Fields of the form that adds a participant to a session: a person of the
// programme, or a new one.
const (
	FieldParticipantPerson         = "person"
	FieldParticipantFirstName      = "person_first_name"
	FieldParticipantLastName       = "person_last_name"
	FieldParticipantUnit           = "person_unit"
	FieldParticipantPosition       = "person_position"
	FieldParticipantSex            = "person_sex"
	FieldParticipantEmail          = "person_email"
	FieldParticipantLegalBasis     = "person_legal_basis"
	FieldParticipantBasisDate      = "person_basis_date"
	FieldParticipantRetentionUntil = "person_retention_until"
	// FieldParticipantPrefix starts the new person's fields, and the keys
	// of their messages from domain.Person.Validate.
	FieldParticipantPrefix = "person_"
)

// FieldScanDay is the day of a scanned attendance list (with FieldFile).
const FieldScanDay = "day"

// Fields of the attendance import (with FieldFile): the legal basis of the
// people the file adds, and the file itself sent back with the confirmation.
const (
	FieldImportLegalBasis     = "legal_basis"
	FieldImportBasisDate      = "basis_date"
	FieldImportRetentionUntil = "retention_until"
	FieldImportData           = "data"
)

// sessionDayList lists a session's days, its half days marked.
func sessionDayList(x *domain.TrainingSession) string {
	s := ""
	for i, d := range x.Days {
		if i > 0 {
			s += ", "
		}
		s += d.Format("02.01.2006")
		if x.IsHalf(d) {
			s += " (pół dnia)"
		}
	}
	return s
}

// DayLengthHalf marks a half day in the session form.
const DayLengthHalf = "half"

// TrainingSessionValues are a stored session's values as its form shows them.
func TrainingSessionValues(x *domain.TrainingSession) map[string][]string {
	v := map[string][]string{FieldTrainingSessionTraining: {itoa(x.TrainingID)}, FieldTrainingSessionGroupNo: {strconv.Itoa(x.GroupNo)},
		FieldTrainingSessionPlace: {x.Place}, FieldTrainingSessionTrainer: {x.Trainer}, FieldTrainingSessionHoursPerDay: {x.HoursPerDay.Input()},
		FieldVersion: {strconv.Itoa(x.Version)}}
	for _, d := range x.Days {
		v[FieldTrainingSessionDay] = append(v[FieldTrainingSessionDay], date(d))
		length := ""
		if x.IsHalf(d) {
			length = DayLengthHalf
		}
		v[FieldTrainingSessionDayLength] = append(v[FieldTrainingSessionDayLength], length)
	}
	for _, id := range x.UnitIDs {
		v[FieldTrainingSessionUnits] = append(v[FieldTrainingSessionUnits], itoa(id))
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

func dayKey(d time.Time) string { return domain.FormatISODate(d) }

func dayOptions(days []time.Time, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz dzień —"}}
	for _, d := range days {
		opts = append(opts, components.Option{Value: dayKey(d), Label: components.Date(d), Selected: dayKey(d) == selected})
	}
	return opts
}

func unitChecks(parts []domain.Participation, f components.Form) []components.Option {
	var opts []components.Option
	for _, p := range parts {
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name, Selected: f.Has(FieldTrainingSessionUnits, itoa(p.Unit.ID))})
	}
	return opts
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
	Encoding  string // the 8-bit encoding the user chose, sent back too
	// Readings: the file's code page must be chosen first (File is nil).
	Readings []csvin.Reading
}

func presenceCell(r attendcsv.Row, d time.Time) string {
	if r.Present[attendcsv.DayKey(d)] {
		return "obecny(a)"
	}
	return "–"
}

// candidateHint says whom the search of people to add finds.
func candidateHint(x *domain.TrainingSession) string {
	if len(x.UnitIDs) == 0 {
		return ""
	}
	return "Szukane są osoby z jednostek uczestniczących w tej sesji; osobę z innej jednostki dodasz po dopisaniu jej jednostki do sesji."
}

// trainingFilterOptions offers the programme's trainings as the session
// list's filter.
func trainingFilterOptions(ts []domain.Training, selected string) []components.Option {
	return filterOptions(trainingOptions(ts, selected), "— wszystkie —")
}
