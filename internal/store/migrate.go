package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"kaizen/migrations"
)

func provider(pool *pgxpool.Pool) (*goose.Provider, func(), error) {
	db := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, func() { db.Close() }, nil
}

// SchemaVersions returns the database's schema version and the newest this
// binary knows.
func SchemaVersions(ctx context.Context, pool *pgxpool.Pool) (current, known int64, err error) {
	p, closeDB, err := provider(pool)
	if err != nil {
		return 0, 0, err
	}
	defer closeDB()
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("read schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		known = srcs[len(srcs)-1].Version
	}
	return current, known, nil
}

// Migrate applies pending migrations. It refuses a database whose schema is
// newer than this binary knows (an older binary must not run on it).
func Migrate(ctx context.Context, pool *pgxpool.Pool) (applied int, err error) {
	current, known, err := SchemaVersions(ctx, pool)
	if err != nil {
		return 0, err
	}
	if current > known {
		return 0, fmt.Errorf("the database schema is at version %d, newer than this binary knows (%d): run a newer kaizen", current, known)
	}
	p, closeDB, err := provider(pool)
	if err != nil {
		return 0, err
	}
	defer closeDB()
	// Serialize concurrent starts of several instances.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(72616)"); err != nil {
		return 0, err
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(72616)") }()
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}
