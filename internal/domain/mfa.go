package domain

import (
	"slices"
	"strings"
	"time"
)

// The second factor of sign-in (uwierzytelnianie dwuskładnikowe): a passkey
// or security key (WebAuthn), or an authenticator app's six-digit code
// (TOTP), with one-time recovery codes for a lost device.

// DefaultSecondFactorRoles are the roles that must sign in with a second
// factor unless the configuration says otherwise.
var DefaultSecondFactorRoles = []Role{RoleAdmin, RoleCoordinator, RoleUnitManager}

// SecondFactorPolicy says which roles must use a second factor; everyone
// may.
type SecondFactorPolicy struct {
	Required []Role
	// DemoSkips lets demo accounts sign in with the password alone (demo
	// mode only: outside it demo accounts never sign in).
	DemoSkips bool
}

// Requires reports whether u must have a second factor.
func (p SecondFactorPolicy) Requires(u *User) bool {
	if u == nil || (p.DemoSkips && u.Demo) {
		return false
	}
	return slices.Contains(p.Required, u.Role)
}

// Skips reports whether u signs in with the password alone even when a
// factor is enrolled (demo accounts in demo mode).
func (p SecondFactorPolicy) Skips(u *User) bool { return u != nil && p.DemoSkips && u.Demo }

// ParseRoles reads a comma-separated list of roles ("admin,coordinator");
// "none" or an empty list is no role.
func ParseRoles(s string) ([]Role, error) {
	roles := []Role{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" || f == "none" {
			continue
		}
		r := Role(f)
		if !r.Valid() {
			return nil, Errorf(EINVALID, "Nieznana rola %q.", f)
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, nil
}

// Passkey is a WebAuthn credential of an account (klucz dostępu).
type Passkey struct {
	ID           int64
	UserID       int64
	CredentialID []byte
	Name         string
	Data         []byte // the WebAuthn library's credential record (JSON)
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// SecondFactors is what an account has enrolled.
type SecondFactors struct {
	TOTP          bool
	TOTPCreatedAt time.Time
	Passkeys      []Passkey
	RecoveryLeft  int // unused recovery codes
}

// Any reports whether any factor is enrolled (recovery codes alone are not
// a factor).
func (f SecondFactors) Any() bool { return f.TOTP || len(f.Passkeys) > 0 }

// Count is how many factors are enrolled.
func (f SecondFactors) Count() int {
	n := len(f.Passkeys)
	if f.TOTP {
		n++
	}
	return n
}

// Limits of second-factor input.
const (
	PasskeyNameMax    = 100
	RecoveryCodeCount = 10
	TOTPDigits        = 6
	TOTPPeriod        = 30 * time.Second
	// SecondStepTimeout is how long the second step may wait after the
	// password was right.
	SecondStepTimeout = 10 * time.Minute
)

// NormalizeCode folds a typed code (spaces, hyphens, lower case) to its
// stored form.
func NormalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\u00a0':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// Second-step throttling: after SecondFactorFailures wrong codes for one
// account within ThrottleWindow the second step is refused until the window
// has moved past them.
const SecondFactorFailures = 10
