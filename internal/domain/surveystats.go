package domain

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Statistics of satisfaction surveys (badania satysfakcji): shares with
// their Wilson intervals, means with t intervals from kept sums, quartiles
// for benchmarking units, the change of an index between the baseline and
// the follow-up survey, and the small-cell rule. Plain float64 arithmetic:
// these are estimates shown to people, never stored amounts.

// Conf95 is the confidence level used across the application.
const Conf95 = 0.95

// Interval is a confidence interval [Low, High].
type Interval struct{ Low, High float64 }

// Contains tells whether v lies inside the interval (ends included).
func (i Interval) Contains(v float64) bool { return i.Low <= v && v <= i.High }

// zQuantile is the standard normal quantile for a two-sided interval at
// level conf (1.959964 for 0.95).
func zQuantile(conf float64) float64 { return math.Sqrt2 * math.Erfinv(conf) }

// Wilson is the Wilson score interval for the share k/n at level conf
// (0 < conf < 1; Conf95 gives z = 1.959964). It stays inside [0, 1] and is
// sound for small n and for shares of 0 or 1, unlike p ± z·SE. ok is false
// when n < 1 or k is outside 0…n.
func Wilson(k, n int, conf float64) (iv Interval, ok bool) {
	if n < 1 || k < 0 || k > n || !(conf > 0 && conf < 1) {
		return Interval{}, false
	}
	z := zQuantile(conf)
	nf, p := float64(n), float64(k)/float64(n)
	d := 1 + z*z/nf
	c := (p + z*z/(2*nf)) / d
	h := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / d
	iv = Interval{Low: math.Max(0, c-h), High: math.Min(1, c+h)}
	if k == 0 {
		iv.Low = 0
	}
	if k == n {
		iv.High = 1
	}
	return iv, true
}

// Mean is the mean of n answers with its t-based confidence interval. SD is
// the sample standard deviation (n − 1); HasCI is false for n < 2, where no
// interval can be given.
type Mean struct {
	N     int
	Mean  float64
	SD    float64
	CI    Interval
	HasCI bool
}

// SE is the standard error of the mean (0 when n < 2).
func (m Mean) SE() float64 {
	if m.N < 2 {
		return 0
	}
	return m.SD / math.Sqrt(float64(m.N))
}

// MeanFromSums estimates a mean and its interval at level conf from the
// aggregates a store can keep per group: the count n, the sum and the sum
// of squares of the values. n < 1 gives the zero Mean.
func MeanFromSums(n int, sum, sumSq, conf float64) Mean {
	if n < 1 {
		return Mean{}
	}
	nf := float64(n)
	m := Mean{N: n, Mean: sum / nf}
	if n < 2 || !(conf > 0 && conf < 1) {
		return m
	}
	ss := sumSq - sum*sum/nf
	if ss < 0 { // rounding of equal values
		ss = 0
	}
	m.SD = math.Sqrt(ss / (nf - 1))
	h := StudentTQuantile(1-(1-conf)/2, nf-1) * m.SE()
	m.CI, m.HasCI = Interval{Low: m.Mean - h, High: m.Mean + h}, true
	return m
}

// IndexScore puts the answer point (1 = the most negative … points = the
// most positive) of a Likert item on the 0–100 scale of an index:
// (point − 1)/(points − 1)·100, so 4 of 5 is 75. "Nie wiem" has no score;
// ok is false for a point outside 1…points or fewer than 2 points.
func IndexScore(point, points int) (score float64, ok bool) {
	if points < 2 || point < 1 || point > points {
		return 0, false
	}
	return float64(point-1) * 100 / float64(points-1), true
}

// Sums returns what MeanFromSums needs from raw values.
func Sums(values []float64) (n int, sum, sumSq float64) {
	for _, v := range values {
		sum += v
		sumSq += v * v
	}
	return len(values), sum, sumSq
}

// MeanOf is MeanFromSums of the values.
func MeanOf(values []float64, conf float64) Mean {
	n, s, s2 := Sums(values)
	return MeanFromSums(n, s, s2, conf)
}

// StudentTQuantile is the quantile p (0 < p < 1) of Student's t
// distribution with df > 0 degrees of freedom (df may be fractional, as
// Welch's are): StudentTQuantile(0.975, 10) = 2.228. It inverts the CDF
// by bisection; NaN for arguments outside the ranges.
func StudentTQuantile(p, df float64) float64 {
	// Intervals of means ask again and again for the same few quantiles
	// (0.975 and whole degrees of freedom): remembered, a page of a
	// thousand units' indexes does not bisect a thousand times.
	if df == math.Trunc(df) && df >= 1 && df <= 1e6 {
		key := tKey{p, df}
		if q, ok := tQuantiles.Load(key); ok {
			return q.(float64)
		}
		q := studentTQuantile(p, df)
		tQuantiles.Store(key, q)
		return q
	}
	return studentTQuantile(p, df)
}

type tKey struct{ p, df float64 }

var tQuantiles sync.Map // tKey → float64

func studentTQuantile(p, df float64) float64 {
	if !(p > 0 && p < 1) || !(df > 0) || math.IsInf(df, 0) {
		if p > 0 && p < 1 && math.IsInf(df, 1) {
			return math.Sqrt2 * math.Erfinv(2*p-1)
		}
		return math.NaN()
	}
	if p == 0.5 {
		return 0
	}
	if p < 0.5 {
		return -studentTQuantile(1-p, df)
	}
	lo, hi := 0.0, 2.0
	for StudentTCDF(hi, df) < p {
		lo, hi = hi, hi*2
		if hi > 1e12 {
			return math.Inf(1)
		}
	}
	for i := 0; i < 200 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		if StudentTCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// StudentTCDF is P(T ≤ t) for Student's t with df degrees of freedom,
// through the regularized incomplete beta function:
// P(T ≤ t) = 1 − I_x(df/2, 1/2)/2 with x = df/(df + t²), for t ≥ 0.
func StudentTCDF(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	tail := 0.5 * regIncBeta(df/2, 0.5, df/(df+t*t))
	if t >= 0 {
		return 1 - tail
	}
	return tail
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), by its
// continued fraction (Lentz's method), using the symmetry
// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

func betaFraction(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-15
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	f := d
	for m := 1; m <= 1000; m++ {
		mf := float64(m)
		// even step
		num := mf * (b - mf) * x / ((a + 2*mf - 1) * (a + 2*mf))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		f *= d * c
		// odd step
		num = -(a + mf) * (a + b + mf) * x / ((a + 2*mf) * (a + 2*mf + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		f *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return f
}

// Quartiles are the first quartile, the median and the third quartile of
// N values, each by linear interpolation between order statistics
// (Hyndman & Fan type 7, the default of R and of spreadsheets' QUARTILE.INC).
type Quartiles struct {
	N              int
	Q1, Median, Q3 float64
}

// Quantile is the p-quantile (0 ≤ p ≤ 1) of values sorted ascending, type 7:
// h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). NaN for no values.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || p < 0 || p > 1 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// QuartilesOf computes the quartiles of values (not changed); ok is false
// for no values.
func QuartilesOf(values []float64) (q Quartiles, ok bool) {
	if len(values) == 0 {
		return Quartiles{}, false
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	return Quartiles{N: len(s), Q1: Quantile(s, 0.25), Median: Quantile(s, 0.5), Q3: Quantile(s, 0.75)}, true
}

// PeerPosition is where a unit's value lies among its peers' quartiles.
type PeerPosition int

const (
	PeerBelowQ1    PeerPosition = iota + 1 // v < Q1
	PeerQ1ToMedian                         // Q1 ≤ v ≤ median
	PeerMedianToQ3                         // median < v ≤ Q3
	PeerAboveQ3                            // v > Q3
)

// Position places v among the quartiles: a value equal to a quartile falls
// into the band below it, except at Q1, which belongs to Q1–median.
func (q Quartiles) Position(v float64) PeerPosition {
	switch {
	case v < q.Q1:
		return PeerBelowQ1
	case v <= q.Median:
		return PeerQ1ToMedian
	case v <= q.Q3:
		return PeerMedianToQ3
	}
	return PeerAboveQ3
}

// Label is the position in Polish, for a table cell or a sentence.
func (p PeerPosition) Label() string {
	switch p {
	case PeerBelowQ1:
		return "poniżej pierwszego kwartyla (w najniższej ćwiartce)"
	case PeerQ1ToMedian:
		return "między pierwszym kwartylem a medianą"
	case PeerMedianToQ3:
		return "między medianą a trzecim kwartylem"
	case PeerAboveQ3:
		return "powyżej trzeciego kwartyla (w najwyższej ćwiartce)"
	}
	return ""
}

// MinCell is the smallest count that may be shown: fewer answers in a cell
// could point to the people who gave them.
const MinCell = 5

// CellShown tells whether a count (a cell of a table, a group's number of
// answers) may be shown, and a share or mean computed from it.
func CellShown(n int) bool { return n >= MinCell }

// CellText is a count as shown: the number, or "< 5" for a hidden one.
func CellText(n int) string {
	if !CellShown(n) {
		return "< " + strconv.Itoa(MinCell)
	}
	return strconv.Itoa(n)
}

// FormatOne formats x with one decimal and a decimal comma, thousands
// grouped by a space and a minus sign for negatives: "12,4", "−3,0",
// "1 234,5" (a rounded zero has no sign).
func FormatOne(x float64) string {
	var buf [32]byte
	return string(AppendOne(buf[:0], x))
}

// AppendOne appends x as FormatOne formats it.
func AppendOne(b []byte, x float64) []byte {
	d := DecimalFromFloat(math.Round(x*10) / 10)
	return appendDecimal(b, d.cents, "−", 1) // the second decimal is always 0
}

// FormatPercent formats a percentage with one decimal: "18,1%".
func FormatPercent(p float64) string { return FormatOne(p) + "%" }

// ChangeVerdict is what may honestly be said of a change.
type ChangeVerdict int

const (
	// ChangeUnknown: a survey has fewer than 2 answers, no interval exists.
	ChangeUnknown ChangeVerdict = iota
	// ChangeBeyondNoise: the difference's interval excludes 0, the change
	// is larger than its uncertainty.
	ChangeBeyondNoise
	// ChangeWithinNoise: the interval includes 0, the change cannot be told
	// apart from chance.
	ChangeWithinNoise
)

// Change compares an index (a mean on 0–100) of the follow-up survey with
// the baseline: the difference in points, the relative change in percent of
// the baseline (HasRelative false when the baseline mean is 0), and Welch's
// interval for the difference of two independent means (DF its
// Welch–Satterthwaite degrees of freedom).
type Change struct {
	Baseline, FollowUp Mean
	Conf               float64
	Diff               float64
	Relative           float64
	HasRelative        bool
	CI                 Interval
	DF                 float64
	Verdict            ChangeVerdict
}

// CompareMeans compares follow-up with baseline at level conf. The two
// surveys are independent samples (anonymous answers are not paired).
func CompareMeans(baseline, followUp Mean, conf float64) Change {
	c := Change{Baseline: baseline, FollowUp: followUp, Conf: conf, Diff: followUp.Mean - baseline.Mean}
	if baseline.N > 0 && baseline.Mean != 0 {
		c.Relative, c.HasRelative = c.Diff/baseline.Mean*100, true
	}
	if baseline.N < 2 || followUp.N < 2 || !(conf > 0 && conf < 1) {
		return c
	}
	v1 := baseline.SD * baseline.SD / float64(baseline.N)
	v2 := followUp.SD * followUp.SD / float64(followUp.N)
	se := math.Sqrt(v1 + v2)
	if se == 0 { // every answer equal in both surveys: the difference is exact
		c.DF = float64(baseline.N + followUp.N - 2)
		c.CI = Interval{Low: c.Diff, High: c.Diff}
	} else {
		c.DF = (v1 + v2) * (v1 + v2) / (v1*v1/float64(baseline.N-1) + v2*v2/float64(followUp.N-1))
		h := StudentTQuantile(1-(1-conf)/2, c.DF) * se
		c.CI = Interval{Low: c.Diff - h, High: c.Diff + h}
	}
	c.Verdict = ChangeWithinNoise
	if !c.CI.Contains(0) {
		c.Verdict = ChangeBeyondNoise
	}
	return c
}

// Label is the verdict as a clause of a Polish sentence.
func (v ChangeVerdict) Label() string {
	switch v {
	case ChangeBeyondNoise:
		return "zmiana większa niż niepewność pomiaru"
	case ChangeWithinNoise:
		return "zmiany nie da się odróżnić od przypadkowych wahań (mieści się w niepewności pomiaru)"
	}
	return "za mało odpowiedzi (potrzeba co najmniej 2 w każdym badaniu), by ocenić niepewność zmiany"
}

// Sentence says the change in Polish: "Wzrost o 12,4 pkt (o 18,1%);
// przedział ufności różnicy 95%: od 5,2 do 19,6 pkt — zmiana większa niż
// niepewność pomiaru."
func (c Change) Sentence() string {
	var b strings.Builder
	rel := ""
	if c.HasRelative {
		rel = " (o " + FormatPercent(math.Abs(c.Relative)) + ")"
	}
	switch d := math.Round(c.Diff * 10); {
	case d > 0:
		b.WriteString("Wzrost o " + FormatOne(c.Diff) + " pkt" + rel)
	case d < 0:
		b.WriteString("Spadek o " + FormatOne(-c.Diff) + " pkt" + rel)
	default:
		b.WriteString("Bez zmiany (" + FormatOne(0) + " pkt)")
	}
	b.WriteString("; ")
	if c.Verdict != ChangeUnknown {
		level := strings.Replace(strconv.FormatFloat(math.Round(c.Conf*1000)/10, 'f', -1, 64), ".", ",", 1)
		b.WriteString("przedział ufności różnicy " + level + "%: od " + FormatOne(c.CI.Low) + " do " + FormatOne(c.CI.High) + " pkt — ")
	}
	b.WriteString(c.Verdict.Label() + ".")
	return b.String()
}
