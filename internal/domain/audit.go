package domain

import (
	"encoding/json"
	"time"
)

// Audit actions.
const (
	AuditCreate      = "create"
	AuditUpdate      = "update"
	AuditDelete      = "delete"
	AuditLogin       = "login"
	AuditLoginFailed = "login_failed"
	AuditLogout      = "logout"
	AuditForbidden   = "forbidden"
	AuditExport      = "export" // personal data left the application
)

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID            int64
	At            time.Time
	ActorID       *int64
	ActorUsername string
	ActorRole     string
	Address       string
	Action        string
	Entity        string
	EntityID      string
	Before, After json.RawMessage
}

// AuditFilter narrows the audit trail.
type AuditFilter struct {
	Username string // actor's username, exact
	Entity   string
	EntityID string
	Action   string
	From, To time.Time // [From, To)
	BeforeID int64     // entries older than this id (paging)
	Limit    int
}
