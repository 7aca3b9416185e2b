package domain

import (
	"strings"
	"time"
)

// Paper decisions with four eyes: a decision signed on paper is recorded
// by one person of the project office (a coordinator or an administrator)
// with the scan, and counts only once a second one confirms it; the unit's
// manager may object, and an administrator decides the objection.

// PaperState is where a paper record stands.
type PaperState string

const (
	PaperPending   PaperState = "pending"   // oczekuje na potwierdzenie
	PaperConfirmed PaperState = "confirmed" // confirmed by a second person: the protocol is sealed
	PaperAnnulled  PaperState = "annulled"  // annulled after the unit manager's objection was upheld
)

var paperStateLabels = map[PaperState]string{
	PaperPending:   "oczekuje na potwierdzenie",
	PaperConfirmed: "potwierdzony",
	PaperAnnulled:  "unieważniony po sprzeciwie",
}

// Label is the state in Polish.
func (s PaperState) Label() string { return paperStateLabels[s] }

// ObjectionState is where a unit manager's objection stands.
type ObjectionState string

const (
	ObjectionOpen      ObjectionState = "open"
	ObjectionUpheld    ObjectionState = "upheld"
	ObjectionDismissed ObjectionState = "dismissed"
)

var objectionStateLabels = map[ObjectionState]string{
	ObjectionOpen:      "czeka na decyzję administratora",
	ObjectionUpheld:    "uwzględniony: zapis decyzji z papieru unieważniono",
	ObjectionDismissed: "oddalony",
}

// Label is the state in Polish.
func (s ObjectionState) Label() string { return objectionStateLabels[s] }

// Audit actions of paper records.
const (
	AuditPaperRecord    AuditAction = "paper_record"    // a paper decision recorded, waiting for its confirmation
	AuditPaperObject    AuditAction = "paper_object"    // the unit manager objected to a paper record
	AuditPaperObjection AuditAction = "paper_objection" // an administrator decided an objection
)

// Protocol actions of paper records.
const (
	ActConfirmPaper    ProtocolAction = "confirm_paper"    // a second person confirms a paper record
	ActObjectPaper     ProtocolAction = "object_paper"     // the unit manager objects to it
	ActDecideObjection ProtocolAction = "decide_objection" // an administrator decides the objection
)

// PaperRecord is a decision signed on paper as one person of the project
// office recorded it.
type PaperRecord struct {
	ID              int64
	ProtocolID      int64
	Decision        Decision
	ScanFile        File
	RecordedBy      int64
	RecordedByName  string
	RecordedAt      time.Time
	State           PaperState
	ConfirmedBy     int64
	ConfirmedByName string
	ConfirmedAt     time.Time
	Objections      []PaperObjection
}

// OpenObjection is the objection waiting for an administrator, or nil.
func (r *PaperRecord) OpenObjection() *PaperObjection {
	for i := range r.Objections {
		if r.Objections[i].State == ObjectionOpen {
			return &r.Objections[i]
		}
	}
	return nil
}

// PaperObjection is a unit manager's objection to a paper record.
type PaperObjection struct {
	ID             int64
	Reason         string
	ObjectedBy     int64
	ObjectedByName string
	ObjectedAt     time.Time
	State          ObjectionState
	DecidedByName  string
	DecidedAt      time.Time
	Note           string
}

// ValidateObjection checks an objection's reason.
func ValidateObjection(reason string) error {
	v := Validation{}
	checkLen(v, "objection_reason", strings.TrimSpace(reason), 1, 5000, "powód sprzeciwu")
	return v.Err()
}

// PaperSeal is who recorded a paper decision and who confirmed it, sealed
// with the protocol.
type PaperSeal struct {
	RecordedBy      int64
	RecordedByName  string
	RecordedAt      time.Time
	ConfirmedBy     int64
	ConfirmedByName string
	ConfirmedAt     time.Time
}

// PendingPaper is the paper record waiting for its confirmation, or nil.
func (p *Protocol) PendingPaper() *PaperRecord {
	for i := range p.PaperRecords {
		if p.PaperRecords[i].State == PaperPending {
			return &p.PaperRecords[i]
		}
	}
	return nil
}

// paperAllowed checks the actions on paper records and those a pending
// record stops; ok is false when it has nothing to say about act.
func (p *Protocol) paperAllowed(act ProtocolAction) (ok bool, err error) {
	refuse := func(msg string) error { return Errorf(ECONFLICT, "%s", msg) }
	pending := p.PendingPaper()
	switch act {
	case ActPaper:
		switch {
		case p.Status.Decided() && p.Method == SignElectronic:
			return true, refuse("Kierownik jednostki już podpisał decyzję w systemie; decyzji z papieru nie można jej zastąpić.")
		case p.Status.Decided():
			return true, refuse("Decyzja w sprawie tego protokołu już zapadła; nie można jej zmienić.")
		case p.Status != ProtocolSubmitted:
			return true, refuse("Decyzję podpisaną na papierze wprowadza się tylko do protokołu przekazanego do odbioru. Najpierw przekaż protokół.")
		case pending != nil:
			return true, refuse("Decyzja z papieru jest już wprowadzona i oczekuje na potwierdzenie.")
		}
		return true, nil
	case ActDecide, ActWithdraw:
		if pending != nil && !p.Status.Decided() {
			return true, refuse("Biuro projektu wprowadziło decyzję podpisaną na papierze, która oczekuje na potwierdzenie. Jeśli jej nie podpisano, kierownik jednostki może zgłosić sprzeciw.")
		}
		return false, nil
	case ActConfirmPaper, ActObjectPaper:
		if pending == nil {
			return true, refuse("Ten protokół nie ma decyzji z papieru oczekującej na potwierdzenie.")
		}
		if pending.OpenObjection() != nil {
			return true, refuse("Kierownik jednostki zgłosił sprzeciw wobec tej decyzji z papieru; rozstrzyga go administrator.")
		}
		return true, nil
	case ActDecideObjection:
		if pending == nil || pending.OpenObjection() == nil {
			return true, refuse("Ten protokół nie ma sprzeciwu czekającego na rozstrzygnięcie.")
		}
		return true, nil
	}
	return false, nil
}

// PaperNotice is a paper decision waiting for its confirmation, as the
// start page lists it.
type PaperNotice struct {
	ProgrammeID    int64
	ProtocolID     int64
	Number         string
	UnitName       string
	TaskCode       string
	Decision       ProtocolStatus
	SignerName     string
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
	Objected       bool // the unit manager's objection waits for an administrator
}
