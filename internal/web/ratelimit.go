package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Abuse control of the public forms (the survey form, the requests for
// accessibility) without tracking people: a token bucket per client
// address, held only in this process's memory and keyed by a hash of the
// address with a secret made at start (never stored), so the buckets name
// no address; a bucket is forgotten once it is full again. Nothing of it
// reaches the database or the log. Behind several instances each counts
// its own: a brake on floods, not an exact quota. The sign-in throttle
// (throttle.go, store.BeginLoginAttempt) is another matter: it must hold
// across instances and keeps its records in the database.
const (
	// surveyBurst answers may come at once from one address (a shared
	// office network, a tablet at the counter), then one per surveyEvery.
	surveyBurst = 30
	surveyEvery = 6 * time.Second
	// maxBuckets bounds the memory; past it, new addresses share one
	// bucket until full ones are forgotten.
	maxBuckets = 100_000
)

type bucketKey [16]byte

type bucket struct {
	tokens float64
	at     time.Time
}

// addressLimit lets each client address do something burst times at once,
// then once per every (the zero value: the survey form's limit).
type addressLimit struct {
	once    sync.Once
	mu      sync.Mutex
	secret  []byte
	burst   int
	every   time.Duration
	buckets map[bucketKey]*bucket
	swept   time.Time
	// clock replaces the server's clock in tests (export_test.go).
	clock atomic.Pointer[func() time.Time]
}

func (g *addressLimit) init() {
	g.once.Do(func() {
		g.secret = make([]byte, 32)
		_, _ = rand.Read(g.secret)
		g.buckets = map[bucketKey]*bucket{}
		if g.burst == 0 {
			g.burst, g.every = surveyBurst, surveyEvery
		}
	})
}

// surveyNow is the time the public form goes by: the server's clock.
func (s *Server) surveyNow() time.Time {
	if c := s.survey.clock.Load(); c != nil {
		return (*c)()
	}
	return s.now()
}

// addressKey is the bucket of an address: an IPv6 address by its /64 (one
// household or device may hold the whole prefix), hashed with the secret.
func (g *addressLimit) addressKey(addr string) bucketKey {
	if a, err := netip.ParseAddr(addr); err == nil {
		a = a.Unmap()
		if a.Is6() {
			p, _ := a.Prefix(64)
			addr = p.String()
		} else {
			addr = a.String()
		}
	}
	h := hmac.New(sha256.New, g.secret)
	h.Write([]byte(addr))
	var k bucketKey
	copy(k[:], h.Sum(nil))
	return k
}

// allow takes one token from addr's bucket at now; false: the address has
// sent too many, and wait is when the next one comes back.
func (g *addressLimit) allow(addr string, now time.Time) (ok bool, wait time.Duration) {
	g.init()
	k := g.addressKey(addr)
	g.mu.Lock()
	defer g.mu.Unlock()
	full := time.Duration(g.burst) * g.every
	// Forget full buckets once a minute (once a second while the map is at
	// its bound, never on every request: that would be a cost to flood).
	if since := now.Sub(g.swept); since > time.Minute || len(g.buckets) >= maxBuckets && since > time.Second {
		for key, b := range g.buckets {
			if now.Sub(b.at) >= full {
				delete(g.buckets, key)
			}
		}
		g.swept = now
	}
	b := g.buckets[k]
	if b == nil {
		if len(g.buckets) >= maxBuckets {
			k = bucketKey{} // the shared overflow bucket
			b = g.buckets[k]
		}
		if b == nil {
			b = &bucket{tokens: float64(g.burst), at: now}
			g.buckets[k] = b
		}
	}
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(float64(g.burst), b.tokens+float64(d)/float64(g.every))
		b.at = now
	}
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(g.every))
	}
	b.tokens--
	return true, 0
}
