package domain

import "time"

// Sign-in throttling: after FailuresPerUsername failed sign-ins for one
// username, or FailuresPerAddress from one address, within ThrottleWindow,
// further attempts are refused until the window has moved past them.
const (
	FailuresPerUsername = 5
	FailuresPerAddress  = 20
	ThrottleWindow      = 15 * time.Minute
)

// Session lifetimes.
const (
	SessionIdleTimeout = 30 * time.Minute
	SessionLifetime    = 12 * time.Hour
)

// Actor is who makes a change, as the audit trail records it.
type Actor struct {
	UserID   int64 // 0 for anonymous (e.g. a failed sign-in)
	Username string
	Role     Role
	Address  string
}

// ActorOf returns the actor for a signed-in user at address.
func ActorOf(u *User, address string) Actor {
	if u == nil {
		return Actor{Address: address}
	}
	return Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Address: address}
}

// AuditAction is what an audit trail entry records.
type AuditAction string

// Audit actions.
const (
	AuditCreate      AuditAction = "create"
	AuditUpdate      AuditAction = "update"
	AuditDelete      AuditAction = "delete"
	AuditLogin       AuditAction = "login"
	AuditLoginFailed AuditAction = "login_failed"
	AuditLogout      AuditAction = "logout"
	AuditForbidden   AuditAction = "forbidden"
	AuditExport      AuditAction = "export" // personal data left the application
	AuditMerge       AuditAction = "merge"  // two records of one person made one
	AuditSubmit      AuditAction = "submit" // a protocol handed over for acceptance
	AuditWithdraw    AuditAction = "withdraw"
	AuditSign        AuditAction = "sign"       // a protocol decided in the application
	AuditSignPaper   AuditAction = "sign_paper" // a decision signed on paper recorded
	AuditClose       AuditAction = "close"      // a reporting period closed
	AuditReopen      AuditAction = "reopen"
)

// AuditActions lists every audit action (the trail's filter offers them).
var AuditActions = []AuditAction{AuditCreate, AuditUpdate, AuditDelete, AuditLogin, AuditLoginFailed, AuditLogout, AuditForbidden,
	AuditExport, AuditMerge, AuditSubmit, AuditWithdraw, AuditSign, AuditSignPaper, AuditClose, AuditReopen}
