package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

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

// Migrate applies pending migrations as the connecting user (the schema's
// owner) and grants AppRole what the application needs. It refuses a
// database whose schema is newer than this binary knows (an older binary
// must not run on it). pool's connections are renewed afterwards, so they
// act as AppRole.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (applied int, err error) {
	cfg := pool.Config()
	cfg.AfterConnect = nil
	cfg.MinConns = 0
	cfg.MaxConns = 2
	owner, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return 0, fmt.Errorf("connect to database: %w", err)
	}
	defer owner.Close()
	defer pool.Reset()
	applied, err = migrate(ctx, owner)
	if err != nil {
		return applied, err
	}
	return applied, grantAppRole(ctx, owner)
}

// grantAppRole creates AppRole when missing and grants it read and write on
// every table, except the audit trail (insert and read only) and the
// migration bookkeeping (goose's and River's: read only). A connecting user who may not create
// roles runs the application as itself: the triggers still refuse changes
// to the audit trail and to signed protocols.
func grantAppRole(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '`+AppRole+`') THEN
        BEGIN
            CREATE ROLE `+AppRole+` NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN NULL;
END $$`)
	if err != nil {
		return fmt.Errorf("create the application's database role: %w", err)
	}
	var exists, member bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
		(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)`, AppRole).Scan(&exists, &member); err != nil {
		return err
	}
	if !exists {
		return nil
	}
	stmts := []string{
		`GRANT USAGE ON SCHEMA public TO ` + AppRole,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + AppRole,
		`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ` + AppRole,
		`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON goose_db_version FROM ` + AppRole,
		`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON river_migration FROM ` + AppRole,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + AppRole,
	}
	if !member {
		stmts = append(stmts, `GRANT `+AppRole+` TO CURRENT_USER`)
	}
	for _, q := range stmts {
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("grant the application's database role: %s: %w", q, err)
		}
	}
	return nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) (applied int, err error) {
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
	// The e-mail queue's tables (River's own migrations, in the same
	// schema); grantAppRole then gives AppRole rights on them too.
	rm, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return len(res), fmt.Errorf("load the job queue's migrations: %w", err)
	}
	rres, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return len(res), fmt.Errorf("apply the job queue's migrations: %w", err)
	}
	// The CAF model's reference data, from the Go catalogue.
	if err := syncCAFModels(ctx, pool); err != nil {
		return len(res), err
	}
	return len(res) + len(rres.Versions), nil
}
