package fault

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// fixture is what the load works on, read from the demo data.
type fixture struct {
	programme int64
	task      int64 // a task consultations may be recorded in
	unit      int64 // a participating unit
	day       string
	session   int64 // the training session whose attendance grid is saved
	persons   []int64
	days      []string
	protocol  int64 // a protocol of the unit manager's unit (0: none)
}

func loadFixture(ctx context.Context, ownerURL string) (*fixture, error) {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	f := &fixture{}
	var start, end time.Time
	if err := conn.QueryRow(ctx, `SELECT id, start_date, end_date FROM programmes WHERE code = 'POKL-5.2.1-DZ'`).Scan(&f.programme, &start, &end); err != nil {
		return nil, fmt.Errorf("demo programme: %w", err)
	}
	day := time.Now().UTC()
	if day.Before(start) || day.After(end) {
		day = start
	}
	f.day = day.Format("2006-01-02")
	if err := conn.QueryRow(ctx, `SELECT id FROM tasks WHERE programme_id = $1 AND kind <> 'meetings' ORDER BY id LIMIT 1`, f.programme).Scan(&f.task); err != nil {
		return nil, fmt.Errorf("task: %w", err)
	}
	if err := conn.QueryRow(ctx, `SELECT unit_id FROM participations WHERE programme_id = $1 ORDER BY unit_id LIMIT 1`, f.programme).Scan(&f.unit); err != nil {
		return nil, fmt.Errorf("unit: %w", err)
	}
	if err := conn.QueryRow(ctx, `SELECT session_id FROM attendance WHERE programme_id = $1
		GROUP BY session_id ORDER BY count(*) DESC, session_id LIMIT 1`, f.programme).Scan(&f.session); err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	rows, _ := conn.Query(ctx, `SELECT DISTINCT person_id FROM attendance WHERE session_id = $1 ORDER BY 1`, f.session)
	if f.persons, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return nil, err
	}
	rows, _ = conn.Query(ctx, `SELECT to_char(day, 'YYYY-MM-DD') FROM session_days WHERE session_id = $1 ORDER BY day`, f.session)
	if f.days, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, err
	}
	err = conn.QueryRow(ctx, `SELECT coalesce(min(p.id), 0) FROM protocols p JOIN user_units uu ON uu.unit_id = p.unit_id
		JOIN users u ON u.id = uu.user_id WHERE u.username = 'kierownik' AND p.programme_id = $1`, f.programme).Scan(&f.protocol)
	return f, err
}

// readPaths are the pages read under load; every signed-in role may read
// each of them (the protocol is of the unit manager's own unit).
func (f *fixture) readPaths() []string {
	p := "/programmes/" + strconv.FormatInt(f.programme, 10)
	paths := []string{"/", p + "/indicators", p + "/sessions", p + "/sessions/" + strconv.FormatInt(f.session, 10), "/units"}
	if f.protocol != 0 {
		paths = append(paths, p+"/protocols/"+strconv.FormatInt(f.protocol, 10))
	}
	return paths
}

// present is attendance pattern k: whether person i was present on day j.
// Patterns differ all over the grid, so a grid saved in part would match
// none of them.
func present(k, i, j int) bool {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d/%d/%d", k, i, j)
	return h.Sum32()&1 == 1
}

// client is a signed-in user with a browser's cookie jar.
type client struct {
	user string
	http *http.Client
	csrf string
}

var (
	csrfRE    = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)
	versionRE = regexp.MustCompile(`name="attendance_version" value="([0-9]+)"`)
)

func signIn(ctx context.Context, base string, tr http.RoundTripper, user string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{user: user, http: &http.Client{Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	token := func() error {
		_, body, err := c.do(ctx, http.MethodGet, base+"/login", nil)
		m := csrfRE.FindStringSubmatch(body)
		if err == nil && m == nil {
			err = fmt.Errorf("no CSRF token on the sign-in page")
		}
		if m != nil {
			c.csrf = m[1]
		}
		return err
	}
	if err := token(); err != nil {
		return nil, err
	}
	status, _, err := c.do(ctx, http.MethodPost, base+"/login", url.Values{"username": {user}, "password": {"demo"}, "csrf_token": {c.csrf}})
	if err != nil || status != http.StatusSeeOther {
		return nil, fmt.Errorf("sign-in as %s: status %d, %v", user, status, err)
	}
	_, body, err := c.do(ctx, http.MethodGet, base+"/account/password", nil)
	if m := csrfRE.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return c, err
}

// do sends a GET, or a POST of form, and reads the whole answer.
func (c *client) do(ctx context.Context, method, u string, form url.Values) (int, string, error) {
	status, body, _, err := c.doID(ctx, method, u, form)
	return status, body, err
}

// doID is do that also returns the answer's request id (X-Request-ID), by
// which the application's log can be searched.
func (c *client) doID(ctx context.Context, method, u string, form url.Values) (int, string, string, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, "", "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	id := resp.Header.Get("X-Request-ID")
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", id, err
	}
	return resp.StatusCode, string(b), id, nil
}

// result is one request of the load.
type result struct {
	phase      int
	read       bool
	path       string
	start, end time.Time
	status     int // 0: no answer
	err        error
	requestID  string
	// Writes: acked is a success answer (303); notSaved a 503 saying
	// nothing was saved.
	acked, notSaved bool
}

func (r result) ok() bool { return r.status == http.StatusOK || r.acked }

// consultation is a consultation the load tried to record.
type consultation struct {
	topic           string
	acked, notSaved bool
	requestID       string
}

// gridSave is an attempt to save the attendance grid with pattern k.
type gridSave struct {
	k     int
	acked bool
}

// load drives the mixed traffic and records every request.
type load struct {
	base    string
	fix     *fixture
	readers []*client // every account
	writers []*client // accounts that record consultations
	grid    *client   // saves the attendance grid (one writer: optimistic locking)
	rate    int

	phase    atomic.Int64
	seq      atomic.Int64
	inFlight atomic.Int64

	mu            sync.Mutex
	results       []result
	consultations []consultation
	gridSaves     []gridSave
	skipped       int // ticks not sent: too many requests in flight
}

func (l *load) record(r result) {
	l.inFlight.Add(-1)
	l.mu.Lock()
	l.results = append(l.results, r)
	l.mu.Unlock()
}

// run sends rate requests per second until ctx ends (about 90% page reads
// and 10% new consultations), plus the attendance grid saved in a loop
// (a read of the session page and a save, about 5 times per second).
func (l *load) run(ctx context.Context) {
	var wg sync.WaitGroup
	const maxInFlight = 2000
	inFlight := make(chan struct{}, maxInFlight)
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.gridLoop(ctx)
	}()
	tick := time.NewTicker(time.Second / time.Duration(l.rate))
	defer tick.Stop()
	paths := l.fix.readPaths()
	// Requests run to their end even after ctx ends, so every write's
	// outcome is known.
	reqCtx := context.WithoutCancel(ctx)
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
		}
		select {
		case inFlight <- struct{}{}:
		default:
			l.mu.Lock()
			l.skipped++
			l.mu.Unlock()
			continue
		}
		wg.Add(1)
		write := rand.IntN(100) < 10 // #nosec G404 -- a traffic mix, not a secret
		go func() {
			defer func() { <-inFlight; wg.Done() }()
			if write {
				l.consult(reqCtx)
			} else {
				c := l.readers[rand.IntN(len(l.readers))] // #nosec G404 -- a traffic mix
				l.read(reqCtx, c, paths[rand.IntN(len(paths))])
			}
		}()
	}
	wg.Wait()
}

func (l *load) read(ctx context.Context, c *client, path string) string {
	l.inFlight.Add(1)
	r := result{phase: int(l.phase.Load()), read: true, path: path, start: time.Now()}
	var body string
	r.status, body, r.err = c.do(ctx, http.MethodGet, l.base+path, nil)
	r.end = time.Now()
	if r.err != nil {
		r.status = 0
	}
	l.record(r)
	return body
}

// consult records a consultation whose topic is its unique marker.
func (l *load) consult(ctx context.Context) {
	c := l.writers[rand.IntN(len(l.writers))] // #nosec G404 -- a traffic mix
	topic := fmt.Sprintf("fault-%d", l.seq.Add(1))
	tok := make([]byte, 16)
	_, _ = crand.Read(tok)
	form := url.Values{"csrf_token": {c.csrf}, "form_token": {hex.EncodeToString(tok)},
		"task": {strconv.FormatInt(l.fix.task, 10)}, "unit": {strconv.FormatInt(l.fix.unit, 10)},
		"expert": {"Ekspert testu awarii"}, "day": {l.fix.day}, "hours": {"2"}, "days": {"0,5"},
		"topic": {topic}, "work_done": {"Próba pod obciążeniem: " + topic}}
	path := "/programmes/" + strconv.FormatInt(l.fix.programme, 10) + "/consultations"
	r := l.post(ctx, c, path, form)
	l.mu.Lock()
	l.consultations = append(l.consultations, consultation{topic: topic, acked: r.acked, notSaved: r.notSaved, requestID: r.requestID})
	l.mu.Unlock()
}

func (l *load) post(ctx context.Context, c *client, path string, form url.Values) result {
	l.inFlight.Add(1)
	r := result{phase: int(l.phase.Load()), path: path, start: time.Now()}
	var body string
	r.status, body, r.requestID, r.err = c.doID(ctx, http.MethodPost, l.base+path, form)
	r.end = time.Now()
	if r.err != nil {
		r.status = 0
	}
	r.acked = r.err == nil && r.status == http.StatusSeeOther
	r.notSaved = r.status == http.StatusServiceUnavailable && strings.Contains(body, "Twoje zmiany nie zostały zapisane")
	l.record(r)
	return r
}

// gridLoop saves the session's attendance grid again and again, each time
// with the next pattern, as a coordinator would: open the page (for the
// grid's version), then save.
func (l *load) gridLoop(ctx context.Context) {
	sessionPath := "/programmes/" + strconv.FormatInt(l.fix.programme, 10) + "/sessions/" + strconv.FormatInt(l.fix.session, 10)
	reqCtx := context.WithoutCancel(ctx)
	for k := 1; ctx.Err() == nil; k++ {
		body := l.read(reqCtx, l.grid, sessionPath)
		m := versionRE.FindStringSubmatch(body)
		if m == nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		form := url.Values{"csrf_token": {l.grid.csrf}, "attendance_version": {m[1]}}
		for i, p := range l.fix.persons {
			id := strconv.FormatInt(p, 10)
			form.Add("person", id)
			for j, d := range l.fix.days {
				if present(k, i, j) {
					form.Set("present_"+id+"_"+d, "1")
				}
			}
		}
		r := l.post(reqCtx, l.grid, sessionPath+"/attendance", form)
		l.mu.Lock()
		l.gridSaves = append(l.gridSaves, gridSave{k: k, acked: r.acked})
		l.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// waitDrained waits until the requests queued during a fault have been
// answered (no more in flight than a quarter of a second of load), or
// until limit passes; it returns when that was.
func (l *load) waitDrained(limit time.Duration) time.Time {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && l.inFlight.Load() > int64(l.rate/4+5) {
		time.Sleep(10 * time.Millisecond)
	}
	return time.Now()
}
