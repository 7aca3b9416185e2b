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
