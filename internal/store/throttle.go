package store

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// BeginLoginAttempt checks the sign-in throttle (domain.LoginAttempt, the
// rules at domain.FailuresPerUsername) and, when the attempt may go on,
// counts it as a failure at once (RecordLogin removes it on success). Both
// happen under advisory locks on the username and the address, so parallel
// attempts cannot all pass the check. It returns the attempt's id, or the
// time until which the attempt is refused.
func (s *Store) BeginLoginAttempt(ctx context.Context, a domain.LoginAttempt) (attempt int64, until time.Time, err error) {
	defer wrap(&err, "store.BeginLoginAttempt()")
	now := s.Now()
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('login-user:' || $1)), pg_advisory_xact_lock(hashtext('login-addr:' || $2))`,
			a.Username, a.Address); err != nil {
			return err
		}
		device, u, err := throttledUntil(ctx, tx, now, a)
		if err != nil || !u.IsZero() {
			until = u
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO login_failures (username, address, device, at) VALUES ($1, $2, $3, $4) RETURNING id`,
			a.Username, a.Address, device, now).Scan(&attempt); err != nil {
			return err
		}
		// Failures older than a day no longer matter to any window.
		_, err = tx.Exec(ctx, `DELETE FROM login_failures WHERE at < $1`, now.Add(-24*time.Hour))
		return err
	})
	return attempt, until, err
}

// ThrottledUntil reports until when the attempt would be refused (zero
// time when it would not).
func (s *Store) ThrottledUntil(ctx context.Context, a domain.LoginAttempt) (_ time.Time, err error) {
	defer wrap(&err, "store.ThrottledUntil()")
	_, until, err := throttledUntil(ctx, s.Pool, s.Now(), a)
	return until, err
}

// throttledUntil applies the rules of domain.FailuresPerUsername. It returns
// the device the attempt counts under: a.Device while the device cookie is
// not itself throttled, else "".
func throttledUntil(ctx context.Context, q querier, now time.Time, a domain.LoginAttempt) (string, time.Time, error) {
	since := now.Add(-domain.ThrottleWindow)
	// The n-th newest failure within the window: while it is in the window,
	// the limit is reached; it leaves the window at its time + window.
	nth := func(sql string, n int, args ...any) (time.Time, error) {
		var t *time.Time
		err := q.QueryRow(ctx, sql+` AND at > $1 ORDER BY at DESC OFFSET $2 LIMIT 1`, append([]any{since, n - 1}, args...)...).Scan(&t)
		if errors.Is(err, pgx.ErrNoRows) || t == nil {
			return time.Time{}, nil
		}
		return t.Add(domain.ThrottleWindow), err
	}
	if a.Device != "" {
		u, err := nth(`SELECT at FROM login_failures WHERE username = $3 AND device = $4`, domain.FailuresPerUsername, a.Username, a.Device)
		if err != nil || u.IsZero() {
			return a.Device, time.Time{}, err
		}
		// A device cookie guessed with too often is a browser like any other.
	}
	pair, err := nth(`SELECT at FROM login_failures WHERE username = $3 AND address = $4 AND device = ''`, domain.FailuresPerUsername, a.Username, a.Address)
	if err != nil {
		return "", time.Time{}, err
	}
	addr, err := nth(`SELECT at FROM login_failures WHERE address = $3 AND device = ''`, domain.FailuresPerAddress, a.Address)
	if err != nil {
		return "", time.Time{}, err
	}
	// The slowdown per username: a delay after the newest failure.
	var n int
	var last *time.Time
	if err := q.QueryRow(ctx, `SELECT count(*), max(at) FROM login_failures WHERE username = $1 AND device = '' AND at > $2`,
		a.Username, since).Scan(&n, &last); err != nil {
		return "", time.Time{}, err
	}
	var slow time.Time
	if n >= domain.FailuresPerUsername && last != nil {
		slow = last.Add(UsernameDelay(n))
	}
	until := latest(pair, addr, slow)
	if !until.After(now) {
		return "", time.Time{}, nil
	}
	return "", until, nil
}

// UsernameDelay is the wait after the newest of n failures for a username
// from browsers without its device cookie.
func UsernameDelay(n int) time.Duration {
	d := domain.UsernameDelayBase
	for i := domain.FailuresPerUsername; i < n && d < domain.UsernameDelayMax; i++ {
		d *= 2
	}
	return min(d, domain.UsernameDelayMax)
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// AuthKey returns the signing key called name, made on first use and
// shared by every instance of the application.
func (s *Store) AuthKey(ctx context.Context, name string) (_ []byte, err error) {
	defer wrap(&err, "store.AuthKey(%s)", name)
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var key []byte
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO auth_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT key FROM auth_keys WHERE name = $1`, name).Scan(&key)
	})
	return key, err
}
