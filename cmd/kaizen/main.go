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
	"runtime"
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
  kaizen verify                              recompute the digest of every signed acceptance protocol
                                             and of every stored evidence file; exit status 2 when any
                                             no longer matches
  kaizen recompute [--check]                 rebuild the read models (indicators, survey aggregates, CAF
                                             results, units' trainings, the evidence-complete flags of
                                             sessions and meetings, the protocol counts) from the raw
                                             evidence; with --check only compare and list differences
                                             (exit 2 if any)
  kaizen gen [--seed N] [--scale F] [--password P]
                                             fill an empty database with the national test data set
                                             (2,807 JST, 50 programmes, 1,000,000 participants at scale 1)
  kaizen env                                 list the configuration variables

Roles: admin, coordinator, expert, unit_manager, viewer, assessor (a member of CAF self-assessment groups; with --unit like unit_manager).
Configuration comes from environment variables (see 'kaizen env' and README.md).
`

func main() {
	// No allocation profile is read unless the profiler is on
	// (KAIZEN_PPROF_ADDR): sampling would only fill the runtime's table of
	// allocation sites, 1.4 MiB written at random places, which counts in
	// the server's peak memory (BENCHMARKS.md, "Memory, round three").
	if os.Getenv("KAIZEN_PPROF_ADDR") == "" {
		runtime.MemProfileRate = 0
	}
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kaizen:", err)
		if errors.Is(err, errMismatch) || errors.Is(err, errReadModel) || errors.Is(err, errSurveyAggregates) || errors.Is(err, errEvidenceFlags) ||
			errors.Is(err, errProtocolCounts) {
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
		return withDB(ctx, cfg, log, func(d *database) error {
			n, err := d.migrate(ctx)
			if err != nil {
				return err
			}
			cur, _, err := store.SchemaVersions(ctx, d.Owner)
			fmt.Fprintf(stdout, "applied %d migration(s); schema version %d\n", n, cur)
			return err
		})
	case "user":
		return userCmd(ctx, cfg, log, args[1:], stdin, stdout)
	case "recompute":
		fs := flagSet("recompute", stdout)
		check := fs.Bool("check", false, "only compare the read model with the evidence; change nothing")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withDB(ctx, cfg, log, func(d *database) error { return recompute(ctx, store.New(d.Owner), *check, stdout) })
	case "gen":
		return genCmd(ctx, cfg, log, args[1:], stdout)
	case "verify":
		// Reads only: as the owner, so it works on any schema state.
		return withDB(ctx, cfg, log, func(d *database) error { return verify(ctx, store.New(d.Owner), stdout) })
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

// database is what a command works with: the schema owner's connection
// (migrations, read-only maintenance) and the application's.
type database struct {
	Owner   *pgxpool.Pool
	app     *pgxpool.Pool
	appURL  string // "" means the owner's URL with SET ROLE kaizen_app
	cluster *pgembed.Cluster
	log     *slog.Logger
	asOwner bool // the application's connections could act as the schema's owner
}

// openDB connects to DATABASE_URL or, when it is empty, to the private
// PostgreSQL under KAIZEN_DATA_DIR (started if it is not running), whose
// application connections sign in as kaizen_app over the trusted socket.
func openDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*database, error) {
	d := &database{appURL: cfg.AppDatabaseURL, log: log}
	ownerURL := cfg.DatabaseURL
	if ownerURL == "" {
		c, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(cfg.DataDir, "postgres"), Logger: log})
		if err != nil {
			return nil, err
		}
		if err := c.EnsureDatabase(ctx, "kaizen"); err != nil {
			_ = c.Stop()
			return nil, err
		}
		d.cluster, ownerURL, d.appURL = c, c.URL("kaizen"), c.URLAs("kaizen", store.AppRole)
	}
	owner, err := store.OpenOwnerPool(ctx, ownerURL)
	if err != nil {
		d.close()
		return nil, err
	}
	d.Owner = owner
	if d.appURL == "" {
		d.appURL = ownerURL
	}
	return d, nil
}

// migrate applies the migrations as the owner; on the private server it
// lets kaizen_app sign in by itself.
func (d *database) migrate(ctx context.Context) (int, error) {
	n, err := store.Migrate(ctx, d.Owner)
	if err == nil && d.cluster != nil {
		err = store.AllowAppLogin(ctx, d.Owner)
	}
	return n, err
}

// App is the application's pool (acting as kaizen_app); it warns once when
// those connections could act as the schema's owner.
func (d *database) App(ctx context.Context) (*pgxpool.Pool, error) {
	if d.app != nil {
		return d.app, nil
	}
	pool, err := store.OpenPool(ctx, d.appURL)
	if err != nil {
		return nil, err
	}
	if owner, err := store.ActsAsOwner(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	} else if owner {
		d.asOwner = true
		d.log.Warn("the application connects as the schema owner and only switches to kaizen_app with SET ROLE; set KAIZEN_APP_DATABASE_URL to a login role in kaizen_app that owns no table, so the database alone guards the audit trail and signed protocols")
	}
	d.app = pool
	return pool, nil
}

func (d *database) close() {
	if d.app != nil {
		d.app.Close()
	}
	if d.Owner != nil {
		d.Owner.Close()
	}
	if d.cluster != nil {
		if err := d.cluster.Stop(); err != nil {
			d.log.Error("stopping PostgreSQL", "error", err)
		}
	}
}

func withDB(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(*database) error) error {
	d, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close()
	return fn(d)
}

func flagSet(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	return fs
}

// errMismatch is verify's finding: signed content changed after signing.
var errMismatch = errors.New("signed protocols, CAF consensus versions or evidence files no longer match their digest")

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
	cafChecked, cafBad, err := st.VerifyCAFConsensus(ctx)
	if err != nil {
		return err
	}
	for _, m := range cafBad {
		fmt.Fprintf(stdout, "NIEZGODNY konsensus CAF nr %s (id %d, programme %d, %s): %s\n  podpisany skrót: %s\n  obecna treść:    %s\n",
			m.Number, m.ID, m.ProgrammeID, m.UnitName, m.Problem, m.Stored, m.Computed)
	}
	fmt.Fprintf(stdout, "checked %d signed CAF consensus version(s); %d mismatch(es)\n", cafChecked, len(cafBad))
	bad = append(bad, cafBad...)
	files, altered, err := st.VerifyFiles(ctx)
	if err != nil {
		return err
	}
	for _, m := range altered {
		fmt.Fprintf(stdout, "NIEZGODNY plik %q (id %d, %s): bajty różnią się od zapisanych przy dodaniu\n  zapisany skrót: %s\n  obecny skrót:   %s\n",
			m.Name, m.FileID, m.Owner, m.Stored, m.Computed)
	}
	fmt.Fprintf(stdout, "checked %d evidence file(s); %d altered\n", files, len(altered))
	if len(bad) > 0 || len(altered) > 0 {
		return errMismatch
	}
	return nil
}

// errReadModel is recompute --check's finding.
var errReadModel = errors.New("the indicator read model differs from the evidence")

// errSurveyAggregates is recompute --check's finding about the other read
// models: surveys, CAF results, units' trainings.
var errSurveyAggregates = errors.New("the survey, CAF or unit training aggregates differ from their evidence")

// errEvidenceFlags is recompute --check's finding about the evidence flags.
var errEvidenceFlags = errors.New("the evidence-complete flags of sessions or meetings differ from their evidence")

// errProtocolCounts is recompute --check's finding about the protocol
// counts.
var errProtocolCounts = errors.New("the protocol counts differ from the protocols")

// recompute rebuilds (or, with check, compares) the indicator read model,
// the survey aggregates it reads, the CAF results, units' trainings, the
// evidence-complete flags and the protocol counts.
func recompute(ctx context.Context, st *store.Store, check bool, stdout io.Writer) error {
	if !check {
		if _, err := st.RecomputeEvidenceFlags(ctx); err != nil {
			return err
		}
		if err := st.RecountSurveyAggregates(ctx); err != nil {
			return err
		}
		if err := st.RecountCAFResults(ctx); err != nil {
			return err
		}
		if err := st.RecountUnitTrainings(ctx); err != nil {
			return err
		}
		if _, err := st.RecountProtocolCounts(ctx); err != nil {
			return err
		}
		if err := st.RefreshAll(ctx); err != nil {
			return err
		}
	}
	// The other read models' checks (one query each: surveys, CAF, units'
	// trainings, evidence flags) run beside the indicator read model's
	// (programme by programme); the findings print in this order.
	type aggregates struct {
		waves, cafUnits, unitSessions, records int
		programmes                             int
		sdiffs                                 []store.SurveyDifference
		cdiffs                                 []store.CAFDifference
		udiffs                                 []store.UnitTrainingDifference
		fdiffs                                 []store.FlagDifference
		pdiffs                                 []store.ProtocolCountDifference
		err                                    error
	}
	done := make(chan aggregates, 1)
	go func() {
		var a aggregates
		if a.waves, a.sdiffs, a.err = st.CheckSurveyAggregates(ctx); a.err == nil {
			if a.cafUnits, a.cdiffs, a.err = st.CheckCAFResults(ctx); a.err == nil {
				if a.unitSessions, a.udiffs, a.err = st.CheckUnitTrainings(ctx); a.err == nil {
					if a.records, a.fdiffs, a.err = st.CheckEvidenceFlags(ctx); a.err == nil {
						a.programmes, a.pdiffs, a.err = st.CheckProtocolCounts(ctx)
					}
				}
			}
		}
		done <- a
	}()
	facts, diffs, ferr := st.CheckReadModel(ctx)
	a := <-done
	if a.err != nil {
		return a.err
	}
	waves, sdiffs, cafUnits, cdiffs, udiffs, fdiffs := a.waves, a.sdiffs, a.cafUnits, a.cdiffs, a.udiffs, a.fdiffs
	for _, d := range sdiffs {
		fmt.Fprintf(stdout, "RÓŻNICA ankiety / fala %s / %s\n  zapisane: %s\n  z odpowiedzi: %s\n", d.Wave, d.What, d.Stored, d.Computed)
	}
	fmt.Fprintf(stdout, "checked the aggregates of %d survey wave(s) against their responses; %d difference(s)\n", waves, len(sdiffs))
	for _, d := range cdiffs {
		fmt.Fprintf(stdout, "RÓŻNICA CAF / program %d / jednostka %d\n  zapisane: %s\n  z konsensusów: %s\n", d.Programme, d.Unit, d.Stored, d.Computed)
	}
	fmt.Fprintf(stdout, "checked the CAF results of %d unit(s) against their signed consensus; %d difference(s)\n", cafUnits, len(cdiffs))
	for _, d := range udiffs {
		fmt.Fprintf(stdout, "RÓŻNICA szkolenia jednostki / program %d / jednostka %d / sesja %d\n  zapisane: %s\n  z obecności: %s\n", d.Programme, d.Unit, d.Session, d.Stored, d.Computed)
	}
	fmt.Fprintf(stdout, "checked %d unit session(s) against attendance; %d difference(s)\n", a.unitSessions, len(udiffs))
	for _, d := range fdiffs {
		fmt.Fprintf(stdout, "RÓŻNICA dowody / %s / %s %d\n  zapisane: %s\n  z dowodów: %s\n", d.Programme, d.Kind, d.ID, completeness(d.Stored), completeness(!d.Stored))
	}
	fmt.Fprintf(stdout, "checked the evidence-complete flags of %d session(s) and meeting(s) against their evidence; %d difference(s)\n", a.records, len(fdiffs))
	for _, d := range a.pdiffs {
		fmt.Fprintf(stdout, "RÓŻNICA liczby protokołów / %s / %s\n  zapisane: %d\n  z protokołów: %d\n", d.Programme, d.Status.Label(), d.Stored, d.Computed)
	}
	fmt.Fprintf(stdout, "checked the protocol counts of %d programme(s) against their protocols; %d difference(s)\n", a.programmes, len(a.pdiffs))
	if ferr != nil {
		return ferr
	}
	for _, d := range diffs {
		fmt.Fprintf(stdout, "RÓŻNICA %s / %s / %s\n  zapisane: %s\n  z dowodów: %s\n", d.Programme, d.Indicator, d.Subject, d.Stored, d.Computed)
	}
	fmt.Fprintf(stdout, "checked %d fact(s) computed from the evidence; %d difference(s)\n", facts, len(diffs))
	if len(diffs) > 0 {
		return errReadModel
	}
	if len(sdiffs) > 0 || len(cdiffs) > 0 || len(udiffs) > 0 {
		return errSurveyAggregates
	}
	if len(fdiffs) > 0 {
		return errEvidenceFlags
	}
	if len(a.pdiffs) > 0 {
		return errProtocolCounts
	}
	return nil
}

// completeness names an evidence_complete flag's value.
func completeness(complete bool) string {
	if complete {
		return "komplet"
	}
	return "braki"
}
