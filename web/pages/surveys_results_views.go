package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// OpenAnswersPerPage is how many open answers a page of an item lists.
const OpenAnswersPerPage = 50

// SurveyWaveResultsView is a wave's results page.
type SurveyWaveResultsView struct {
	Programme *domain.Programme
	Result    *domain.WaveResult
	// CanReadOpen: the open answers are listed (PermOpenAnswers and, for a
	// unit manager, an own unit); otherwise only their number.
	CanReadOpen bool
	Open        map[int64]OpenAnswers // item id → the page shown
	Compare     string                // the comparison with the baseline ("" for none)
	Benchmark   string                // the units on the same questionnaire and round
	Exports     []SurveyExport
}

// SurveyExport is a download link of the results page.
type SurveyExport struct{ Label, URL string }

// OpenAnswers is one page of an item's open answers.
type OpenAnswers struct {
	Texts         []string
	Offset, Total int
	Link          func(offset int) string
}

// surveyGroup is what the results page shows together: consecutive Likert
// items of one section and scale as one chart, or one other item.
type surveyGroup struct {
	Section string
	Likert  []*domain.ItemResult
	Other   *domain.ItemResult
}

func surveyGroups(r *domain.WaveResult) []surveyGroup {
	var out []surveyGroup
	for i := range r.Items {
		it := &r.Items[i]
		if it.Item.Kind == domain.ItemLikert {
			if n := len(out); n > 0 && len(out[n-1].Likert) > 0 && out[n-1].Section == it.Item.Section &&
				out[n-1].Likert[0].Item.ScalePoints == it.Item.ScalePoints && out[n-1].Likert[0].Item.DontKnow == it.Item.DontKnow {
				out[n-1].Likert = append(out[n-1].Likert, it)
				continue
			}
			out = append(out, surveyGroup{Section: it.Item.Section, Likert: []*domain.ItemResult{it}})
			continue
		}
		out = append(out, surveyGroup{Section: it.Item.Section, Other: it})
	}
	return out
}

// likertChart is a group's chart for LikertChartView.
func likertChart(g surveyGroup, i int) components.LikertChart {
	first := g.Likert[0].Item
	scale := components.LikertScale{Labels: domain.LikertLabels(first.ScalePoints)}
	if first.DontKnow {
		scale.DontKnow = domain.DontKnowLabel
	}
	title := g.Section
	if title == "" {
		title = "Pytania ze skalą"
	}
	c := components.LikertChart{ID: "wykres-" + strconv.Itoa(i), Title: title, Scale: scale}
	for _, r := range g.Likert {
		item := components.LikertItem{Label: r.Item.Code + ". " + r.Item.Text, DontKnow: r.DontKnow}
		for _, o := range r.Options {
			item.Counts = append(item.Counts, o.N)
		}
		c.Items = append(c.Items, item)
	}
	return c
}

// surveyPct is a share (0–1) as a percentage: "75,0%".
func surveyPct(share float64) string { return domain.FormatPercent(share * 100) }

func surveyTop2(r *domain.ItemResult) (share, interval string) { return r.Top2Text() }

func surveyMean(m domain.Mean) (mean, interval string) { return domain.MeanText(m) }

func optionShare(n, base int) string { return domain.ShareText(n, base) }

// responseRate is the invitations' answered share as the page says it.
func responseRate(r *domain.WaveResult) string {
	rate, ok := r.ResponseRate()
	if !ok {
		return ""
	}
	return surveyPct(rate) + " (" + strconv.Itoa(r.Totals.InvitationsAnswered) + " z " + strconv.Itoa(r.Totals.Invitations) + " zaproszeń)"
}

// SurveyPick is the choice of questionnaire, unit and round of the compare
// and benchmark pages.
type SurveyPick struct {
	Questionnaires []components.Option
	Units          []components.Option // compare only
	Rounds         []components.Option
}

// SurveyCompareView compares a unit's follow-up with its baseline.
type SurveyCompareView struct {
	Programme *domain.Programme
	Pick      SurveyPick
	UnitName  string
	Message   string // why there is nothing to compare
	C         *domain.WaveComparison
	Baseline  string // links to the two waves' results
	FollowUp  string
}

// SurveyBenchmarkView compares the units on one questionnaire and round.
type SurveyBenchmarkView struct {
	Programme *domain.Programme
	Pick      SurveyPick
	Title     string // the questionnaire and round
	Message   string
	Rows      []BenchmarkRowView
	Limited   bool // a unit manager: other units anonymised
}

// BenchmarkRowView is a unit's row: its label (a name or "Jednostka A"),
// the link to its wave where the user may open it, and the strip drawn for
// units the user may name.
type BenchmarkRowView struct {
	domain.BenchmarkRow
	Label string
	Link  string
	Strip *components.Benchmark
}

// top2Cell is an item's top-two share with its interval in one cell ("—"
// where the wave's version lacks the item).
func top2Cell(r *domain.ItemResult) string {
	if r == nil {
		return "—"
	}
	share, iv := surveyTop2(r)
	if iv == "" {
		return share
	}
	return share + " (" + iv + ")"
}

// indexTail finishes the sentence of the index: its scale, interval and n.
func indexTail(interval string, n int) string {
	s := "na skali 0–100"
	if interval != "" {
		s += " (przedział ufności 95%: " + interval + ")"
	}
	return s + ", z " + strconv.Itoa(n) + " ankiet."
}

// compareTitle names the page by its unit (or says what is missing).
func compareTitle(v SurveyCompareView) string {
	if v.UnitName == "" {
		return "Porównanie pomiarów · " + v.Programme.Code
	}
	return "Porównanie pomiarów: " + v.UnitName + " · " + v.Programme.Code
}

// benchmarkTitle names the page by its questionnaire and round.
func benchmarkTitle(v SurveyBenchmarkView) string {
	if v.Title == "" {
		return "Porównanie jednostek · " + v.Programme.Code
	}
	return "Porównanie jednostek: " + v.Title + " · " + v.Programme.Code
}
