package domain

import "testing"

func TestCAFDistributionType7(t *testing.T) {
	d, ok := DistributionOf([]float64{50, 10, 40, 20, 30})
	if !ok || d.N != 5 || d.Min != 10 || d.Q1 != 20 || d.Median != 30 || d.Q3 != 40 || d.Max != 50 {
		t.Fatalf("10..50: %+v", d)
	}
	d, _ = DistributionOf([]float64{4, 3, 2, 1})
	if d.Q1 != 1.75 || d.Median != 2.5 || d.Q3 != 3.25 || d.Min != 1 || d.Max != 4 {
		t.Fatalf("1..4: %+v", d)
	}
	if _, ok := DistributionOf(nil); ok {
		t.Fatal("no values")
	}
}

func TestCAFAnonymousName(t *testing.T) {
	for i, want := range map[int]string{0: "Jednostka A", 25: "Jednostka Z", 26: "Jednostka AA", 27: "Jednostka AB", 701: "Jednostka ZZ", 702: "Jednostka AAA"} {
		if got := AnonymousName(i); got != want {
			t.Errorf("AnonymousName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestCAFBenchlearning(t *testing.T) {
	unit := func(id int64, kind UnitKind, v float64) CAFUnitResult {
		c := make([]float64, 9)
		for i := range c {
			c[i] = v
		}
		c[8] = 50 // criterion 9 equal everywhere
		return CAFUnitResult{UnitID: id, UnitName: string(rune('a' + id)), UnitKind: kind, Total: v, Criteria: c}
	}
	b := NewCAFBenchmark(1, 9, []CAFUnitResult{unit(1, UnitPowiat, 20), unit(2, UnitGminaMiejska, 40), unit(3, UnitGminaMiejska, 50),
		unit(4, UnitGminaMiejska, 60), unit(5, UnitPowiat, 80)})
	if b.Total.Q1 != 40 || b.Total.Median != 50 || b.Total.Q3 != 60 || len(b.Kinds) != 2 || b.Kind(UnitPowiat).Total.N != 2 {
		t.Fatalf("benchmark %+v", b)
	}
	l := b.Benchlearning(b.Unit(1))
	if len(l) != 8 || l[0].Criterion != 1 || len(l[0].From) != 1 || l[0].From[0].UnitID != 5 {
		t.Fatalf("benchlearning %+v", l)
	}
	if p := b.Position(b.Unit(5), 0); p != PeerAboveQ3 {
		t.Fatalf("position %v", p)
	}
}
