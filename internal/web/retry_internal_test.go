package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/store"
)

// retryServer routes GET and POST /x/{id} to h behind retryUnavailable,
// as Handler does (inside the router, outside the handlers).
func retryServer(h handlerFunc) http.Handler {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now, retryBudget: testRetryBudget}
	r := chi.NewRouter()
	r.Use(s.retryUnavailable)
	r.Get("/x/{id}", s.handle(h))
	r.Post("/x/{id}", s.handle(h))
	return r
}

const testRetryBudget = 2 * time.Second

var errShutdown = &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}

func TestRetryUnavailable(t *testing.T) {
	t.Run("ReadRetriedUntilItSucceeds", func(t *testing.T) {
		calls := 0
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			calls++
			w.Header().Set("X-Attempt", chi.URLParam(r, "id"))
			_, _ = io.WriteString(w, "partial answer of attempt ")
			if calls <= 2 {
				return errShutdown
			}
			_, _ = io.WriteString(w, "ok")
			return nil
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x/7", nil))
		if rec.Code != http.StatusOK || calls != 3 {
			t.Fatalf("status %d after %d calls, want 200 after 3", rec.Code, calls)
		}
		if got := rec.Body.String(); got != "partial answer of attempt ok" {
			t.Errorf("body %q: the failed attempts' output must be thrown away", got)
		}
		if got := rec.Header().Values("X-Attempt"); len(got) != 1 || got[0] != "7" {
			t.Errorf("X-Attempt %q: want the URL parameter once", got)
		}
	})
	t.Run("OtherErrorIsNotRetried", func(t *testing.T) {
		calls := 0
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			calls++
			return &pgconn.PgError{Code: "42P01", Message: "relation does not exist"}
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x/1", nil))
		if rec.Code != http.StatusInternalServerError || calls != 1 {
			t.Fatalf("status %d after %d calls, want 500 after 1", rec.Code, calls)
		}
	})
	t.Run("WriteAnswers503NotSaved", func(t *testing.T) {
		calls := 0
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			calls++
			return &pgconn.ConnectError{Config: &pgconn.Config{}}
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/x/1", nil))
		if rec.Code != http.StatusServiceUnavailable || calls != 1 {
			t.Fatalf("status %d after %d calls, want 503 after 1", rec.Code, calls)
		}
		if !strings.Contains(rec.Body.String(), "Twoje zmiany nie zostały zapisane") {
			t.Errorf("body lacks the not-saved message:\n%s", rec.Body.String())
		}
		if rec.Header().Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
	t.Run("WriteLostBeforeCommitNotSaved", func(t *testing.T) {
		// The connection died inside the transaction: it never committed.
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			return &pgconn.PgError{Code: "57P02", Message: "terminating connection because of crash of another server process"}
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/x/1", nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Twoje zmiany nie zostały zapisane") {
			t.Fatalf("status %d, body:\n%s", rec.Code, rec.Body.String())
		}
	})
	t.Run("WriteLostAfterCommitMayBeSaved", func(t *testing.T) {
		// A transaction committed (or its COMMIT went out unanswered),
		// then the database went away: the changes may be saved.
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			store.NoteCommit(r.Context())
			return &pgconn.PgError{Code: "57P02", Message: "terminating connection because of crash of another server process"}
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/x/1", nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Zmiany mogły nie zostać zapisane") {
			t.Fatalf("status %d, body:\n%s", rec.Code, rec.Body.String())
		}
	})
	t.Run("ReadGivesUpAfterTheBudget", func(t *testing.T) {
		calls := 0
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			calls++
			return errShutdown
		})
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x/1", nil))
		took := time.Since(start)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "chwilowo niedostępna") {
			t.Fatalf("status %d, body:\n%s", rec.Code, rec.Body.String())
		}
		if took < testRetryBudget || took > testRetryBudget+time.Second || calls < 8 {
			t.Errorf("gave up after %s and %d calls, want about %s and a call at least every %s", took, calls, testRetryBudget, retryMaxDelay)
		}
	})
	t.Run("BigAnswerGoesOutAndIsNotRetried", func(t *testing.T) {
		calls := 0
		big := strings.Repeat("x", maxBuffered+1)
		h := retryServer(func(w http.ResponseWriter, r *http.Request) error {
			calls++
			_, _ = io.WriteString(w, big)
			return errShutdown
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x/1", nil))
		if calls != 1 || rec.Body.Len() < len(big) {
			t.Fatalf("%d calls, %d bytes: a streamed answer cannot be taken back", calls, rec.Body.Len())
		}
	})
}

func TestLimitInFlight(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now, inFlight: make(chan struct{}, 2)}
	var running, most atomic.Int32
	release := make(chan struct{})
	h := s.limitInFlight(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		running.Add(-1)
	}))
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if got := running.Load(); got != 2 {
		t.Errorf("%d requests running at once, want the limit 2", got)
	}
	close(release)
	wg.Wait()
	if most.Load() != 2 {
		t.Errorf("at most %d ran at once, want 2", most.Load())
	}
	// A client that gives up while waiting leaves the queue.
	s.inFlight <- struct{}{}
	s.inFlight <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx))
		close(done)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a cancelled request kept waiting for its turn")
	}
}

// A page whose client went away, or an error page that fails to render,
// ends at once: the error page is not rendered again and again (that once
// recursed until the stack took gigabytes).
func TestRenderEndsWhenTheClientIsGone(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		s.serverError(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx), context.Canceled)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("rendering for a cancelled request did not end")
	}
	failing := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error { return io.ErrUnexpectedEOF })
	rec = httptest.NewRecorder()
	s.render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusInternalServerError, failing)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "nieoczekiwany błąd") {
		t.Fatalf("failing error page: %d %q", rec.Code, rec.Body.String())
	}
}
