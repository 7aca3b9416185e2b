package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Backend is what the workers need of the store.
type Backend interface {
	// RecordMailSent writes the audit entry of a sent message (recipient,
	// kind, subject; never the body) and calls complete with the same
	// transaction, which marks the job done.
	RecordMailSent(ctx context.Context, m Message, complete func(pgx.Tx) error) error
	// QueuePeriodEndedNotices queues the notices of reporting periods that
	// ended (by the store's clock) and are not closed, once per period and
	// coordinator, and returns how many it queued.
	QueuePeriodEndedNotices(ctx context.Context) (int, error)
}

// Deliverer sends one message (a Sender).
type Deliverer interface {
	Send(ctx context.Context, m Message) error
}

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	send Deliverer
	b    Backend
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	if err := w.send.Send(ctx, job.Args.Message); err != nil {
		return err
	}
	// The audit entry and the job's completion commit together: a message
	// is never sent again once its entry is written.
	return w.b.RecordMailSent(ctx, job.Args.Message, func(tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	})
}

func (w *sendWorker) Timeout(*river.Job[SendArgs]) time.Duration { return 2 * time.Minute }

// PeriodsArgs is the daily job that looks for ended periods.
type PeriodsArgs struct{}

// Kind is the job's kind in river_job.
func (PeriodsArgs) Kind() string { return "notice_periods_ended" }

// InsertOpts puts the job in the mail queue, one at a time.
func (PeriodsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

type periodsWorker struct {
	river.WorkerDefaults[PeriodsArgs]
	b   Backend
	log *slog.Logger
}

func (w *periodsWorker) Work(ctx context.Context, _ *river.Job[PeriodsArgs]) error {
	n, err := w.b.QueuePeriodEndedNotices(ctx)
	if err == nil && n > 0 {
		w.log.Info("notices of ended periods queued", "count", n)
	}
	return err
}

// Workers runs the queue: sending messages, and once a day (and at
// start) looking for periods that ended.
type Workers struct {
	client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
}

// WorkersConfig says how the workers run.
type WorkersConfig struct {
	Pool    *pgxpool.Pool
	Send    Deliverer
	Backend Backend
	Log     *slog.Logger
	// PollEvery is how often the queue is looked at besides the database's
	// notifications (default 1 s); tests make it short.
	PollEvery time.Duration
	// PeriodsEvery is how often ended periods are looked for (default
	// daily); the first look is at start.
	PeriodsEvery time.Duration
}

// StartWorkers starts working the queue until Stop.
func StartWorkers(ctx context.Context, cfg WorkersConfig) (*Workers, error) {
	if cfg.Pool == nil || cfg.Send == nil || cfg.Backend == nil || cfg.Log == nil {
		return nil, errors.New("mail: StartWorkers needs a pool, a sender, a backend and a logger")
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendWorker{send: cfg.Send, b: cfg.Backend})
	river.AddWorker(workers, &periodsWorker{b: cfg.Backend, log: cfg.Log})
	every := cfg.PeriodsEvery
	if every <= 0 {
		every = 24 * time.Hour
	}
	poll := cfg.PollEvery
	if poll <= 0 {
		poll = time.Second
	}
	// The queue works through connections of its own (one of them waits
	// for notifications all the time), not the pages'.
	pc := cfg.Pool.Config()
	pc.MinConns, pc.MaxConns = 0, 3
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("mail: queue connections: %w", err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{Queue: {MaxWorkers: 4}},
		Workers:           workers,
		Logger:            slog.New(warnOnly{cfg.Log.Handler()}).With("component", "mail queue"),
		FetchPollInterval: poll,
		FetchCooldown:     min(poll, 100*time.Millisecond),
		// The application's role owns no table: River may not reindex.
		ReindexerSchedule: river.NeverSchedule(),
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return PeriodsArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("mail: queue client: %w", err)
	}
	// Stop, not the end of ctx, ends the work: a job being sent finishes.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		pool.Close()
		return nil, fmt.Errorf("mail: start the queue: %w", err)
	}
	return &Workers{client: client, pool: pool}, nil
}

// Stop lets running jobs finish (until ctx ends, then cancels them) and
// stops.
func (w *Workers) Stop(ctx context.Context) error {
	err := w.client.Stop(ctx)
	if ctx.Err() != nil {
		err = w.client.StopAndCancel(context.Background())
	}
	w.pool.Close()
	return err
}

// warnOnly passes River's warnings and errors on, not its routine
// information (job counts every few seconds).
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(as)} }

func (h warnOnly) WithGroup(name string) slog.Handler { return warnOnly{h.Handler.WithGroup(name)} }
