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

// FindCtx returns the data of an unexpired session.
func (ss *SignInSessions) FindCtx(ctx context.Context, token string) (_ []byte, _ bool, err error) {
	defer wrap(&err, "store.SignInSessions.FindCtx()")
	var b []byte
	err = ss.s.Pool.QueryRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > now()`, tokenKey(token)).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// CommitCtx saves a session.
func (ss *SignInSessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) (err error) {
	defer wrap(&err, "store.SignInSessions.CommitCtx()")
	_, err = ss.s.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`, tokenKey(token), b, expiry)
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
