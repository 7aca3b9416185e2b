package domain

import (
	"fmt"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"time"
)

// Sex is recorded for the funder's disaggregation only.
type Sex string

const (
	SexFemale Sex = "K" // kobieta
	SexMale   Sex = "M" // mężczyzna
)

// LegalBasis is the ground for processing a participant's data (RODO art. 6).
type LegalBasis string

const (
	BasisConsent         LegalBasis = "consent"          // zgoda
	BasisContract        LegalBasis = "contract"         // umowa
	BasisLegalObligation LegalBasis = "legal_obligation" // obowiązek prawny
	BasisPublicTask      LegalBasis = "public_task"      // zadanie w interesie publicznym
)

// LegalBases lists the bases.
var LegalBases = []LegalBasis{BasisConsent, BasisContract, BasisLegalObligation, BasisPublicTask}

// Label is the basis's Polish name.
func (b LegalBasis) Label() string {
	switch b {
	case BasisConsent:
		return "zgoda uczestnika"
	case BasisContract:
		return "umowa"
	case BasisLegalObligation:
		return "obowiązek prawny"
	case BasisPublicTask:
		return "zadanie realizowane w interesie publicznym"
	}
	return string(b)
}

// Person is a participant of trainings and meetings (personal data).
type Person struct {
	ID             int64
	ProgrammeID    int64
	FirstName      string
	LastName       string
	UnitID         int64
	UnitName       string // read only
	Position       string
	Sex            Sex
	Email          string
	LegalBasis     LegalBasis
	BasisDate      time.Time
	RetentionUntil time.Time
	Version        int
}

// FullName is "first last".
func (p *Person) FullName() string { return p.FirstName + " " + p.LastName }

// Validate checks the person; field names may carry a prefix (the add
// form on the session page uses "person_").
func (p *Person) Validate(prefix string) error {
	v := Validation{}
	p.FirstName, p.LastName = strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName)
	p.Position, p.Email = strings.TrimSpace(p.Position), strings.TrimSpace(p.Email)
	checkLen(v, prefix+"first_name", p.FirstName, 1, 100, "imię")
	checkLen(v, prefix+"last_name", p.LastName, 1, 100, "nazwisko")
	checkLen(v, prefix+"position", p.Position, 0, 200, "")
	if p.UnitID <= 0 {
		v.Add(prefix+"unit", "Wybierz jednostkę uczestnika.")
	}
	if p.Sex != SexFemale && p.Sex != SexMale {
		v.Add(prefix+"sex", "Wybierz płeć (potrzebna do sprawozdania dla instytucji finansującej).")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || len(p.Email) > 254 {
			v.Add(prefix+"email", "Podaj poprawny adres e-mail albo zostaw pole puste.")
		}
	}
	if !slices.Contains(LegalBases, p.LegalBasis) {
		v.Add(prefix+"legal_basis", "Wybierz podstawę przetwarzania danych.")
	}
	if p.BasisDate.IsZero() {
		v.Add(prefix+"basis_date", "Podaj datę zgody lub podstawy przetwarzania.")
	}
	if p.RetentionUntil.IsZero() {
		v.Add(prefix+"retention_until", "Podaj, do kiedy dane mają być przechowywane.")
	} else if !p.BasisDate.IsZero() && !p.RetentionUntil.After(p.BasisDate) {
		v.Add(prefix+"retention_until", "Termin przechowywania musi przypadać po dacie zgody lub podstawy.")
	}
	return v.Err()
}

// TrainingSession is one delivery of a catalogue training to a group.
type TrainingSession struct {
	ID          int64
	ProgrammeID int64
	TrainingID  int64
	GroupNo     int
	Days        []time.Time // sorted
	// HalfDays are the days of Days that last half a day (half a
	// group-day); sorted.
	HalfDays    []time.Time
	HoursPerDay Decimal
	Place       string
	Trainer     string
	UnitIDs     []int64
	Version     int
}

// Validate checks the session against the programme's period.
func (s *TrainingSession) Validate(programmeStart, programmeEnd time.Time) error {
	v := Validation{}
	if s.TrainingID <= 0 {
		v.Add("training", "Wybierz szkolenie z katalogu.")
	}
	if s.GroupNo <= 0 {
		v.Add("group_no", "Numer grupy musi być większy od zera.")
	}
	checkLen(v, "place", s.Place, 1, 300, "miejsce szkolenia")
	checkLen(v, "trainer", s.Trainer, 1, 200, "trenera")
	if s.HoursPerDay.Sign() <= 0 || s.HoursPerDay.Cmp(DecimalFromInt(12)) > 0 {
		v.Add("hours_per_day", "Liczba godzin dziennie musi być większa od zera i nie większa niż 12.")
	}
	if len(s.Days) == 0 {
		v.Add("days", "Podaj co najmniej jeden dzień szkolenia.")
	}
	if len(s.Days) > 30 {
		v.Add("days", "Sesja może mieć najwyżej 30 dni.")
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Before(s.Days[j]) })
	sort.Slice(s.HalfDays, func(i, j int) bool { return s.HalfDays[i].Before(s.HalfDays[j]) })
	for _, h := range s.HalfDays {
		if !s.HasDay(h) {
			v.Add("days", fmt.Sprintf("Pół dnia %s nie jest dniem sesji.", h.Format("02.01.2006")))
		}
	}
	for i, d := range s.Days {
		if i > 0 && d.Equal(s.Days[i-1]) {
			v.Add("days", fmt.Sprintf("Dzień %s podano dwa razy.", d.Format("02.01.2006")))
		}
	}
	checkEvidenceDays(v, "days", s.Days, programmeStart, programmeEnd)
	return v.Err()
}

// IsHalf reports whether d is a half day of the session.
func (s *TrainingSession) IsHalf(d time.Time) bool {
	for _, x := range s.HalfDays {
		if x.Equal(d) {
			return true
		}
	}
	return false
}

// GroupDays is what the session's days make in group-days: a day counts 1,
// a half day 0,5.
func (s *TrainingSession) GroupDays() Decimal {
	var n Decimal
	for _, d := range s.Days {
		if s.IsHalf(d) {
			n = n.Add(HalfDay)
		} else {
			n = n.Add(DecimalFromInt(1))
		}
	}
	return n
}

// HasDay reports whether d is one of the session's days.
func (s *TrainingSession) HasDay(d time.Time) bool {
	for _, x := range s.Days {
		if x.Equal(d) {
			return true
		}
	}
	return false
}

// Attendance is one participant's presence on one session day.
type Attendance struct {
	PersonID int64
	Day      time.Time
	Present  bool
}

// File is an uploaded evidence file.
type File struct {
	ID          int64
	Name        string
	ContentType string
	Size        int
	SHA256      string
	UploadedAt  time.Time
	UploadedBy  string
}

// PersonFilter selects a page of a programme's participants.
type PersonFilter struct {
	ListQuery         // Search: part of the surname or first name
	UnitIDs   []int64 // only these units (a unit manager's); nil means all
	UnitID    int64   // 0 for all
}

// PersonSearch finds the people to put on a list (a session's
// participants, a meeting's attendees): Name starts the person's "last
// first" or "first last" name, Unit is a part of the unit's name; case and
// Polish diacritics do not matter.
type PersonSearch struct {
	Name, Unit string
	UnitIDs    []int64 // only these units; nil: every unit of the programme
	Exclude    []int64 // already on the list
	// ExcludeSession leaves out the people on this training session's list.
	ExcludeSession int64
	Limit          int
}

// NameText is Name with its spaces collapsed: what a name must start with.
func (q PersonSearch) NameText() string { return strings.Join(strings.Fields(q.Name), " ") }

// Empty reports whether there is nothing to search for.
func (q PersonSearch) Empty() bool { return q.NameText() == "" && strings.TrimSpace(q.Unit) == "" }

// UnitPersonCount is how many participants of each sex a unit has.
type UnitPersonCount struct {
	UnitName   string
	Women, Men int
}

// SessionSummary is a session as lists show it.
type SessionSummary struct {
	ID            int64
	TrainingID    int64
	TrainingCode  string
	TrainingTopic string
	GroupNo       int
	First, Last   time.Time
	Days          int
	GroupDays     Decimal // days, a half day counting 0,5
	Participants  int
	DaysWithList  int // days with attendance entered
	DaysWithScan  int
}

// Complete reports whether the session's evidence is complete: attendance
// entered and a scan attached for every day. The database keeps the same
// rule in training_sessions.evidence_complete (migration 00007); the store's
// TestCompletenessTwins checks that both agree.
func (s SessionSummary) Complete() bool {
	return s.Days > 0 && s.DaysWithList == s.Days && s.DaysWithScan == s.Days
}

// SessionScan is a scan with its day.
type SessionScan struct {
	Day  time.Time
	File File
}

// UnitTraining is a training session the unit's people attended.
type UnitTraining struct {
	SessionID    int64
	TrainingCode string
	Topic        string
	GroupNo      int
	First        time.Time
	Days         int
	GroupDays    Decimal // days, a half day counting 0,5
	People       int     // the unit's people present at least one day
}
