package pages

import (
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// ProtocolsView lists protocols.
type ProtocolsView struct {
	Programme      *domain.Programme
	Protocols      []*domain.Protocol
	Filter         domain.ProtocolFilter
	Participations []domain.Participation
	CanPrepare     bool
	OwnUnitsOnly   bool
	Total          int             // matching the filter, every page
	List           components.List // search, filters, order, page and the CSV link
}

// ProtocolsPerPage is how many protocols a page of the list shows.
const ProtocolsPerPage = 100

// ProtocolView is one protocol version with what the user may do to it.
type ProtocolView struct {
	Programme  *domain.Programme
	Protocol   *domain.Protocol
	Versions   []*domain.Protocol
	CanPrepare bool // edit, submit, withdraw, delete, new version
	CanDecide  bool // the unit's manager, while the protocol waits
	CanPaper   bool // record a paper signature
	Decide     components.Form
	Confirm    FactorConfirm // the second factor the decision asks for
	Paper      components.Form
	Message    string
	// Four eyes on paper decisions (see paperView in internal/web).
	CanConfirm         bool // another person of the project office than the one who recorded it
	RecordedByMe       bool // the pending record is the user's own: someone else confirms it
	CanObject          bool // the unit's manager, while a paper record waits
	CanDecideObjection bool // an administrator, while an objection waits
	Object             components.Form
	Objection          components.Form
}

// Intact reports whether a signed protocol's content and attachments still
// match the digest sealed at signing.
func (v ProtocolView) Intact() bool {
	return !v.Protocol.Status.Decided() || domain.DigestOf(v.Protocol.Canonical()) == v.Protocol.Digest
}

// ProtocolFormView is the form of a draft protocol.
type ProtocolFormView struct {
	Programme *domain.Programme
	ID        int64
	UnitID    int64
	TaskID    int64
	Pairs     components.Picker    // units × tasks with products, to choose from (a page of the search)
	Products  []domain.UnitProduct // of the chosen unit and task
	Form      components.Form
	Token     string
	Message   string
}

// ParamProtocolAll shows superseded versions in the protocol list too
// (with ParamUnit and ParamStatus).
const ParamProtocolAll = "wszystkie"

// Fields of the protocol form (ProtocolForm).
const (
	FieldProtocolUnit        = "unit" // hidden, with the task, on a new protocol
	FieldProtocolTask        = "task"
	FieldProtocolItems       = "items" // the products handed over, by id
	FieldProtocolPlace       = "place"
	FieldProtocolDate        = "date"
	FieldProtocolContractor  = "contractor"
	FieldProtocolDescription = "description"
	// FieldProtocolPair chooses the unit and the task of a new protocol
	// ("unitID-taskID", sent with GET before the form proper).
	FieldProtocolPair = "para"
)

// FieldProtocolPlanned is the planned date of a product in the protocol.
func FieldProtocolPlanned(productID int64) string { return "planned_" + itoa(productID) }

// FieldProtocolDone is the date a product of the protocol was done.
func FieldProtocolDone(productID int64) string { return "done_" + itoa(productID) }

// Fields of the unit manager's decision (on the Protocol page) and of a
// decision signed on paper (with FieldFile, the scan).
const (
	FieldDecision         = "decision"
	FieldDecisionRemarks  = "remarks"
	FieldDecisionPassword = "password" // the manager's own, typed again
	FieldPaperSignerName  = "signer_name"
	FieldPaperSignerRole  = "signer_role"
	FieldPaperSignedOn    = "signed_on"
	// The unit manager's objection to a paper record and an
	// administrator's decision on it ("uphold" or "dismiss").
	FieldObjectionReason   = "objection_reason"
	FieldObjectionDecision = "objection_decision"
	FieldObjectionNote     = "objection_note"
)

// ProtocolValues are a protocol's values for its form.
func ProtocolValues(p *domain.Protocol) map[string][]string {
	v := map[string][]string{FieldProtocolPlace: {p.Place}, FieldProtocolDate: {domain.ISODate(p.Date)}, FieldProtocolContractor: {p.Contractor},
		FieldProtocolDescription: {p.Description}, FieldVersion: {strconv.Itoa(p.Version)}, FieldProtocolUnit: {itoa(p.UnitID)},
		FieldProtocolTask: {itoa(p.TaskID)}}
	for _, it := range p.Items {
		v[FieldProtocolItems] = append(v[FieldProtocolItems], itoa(it.UnitProductID))
		v[FieldProtocolPlanned(it.UnitProductID)] = []string{domain.ISODate(it.PlannedOn)}
		v[FieldProtocolDone(it.UnitProductID)] = []string{domain.ISODate(it.DoneOn)}
	}
	return v
}

// NewProtocolValues proposes a new protocol: the products not accepted yet,
// their dates, the programme leader as the party handing over, dated today.
func NewProtocolValues(p *domain.Programme, products []domain.UnitProduct, today time.Time) map[string][]string {
	v := map[string][]string{FieldProtocolDate: {domain.ISODate(today)}, FieldProtocolContractor: {p.Contractor}}
	if len(products) > 0 {
		v[FieldProtocolUnit], v[FieldProtocolTask] = []string{itoa(products[0].UnitID)}, []string{itoa(products[0].TaskID)}
	}
	for _, up := range products {
		if up.Status != domain.ProductAccepted && up.Status != domain.ProductAcceptedRemarks && up.Status != domain.ProductSubmitted {
			v[FieldProtocolItems] = append(v[FieldProtocolItems], itoa(up.ID))
		}
		v[FieldProtocolPlanned(up.ID)] = []string{domain.ISODate(up.PlannedOn)}
		v[FieldProtocolDone(up.ID)] = []string{domain.ISODate(up.DoneOn)}
	}
	return v
}

// IntegrityView is the result of recomputing the digests of signed protocols.
type IntegrityView struct {
	Checked    int
	Mismatches []domain.Mismatch
	At         time.Time
	// Files checked and those whose bytes differ from their digest.
	FilesChecked int
	AlteredFiles []domain.FileMismatch
	// Signed CAF consensus versions checked and those that differ.
	CAFChecked    int
	CAFMismatches []domain.Mismatch
}

func protocolStatusOptions(selected domain.ProtocolStatus) []components.Option {
	out := []components.Option{{Value: "", Label: "wszystkie"}}
	for _, s := range domain.ProtocolStatuses {
		out = append(out, components.Option{Value: string(s), Label: s.Label(), Selected: s == selected})
	}
	return out
}

// PairOptions are units × tasks as a picker's choices ("unitID-taskID").
func PairOptions(pairs []domain.ProductPair) []components.Option {
	out := make([]components.Option, 0, len(pairs))
	for _, p := range pairs {
		label := p.UnitName + " – " + p.TaskCode + " " + p.TaskName
		if p.Open == 0 {
			label += " (wszystkie produkty odebrane)"
		}
		out = append(out, components.Option{Value: itoa(p.UnitID) + "-" + itoa(p.TaskID), Label: label})
	}
	return out
}

func decisionOptions(selected string) []components.Option {
	out := []components.Option{{Value: "", Label: "wybierz decyzję"}}
	for _, s := range []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks, domain.ProtocolRejected} {
		label := map[domain.ProtocolStatus]string{domain.ProtocolAccepted: "odbieram bez uwag", domain.ProtocolAcceptedRemarks: "odbieram z uwagami",
			domain.ProtocolRejected: "odrzucam"}[s]
		out = append(out, components.Option{Value: string(s), Label: label, Selected: string(s) == selected})
	}
	return out
}

// protocolStatusClass colours a status.
func protocolStatusClass(s domain.ProtocolStatus) string {
	switch s {
	case domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks:
		return "status-on"
	case domain.ProtocolRejected:
		return "status-off"
	}
	return "status-wait"
}

// paperHistory reports whether the protocol has settled paper records or
// objections to list.
func paperHistory(p *domain.Protocol) bool {
	for _, r := range p.PaperRecords {
		if r.State != domain.PaperPending || len(r.Objections) > 0 {
			return true
		}
	}
	return false
}
