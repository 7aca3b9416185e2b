package domain

import "sort"

// Results of survey waves, computed from the aggregates the store keeps
// (survey_wave_totals, survey_item_counts): never from the raw answers, so
// a wave of 10 000 answers costs what a wave of 100 does. The counts per
// value give every item's n, sum and sum of squares exactly.

// SurveyTotals are a wave's approved responses by channel, the index's
// n, sum and sum of squares, and its personal invitations.
type SurveyTotals struct {
	Responses, Online, Paper, Invited int
	IndexN                            int
	IndexSum, IndexSumSq              float64
	Invitations, InvitationsAnswered  int
}

// SurveyCounts are a wave's approved answers: item id → value → count.
type SurveyCounts map[int64]map[int]int

// OptionCount is one answer of an item with its count.
type OptionCount struct {
	Value int
	Label string
	N     int
}

// ItemResult is one item's results in a wave.
type ItemResult struct {
	Item *SurveyItem
	// N is the number of answers: a Likert item's without "nie wiem", a
	// single choice's, a multiple choice's respondents base (all responses
	// of the wave: the chosen options add up to more), an open item's texts.
	N        int
	DontKnow int
	Options  []OptionCount // in the item's order ("nie wiem" apart)
	Top2     int           // Likert: answers among the two best
	Top2CI   Interval      // Wilson, of the share Top2/N
	HasTop2  bool
	Mean     Mean // Likert: on the item's scale 1 … points, t interval
}

// Shown tells whether the item has enough answers to be broken down.
func (r *ItemResult) Shown() bool { return CellShown(r.N) }

// Top2Share is the share of the two best answers (0–1).
func (r *ItemResult) Top2Share() float64 {
	if r.N == 0 {
		return 0
	}
	return float64(r.Top2) / float64(r.N)
}

// Top2Shown tells whether the top-two share may be shown: the item is
// shown and the top-two cell itself has at least MinCell answers.
func (r *ItemResult) Top2Shown() bool { return r.HasTop2 && r.Shown() && CellShown(r.Top2) }

// CountSums are n, the sum and the sum of squares of the values counted
// (value → count), values equal to skip left out: exactly what
// MeanFromSums needs, without the raw answers.
func CountSums(counts map[int]int, skip func(value int) bool) (n int, sum, sumSq float64) {
	for v, c := range counts {
		if skip != nil && skip(v) {
			continue
		}
		n += c
		sum += float64(v) * float64(c)
		sumSq += float64(v) * float64(v) * float64(c)
	}
	return n, sum, sumSq
}

// NewItemResult computes an item's results from its counts; responses is
// the wave's number of approved responses (a multiple choice's base).
func NewItemResult(it *SurveyItem, counts map[int]int, responses int) ItemResult {
	r := ItemResult{Item: it}
	for _, o := range it.Options {
		if it.Kind == ItemLikert && o.Value == DontKnow {
			continue
		}
		r.Options = append(r.Options, OptionCount{Value: o.Value, Label: o.Label, N: counts[o.Value]})
	}
	switch it.Kind {
	case ItemLikert:
		r.DontKnow = counts[DontKnow]
		n, sum, sumSq := CountSums(counts, func(v int) bool { return v == DontKnow })
		r.N = n
		r.Mean = MeanFromSums(n, sum, sumSq, Conf95)
		for v, c := range counts {
			if it.Top2(v) {
				r.Top2 += c
			}
		}
		r.Top2CI, r.HasTop2 = Wilson(r.Top2, r.N, Conf95)
	case ItemSingle:
		r.N, _, _ = CountSums(counts, nil)
	case ItemMulti:
		r.N = responses
	case ItemOpen:
		r.N = counts[0]
	}
	return r
}

// WaveResult is a wave's results: its totals, the index and every item.
type WaveResult struct {
	Wave    *SurveyWave
	Version *QuestionnaireVersion
	Totals  SurveyTotals
	Index   Mean // 0–100, t interval
	Items   []ItemResult
}

// NewWaveResult computes a wave's results from its aggregates.
func NewWaveResult(w *SurveyWave, v *QuestionnaireVersion, t SurveyTotals, counts SurveyCounts) *WaveResult {
	r := &WaveResult{Wave: w, Version: v, Totals: t, Index: MeanFromSums(t.IndexN, t.IndexSum, t.IndexSumSq, Conf95)}
	for i := range v.Items {
		it := &v.Items[i]
		r.Items = append(r.Items, NewItemResult(it, counts[it.ID], t.Responses))
	}
	return r
}

// IndexShown tells whether the index rests on enough responses to be shown.
func (r *WaveResult) IndexShown() bool { return CellShown(r.Index.N) }

// ResponseRate is the share of personal invitations answered (0–1); ok is
// false for a wave without invitations.
func (r *WaveResult) ResponseRate() (float64, bool) {
	if r.Totals.Invitations == 0 {
		return 0, false
	}
	return float64(r.Totals.InvitationsAnswered) / float64(r.Totals.Invitations), true
}

// Item returns the result of the item with the code (nil when none).
func (r *WaveResult) Item(code string) *ItemResult {
	for i := range r.Items {
		if r.Items[i].Item.Code == code {
			return &r.Items[i]
		}
	}
	return nil
}

// ItemComparison is one item of the baseline and the follow-up, matched
// by its code (nil where a version lacks it).
type ItemComparison struct {
	Code               string
	Text               string
	Baseline, FollowUp *ItemResult
}

// WaveComparison compares a unit's follow-up wave with its baseline.
type WaveComparison struct {
	Baseline, FollowUp *WaveResult
	Change             Change
	Comparable         bool // both indexes rest on at least MinCell responses
	Items              []ItemComparison
}

// CompareWaves compares the index and the Likert items (by code) of two
// waves of one questionnaire in one unit.
func CompareWaves(baseline, followUp *WaveResult) *WaveComparison {
	c := &WaveComparison{Baseline: baseline, FollowUp: followUp,
		Change:     CompareMeans(baseline.Index, followUp.Index, Conf95),
		Comparable: baseline.IndexShown() && followUp.IndexShown()}
	seen := map[string]bool{}
	add := func(r *ItemResult) {
		if r.Item.Kind != ItemLikert || seen[r.Item.Code] {
			return
		}
		seen[r.Item.Code] = true
		c.Items = append(c.Items, ItemComparison{Code: r.Item.Code, Text: r.Item.Text,
			Baseline: baseline.Item(r.Item.Code), FollowUp: followUp.Item(r.Item.Code)})
	}
	for i := range followUp.Items {
		add(&followUp.Items[i])
	}
	for i := range baseline.Items {
		add(&baseline.Items[i])
	}
	return c
}

// BenchmarkWave is one unit's wave of a questionnaire and round, with its
// index aggregates.
type BenchmarkWave struct {
	WaveID   int64
	UnitID   int64
	UnitName string
	Index    Mean
}

// BenchmarkRow is a unit against the other units: the quartiles of the
// other units' indexes (only those resting on at least MinCell responses).
type BenchmarkRow struct {
	BenchmarkWave
	Shown    bool
	Peers    Quartiles
	HasPeers bool
	Position PeerPosition
}

// Benchmarks places every unit's index among the other units', best
// first; units with too few responses come last, without a value.
func Benchmarks(waves []BenchmarkWave) []BenchmarkRow {
	rows := make([]BenchmarkRow, len(waves))
	for i, w := range waves {
		rows[i] = BenchmarkRow{BenchmarkWave: w, Shown: CellShown(w.Index.N)}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Shown != rows[j].Shown {
			return rows[i].Shown
		}
		return rows[i].Shown && rows[i].Index.Mean > rows[j].Index.Mean
	})
	shown := 0
	for _, r := range rows {
		if r.Shown {
			shown++
		}
	}
	// Every unit's peers are the shown ones but itself: the values sorted
	// ascending once, leaving one out keeps them sorted.
	asc := make([]float64, shown)
	for i, r := range rows[:shown] {
		asc[shown-1-i] = r.Index.Mean
	}
	others := make([]float64, 0, shown)
	for i := range rows {
		others = others[:0]
		for j, v := range asc {
			if !rows[i].Shown || j != shown-1-i {
				others = append(others, v)
			}
		}
		if len(others) > 0 {
			rows[i].Peers = Quartiles{N: len(others), Q1: Quantile(others, 0.25), Median: Quantile(others, 0.5), Q3: Quantile(others, 0.75)}
			rows[i].HasPeers = true
		}
		if rows[i].Shown && rows[i].HasPeers {
			rows[i].Position = rows[i].Peers.Position(rows[i].Index.Mean)
		}
	}
	return rows
}

// AnonymousUnit is the name of the i-th (from 0) unit shown without its
// name: "Jednostka A", "Jednostka B" … "Jednostka Z", "Jednostka AA" ….
func AnonymousUnit(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return "Jednostka " + s
}

// IntervalText is an interval as "62,8–84,2", scaled (100 for shares).
func IntervalText(iv Interval, scale float64) string {
	return FormatOne(iv.Low*scale) + "–" + FormatOne(iv.High*scale)
}

// fewAnswers is what stands for a statistic of too few answers.
const fewAnswers = "< 5 odpowiedzi"

// Top2Text is an item's top-two share ("75,0%") with its Wilson interval,
// or why it is not shown ("< 5 odpowiedzi", "< 5").
func (r *ItemResult) Top2Text() (share, interval string) {
	switch {
	case !r.Shown():
		return fewAnswers, ""
	case !r.Top2Shown():
		return CellText(r.Top2), ""
	}
	return FormatPercent(r.Top2Share() * 100), IntervalText(r.Top2CI, 100)
}

// MeanText is a mean ("3,9") with its t interval, or "< 5 odpowiedzi".
func MeanText(m Mean) (mean, interval string) {
	if !CellShown(m.N) {
		return fewAnswers, ""
	}
	if m.HasCI {
		interval = IntervalText(m.CI, 1)
	}
	return FormatOne(m.Mean), interval
}

// ShareText is a frequency table's share n/base ("" when the count or the
// base is too small to be shown).
func ShareText(n, base int) string {
	if !CellShown(n) || !CellShown(base) {
		return ""
	}
	return FormatPercent(float64(n) / float64(base) * 100)
}
