// Command kaizen runs the Kaizen web application and its maintenance tasks.
//
//	kaizen serve [-demo]     run the web application
//	kaizen migrate           apply database migrations
//	kaizen user add ...      create an account
//	kaizen verify            recompute the digests of signed protocols
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/config"
	"kaizen/internal/pgembed"
	"kaizen/internal/store"
)

const usage = `Kaizen: programmes of improvement in public administration.

Usage:
  kaizen serve [-demo]                       run the web application
  kaizen migrate                             apply database migrations and exit
  kaizen user add --username U --role R [--name "Imię Nazwisko"] [--unit ID]...
                                             create an account (password from stdin or prompt)
  kaizen user list                           list accounts
  kaizen verify                              recompute the digest of every signed acceptance protocol;
                                             exit status 2 when any no longer matches
  kaizen env                                 list the configuration variables

Roles: admin, coordinator, expert, unit_manager, viewer.
Configuration comes from environment variables (see 'kaizen env' and README.md).
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kaizen:", err)
		if errors.Is(err, errMismatch) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	switch args[0] {
	case "serve":
		return serve(ctx, cfg, log, args[1:], stdout)
	case "migrate":
		return withDB(ctx, cfg, log, func(pool *pgxpool.Pool) error {
			n, err := store.Migrate(ctx, pool)
			if err != nil {
				return err
			}
			cur, _, err := store.SchemaVersions(ctx, pool)
			fmt.Fprintf(stdout, "applied %d migration(s); schema version %d\n", n, cur)
			return err
		})
	case "user":
		return userCmd(ctx, cfg, log, args[1:], stdin, stdout)
	case "verify":
		return withDB(ctx, cfg, log, func(pool *pgxpool.Pool) error { return verify(ctx, store.New(pool), stdout) })
	case "env":
		for _, v := range config.Vars {
			fmt.Fprintf(stdout, "%-22s default %-16s %s\n", v.Name, v.Default, v.Meaning)
		}
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	l := slog.New(h)
	slog.SetDefault(l)
	return l
}

// openDB connects to DATABASE_URL or, when it is empty, to the private
// PostgreSQL under KAIZEN_DATA_DIR (started if it is not running). The
// returned cluster is nil for an external database.
func openDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*pgxpool.Pool, *pgembed.Cluster, error) {
	if cfg.DatabaseURL != "" {
		pool, err := store.OpenPool(ctx, cfg.DatabaseURL)
		return pool, nil, err
	}
	c, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(cfg.DataDir, "postgres"), Logger: log})
	if err != nil {
		return nil, nil, err
	}
	if err := c.EnsureDatabase(ctx, "kaizen"); err != nil {
		_ = c.Stop()
		return nil, nil, err
	}
	pool, err := store.OpenPool(ctx, c.URL("kaizen"))
	if err != nil {
		_ = c.Stop()
		return nil, nil, err
	}
	return pool, c, nil
}

func withDB(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(*pgxpool.Pool) error) error {
	pool, cluster, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	err = fn(pool)
	pool.Close()
	if cluster != nil {
		if serr := cluster.Stop(); serr != nil && err == nil {
			err = serr
		}
	}
	return err
}

func flagSet(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	return fs
}

// errMismatch is verify's finding: signed content changed after signing.
var errMismatch = errors.New("signed protocols no longer match their digest")

// verify recomputes the digest of every signed protocol and lists those
// that do not match.
func verify(ctx context.Context, st *store.Store, stdout io.Writer) error {
	checked, bad, err := st.VerifyProtocols(ctx)
	if err != nil {
		return err
	}
	for _, m := range bad {
		fmt.Fprintf(stdout, "NIEZGODNY protokół nr %s (id %d, programme %d, %s): %s\n  podpisany skrót: %s\n  obecna treść:    %s\n",
			m.Number, m.ID, m.ProgrammeID, m.UnitName, m.Problem, m.Stored, m.Computed)
	}
	fmt.Fprintf(stdout, "checked %d signed protocol(s); %d mismatch(es)\n", checked, len(bad))
	if len(bad) > 0 {
		return errMismatch
	}
	return nil
}
