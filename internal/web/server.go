// Package web is Kaizen's HTTP layer: routes, middleware, sessions, forms
// into domain values, errors into pages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-webauthn/webauthn/webauthn"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// Config is what the HTTP layer needs to know about its deployment.
type Config struct {
	// Demo marks demo mode: demo accounts may sign in.
	Demo bool
	// SecureCookies marks the cookies Secure with the __Host- prefix and
	// sends HSTS; set when the application is reached over TLS (directly or
	// behind a TLS proxy): config.Config.Secure, on unless in demo mode on a
	// loopback address.
	SecureCookies bool
	// MaxBodyBytes limits request bodies that are not file uploads.
	MaxBodyBytes int64
	// TrustedProxies are reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// BaseURL is the address people open the application at; passkeys are
	// bound to its host name (none offered when empty).
	BaseURL string
	// SecondFactorRoles must sign in with a second factor (nil: the
	// default roles, domain.DefaultSecondFactorRoles).
	SecondFactorRoles []domain.Role
	// MailSink: e-mail goes to the local SMTP sink (demo mode), whose
	// messages /admin/mail shows.
	MailSink bool
	// Passwords is the gate every password hash and check goes through
	// (nil: the process's, auth.Checks, sized from GOMEMLIMIT).
	Passwords *auth.Gate
}

// Server holds the dependencies of the handlers.
type Server struct {
	cfg      Config
	store    *store.Store
	sessions *scs.SessionManager
	log      *slog.Logger
	now      func() time.Time
	stop     context.CancelFunc
	// retryBudget is how long a read is retried while the database is
	// unreachable (retryUnavailable).
	retryBudget time.Duration
	// inFlight holds a token for each request being worked on
	// (limitInFlight); its capacity is the limit.
	inFlight chan struct{}
	// bodies counts request bodies being read per client address
	// (readBodyFirst).
	bodies bodyReaders
	// keys caches the keys cookies are signed with.
	keys keys
	// factors is the second-factor policy; webAuthn is nil without a
	// BaseURL (mfa.go).
	factors  domain.SecondFactorPolicy
	webAuthn *webauthn.WebAuthn
	// a11yRequests limits the public requests for accessibility per
	// client address (ratelimit.go).
	a11yRequests addressLimit
	// survey is the public survey form's rate limit (surveys_limit.go).
	survey addressLimit
	// passwords bounds the password checks running at once (Config.Passwords).
	passwords *auth.Gate
}

// inFlightWait is how long a request waits for its turn before 503.
const inFlightWait = 30 * time.Second

// New returns a Server; call Close when done to stop the session cleanup.
func New(cfg Config, st *store.Store, log *slog.Logger) *Server {
	if cfg.MaxBodyBytes == 0 {
		// A 1 MB CSV file, or the same file base64-encoded in the import's
		// confirmation form, fits.
		cfg.MaxBodyBytes = 2 << 20
	}
	sm := scs.New()
	sm.Store = st.SignInSessions()
	sm.Codec = sessionCodec{}
	sm.IdleTimeout = domain.SessionIdleTimeout
	sm.Lifetime = domain.SessionLifetime
	sm.Cookie.Name = "kaizen_session"
	if cfg.SecureCookies {
		sm.Cookie.Name = "__Host-kaizen_session" // host-only, over TLS, Path=/
	}
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	sm.Cookie.Path = "/"
	ctx, stop := context.WithCancel(context.Background())
	go st.SignInSessions().CleanUp(ctx, 5*time.Minute, log)
	s := &Server{cfg: cfg, store: st, sessions: sm, log: log, now: st.Now, stop: stop, retryBudget: defaultRetryBudget,
		inFlight:     make(chan struct{}, max(8, 4*runtime.GOMAXPROCS(0))),
		a11yRequests: addressLimit{burst: domain.A11yRequestsPerAddress, every: domain.A11yRequestWindow / domain.A11yRequestsPerAddress}}
	if err := s.setUpSecondFactor(); err != nil {
		log.Error("passkeys are not offered", "error", err)
	}
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.serverError(w, r, err) }
	s.passwords = cfg.Passwords
	if s.passwords == nil {
		s.passwords = auth.Checks()
	}
	return s
}

// Close stops background work of the server.
func (s *Server) Close() { s.stop() }

// Ready reports whether the database answers.
func (s *Server) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.store.Ping(ctx)
}
