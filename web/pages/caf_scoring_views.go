package pages

// CAF individual scoring: a member's own scoring overview and the form of
// one sub-criterion (caf_scoring.templ). A member only ever sees their own
// scores here.

import (
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// CAFScoringView is a member's own scoring: every sub-criterion with its
// status.
type CAFScoringView struct {
	Programme *domain.Programme
	A         *domain.CAFAssessment
	Scores    map[string]*domain.CAFScore // the member's own
	Scored    int
	Total     int
	ReadOnly  bool       // submitted, or the consensus opened
	Submitted *time.Time // when the member handed it in
	Message   string     // why the submission was refused
}

// CAFScoreFormView is the form of one sub-criterion of a member's scoring.
type CAFScoreFormView struct {
	Programme  *domain.Programme
	A          *domain.CAFAssessment
	Sub        domain.CAFSub
	Criterion  *domain.CAFCriterion
	Pos, Total int    // "Podkryterium 5 z 28"
	Scored     int    // sub-criteria with points
	Prev, Next string // neighbouring sub-criteria ("" at the ends)
	Score      *domain.CAFScore
	Form       components.Form
	ReadOnly   bool
	Message    string        // a refusal that is no field's (scoring closed)
	Files      []domain.File // the member's evidence files of the sub-criterion
	CanAttach  bool          // files may be added and removed now
	FileError  string        // why an upload was refused
}

// CAFPanel is one points field of a scoring panel with its bands.
type CAFPanel struct {
	Field string
	Label string
	Bands []domain.CAFBand
}

// CAFPanels are the points fields of sub-criterion of criterion c under
// method, each with the band descriptions shown beside it.
func CAFPanels(m *domain.CAFModel, method domain.CAFMethod, c *domain.CAFCriterion) []CAFPanel {
	if method == domain.CAFClassical {
		bands := m.EnablerBands
		if c.Result {
			bands = m.ResultBands
		}
		return []CAFPanel{{domain.FieldCAFScore, "Punkty (0–100)", bands}}
	}
	var sc domain.CAFScore
	var out []CAFPanel
	for _, p := range sc.Parts(method, c.Result) {
		bands := m.PhaseBands
		switch p.Field {
		case domain.FieldCAFTrend:
			bands = m.TrendBands
		case domain.FieldCAFTarget:
			bands = m.TargetBands
		}
		out = append(out, CAFPanel{p.Field, p.Label + ": punkty (0–100)", bands})
	}
	return out
}

// CAFScoreValues are a saved score as its form shows it.
func CAFScoreValues(sc *domain.CAFScore, method domain.CAFMethod, result bool) map[string][]string {
	v := map[string][]string{}
	if sc == nil {
		return v
	}
	if method == domain.CAFClassical && sc.Score != nil {
		v[domain.FieldCAFScore] = []string{strconv.Itoa(int(*sc.Score))}
	}
	for _, p := range sc.Parts(method, result) {
		if *p.Value != nil {
			v[p.Field] = []string{strconv.Itoa(**p.Value)}
		}
	}
	v[domain.FieldCAFStrengths] = []string{sc.Strengths}
	v[domain.FieldCAFImprovements] = []string{sc.Improvements}
	v[domain.FieldCAFIdeas] = []string{sc.Ideas}
	v[domain.FieldCAFEvidence] = []string{sc.Evidence}
	return v
}

// cycStatus is a sub-criterion's status in a member's scoring.
func cycStatus(sc *domain.CAFScore) string {
	if sc == nil || sc.Score == nil {
		return "brak oceny"
	}
	return "oceniono: " + domain.FormatPoints(*sc.Score) + " pkt"
}

// CAFPanelGroup is the points fields that share one table of bands (the
// four phases of an enabler), or one field with its own.
type CAFPanelGroup struct {
	Panels  []CAFPanel
	Caption string // names the table of bands
}

// CAFPanelGroups groups consecutive panels that share their bands.
func CAFPanelGroups(panels []CAFPanel) []CAFPanelGroup {
	var out []CAFPanelGroup
	for _, p := range panels {
		if n := len(out); n > 0 && cycSameBands(out[n-1].Panels[0].Bands, p.Bands) {
			out[n-1].Panels = append(out[n-1].Panels, p)
			continue
		}
		out = append(out, CAFPanelGroup{Panels: []CAFPanel{p}})
	}
	for i := range out {
		g := &out[i]
		g.Caption = "Przedziały punktów: " + g.Panels[0].Label
		if len(g.Panels) > 1 {
			g.Caption = "Przedziały punktów każdej fazy (P, D, C, A)"
		}
	}
	return out
}

func cycSameBands(a, b []domain.CAFBand) bool {
	return len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
}

// cycBandsID is the element id of a group's table of bands.
func cycBandsID(g CAFPanelGroup) string { return "f-" + g.Panels[0].Field + "-bands" }

func cycBandRange(b domain.CAFBand) string { return strconv.Itoa(b.From) + "–" + strconv.Itoa(b.To) }

func cycScoringTitle(a *domain.CAFAssessment, p *domain.Programme) string {
	return "Moja ocena: " + cycName(a) + " · " + p.Code
}

func cycScoreTitle(v CAFScoreFormView) string {
	return "Moja ocena " + v.Sub.Code + ": " + cycName(v.A) + " · " + v.Programme.Code
}

func cycCriterionKind(c domain.CAFCriterion) string {
	if c.Result {
		return "wyniki"
	}
	return "potencjał"
}

// cycTextFields are the texts of a member's scoring with their labels.
var cycTextFields = []struct{ Field, Label, Hint string }{
	{domain.FieldCAFStrengths, "Mocne strony", "Co urząd robi dobrze w tym podkryterium."},
	{domain.FieldCAFImprovements, "Obszary do poprawy", "Czego brakuje lub co działa słabo."},
	{domain.FieldCAFIdeas, "Pomysły na doskonalenie", "Twoje propozycje działań."},
	{domain.FieldCAFEvidence, "Dowody", "Dokumenty, dane, przykłady, na których opierasz ocenę."},
}

func cycScoreText(sc *domain.CAFScore, field string) string {
	if sc == nil {
		return ""
	}
	switch field {
	case domain.FieldCAFStrengths:
		return sc.Strengths
	case domain.FieldCAFImprovements:
		return sc.Improvements
	case domain.FieldCAFIdeas:
		return sc.Ideas
	case domain.FieldCAFEvidence:
		return sc.Evidence
	}
	return ""
}

func cycPartValue(sc *domain.CAFScore, method domain.CAFMethod, result bool, field string) string {
	if sc == nil {
		return "–"
	}
	if field == domain.FieldCAFScore {
		if sc.Score == nil {
			return "–"
		}
		return domain.FormatPoints(*sc.Score)
	}
	for _, p := range sc.Parts(method, result) {
		if p.Field == field && *p.Value != nil {
			return strconv.Itoa(**p.Value)
		}
	}
	return "–"
}

func cycScoreErrorOrder() []string {
	return []string{domain.FieldCAFScore, domain.FieldCAFPlan, domain.FieldCAFDo, domain.FieldCAFCheck, domain.FieldCAFAct,
		domain.FieldCAFTrend, domain.FieldCAFTarget, domain.FieldCAFStrengths, domain.FieldCAFImprovements, domain.FieldCAFIdeas, domain.FieldCAFEvidence}
}
