package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/auth"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// oldDemoHash is the demo password hashed with the parameters used before
// auth.DefaultParams took 9 MiB (19 MiB, 2 passes), made once for this test.
const oldDemoHash = "$argon2id$v=19$m=19456,t=2,p=1$MT6bLLOUACl/xWxKL1rPPA$/QgJFIRbRjsf13nfLHfNLWHsZ4vzWehboeV1mdNFtNA"

// A sign-in with a hash of older parameters stores the password's hash
// with the current ones, once, audited, and the account's sessions go on.
func TestSignInUpgradesOldHash(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	var id int64
	var version int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id, session_version FROM users WHERE username = 'obserwator'`).Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	// A session from before the upgrade.
	earlier := app.LoginAs("obserwator")
	if _, err := app.Store.Pool.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, oldDemoHash); err != nil {
		t.Fatal(err)
	}
	stored := func() (hash string, version int) {
		t.Helper()
		if err := app.Store.Pool.QueryRow(ctx, `SELECT password_hash, session_version FROM users WHERE id = $1`, id).Scan(&hash, &version); err != nil {
			t.Fatal(err)
		}
		return hash, version
	}
	upgrades := func() int {
		t.Helper()
		var n int
		if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action = 'update'
			AND after ? 'password'`, strconv.FormatInt(id, 10)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	app.LoginAs("obserwator")
	upgraded, v := stored()
	if upgraded == oldDemoHash || !strings.HasPrefix(upgraded, "$argon2id$v=19$m=9216,t=4,p=1$") || auth.NeedsRehash(upgraded) {
		t.Fatalf("after the sign-in the stored hash is %q", upgraded)
	}
	if ok, err := auth.Verify(ctx, "demo", upgraded); err != nil || !ok {
		t.Fatalf("the upgraded hash does not verify the password: %v, %v", ok, err)
	}
	if v != version {
		t.Fatalf("session version %d → %d: the upgrade ended the account's sessions", version, v)
	}
	if r := earlier.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("the session from before the upgrade: %d", r.StatusCode)
	}
	if n := upgrades(); n != 1 {
		t.Fatalf("password audit entries = %d, want 1", n)
	}
	var before, after string
	if err := app.Store.Pool.QueryRow(ctx, `SELECT before::text, after::text FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND after ? 'password'`,
		strconv.FormatInt(id, 10)).Scan(&before, &after); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(before+after, "$argon2id") || !strings.Contains(before, "m=19456,t=2,p=1") || !strings.Contains(after, "m=9216,t=4,p=1") {
		t.Fatalf("audit entry before %s after %s: want the parameters, never the hash", before, after)
	}
	// The record's history reads in Polish.
	page := app.LoginAs("admin").Get(paths.RecordHistory("user", strconv.FormatInt(id, 10)))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "hasło:") || !strings.Contains(page.Body, "skrót argon2id m=9216,t=4,p=1, przeliczony przy logowaniu") {
		t.Fatalf("the account's history: %d\n%s", page.StatusCode, page.Body)
	}

	// A hash with the current parameters is kept.
	app.LoginAs("obserwator")
	if again, _ := stored(); again != upgraded || upgrades() != 1 {
		t.Fatalf("a second sign-in hashed again: %q, %d entries", again, upgrades())
	}
}
