package domain

import (
	"encoding/json"
	"time"
)

// AuditAction is what an audit trail entry records.
type AuditAction string

// Audit actions.
const (
	AuditCreate       AuditAction = "create"
	AuditUpdate       AuditAction = "update"
	AuditDelete       AuditAction = "delete"
	AuditLogin        AuditAction = "login"
	AuditLoginFailed  AuditAction = "login_failed"
	AuditLogout       AuditAction = "logout"
	AuditForbidden    AuditAction = "forbidden"
	AuditExport       AuditAction = "export" // personal data left the application
	AuditMerge        AuditAction = "merge"  // two records of one person made one
	AuditSubmit       AuditAction = "submit" // a protocol handed over for acceptance
	AuditWithdraw     AuditAction = "withdraw"
	AuditSign         AuditAction = "sign"       // a protocol decided in the application
	AuditSignPaper    AuditAction = "sign_paper" // a decision signed on paper recorded
	AuditClose        AuditAction = "close"      // a reporting period closed
	AuditReopen       AuditAction = "reopen"
	AuditCloseWave    AuditAction = "close_wave"    // a survey wave closed (frozen)
	AuditMemberAdd    AuditAction = "member_add"    // a user made a member of a programme's team
	AuditMemberRemove AuditAction = "member_remove" // a user taken off a programme's team
	// The second factor of sign-in (mfa.go).
	AuditFactorAdd        AuditAction = "factor_add"         // a passkey or an authenticator app enrolled
	AuditFactorRemove     AuditAction = "factor_remove"      // a passkey or an authenticator app removed
	AuditFactorFailed     AuditAction = "factor_failed"      // a wrong second-factor code or assertion
	AuditRecoveryCodesNew AuditAction = "recovery_codes_new" // a fresh set of recovery codes issued
	AuditRecoveryCodeUsed AuditAction = "recovery_code_used" // a recovery code spent instead of a factor
	AuditMailSent         AuditAction = "mail_sent"          // an e-mail handed to the SMTP server (recipient, kind, subject; never the body)
	AuditSendBack         AuditAction = "send_back"          // a submitted CAF consensus sent back to the group with remarks
)

// AuditActions lists every audit action (the trail's filter offers them).
var AuditActions = []AuditAction{AuditCreate, AuditUpdate, AuditDelete, AuditLogin, AuditLoginFailed, AuditLogout, AuditForbidden,
	AuditExport, AuditMerge, AuditSubmit, AuditWithdraw, AuditSign, AuditSignPaper, AuditClose, AuditReopen,
	AuditMemberAdd, AuditMemberRemove, AuditPaperRecord, AuditPaperObject, AuditPaperObjection,
	AuditFactorAdd, AuditFactorRemove, AuditFactorFailed, AuditRecoveryCodesNew, AuditRecoveryCodeUsed, AuditMailSent, AuditSendBack}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID            int64
	At            time.Time
	ActorID       *int64
	ActorUsername string
	ActorRole     string
	Address       string
	Action        AuditAction
	Entity        string
	EntityID      string
	Before, After json.RawMessage
}

// AuditFilter narrows the audit trail.
type AuditFilter struct {
	Username string // actor's username, exact
	Entity   string
	EntityID string
	Action   AuditAction
	From, To time.Time // [From, To)
	BeforeID int64     // entries older than this id (paging)
	Limit    int
	// InProgrammes, when not nil, leaves out the entries of programmes not
	// in it (User.ProgrammeScope); entries of no programme stay.
	InProgrammes []int64
}
