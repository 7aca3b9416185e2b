package domain

import (
	"strings"
	"testing"
	"time"
)

func TestProtocolTransitions(t *testing.T) {
	t.Parallel()
	acts := []ProtocolAction{ActEdit, ActDelete, ActSubmit, ActWithdraw, ActDecide, ActPaper, ActNewVersion, ActConfirmPaper, ActObjectPaper, ActDecideObjection}
	allowed := map[ProtocolStatus][]ProtocolAction{
		ProtocolDraft:           {ActEdit, ActDelete, ActSubmit},
		ProtocolSubmitted:       {ActWithdraw, ActDecide, ActPaper},
		ProtocolAccepted:        {ActNewVersion},
		ProtocolAcceptedRemarks: {ActNewVersion},
		ProtocolRejected:        {ActNewVersion},
	}
	for _, st := range ProtocolStatuses {
		for _, replaced := range []bool{false, true} {
			p := &Protocol{Status: st}
			if replaced {
				id := int64(9)
				p.ReplacedBy = &id
			}
			for _, act := range acts {
				want := false
				for _, a := range allowed[st] {
					want = want || a == act
				}
				if act == ActNewVersion && replaced {
					want = false
				}
				err := p.Allowed(act)
				if (err == nil) != want {
					t.Errorf("%s (replaced %v) %s: err = %v, want allowed %v", st, replaced, act, err, want)
				}
				if err != nil && (ErrorCode(err) != ECONFLICT || ErrorMessage(err) == "") {
					t.Errorf("%s %s: refusal %v has no message", st, act, err)
				}
			}
		}
	}
}

// TestPaperTransitions: a paper decision is recorded only into a submitted
// protocol; while it waits for confirmation the manager's electronic
// decision, a withdrawal and a second record are refused; a record under
// objection cannot be confirmed until an administrator decides.
func TestPaperTransitions(t *testing.T) {
	t.Parallel()
	electronic := &Protocol{Status: ProtocolAccepted, Method: SignElectronic}
	if err := electronic.Allowed(ActPaper); err == nil || !strings.Contains(ErrorMessage(err), "w systemie") {
		t.Errorf("paper over an electronic decision: %v", err)
	}
	pending := &Protocol{Status: ProtocolSubmitted, PaperRecords: []PaperRecord{{State: PaperAnnulled}, {State: PaperPending}}}
	for act, want := range map[ProtocolAction]bool{ActPaper: false, ActDecide: false, ActWithdraw: false, ActConfirmPaper: true, ActObjectPaper: true, ActDecideObjection: false, ActEdit: false} {
		if err := pending.Allowed(act); (err == nil) != want {
			t.Errorf("pending %s: %v, want allowed %v", act, err, want)
		}
	}
	pending.PaperRecords[1].Objections = []PaperObjection{{State: ObjectionDismissed}, {State: ObjectionOpen}}
	for act, want := range map[ProtocolAction]bool{ActConfirmPaper: false, ActObjectPaper: false, ActDecideObjection: true, ActDecide: false} {
		if err := pending.Allowed(act); (err == nil) != want {
			t.Errorf("under objection %s: %v, want allowed %v", act, err, want)
		}
	}
	annulled := &Protocol{Status: ProtocolSubmitted, PaperRecords: []PaperRecord{{State: PaperAnnulled}}}
	for act, want := range map[ProtocolAction]bool{ActPaper: true, ActDecide: true, ActWithdraw: true, ActConfirmPaper: false} {
		if err := annulled.Allowed(act); (err == nil) != want {
			t.Errorf("after annulment %s: %v, want allowed %v", act, err, want)
		}
	}
}

// TestCanonical: the signed content is the same bytes however the protocol
// was loaded (items and files in any order, times in any zone, beyond
// microseconds), keeps Polish and HTML characters as they are, and changes
// with every field that is signed.
func TestCanonical(t *testing.T) {
	signer := int64(7)
	base := func() *Protocol {
		return &Protocol{ID: 3, SeriesID: 3, VersionNo: 1, ProgrammeID: 1, TaskID: 2, TaskCode: "P3", TaskName: "doskonalenie procesów",
			UnitID: 5, UnitName: "Urząd Miasta Piława Górna", Place: "Piława Górna", Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
			Contractor: "Lider <&> „cudzysłów”", Description: "Opis: źdźbło",
			Items:       []ProtocolItem{{UnitProductID: 9, Letter: "b", Name: "mierniki"}, {UnitProductID: 8, Letter: "a", Name: "opisy"}},
			Attachments: []File{{ID: 4, Name: "b.pdf", Size: 2, SHA256: strings.Repeat("b", 64)}, {ID: 3, Name: "a.pdf", Size: 1, SHA256: strings.Repeat("a", 64)}},
			Status:      ProtocolAccepted, Method: SignElectronic, SignerID: &signer, SignerName: "Halina Sadowska", SignerRole: "kierownik jednostki",
			SignedAt: time.Date(2026, 7, 1, 8, 30, 0, 123456789, time.UTC)}
	}
	a := base()
	b := base()
	b.Items[0], b.Items[1] = b.Items[1], b.Items[0]
	b.Attachments[0], b.Attachments[1] = b.Attachments[1], b.Attachments[0]
	b.SignedAt = a.SignedAt.In(time.FixedZone("CEST", 2*3600)).Truncate(time.Microsecond)
	if string(a.Canonical()) != string(b.Canonical()) {
		t.Fatalf("canonical content depends on order or zone:\n%s\n%s", a.Canonical(), b.Canonical())
	}
	c := string(a.Canonical())
	if strings.Contains(c, "paper_record") {
		t.Errorf("a protocol without a four-eyes paper record names one (older digests would change):\n%s", c)
	}
	for _, want := range []string{`"contractor":"Lider <&> „cudzysłów”"`, `"signed_at":"2026-07-01T08:30:00.123456Z"`, `"products":[{"id":8,`, `"format":"kaizen-protokol-odbioru/1"`} {
		if !strings.Contains(c, want) {
			t.Errorf("canonical content lacks %s:\n%s", want, c)
		}
	}
	for name, change := range map[string]func(p *Protocol){
		"remarks":    func(p *Protocol) { p.Remarks = "x" },
		"decision":   func(p *Protocol) { p.Status = ProtocolRejected },
		"place":      func(p *Protocol) { p.Place = "Bielawa" },
		"product":    func(p *Protocol) { p.Items[0].DoneOn = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) },
		"attachment": func(p *Protocol) { p.Attachments[0].SHA256 = strings.Repeat("c", 64) },
		"signer":     func(p *Protocol) { p.SignerName = "Ktoś Inny" },
		"time":       func(p *Protocol) { p.SignedAt = p.SignedAt.Add(time.Microsecond) },
		"version":    func(p *Protocol) { p.VersionNo = 2 },
		"paper_record": func(p *Protocol) {
			p.PaperSeal = &PaperSeal{RecordedBy: 2, RecordedByName: "Anna", ConfirmedBy: 3, ConfirmedByName: "Tomasz", RecordedAt: p.SignedAt, ConfirmedAt: p.SignedAt}
		},
	} {
		p := base()
		change(p)
		if DigestOf(p.Canonical()) == DigestOf(a.Canonical()) {
			t.Errorf("changing %s does not change the digest", name)
		}
		if got := ChangedFields(a.Canonical(), p.Canonical()); len(got) == 0 {
			t.Errorf("changing %s: no changed field named", name)
		}
	}
}
