package store_test

import (
	"context"
	"testing"
	"time"

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
