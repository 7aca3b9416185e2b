// Package store keeps Kaizen's records in PostgreSQL with pgx/v5: one file
// per aggregate, SQL as strings, database errors mapped to domain codes.
package store

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/indicator"
)

// Store is the PostgreSQL adapter.
type Store struct {
	Pool *pgxpool.Pool
	// Now is the clock for rules that depend on time (throttling windows).
	Now func() time.Time
	// BaseURL is the address people open the application at, for the
	// links in e-mails (config.Config.BaseURL).
	BaseURL string
}

// New returns a Store on pool.
func New(pool *pgxpool.Pool) *Store {
	return &Store{Pool: pool, Now: time.Now}
}

// OpenPool connects the application to the database at url: its
// connections act as AppRole (see useAppRole).
func OpenPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	return openPool(ctx, url, true)
}

// OpenOwnerPool connects as url's user without switching roles: for
// migrations and read-only maintenance (verify).
func OpenOwnerPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	return openPool(ctx, url, false)
}

// PoolConfig is the configuration OpenPool connects with, for a caller
// that needs the application's exact pool with something added (the load
// benchmark adds a query tracer to capture a page's SQL).
func PoolConfig(url string) (*pgxpool.Config, error) {
	return poolConfig(url, true)
}

func poolConfig(url string, asApp bool) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["application_name"] = "kaizen"
	if asApp {
		cfg.AfterConnect = useAppRole
		// Many short requests at once: starting parallel workers costs
		// more than it saves (a unit's trainings at national scale: 160 ms
		// with workers, 30 ms without). Maintenance (the owner's pool:
		// gen, recompute, verify) keeps them.
		cfg.ConnConfig.RuntimeParams["max_parallel_workers_per_gather"] = "0"
		// Nor does compiling a statement: the start page's one statement
		// for every programme's protocol lists crosses jit_above_cost on
		// the planner's estimate and spent 45-460 ms compiling what runs
		// in 20 ms.
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	return cfg, nil
}

func openPool(ctx context.Context, url string, asApp bool) (*pgxpool.Pool, error) {
	cfg, err := poolConfig(url, asApp)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return pool, nil
}

// AppRole is the database role the application acts as: it may read and
// write its records but only append to the audit trail, and it owns no
// table, so it cannot switch off the triggers that seal signed protocols.
// Migrations run as the connecting user (the owner), who creates the role
// and is made a member of it.
const AppRole = "kaizen_app"

// useAppRole switches a new connection to AppRole once the role exists and
// the connecting user may act as it.
func useAppRole(ctx context.Context, conn *pgx.Conn) error {
	var ok bool
	err := conn.QueryRow(ctx, `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
		THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END`, AppRole).Scan(&ok)
	if err != nil || !ok {
		return err
	}
	_, err = conn.Exec(ctx, "SET ROLE "+AppRole)
	return err
}

// AllowAppLogin lets AppRole sign in by itself, for a private server whose
// local socket connections are trusted: the application then connects as
// AppRole and cannot become the owner by resetting its role.
func AllowAppLogin(ctx context.Context, owner *pgxpool.Pool) (err error) {
	defer wrap(&err, "store.AllowAppLogin()")
	_, err = owner.Exec(ctx, "ALTER ROLE "+AppRole+" LOGIN")
	return err
}

// ActsAsOwner reports whether the application's connections could act as
// the schema's owner: the signed-in role is a superuser or bypasses row
// security, or owns a table or may become (is a member of) a role that
// does, as the owner with SET ROLE that a RESET ROLE would undo. The
// database then enforces less than it could.
func ActsAsOwner(ctx context.Context, pool *pgxpool.Pool) (_ bool, err error) {
	defer wrap(&err, "store.ActsAsOwner()")
	var owner bool
	err = pool.QueryRow(ctx, `SELECT r.rolsuper OR r.rolbypassrls
		OR EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND pg_has_role(session_user, t.tableowner, 'MEMBER'))
		FROM pg_roles r WHERE r.rolname = session_user`).Scan(&owner)
	return owner, err
}

// InTx runs fn in a transaction, committing if fn returns nil; before the
// COMMIT it brings the indicator read model in step with fn's writes.
func (s *Store) InTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }() // after a commit: nothing to do
	if err := fn(tx); err != nil {
		return err
	}
	// The indicator read model follows whatever fn's writes touched.
	if err := indicator.Drain(ctx, tx); err != nil {
		return err
	}
	err = tx.Commit(ctx)
	if err == nil || Unavailable(err) && !NotSent(err) {
		NoteCommit(ctx)
	}
	return err
}

// Commits records whether a request's transactions changed anything: a
// COMMIT succeeded, or was sent and its answer lost with the connection.
// Until then a request that met an unreachable database saved nothing.
type Commits struct{ maybe atomic.Bool }

type commitsKey struct{}

// WatchCommits returns ctx in which InTx records its commits in the
// returned Commits.
func WatchCommits(ctx context.Context) (context.Context, *Commits) {
	c := &Commits{}
	return context.WithValue(ctx, commitsKey{}, c), c
}

// NoteCommit records in ctx's Commits (if any) that a transaction
// committed, or may have.
func NoteCommit(ctx context.Context) {
	if c, _ := ctx.Value(commitsKey{}).(*Commits); c != nil {
		c.maybe.Store(true)
	}
}

// Maybe reports whether a transaction of the request committed, or may have.
func (c *Commits) Maybe() bool { return c.maybe.Load() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "store.Ping()")
	var one int
	return s.Pool.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// FormatID renders a record id as the audit trail stores it.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

func parseID(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func itoaInt(n int) string { return strconv.Itoa(n) }

// countBy reads (key, count) rows of a GROUP BY query into a map.
func countBy[K comparable](ctx context.Context, q querier, sql string, args ...any) (map[K]int, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	out := map[K]int{}
	for rows.Next() {
		var k K
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func dateOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func dateOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
