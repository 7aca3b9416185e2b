// Command kaizen-load is the load benchmark: it starts `kaizen serve`
// against a filled database, puts on it what people really do (sign-in,
// lists, the session page, saving attendance, submitting and signing
// protocols, the dashboard, a unit view, report downloads, the start pages
// of a coordinator and an administrator, public survey answers, a wave's
// results, CAF scoring saves and benchmarking) with vegeta: each page
// alone, a mix of them at a fixed rate, and the whole mix in a closed loop
// as fast as it is answered. It writes a Markdown report with each page's
// throughput, latency percentiles, errors and the application's peak
// memory against the targets of issue 18, next to two baselines: a
// handler that touches no database, and each page's own SQL run through
// pgx alone.
//
//	kaizen-load -kaizen bin/kaizen [-password P] [-duration 10s] [-out report.md]
//
// The database is DATABASE_URL (or -database-url), filled by `kaizen gen`
// or by the demo data. Targets are reported, not asserted: the exit status
// is non-zero only when the benchmark itself could not run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"kaizen/internal/pgembed"
)

// options are the command's flags.
type options struct {
	DatabaseURL string
	DataDir     string // the private PostgreSQL's folder (KAIZEN_DATA_DIR) when there is no DatabaseURL
	Kaizen      string
	Password    string
	Programme   int64
	Duration    time.Duration // each scenario
	MaxDuration time.Duration // the closed-loop maximum-throughput runs
	SQLDuration time.Duration // each SQL-only measurement
	Rate        float64       // a read page alone, req/s
	DashRate    float64       // the dashboard target's rate
	MixedRate   float64       // the mixed run, req/s in all
	Workers     int           // concurrency of the maximum-throughput runs of single pages
	MixWorkers  int           // concurrency of the closed-loop run of the whole mix
	MemLimit    string        // GOMEMLIMIT of the application
	Out         string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kaizen-load:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kaizen-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL of a filled database (default $DATABASE_URL)")
	fs.StringVar(&o.DataDir, "data-dir", os.Getenv("KAIZEN_DATA_DIR"), "without a database URL: the folder of the private PostgreSQL (as kaizen's KAIZEN_DATA_DIR; `make gen` fills .data-national)")
	fs.StringVar(&o.Kaizen, "kaizen", "bin/kaizen", "the kaizen binary to run (`kaizen serve`)")
	fs.StringVar(&o.Password, "password", "", "password of the accounts (default: kaizen-gen for generated accounts, demo for the demo's)")
	fs.Int64Var(&o.Programme, "programme", 0, "programme id (default: the one with the most attendance)")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "duration of each scenario")
	fs.DurationVar(&o.MaxDuration, "max-duration", 5*time.Second, "duration of each maximum-throughput run")
	fs.DurationVar(&o.SQLDuration, "sql-duration", 3*time.Second, "duration of each SQL-only measurement")
	fs.Float64Var(&o.Rate, "rate", 20, "requests per second of a read page measured alone")
	fs.Float64Var(&o.DashRate, "dashboard-rate", 200, "requests per second of the dashboard target")
	fs.Float64Var(&o.MixedRate, "mixed-rate", 200, "requests per second of the mixed run, all pages together")
	fs.IntVar(&o.Workers, "workers", 8, "concurrent requests of the maximum-throughput runs (and of the SQL-only throughput)")
	fs.IntVar(&o.MixWorkers, "mix-workers", 16, "concurrent requests of the maximum-throughput run of the whole mix")
	fs.StringVar(&o.MemLimit, "gomemlimit", "56MiB", "GOMEMLIMIT of the application")
	fs.StringVar(&o.Out, "out", "", "also write the report to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.DatabaseURL == "" && o.DataDir == "" {
		return o, fmt.Errorf("no database: set DATABASE_URL or -database-url, or KAIZEN_DATA_DIR or -data-dir")
	}
	if o.Duration <= 0 || o.MaxDuration <= 0 || o.SQLDuration <= 0 || o.Rate <= 0 || o.DashRate <= 0 || o.MixedRate <= 0 || o.Workers <= 0 || o.MixWorkers <= 0 {
		return o, fmt.Errorf("durations, rates, -workers and -mix-workers must be positive")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.Kaizen); err != nil {
		return fmt.Errorf("the kaizen binary: %w (build it with `make build`)", err)
	}
	if o.DatabaseURL == "" {
		// The private PostgreSQL of a data folder (make gen): started here,
		// stopped at the end; kaizen serve gets its URL.
		if _, err := os.Stat(filepath.Join(o.DataDir, "postgres", "PG_VERSION")); err != nil {
			return fmt.Errorf("no database in %s: run `make gen` first (or set DATABASE_URL)", o.DataDir)
		}
		c, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(o.DataDir, "postgres"), Logger: slog.New(slog.NewTextHandler(stderr, nil))})
		if err != nil {
			return fmt.Errorf("the private PostgreSQL of %s: %w", o.DataDir, err)
		}
		defer func() { _ = c.Stop() }()
		o.DatabaseURL = c.URL("kaizen")
	}
	r, err := newRunner(ctx, o, stderr)
	if err != nil {
		return err
	}
	defer r.close()
	a, err := startApp(ctx, o.Kaizen, o.DatabaseURL, o.MemLimit, r.w.Demo)
	if err != nil {
		return err
	}
	r.logf("kaizen serve is ready at %s (GOMEMLIMIT=%s)", a.URL, o.MemLimit)
	rep, err := r.benchmark(ctx, a.URL, a)
	hwm := a.stop()
	if rep == nil {
		return fmt.Errorf("%w\nlast lines of the application's log:\n%s", err, a.logTail())
	}
	// A partial report (the application died) is still written.
	rep.PeakRSS, rep.PeakHeap = hwm, a.mem.peakHeap()
	text := rep.markdown()
	if _, werr := io.WriteString(stdout, text); werr != nil {
		return werr
	}
	if o.Out != "" {
		if werr := os.WriteFile(o.Out, []byte(text), 0o644); werr != nil { // #nosec G306 G703 -- the operator names the report file; a report to share, no secret in it
			return werr
		}
	}
	return err
}
