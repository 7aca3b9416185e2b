// Package testdb gives each test its own fresh PostgreSQL database, cloned
// from a migrated template. The server is TEST_DATABASE_URL when set;
// otherwise a throwaway cluster (pgembed) is started for the test binary.
//
// A package that uses it calls Main from TestMain so the cluster is stopped
// and the template dropped when its tests end.
package testdb

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/pgembed"
	"kaizen/internal/store"
)

var (
	once     sync.Once
	setupErr error
	cluster  *pgembed.Cluster
	adminURL string // maintenance database of the server
	template string
	counter  atomic.Int64
)

// Main runs the tests of a package and cleans up afterwards; after runs
// first (e.g. to stop a browser).
func Main(m *testing.M, after ...func()) {
	code := m.Run()
	for _, f := range after {
		f()
	}
	teardown()
	os.Exit(code)
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		adminURL = u
	} else {
		quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		c, err := pgembed.Start(ctx, pgembed.Options{Ephemeral: true, Logger: quiet, MaxConnections: 300})
		if err != nil {
			setupErr = fmt.Errorf("start throwaway PostgreSQL: %w", err)
			return
		}
		cluster = c
		adminURL = c.URL("postgres")
	}
	template = fmt.Sprintf("kaizen_tmpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if err := exec(ctx, "CREATE DATABASE "+pgx.Identifier{template}.Sanitize()); err != nil {
		setupErr = err
		return
	}
	pool, err := store.OpenPool(ctx, withDB(adminURL, template))
	if err != nil {
		setupErr = err
		return
	}
	defer pool.Close()
	if _, err := store.Migrate(ctx, pool); err != nil {
		setupErr = fmt.Errorf("migrate template: %w", err)
	}
}

func teardown() {
	if adminURL == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cluster != nil {
		_ = cluster.Stop()
		return
	}
	for _, n := range named {
		_ = exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{n}.Sanitize()+" WITH (FORCE)")
	}
	_ = exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{template}.Sanitize()+" WITH (FORCE)")
}

func exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// withDB returns u with its database replaced by db.
func withDB(u, db string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + db
	return p.String()
}

// URL creates a fresh migrated database for t and returns its URL; the
// database is dropped when t ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	return clone(t, template)
}

var (
	namedMu   sync.Mutex
	named     = map[string]string{}
	namedErrs = map[string]error{}
)

// URLFrom is URL for a database cloned from a named template, which
// prepare fills once per test binary (e.g. with the demo data) starting
// from the migrated template.
func URLFrom(t testing.TB, name string, prepare func(url string) error) string {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	namedMu.Lock()
	tmpl, ok := named[name]
	if !ok && namedErrs[name] == nil {
		tmpl = fmt.Sprintf("%s_%s", template, name)
		err := copyDB(tmpl, template)
		if err == nil {
			err = prepare(withDB(adminURL, tmpl))
		}
		if err != nil {
			namedErrs[name] = err
		} else {
			named[name] = tmpl
		}
	}
	err := namedErrs[name]
	namedMu.Unlock()
	if err != nil {
		t.Fatalf("template %s: %v", name, err)
	}
	return clone(t, tmpl)
}

func copyDB(name, from string) error {
	var err error
	for range 20 { // CREATE DATABASE ... TEMPLATE fails while another clone copies it
		if err = exec(context.Background(), "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{from}.Sanitize()); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

func clone(t testing.TB, from string) string {
	t.Helper()
	name := fmt.Sprintf("%s_t%d", template, counter.Add(1))
	if err := copyDB(name, from); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_ = exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	return withDB(adminURL, name)
}

// Pool returns a pool on a fresh migrated database for t.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := store.OpenPool(context.Background(), URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Store returns a Store on a fresh migrated database for t.
func Store(t testing.TB) *store.Store {
	t.Helper()
	st := store.New(Pool(t))
	st.Now = Now
	return st
}
