package store_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"kaizen/internal/testdb"
	"kaizen/migrations"
)

// migrator opens the test database at url (every migration applied) with
// the provider that moves it down and up; closed when the test ends.
func migrator(t *testing.T, url string) (*sql.DB, *goose.Provider) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

// The newest migrations go down and up again cleanly (a release can be
// rolled back).
func TestMigrationsDownAndUp(t *testing.T) {
	t.Parallel()
	db, p := migrator(t, testdb.URL(t))
	ctx := context.Background()
	top, err := p.GetDBVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exists := func() bool {
		var ok bool
		if err := db.QueryRowContext(ctx, `SELECT to_regclass('read_model_touches') IS NOT NULL`).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if _, err := p.DownTo(ctx, 7); err != nil {
		t.Fatalf("down to 7: %v", err)
	}
	if exists() {
		t.Fatal("read_model_touches left after going down")
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if v, _ := p.GetDBVersion(ctx); v != top || !exists() {
		t.Fatalf("after up: version %d (want %d), read_model_touches %v", v, top, exists())
	}
}
