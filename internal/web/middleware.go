package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
)

type ctxKey int

const (
	infoKey ctxKey = iota
	sessionKey
	attemptKey
)

// reqInfo is filled in while a request is handled and logged at its end.
type reqInfo struct {
	userID int64
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := randomString(8)
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(webctx.WithRequestID(r.Context(), id)))
	})
}

// logRequests writes one structured line per request: never bodies, query
// strings, passwords, tokens or personal data.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{}
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r.WithContext(context.WithValue(r.Context(), infoKey, info)))
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", webctx.RequestID(r.Context())),
			slog.Int64("user_id", info.userID),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries, with a fresh CSP
// nonce per request for the page's own script and style tags.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nb := make([]byte, 16)
		_, _ = rand.Read(nb)
		nonce := base64.StdEncoding.EncodeToString(nb)
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-"+nonce+"'; style-src 'self' 'nonce-"+nonce+"'; "+
			"img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		// Pages may show personal data; static files override this.
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil || s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		ctx := webctx.WithNonce(r.Context(), nonce)
		ctx = webctx.WithPath(ctx, r.URL.Path)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// validInput refuses paths and query strings that are not valid UTF-8 or
// hold NUL bytes: PostgreSQL text cannot store them, and no page needs them.
func (s *Server) validInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad := !utf8.ValidString(r.URL.Path) || strings.ContainsRune(r.URL.Path, 0)
		for k, vs := range r.URL.Query() {
			bad = bad || !utf8.ValidString(k)
			for _, v := range vs {
				bad = bad || !utf8.ValidString(v) || strings.ContainsRune(v, 0)
			}
		}
		if bad {
			s.renderError(w, r, errBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errBadRequest = &statusError{http.StatusBadRequest, "Nieprawidłowe żądanie", "Adres strony zawiera niedozwolone znaki."}

// limitInFlight lets at most s.inFlight requests be worked on at once; the
// others wait their turn (up to inFlightWait, then 503). Under a burst the
// server then works through a queue instead of starting every request at
// once, which keeps memory bounded (GOMEMLIMIT) and latency fair.
//
// Health checks and static files never wait: a liveness probe must not fail
// because the application is busy.
func (s *Server) limitInFlight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		t := time.NewTimer(inFlightWait)
		defer t.Stop()
		select {
		case s.inFlight <- struct{}{}:
		case <-r.Context().Done():
			return // the client is gone
		case <-t.C:
			s.log.WarnContext(r.Context(), "too many requests in flight", "request_id", webctx.RequestID(r.Context()), "path", r.URL.Path)
			w.Header().Set("Retry-After", "1")
			s.errorPage(w, r, http.StatusServiceUnavailable, "Serwer jest chwilowo przeciążony. Spróbuj ponownie za chwilę.")
			return
		}
		defer func() { <-s.inFlight }()
		next.ServeHTTP(w, r)
	})
}

// withSession applies the session stack to every path but static files and
// health checks, which must not touch the database or the session. Reads
// that meet an unreachable database are run again (retryUnavailable).
// The public survey form gets the stack without the session, its user and
// CSRF token: it sets no cookie, and answers the same to everyone
// (surveys_public.go has its own abuse control).
func (s *Server) withSession(next http.Handler) http.Handler {
	stack := s.retryUnavailable(s.validInput(s.limitBody(s.crossOrigin(s.sessions.LoadAndSave(s.loadUser(s.checkCSRF(next)))))))
	public := s.retryUnavailable(s.validInput(s.limitBody(s.crossOrigin(next))))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}
		if publicSurveyPath(p) {
			public.ServeHTTP(w, r)
			return
		}
		// The session store remembers what it read, to leave an unchanged
		// session alone when scs commits it after the request.
		stack.ServeHTTP(w, r.WithContext(store.WithSessionMemo(r.Context())))
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.bodyLimit(r))
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin rejects state-changing requests from other origins (Fetch
// metadata and Origin checks of net/http).
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, domain.Errorf(domain.EFORBIDDEN, "Żądanie pochodzi z innej witryny i zostało odrzucone."))
	}))
	return cop.Handler(next)
}

const maxUploadBody = 21 << 20

const (
	sessUserID      = "user_id"
	sessVersion     = "session_version"
	sessCSRF        = "csrf"
	sessFlash       = "flash"
	sessFlashAnchor = "flash_anchor"
)

// loadUser resolves the session's user. A session of an account that was
// deactivated, changed or (outside demo mode) is a demo account ends here.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionKey, true)
		var anonymous string
		ctx = webctx.WithCSRF(ctx, func() string {
			if webctx.User(ctx) == nil && s.sessions.GetString(ctx, sessCSRF) == "" {
				return s.anonymousCSRF(w, r, &anonymous)
			}
			return s.csrfToken(ctx)
		})
		if id := s.sessions.GetInt64(ctx, sessUserID); id != 0 {
			u, err := s.store.User(ctx, id)
			switch {
			case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
				s.serverError(w, r, err)
				return
			case err != nil || !u.Active || u.SessionVersion != s.sessions.GetInt(ctx, sessVersion) || (u.Demo && !s.cfg.Demo):
				if err := s.sessions.Destroy(ctx); err != nil {
					s.serverError(w, r, err)
					return
				}
			default:
				ctx = webctx.WithUser(ctx, u)
				if info, ok := ctx.Value(infoKey).(*reqInfo); ok {
					info.userID = u.ID
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) csrfToken(ctx context.Context) string {
	t := s.sessions.GetString(ctx, sessCSRF)
	if t == "" {
		t = randomString(32)
		s.sessions.Put(ctx, sessCSRF, t)
	}
	return t
}

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF requires the session's token (for a browser not signed in, the
// signed token cookie's: anonymousCSRF) on every state-changing request,
// as the form field csrf_token or the header X-CSRF-Token (htmx). It also
// parses the form once, turning a broken or oversized body into a page.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isSafeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if err := parseForm(r); err != nil {
			s.renderError(w, r, err)
			return
		}
		// net/http removes the temporary files of the request it made, not
		// of this copy: remove uploaded parts here, whatever happens next.
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		want := s.sessions.GetString(r.Context(), sessCSRF)
		got := r.PostForm.Get("csrf_token")
		if got == "" {
			got = r.Header.Get("X-CSRF-Token")
		}
		// Without a signed-in session (signing in) the token is the signed
		// cookie's (double submit), which keeps anonymous pages sessionless.
		anonymousOK := webctx.User(r.Context()) == nil && s.anonymousCSRFMatches(r, got)
		if !anonymousOK && (want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1) {
			s.renderError(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errCSRF = &domain.Error{Code: domain.EFORBIDDEN, Message: "Formularz wygasł albo nie pochodzi z tej aplikacji. Odśwież stronę i spróbuj ponownie."}

// errBadForm and errTooLarge are the statuses of broken request bodies.
type statusError struct {
	status  int
	title   string
	message string
}

func (e *statusError) Error() string { return e.message }

var (
	errBadForm  = &statusError{http.StatusBadRequest, "Nieprawidłowe dane", "Przesłany formularz jest uszkodzony lub zawiera niedozwolone znaki. Wróć, popraw dane i spróbuj ponownie."}
	errTooLarge = &statusError{http.StatusRequestEntityTooLarge, "Za dużo danych", "Przesłane dane są zbyt duże."}
)

// parseForm parses the body and refuses values that are not valid UTF-8 or
// hold NUL bytes (PostgreSQL text cannot store them).
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(4 << 20) // #nosec G120 -- the body is already capped by limitBody (http.MaxBytesReader, maxUploadBody); 4 MiB in memory, the rest in a temporary file
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return errBadForm
	}
	for k, vs := range r.Form {
		if !utf8.ValidString(k) {
			return errBadForm
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return errBadForm
			}
		}
	}
	return nil
}

// require lets through users who have permission p; anonymous users are
// sent to sign in, others get 403 (and the refusal is audited).
func (s *Server) require(p domain.Permission) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return s.handle(func(w http.ResponseWriter, r *http.Request) error {
			u := webctx.User(r.Context())
			if u == nil {
				return errSignIn
			}
			if !u.Can(p) {
				return s.forbidden(r)
			}
			next.ServeHTTP(w, r)
			return nil
		})
	}
}

var errSignIn = domain.Errorf(domain.EUNAUTHORIZED, "Zaloguj się, aby kontynuować.")

// forbidden records a permission refusal and returns the 403 error.
func (s *Server) forbidden(r *http.Request) error {
	u := webctx.User(r.Context())
	if err := s.store.RecordRefusal(r.Context(), domain.ActorOf(u, s.clientAddr(r)), r.Method+" "+r.URL.EscapedPath()); err != nil {
		return err
	}
	return domain.Errorf(domain.EFORBIDDEN, "Nie masz uprawnień do tej strony lub czynności.")
}

// clientAddr is the client's address: the connection's peer, or behind a
// trusted reverse proxy the nearest untrusted hop of X-Forwarded-For (read
// from the right, as only the proxies' own additions can be believed).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

func (s *Server) sessionLoaded(ctx context.Context) bool {
	ok, _ := ctx.Value(sessionKey).(bool)
	return ok
}
