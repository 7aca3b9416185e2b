package domain

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProductStatus is where a unit's product stands.
type ProductStatus string

const (
	ProductPlanned         ProductStatus = "planned"
	ProductInProgress      ProductStatus = "in_progress"
	ProductSubmitted       ProductStatus = "submitted"
	ProductAccepted        ProductStatus = "accepted"
	ProductAcceptedRemarks ProductStatus = "accepted_remarks"
	ProductRejected        ProductStatus = "rejected"
)

// ProductStatuses lists the statuses in their natural order.
var ProductStatuses = []ProductStatus{ProductPlanned, ProductInProgress, ProductSubmitted, ProductAccepted, ProductAcceptedRemarks, ProductRejected}

var productStatusLabels = map[ProductStatus]string{
	ProductPlanned:         "zaplanowany",
	ProductInProgress:      "w realizacji",
	ProductSubmitted:       "przekazany do odbioru",
	ProductAccepted:        "odebrany",
	ProductAcceptedRemarks: "odebrany z uwagami",
	ProductRejected:        "odrzucony",
}

// Label is the status in Polish.
func (s ProductStatus) Label() string { return productStatusLabels[s] }

// ManuallySettable reports whether people set this status by hand; the
// others follow from the product's protocols.
func (s ProductStatus) ManuallySettable() bool { return s == ProductPlanned || s == ProductInProgress }

// UnitProduct is a product of a task in one unit (e.g. P3 a) process
// descriptions in the town office of Dzierżoniów).
type UnitProduct struct {
	ID          int64
	ProgrammeID int64
	TaskID      int64
	TaskCode    string
	TaskName    string
	UnitID      int64
	UnitName    string
	ProductID   int64
	Letter      string
	Name        string
	Status      ProductStatus
	PlannedOn   time.Time // zero when not set
	DoneOn      time.Time // zero when not done
	Version     int
	Documents   int // attached product documents
}

// Label names the product as people say it: "P3 a) opisy procesów".
func (p *UnitProduct) Label() string { return p.TaskCode + " " + p.Letter + ") " + p.Name }

// ValidateProgress checks a hand-made change of status and dates; from is
// the status the product has now.
func (p *UnitProduct) ValidateProgress(from ProductStatus) error {
	v := Validation{}
	if p.Status != from && (!p.Status.ManuallySettable() || !(from.ManuallySettable() || from == ProductRejected)) {
		if from.ManuallySettable() || from == ProductRejected {
			v.Add("status", "Wybierz „zaplanowany” albo „w realizacji”: pozostałe statusy wynikają z protokołów odbioru.")
		} else {
			v.Add("status", "Status produktu przekazanego do odbioru albo odebranego wynika z protokołu i nie można go zmienić ręcznie.")
		}
	}
	if !p.DoneOn.IsZero() && !p.PlannedOn.IsZero() && p.DoneOn.Before(p.PlannedOn.AddDate(-5, 0, 0)) {
		v.Add("done_on", "Data wykonania jest o ponad 5 lat wcześniejsza od planowanej: sprawdź rok.")
	}
	return v.Err()
}

// ProtocolStatus is the state of one version of an acceptance protocol.
type ProtocolStatus string

const (
	ProtocolDraft           ProtocolStatus = "draft"
	ProtocolSubmitted       ProtocolStatus = "submitted"
	ProtocolAccepted        ProtocolStatus = "accepted"
	ProtocolAcceptedRemarks ProtocolStatus = "accepted_remarks"
	ProtocolRejected        ProtocolStatus = "rejected"
)

// ProtocolStatuses lists the statuses in their natural order.
var ProtocolStatuses = []ProtocolStatus{ProtocolDraft, ProtocolSubmitted, ProtocolAccepted, ProtocolAcceptedRemarks, ProtocolRejected}

var protocolStatusLabels = map[ProtocolStatus]string{
	ProtocolDraft:           "w przygotowaniu",
	ProtocolSubmitted:       "czeka na decyzję",
	ProtocolAccepted:        "odebrany",
	ProtocolAcceptedRemarks: "odebrany z uwagami",
	ProtocolRejected:        "odrzucony",
}

// Label is the status in Polish.
func (s ProtocolStatus) Label() string { return protocolStatusLabels[s] }

// DecisionLabel names the decision a status records: "odbiór z uwagami".
func (s ProtocolStatus) DecisionLabel() string {
	switch s {
	case ProtocolAccepted:
		return "odbiór bez uwag"
	case ProtocolAcceptedRemarks:
		return "odbiór z uwagami"
	case ProtocolRejected:
		return "odrzucenie"
	}
	return "brak decyzji"
}

// Decided reports whether the protocol carries a signed decision.
func (s ProtocolStatus) Decided() bool {
	return s == ProtocolAccepted || s == ProtocolAcceptedRemarks || s == ProtocolRejected
}

// Accepted reports whether the decision accepts the products.
func (s ProtocolStatus) Accepted() bool { return s == ProtocolAccepted || s == ProtocolAcceptedRemarks }

// SignMethod says how a decision was signed.
type SignMethod string

const (
	SignElectronic SignMethod = "electronic" // the unit manager in Kaizen, with their password
	SignPaper      SignMethod = "paper"      // on paper, recorded by a coordinator with the scan
)

// ProtocolAction is something done to a protocol.
type ProtocolAction string

const (
	ActEdit       ProtocolAction = "edit"
	ActDelete     ProtocolAction = "delete"
	ActSubmit     ProtocolAction = "submit"
	ActWithdraw   ProtocolAction = "withdraw"
	ActDecide     ProtocolAction = "decide"      // the unit manager signs in Kaizen
	ActPaper      ProtocolAction = "paper"       // a coordinator records a paper signature
	ActNewVersion ProtocolAction = "new_version" // a correction or a rework
)

// ProtocolItem is a product a protocol hands over.
type ProtocolItem struct {
	UnitProductID int64
	Letter        string
	Name          string
	PlannedOn     time.Time
	DoneOn        time.Time
}

// Protocol is one version of an acceptance protocol (protokół odbioru).
type Protocol struct {
	ID          int64
	ProgrammeID int64
	TaskID      int64
	TaskCode    string
	TaskName    string
	UnitID      int64
	UnitName    string
	UnitTERYT   string
	SeriesID    int64
	VersionNo   int
	ReplacesID  *int64
	ReplacedBy  *int64 // the next version, if any
	// SupersededBy is the latest later version that was accepted: this
	// version no longer counts.
	SupersededBy *int64
	Place        string
	Date         time.Time
	Contractor   string // the party handing over: the programme leader or contractor
	Description  string
	Items        []ProtocolItem
	Attachments  []File
	Status       ProtocolStatus
	Remarks      string
	Method       SignMethod
	SignerID     *int64
	SignerName   string
	SignerRole   string
	SignedOn     time.Time // the date on the paper protocol
	SignedAt     time.Time // when the decision was recorded, UTC
	ScanFile     *File     // the signed paper protocol
	// PaperSeal is who recorded the paper decision and who confirmed it
	// (nil for electronic decisions and paper ones sealed before four eyes).
	PaperSeal *PaperSeal
	// PaperRecords are the paper decisions recorded for this protocol,
	// oldest first: at most one pending, the confirmed one, annulled ones.
	PaperRecords []PaperRecord
	Content      string // the canonical signed content
	Digest       string // SHA-256 of Content, hex
	CreatedBy    string
	CreatedAt    time.Time
	SubmittedAt  time.Time
	Version      int
}

// Number is how people refer to the protocol: "12/2" is version 2 of
// protocol 12.
func (p *Protocol) Number() string {
	return strconv.FormatInt(p.SeriesID, 10) + "/" + strconv.Itoa(p.VersionNo)
}

// Superseded reports whether a later version was accepted in place of
// this one (a version being prepared, or rejected, does not replace it).
func (p *Protocol) Superseded() bool { return p.SupersededBy != nil }

// Allowed checks an action against the protocol's state; the message says
// why not.
func (p *Protocol) Allowed(act ProtocolAction) error {
	refuse := func(msg string) error { return Errorf(ECONFLICT, "%s", msg) }
	if ok, err := p.paperAllowed(act); ok || err != nil {
		return err
	}
	switch act {
	case ActEdit, ActDelete, ActSubmit:
		if p.Status != ProtocolDraft {
			if p.Status.Decided() {
				return refuse("Protokół jest podpisany i nie można go zmienić. Poprawkę wprowadza się jako nową wersję protokołu.")
			}
			return refuse("Protokół czeka na decyzję kierownika jednostki. Aby go zmienić, najpierw wycofaj go do przygotowania.")
		}
	case ActWithdraw:
		if p.Status != ProtocolSubmitted {
			return refuse("Wycofać można tylko protokół, który czeka na decyzję.")
		}
	case ActDecide:
		if p.Status.Decided() {
			return refuse("Decyzja w sprawie tego protokołu już zapadła; nie można jej zmienić.")
		}
		if p.Status != ProtocolSubmitted {
			return refuse("Protokół nie został jeszcze przekazany do odbioru, więc nie można w jego sprawie zdecydować.")
		}
	case ActNewVersion:
		if !p.Status.Decided() {
			return refuse("Nową wersję tworzy się z protokołu podpisanego (poprawka) albo odrzuconego (ponowne przekazanie). Ten protokół można jeszcze edytować.")
		}
		if p.ReplacedBy != nil {
			return refuse("Ten protokół ma już nowszą wersję: zmiany wprowadza się w niej.")
		}
	default:
		return refuse("Nieznana czynność.")
	}
	return nil
}

// Validate checks the protocol's content before it is saved or submitted.
func (p *Protocol) Validate() error {
	v := Validation{}
	checkLen(v, "place", p.Place, 1, 300, "miejsce sporządzenia protokołu")
	if p.Date.IsZero() {
		v.Add("date", "Podaj datę protokołu (np. 2026-11-27).")
	}
	checkLen(v, "contractor", p.Contractor, 1, 300, "stronę przekazującą (lidera programu albo wykonawcę)")
	checkLen(v, "description", p.Description, 1, 20000, "opis przedmiotu odbioru")
	if len(p.Items) == 0 {
		v.Add("items", "Wybierz co najmniej jeden produkt, który protokół przekazuje.")
	}
	for _, it := range p.Items {
		if !it.DoneOn.IsZero() && !p.Date.IsZero() && it.DoneOn.After(p.Date) {
			v.Add("items", "Rzeczywista data wykonania produktu nie może być późniejsza niż data protokołu.")
		}
	}
	return v.Err()
}

// Decision is what the unit's manager (or the paper protocol) decided.
type Decision struct {
	Status  ProtocolStatus
	Remarks string
	// Paper path only:
	SignerName string
	SignerRole string
	SignedOn   time.Time
}

// Validate checks a decision; paper says it is recorded from paper.
func (d *Decision) Validate(paper bool) error {
	v := Validation{}
	if !d.Status.Decided() {
		v.Add("decision", "Wybierz decyzję: odbiór, odbiór z uwagami albo odrzucenie.")
	}
	if (d.Status == ProtocolAcceptedRemarks || d.Status == ProtocolRejected) && strings.TrimSpace(d.Remarks) == "" {
		v.Add("remarks", "Przy odbiorze z uwagami i przy odrzuceniu wpisz uwagi.")
	}
	checkLen(v, "remarks", d.Remarks, 0, 20000, "uwagi")
	if paper {
		checkLen(v, "signer_name", d.SignerName, 1, 200, "imię i nazwisko osoby, która podpisała protokół")
		checkLen(v, "signer_role", d.SignerRole, 1, 200, "stanowisko osoby, która podpisała protokół")
		if d.SignedOn.IsZero() {
			v.Add("signed_on", "Podaj datę podpisu (np. 2026-11-27).")
		}
	}
	return v.Err()
}

// canonicalProtocol is the signed content, in a fixed field order. Its
// format name is part of it, so a later format can never be mistaken for
// this one.
type canonicalProtocol struct {
	Format      string                `json:"format"`
	ID          int64                 `json:"id"`
	Series      int64                 `json:"series"`
	Version     int                   `json:"version"`
	Replaces    *int64                `json:"replaces"`
	Programme   int64                 `json:"programme"`
	Task        canonicalRef          `json:"task"`
	Unit        canonicalRef          `json:"unit"`
	Place       string                `json:"place"`
	Date        string                `json:"date"`
	Contractor  string                `json:"contractor"`
	Description string                `json:"description"`
	Products    []canonicalProduct    `json:"products"`
	Attachments []canonicalAttachment `json:"attachments"`
	Decision    string                `json:"decision"`
	Remarks     string                `json:"remarks"`
	Method      string                `json:"method"`
	Signer      canonicalSigner       `json:"signer"`
	SignedOn    string                `json:"signed_on"`
	SignedAt    string                `json:"signed_at"`
	Scan        *canonicalAttachment  `json:"scan"`
	Paper       *canonicalPaper       `json:"paper_record,omitempty"`
}

// canonicalPaper is who recorded and who confirmed a paper decision.
type canonicalPaper struct {
	RecordedBy  canonicalSigner `json:"recorded_by"`
	RecordedAt  string          `json:"recorded_at"`
	ConfirmedBy canonicalSigner `json:"confirmed_by"`
	ConfirmedAt string          `json:"confirmed_at"`
}

type canonicalRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

type canonicalProduct struct {
	ID        int64  `json:"id"`
	Letter    string `json:"letter"`
	Name      string `json:"name"`
	PlannedOn string `json:"planned_on"`
	DoneOn    string `json:"done_on"`
}

type canonicalAttachment struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

type canonicalSigner struct {
	UserID *int64 `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

// ISODate formats a date as 2026-11-27, or "" for the zero time.
func ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatISODate(t)
}

// Canonical is the protocol's signed content: JSON with fields in a fixed
// order, products and attachments sorted by id, times in UTC to the
// microsecond (what PostgreSQL keeps), no HTML escaping. The attachments'
// SHA-256 must be computed from their bytes by the caller.
func (p *Protocol) Canonical() []byte {
	c := canonicalProtocol{
		Format: "kaizen-protokol-odbioru/1", ID: p.ID, Series: p.SeriesID, Version: p.VersionNo, Replaces: p.ReplacesID,
		Programme: p.ProgrammeID,
		Task:      canonicalRef{ID: p.TaskID, Code: p.TaskCode, Name: p.TaskName},
		Unit:      canonicalRef{ID: p.UnitID, Code: p.UnitTERYT, Name: p.UnitName},
		Place:     p.Place, Date: ISODate(p.Date), Contractor: p.Contractor, Description: p.Description,
		Products: []canonicalProduct{}, Attachments: []canonicalAttachment{},
		Decision: string(p.Status), Remarks: p.Remarks, Method: string(p.Method),
		Signer:   canonicalSigner{UserID: p.SignerID, Name: p.SignerName, Role: p.SignerRole},
		SignedOn: ISODate(p.SignedOn),
	}
	if !p.SignedAt.IsZero() {
		c.SignedAt = canonicalTime(p.SignedAt)
	}
	for _, it := range sortedItems(p.Items) {
		c.Products = append(c.Products, canonicalProduct{ID: it.UnitProductID, Letter: it.Letter, Name: it.Name,
			PlannedOn: ISODate(it.PlannedOn), DoneOn: ISODate(it.DoneOn)})
	}
	for _, f := range sortedFiles(p.Attachments) {
		c.Attachments = append(c.Attachments, canonicalAttachment{ID: f.ID, Name: f.Name, Size: f.Size, SHA256: f.SHA256})
	}
	if p.ScanFile != nil {
		c.Scan = &canonicalAttachment{ID: p.ScanFile.ID, Name: p.ScanFile.Name, Size: p.ScanFile.Size, SHA256: p.ScanFile.SHA256}
	}
	if ps := p.PaperSeal; ps != nil {
		rec, conf := ps.RecordedBy, ps.ConfirmedBy
		c.Paper = &canonicalPaper{RecordedBy: canonicalSigner{UserID: &rec, Name: ps.RecordedByName, Role: "wprowadził(a)"}, RecordedAt: canonicalTime(ps.RecordedAt),
			ConfirmedBy: canonicalSigner{UserID: &conf, Name: ps.ConfirmedByName, Role: "potwierdził(a)"}, ConfirmedAt: canonicalTime(ps.ConfirmedAt)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		panic(err) // plain strings and numbers always encode
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

func canonicalTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// DigestOf returns the hex SHA-256 of content.
func DigestOf(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

func sortedItems(items []ProtocolItem) []ProtocolItem {
	out := slices.Clone(items)
	slices.SortFunc(out, func(a, b ProtocolItem) int { return cmp.Compare(a.UnitProductID, b.UnitProductID) })
	return out
}

func sortedFiles(files []File) []File {
	out := slices.Clone(files)
	slices.SortFunc(out, func(a, b File) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// ChangedFields names the top-level fields that differ between two
// canonical contents.
func ChangedFields(signed, now []byte) []string {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(signed, &a) != nil || json.Unmarshal(now, &b) != nil {
		return []string{"(treść nieczytelna)"}
	}
	var out []string
	for k, v := range b {
		if !bytes.Equal(a[k], v) {
			out = append(out, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// ProductFilter narrows the list of products.
type ProductFilter struct {
	ListQuery         // Search: part of the unit's name, the task's code or the product's name; Limit 0 means all
	UnitIDs   []int64 // only these units (a unit manager's); nil means all
	UnitID    int64
	TaskID    int64
	Status    ProductStatus
}

// ProductPair is a unit and a task that has products there: what a new
// acceptance protocol is prepared for.
type ProductPair struct {
	UnitID, TaskID     int64
	UnitName           string
	TaskCode, TaskName string
	Open               int // products not accepted yet
}

// ProtocolFilter narrows the list of protocols.
type ProtocolFilter struct {
	ListQuery         // Search: part of the unit's name, the task's code or the signer; Limit 0 means all
	UnitIDs   []int64 // only these units (a unit manager's); nil means all
	UnitID    int64
	Status    ProtocolStatus
	Current   bool // without versions superseded by a later accepted one
	Accepted  bool // accepted, with or without remarks
	SignedBy  int64
}

// Mismatch is a signed protocol whose content no longer matches its digest.
type Mismatch struct {
	ProgrammeID int64
	ID          int64
	Number      string
	UnitName    string
	Stored      string // the digest sealed at signing
	Computed    string // the digest of the content as it is now
	Problem     string // in Polish
}
