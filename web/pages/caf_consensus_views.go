package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// CAF consensus, signature, versions and report (issue 17).

// cafLabel names an assessment: "Urząd Miasta …, cykl 1".
func cafLabel(a *domain.CAFAssessment) string { return a.UnitName + ", cykl " + strconv.Itoa(a.Cycle) }

// CAFConsensusView is the consensus: members' scores side by side.
type CAFConsensusView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	Rights    domain.CAFRights
	Members   []domain.CAFMember // who handed in, in the columns' order
	Rows      []CAFSpreadRow     // disputed first
	Consensus *domain.CAFConsensus
	Missing   int
	Errors    map[string]string // the refused submission
	CanSign   bool              // the manager: the link to the signature page
	Versions  []*domain.CAFConsensus
}

// CAFSpreadRow is one sub-criterion: the members' scores and the agreed one.
type CAFSpreadRow struct {
	domain.CAFSpread
	Agreed *domain.CAFScore
}

// Disagreement is the label of a disputed sub-criterion.
const CAFDisputeLabel = "rozbieżność ≥ 30 pkt"

// CAFMemberScore is one member's scoring of a sub-criterion.
type CAFMemberScore struct {
	Name  string
	Score *domain.CAFScore
	Files []domain.File // the member's evidence files of the sub-criterion
}

// CAFConsensusFormView is the form of one sub-criterion's agreed score.
type CAFConsensusFormView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	Sub       domain.CAFSub
	Criterion *domain.CAFCriterion
	Members   []CAFMemberScore
	Parts     []domain.CAFPart // fine-tuned: the scored parts (labels, fields)
	Form      components.Form
	Next      string // the next sub-criterion's code ("" for the last)
	CanSave   bool
}

// CAFSignView is the manager's signature page.
type CAFSignView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	C         *domain.CAFConsensus
	Sign      components.Form
	Return    components.Form
	Confirm   FactorConfirm
}

// CAFVersionView is one consensus version with the history.
type CAFVersionView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	C         *domain.CAFConsensus
	Versions  []*domain.CAFConsensus
}

// CAFReportView is the report of the signed consensus.
type CAFReportView struct {
	Programme  *domain.Programme
	A          *domain.CAFAssessment
	C          *domain.CAFConsensus
	Previous   *CAFPrevious // the unit's previous signed cycle
	Versions   []*domain.CAFConsensus
	CanCorrect bool
	Correct    components.Form
}

// CAFPrevious is the previous signed cycle's consensus, for the change.
type CAFPrevious struct {
	Cycle  int
	Totals domain.CAFTotals
}

// CAFOpenRefusedView says why the consensus did not open.
type CAFOpenRefusedView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	Message   string
}

func cafTotals(a *domain.CAFAssessment, c *domain.CAFConsensus) (domain.CAFTotals, bool) {
	if c == nil {
		return domain.CAFTotals{}, false
	}
	return domain.TotalsOf(a.Model(), c.Scores)
}

func cafPoints(x *float64) string {
	if x == nil {
		return "—"
	}
	return domain.FormatPoints(*x)
}

// cafChange is the change of points with its sign ("+5,5", "−2", "0").
func cafChange(now, before float64) string {
	d := now - before
	switch s := domain.FormatPoints(d); {
	case s == "0" || s == "-0":
		return "0"
	case d > 0:
		return "+" + s
	default:
		return "−" + s[1:]
	}
}

func cafSubScore(c *domain.CAFConsensus, code string) *domain.CAFScore {
	if c == nil || c.Scores[code] == nil {
		return &domain.CAFScore{Sub: code}
	}
	return c.Scores[code]
}

func cafPartValue(p domain.CAFPart) string {
	if *p.Value == nil {
		return "—"
	}
	return strconv.Itoa(**p.Value)
}

func cafSignedAt(c *domain.CAFConsensus) string {
	if c.SignedAt.IsZero() {
		return ""
	}
	return components.DateTime(c.SignedAt)
}

// cafFormScore is the agreed points shown read-only.
func cafFormScore(v CAFConsensusFormView) *float64 {
	s := v.Form.Get(domain.FieldCAFScore)
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &x
}
