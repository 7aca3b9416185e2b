package main

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"kaizen/internal/store"
	"kaizen/web/components"
)

// runner holds what one benchmark run found and prepared.
type runner struct {
	o      options
	log    io.Writer
	pool   *pgxpool.Pool // the SQL-only baseline's pool: the application's configuration
	w      *world
	period string // the report's period
	notes  []string
	// noCapture says why a page has no SQL-only baseline.
	noCapture map[string]string

	// Write records not used yet.
	attendance []int64
	drafts     []protocolRef
	submitted  []protocolRef

	// Survey scenarios: what they use, and whether their notes were made.
	surveys     surveyWorld
	surveyNoted bool

	// CAF scenarios: the same.
	caf        cafWorld
	cafNoted   bool
	cafNoScore bool // the build offers no score form

	startNoted bool // the start pages' notes were made
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "kaizen-load: "+format+"\n", args...)
}

func (r *runner) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// Requests per second of each page in the mixed run at 200 req/s, and of
// the writes measured alone (the reads alone run at -rate). The mix of
// issue 7 (sign-in 4, units 30, session 45, attendance 10, submit 3,
// sign 3, dashboard 50, unit view 40, CSV 10, XLSX 5) keeps its pages'
// shares at 0.9 of their rates; the pages of the survey and CAF issues
// take the other 20 req/s: public answers 10 (the busiest of them: every
// respondent), the wave results 4 and the CAF benchmarking 4 (read by
// coordinators and managers, like the dashboard but rarer), CAF score
// saves 2 (a group's members while they score).
var (
	mixedWeights = map[string]float64{"signin": 3.6, "units": 27, "session": 40.5, "attendance": 9, "submit": 2.7, "sign": 2.7,
		"dashboard": 45, "unitview": 36, "report-csv": 9, "report-xlsx": 4.5,
		"answer": 10, "results": 4, "caf-benchmark": 4, "caf-score": 2}
	aloneWrites = map[string]float64{"signin": 5, "attendance": 5, "submit": 2, "sign": 2, "answer": answerRate, "caf-score": 5}
)

func newRunner(ctx context.Context, o options, log io.Writer) (*runner, error) {
	cfg, err := store.PoolConfig(o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	r := &runner{o: o, log: log, pool: pool}
	secs := o.Duration.Seconds()
	want := func(k string) int {
		return int((aloneWrites[k]+mixedWeights[k]*o.MixedRate/200)*secs) + 2 + mixWrites(k, o.MaxDuration)
	}
	r.logf("discovering the programme, session, unit, accounts and records to write")
	r.w, err = discover(ctx, pool, o.Programme, o.Password, need{Attendance: want("attendance"), Drafts: want("submit"), Submitted: want("sign")})
	if err != nil {
		pool.Close()
		return nil, err
	}
	r.attendance, r.drafts, r.submitted = r.w.AttendanceSessions, r.w.Drafts, r.w.Submitted
	if r.surveys, err = discoverSurveys(ctx, pool, r.w.ProgrammeID); err != nil {
		pool.Close()
		return nil, err
	}
	if r.caf, err = discoverCAF(ctx, pool, r.w); err != nil {
		pool.Close()
		return nil, err
	}
	return r, nil
}

func (r *runner) close() { r.pool.Close() }

// take returns up to n records from the front of *list and removes them.
func take[T any](list *[]T, n int) []T {
	n = min(n, len(*list))
	out := (*list)[:n]
	*list = (*list)[n:]
	return out
}

// session is a signed-in browser of one account.
func signedIn(ctx context.Context, base, user, password string) (*client, error) {
	c := newClient(ctx, base)
	return c, c.signIn(user, password)
}

// pages are the things measured, in the report's order.
func (r *runner) pages(ctx context.Context, base string, reader, writer *client) []*page {
	w := r.w
	prog := fmt.Sprintf("/programmes/%d", w.ProgrammeID)
	rd := func(path string) func(int) ([]prepared, error) { return readTarget(base, path, reader.cookie()) }
	report := prog + "/report?period=" + url.QueryEscape(r.period) + "&format="
	managers := map[string]*client{}
	ps := []*page{
		{Key: "signin", Name: "sign-in (POST /login)", Write: true, prepare: func(n int) ([]prepared, error) {
			var out []prepared
			for i := range n {
				p, err := loginTarget(ctx, base, w.SignInUsers[i%len(w.SignInUsers)], w.Password)
				if err != nil {
					return out, err
				}
				out = append(out, p)
			}
			return out, nil
		}},
		{Key: "units", Name: "unit list /units (filtered, page 2)", prepare: rd("/units?q=gmina&woj=mazowieckie&od=50"),
			Note: "`/units?q=gmina&woj=mazowieckie&od=50`: the second page (50 a page) of the units whose name contains „gmina” in one voivodeship."},
		{Key: "session", Name: fmt.Sprintf("session page (%d attendees)", w.Attendees), prepare: rd(fmt.Sprintf("%s/sessions/%d", prog, w.SessionID))},
		{Key: "attendance", Name: "attendance save", Write: true, prepare: func(n int) ([]prepared, error) {
			var out []prepared
			for _, id := range take(&r.attendance, n) {
				p, err := attendanceTarget(base, writer, w.ProgrammeID, id)
				if err != nil {
					return out, err
				}
				out = append(out, p)
			}
			return out, nil
		}},
		{Key: "submit", Name: "protocol submit", Write: true, prepare: func(n int) ([]prepared, error) {
			var out []prepared
			for _, pr := range take(&r.drafts, n) {
				p, ok, err := stepTarget(base, writer, pr, "/submit", nil)
				if err != nil {
					return out, err
				}
				if ok {
					out = append(out, p)
				}
			}
			return out, nil
		}},
		{Key: "sign", Name: "protocol sign (manager, password)", Write: true, prepare: func(n int) ([]prepared, error) {
			var out []prepared
			for _, pr := range take(&r.submitted, n) {
				m := managers[pr.Manager]
				if m == nil {
					var err error
					if m, err = signedIn(ctx, base, pr.Manager, w.Password); err != nil {
						return out, err
					}
					managers[pr.Manager] = m
				}
				p, ok, err := stepTarget(base, m, pr, "/decide", url.Values{"decision": {"accepted"}, "password": {w.Password}})
				if err != nil {
					return out, err
				}
				if ok {
					out = append(out, p)
				}
			}
			return out, nil
		}},
		{Key: "dashboard", Name: "programme dashboard", prepare: rd(prog + "/indicators")},
		{Key: "unitview", Name: "unit view", prepare: rd(fmt.Sprintf("%s/units/%d", prog, w.UnitID))},
		{Key: "report-csv", Name: "report download (CSV)", prepare: rd(report + "csv")},
		{Key: "report-xlsx", Name: "report download (XLSX)", prepare: rd(report + "xlsx")},
		{Key: "healthz", Name: "baseline: /healthz (no database)", Baseline: true, prepare: readTarget(base, "/healthz", "")},
	}
	ps = append(ps, r.surveyPages(base, reader, r.surveyNoted)...)
	r.surveyNoted = true
	ps = append(ps, r.cafPages(ctx, base, reader, r.cafNoted)...)
	r.cafNoted = true
	ps = append(ps, r.startPages(ctx, base, r.startNoted)...)
	r.startNoted = true
	for _, p := range ps {
		p.Alone, p.Mixed = r.o.Rate, mixedWeights[p.Key]*r.o.MixedRate/200
		if v, ok := aloneWrites[p.Key]; ok {
			p.Alone = v
		}
	}
	return ps
}

func loginTarget(ctx context.Context, base, user, password string) (prepared, error) {
	c := newClient(ctx, base)
	token, err := c.loginForm()
	if err != nil {
		return prepared{}, err
	}
	return postTarget(base, "/login", c.cookie(), url.Values{"csrf_token": {token}, "username": {user}, "password": {password}}, "/"), nil
}

// attendanceTarget reads a session's attendance grid as the coordinator
// and changes one mark, as a person saving the grid does.
func attendanceTarget(base string, c *client, programmeID, sessionID int64) (prepared, error) {
	path := fmt.Sprintf("/programmes/%d/sessions/%d", programmeID, sessionID)
	resp, body, err := c.get(path)
	if err != nil {
		return prepared{}, err
	}
	f, ok := findForm(body, "/attendance")
	if resp.StatusCode != http.StatusOK || !ok || len(f.Checkboxes) == 0 {
		return prepared{}, fmt.Errorf("GET %s: status %d, attendance grid found: %v", path, resp.StatusCode, ok)
	}
	if mark := f.Checkboxes[0]; f.Values.Has(mark) {
		f.Values.Del(mark)
	} else {
		f.Values.Set(mark, "1")
	}
	return postTarget(base, f.Action, c.cookie(), f.Values, path+"#"+components.FlashID), nil // the confirmation inside the attendance section
}

// stepTarget reads a protocol's page and its form whose action ends with
// suffix (submit, decide); ok is false when the page offers no such form.
func stepTarget(base string, c *client, pr protocolRef, suffix string, extra url.Values) (prepared, bool, error) {
	path := fmt.Sprintf("/programmes/%d/protocols/%d", pr.ProgrammeID, pr.ID)
	resp, body, err := c.get(path)
	if err != nil {
		return prepared{}, false, err
	}
	if resp.StatusCode != http.StatusOK {
		return prepared{}, false, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	f, ok := findForm(body, suffix)
	if !ok {
		return prepared{}, false, nil
	}
	for k, v := range extra {
		f.Values[k] = v
	}
	return postTarget(base, f.Action, c.cookie(), f.Values, path), true, nil
}

// reportPeriod asks for the default report once and reads its period from
// the file name (sprawozdanie-<code>-<period>.csv): a calendar quarter or
// one of the programme's own periods.
func reportPeriod(c *client, programmeID int64, own []string) (string, error) {
	path := fmt.Sprintf("/programmes/%d/report?format=csv", programmeID)
	resp, _, err := c.get(path)
	if err != nil {
		return "", err
	}
	_, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	name := strings.TrimSuffix(params["filename"], ".csv")
	if resp.StatusCode != http.StatusOK || name == "" {
		return "", fmt.Errorf("GET %s: status %d, file name %q", path, resp.StatusCode, name)
	}
	if m := quarterRE.FindString(name); m != "" {
		return m, nil
	}
	best := ""
	for _, code := range own {
		if strings.HasSuffix(name, "-"+code) && len(code) > len(best) {
			best = code
		}
	}
	if best == "" {
		return "", fmt.Errorf("GET %s: no period found in the file name %q", path, name)
	}
	return best, nil
}

var quarterRE = regexp.MustCompile(`\d{4}-Q[1-4]$`)

// rateOf is a constant pacer for a rate that may be fractional.
func rateOf(perSecond float64) vegeta.Rate {
	return vegeta.Rate{Freq: int(perSecond*100 + 0.5), Per: 100 * time.Second}
}

// watcher gives the application's peak memory of each scenario (nil: not watched).
type watcher interface {
	window() (rss, heap uint64)
	settle(limit time.Duration) (time.Duration, bool)
	alive() error
}

// benchmark runs the scenarios against the application at base.
func (r *runner) benchmark(ctx context.Context, base string, mem watcher) (*reportData, error) {
	w, o := r.w, r.o
	rep := &reportData{o: o, w: w}
	reader, err := signedIn(ctx, base, w.Coordinator, w.Password)
	if err != nil {
		return nil, err
	}
	writer, err := signedIn(ctx, base, w.Coordinator, w.Password)
	if err != nil {
		return nil, err
	}
	if r.period, err = reportPeriod(reader, w.ProgrammeID, w.PeriodCodes); err != nil {
		return nil, err
	}
	rep.Period = r.period
	pages := r.pages(ctx, base, reader, writer)
	rep.Pages = pages

	r.logf("capturing each page's SQL in process")
	caps, err := r.capture(ctx, pages)
	if err != nil {
		return nil, fmt.Errorf("capture the pages' SQL: %w", err)
	}

	var died error
	beside := map[string][]time.Duration{} // pacedBeside's latencies, sorted
	measure := func(name string, f func() []*stats) {
		if died != nil {
			return
		}
		if mem != nil {
			if died = mem.alive(); died != nil {
				r.note("before %s: the application had exited; the benchmark stopped", name)
				return
			}
			if waited, idle := mem.settle(3 * time.Minute); !idle {
				r.note("before %s: the application was still busy after %s (the previous scenario's backlog); measured anyway", name, waited.Round(time.Second))
			} else if waited > 5*time.Second {
				r.note("before %s: waited %s for the application to become idle (the previous scenario's backlog)", name, waited.Round(time.Second))
			}
			mem.window()
		}
		r.logf("%s: measuring", name)
		res := f()
		var rss, heap uint64
		if mem != nil {
			rss, heap = mem.window()
		}
		for _, s := range res {
			s.RSS, s.Heap = rss, heap
		}
		rep.Runs = append(rep.Runs, res...)
	}
	prep := func(p *page, n int) []prepared {
		reqs, err := p.prepare(n)
		if err != nil {
			r.note("%s: preparing the requests stopped: %v", p.Name, err)
		}
		return reqs
	}
	count := func(rate float64, d time.Duration) int { return int(rate*d.Seconds()) + 1 }

	for _, p := range pages {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.logf("alone: %s at %.4g req/s for %s", p.Name, p.Alone, o.Duration)
		reqs := prep(p, count(p.Alone, o.Duration))
		measure(p.Key+" alone", func() []*stats {
			before := r.pacedBeside(ctx, caps[p.Key], p)
			s := attack(p, reqs, "alone", rateOf(p.Alone), o.Duration, 0)
			if after := r.pacedBeside(ctx, caps[p.Key], p); before != nil && after != nil {
				beside[p.Key] = slices.Sorted(slices.Values(append(before, after...)))
			}
			return []*stats{s}
		})
	}
	dash := pageByKey(pages, "dashboard")
	r.logf("dashboard at %.4g req/s for %s", o.DashRate, o.Duration)
	reqs := prep(dash, 1)
	measure("the dashboard target", func() []*stats {
		return []*stats{attack(dash, reqs, "dashboard target", rateOf(o.DashRate), o.Duration, 0)}
	})

	r.logf("mixed: %.4g req/s in all for %s", o.MixedRate, o.Duration)
	type job struct {
		p    *page
		reqs []prepared
	}
	var jobs []job
	for _, p := range pages {
		if p.Mixed > 0 {
			jobs = append(jobs, job{p, prep(p, count(p.Mixed, o.Duration))})
		}
	}
	measure("the mixed run", func() []*stats {
		out := make([]*stats, len(jobs))
		done := make(chan struct{})
		for i, j := range jobs {
			go func() {
				out[i] = attack(j.p, j.reqs, scenarioMixed, rateOf(j.p.Mixed), o.Duration, 0)
				done <- struct{}{}
			}()
		}
		for range jobs {
			<-done
		}
		return out
	})

	for _, k := range []string{"session", "healthz"} {
		p := pageByKey(pages, k)
		r.logf("maximum throughput: %s, %d at once for %s", p.Name, o.Workers, o.MaxDuration)
		reqs := prep(p, 1)
		if k == "session" && died == nil {
			rep.SessionSQL[0] = r.sqlBeside(ctx, caps[k], p)
		}
		measure(p.Key+" at its maximum", func() []*stats { return []*stats{attack(p, reqs, "max", vegeta.Rate{}, o.MaxDuration, o.Workers)} })
		if k == "session" && died == nil {
			rep.SessionSQL[1] = r.sqlBeside(ctx, caps[k], p)
		}
	}

	r.logf("maximum throughput of the mix: %d at once for %s", o.MixWorkers, o.MaxDuration)
	mixReqs := map[string][]prepared{}
	for _, p := range pages {
		switch {
		case p.Mixed <= 0:
		case p.Write:
			mixReqs[p.Key] = prep(p, mixWrites(p.Key, o.MaxDuration))
		default:
			mixReqs[p.Key] = prep(p, 1)
		}
	}
	measure("the mix at its maximum", func() []*stats {
		res, out := attackMix(pages, mixReqs, o.MaxDuration, o.MixWorkers)
		if len(out) > 0 {
			r.note("maximum throughput of the mix: these writes ran out of records (before or during the run) and left the rotation: %s (each record is written once)", strings.Join(out, ", "))
		}
		return res
	})

	if died == nil && mem != nil {
		died = mem.alive()
	}
	if died != nil {
		rep.Notes = r.notes
		return rep, died
	}
	if mem != nil {
		if waited, idle := mem.settle(3 * time.Minute); !idle {
			r.note("before the SQL-only replays: the application was still busy after %s; replayed anyway", waited.Round(time.Second))
		}
	}
	r.logf("SQL alone: replaying each page's statements through pgx, and the floor of each read")
	rep.SQL = map[string]sqlResult{}
	floors := newFloorServer(r.pool, caps)
	defer floors.Close()
	for _, p := range pages {
		c, ok := caps[p.Key]
		if !ok {
			continue
		}
		res := replay(ctx, r.pool, c, o.SQLDuration, o.Workers, p.Alone)
		if lat := beside[p.Key]; len(lat) > 0 {
			res.BesideP50, res.BesideP95, res.BesideRuns = quantile(lat, 0.50), quantile(lat, 0.95), len(lat)
		}
		if s := floors.floor(p, o.SQLDuration); s != nil {
			if s.Errors() > 0 {
				r.note("the floor of %s: %d of %d requests failed (%v); not reported", p.Name, s.Errors(), s.Requests, s.Codes)
			} else {
				res.FloorP50, res.FloorP95, res.FloorRuns = s.P50, s.P95, s.OK
			}
		}
		rep.SQL[p.Key] = res
		r.logf("SQL alone: %s: %d statements, p50 %s over %d runs, at %.4g/s p50 %s, floor p50 %s", p.Name, res.Statements, ms(res.P50), res.Runs, res.Rate, ms(res.PacedP50), ms(res.FloorP50))
	}
	for k, why := range r.noCapture {
		rep.SQL[k] = sqlResult{Note: why}
	}
	rep.Notes = r.notes
	return rep, nil
}

func pageByKey(pages []*page, key string) *page {
	for _, p := range pages {
		if p.Key == key {
			return p
		}
	}
	panic("no page " + key)
}
