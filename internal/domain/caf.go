package domain

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CAF self-assessment (Common Assessment Framework). The model is reference
// data (CAFModel, one per edition: CAF 2020 first); an assessment is one
// cycle of a unit in a programme: its group's members score individually,
// the leader leads the group to a consensus, the unit's manager signs it
// (sealed like a protocol), and the improvement plan follows from it.

// CAFEdition names an edition of the model ("CAF2020").
type CAFEdition string

// CAF2020 is the edition new assessments use.
const CAF2020 CAFEdition = "CAF2020"

// CAFModel is one edition of the model: its criteria with their
// sub-criteria in order, and the scoring panels' band descriptions.
type CAFModel struct {
	Edition  CAFEdition
	Name     string // "CAF 2020"
	Criteria []CAFCriterion
	// Classical panel: one score 0–100 per sub-criterion, in bands.
	EnablerBands []CAFBand
	ResultBands  []CAFBand
	// Fine-tuned panel: each phase (Plan, Do, Check, Act) of an enabler,
	// and the trends and targets of a result, scored 0–100 in bands.
	PhaseBands  []CAFBand
	TrendBands  []CAFBand
	TargetBands []CAFBand
}

// CAFCriterion is a criterion (1 Przywództwo … 9 Kluczowe wyniki).
type CAFCriterion struct {
	No     int
	Name   string
	Result bool // a result criterion (6–9 in CAF 2020), else an enabler
	Subs   []CAFSub
}

// CAFSub is a sub-criterion ("1.1").
type CAFSub struct {
	Code      string
	Criterion int
	Name      string
	Guidance  string // a short hint of what to look at, shown beside the form
}

// CAFBand is one band of a scoring panel: From–To points and what they mean.
type CAFBand struct {
	From, To int
	Text     string
}

var cafModels = map[CAFEdition]*CAFModel{}

// CAFModels lists the editions in the order they were added.
var CAFModels []*CAFModel

func defineCAFModel(m *CAFModel) *CAFModel {
	if _, dup := cafModels[m.Edition]; dup {
		panic("CAF edition defined twice: " + string(m.Edition))
	}
	for i := range m.Criteria {
		for j := range m.Criteria[i].Subs {
			m.Criteria[i].Subs[j].Criterion = m.Criteria[i].No
		}
	}
	cafModels[m.Edition] = m
	CAFModels = append(CAFModels, m)
	return m
}

// CAFModelOf is the model of edition e (nil when unknown).
func CAFModelOf(e CAFEdition) *CAFModel { return cafModels[e] }

// Subs lists every sub-criterion in order.
func (m *CAFModel) Subs() []CAFSub {
	var out []CAFSub
	for _, c := range m.Criteria {
		out = append(out, c.Subs...)
	}
	return out
}

// Sub finds a sub-criterion by code, with its criterion.
func (m *CAFModel) Sub(code string) (CAFSub, *CAFCriterion, bool) {
	for i := range m.Criteria {
		for _, s := range m.Criteria[i].Subs {
			if s.Code == code {
				return s, &m.Criteria[i], true
			}
		}
	}
	return CAFSub{}, nil, false
}

// Criterion finds a criterion by number.
func (m *CAFModel) Criterion(no int) (*CAFCriterion, bool) {
	for i := range m.Criteria {
		if m.Criteria[i].No == no {
			return &m.Criteria[i], true
		}
	}
	return nil, false
}

// BandOf is the band of bands that points falls in ("" when none).
func BandOf(bands []CAFBand, points float64) string {
	for _, b := range bands {
		if points >= float64(b.From) && points <= float64(b.To)+0.999 {
			return b.Text
		}
	}
	return ""
}

// CAFMethod is how an assessment scores: classical or fine-tuned.
type CAFMethod string

const (
	CAFClassical CAFMethod = "classical"
	CAFFineTuned CAFMethod = "fine_tuned"
)

// CAFMethods lists the methods in the order the UI shows them.
var CAFMethods = []CAFMethod{CAFClassical, CAFFineTuned}

// Label is the method's Polish name.
func (m CAFMethod) Label() string {
	switch m {
	case CAFClassical:
		return "klasyczny (jedna ocena 0–100 na podkryterium)"
	case CAFFineTuned:
		return "szczegółowy (Plan, Wykonanie, Sprawdzenie, Działanie; wyniki: trendy i cele)"
	}
	return string(m)
}

// CAFStage is where an assessment stands.
type CAFStage string

const (
	CAFStageScoring   CAFStage = "scoring"   // members score individually
	CAFStageConsensus CAFStage = "consensus" // the leader records the agreed scores
	CAFStageSubmitted CAFStage = "submitted" // waits for the manager's signature
	CAFStageSigned    CAFStage = "signed"    // the consensus is signed (sealed)
)

// Label is the stage in Polish.
func (s CAFStage) Label() string {
	switch s {
	case CAFStageScoring:
		return "ocena indywidualna"
	case CAFStageConsensus:
		return "konsensus w toku"
	case CAFStageSubmitted:
		return "konsensus czeka na podpis kierownika"
	case CAFStageSigned:
		return "konsensus podpisany"
	}
	return string(s)
}

// CAFAssessment is one self-assessment cycle of a unit in a programme.
type CAFAssessment struct {
	ID          int64
	ProgrammeID int64
	UnitID      int64
	UnitName    string
	UnitKind    UnitKind
	Edition     CAFEdition
	Method      CAFMethod
	Cycle       int
	StartsOn    time.Time
	EndsOn      time.Time
	ConsensusAt *time.Time // when individual scoring ended
	Stage       CAFStage
	Members     []CAFMember
	// Consensus is the version in work or else the latest signed one (nil
	// before the consensus opens).
	Consensus *CAFConsensus
	// SignedOn is when its first consensus version was signed (zero: not yet).
	SignedOn  time.Time
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Model is the assessment's edition of the model.
func (a *CAFAssessment) Model() *CAFModel { return CAFModelOf(a.Edition) }

// Member is the user's membership of the group (nil: not a member).
func (a *CAFAssessment) Member(userID int64) *CAFMember {
	for i := range a.Members {
		if a.Members[i].UserID == userID {
			return &a.Members[i]
		}
	}
	return nil
}

// Leader is the group's leader (nil when none).
func (a *CAFAssessment) Leader() *CAFMember {
	for i := range a.Members {
		if a.Members[i].Leader {
			return &a.Members[i]
		}
	}
	return nil
}

// Form fields of an assessment.
const (
	FieldCAFUnit     = "unit"
	FieldCAFMethod   = "method"
	FieldCAFStartsOn = "starts_on"
	FieldCAFEndsOn   = "ends_on"
	FieldCAFMembers  = "members"
	FieldCAFLeader   = "leader"
)

// Validate checks the assessment's own fields (the store checks the unit
// takes part in the programme and the members are the unit's people).
func (a *CAFAssessment) Validate(p *Programme) error {
	v := Validation{}
	if a.UnitID == 0 {
		v.Add(FieldCAFUnit, "Wybierz jednostkę.")
	}
	if CAFModelOf(a.Edition) == nil {
		v.Add(FieldCAFMethod, "Nieznane wydanie modelu CAF.")
	}
	if !slices.Contains(CAFMethods, a.Method) {
		v.Add(FieldCAFMethod, "Wybierz sposób oceniania: klasyczny albo szczegółowy.")
	}
	switch {
	case a.StartsOn.IsZero():
		v.Add(FieldCAFStartsOn, "Podaj datę rozpoczęcia samooceny.")
	case p != nil:
		CheckEvidenceDate(v, FieldCAFStartsOn, a.StartsOn, p.Start, p.End)
	}
	switch {
	case a.EndsOn.IsZero():
		v.Add(FieldCAFEndsOn, "Podaj planowaną datę konsensusu.")
	case !a.StartsOn.IsZero() && a.EndsOn.Before(a.StartsOn):
		v.Add(FieldCAFEndsOn, "Data konsensusu nie może być wcześniejsza niż data rozpoczęcia.")
	}
	if len(a.Members) == 0 {
		v.Add(FieldCAFMembers, "Wybierz co najmniej jedną osobę do zespołu samooceny.")
	}
	leaders := 0
	for _, m := range a.Members {
		if m.Leader {
			leaders++
		}
	}
	if len(a.Members) > 0 && leaders != 1 {
		v.Add(FieldCAFLeader, "Wskaż jednego lidera zespołu spośród jego członków.")
	}
	return v.Err()
}

// CAFMember is a member of an assessment's group.
type CAFMember struct {
	UserID      int64
	Name        string
	Role        Role
	Leader      bool
	SubmittedAt *time.Time // the member handed in a complete scoring
	Scored      int        // sub-criteria with a score
}

// CAFScore is one member's scoring of one sub-criterion, or (in a
// consensus) the group's agreed one. Score is the sub-criterion's points:
// given directly (classical) or the mean of its parts (fine-tuned).
type CAFScore struct {
	Sub          string
	Score        *float64
	Plan, Do     *int // fine-tuned enablers
	Check, Act   *int
	Trend        *int // fine-tuned results
	Target       *int
	Strengths    string
	Improvements string
	Ideas        string // a member's ideas for improvement
	Evidence     string // a member's evidence in words (files beside)
	// Justification is the consensus' reason for the agreed score.
	Justification string
	UpdatedAt     time.Time
}

// Limits of a score's texts.
const (
	CAFTextMax      = 8000
	CAFMergedMax    = 16000
	CAFDisagreement = 30 // members' scores this far apart are discussed first
)

// Form fields of a score.
const (
	FieldCAFScore         = "score"
	FieldCAFPlan          = "plan"
	FieldCAFDo            = "do"
	FieldCAFCheck         = "check"
	FieldCAFAct           = "act"
	FieldCAFTrend         = "trend"
	FieldCAFTarget        = "target"
	FieldCAFStrengths     = "strengths"
	FieldCAFImprovements  = "improvements"
	FieldCAFIdeas         = "ideas"
	FieldCAFEvidence      = "evidence"
	FieldCAFJustification = "justification"
	FieldCAFReason        = "reason"
	FieldCAFRemarks       = "remarks"
)

// ParseCAFPoints reads points typed in a field: "" is none; a whole number
// 0–100 is the points; anything else is not ok.
func ParseCAFPoints(s string) (p *int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 {
		return nil, false
	}
	return &n, true
}

// CAFPointsMessage is the message of points outside the panel's range.
const CAFPointsMessage = "Podaj liczbę całkowitą od 0 do 100."

// Parts are the fields the method scores for a sub-criterion (result: of
// a result criterion), with their values.
func (s *CAFScore) Parts(method CAFMethod, result bool) []CAFPart {
	switch {
	case method == CAFClassical:
		return nil
	case result:
		return []CAFPart{{FieldCAFTrend, "Trendy", &s.Trend}, {FieldCAFTarget, "Cele", &s.Target}}
	}
	return []CAFPart{{FieldCAFPlan, "Plan (P)", &s.Plan}, {FieldCAFDo, "Wykonanie (D)", &s.Do},
		{FieldCAFCheck, "Sprawdzenie (C)", &s.Check}, {FieldCAFAct, "Działanie (A)", &s.Act}}
}

// CAFPart is one scored part of a fine-tuned panel.
type CAFPart struct {
	Field string
	Label string
	Value **int
}

// Compute sets a fine-tuned score to the mean of its parts (to one
// decimal), or none while a part is missing; a classical score is kept.
func (s *CAFScore) Compute(method CAFMethod, result bool) {
	parts := s.Parts(method, result)
	if parts == nil {
		return
	}
	sum := 0
	for _, p := range parts {
		if *p.Value == nil {
			s.Score = nil
			return
		}
		sum += **p.Value
	}
	m := math.Round(float64(sum)*10/float64(len(parts))) / 10
	s.Score = &m
}

// Complete reports whether the score has its points (and every part).
func (s *CAFScore) Complete(method CAFMethod, result bool) bool {
	for _, p := range s.Parts(method, result) {
		if *p.Value == nil {
			return false
		}
	}
	return s.Score != nil
}

// ValidateTexts checks the lengths of the score's texts (max per field).
func (s *CAFScore) ValidateTexts(v Validation, max int) {
	for _, f := range []struct{ field, text string }{{FieldCAFStrengths, s.Strengths}, {FieldCAFImprovements, s.Improvements},
		{FieldCAFIdeas, s.Ideas}, {FieldCAFEvidence, s.Evidence}, {FieldCAFJustification, s.Justification}} {
		if utf8.RuneCountInString(f.text) > max {
			v.Add(f.field, "Ten tekst może mieć najwyżej "+strconv.Itoa(max)+" znaków.")
		}
	}
}

// CAFTotals are a consensus' agreed points: the total (mean of every
// sub-criterion), the enablers' and results' means, and each criterion's.
type CAFTotals struct {
	Total, Enablers, Results float64
	Criteria                 map[int]float64
}

// TotalsOf computes the totals of complete scores by the model (ok false
// when a sub-criterion has no score).
func TotalsOf(m *CAFModel, scores map[string]*CAFScore) (t CAFTotals, ok bool) {
	t.Criteria = map[int]float64{}
	var all, en, re []float64
	for _, c := range m.Criteria {
		var cs []float64
		for _, s := range c.Subs {
			sc := scores[s.Code]
			if sc == nil || sc.Score == nil {
				return CAFTotals{}, false
			}
			cs = append(cs, *sc.Score)
		}
		t.Criteria[c.No] = round1(mean(cs))
		all = append(all, cs...)
		if c.Result {
			re = append(re, cs...)
		} else {
			en = append(en, cs...)
		}
	}
	t.Total, t.Enablers, t.Results = round1(mean(all)), round1(mean(en)), round1(mean(re))
	return t, true
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// FormatPoints writes points with a decimal comma and no trailing ",0"
// ("62,5", "70").
func FormatPoints(x float64) string {
	s := strconv.FormatFloat(round1(x), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}

// CAFSpread is the members' scores of one sub-criterion side by side.
type CAFSpread struct {
	Sub      CAFSub
	Scores   []*float64 // per member, in the members' order; nil: not scored
	Min, Max float64
	Mean     float64
	N        int
}

// Spread is Max − Min of the given scores (0 for fewer than two).
func (s CAFSpread) Spread() float64 {
	if s.N < 2 {
		return 0
	}
	return s.Max - s.Min
}

// Disputed reports whether the members differ by CAFDisagreement or more.
func (s CAFSpread) Disputed() bool { return s.Spread() >= CAFDisagreement }

// SpreadOf computes the spread of scores (nil entries skipped).
func SpreadOf(sub CAFSub, scores []*float64) CAFSpread {
	sp := CAFSpread{Sub: sub, Scores: scores}
	var xs []float64
	for _, s := range scores {
		if s != nil {
			xs = append(xs, *s)
		}
	}
	sp.N = len(xs)
	if sp.N > 0 {
		sp.Min, sp.Max = slices.Min(xs), slices.Max(xs)
		sp.Mean = round1(mean(xs))
	}
	return sp
}

// SortDisputedFirst orders spreads: disputed sub-criteria first (largest
// spread first), then the others in the model's order.
func SortDisputedFirst(spreads []CAFSpread) {
	order := map[string]int{}
	for i, s := range spreads {
		order[s.Sub.Code] = i
	}
	slices.SortStableFunc(spreads, func(a, b CAFSpread) int {
		da, db := a.Disputed(), b.Disputed()
		switch {
		case da && !db:
			return -1
		case db && !da:
			return 1
		case da && db && a.Spread() != b.Spread():
			if a.Spread() > b.Spread() {
				return -1
			}
			return 1
		}
		return order[a.Sub.Code] - order[b.Sub.Code]
	})
}
