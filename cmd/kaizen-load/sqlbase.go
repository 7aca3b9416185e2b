package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The SQL-only baseline: each page's statements are captured while the
// application's own handler serves the page in this process (a pgx tracer
// on its pool), then replayed through a pgx pool alone.

// stmt is one captured statement; statements of one batch share Batch.
type stmt struct {
	SQL   string
	Args  []any
	Batch int
}

// recorder is the pool's tracer; it records only while armed.
type recorder struct {
	mu      sync.Mutex
	on      bool
	stmts   []stmt
	copies  int // COPY FROM calls: their rows are not visible to a tracer
	batches int
}

type batchKey struct{}

func (r *recorder) arm() {
	r.mu.Lock()
	r.on, r.stmts, r.copies = true, nil, 0
	r.mu.Unlock()
}

func (r *recorder) disarm() (stmts []stmt, copies int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts, r.copies
}

func (r *recorder) add(s stmt) {
	// A connection opened meanwhile switches its role: not the page's SQL.
	if strings.HasPrefix(s.SQL, "SET ROLE") || strings.Contains(s.SQL, "FROM pg_roles") {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.stmts = append(r.stmts, s)
	}
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.add(stmt{SQL: d.SQL, Args: slices.Clone(d.Args)})
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *recorder) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.mu.Lock()
	r.batches++
	n := r.batches
	r.mu.Unlock()
	return context.WithValue(ctx, batchKey{}, n)
}

func (r *recorder) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	n, _ := ctx.Value(batchKey{}).(int)
	r.add(stmt{SQL: d.SQL, Args: slices.Clone(d.Args), Batch: n})
}

func (r *recorder) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (r *recorder) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	r.mu.Lock()
	if r.on {
		r.copies++
	}
	r.mu.Unlock()
	return ctx
}

func (r *recorder) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}

// capture is a page's statements and how to replay them.
type capture struct {
	Stmts  []stmt
	Copies int
	// Write: replayed inside a transaction that is rolled back, its own
	// transactions turned into savepoints, after Setup has put the record
	// back into the state it had when the statements were captured.
	Write bool
	Setup []stmt
	// Answer: a read's answer as the application sent it (the floor's).
	Answer answer
}

func isTxStmt(sql, word string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(sql)), word)
}

// runStmts sends statements in order, batches as batches, reading every row.
func runStmts(ctx context.Context, conn *pgxpool.Conn, stmts []stmt, write bool) error {
	for i := 0; i < len(stmts); i++ {
		s := stmts[i]
		sql := s.SQL
		if write {
			switch {
			case isTxStmt(sql, "begin"):
				sql = "SAVEPOINT kaizen_load"
			case isTxStmt(sql, "commit"):
				sql = "RELEASE SAVEPOINT kaizen_load"
			case isTxStmt(sql, "rollback"):
				sql = "ROLLBACK TO SAVEPOINT kaizen_load"
			}
		}
		if s.Batch != 0 {
			b := &pgx.Batch{}
			for ; i < len(stmts) && stmts[i].Batch == s.Batch; i++ {
				b.Queue(stmts[i].SQL, stmts[i].Args...)
			}
			i--
			if err := conn.SendBatch(ctx, b).Close(); err != nil {
				return fmt.Errorf("batch %.60q: %w", s.SQL, err)
			}
			continue
		}
		rows, err := conn.Query(ctx, sql, s.Args...)
		if err != nil {
			return fmt.Errorf("%.80q: %w", sql, err)
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%.80q: %w", sql, err)
		}
	}
	return nil
}

// replayOnce runs a capture once on a connection of pool and returns the
// time of its statements alone.
func replayOnce(ctx context.Context, pool *pgxpool.Pool, c *capture) (time.Duration, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	if !c.Write {
		start := time.Now()
		err := runStmts(ctx, conn, c.Stmts, false)
		return time.Since(start), err
	}
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		return 0, err
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "ROLLBACK") }()
	if err := runStmts(ctx, conn, c.Setup, false); err != nil {
		return 0, fmt.Errorf("setup: %w", err)
	}
	start := time.Now()
	err = runStmts(ctx, conn, c.Stmts, true)
	return time.Since(start), err
}

// sqlResult is the SQL-only baseline of one page.
type sqlResult struct {
	Statements int
	Copies     int
	Runs       int
	P50, P95   time.Duration
	// PacedP50, PacedP95: the sequences replayed at the page's own rate
	// (Rate per second), as the page itself is asked in scenario 1, so
	// that the database is as idle between them as it is between pages.
	PacedP50, PacedP95 time.Duration
	PacedRuns          int
	Rate               float64
	// BesideP50, BesideP95: the same, replayed just before and just after
	// the page's own run at that rate (runner.pacedBeside): the baseline
	// the ratio target compares with, at the same moment of the machine.
	BesideP50, BesideP95 time.Duration
	BesideRuns           int
	// FloorP50, FloorP95: a server that only runs the statements and sends
	// the page's captured answer, asked at the page's rate (floor.go).
	FloorP50, FloorP95 time.Duration
	FloorRuns          int
	Throughput         float64 // statement sequences per second with Workers at once (reads only)
	Workers            int
	Err                error
	Note               string
}

// replay measures a capture: one sequence after another for d (latency),
// then one sequence every 1/rate seconds for d (latency at the page's own
// rate), then, for reads, workers sequences at once for d (throughput).
func replay(ctx context.Context, pool *pgxpool.Pool, c *capture, d time.Duration, workers int, rate float64) sqlResult {
	res := sqlResult{Statements: len(c.Stmts), Copies: c.Copies, Rate: rate}
	var lat []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end) || len(lat) < 5; {
		t, err := replayOnce(ctx, pool, c)
		if err != nil {
			res.Err = err
			return res
		}
		lat = append(lat, t)
	}
	slices.Sort(lat)
	res.Runs, res.P50, res.P95 = len(lat), quantile(lat, 0.50), quantile(lat, 0.95)
	if rate > 0 {
		paced, err := replayPaced(ctx, pool, c, d, rate)
		if err != nil {
			res.Err = err
			return res
		}
		res.PacedRuns, res.PacedP50, res.PacedP95 = len(paced), quantile(paced, 0.50), quantile(paced, 0.95)
	}
	if c.Write {
		return res
	}
	res.Workers = workers
	res.Throughput, res.Err = replayMax(ctx, pool, c, d, workers)
	return res
}

// replayPaced runs a capture once every 1/rate seconds for d (at least 3
// times), each start on its own slot as vegeta's constant pacer does, and
// returns the sorted latencies.
func replayPaced(ctx context.Context, pool *pgxpool.Pool, c *capture, d time.Duration, rate float64) ([]time.Duration, error) {
	interval := time.Duration(float64(time.Second) / rate)
	n := max(int(d.Seconds()*rate), 3)
	lat := make([]time.Duration, 0, n)
	start := time.Now()
	for i := range n {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
		}
		t, err := replayOnce(ctx, pool, c)
		if err != nil {
			return nil, err
		}
		lat = append(lat, t)
	}
	slices.Sort(lat)
	return lat, nil
}

// quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// replayMax replays a read's statements with workers sequences at once for
// d: its statement sequences per second.
func replayMax(ctx context.Context, pool *pgxpool.Pool, c *capture, d time.Duration, workers int) (float64, error) {
	var done atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for range workers {
		wg.Go(func() {
			for time.Now().Before(end) {
				if _, err := replayOnce(ctx, pool, c); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	tp := float64(done.Load()) / time.Since(start).Seconds()
	if err, ok := firstErr.Load().(error); ok {
		return tp, err
	}
	return tp, nil
}

// sqlBeside replays a read page's statements alone, as many at once as its
// maximum-throughput run asks it (0 when there is no capture or the
// replay fails, with a note). The session page's are replayed just before
// and just after that run, and its target compares the page with their
// mean: measured minutes apart, at the end with the other SQL baselines,
// the two sides saw different moments of a shared machine (the statements
// alone 462 to 722 sequences/s across runs of the same data and code).
func (r *runner) sqlBeside(ctx context.Context, c *capture, p *page) float64 {
	if c == nil || c.Write {
		return 0
	}
	tp, err := replayMax(ctx, r.pool, c, r.o.SQLDuration, r.o.Workers)
	if err != nil {
		r.note("%s: the statements alone beside the page's maximum throughput: %v", p.Name, err)
		return 0
	}
	r.logf("SQL alone beside the page: %s, %d at once: %.1f sequences/s", p.Name, r.o.Workers, tp)
	return tp
}

// pacedBeside replays a page's statements at the page's own rate for half
// a scenario's duration: called just before and just after the page's run
// alone, so that its ratio target compares the page with its SQL at the
// same moment of the machine. Measured after all the scenarios, minutes
// later, as before, the two sides saw different moments of a shared VM
// (the CAF benchmarking page's statements: 0.82–1.07 ms at p50 across
// runs of the same data). Nil without a capture, or when the replay fails
// (with a note).
func (r *runner) pacedBeside(ctx context.Context, c *capture, p *page) []time.Duration {
	if c == nil || p.Alone <= 0 {
		return nil
	}
	lat, err := replayPaced(ctx, r.pool, c, r.o.Duration/2, p.Alone)
	if err != nil {
		r.note("%s: the SQL replay beside the page's run: %v", p.Name, err)
		return nil
	}
	return lat
}
