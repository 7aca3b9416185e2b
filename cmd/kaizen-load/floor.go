package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The floor of a read page: the least a server can take for it at the
// page's own rate on this machine. A net/http server in this process
// answers each request by running the page's captured statements through
// the pool, as the SQL baseline does, and sending the application's
// captured answer: the same header fields and the same bytes. The floor's
// p50 over the SQL baseline is as close as a Go server can bring the page
// to its SQL here (an HTTP round trip and waking the server on top of the
// statements); the page's p50 less the floor's is what the application
// itself adds (the session, the middleware, decoding rows, templates).

// answer is a response as the application sent it.
type answer struct {
	Header http.Header
	Body   []byte
}

// floorServer serves the floor of each captured read at /{page key}.
type floorServer struct {
	pool *pgxpool.Pool
	caps map[string]*capture
	srv  *httptest.Server
}

func newFloorServer(pool *pgxpool.Pool, caps map[string]*capture) *floorServer {
	f := &floorServer{pool: pool, caps: caps}
	f.srv = httptest.NewServer(f)
	return f
}

func (f *floorServer) Close() { f.srv.Close() }

func (f *floorServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, ok := f.caps[strings.TrimPrefix(r.URL.Path, "/")]
	if !ok || c.Write || c.Answer.Body == nil {
		http.NotFound(w, r)
		return
	}
	if _, err := replayOnce(r.Context(), f.pool, c); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	for k, v := range c.Answer.Header {
		switch k {
		case "Date", "Content-Length", "Transfer-Encoding": // net/http's own
		default:
			h[k] = v
		}
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(c.Answer.Body)
}

// floor measures a read page's floor at the page's own rate for d (nil
// when the page has no captured answer).
func (f *floorServer) floor(p *page, d time.Duration) *stats {
	c, ok := f.caps[p.Key]
	if !ok || c.Write || c.Answer.Body == nil || p.Alone <= 0 {
		return nil
	}
	t := prepared{Target: vegeta.Target{Method: http.MethodGet, URL: f.srv.URL + "/" + p.Key}, Status: http.StatusOK}
	return attack(&page{Key: p.Key}, []prepared{t}, "floor", rateOf(p.Alone), d, 0)
}

// floorRatios is the targets' reported row: each read's floor over the
// SQL baseline at its rate, the same ratio the target sets for the page.
func (d *reportData) floorRatios(p func(string, ...any)) {
	var overs []string
	checked := 0
	for _, pg := range d.Pages {
		q := d.SQL[pg.Key]
		r, ok := q.floorRatio()
		if pg.Baseline || !ok {
			continue
		}
		checked++
		if r > sqlRatioMax {
			overs = append(overs, fmt.Sprintf("%s %.1f×", pg.Key, r))
		}
	}
	if checked == 0 {
		return
	}
	text := fmt.Sprintf("%d of %d reads within %.0f×", checked-len(overs), checked, sqlRatioMax)
	if len(overs) > 0 {
		text += "; over: " + strings.Join(overs, "; ")
	}
	p("| the floor of each read (a server in the tool that only runs the page's statements and sends the page's captured answer, at the page's rate; section 1) over the same SQL: how near any server comes to the target on this machine | %s | reported |\n", text)
}

// floorTable is section 1's table of the floors.
func (d *reportData) floorTable(p func(string, ...any)) {
	var rows []string
	for _, pg := range d.Pages {
		s, q := d.run("alone", pg.Key), d.SQL[pg.Key]
		r, ok := q.floorRatio()
		if s == nil || s.OK == 0 || !ok {
			continue
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %.1f× | %.1f× | %s |\n", pg.Name, ms(s.P50), ms(q.PacedP50), ms(q.FloorP50), ms(q.FloorP95),
			r, float64(s.P50)/float64(q.PacedP50), ms(s.P50-q.FloorP50)))
	}
	if len(rows) == 0 {
		return
	}
	p("The floor of each read: a net/http server in the tool answers by running the page's captured statements through the pool and sending the application's captured answer (its header fields and bytes), asked at the page's rate for %s right after that SQL's own replay at the end of the run. It runs in the tool's own process, beside the client: a lower bound. It is the least a server takes for the page on this machine: the HTTP round trip, waking the server, the statements. The page's p50 less the floor's is what the application itself adds (session, middleware, decoding rows, templates).\n\n", d.o.SQLDuration)
	p("| page | p50 | SQL p50 at the page's rate, after all scenarios | floor p50 | floor p95 | floor ÷ SQL | p50 ÷ SQL | p50 − floor |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		p("%s", r)
	}
	p("\n")
}

// floorRatio is the floor's p50 over the SQL's at the page's rate after
// all the scenarios, measured just before it (false without either).
func (q sqlResult) floorRatio() (float64, bool) {
	if q.Err != nil || q.FloorP50 == 0 || q.PacedP50 == 0 {
		return 0, false
	}
	return float64(q.FloorP50) / float64(q.PacedP50), true
}
