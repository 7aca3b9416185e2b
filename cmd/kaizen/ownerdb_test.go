package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/config"
	"kaizen/internal/demo"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// TestServeRefusesOwnerDB (issue 14, finding 12): outside demo mode,
// `serve` does not start with connections that could act as the schema's
// owner unless KAIZEN_ALLOW_OWNER_DB is set, which it logs; with a login
// role of its own it starts.
func TestServeRefusesOwnerDB(t *testing.T) {
	dbURL := testdb.URL(t)
	t.Setenv("DATABASE_URL", dbURL)
	t.Setenv("KAIZEN_ADDR", "127.0.0.1:0")
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")
	t.Setenv("KAIZEN_DEMO", "false")
	t.Setenv("KAIZEN_ALLOW_OWNER_DB", "")

	t.Run("ErrOwnerCredentials", func(t *testing.T) {
		out, err := runCmd(t, "", "serve")
		if !errors.Is(err, errOwnerDB) || !strings.Contains(err.Error(), "KAIZEN_APP_DATABASE_URL") {
			t.Fatalf("serve as the owner: %v\n%s", err, out)
		}
	})
	t.Run("OverrideLogged", func(t *testing.T) {
		t.Setenv("KAIZEN_ALLOW_OWNER_DB", "1")
		cfg, err := config.Load()
		if err != nil || !cfg.AllowOwnerDB {
			t.Fatalf("KAIZEN_ALLOW_OWNER_DB=1 read as %v (%v)", cfg.AllowOwnerDB, err)
		}
		var logged bytes.Buffer
		if err := checkOwnerDB(true, cfg, slog.New(slog.NewTextHandler(&logged, nil))); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logged.String(), "level=WARN") || !strings.Contains(logged.String(), "KAIZEN_ALLOW_OWNER_DB") {
			t.Fatalf("the override is not logged as a warning: %q", logged.String())
		}
	})
	t.Run("DemoMode", func(t *testing.T) {
		if err := checkOwnerDB(true, config.Config{Demo: true}, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AppLoginRole", func(t *testing.T) {
		if os.Getenv("TEST_DATABASE_URL") != "" {
			t.Skip("needs the throwaway server, whose socket connections are trusted")
		}
		ctx := context.Background()
		appURL := appLoginRole(t, dbURL)
		t.Setenv("KAIZEN_APP_DATABASE_URL", appURL)
		cfg, err := config.Load()
		if err != nil {
			t.Fatal(err)
		}
		d, err := openDB(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		defer d.close()
		if _, err := d.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.App(ctx); err != nil {
			t.Fatal(err)
		}
		if err := checkOwnerDB(d.asOwner, cfg, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatalf("serve refuses its own login role: %v", err)
		}
		pool, _ := d.App(ctx)
		if _, err := demo.Load(ctx, store.New(pool)); err != nil {
			t.Fatal(err)
		}
		// Signed in as that role, the application cannot change a signed
		// protocol, nor switch the seal off, nor become the owner.
		conn, err := pgx.Connect(ctx, appURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var owner string
		if err := conn.QueryRow(ctx, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'protocols'").Scan(&owner); err != nil {
			t.Fatal(err)
		}
		var signed int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM protocols WHERE signed_at IS NOT NULL").Scan(&signed); err != nil || signed == 0 {
			t.Fatalf("no signed protocol in the demo data: %d, %v", signed, err)
		}
		for _, sql := range []string{
			"UPDATE protocols SET remarks = 'zmienione' WHERE signed_at IS NOT NULL",
			"DELETE FROM protocols WHERE signed_at IS NOT NULL",
			"ALTER TABLE protocols DISABLE TRIGGER protocols_sealed",
			"SET session_replication_role = replica",
			"SET ROLE " + pgx.Identifier{owner}.Sanitize(),
			"RESET ROLE; UPDATE protocols SET remarks = 'zmienione' WHERE signed_at IS NOT NULL",
		} {
			var pgErr *pgconn.PgError
			if _, err := conn.Exec(ctx, sql); !errors.As(err, &pgErr) || pgErr.Code != "42501" {
				t.Errorf("%s as the application's login role: %v, want permission denied (42501)", sql, err)
			}
		}
	})
	t.Run("ErrMemberOfOwner", func(t *testing.T) {
		if os.Getenv("TEST_DATABASE_URL") != "" {
			t.Skip("needs the throwaway server, whose socket connections are trusted")
		}
		// A login role that may SET ROLE to the owner is the owner.
		ctx := context.Background()
		t.Setenv("KAIZEN_APP_DATABASE_URL", loginRole(t, dbURL, "_owner", "(SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'protocols')"))
		cfg, err := config.Load()
		if err != nil {
			t.Fatal(err)
		}
		d, err := openDB(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		defer d.close()
		if _, err := d.App(ctx); err != nil {
			t.Fatal(err)
		}
		if err := checkOwnerDB(d.asOwner, cfg, slog.New(slog.DiscardHandler)); !errors.Is(err, errOwnerDB) {
			t.Fatalf("serve as a member of the owner's role: %v", err)
		}
	})
}

// appLoginRole creates a login role in kaizen_app, as docker-compose's init
// script does, and returns dbURL signed in as it; the role is dropped at
// the end of the test.
func appLoginRole(t *testing.T, dbURL string) string {
	t.Helper()
	return loginRole(t, dbURL, "_web", "'"+store.AppRole+"'")
}

// loginRole creates a login role named after the test's database and
// suffix, member of the role the SQL expression member names.
func loginRole(t *testing.T, dbURL, suffix, member string) string {
	t.Helper()
	ctx := context.Background()
	owner, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := runCmd(t, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	var db string
	if err := owner.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	role := pgx.Identifier{db + suffix}.Sanitize()
	if _, err := owner.Exec(ctx, "DO $$ BEGIN EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', '"+db+suffix+"', "+member+"); END $$"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dbURL)
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP ROLE "+role)
			_ = c.Close(context.Background())
		}
	})
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(db + suffix)
	return u.String()
}
