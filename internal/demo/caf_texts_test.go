package demo

import (
	"strings"
	"testing"

	"kaizen/internal/domain"
)

func TestCAFTexts(t *testing.T) {
	m := domain.CAFModelOf(domain.CAF2020)
	if len(cafDemoTexts) != len(m.Subs()) {
		t.Errorf("%d texts, want one for each of %d sub-criteria", len(cafDemoTexts), len(m.Subs()))
	}
	for _, s := range m.Subs() {
		tx, ok := cafDemoTexts[s.Code]
		if !ok {
			t.Errorf("%s: no texts", s.Code)
			continue
		}
		for name, list := range map[string][]string{"strengths": tx.Strengths, "improvements": tx.Improvements,
			"ideas": tx.Ideas, "evidence": tx.Evidence} {
			if len(list) < 2 || len(list) > 3 {
				t.Errorf("%s %s: %d variants, want 2–3", s.Code, name, len(list))
			}
			for _, x := range list {
				if strings.TrimSpace(x) == "" {
					t.Errorf("%s %s: an empty variant", s.Code, name)
				}
			}
		}
		if strings.TrimSpace(tx.Justification) == "" {
			t.Errorf("%s: no justification", s.Code)
		}
	}
	if len(cafDemoActions) < 10 {
		t.Errorf("%d actions, want about 12", len(cafDemoActions))
	}
	for _, a := range cafDemoActions {
		if _, _, ok := m.Sub(a.Sub); !ok {
			t.Errorf("action %q: unknown sub-criterion %s", a.Title, a.Sub)
		}
		if a.Title == "" || a.Description == "" || a.Owner == "" {
			t.Errorf("action %+v: a field is empty", a)
		}
	}
}
