package indicator

import (
	"testing"

	"kaizen/internal/domain"
)

// Every rule of the domain's catalogue is computed by the engine, except
// those whose evidence is not recorded yet.
func TestCatalogueComputed(t *testing.T) {
	notYet := map[domain.Rule]bool{domain.RuleSatisfactionChange: true}
	for _, r := range domain.Rules {
		if _, ok := rules[r]; ok == notYet[r] {
			t.Errorf("rule %s: computed %v, want %v", r, ok, !notYet[r])
		}
		if r.Label() == string(r) {
			t.Errorf("rule %s has no Polish description", r)
		}
	}
	for r, x := range rules {
		if KindOf(r) == "" || x.label() == "" && r != domain.RuleAcceptedProtocols && r != domain.RulePersonsTrained {
			t.Errorf("rule %s: no reference kind or no label", r)
		}
	}
}
