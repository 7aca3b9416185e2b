package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func TestSignInSessions(t *testing.T) {
	t.Parallel()
	st := testdb.Store(t)
	ss := st.SignInSessions()
	ctx := context.Background()
	if err := ss.CommitCtx(ctx, "live", []byte("a"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The table holds the token's SHA-256, never the token.
	var raw, hashed int
	if err := st.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE token = 'live'), count(*) FILTER (WHERE token = encode(sha256('live'), 'hex')) FROM sessions`).Scan(&raw, &hashed); err != nil || raw != 0 || hashed != 1 {
		t.Fatalf("raw tokens %d, hashed %d, %v", raw, hashed, err)
	}
	if err := ss.CommitCtx(ctx, "live", []byte("b"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := ss.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if b, ok, err := ss.FindCtx(ctx, "live"); err != nil || !ok || string(b) != "b" {
		t.Fatalf("Find(live) = %q, %v, %v", b, ok, err)
	}
	if _, ok, err := ss.FindCtx(ctx, "old"); err != nil || ok {
		t.Fatalf("expired session found: %v, %v", ok, err)
	}
	if n, err := ss.DeleteExpired(ctx); err != nil || n != 1 {
		t.Fatalf("DeleteExpired = %d, %v", n, err)
	}
	if err := ss.DeleteCtx(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ss.FindCtx(ctx, "live"); ok {
		t.Fatal("deleted session found")
	}
}

// An unchanged session read in the same request is not written again until
// SessionRenewEvery has passed; a change, or no memo, always writes.
func TestSignInSessionsUnchangedNotRewritten(t *testing.T) {
	t.Parallel()
	st := testdb.Store(t)
	ss := st.SignInSessions()
	ctx := context.Background()
	base := time.Now().Add(time.Hour).Truncate(time.Second)
	if err := ss.CommitCtx(ctx, "memo", []byte("a"), base); err != nil {
		t.Fatal(err)
	}
	expiry := func() time.Time {
		var e time.Time
		if err := st.Pool.QueryRow(ctx, `SELECT expiry FROM sessions WHERE token = encode(sha256('memo'), 'hex')`).Scan(&e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	request := func(data string, next time.Time) {
		t.Helper()
		rctx := store.WithSessionMemo(ctx)
		if _, ok, err := ss.FindCtx(rctx, "memo"); err != nil || !ok {
			t.Fatalf("find: %v %v", ok, err)
		}
		if err := ss.CommitCtx(rctx, "memo", []byte(data), next); err != nil {
			t.Fatal(err)
		}
	}
	request("a", base.Add(30*time.Second))
	if e := expiry(); !e.Equal(base) {
		t.Fatalf("unchanged session rewritten: expiry %v, want %v", e, base)
	}
	request("a", base.Add(store.SessionRenewEvery+time.Second))
	if e := expiry(); !e.Equal(base.Add(store.SessionRenewEvery + time.Second)) {
		t.Fatalf("due renewal not written: expiry %v", e)
	}
	later := base.Add(store.SessionRenewEvery + 2*time.Second)
	request("b", later)
	if b, _, _ := ss.FindCtx(ctx, "memo"); string(b) != "b" || !expiry().Equal(later) {
		t.Fatalf("changed session not written: %q %v", b, expiry())
	}
	// No memo (a commit outside a request's read): always written.
	last := later.Add(time.Second)
	if err := ss.CommitCtx(ctx, "memo", []byte("b"), last); err != nil || !expiry().Equal(last) {
		t.Fatalf("commit without memo not written: %v %v", expiry(), err)
	}
	// A memo of another session does not hold back this one's write.
	rctx := store.WithSessionMemo(ctx)
	if _, _, err := ss.FindCtx(rctx, "memo"); err != nil {
		t.Fatal(err)
	}
	if err := ss.CommitCtx(rctx, "other", []byte("b"), last); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ss.FindCtx(ctx, "other"); !ok {
		t.Fatal("another session's commit was skipped")
	}
}
