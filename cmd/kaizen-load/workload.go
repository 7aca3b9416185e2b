package main

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// A page is one thing people do, measured as its own result set.
type page struct {
	Key, Name string
	Write     bool
	Alone     float64 // requests per second when measured alone
	Mixed     float64 // requests per second in the mixed run at 200 req/s
	Baseline  bool    // the no-database handler, not a page of the target list
	Note      string
	// prepare makes up to n requests ready; fewer when the records run out.
	prepare func(n int) ([]prepared, error)
}

// prepared is one request with what a correct answer looks like.
type prepared struct {
	Target   vegeta.Target
	Status   int
	Location string // for a redirect: where it must lead
}

// readTarget is a page GET with a signed-in session's cookie.
func readTarget(base, path, cookie string) func(int) ([]prepared, error) {
	return func(int) ([]prepared, error) {
		h := http.Header{}
		if cookie != "" {
			h.Set("Cookie", cookie)
		}
		return []prepared{{Target: vegeta.Target{Method: http.MethodGet, URL: base + path, Header: h}, Status: http.StatusOK}}, nil
	}
}

func postTarget(base, action, cookie string, form url.Values, location string) prepared {
	h := http.Header{}
	h.Set("Cookie", cookie)
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	return prepared{Target: vegeta.Target{Method: http.MethodPost, URL: base + action, Header: h, Body: []byte(form.Encode())},
		Status: http.StatusSeeOther, Location: location}
}

// stats is one page's result set in one scenario.
type stats struct {
	Page, Scenario string
	Wanted         int // requests the pacer would have sent
	Prepared       int // write targets that could be prepared (-1: reads)
	Requests, OK   int
	Codes          map[string]int // status codes of failed requests, or the error
	lat            []time.Duration
	first, last    time.Time
	RSS, Heap      uint64 // peaks in the scenario (set by the runner)
	P50, P95, P99  time.Duration
	Rate, Through  float64
	Rate0          float64 // the rate asked for (0: as fast as possible)
	Workers        int
}

func (s *stats) Errors() int { return s.Requests - s.OK }

func (s *stats) add(r *vegeta.Result, p *prepared) {
	if r.Error == vegeta.ErrNoTargets.Error() {
		return // the records ran out: not a request
	}
	s.Requests++
	if s.first.IsZero() || r.Timestamp.Before(s.first) {
		s.first = r.Timestamp
	}
	if e := r.End(); e.After(s.last) {
		s.last = e
	}
	s.lat = append(s.lat, r.Latency)
	why := ""
	switch {
	case p == nil:
		why = "unknown target"
	case r.Code == 0:
		why = r.Error
		if strings.Contains(why, "Client.Timeout") {
			why = "no answer within 30 s"
		} else if i := strings.LastIndex(why, `": `); i >= 0 {
			why = why[i+3:] // without the method and URL
		}
	case int(r.Code) != p.Status:
		why = strconv.Itoa(int(r.Code))
	case p.Location != "" && r.Headers.Get("Location") != p.Location:
		why = fmt.Sprintf("%d to %s", r.Code, r.Headers.Get("Location"))
	}
	if why == "" {
		s.OK++
		return
	}
	if s.Codes == nil {
		s.Codes = map[string]int{}
	}
	s.Codes[why]++
}

func (s *stats) close() {
	slices.Sort(s.lat)
	s.P50, s.P95, s.P99 = quantile(s.lat, 0.50), quantile(s.lat, 0.95), quantile(s.lat, 0.99)
	if span := s.last.Sub(s.first).Seconds(); span > 0 {
		s.Rate = float64(s.Requests) / span
		s.Through = float64(s.OK) / span
	}
}

// attack sends a page's prepared requests at rate for d (rate 0: with
// workers at once, as fast as they are answered). Each prepared write is
// sent once; reads are repeated.
func attack(p *page, reqs []prepared, scenario string, rate vegeta.Rate, d time.Duration, workers int) *stats {
	s := &stats{Page: p.Key, Scenario: scenario, Prepared: -1, Rate0: float64(rate.Freq) / rate.Per.Seconds(), Workers: workers}
	if rate.Freq == 0 {
		s.Rate0 = 0
	}
	if p.Write {
		s.Prepared = len(reqs)
	}
	if s.Rate0 > 0 {
		s.Wanted = int(s.Rate0 * d.Seconds())
	}
	byURL := map[string]*prepared{}
	for i := range reqs {
		byURL[reqs[i].Target.Method+" "+reqs[i].Target.URL] = &reqs[i]
	}
	if len(reqs) == 0 {
		s.close()
		return s
	}
	var mu sync.Mutex
	next := 0
	targeter := func(t *vegeta.Target) error {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(reqs) {
			return vegeta.ErrNoTargets
		}
		*t = reqs[next].Target
		if p.Write {
			next++
		} else {
			next = (next + 1) % len(reqs)
		}
		return nil
	}
	// MaxBody(0): every answer is read to its end but not kept (only its
	// status and Location are checked), so the client, on the same two
	// cores, does not copy a 100 kB page into a growing buffer each time.
	opts := []func(*vegeta.Attacker){vegeta.Redirects(vegeta.NoFollow), vegeta.KeepAlive(true), vegeta.MaxBody(0), vegeta.Timeout(30 * time.Second)}
	if workers > 0 {
		opts = append(opts, vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers))) // #nosec G115 -- a small positive flag value
	}
	atk := vegeta.NewAttacker(opts...)
	for r := range atk.Attack(targeter, rate, d, p.Key) {
		// Sign-in targets share one URL: any of them expects the same answer.
		s.add(r, byURL[r.Method+" "+r.URL])
	}
	s.close()
	return s
}
