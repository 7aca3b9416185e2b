package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/testapp"
)

// killConnections ends every server process of the app's database but the
// caller's own, as pg_terminate_backend by an operator or a failover does:
// the app's pool then holds dead connections.
func killConnections(t *testing.T, a *testapp.App) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), a.Store.Pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var n int
	if err := conn.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no connection of the app to kill")
	}
}

// TestKilledConnections: a read after the app's database connections were
// killed is answered (retried on a fresh connection, session included); a
// write answers 503 saying nothing was saved, or succeeds, never 500.
func TestKilledConnections(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	prog, _, _, _ := demoIDs(t, a)
	c := a.LoginAs("koordynator")
	dashboard := "/programmes/" + itoa(prog) + "/indicators"
	if r := c.Get(dashboard); r.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", r.StatusCode)
	}
	csrf := c.CSRF()

	killConnections(t, a)
	if r := c.Get(dashboard); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Wskaźniki") {
		t.Fatalf("dashboard after the connections were killed: %d\n%s", r.StatusCode, r.Body)
	}

	killConnections(t, a)
	r := c.Post("/programmes/"+itoa(prog)+"/periods/2099-Q1/close", url.Values{"csrf_token": {csrf}})
	switch {
	case r.StatusCode == http.StatusServiceUnavailable:
		if !strings.Contains(r.Body, "Twoje zmiany nie zostały zapisane") {
			t.Errorf("503 without the not-saved message:\n%s", r.Body)
		}
	case r.StatusCode >= 500:
		t.Fatalf("write after the connections were killed: %d\n%s", r.StatusCode, r.Body)
	}
}
