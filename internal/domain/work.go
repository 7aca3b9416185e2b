package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Consultation is expert time delivered in a unit for a task (konsultacja).
type Consultation struct {
	ID          int64
	ProgrammeID int64
	TaskID      int64
	UnitID      int64
	Expert      string
	Day         time.Time
	Hours       Decimal
	Days        Decimal // consultation days counted for the plan (e.g. 1 or 0,5)
	Topic       string
	WorkDone    string
	Version     int
}

// Validate checks the consultation against the programme's period.
func (c *Consultation) Validate(start, end time.Time) error {
	v := Validation{}
	if c.TaskID <= 0 {
		v.Add("task", "Wybierz zadanie.")
	}
	if c.UnitID <= 0 {
		v.Add("unit", "Wybierz jednostkę.")
	}
	checkLen(v, "expert", c.Expert, 1, 200, "eksperta")
	checkLen(v, "topic", c.Topic, 1, 300, "temat konsultacji")
	checkLen(v, "work_done", c.WorkDone, 0, 4000, "")
	if c.Day.IsZero() {
		v.Add("day", "Podaj datę konsultacji.")
	} else {
		CheckEvidenceDate(v, "day", c.Day, start, end)
	}
	if c.Hours.Sign() <= 0 || c.Hours.Cmp(DecimalFromInt(12)) > 0 {
		v.Add("hours", "Liczba godzin musi być większa od zera i nie większa niż 12.")
	}
	maxDays, _ := ParseDecimal("1,5")
	if c.Days.Sign() <= 0 || c.Days.Cmp(maxDays) > 0 {
		v.Add("days", "Dni konsultacji: więcej niż zero i najwyżej 1,5 za jeden wpis.")
	}
	return v.Err()
}

// Meeting is a good-practice group meeting (spotkanie grupy dobrych praktyk).
type Meeting struct {
	ID             int64
	ProgrammeID    int64
	TaskID         int64
	Number         int
	Days           []time.Time
	Place          string
	WithManagement bool
	Experts        string // experts present, one per line
	Notes          string // must contain the meeting's date
	Conclusions    string // conclusions and recommendations
	Attendees      []MeetingAttendee
	Version        int
}

// MeetingAttendee is a unit representative at a meeting.
type MeetingAttendee struct {
	PersonID int64
	UnitID   int64  `json:"-"` // read only
	Name     string `json:"-"` // read only; personal data stays out of the audit trail
	UnitName string `json:"-"` // read only
	Area     Area
}

// Validate checks the meeting.
func (m *Meeting) Validate(start, end time.Time, areas AreaList) error {
	v := Validation{}
	if m.TaskID <= 0 {
		v.Add("task", "Wybierz zadanie spotkań.")
	}
	if m.Number <= 0 {
		v.Add("number", "Numer spotkania musi być większy od zera.")
	}
	checkLen(v, "place", m.Place, 1, 300, "miejsce spotkania")
	checkLen(v, "experts", m.Experts, 0, 1000, "")
	checkLen(v, "notes", m.Notes, 0, 20000, "")
	checkLen(v, "conclusions", m.Conclusions, 0, 20000, "")
	if len(m.Days) == 0 {
		v.Add("days", "Podaj datę spotkania.")
	}
	sort.Slice(m.Days, func(i, j int) bool { return m.Days[i].Before(m.Days[j]) })
	for i, d := range m.Days {
		if i > 0 && d.Equal(m.Days[i-1]) {
			v.Add("days", fmt.Sprintf("Dzień %s podano dwa razy.", d.Format("02.01.2006")))
		}
	}
	checkEvidenceDays(v, "days", m.Days, start, end)
	seen := map[int64]bool{}
	for _, a := range m.Attendees {
		if seen[a.PersonID] {
			v.Add("attendees", "Ta sama osoba jest na liście dwa razy.")
		}
		seen[a.PersonID] = true
		switch {
		case len(areas) == 0 && a.Area != "":
			v.Add("attendees", "Program nie ma obszarów: uczestnik nie reprezentuje żadnego.")
		case len(areas) > 0 && !areas.Has(a.Area):
			v.Add("attendees", "Przy każdym uczestniku zaznacz obszar, który reprezentuje ("+areas.codeList()+").")
		}
	}
	return v.Err()
}

var monthsGenitive = []string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}

// NotesContainDate reports whether notes state one of the meeting's days,
// written as 2026-03-10, 10.03.2026, 10.3.2026 or 10 marca 2026.
func NotesContainDate(notes string, days []time.Time) bool {
	n := strings.ToLower(notes)
	for _, d := range days {
		for _, form := range []string{
			d.Format("2006-01-02"), d.Format("02.01.2006"), d.Format("2.1.2006"), d.Format("02.1.2006"), d.Format("2.01.2006"),
			fmt.Sprintf("%d %s %d", d.Day(), monthsGenitive[d.Month()-1], d.Year()),
			fmt.Sprintf("%02d %s %d", d.Day(), monthsGenitive[d.Month()-1], d.Year()),
		} {
			if containsWord(n, form) {
				return true
			}
		}
	}
	return false
}

// containsWord finds s in text with no digit right before or after it, so
// 1.3.2026 is not found inside 11.3.2026.
func containsWord(text, s string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], s)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(s)
		before := i == 0 || text[i-1] < '0' || text[i-1] > '9'
		after := end == len(text) || text[end] < '0' || text[end] > '9'
		if before && after {
			return true
		}
		from = i + 1
	}
}

// PracticeStatus is proposed or accepted into the set.
type PracticeStatus string

const (
	PracticeProposed PracticeStatus = "proposed" // zgłoszona
	PracticeAccepted PracticeStatus = "accepted" // przyjęta do zestawu
)

// Label is the status's Polish name.
func (s PracticeStatus) Label() string {
	if s == PracticeAccepted {
		return "przyjęta do zestawu"
	}
	return "zgłoszona"
}

// GoodPractice is an entry of the good-practice register (dobra praktyka):
// an action that (1) brought concrete positive results, (2) carries
// innovation potential, (3) is durable and repeatable, (4) can be applied in
// similar conditions elsewhere.
type GoodPractice struct {
	ID              int64
	ProgrammeID     int64
	Title           string
	UnitID          int64
	UnitName        string // read only
	Area            Area
	Description     string
	Results         string
	WhyResults      string
	WhyInnovative   string
	WhyDurable      string
	WhyTransferable string
	Status          PracticeStatus
	MeetingIDs      []int64
	Version         int
}

// Validate checks the practice: all four criteria need a justification.
func (g *GoodPractice) Validate(areas AreaList) error {
	v := Validation{}
	checkLen(v, "title", g.Title, 1, 300, "tytuł")
	if g.UnitID <= 0 {
		v.Add("unit", "Wybierz jednostkę, z której pochodzi praktyka.")
	}
	areas.checkRef(v, "area", g.Area)
	checkLen(v, "description", g.Description, 1, 20000, "opis")
	checkLen(v, "results", g.Results, 1, 20000, "osiągnięte rezultaty")
	checkLen(v, "why_results", g.WhyResults, 1, 4000, "uzasadnienie: konkretne, pozytywne rezultaty")
	checkLen(v, "why_innovative", g.WhyInnovative, 1, 4000, "uzasadnienie: potencjał innowacji")
	checkLen(v, "why_durable", g.WhyDurable, 1, 4000, "uzasadnienie: trwałość i powtarzalność")
	checkLen(v, "why_transferable", g.WhyTransferable, 1, 4000, "uzasadnienie: możliwość zastosowania gdzie indziej")
	if g.Status != PracticeProposed && g.Status != PracticeAccepted {
		v.Add("status", "Wybierz status z listy.")
	}
	return v.Err()
}

// SearchText is the practice's text folded for search.
func (g *GoodPractice) SearchText(unitName string) string {
	return Fold(strings.Join([]string{g.Title, unitName, g.Description, g.Results, g.WhyResults, g.WhyInnovative, g.WhyDurable, g.WhyTransferable}, " "))
}

// foldL is Fold's ł → l, built once (a Replacer is safe for concurrent use).
var foldL = strings.NewReplacer("ł", "l")

// Fold lowers s and strips diacritics (ł → l too), for case- and
// diacritic-insensitive search of Polish text.
func Fold(s string) string {
	s = strings.ToLower(s)
	s = foldL.Replace(s)
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ConsultationRow is a consultation with names for lists.
type ConsultationRow struct {
	Consultation
	TaskLabel string
	UnitName  string
}

// DeliveredDays is consultation days delivered per task and unit.
type DeliveredDays struct {
	TaskID, UnitID int64
	Days           Decimal
}

// MeetingSummary is a meeting as lists show it.
type MeetingSummary struct {
	ID             int64
	TaskID         int64
	Number         int
	First          time.Time
	Days           []time.Time
	Place          string
	WithManagement bool
	Attendees      int
	Scans          int
	NotesDated     bool
	// EvidenceComplete is meetings.evidence_complete: the database keeps
	// it by MeetingEvidenceComplete's rule (migration 00019).
	EvidenceComplete bool
}

// Complete reports whether the meeting's evidence is complete, as the
// database keeps it (MeetingEvidenceComplete).
func (m MeetingSummary) Complete() bool { return m.EvidenceComplete }

// MeetingEvidenceComplete is the rule of a meeting's complete evidence: an
// attendance list (scan) and notes that contain one of the meeting's days.
// The database keeps it in meetings.evidence_complete (migration 00019)
// and the indicator rule meetings_complete counts by it; the store's
// TestCompletenessTwins checks that they agree, `kaizen recompute --check`
// that the stored flags do.
func MeetingEvidenceComplete(scans int, notes string, days []time.Time) bool {
	return scans > 0 && NotesContainDate(notes, days)
}

// PracticeFilter narrows the register.
type PracticeFilter struct {
	Query    string // any words, case- and diacritic-insensitive
	Area     Area
	UnitID   int64
	Accepted bool // only practices accepted into the set
}

// UnitConsultation is consultation days a unit received for a task.
type UnitConsultation struct {
	TaskCode string
	TaskName string
	Days     Decimal
	Count    int
	Last     time.Time
}
