package domain

import (
	"strings"
	"testing"
)

func TestCAFModel2020(t *testing.T) {
	m := CAFModelOf(CAF2020)
	if m == nil {
		t.Fatal("CAF2020 is not defined")
	}
	if m.Name != "CAF 2020" || len(m.Criteria) != 9 {
		t.Fatalf("model %q with %d criteria, want CAF 2020 with 9", m.Name, len(m.Criteria))
	}
	want := strings.Fields("1.1 1.2 1.3 1.4 2.1 2.2 2.3 2.4 3.1 3.2 3.3 4.1 4.2 4.3 4.4 4.5 4.6 5.1 5.2 5.3 6.1 6.2 7.1 7.2 8.1 8.2 9.1 9.2")
	subs := m.Subs()
	if len(subs) != len(want) {
		t.Fatalf("%d sub-criteria, want %d", len(subs), len(want))
	}
	seen := map[string]bool{}
	for i, s := range subs {
		if s.Code != want[i] {
			t.Errorf("sub %d = %s, want %s", i, s.Code, want[i])
		}
		if seen[s.Code] {
			t.Errorf("code %s twice", s.Code)
		}
		seen[s.Code] = true
		if strings.TrimSpace(s.Name) == "" || strings.TrimSpace(s.Guidance) == "" {
			t.Errorf("%s: empty name or guidance", s.Code)
		}
		if _, c, ok := m.Sub(s.Code); !ok || c.No != s.Criterion || !strings.HasPrefix(s.Code, string(rune('0'+c.No))+".") {
			t.Errorf("%s: criterion %d does not match its code", s.Code, s.Criterion)
		}
	}
	for i, c := range m.Criteria {
		if c.No != i+1 || strings.TrimSpace(c.Name) == "" {
			t.Errorf("criterion %d: No %d, name %q", i+1, c.No, c.Name)
		}
		if c.Result != (c.No >= 6) {
			t.Errorf("criterion %d: Result = %v", c.No, c.Result)
		}
	}
	if c, ok := m.Criterion(9); !ok || c.Name != "Kluczowe wyniki działalności" {
		t.Errorf("criterion 9 = %+v, %v", c, ok)
	}
	if s, _, _ := m.Sub("9.1"); s.Name != "Wyniki zewnętrzne: produkty i wartość publiczna" {
		t.Errorf("9.1 = %q", s.Name)
	}
}

func TestCAFModel2020Bands(t *testing.T) {
	m := CAFModelOf(CAF2020)
	panels := map[string][]CAFBand{"enablers": m.EnablerBands, "results": m.ResultBands,
		"phases": m.PhaseBands, "trends": m.TrendBands, "targets": m.TargetBands}
	for name, bands := range panels {
		if len(bands) != 6 {
			t.Errorf("%s: %d bands, want 6", name, len(bands))
			continue
		}
		next := 0
		for _, b := range bands {
			if b.From != next || b.To < b.From || strings.TrimSpace(b.Text) == "" {
				t.Errorf("%s: band %+v, want one from %d", name, b, next)
			}
			next = b.To + 1
		}
		if next != 101 {
			t.Errorf("%s: bands end at %d, want 100", name, next-1)
		}
		for _, c := range []struct {
			points float64
			band   int
		}{{0, 0}, {10, 0}, {10.5, 0}, {11, 1}, {50.5, 2}, {51, 3}, {100, 5}} {
			if got := BandOf(bands, c.points); got != bands[c.band].Text {
				t.Errorf("%s: BandOf(%v) = %q, want %q", name, c.points, got, bands[c.band].Text)
			}
		}
		if got := BandOf(bands, 101); got != "" {
			t.Errorf("%s: BandOf(101) = %q, want none", name, got)
		}
	}
	if got := BandOf(m.EnablerBands, 45); !strings.Contains(got, "(D)") {
		t.Errorf("enabler 45 = %q, want the Do band", got)
	}
}
