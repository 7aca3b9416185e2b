package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// addressLimit lets each client address do something at most a number of
// times per window (public forms: the requests for accessibility). It
// counts in this process's memory only and keeps no address: the keys are
// HMAC digests under a key made at first use and forgotten with the
// process. Behind several instances each counts its own; the limit is a
// brake on floods, not an exact quota. The sign-in throttle (throttle.go,
// store.BeginLoginAttempt) is another matter: it must hold across
// instances and keeps its records in the database.
type addressLimit struct {
	mu   sync.Mutex
	key  []byte
	seen map[string][]time.Time
}

// take records one event of addr at now and reports true when fewer than
// n events of addr fell within window before it; otherwise it records
// nothing and returns when the oldest of them leaves the window.
func (l *addressLimit) take(addr string, now time.Time, n int, window time.Duration) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.key == nil {
		l.key = make([]byte, 32)
		_, _ = rand.Read(l.key) // never fails (crypto/rand)
		l.seen = map[string][]time.Time{}
	}
	h := hmac.New(sha256.New, l.key)
	h.Write([]byte(addr))
	k := hex.EncodeToString(h.Sum(nil))
	since := now.Add(-window)
	// Forget what left the window, of every address (the map stays as
	// small as the last window's traffic).
	for key, ts := range l.seen {
		kept := ts[:0]
		for _, t := range ts {
			if t.After(since) {
				kept = append(kept, t)
			}
		}
		if len(kept) == 0 {
			delete(l.seen, key)
		} else {
			l.seen[key] = kept
		}
	}
	if ts := l.seen[k]; len(ts) >= n {
		return false, ts[0].Add(window)
	}
	l.seen[k] = append(l.seen[k], now)
	return true, time.Time{}
}
