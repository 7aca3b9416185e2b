package main

// The maximum throughput of the whole mix (issue 18): a closed loop of
// -mix-workers requests at once, each drawn from the mixed workload's
// pages in the mix's proportions, for -max-duration. Each request's URL
// carries its entry's number as a fragment (never sent to the server), so
// every result is counted for its own page even where two pages share a
// path (the two start pages).

import (
	"net/url"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// mixCeiling is the throughput (req/s) the closed-loop run is given write
// records for; past it a write page runs out and leaves the rotation.
const mixCeiling = 800

// mixWrites is how many records a write page of the mix gets for the
// closed-loop run of d.
func mixWrites(key string, d time.Duration) int {
	if mixedWeights[key] == 0 {
		return 0
	}
	return int(mixedWeights[key]/mixedTotal()*mixCeiling*d.Seconds()) + 2
}

// mixedTotal is the mix's requests per second at 200 req/s in all.
func mixedTotal() float64 {
	var t float64
	for _, w := range mixedWeights {
		t += w
	}
	return t
}

// mixPicker draws the mix's requests: a smooth weighted round robin over
// the pages (so any stretch of the run holds each page in its share), each
// page's reads repeated and its writes sent once; a write page whose
// records run out leaves the rotation.
type mixPicker struct {
	mu      sync.Mutex
	pages   []*page
	weights []float64
	current []float64
	queues  [][]prepared
	next    []int
	refs    []mixRef // by entry number (the URL's fragment)
	// Exhausted lists the write pages that ran out (before or during the
	// run), in order.
	Exhausted []string
}

type mixRef struct {
	page int
	req  *prepared
}

func newMixPicker(pages []*page, reqs map[string][]prepared) *mixPicker {
	m := &mixPicker{}
	for _, p := range pages {
		rs := reqs[p.Key]
		if p.Mixed <= 0 {
			continue
		}
		i := len(m.pages)
		tagged := make([]prepared, len(rs))
		for j := range rs {
			tagged[j] = rs[j]
			tagged[j].Target.URL += "#" + strconv.Itoa(len(m.refs))
			m.refs = append(m.refs, mixRef{page: i, req: &rs[j]})
		}
		m.pages = append(m.pages, p)
		w := p.Mixed
		if len(rs) == 0 { // a write page with no record left: in the report, not in the rotation
			w = 0
			m.Exhausted = append(m.Exhausted, p.Key)
		}
		m.weights = append(m.weights, w)
		m.current = append(m.current, 0)
		m.queues = append(m.queues, tagged)
		m.next = append(m.next, 0)
	}
	return m
}

// pick returns the next request, and false once every page is out of
// records (only writes run out).
func (m *mixPicker) pick() (vegeta.Target, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		best, total := -1, 0.0
		for i, w := range m.weights {
			if w == 0 {
				continue
			}
			m.current[i] += w
			total += w
			if best < 0 || m.current[i] > m.current[best] {
				best = i
			}
		}
		if best < 0 {
			return vegeta.Target{}, false
		}
		m.current[best] -= total
		q := m.queues[best]
		if m.next[best] < len(q) {
			t := q[m.next[best]].Target
			if m.pages[best].Write {
				m.next[best]++
			} else {
				m.next[best] = (m.next[best] + 1) % len(q)
			}
			return t, true
		}
		// Out of records: leave the rotation and draw again.
		m.weights[best], m.current[best] = 0, 0
		m.Exhausted = append(m.Exhausted, m.pages[best].Key)
	}
}

// of is the page and request of a result's URL.
func (m *mixPicker) of(rawURL string) (int, *prepared, bool) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, nil, false
	}
	n, err := strconv.Atoi(u.Fragment)
	if err != nil || n < 0 || n >= len(m.refs) {
		return 0, nil, false
	}
	return m.refs[n].page, m.refs[n].req, true
}

// attackMix runs the closed loop: workers requests at once drawn from
// the mix for d. It returns one result set per page of the mix and the
// write pages that ran out of records.
func attackMix(pages []*page, reqs map[string][]prepared, d time.Duration, workers int) ([]*stats, []string) {
	m := newMixPicker(pages, reqs)
	out := make([]*stats, len(m.pages))
	for i, p := range m.pages {
		out[i] = &stats{Page: p.Key, Scenario: scenarioMaxMix, Prepared: -1, Workers: workers}
		if p.Write {
			out[i].Prepared = len(m.queues[i])
		}
	}
	if len(m.pages) == 0 {
		return out, nil
	}
	targeter := func(t *vegeta.Target) error {
		next, ok := m.pick()
		if !ok {
			return vegeta.ErrNoTargets
		}
		*t = next
		return nil
	}
	// Answers read to their end, not kept (as attack's).
	atk := vegeta.NewAttacker(vegeta.Redirects(vegeta.NoFollow), vegeta.KeepAlive(true), vegeta.MaxBody(0), vegeta.Timeout(30*time.Second),
		vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers))) // #nosec G115 -- a small positive flag value
	for r := range atk.Attack(targeter, vegeta.Rate{}, d, scenarioMaxMix) {
		// Every sent request carries its entry (only a drawn target is sent).
		if i, p, ok := m.of(r.URL); ok {
			out[i].add(r, p)
		}
	}
	for _, s := range out {
		s.close()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return out, m.Exhausted
}

// Scenario names of the result sets.
const (
	scenarioMixed  = "mixed"
	scenarioMaxMix = "max mix"
)

// merged is one result set of several (a scenario's pages together):
// counts and latencies summed, its span from the first start to the last
// end.
func merged(page, scenario string, runs []*stats) *stats {
	s := &stats{Page: page, Scenario: scenario, Prepared: -1}
	for _, r := range runs {
		s.Requests += r.Requests
		s.OK += r.OK
		s.lat = append(s.lat, r.lat...)
		for k, n := range r.Codes {
			if s.Codes == nil {
				s.Codes = map[string]int{}
			}
			s.Codes[k] += n
		}
		if !r.first.IsZero() && (s.first.IsZero() || r.first.Before(s.first)) {
			s.first = r.first
		}
		if r.last.After(s.last) {
			s.last = r.last
		}
		s.RSS, s.Heap = max(s.RSS, r.RSS), max(s.Heap, r.Heap)
		s.Workers = max(s.Workers, r.Workers)
	}
	s.close()
	return s
}

// askedRate is the rate a result set was asked for, less the writes that
// had no record to write.
func (s *stats) askedRate() float64 {
	if s.Prepared >= 0 && s.Wanted > 0 && s.Prepared < s.Wanted {
		return s.Rate0 * float64(s.Prepared) / float64(s.Wanted)
	}
	return s.Rate0
}
