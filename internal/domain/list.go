package domain

// ListQuery is what a list page asks of its rows: the text searched, the
// column sorted by and its direction, and a page. The same query read from
// the address gives the page and its CSV export, so the file holds exactly
// the rows the list shows (every page of them). A list's own filters (a
// unit, a status …) sit beside it in that list's filter struct.
type ListQuery struct {
	Search string // part of a name or code, "" for all
	Sort   string // a key of the list's Sorting (never SQL: the store maps keys to fixed expressions)
	Desc   bool
	Offset int
	Limit  int // rows of a page; 0 means all (the export)
}

// Sorting names the columns a list may be sorted by and its default order.
type Sorting struct {
	Keys        []string
	Default     string
	DefaultDesc bool
}

// Resolve is the order a list is shown in for the key and direction asked
// ("asc", "desc"): an unknown or missing key gives the default order.
func (s Sorting) Resolve(key, dir string) (string, bool) {
	for _, k := range s.Keys {
		if k == key {
			switch dir {
			case "desc":
				return k, true
			case "asc":
				return k, false
			}
			return k, k == s.Default && s.DefaultDesc
		}
	}
	return s.Default, s.DefaultDesc
}

// Sort keys of the lists (also the values of their ?sort= parameter).
const (
	SortCode         = "kod"
	SortName         = "nazwa"
	SortTitle        = "tytul"
	SortStart        = "poczatek"
	SortEnd          = "koniec"
	SortDate         = "data"
	SortUnit         = "jednostka"
	SortUnits        = "jednostki"
	SortTask         = "zadanie"
	SortTraining     = "szkolenie"
	SortPlace        = "miejsce"
	SortParticipants = "uczestnicy"
	SortExpert       = "ekspert"
	SortDays         = "dni"
	SortNumber       = "numer"
	SortStatus       = "status"
	SortKind         = "rodzaj"
	SortVoivodeship  = "wojewodztwo"
	SortTERYT        = "teryt"
	SortProduct      = "produkt"
	SortSurname      = "nazwisko"
)

// The sortable columns of each list.
var (
	SortProgrammes     = Sorting{Keys: []string{SortCode, SortTitle, SortStart, SortEnd, SortUnits}, Default: SortStart, DefaultDesc: true}
	SortParticipations = Sorting{Keys: []string{SortName, SortKind, SortVoivodeship}, Default: SortName}
	SortUnitList       = Sorting{Keys: []string{SortName, SortKind, SortVoivodeship, SortTERYT}, Default: SortName}
	SortSessions       = Sorting{Keys: []string{SortTraining, SortStart, SortDays, SortParticipants}, Default: SortStart, DefaultDesc: true}
	SortConsultations  = Sorting{Keys: []string{SortDate, SortTask, SortUnit, SortExpert, SortDays}, Default: SortDate, DefaultDesc: true}
	SortMeetings       = Sorting{Keys: []string{SortTask, SortNumber, SortStart, SortPlace, SortParticipants}, Default: SortNumber}
	SortProducts       = Sorting{Keys: []string{SortUnit, SortTask, SortProduct, SortStatus, SortDate}, Default: SortUnit}
	SortProtocols      = Sorting{Keys: []string{SortNumber, SortUnit, SortTask, SortDate, SortStatus}, Default: SortDate, DefaultDesc: true}
	SortPersons        = Sorting{Keys: []string{SortSurname, SortUnit}, Default: SortSurname}
)

// ProgrammeFilter narrows the list of programmes.
type ProgrammeFilter struct {
	ListQuery        // Search: part of the code or title
	State     string // ProgrammeActive, ProgrammeArchived, "" for both
	// InProgrammes, when not nil, keeps only these programmes (the user's
	// ProgrammeScope).
	InProgrammes []int64
}

// Programme states the list filters by.
const (
	ProgrammeActive   = "aktywne"
	ProgrammeArchived = "archiwum"
)

// ParticipationFilter narrows the list of a programme's units.
type ParticipationFilter struct {
	ListQuery          // Search: part of the name or the start of the TERYT code
	Voivodeship string // "" for all
	Kind        UnitKind
}

// SessionFilter narrows the list of a programme's training sessions.
type SessionFilter struct {
	ListQuery        // Search: part of the training's code or topic, the place or the trainer
	TrainingID int64 // 0 for all
	Incomplete bool  // only sessions whose evidence is incomplete
}

// ConsultationFilter narrows the list of a programme's consultations.
type ConsultationFilter struct {
	ListQuery       // Search: part of the expert's name or the topic
	UnitID    int64 // 0 for all
	TaskID    int64
}

// MeetingFilter narrows the list of a programme's good-practice meetings.
type MeetingFilter struct {
	ListQuery       // Search: part of the place
	TaskID    int64 // 0 for all
}
