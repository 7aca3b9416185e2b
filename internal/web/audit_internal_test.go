package web

import (
	"testing"

	"kaizen/internal/domain"
)

// Every audit action has its Polish name in the trail.
func TestAuditActionsLabelled(t *testing.T) {
	for _, a := range domain.AuditActions {
		if actionLabels[a] == "" {
			t.Errorf("audit action %q has no label", a)
		}
	}
	if len(actionLabels) != len(domain.AuditActions) {
		t.Errorf("%d labels for %d actions", len(actionLabels), len(domain.AuditActions))
	}
}
