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
	o        options
	w        *world
	Period   string
	Pages    []*page
	Runs     []*stats
	SQL      map[string]sqlResult
	Notes    []string
	PeakRSS  uint64 // VmHWM of the application
	PeakHeap uint64 // the largest Go heap at a collection (gctrace)
}

const memTarget = 64 << 20

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

// ratio is a page's p50 over its SQL's p50 (0 when there is no baseline).
func (d *reportData) ratio(key string) (float64, bool) {
	s, q := d.run("alone", key), d.SQL[key]
	if s == nil || q.Err != nil || q.P50 == 0 || s.OK == 0 {
		return 0, false
	}
	return float64(s.P50) / float64(q.P50), true
}

// argon2Note explains the pages whose time is a password hash by design.
func argon2Note(key string) string {
	switch key {
	case "signin", "sign":
		return " — the argon2id password check (19 MiB, tens of ms of CPU by design) is in the page and not in its SQL"
	}
	return ""
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
	p("Scenarios: (1) each page alone for %s (reads at %.4g req/s, writes at their own low rate); (2) the dashboard at %.4g req/s for %s; (3) all pages at once, %.4g req/s in all, for %s; (4) the session page and /healthz as fast as %d concurrent requests are answered, for %s. SQL alone: %s per measurement.\n\n",
		o.Duration, o.Rate, o.DashRate, o.Duration, o.MixedRate, o.Duration, o.Workers, o.MaxDuration, o.SQLDuration)

	// Targets.
	p("## Targets\n\n| target | measured | result |\n|---|---|---|\n")
	var reqs, errs int
	var failing []string
	for _, s := range d.Runs {
		reqs += s.Requests
		errs += s.Errors()
		if s.Errors() > 0 {
			failing = append(failing, fmt.Sprintf("%s (%s): %d", s.Page, s.Scenario, s.Errors()))
		}
	}
	errNote := ""
	if errs > 0 {
		errNote = ": " + strings.Join(failing, "; ")
	}
	p("| zero errors | %d errors in %d requests%s | %s |\n", errs, reqs, errNote, passFail(errs == 0))
	if s := d.run("dashboard target", "dashboard"); s != nil {
		ok := s.P95 <= 10*time.Millisecond && s.Errors() == 0 && s.Rate >= 0.95*o.DashRate
		miss := ""
		if s.P95 > 10*time.Millisecond {
			miss = fmt.Sprintf("; over by %s (%.1f×)", ms(s.P95-10*time.Millisecond), float64(s.P95)/float64(10*time.Millisecond))
		}
		if s.Rate < 0.95*o.DashRate {
			miss += fmt.Sprintf("; only %.1f req/s sent", s.Rate)
		}
		p("| programme dashboard p95 ≤ 10 ms at %.4g req/s | p95 %s, p99 %s at %.1f req/s%s | %s |\n", o.DashRate, ms(s.P95), ms(s.P99), s.Rate, miss, passFail(ok))
	}
	d.surveyTargets(p)
	var over, none []string
	checked := 0
	for _, pg := range d.Pages {
		if pg.Baseline {
			continue
		}
		r, ok := d.ratio(pg.Key)
		if !ok {
			none = append(none, pg.Key)
			continue
		}
		checked++
		if r > 3 {
			over = append(over, fmt.Sprintf("%s %.1f×%s", pg.Key, r, argon2Note(pg.Key)))
		}
	}
	ratioText := fmt.Sprintf("%d of %d pages with a SQL baseline within 3×", checked-len(over), checked)
	if len(over) > 0 {
		ratioText += "; over: " + strings.Join(over, "; ")
	}
	if len(none) > 0 {
		ratioText += "; no SQL baseline: " + strings.Join(none, ", ")
	}
	p("| every page's p50 ≤ 3× its own SQL alone | %s | %s |\n", ratioText, passFail(len(over) == 0))
	if s, q := d.run("max", "session"), d.SQL["session"]; s != nil && q.Throughput > 0 {
		r := s.Through / q.Throughput
		p("| session page throughput ≥ ½ of its SQL-only throughput | %.1f pages/s vs %.1f statement sequences/s (%d at once): %.2f | %s |\n",
			s.Through, q.Throughput, o.Workers, r, passFail(r >= 0.5 && s.Errors() == 0))
	}
	memText := fmt.Sprintf("peak RSS (VmHWM) %s; largest Go heap at a collection %s", mib(d.PeakRSS), mib(d.PeakHeap))
	if d.PeakRSS > memTarget {
		memText += fmt.Sprintf("; over by %s", mib(d.PeakRSS-memTarget))
	}
	p("| application memory ≤ 64 MiB with GOMEMLIMIT=%s | %s | %s |\n\n", o.MemLimit, memText, passFail(d.PeakRSS > 0 && d.PeakRSS <= memTarget))

	// (1) Alone, with the SQL baseline.
	p("## 1. Each page alone, and its SQL alone\n\n")
	p("| page | requests | rate | throughput | p50 | p95 | p99 | errors | SQL statements | SQL p50 | SQL p95 | p50 ÷ SQL p50 | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, pg := range d.Pages {
		s := d.run("alone", pg.Key)
		if s == nil {
			continue
		}
		q, has := d.SQL[pg.Key]
		stmts, sp50, sp95, ratio := "–", "–", "–", "–"
		if has && q.Err == nil && q.Runs > 0 {
			stmts, sp50, sp95 = fmt.Sprint(q.Statements), ms(q.P50), ms(q.P95)
			if q.Copies > 0 {
				stmts += fmt.Sprintf(" + %d COPY²", q.Copies)
			}
			if r, ok := d.ratio(pg.Key); ok {
				ratio = fmt.Sprintf("%.1f×", r)
				if r > 3 {
					ratio = "**" + ratio + "**"
				}
			}
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", pg.Name, requestsCell(s), rateCell(s.Rate, s), rateCell(s.Through, s),
			ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), stmts, sp50, sp95, ratio, mib(s.RSS))
	}
	p("\n")

	// (2) The dashboard target.
	if s := d.run("dashboard target", "dashboard"); s != nil {
		p("## 2. Programme dashboard at %.4g req/s\n\n| requests | rate | throughput | p50 | p95 | p99 | errors | peak RSS | Go heap |\n|---|---|---|---|---|---|---|---|---|\n", o.DashRate)
		p("| %d | %.1f/s | %.1f/s | %s | %s | %s | %s | %s | %s |\n\n", s.Requests, s.Rate, s.Through, ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), mib(s.RSS), mib(s.Heap))
	}

	// (3) Mixed.
	p("## 3. Mixed workload, %.4g req/s in all\n\n| page | asked | requests | rate | throughput | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|---|---|---|\n", o.MixedRate)
	var tot stats
	var rss, heap uint64
	for _, pg := range d.Pages {
		s := d.run("mixed", pg.Key)
		if s == nil {
			continue
		}
		tot.Requests += s.Requests
		tot.OK += s.OK
		tot.Rate += s.Rate
		tot.Through += s.Through
		rss, heap = s.RSS, s.Heap
		p("| %s | %.4g/s | %s | %s | %s | %s | %s | %s | %s |\n", pg.Name, pg.Mixed, requestsCell(s), rateCell(s.Rate, s), rateCell(s.Through, s), ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s))
	}
	p("| **all** | %.4g/s | %d | %.1f/s | %.1f/s | | | | %d |\n\nPeak RSS during the mixed run %s, Go heap %s.\n\n", o.MixedRate, tot.Requests, tot.Rate, tot.Through, tot.Requests-tot.OK, mib(rss), mib(heap))

	// (4) Maximum throughput.
	p("## 4. Maximum throughput (%d requests at once)\n\n| page | requests | throughput | p50 | p95 | p99 | errors | SQL alone, same concurrency | page ÷ SQL | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n", o.Workers)
	for _, pg := range d.Pages {
		s := d.run("max", pg.Key)
		if s == nil {
			continue
		}
		sqlCell, ratio := "–", "–"
		if q := d.SQL[pg.Key]; q.Throughput > 0 {
			sqlCell, ratio = fmt.Sprintf("%.1f/s", q.Throughput), fmt.Sprintf("%.2f", s.Through/q.Throughput)
		}
		p("| %s | %d | %.1f/s | %s | %s | %s | %s | %s | %s | %s |\n", pg.Name, s.Requests, s.Through, ms(s.P50), ms(s.P95), ms(s.P99), errorsCell(s), sqlCell, ratio, mib(s.RSS))
	}
	p("\n")

	// Notes.
	p("## Notes\n\n")
	p("- A page counts as answered only with 200; a write only with 303 to its own page (sign-in: to `/`). Latency is from the request's start to the whole body read.\n")
	p("- SQL alone: each page's statements (sql and arguments, in order) were captured while the application's handler served it once in this process with a pgx tracer on its pool, session store included; they are replayed on one pooled connection per page, reading every row without decoding it. Writes are replayed inside a transaction that is rolled back, their own transactions as savepoints, after their record is put back into its captured state.\n")
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
	for _, n := range d.Notes {
		p("- %s\n", n)
	}
	return b.String()
}
