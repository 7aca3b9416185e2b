package domain

import "time"

// Sign-in throttling (ASVS 6.1.1; OWASP "Slow down online guessing attacks
// with device cookies"). Failures count within ThrottleWindow:
//
//   - a browser without a valid device cookie for the username: after
//     FailuresPerUsername failures for that username from that address, its
//     attempts from that address are refused until the window has moved
//     past them; after FailuresPerUsername failures for the username from
//     such browsers anywhere, each further attempt waits a delay that doubles
//     from UsernameDelayBase up to UsernameDelayMax (a slowdown, never a
//     lock); after FailuresPerAddress failures from one address, that
//     address's browsers without a device cookie are refused (set high: a
//     town hall's staff share one address).
//   - a browser with a valid device cookie for the username (it signed in
//     before): none of the above applies; after FailuresPerUsername failures
//     with that cookie it counts as a browser without one.
//
// Re-entering the password inside a signed-in session (a protocol decision,
// a password change) is not a sign-in: strangers' failures never block it;
// a session may fail it FailuresPerUsername times, then must sign in again.
const (
	FailuresPerUsername = 5
	FailuresPerAddress  = 100
	ThrottleWindow      = 15 * time.Minute
	UsernameDelayBase   = 5 * time.Second
	UsernameDelayMax    = 60 * time.Second
	// DeviceCookieLifetime is how long a browser that signed in is known.
	DeviceCookieLifetime = 180 * 24 * time.Hour
)

// LoginAttempt is one sign-in attempt as the throttle sees it.
type LoginAttempt struct {
	Username string
	Address  string
	// Device is the nonce of a valid device cookie issued for Username, or
	// "" for a browser without one.
	Device string
}

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
