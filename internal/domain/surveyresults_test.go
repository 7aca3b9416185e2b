package domain

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestAnonymousUnit(t *testing.T) {
	for i, want := range map[int]string{0: "Jednostka A", 1: "Jednostka B", 25: "Jednostka Z", 26: "Jednostka AA", 27: "Jednostka AB", 701: "Jednostka ZZ", 702: "Jednostka AAA"} {
		if got := AnonymousUnit(i); got != want {
			t.Errorf("AnonymousUnit(%d) = %q, want %q", i, got, want)
		}
	}
}

// An item's statistics from its counts per value equal those of the raw
// values, "nie wiem" left out.
func TestItemResultFromCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	it := &SurveyItem{ID: 1, Kind: ItemLikert, ScalePoints: 4, DontKnow: true, Options: likertOptions(4, true)}
	for round := 0; round < 50; round++ {
		counts := map[int]int{}
		var values []float64
		top2 := 0
		for k := rng.IntN(40); k > 0; k-- {
			v := rng.IntN(5)
			counts[v]++
			if v != DontKnow {
				values = append(values, float64(v))
				if v >= 3 {
					top2++
				}
			}
		}
		r := NewItemResult(it, counts, 0)
		m := MeanOf(values, Conf95)
		if r.N != len(values) || r.Top2 != top2 || r.DontKnow != counts[0] || math.Abs(r.Mean.Mean-m.Mean) > 1e-9 ||
			math.Abs(r.Mean.SD-m.SD) > 1e-9 || r.Mean.HasCI != m.HasCI || math.Abs(r.Mean.CI.Low-m.CI.Low) > 1e-9 {
			t.Fatalf("counts %v: %+v, raw values give n %d top-2 %d mean %+v", counts, r, len(values), top2, m)
		}
	}
}

// A unit is compared with the others only: its own value is not among its
// peers, and a unit below 5 answers is no one's peer.
func TestBenchmarksLeaveOneOut(t *testing.T) {
	mean := func(n int, v float64) Mean { return Mean{N: n, Mean: v} }
	rows := Benchmarks([]BenchmarkWave{{UnitName: "a", Index: mean(10, 40)}, {UnitName: "b", Index: mean(10, 60)},
		{UnitName: "c", Index: mean(3, 99)}, {UnitName: "d", Index: mean(10, 80)}, {UnitName: "e", Index: mean(10, 50)}})
	order := ""
	for _, r := range rows {
		order += r.UnitName
	}
	if order != "dbeac" {
		t.Fatalf("order %s", order)
	}
	// d's peers: 60, 50, 40 → median 50; c (3 answers) is in no one's peers.
	if d := rows[0]; d.Peers.N != 3 || d.Peers.Median != 50 || d.Position != PeerAboveQ3 {
		t.Errorf("d: %+v", d)
	}
	if c := rows[4]; c.Shown || c.Peers.N != 4 || c.Position != 0 {
		t.Errorf("c: %+v", c)
	}
	if a := rows[3]; a.Peers.Median != 60 || a.Position != PeerBelowQ1 {
		t.Errorf("a: %+v", a)
	}
}
