package indicator

import (
	"testing"

	"kaizen/internal/domain"
)

// Every rule of the domain's catalogue is computed by the engine.
func TestCatalogueComputed(t *testing.T) {
	for _, r := range domain.Rules {
		if _, ok := rules[r]; !ok {
			t.Errorf("rule %s is not computed by the engine", r)
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
