package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"
)

// reportData is everything the report shows.
type reportData struct {
	o      options
	w      *world
	Period string
	Pages  []*page
	Runs   []*stats
	SQL    map[string]sqlResult
	// SessionSQL: the session page's statements alone, Workers at once,
	// in statement sequences per second, replayed just before and just
	// after the page's maximum-throughput run (0: not measured).
	SessionSQL [2]float64
	Notes      []string
	PeakRSS    uint64 // VmHWM of the application
	PeakHeap   uint64 // the largest Go heap at a collection (gctrace)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func mib(b uint64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func passFail(ok bool) string {
	if ok {
		return "pass"
	}
	return "**FAIL**"
}

func (d *reportData) run(scenario, key string) *stats {
	for _, s := range d.Runs {
		if s.Scenario == scenario && s.Page == key {
			return s
		}
	}
	return nil
}

func errorsCell(s *stats) string {
	if s.Errors() == 0 {
		return "0"
	}
	var parts []string
	for k, n := range s.Codes {
		parts = append(parts, fmt.Sprintf("%d× %s", n, strings.ReplaceAll(k, "|", "/")))
	}
	slices.Sort(parts)
	return fmt.Sprintf("**%d** (%s)", s.Errors(), strings.Join(parts, ", "))
}

// rateCell is a rate, or a dash when one request makes no rate.
func rateCell(r float64, s *stats) string {
	if s.Requests < 2 {
		return "–"
	}
	return fmt.Sprintf("%.1f/s", r)
}

func requestsCell(s *stats) string {
	if s.Prepared >= 0 && s.Wanted > 0 && s.Requests < s.Wanted {
		return fmt.Sprintf("%d of %d¹", s.Requests, s.Wanted)
	}
	return fmt.Sprint(s.Requests)
}

// ratio is a page's p50 alone over its SQL's p50 replayed at the page's
// own rate (paced) or back to back (0 and false when there is no
// baseline).
func (d *reportData) ratio(key string, paced bool) (float64, bool) {
	s, q := d.run("alone", key), d.SQL[key]
	base := q.sqlP50(paced)
	if s == nil || q.Err != nil || base == 0 || s.OK == 0 {
		return 0, false
	}
	return float64(s.P50) / float64(base), true
}

// sqlP50 is the baseline's p50 at the page's rate (paced: replayed
// beside the page's run, or after all the scenarios when it was not) or
// back to back.
func (q sqlResult) sqlP50(paced bool) time.Duration {
	switch {
	case !paced:
		return q.P50
	case q.BesideP50 > 0:
		return q.BesideP50
	}
	return q.PacedP50
}

// ratioCell is a page's ratio to its SQL as a cell, bold when over the
// target's limit ("–" without a baseline).
func (d *reportData) ratioCell(key string, paced bool) string {
	r, ok := d.ratio(key, paced)
	if !ok {
		return "–"
	}
	c := fmt.Sprintf("%.1f×", r)
	if r > sqlRatioMax && !sqlExcluded(key) {
		c = "**" + c + "**"
	}
	return c
}

func (d *reportData) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w, o := d.w, d.o

	p("# Load benchmark\n\n")
	p("Run by `kaizen-load` (vegeta) on %d CPU(s), %s/%s, %s. The application is `kaizen serve`%s with `GOMEMLIMIT=%s`, started by the tool; its SQL alone is replayed through a pgx pool with the application's configuration.\n\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), map[bool]string{true: " -demo", false: ""}[w.Demo], o.MemLimit)
	p("Data: programme %s (id %d); session %d with %d attendees; unit %d (%s, the programme's unit with the most participants); report period %s. Accounts: reads and attendance/submission as `%s`, sign-in rotating %s, signing as the unit's manager.\n\n",
		w.ProgrammeCode, w.ProgrammeID, w.SessionID, w.Attendees, w.UnitID, w.UnitName, d.Period, w.Coordinator, "`"+strings.Join(w.SignInUsers, "`, `")+"`")
	p("Scenarios: (1) each page alone for %s (reads at %.4g req/s, writes at their own low rate), its statements alone replayed at the same rate for half as long just before and just after it; (2) the dashboard at %.4g req/s for %s; (3) the mix of pages at once, %.4g req/s in all, for %s; (4) the session page and /healthz as fast as %d concurrent requests are answered, for %s (the session page's statements alone replayed as many at once just before and just after it); (5) the whole mix in a closed loop, %d requests at once drawn in the mix's proportions, for %s. SQL alone: %s per measurement.\n\n",
		o.Duration, o.Rate, o.DashRate, o.Duration, o.MixedRate, o.Duration, o.Workers, o.MaxDuration, o.MixWorkers, o.MaxDuration, o.SQLDuration)

	d.targets(p)

	// (1) Alone, with the SQL baseline.
	p("## 1. Each page alone, and its SQL alone\n\n")
	p("| page | requests | rate | throughput | p50 | p95 | p99 | errors | SQL statements | SQL p50 at the page's rate, beside its run | SQL p95 at the page's rate, beside its run | p50 ÷ SQL p50 at the page's rate | SQL p50 at the page's rate, after all scenarios | SQL p50 back to back | p50 ÷ SQL p50 back to back | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, pg := range d.Pages {
		s := d.run("alone", pg.Key)
		if s == nil {
			continue
		}
		q, has := d.SQL[pg.Key]
		stmts, bp50, bp95, pratio, pp50, sp50, ratio := "–", "–", "–", "–", "–", "–", "–"
		if has && q.Err == nil && q.Runs > 0 {
			stmts, sp50 = fmt.Sprint(q.Statements), ms(q.P50)
			if q.PacedRuns > 0 {
				pp50 = ms(q.PacedP50)
			}
			if q.BesideRuns > 0 {
				bp50, bp95 = ms(q.BesideP50), ms(q.BesideP95)
			}
			if q.Copies > 0 {
				stmts += fmt.Sprintf(" + %d COPY²", q.Copies)
			}
			pratio, ratio = d.ratioCell(pg.Key, true), d.ratioCell(pg.Key, false)
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", pg.Name, requestsCell(s), rateCell(s.Rate, s), rateCell(s.Through, s),
			ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), stmts, bp50, bp95, pratio, pp50, sp50, ratio, mib(s.RSS))
	}
	p("\n")
	d.floorTable(p)

	// (2) The dashboard target.
	if s := d.run("dashboard target", "dashboard"); s != nil {
		p("## 2. Programme dashboard at %.4g req/s\n\n| requests | rate | throughput | p50 | p95 | p99 | errors | peak RSS | Go heap |\n|---|---|---|---|---|---|---|---|---|\n", o.DashRate)
		p("| %d | %.1f/s | %.1f/s | %s | %s | %s | %s | %s | %s |\n\n", s.Requests, s.Rate, s.Through, ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), mib(s.RSS), mib(s.Heap))
	}

	// (3) Mixed.
	p("## 3. Mixed workload, %.4g req/s in all\n\n| page | asked | requests | rate | throughput | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|---|---|---|\n", o.MixedRate)
	if runs := d.scenario(scenarioMixed); len(runs) > 0 {
		for _, s := range runs {
			p("| %s | %.4g/s | %s | %s | %s | %s | %s | %s | %s |\n", d.pageName(s.Page), s.Rate0, requestsCell(s), rateCell(s.Rate, s), rateCell(s.Through, s), ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s))
		}
		all := merged("all", scenarioMixed, runs)
		p("| **all** | %.4g/s | %d | %.1f/s | %.1f/s | %s | %s | %s | %s |\n\nPeak RSS during the mixed run %s, Go heap %s.\n\n", o.MixedRate, all.Requests, all.Rate, all.Through,
			ms(all.P50), ms(all.P95), ms(all.P99), errorsCell(all), mib(all.RSS), mib(all.Heap))
	}

	// (4) Maximum throughput.
	p("## 4. Maximum throughput (%d requests at once)\n\n| page | requests | throughput | p50 | p95 | p99 | errors | SQL alone, same concurrency | page ÷ SQL | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n", o.Workers)
	for _, pg := range d.Pages {
		s := d.run("max", pg.Key)
		if s == nil {
			continue
		}
		sqlCell, ratio := "–", "–"
		tp := d.SQL[pg.Key].Throughput
		if pg.Key == "session" {
			tp, _ = d.sessionSQLThroughput()
		}
		if tp > 0 {
			sqlCell, ratio = fmt.Sprintf("%.1f/s", tp), fmt.Sprintf("%.2f", s.Through/tp)
		}
		p("| %s | %d | %.1f/s | %s | %s | %s | %s | %s | %s | %s |\n", pg.Name, s.Requests, s.Through, ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), sqlCell, ratio, mib(s.RSS))
	}
	p("\n")
	if b, a := d.SessionSQL[0], d.SessionSQL[1]; b > 0 && a > 0 {
		p("The session page's statements alone, %d at once: %.1f sequences/s just before the page's run and %.1f just after (the table's figure is their mean); %.1f replayed after all the scenarios.\n\n",
			o.Workers, b, a, d.SQL["session"].Throughput)
	}

	// (5) The whole mix at its maximum.
	if runs := d.scenario(scenarioMaxMix); len(runs) > 0 {
		all := merged("all", scenarioMaxMix, runs)
		p("## 5. Maximum throughput of the whole mix (%d requests at once, closed loop)\n\n| page | share of the mix | requests | share of requests | throughput | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|---|---|---|\n", o.MixWorkers)
		for _, s := range runs {
			share := 0.0
			if all.Requests > 0 {
				share = 100 * float64(s.Requests) / float64(all.Requests)
			}
			p("| %s | %.1f%% | %d | %.1f%% | %s | %s | %s | %s | %s |\n", d.pageName(s.Page), 100*mixedWeights[s.Page]/mixedTotal(), s.Requests, share,
				rateCell(s.Through, s), ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s))
		}
		p("| **all** | | %d | | %.1f/s | %s | %s | %s | %s |\n\nPeak RSS during the run %s, Go heap %s.\n\n", all.Requests, all.Through, ms(all.P50), ms(all.P95), ms(all.P99), errorsCell(all), mib(all.RSS), mib(all.Heap))
	}

	// Notes.
	p("## Notes\n\n")
	p("- A page counts as answered only with 200; a write only with 303 to its own page (sign-in: to `/`). Latency is from the request's start to the whole body read.\n")
	p("- SQL alone: each page's statements (sql and arguments, in order) were captured while the application's handler served it once in this process with a pgx tracer on its pool, session store included; they are replayed on one pooled connection per page, reading every row without decoding it: one sequence after another (back to back), then one sequence every 1/rate seconds at the page's own rate in scenario 1 (the target's baseline: between two sequences the database is as idle as between two pages), then, for reads, as many at once as the throughput runs. Writes are replayed inside a transaction that is rolled back, their own transactions as savepoints, after their record is put back into its captured state.\n")
	for _, pg := range d.Pages {
		q, has := d.SQL[pg.Key]
		switch {
		case pg.Baseline:
		case !has:
			p("- %s: no SQL baseline.\n", pg.Name)
		case q.Note != "":
			p("- %s: SQL baseline %s.\n", pg.Name, q.Note)
		case q.Err != nil:
			p("- %s: the SQL replay failed: %v.\n", pg.Name, q.Err)
		}
		if pg.Note != "" {
			p("- %s\n", pg.Note)
		}
	}
	if slices.ContainsFunc(d.Runs, func(s *stats) bool { return s.Prepared >= 0 && s.Wanted > 0 && s.Requests < s.Wanted }) {
		p("- ¹ The database had fewer records of this kind left than the rate asked for: each record is written once (a second save of the same form would be stale), so the scenario did fewer writes.\n")
	}
	if slices.ContainsFunc(d.Pages, func(pg *page) bool { return d.SQL[pg.Key].Copies > 0 }) {
		p("- ² COPY FROM (new indicator facts) is not replayed: a tracer does not see its rows; the replay is that much shorter than the page's SQL.\n")
	}
	p("- %s\n", d.mixNote())
	for _, n := range d.Notes {
		p("- %s\n", n)
	}
	return b.String()
}
