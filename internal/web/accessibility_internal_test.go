package web

import (
	"reflect"
	"testing"

	"kaizen/internal/domain"
)

// The statement and the requests are written whole into the audit trail:
// each of their fields has its Polish name.
func TestAccessibilityAuditFieldsLabelled(t *testing.T) {
	for _, v := range []any{domain.AccessibilityStatement{}, domain.AccessibilityRequest{}} {
		fieldsLabelled(t, reflect.TypeOf(v), map[reflect.Type]bool{})
	}
}
