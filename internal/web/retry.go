package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/store"
	"kaizen/internal/webctx"
)

// Reads are retried while the database is unreachable (restart, killed
// connections): first after retryFirstDelay, each wait twice the previous
// up to retryMaxDelay (so a read notices the database is back within that
// much), the last attempt Server.retryBudget after the request's arrival.
const (
	retryFirstDelay = 50 * time.Millisecond
	retryMaxDelay   = 250 * time.Millisecond
	// defaultRetryBudget covers a PostgreSQL restart, which takes seconds
	// (a fast shutdown writes a checkpoint, an immediate one has the WAL
	// replayed at start; 2–5 s on a small machine under load), and then
	// working off the reads that queued meanwhile. It stays well below
	// the usual proxy timeouts (30–60 s) and the server's WriteTimeout.
	defaultRetryBudget = 10 * time.Second
	// maxBuffered is the most of an answer held back for a possible retry;
	// a bigger one (a file download) goes out as it is written and its
	// request is not retried after that.
	maxBuffered = 1 << 20
)

// Messages of a 503: a read that could not be answered in time, and a write
// that certainly was not committed, or may have been.
const (
	msgReadUnavailable = "Baza danych jest chwilowo niedostępna. Spróbuj ponownie za chwilę."
	msgNotSaved        = "Baza danych jest chwilowo niedostępna. Twoje zmiany nie zostały zapisane — spróbuj ponownie za chwilę."
	msgMaybeSaved      = "Połączenie z bazą danych zostało przerwane. Zmiany mogły nie zostać zapisane — sprawdź, czy są widoczne, zanim spróbujesz ponownie."
)

// attempt is one run of a request's handlers, shared (through the context)
// by retryUnavailable, handle and serverError.
type attempt struct {
	// retryable: a safe request whose answer is still held back, so
	// serverError records an unavailable database in err instead of
	// answering, and the attempt is run again.
	retryable bool
	err       error
	// commits of a write request's transactions: whether its changes may
	// have been saved when the database became unreachable.
	commits *store.Commits
}

func attemptOf(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey).(*attempt)
	return a
}

// retryUnavailable runs safe requests (GET, HEAD) again when they failed
// because the database was unreachable: the answer is held back in a
// buffer, and an attempt that stopped at such an error is thrown away,
// session cookie and all. It wraps the session stack, since loading the
// session is the first query to meet a dead connection. Other requests run
// once; serverError answers their database outage with 503.
//
// A retried read repeats what it wrote along the way: only audit entries of
// refusals and personal-data exports, which may then appear twice.
func (s *Server) retryUnavailable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			cctx, commits := store.WatchCommits(ctx)
			next.ServeHTTP(w, r.WithContext(context.WithValue(cctx, attemptKey, &attempt{commits: commits})))
			return
		}
		deadline := time.Now().Add(s.retryBudget)
		delay := retryFirstDelay
		routes := chi.RouteContext(ctx)
		for n := 1; ; n++ {
			a := &attempt{retryable: true}
			actx := context.WithValue(ctx, attemptKey, a)
			if routes != nil {
				actx = context.WithValue(actx, chi.RouteCtxKey, freshRoutes(routes))
			}
			bw := &bufferedWriter{w: w, a: a, header: w.Header().Clone()}
			next.ServeHTTP(bw, r.WithContext(actx))
			if a.err == nil {
				bw.flush()
				return
			}
			bw.discard()
			if ctx.Err() != nil {
				return // the client is gone
			}
			left := time.Until(deadline)
			if left <= 0 {
				s.log.LogAttrs(ctx, slog.LevelError, "database unavailable: read not retried any more",
					slog.String("request_id", webctx.RequestID(ctx)), slog.String("path", r.URL.Path),
					slog.Int("attempts", n), slog.Any("error", a.err))
				s.unavailablePage(w, r, msgReadUnavailable)
				return
			}
			wait := min(delay, left)
			s.log.LogAttrs(ctx, slog.LevelWarn, "database unavailable: retrying the read",
				slog.String("request_id", webctx.RequestID(ctx)), slog.String("path", r.URL.Path),
				slog.Int("attempt", n), slog.Duration("wait", wait), slog.Any("error", a.err))
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			delay = min(2*delay, retryMaxDelay)
		}
	})
}

// freshRoutes is a copy of the router's context as it was before routing,
// so a retried attempt is routed from scratch (routing appends to it).
func freshRoutes(rc *chi.Context) *chi.Context {
	c := *rc
	c.URLParams.Keys = slices.Clone(rc.URLParams.Keys)
	c.URLParams.Values = slices.Clone(rc.URLParams.Values)
	c.RoutePatterns = slices.Clone(rc.RoutePatterns)
	return &c
}

// unavailable answers a database outage: recorded for a retry when the
// request is a buffered read, otherwise 503 with what happened to the
// user's changes.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	a := attemptOf(r.Context())
	if a != nil && a.retryable {
		if a.err == nil {
			a.err = err
		}
		return
	}
	msg := msgReadUnavailable
	if !isSafeMethod(r.Method) {
		msg = msgNotSaved
		// Every change is made in a transaction (store.InTx): unless one
		// committed, or its COMMIT went out unanswered, nothing was saved.
		if a == nil || a.commits == nil || a.commits.Maybe() {
			msg = msgMaybeSaved
		}
	}
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "database unavailable",
		slog.String("request_id", webctx.RequestID(r.Context())), slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Bool("changes_not_saved", msg == msgNotSaved), slog.Any("error", err))
	s.unavailablePage(w, r, msg)
}

func (s *Server) unavailablePage(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("Retry-After", "1")
	s.errorPage(w, r, http.StatusServiceUnavailable, msg)
}

// bufferedWriter holds an attempt's answer back until the attempt is known
// to stand; past maxBuffered it lets the answer out and the attempt can no
// longer be retried.
type bufferedWriter struct {
	w      http.ResponseWriter
	a      *attempt
	header http.Header
	status int
	buf    *bytes.Buffer // from the pool (buffers.go), taken at the first write
	direct bool
}

func (b *bufferedWriter) Header() http.Header {
	if b.direct {
		return b.w.Header()
	}
	return b.header
}

func (b *bufferedWriter) WriteHeader(code int) {
	switch {
	case b.direct:
		b.w.WriteHeader(code)
	case b.status == 0 && code >= 200:
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.a.err != nil {
		return len(p), nil // the attempt is thrown away
	}
	if b.direct {
		return b.w.Write(p)
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	if b.buf == nil {
		b.buf = getBuffer()
	}
	if b.buf.Len()+len(p) > maxBuffered {
		b.flush()
		return b.w.Write(p)
	}
	return b.buf.Write(p)
}

// flush sends the held-back header and body and lets the rest through.
func (b *bufferedWriter) flush() {
	if b.direct {
		return
	}
	b.direct = true
	b.a.retryable = false
	h := b.w.Header()
	clear(h)
	for k, v := range b.header {
		h[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.w.WriteHeader(b.status)
	if b.buf != nil && b.buf.Len() > 0 {
		_, _ = b.w.Write(b.buf.Bytes()) // #nosec G705 -- replays the response our own handlers wrote (templ-escaped pages), held back for a retry
	}
	b.discard()
}

// discard gives the held-back body's buffer back to the pool (once it is
// written out, or its attempt thrown away).
func (b *bufferedWriter) discard() {
	putBuffer(b.buf)
	b.buf = nil
}

func (b *bufferedWriter) Unwrap() http.ResponseWriter { return b.w }
