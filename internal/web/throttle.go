package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// Signed cookies besides the session: the device cookie of OWASP's "Slow
// down online guessing attacks with device cookies" (a browser that signed
// in as a user before is not throttled by strangers' guesses for that user,
// domain.FailuresPerUsername) and the anonymous form token (double-submit,
// signed, so the sign-in page writes no session row).
const (
	cookieDevice = "kaizen_device"
	cookieCSRF   = "kaizen_csrf"
	keyDevice    = "device-cookie"
	keyCSRF      = "anonymous-csrf"
	// csrfNonceBytes is the random part of an anonymous form token.
	csrfNonceBytes = 16
)

// keys caches the signing keys read from the database (store.AuthKey).
type keys struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *Server) authKey(ctx context.Context, name string) ([]byte, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if k, ok := s.keys.m[name]; ok {
		return k, nil
	}
	k, err := s.store.AuthKey(ctx, name)
	if err != nil {
		return nil, err
	}
	if s.keys.m == nil {
		s.keys.m = map[string][]byte{}
	}
	s.keys.m[name] = k
	return k, nil
}

func mac(key []byte, parts ...string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h.Sum(nil))
}

// cookieName is name with the __Host- prefix when cookies are secure (the
// browser then refuses the cookie from anywhere but this host over TLS).
func (s *Server) cookieName(name string) string {
	if s.cfg.SecureCookies {
		return "__Host-" + name
	}
	return name
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	// #nosec G124 -- Secure follows the deployment (config.Config.Secure: on unless demo mode on a loopback address, over plain HTTP)
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// deviceFor returns the nonce of the request's device cookie when it is
// valid and was issued for username, else "".
func (s *Server) deviceFor(r *http.Request, username string) string {
	c, err := r.Cookie(s.cookieName(cookieDevice))
	if err != nil {
		return ""
	}
	who, rest, ok1 := strings.Cut(c.Value, ".")
	nonce, sig, ok2 := strings.Cut(rest, ".")
	name, err := base64.RawURLEncoding.DecodeString(who)
	if !ok1 || !ok2 || err != nil || string(name) != username || nonce == "" {
		return ""
	}
	key, err := s.authKey(r.Context(), keyDevice)
	if err != nil {
		s.log.WarnContext(r.Context(), "device cookie key", "error", err)
		return ""
	}
	if !hmac.Equal([]byte(sig), []byte(mac(key, "device", username, nonce))) {
		return ""
	}
	return nonce
}

// issueDevice gives the browser that has just signed in as username its
// device cookie (a new one each sign-in). Without its key (the database
// failed just now) the sign-in stands, without the cookie.
func (s *Server) issueDevice(w http.ResponseWriter, r *http.Request, username string) {
	key, err := s.authKey(r.Context(), keyDevice)
	if err != nil {
		s.log.WarnContext(r.Context(), "device cookie not issued", "error", err)
		return
	}
	nonce := randomString(16)
	s.setCookie(w, cookieDevice, base64.RawURLEncoding.EncodeToString([]byte(username))+"."+nonce+"."+mac(key, "device", username, nonce), domain.DeviceCookieLifetime)
}

// throttledMessage tells a refused sign-in when to try again: in seconds
// during the per-username slowdown, else the time.
func throttledMessage(until, now time.Time) string {
	if wait := until.Sub(now); wait < 2*time.Minute {
		return fmt.Sprintf("Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za %d s.", int(wait.Seconds())+1)
	}
	return "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie po godzinie " + components.Time(until) + "."
}

// loginAttempt is the sign-in attempt of r for username, with the
// browser's device cookie when it has a valid one for that user.
func (s *Server) loginAttempt(r *http.Request, username string) domain.LoginAttempt {
	return domain.LoginAttempt{Username: username, Address: s.clientAddr(r), Device: s.deviceFor(r, username)}
}

// anonymousCSRF returns the form token of a browser without a signed-in
// session: the value of its signed token cookie, set on first use. The
// session is not touched, so an anonymous page writes no session row.
func (s *Server) anonymousCSRF(w http.ResponseWriter, r *http.Request, held *string) string {
	if *held != "" {
		return *held
	}
	if c, err := r.Cookie(s.cookieName(cookieCSRF)); err == nil && s.validAnonymousCSRF(r, c.Value) {
		*held = c.Value
		return *held
	}
	key, err := s.authKey(r.Context(), keyCSRF)
	if err != nil {
		s.log.WarnContext(r.Context(), "form token key", "error", err)
		return ""
	}
	nonce := randomString(csrfNonceBytes)
	*held = nonce + mac(key, "csrf", nonce) // hex, as the session's token
	s.setCookie(w, cookieCSRF, *held, 0)
	return *held
}

func (s *Server) validAnonymousCSRF(r *http.Request, token string) bool {
	if len(token) <= 2*csrfNonceBytes {
		return false
	}
	nonce, sig := token[:2*csrfNonceBytes], token[2*csrfNonceBytes:]
	key, err := s.authKey(r.Context(), keyCSRF)
	return err == nil && hmac.Equal([]byte(sig), []byte(mac(key, "csrf", nonce)))
}

// anonymousCSRFMatches reports whether got is the signed token of the
// request's anonymous token cookie (double submit).
func (s *Server) anonymousCSRFMatches(r *http.Request, got string) bool {
	c, err := r.Cookie(s.cookieName(cookieCSRF))
	return err == nil && got != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(got)) == 1 && s.validAnonymousCSRF(r, got)
}

// sessReauthFailures counts wrong passwords typed again in one session.
const sessReauthFailures = "reauth_failures"

// reauthThrottled refuses re-authentication in a session that failed it
// domain.FailuresPerUsername times: the session's own limit, apart from the
// sign-in throttle, so strangers' guesses never block it.
func (s *Server) reauthThrottled(ctx context.Context) error {
	if s.sessions.GetInt(ctx, sessReauthFailures) >= domain.FailuresPerUsername {
		return domain.Errorf(domain.ETHROTTLED, "Zbyt wiele nieudanych prób potwierdzenia hasła w tej sesji. Wyloguj się i zaloguj ponownie.")
	}
	return nil
}

// noteReauth records the outcome of a re-authentication in the session.
func (s *Server) noteReauth(ctx context.Context, ok bool) {
	if ok {
		s.sessions.Remove(ctx, sessReauthFailures)
		return
	}
	s.sessions.Put(ctx, sessReauthFailures, s.sessions.GetInt(ctx, sessReauthFailures)+1)
}
