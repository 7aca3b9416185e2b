package main

// Survey scenarios: anonymous answers sent through the public form
// (POST /ankieta/{key}) and a wave's results page. The answer scenario
// reads the form from the GET page and sends what it contains, as a
// browser would (the signed opening stamp, the empty honeypot, one option
// of each question), from a different client address each time (the app
// trusts this tool as its proxy, so the per-address limit does not stop a
// benchmark that stands for many respondents).

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"
	"golang.org/x/net/html"
)

// Survey targets: answers at answerRate with p95 ≤ answerP95; the results
// page p95 ≤ resultsP95.
const (
	answerRate = 200
	answerP95  = 50 * time.Millisecond
	resultsP95 = 20 * time.Millisecond
	// surveyFill is how long after opening a form the answers are sent
	// (the form refuses answers sent sooner than 5 seconds).
	surveyFill = 6 * time.Second
)

// surveyWorld is what the survey scenarios use: open waves' public keys
// and the programme's wave with the most responses.
type surveyWorld struct {
	OpenKeys       []string
	ResultsProg    int64
	ResultsWave    int64
	ResultsAnswers int
}

// discoverSurveys finds open waves taking answers today (the programme's
// first) and the closed wave with the most answers (the programme's when
// it has one). Nothing found is no error: the scenarios are then skipped.
func discoverSurveys(ctx context.Context, pool *pgxpool.Pool, programmeID int64) (surveyWorld, error) {
	var s surveyWorld
	rows, err := pool.Query(ctx, `SELECT public_key FROM survey_waves WHERE closed_at IS NULL AND online
		AND current_date BETWEEN opens_on AND closes_on ORDER BY programme_id = $1 DESC, id LIMIT 5`, programmeID)
	if err != nil {
		return s, fmt.Errorf("discover open survey waves: %w", err)
	}
	if s.OpenKeys, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return s, fmt.Errorf("discover open survey waves: %w", err)
	}
	err = pool.QueryRow(ctx, `SELECT w.programme_id, w.id, (SELECT COALESCE(sum(n), 0) FROM survey_item_counts c WHERE c.wave_id = w.id)::int
		FROM survey_waves w JOIN survey_wave_totals t ON t.wave_id = w.id
		WHERE t.responses > 0 ORDER BY w.programme_id = $1 DESC, t.responses DESC, w.id LIMIT 1`, programmeID).
		Scan(&s.ResultsProg, &s.ResultsWave, &s.ResultsAnswers)
	if err != nil && err != pgx.ErrNoRows {
		return s, fmt.Errorf("discover a survey wave with answers: %w", err)
	}
	return s, nil
}

// surveyForm is the public form as a browser would send it: its action,
// the fields sent unchanged (stamp, honeypot, token), and the options of
// each single-choice question by field name.
type surveyForm struct {
	Action string
	Fixed  url.Values
	Radios map[string][]string
	Opened time.Time
}

// parseSurveyForm reads the first form posting to action from page.
func parseSurveyForm(page, action string) (surveyForm, bool) {
	z := html.NewTokenizer(strings.NewReader(page))
	f := surveyForm{Fixed: url.Values{}, Radios: map[string][]string{}}
	in := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return surveyForm{}, false
		case html.EndTagToken:
			if name, _ := z.TagName(); in && string(name) == "form" {
				return f, len(f.Radios) > 0
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "form":
				if !in && attrs["action"] == action {
					in, f.Action = true, attrs["action"]
				}
			case "input":
				n := attrs["name"]
				if !in || n == "" {
					continue
				}
				switch attrs["type"] {
				case "radio":
					f.Radios[n] = append(f.Radios[n], attrs["value"])
				case "checkbox", "submit", "button", "file":
				default:
					f.Fixed.Set(n, attrs["value"])
				}
			}
		}
	}
}

// fetchSurveyForm opens the public form of key; ok is false (with why)
// when the page is not there on this build or offers no form.
func fetchSurveyForm(base, key string) (f surveyForm, why string, err error) {
	action := "/ankieta/" + key
	resp, err := http.Get(base + action) // #nosec G107 G704 -- the application this tool started
	if err != nil {
		return f, "", err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return f, "", err
	}
	if resp.StatusCode == http.StatusNotFound {
		return f, "GET /ankieta/{key} answers 404 (the public survey form is not in this build, or the wave is not public)", nil
	}
	if resp.StatusCode != http.StatusOK {
		return f, fmt.Sprintf("GET /ankieta/{key} answers %d", resp.StatusCode), nil
	}
	f, ok := parseSurveyForm(string(body), action)
	if !ok {
		return f, "the page /ankieta/{key} has no answer form with questions", nil
	}
	f.Opened = time.Now()
	return f, "", nil
}

// answerTargets makes n answers to the forms, each with its own client
// address and a random option of every question (most answers high, as
// real ones are).
func answerTargets(base string, forms []surveyForm, n int) []prepared {
	rng := rand.New(rand.NewPCG(uint64(max(n, 0)), 16)) // #nosec G404 G115 -- random answers for a benchmark; n ≥ 0

	out := make([]prepared, 0, n)
	for i := range n {
		f := forms[i%len(forms)]
		v := url.Values{}
		for k, vals := range f.Fixed {
			v[k] = slices.Clone(vals)
		}
		for name, opts := range f.Radios {
			// Options are listed worst first; "nie wiem" (0) last.
			j := len(opts) - 1 - min(len(opts)-1, int(rng.ExpFloat64()*1.2))
			v.Set(name, opts[j])
		}
		h := http.Header{}
		h.Set("Content-Type", "application/x-www-form-urlencoded")
		h.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", (i>>16)&255, (i>>8)&255, i&255))
		out = append(out, prepared{Target: vegeta.Target{Method: http.MethodPost, URL: base + f.Action, Header: h, Body: []byte(v.Encode())},
			Status: http.StatusSeeOther, Location: f.Action + "/dziekujemy"})
	}
	return out
}

// surveyPages are the survey scenarios this build and data set allow; a
// scenario that cannot run is left out with a note saying why.
func (r *runner) surveyPages(base string, reader *client, noted bool) []*page {
	var ps []*page
	note := func(format string, args ...any) {
		if !noted {
			r.note(format, args...)
		}
	}
	s := r.surveys
	if len(s.OpenKeys) == 0 {
		note("survey answers (POST /ankieta/{key}): not measured: no open public survey wave takes answers today in this database")
	} else {
		var forms []surveyForm
		var mu sync.Mutex
		ps = append(ps, &page{Key: "answer", Name: "survey answer (POST /ankieta/{key})", Write: true, prepare: func(n int) ([]prepared, error) {
			mu.Lock()
			defer mu.Unlock()
			if forms == nil {
				for _, k := range s.OpenKeys {
					f, why, err := fetchSurveyForm(base, k)
					if err != nil {
						return nil, err
					}
					if why != "" {
						return nil, fmt.Errorf("skipped: %s", why)
					}
					forms = append(forms, f)
				}
				time.Sleep(time.Until(forms[0].Opened.Add(surveyFill)))
			}
			return answerTargets(base, forms, n), nil
		}})
	}
	if s.ResultsWave == 0 {
		note("survey results page: not measured: no survey wave with answers in this database")
		return ps
	}
	path := fmt.Sprintf("/programmes/%d/surveys/waves/%d/results", s.ResultsProg, s.ResultsWave)
	resp, _, err := reader.get(path)
	switch {
	case err != nil:
		note("survey results page: not measured: %v", err)
	case resp.StatusCode == http.StatusNotFound:
		note("survey results page: not measured: %s answers 404 (the results page is not in this build)", path)
	case resp.StatusCode != http.StatusOK:
		note("survey results page: not measured: %s answers %d", path, resp.StatusCode)
	default:
		ps = append(ps, &page{Key: "results", Name: fmt.Sprintf("survey wave results (%d answers)", s.ResultsAnswers),
			prepare: readTarget(base, path, reader.cookie())})
	}
	return ps
}

// surveyTargets adds the survey targets' rows to the report.
func (d *reportData) surveyTargets(p func(string, ...any)) {
	if s := d.run("alone", "answer"); s != nil {
		ok := s.P95 <= answerP95 && s.Errors() == 0 && s.Rate >= 0.95*answerRate
		p("| survey answers: %d/s with p95 ≤ %s | p95 %s, p99 %s at %.1f req/s, %d errors | %s |\n",
			answerRate, ms(answerP95), ms(s.P95), ms(s.P99), s.Rate, s.Errors(), passFail(ok))
	} else {
		p("| survey answers: %d/s with p95 ≤ %s | not measured (see the notes) | – |\n", answerRate, ms(answerP95))
	}
	if s := d.run("alone", "results"); s != nil {
		ok := s.P95 <= resultsP95 && s.Errors() == 0
		p("| survey wave results page p95 ≤ %s | p95 %s, p99 %s at %.1f req/s | %s |\n", ms(resultsP95), ms(s.P95), ms(s.P99), s.Rate, passFail(ok))
	} else {
		p("| survey wave results page p95 ≤ %s | not measured (see the notes) | – |\n", ms(resultsP95))
	}
}
