package pgembed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func query(t *testing.T, c *Cluster, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func execSQL(t *testing.T, c *Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// openDir makes a folder the server's OS user can reach.
func openDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "kaizen-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(d, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func TestPersistentClusterKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(openDir(t), "data", "postgres")
	c, err := Start(ctx, Options{DataDir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != dir {
		t.Fatalf("data dir = %s, want %s", c.DataDir, dir)
	}
	execSQL(t, c, "CREATE TABLE kept (v text)")
	execSQL(t, c, "INSERT INTO kept VALUES ('zażółć')")

	// A second start on the same folder uses the running server.
	again, err := Start(ctx, Options{DataDir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if again.owned || again.Port != c.Port {
		t.Fatalf("second start did not attach: owned=%v port %d vs %d", again.owned, again.Port, c.Port)
	}
	if err := again.Stop(); err != nil {
		t.Fatal(err)
	}
	if got := query(t, c, "SELECT v FROM kept"); got != "zażółć" {
		t.Fatalf("stopping an attached cluster stopped the server? got %q", got)
	}

	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatal("server still running after Stop")
	}
	// A stale pid file (here naming this test process) must not block a start.
	if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(fmt.Sprintf("%d\n%s\n0\n%d\n%s\n", os.Getpid(), dir, c.Port, dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err == nil {
		st := fi.Sys().(*syscall.Stat_t)
		_ = os.Chown(filepath.Join(dir, "postmaster.pid"), int(st.Uid), int(st.Gid))
	}
	c2, err := Start(ctx, Options{DataDir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Stop()
	if got := query(t, c2, "SELECT v FROM kept"); got != "zażółć" {
		t.Fatalf("data after restart = %q", got)
	}
	if err := c2.EnsureDatabase(ctx, "kaizen"); err != nil {
		t.Fatal(err)
	}
	if err := c2.EnsureDatabase(ctx, "kaizen"); err != nil {
		t.Fatalf("EnsureDatabase is not idempotent: %v", err)
	}
}

func TestEphemeralClusterIsRemoved(t *testing.T) {
	t.Parallel()
	c, err := Start(context.Background(), Options{Ephemeral: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if got := query(t, c, "SHOW fsync"); got != "off" {
		t.Errorf("fsync = %s in a throwaway cluster", got)
	}
	dir := c.removeDir
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("throwaway cluster folder %s left behind", dir)
	}
}

// TestUnreachableFolderFallsBack: as root, a data folder under a private
// (mode 700) parent cannot be used by the postgres OS user; the cluster goes
// to a folder under the system temp dir instead.
func TestUnreachableFolderFallsBack(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root switches to another OS user for the server")
	}
	private, err := os.MkdirTemp("", "kaizen-private-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(private)
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(private, "home", "postgres")
	c, err := Start(context.Background(), Options{DataDir: want, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(c.DataDir))
	defer c.Stop()
	if c.DataDir == want || !strings.HasPrefix(c.DataDir, os.TempDir()) {
		t.Fatalf("data dir = %s; want a fallback under %s", c.DataDir, os.TempDir())
	}
	if got := query(t, c, "SELECT 'ok'"); got != "ok" {
		t.Fatal(got)
	}
}

func TestFindBinaries(t *testing.T) {
	dir, err := FindBinaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"initdb", "postgres"} {
		if !isExec(filepath.Join(dir, b)) {
			t.Errorf("%s not in %s", b, dir)
		}
	}
	if !strings.Contains(ErrNoBinaries.Error(), "apt-get install -y postgresql") {
		t.Error("the missing-binaries error does not name the package")
	}
}

// TestRestart: a fast and an immediate restart keep the port, and a
// committed row survives both (the immediate one replays the WAL).
func TestRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, err := Start(ctx, Options{DataDir: filepath.Join(openDir(t), "data"), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	port := c.Port
	execSQL(t, c, "CREATE TABLE kept (v int)")
	for i, mode := range []string{"fast", "immediate"} {
		execSQL(t, c, fmt.Sprintf("INSERT INTO kept VALUES (%d)", i+1))
		if err := c.Restart(ctx, mode); err != nil {
			t.Fatalf("%s restart: %v", mode, err)
		}
		if c.Port != port {
			t.Fatalf("%s restart moved the port from %d to %d", mode, port, c.Port)
		}
		if got := query(t, c, "SELECT sum(v)::text FROM kept"); got != fmt.Sprint((i+1)*(i+2)/2) {
			t.Fatalf("after the %s restart: sum %s", mode, got)
		}
	}
	if err := c.Restart(ctx, "smart"); err == nil {
		t.Error("restart in an unknown mode accepted")
	}
}
