package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// SignInSessions keeps the sign-in sessions of scs in the sessions table
// (not to be confused with training sessions). It implements scs.CtxStore,
// so queries carry the request's context. The table keys a session by the
// SHA-256 of its token (tokenKey), never by the token the cookie carries.
type SignInSessions struct {
	s *Store
}

// tokenKey is the key a session's row is stored under.
func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SignInSessions returns the sign-in session store on s.
func (s *Store) SignInSessions() *SignInSessions { return &SignInSessions{s: s} }

// SessionRenewEvery is how often, at most, a session that a request did
// not change has its expiry moved on in the table. scs with an idle timeout
// commits the session after every request; writing it each time would make
// every page read a write with its own WAL flush. A session therefore
// expires up to this much earlier than its idle timeout says.
const SessionRenewEvery = time.Minute

// sessionMemo is what FindCtx read in this request, for CommitCtx to see
// whether anything changed.
type sessionMemo struct {
	key    string
	sum    [sha256.Size]byte
	expiry time.Time
}

type sessionMemoKey struct{}

// WithSessionMemo returns a context in which FindCtx remembers the session
// it read, so that CommitCtx in the same request can leave an unchanged
// session alone (SessionRenewEvery). Without it every commit writes.
func WithSessionMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionMemoKey{}, &sessionMemo{})
}

// FindCtx returns the data of an unexpired session.
func (ss *SignInSessions) FindCtx(ctx context.Context, token string) (_ []byte, _ bool, err error) {
	defer wrap(&err, "store.SignInSessions.FindCtx()")
	var b []byte
	var expiry time.Time
	key := tokenKey(token)
	err = ss.s.Pool.QueryRow(ctx, `SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > now()`, key).Scan(&b, &expiry)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if m, ok := ctx.Value(sessionMemoKey{}).(*sessionMemo); ok {
		*m = sessionMemo{key: key, sum: sha256.Sum256(b), expiry: expiry}
	}
	return b, true, nil
}

// CommitCtx saves a session.
func (ss *SignInSessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) (err error) {
	defer wrap(&err, "store.SignInSessions.CommitCtx()")
	key := tokenKey(token)
	if m, ok := ctx.Value(sessionMemoKey{}).(*sessionMemo); ok && m.key == key && m.sum == sha256.Sum256(b) &&
		expiry.Before(m.expiry.Add(SessionRenewEvery)) {
		return nil // read in this request, unchanged, renewed less than a minute ago
	}
	_, err = ss.s.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`, key, b, expiry)
	return err
}

// DeleteCtx removes a session.
func (ss *SignInSessions) DeleteCtx(ctx context.Context, token string) (err error) {
	defer wrap(&err, "store.SignInSessions.DeleteCtx()")
	_, err = ss.s.Pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, tokenKey(token))
	return err
}

// Find, Commit and Delete complete scs.Store; scs calls the Ctx variants.
func (ss *SignInSessions) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

func (ss *SignInSessions) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

func (ss *SignInSessions) Delete(token string) error {
	return ss.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes expired sessions and returns how many.
func (ss *SignInSessions) DeleteExpired(ctx context.Context) (_ int64, err error) {
	defer wrap(&err, "store.SignInSessions.DeleteExpired()")
	tag, err := ss.s.Pool.Exec(ctx, `DELETE FROM sessions WHERE expiry <= now()`)
	return tag.RowsAffected(), err
}

// CleanUp deletes expired sessions every interval until ctx ends.
func (ss *SignInSessions) CleanUp(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := ss.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				log.Warn("deleting expired sessions", "error", err)
			}
		}
	}
}
