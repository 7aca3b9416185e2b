package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"kaizen/internal/webctx"
)

// Request bodies are read before a request takes a work slot
// (limitInFlight): a client that sends its body slowly then holds only a
// body reader, of which one address may have bodiesPerAddress at once (more
// wait up to bodyWait, then 429), and all addresses together bodiesTotal,
// never the slots signed-in users' pages need.
const (
	bodiesPerAddress = 8
	bodiesTotal      = 256
	bodyWait         = 5 * time.Second
	// bodyReadTimeout is how long a request may take to send its body.
	bodyReadTimeout = 60 * time.Second
	// bodyInMemory is how much of a body is kept in memory; the rest of a
	// larger one (an upload) goes to a temporary file.
	bodyInMemory = 1 << 20
)

// bodyReaders holds the bodies being read, per client address.
type bodyReaders struct {
	mu    sync.Mutex
	addrs map[string]*addrBodies
	total chan struct{}
}

type addrBodies struct {
	slots chan struct{}
	users int // requests holding or waiting for a slot
}

// acquire takes a body reader for addr, waiting up to bodyWait while addr
// has bodiesPerAddress; it reports false (and whether addr's own limit was
// the reason) when none came free.
func (b *bodyReaders) acquire(ctx context.Context, addr string) (ok, perAddress bool) {
	b.mu.Lock()
	if b.addrs == nil {
		b.addrs = map[string]*addrBodies{}
		b.total = make(chan struct{}, bodiesTotal)
	}
	a := b.addrs[addr]
	if a == nil {
		a = &addrBodies{slots: make(chan struct{}, bodiesPerAddress)}
		b.addrs[addr] = a
	}
	a.users++
	b.mu.Unlock()
	t := time.NewTimer(bodyWait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
	case <-t.C:
		b.leave(addr, a)
		return false, true
	case <-ctx.Done():
		b.leave(addr, a)
		return false, true
	}
	select {
	case b.total <- struct{}{}:
		return true, false
	default:
		<-a.slots
		b.leave(addr, a)
		return false, false
	}
}

// release gives back addr's body reader.
func (b *bodyReaders) release(addr string) {
	b.mu.Lock()
	a := b.addrs[addr]
	b.mu.Unlock()
	<-b.total
	<-a.slots
	b.leave(addr, a)
}

func (b *bodyReaders) leave(addr string, a *addrBodies) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if a.users--; a.users == 0 {
		delete(b.addrs, addr)
	}
}

// bodyLimit is the largest body a request may send.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if publicSurveyPath(r.URL.Path) {
		return maxSurveyBody // a survey's answers, from anyone
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return maxUploadBody // a 20 MB scan and its form fields
	}
	return s.cfg.MaxBodyBytes
}

// readBodyFirst reads a request's whole body, within bodyReadTimeout and
// bodyLimit, before the request goes on to wait for a work slot.
func (s *Server) readBodyFirst(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if r.Body == nil || r.Body == http.NoBody || isSafeMethod(r.Method) || strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}
		addr := s.clientAddr(r)
		if ok, perAddress := s.bodies.acquire(r.Context(), addr); !ok {
			s.log.WarnContext(r.Context(), "too many request bodies being read", "request_id", webctx.RequestID(r.Context()), "per_address", perAddress)
			w.Header().Set("Retry-After", "5")
			w.Header().Set("Connection", "close")
			if perAddress {
				s.errorPage(w, r, http.StatusTooManyRequests, "Z Twojego adresu trwa zbyt wiele jednoczesnych przesyłań. Spróbuj ponownie za chwilę.")
			} else {
				s.errorPage(w, r, http.StatusServiceUnavailable, "Serwer jest chwilowo przeciążony. Spróbuj ponownie za chwilę.")
			}
			return
		}
		rc := http.NewResponseController(w)
		// Where the connection cannot take a deadline (ErrNotSupported), the
		// server's ReadTimeout still bounds the body.
		_ = rc.SetReadDeadline(time.Now().Add(bodyReadTimeout))
		body, cleanup, err := spool(http.MaxBytesReader(w, r.Body, s.bodyLimit(r)))
		s.bodies.release(addr)
		_ = rc.SetReadDeadline(time.Time{})
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, errTooLarge.message)
			case r.Context().Err() != nil:
				// the client is gone
			default:
				w.Header().Set("Connection", "close")
				s.errorPage(w, r, http.StatusRequestTimeout, "Przesyłanie danych trwało zbyt długo albo zostało przerwane. Spróbuj ponownie.")
			}
			return
		}
		defer cleanup()
		r.Body = body
		next.ServeHTTP(w, r)
	})
}

// spool reads body into memory, or past bodyInMemory into a temporary
// file, and returns a reader of it and the function that removes the file.
func spool(body io.ReadCloser) (io.ReadCloser, func(), error) {
	defer body.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(body, bodyInMemory+1))
	if err != nil {
		return nil, nil, err
	}
	if n <= bodyInMemory {
		return io.NopCloser(&buf), func() {}, nil
	}
	f, err := os.CreateTemp("", "kaizen-body-*")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { _ = f.Close(); _ = os.Remove(f.Name()) }
	if _, err := io.Copy(f, io.MultiReader(&buf, body)); err != nil {
		cleanup()
		return nil, nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, nil, err
	}
	return io.NopCloser(f), cleanup, nil
}
