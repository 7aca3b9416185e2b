package domain

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ConsensusStatus is where a consensus version stands.
type ConsensusStatus string

const (
	ConsensusDraft     ConsensusStatus = "draft"     // the leader records the agreed scores
	ConsensusSubmitted ConsensusStatus = "submitted" // handed to the unit's manager for signature
	ConsensusSigned    ConsensusStatus = "signed"    // signed: sealed, never changed
)

// Label is the status in Polish.
func (s ConsensusStatus) Label() string {
	switch s {
	case ConsensusDraft:
		return "w przygotowaniu"
	case ConsensusSubmitted:
		return "przekazany do podpisu"
	case ConsensusSigned:
		return "podpisany"
	}
	return string(s)
}

// CAFConsensus is one version of an assessment's agreed scores. Version 1
// is the consensus; a later version corrects a signed one (Reason says
// why) and is signed again.
type CAFConsensus struct {
	ID           int64
	AssessmentID int64
	VersionNo    int
	ReplacesID   *int64
	Status       ConsensusStatus
	Reason       string
	Remarks      string // the manager's remarks when it went back to the group
	Scores       map[string]*CAFScore
	Total        *float64
	SignerID     *int64
	SignerName   string
	SignedOn     time.Time
	SignedAt     time.Time
	Content      string // the signed canonical content
	Digest       string // its SHA-256
	CreatedBy    string
	CreatedAt    time.Time
	Version      int
}

// MissingSubs lists the sub-criteria of m without a complete agreed score
// or without a justification, in the model's order.
func (c *CAFConsensus) MissingSubs(m *CAFModel, method CAFMethod) []CAFSub {
	var out []CAFSub
	for _, cr := range m.Criteria {
		for _, s := range cr.Subs {
			sc := c.Scores[s.Code]
			if sc == nil || !sc.Complete(method, cr.Result) || strings.TrimSpace(sc.Justification) == "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// CheckComplete refuses a consensus that lacks an agreed score or a
// justification of any sub-criterion: the message names them.
func (c *CAFConsensus) CheckComplete(m *CAFModel, method CAFMethod) error {
	missing := c.MissingSubs(m, method)
	if len(missing) == 0 {
		return nil
	}
	codes := make([]string, 0, len(missing))
	v := Validation{}
	for _, s := range missing {
		codes = append(codes, s.Code)
		v.Add(FieldCAFScore+"_"+s.Code, "Uzgodnij ocenę i jej uzasadnienie.")
	}
	v.Add(FieldCAFScore, "Konsensus nie obejmuje wszystkich podkryteriów. Brakuje oceny lub uzasadnienia w: "+strings.Join(codes, ", ")+".")
	return v.Err()
}

type canonicalConsensus struct {
	Format     string          `json:"format"`
	ID         int64           `json:"id"`
	Assessment int64           `json:"assessment"`
	Programme  int64           `json:"programme"`
	Unit       canonicalRef    `json:"unit"`
	Edition    string          `json:"edition"`
	Method     string          `json:"method"`
	Cycle      int             `json:"cycle"`
	Version    int             `json:"version"`
	Replaces   *int64          `json:"replaces"`
	Reason     string          `json:"reason"`
	Members    []canonicalRef  `json:"members"`
	Scores     []canonicalCAF  `json:"scores"`
	Total      string          `json:"total"`
	Signer     canonicalSigner `json:"signer"`
	SignedOn   string          `json:"signed_on"`
	SignedAt   string          `json:"signed_at"`
}

type canonicalCAF struct {
	Sub           string `json:"sub"`
	Score         string `json:"score"`
	Parts         []int  `json:"parts,omitempty"`
	Justification string `json:"justification"`
	Strengths     string `json:"strengths"`
	Improvements  string `json:"improvements"`
}

// Canonical is the consensus' signed content: JSON with fields in a fixed
// order, scores in the model's order, points as text with a dot, times in
// UTC to the microsecond, no HTML escaping (like Protocol.Canonical).
func (c *CAFConsensus) Canonical(a *CAFAssessment) []byte {
	m := a.Model()
	cc := canonicalConsensus{Format: "kaizen-konsensus-caf/1", ID: c.ID, Assessment: a.ID, Programme: a.ProgrammeID,
		Unit: canonicalRef{ID: a.UnitID, Name: a.UnitName}, Edition: string(a.Edition), Method: string(a.Method), Cycle: a.Cycle,
		Version: c.VersionNo, Replaces: c.ReplacesID, Reason: c.Reason, Members: []canonicalRef{}, Scores: []canonicalCAF{},
		Signer: canonicalSigner{UserID: c.SignerID, Name: c.SignerName, Role: RoleUnitManager.Label()}, SignedOn: ISODate(c.SignedOn)}
	if c.Total != nil {
		cc.Total = strconv.FormatFloat(*c.Total, 'f', 1, 64)
	}
	if !c.SignedAt.IsZero() {
		cc.SignedAt = canonicalTime(c.SignedAt)
	}
	members := append([]CAFMember(nil), a.Members...)
	sort.Slice(members, func(i, j int) bool { return members[i].UserID < members[j].UserID })
	for _, mb := range members {
		name := mb.Name
		if mb.Leader {
			name += " (lider)"
		}
		cc.Members = append(cc.Members, canonicalRef{ID: mb.UserID, Name: name})
	}
	for _, cr := range m.Criteria {
		for _, s := range cr.Subs {
			sc := c.Scores[s.Code]
			if sc == nil {
				continue
			}
			x := canonicalCAF{Sub: s.Code, Justification: sc.Justification, Strengths: sc.Strengths, Improvements: sc.Improvements}
			if sc.Score != nil {
				x.Score = strconv.FormatFloat(*sc.Score, 'f', 1, 64)
			}
			for _, p := range sc.Parts(a.Method, cr.Result) {
				if *p.Value != nil {
					x.Parts = append(x.Parts, **p.Value)
				}
			}
			cc.Scores = append(cc.Scores, x)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cc); err != nil {
		panic(err) // plain strings and numbers always encode
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// MergeTexts joins the members' texts of one field for the consensus:
// each non-empty text once, in the members' order, separated by blank
// lines.
func MergeTexts(texts []string) string {
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return strings.Join(out, "\n\n")
}
