package domain

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		name      string
		k, n      int
		low, high float64
	}{
		// p = 0.75, z² = 3.841459: centre 0.782012/1.064024 = 0.734957,
		// half 1.959964·√(0.003125 + 0.000266772)/1.064024 = 0.107278.
		{"45of60", 45, 60, 0.627679, 0.842235},
		// k = 0: [0, z²/(n + z²)] = [0, 3.841459/13.841459].
		{"0of10", 0, 10, 0, 0.277533},
		{"10of10", 10, 10, 0.722467, 1},
		{"1of2", 1, 2, 0.094531, 0.905469},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv, ok := Wilson(tc.k, tc.n, Conf95)
			if !ok || !near(iv.Low, tc.low, 1e-6) || !near(iv.High, tc.high, 1e-6) {
				t.Errorf("Wilson(%d, %d) = %v %v, want [%v, %v]", tc.k, tc.n, iv, ok, tc.low, tc.high)
			}
		})
	}
	for _, bad := range [][2]int{{0, 0}, {-1, 5}, {6, 5}} {
		if _, ok := Wilson(bad[0], bad[1], Conf95); ok {
			t.Errorf("Wilson(%d, %d) accepted", bad[0], bad[1])
		}
	}
	if _, ok := Wilson(1, 2, 1); ok {
		t.Error("conf 1 accepted")
	}
	if z := zQuantile(Conf95); !near(z, 1.959964, 1e-6) {
		t.Errorf("z = %v", z)
	}
}

func TestStudentTQuantile(t *testing.T) {
	// Table values of t(0.975; df); df = 1 is exactly tan(0.475π).
	for _, tc := range []struct{ df, want, tol float64 }{
		{1, 12.7062047, 1e-6},
		{2, 4.3026527, 1e-6},
		{5, 2.5705818, 1e-6},
		{7, 2.3646243, 1e-6},
		{10, 2.2281389, 1e-6},
		{30, 2.0422725, 1e-6},
		{100, 1.9839715, 1e-6},
		{1e6, 1.959966, 1e-5},
		{2.5, 3.5746548, 1e-6}, // fractional df (Welch), by numerical integration of the density
	} {
		if got := StudentTQuantile(0.975, tc.df); !near(got, tc.want, tc.tol) {
			t.Errorf("t(0.975; %v) = %.7f, want %.7f", tc.df, got, tc.want)
		}
	}
	if got := StudentTQuantile(0.025, 10); !near(got, -2.2281389, 1e-6) {
		t.Errorf("lower tail %v", got)
	}
	if got := StudentTQuantile(0.995, 4); !near(got, 4.6040949, 1e-6) {
		t.Errorf("t(0.995; 4) = %v", got)
	}
	if !math.IsNaN(StudentTQuantile(1, 5)) || !math.IsNaN(StudentTQuantile(0.9, 0)) {
		t.Error("bad arguments give a number")
	}
	if got := StudentTCDF(0, 3); got != 0.5 {
		t.Errorf("CDF(0) = %v", got)
	}
}

func TestMeanFromSums(t *testing.T) {
	// 2, 4, 4, 4, 5, 5, 7, 9: n 8, sum 40, sum of squares 232; SS = 232 − 1600/8
	// = 32, s² = 32/7, SE = √(32/56) = 0.755929, t(0.975; 7) = 2.364624,
	// half-width 1.787488: [3.212512, 6.787488].
	m := MeanOf([]float64{2, 4, 4, 4, 5, 5, 7, 9}, Conf95)
	if m.N != 8 || m.Mean != 5 || !near(m.SD, 2.138090, 1e-6) || !m.HasCI ||
		!near(m.CI.Low, 3.212512, 1e-6) || !near(m.CI.High, 6.787488, 1e-6) {
		t.Errorf("MeanOf = %+v", m)
	}
	if got := MeanFromSums(8, 40, 232, Conf95); got != m {
		t.Errorf("from sums %+v, from values %+v", got, m)
	}
	if one := MeanFromSums(1, 70, 4900, Conf95); one.HasCI || one.Mean != 70 {
		t.Errorf("one answer: %+v", one)
	}
	if none := MeanFromSums(0, 0, 0, Conf95); none != (Mean{}) {
		t.Errorf("no answers: %+v", none)
	}
	// Equal values: no spread, the interval is the point.
	if eq := MeanOf([]float64{80, 80, 80}, Conf95); eq.SD != 0 || eq.CI != (Interval{80, 80}) {
		t.Errorf("equal values: %+v", eq)
	}
}

func TestIndexScore(t *testing.T) {
	for _, tc := range []struct {
		point, points int
		want          float64
		ok            bool
	}{{1, 5, 0, true}, {4, 5, 75, true}, {5, 5, 100, true}, {2, 4, 100.0 / 3, true}, {0, 5, 0, false}, {6, 5, 0, false}, {1, 1, 0, false}} {
		if got, ok := IndexScore(tc.point, tc.points); got != tc.want || ok != tc.ok {
			t.Errorf("IndexScore(%d, %d) = %v %v", tc.point, tc.points, got, ok)
		}
	}
}

func TestQuartiles(t *testing.T) {
	// Type 7: h = (n − 1)p over 1…10 gives 3.25, 5.5, 7.75.
	q, ok := QuartilesOf([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1})
	if !ok || q != (Quartiles{N: 10, Q1: 3.25, Median: 5.5, Q3: 7.75}) {
		t.Errorf("1…10: %+v", q)
	}
	// Same as R's quantile(c(2,4,4,4,5,5,7,9)): 4, 4.5, 5.5.
	if q, _ := QuartilesOf([]float64{2, 4, 4, 4, 5, 5, 7, 9}); q != (Quartiles{N: 8, Q1: 4, Median: 4.5, Q3: 5.5}) {
		t.Errorf("8 values: %+v", q)
	}
	if q, _ := QuartilesOf([]float64{42}); q != (Quartiles{N: 1, Q1: 42, Median: 42, Q3: 42}) {
		t.Errorf("one value: %+v", q)
	}
	if _, ok := QuartilesOf(nil); ok {
		t.Error("no values")
	}
	if !math.IsNaN(Quantile([]float64{1, 2}, 1.5)) || Quantile([]float64{1, 2}, 1) != 2 {
		t.Error("Quantile ends")
	}
	q = Quartiles{N: 10, Q1: 60, Median: 70, Q3: 80}
	for v, want := range map[float64]PeerPosition{59.9: PeerBelowQ1, 60: PeerQ1ToMedian, 70: PeerQ1ToMedian,
		70.1: PeerMedianToQ3, 80: PeerMedianToQ3, 80.1: PeerAboveQ3} {
		if got := q.Position(v); got != want {
			t.Errorf("Position(%v) = %v, want %v", v, got, want)
		}
		if q.Position(v).Label() == "" {
			t.Errorf("no label for %v", v)
		}
	}
}

func TestCompareMeans(t *testing.T) {
	// 30 answers each, SD 14: SE = √(2·196/30) = 3.614784, Welch df = 58,
	// t(0.975; 58) = 2.001717: 12.4 ± 7.235778.
	base, follow := Mean{N: 30, Mean: 68.5, SD: 14}, Mean{N: 30, Mean: 80.9, SD: 14}
	c := CompareMeans(base, follow, Conf95)
	if !near(c.Diff, 12.4, 1e-9) || !c.HasRelative || !near(c.Relative, 18.10219, 1e-5) || !near(c.DF, 58, 1e-9) ||
		!near(c.CI.Low, 5.164223, 1e-5) || !near(c.CI.High, 19.635777, 1e-5) || c.Verdict != ChangeBeyondNoise {
		t.Fatalf("rise: %+v", c)
	}
	want := "Wzrost o 12,4 pkt (o 18,1%); przedział ufności różnicy 95%: od 5,2 do 19,6 pkt — zmiana większa niż niepewność pomiaru."
	if got := c.Sentence(); got != want {
		t.Errorf("sentence\n got %s\nwant %s", got, want)
	}

	// Unequal spreads: SE = √(2.5 + 11.25), df = 13.75²/(2.5²/9 + 11.25²/19) =
	// 25.703106, t = 2.056686 (numerical integration): −3 ± 7.626394.
	c = CompareMeans(Mean{N: 10, Mean: 75, SD: 5}, Mean{N: 20, Mean: 72, SD: 15}, Conf95)
	if !near(c.DF, 25.70316, 1e-4) || c.Verdict != ChangeWithinNoise ||
		!near(c.CI.Low, -10.626394, 1e-5) || !near(c.CI.High, 4.626394, 1e-5) {
		t.Fatalf("fall: %+v", c)
	}
	want = "Spadek o 3,0 pkt (o 4,0%); przedział ufności różnicy 95%: od −10,6 do 4,6 pkt — zmiany nie da się odróżnić od przypadkowych wahań (mieści się w niepewności pomiaru)."
	if got := c.Sentence(); got != want {
		t.Errorf("sentence\n got %s\nwant %s", got, want)
	}

	c = CompareMeans(Mean{N: 1, Mean: 0}, Mean{N: 12, Mean: 50, SD: 3}, Conf95)
	if c.Verdict != ChangeUnknown || c.HasRelative {
		t.Fatalf("one baseline answer: %+v", c)
	}
	if got := c.Sentence(); got != "Wzrost o 50,0 pkt; za mało odpowiedzi (potrzeba co najmniej 2 w każdym badaniu), by ocenić niepewność zmiany." {
		t.Errorf("sentence %s", got)
	}
	c = CompareMeans(Mean{N: 5, Mean: 70, SD: 2}, Mean{N: 5, Mean: 70.04, SD: 2}, Conf95)
	if got := c.Sentence(); got[:26] != "Bez zmiany (0,0 pkt); prze" {
		t.Errorf("no change: %s", got)
	}
}

func TestSmallCellsAndFormat(t *testing.T) {
	for n, want := range map[int]string{0: "< 5", 4: "< 5", 5: "5", 123: "123"} {
		if got := CellText(n); got != want || CellShown(n) != (n >= 5) {
			t.Errorf("CellText(%d) = %q", n, got)
		}
	}
	for x, want := range map[float64]string{12.44: "12,4", 12.45: "12,5", 0: "0,0", -0.04: "0,0", -3: "−3,0", 1234.56: "1 234,6", 100: "100,0",
		-1234.56: "−1 234,6", 999.96: "1 000,0", 0.05: "0,1", -0.06: "−0,1"} {
		if got := FormatOne(x); got != want {
			t.Errorf("FormatOne(%v) = %q, want %q", x, got, want)
		}
	}
	if got := FormatPercent(18.102); got != "18,1%" {
		t.Errorf("FormatPercent = %q", got)
	}
}
