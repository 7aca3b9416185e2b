package domain

import (
	"slices"
	"time"
)

// CAF benchmarking: the distribution of the units' agreed scores (the
// latest signed cycle of each unit) per criterion and in total, overall
// and among peers of the same kind, and benchlearning from the units in
// the top quartile. Comparing scores across organisations is risky unless
// they were validated the same way: the pages always say so.

// CAFComparabilityCaveat is the caveat shown beside every comparison.
const CAFComparabilityCaveat = "Wyniki samooceny CAF różnych jednostek można porównywać tylko ostrożnie: " +
	"każdy zespół ocenia siebie sam, a punkty są porównywalne dopiero wtedy, gdy samoocena przebiegła i została " +
	"zweryfikowana w ten sam sposób. Traktuj zestawienie jako punkt wyjścia do wzajemnego uczenia się (benchlearning): " +
	"rozmowy z jednostkami, które w danym kryterium radzą sobie lepiej, a nie jako ranking."

// CAFDistribution is the spread of n values: the extremes and quartiles
// (type 7, QuartilesOf).
type CAFDistribution struct {
	N                        int
	Min, Q1, Median, Q3, Max float64
}

// DistributionOf computes the distribution of values; ok is false for none.
func DistributionOf(values []float64) (CAFDistribution, bool) {
	q, ok := QuartilesOf(values)
	if !ok {
		return CAFDistribution{}, false
	}
	return CAFDistribution{N: q.N, Min: slices.Min(values), Q1: q.Q1, Median: q.Median, Q3: q.Q3, Max: slices.Max(values)}, true
}

// Quartiles are the distribution's quartiles.
func (d CAFDistribution) Quartiles() Quartiles {
	return Quartiles{N: d.N, Q1: d.Q1, Median: d.Median, Q3: d.Q3}
}

// CAFDistributions are the distributions of the total and of each
// criterion (Criteria[n-1] is criterion n).
type CAFDistributions struct {
	Total    CAFDistribution
	Criteria []CAFDistribution
}

// CAFUnitResult is a unit's latest signed result.
type CAFUnitResult struct {
	UnitID       int64
	UnitName     string
	UnitKind     UnitKind
	Named        bool // consented to be named in benchlearning
	AssessmentID int64
	Cycle        int
	SignedOn     time.Time
	Total        float64
	Criteria     []float64 // Criteria[n-1] is criterion n
}

// CAFKindBenchmark is the distribution among units of one kind.
type CAFKindBenchmark struct {
	Kind UnitKind
	CAFDistributions
}

// CAFBenchmark is a programme's benchmarking.
type CAFBenchmark struct {
	ProgrammeID int64
	NCriteria   int // how many criteria
	CAFDistributions
	Kinds []CAFKindBenchmark // kinds present, in UnitKinds order
	Units []CAFUnitResult    // by name
	// ids are the units' ids in order (the order of anonymous names);
	// byID finds a unit's index in Units.
	ids  []int64
	byID map[int64]int
}

// distributionsOf computes the distributions of the units' results.
func distributionsOf(units []CAFUnitResult, criteria int) CAFDistributions {
	var d CAFDistributions
	vals := make([]float64, 0, len(units))
	for _, u := range units {
		vals = append(vals, u.Total)
	}
	d.Total, _ = DistributionOf(vals)
	d.Criteria = make([]CAFDistribution, criteria)
	for c := range criteria {
		vals = vals[:0]
		for _, u := range units {
			if c < len(u.Criteria) {
				vals = append(vals, u.Criteria[c])
			}
		}
		d.Criteria[c], _ = DistributionOf(vals)
	}
	return d
}

// NewCAFBenchmark computes the benchmarking of the units' results.
func NewCAFBenchmark(programmeID int64, criteria int, units []CAFUnitResult) *CAFBenchmark {
	b := &CAFBenchmark{ProgrammeID: programmeID, NCriteria: criteria, Units: units, CAFDistributions: distributionsOf(units, criteria),
		ids: make([]int64, len(units)), byID: make(map[int64]int, len(units))}
	for i, u := range units {
		b.ids[i] = u.UnitID
		b.byID[u.UnitID] = i
	}
	slices.Sort(b.ids)
	byKind := map[UnitKind][]CAFUnitResult{}
	for _, u := range units {
		byKind[u.UnitKind] = append(byKind[u.UnitKind], u)
	}
	for _, k := range UnitKinds {
		if us := byKind[k]; len(us) > 0 {
			b.Kinds = append(b.Kinds, CAFKindBenchmark{Kind: k, CAFDistributions: distributionsOf(us, criteria)})
		}
	}
	return b
}

// Kind is the distribution among units of kind k (nil when none).
func (b *CAFBenchmark) Kind(k UnitKind) *CAFKindBenchmark {
	for i := range b.Kinds {
		if b.Kinds[i].Kind == k {
			return &b.Kinds[i]
		}
	}
	return nil
}

// Unit is the result of unit id (nil when it has none).
func (b *CAFBenchmark) Unit(id int64) *CAFUnitResult {
	if i, ok := b.byID[id]; ok {
		return &b.Units[i]
	}
	return nil
}

// IDs are the units' ids in ascending order (read only): the order of
// their anonymous names (AnonymousName of the index).
func (b *CAFBenchmark) IDs() []int64 { return b.ids }

// AnonymousIndex is the position of unit id in IDs (its anonymous name).
func (b *CAFBenchmark) AnonymousIndex(id int64) int {
	i, _ := slices.BinarySearch(b.ids, id)
	return i
}

// Position is where unit u lies in criterion c (1-based; 0: the total).
func (b *CAFBenchmark) Position(u *CAFUnitResult, c int) PeerPosition {
	if c == 0 {
		return b.Total.Quartiles().Position(u.Total)
	}
	if c > len(u.Criteria) || c > b.NCriteria {
		return 0
	}
	return b.Criteria[c-1].Quartiles().Position(u.Criteria[c-1])
}

// CAFLearning is a criterion where a unit is in the bottom quartile, with
// the units of the top quartile it may learn from.
type CAFLearning struct {
	Criterion int
	Value     float64
	Q1        float64
	From      []CAFUnitResult // top quartile, by score descending
}

// Benchlearning lists, for unit u, each criterion where it is below Q1 and
// the units above Q3 in it.
func (b *CAFBenchmark) Benchlearning(u *CAFUnitResult) []CAFLearning {
	var out []CAFLearning
	for c := 1; c <= b.NCriteria; c++ {
		if b.Position(u, c) != PeerBelowQ1 {
			continue
		}
		l := CAFLearning{Criterion: c, Value: u.Criteria[c-1], Q1: b.Criteria[c-1].Q1}
		for _, o := range b.Units {
			if o.UnitID != u.UnitID && b.Position(&o, c) == PeerAboveQ3 {
				l.From = append(l.From, o)
			}
		}
		slices.SortStableFunc(l.From, func(x, y CAFUnitResult) int {
			switch {
			case x.Criteria[c-1] > y.Criteria[c-1]:
				return -1
			case x.Criteria[c-1] < y.Criteria[c-1]:
				return 1
			}
			return 0
		})
		out = append(out, l)
	}
	return out
}

// AnonymousName is "Jednostka A", "B", … "Z", "AA", … for the i-th unit
// (0-based) in a stable order.
func AnonymousName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return "Jednostka " + s
}

// CAFProgrammeMedians is one programme's count of units and the median of
// each criterion and of the total (across-programme view).
type CAFProgrammeMedians struct {
	ProgrammeID int64
	Code, Name  string
	N           int
	Total       float64
	Criteria    []float64
}

// CAFUnitSummary is a unit's CAF state in a programme, for the unit's
// page: its latest assessment and the progress of its plans.
type CAFUnitSummary struct {
	AssessmentID int64 // the latest cycle
	Cycle        int
	Stage        CAFStage
	SignedID     int64    // the latest assessment with a signed result (0: none)
	Total        *float64 // its agreed total
	Actions      int      // actions of the unit's plans, not dropped
	Done         int
	Overdue      int
}
