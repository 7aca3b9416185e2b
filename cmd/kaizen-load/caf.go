package main

// CAF scenarios (issue 17): the benchmarking page of the largest
// programme as a coordinator of it ("caf-benchmark"), and the save of one
// sub-criterion of an individual scoring as a member of an assessment in
// scoring ("caf-score"): the tool reads the score form as the member's
// browser and sends it back with other points.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// cafWorld is what the CAF scenarios use.
type cafWorld struct {
	BenchProg   int64 // the programme with the most units
	BenchUnits  int   // its units with a signed self-assessment
	Coordinator string
	Live        []cafLive
}

// cafLive is an assessment in individual scoring and a member who has not
// handed in the scoring.
type cafLive struct {
	ProgrammeID, AssessmentID int64
	Member                    string
}

// cafSub is the sub-criterion the score scenario saves.
const cafSub = "1.1"

// discoverCAF finds the largest programme with a coordinator who sees it,
// and up to 5 assessments in scoring with a member among the accounts
// (the given programme's first). Nothing found is no error: the
// scenarios are then skipped.
func discoverCAF(ctx context.Context, pool *pgxpool.Pool, w *world) (cafWorld, error) {
	var c cafWorld
	accounts := `u.active`
	switch {
	case w.Demo:
		accounts = `u.active AND u.demo`
	case strings.HasPrefix(w.Coordinator, "gen-"):
		accounts = `u.active AND u.username LIKE 'gen-%'`
	}
	err := pool.QueryRow(ctx, `SELECT pa.programme_id, (SELECT count(*) FROM caf_unit_results r WHERE r.programme_id = pa.programme_id)::int
		FROM participations pa GROUP BY pa.programme_id ORDER BY count(*) DESC, pa.programme_id LIMIT 1`).Scan(&c.BenchProg, &c.BenchUnits)
	if err != nil && err != pgx.ErrNoRows {
		return c, fmt.Errorf("discover the largest programme: %w", err)
	}
	if c.BenchProg != 0 {
		err = pool.QueryRow(ctx, `SELECT u.username FROM users u WHERE u.role = 'coordinator' AND `+accounts+`
			AND (u.all_programmes OR EXISTS (SELECT 1 FROM programme_members m WHERE m.user_id = u.id AND m.programme_id = $1))
			ORDER BY u.id LIMIT 1`, c.BenchProg).Scan(&c.Coordinator)
		if err != nil && err != pgx.ErrNoRows {
			return c, fmt.Errorf("discover a coordinator of programme %d: %w", c.BenchProg, err)
		}
	}
	rows, err := pool.Query(ctx, `SELECT a.programme_id, a.id, u.username FROM caf_assessments a
		JOIN caf_members m ON m.assessment_id = a.id AND m.submitted_at IS NULL
		JOIN users u ON u.id = m.user_id AND u.role IN ('assessor', 'unit_manager') AND `+accounts+`
		WHERE a.consensus_at IS NULL ORDER BY a.programme_id = $1 DESC, a.id, u.id LIMIT 5`, w.ProgrammeID)
	if err != nil {
		return c, fmt.Errorf("discover CAF assessments in scoring: %w", err)
	}
	if c.Live, err = pgx.CollectRows(rows, pgx.RowToStructByPos[cafLive]); err != nil {
		return c, fmt.Errorf("discover CAF assessments in scoring: %w", err)
	}
	return c, nil
}

// cafScoreTargets reads the score form of cafSub of each live assessment
// as its member and makes n saves with other points, in turn.
func cafScoreTargets(ctx context.Context, base, password string, live []cafLive, n int) ([]prepared, error) {
	type ready struct {
		f      form
		cookie string
	}
	var forms []ready
	for _, l := range live {
		c, err := signedIn(ctx, base, l.Member, password)
		if err != nil {
			return nil, err
		}
		path := fmt.Sprintf("/programmes/%d/caf/%d/scoring/%s", l.ProgrammeID, l.AssessmentID, cafSub)
		resp, body, err := c.get(path)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("skipped: GET /programmes/{id}/caf/{assessment}/scoring/{sub} answers %d (the scoring form is not in this build?)", resp.StatusCode)
		}
		f, ok := findForm(body, "/scoring/"+cafSub)
		if !ok {
			return nil, fmt.Errorf("skipped: the page %s has no score form", path)
		}
		forms = append(forms, ready{f: f, cookie: c.cookie()})
	}
	rng := rand.New(rand.NewPCG(uint64(max(n, 0)), 17)) // #nosec G404 G115 -- random points for a benchmark; n ≥ 0
	out := make([]prepared, 0, n)
	for i := range n {
		r := forms[i%len(forms)]
		v := make(map[string][]string, len(r.f.Values))
		for k, x := range r.f.Values {
			v[k] = append([]string(nil), x...)
		}
		v["score"] = []string{strconv.Itoa(5 * rng.IntN(21))}
		p := postTarget(base, r.f.Action, r.cookie, v, "")
		out = append(out, p)
	}
	return out, nil
}

// cafPages are the CAF scenarios this build and data set allow; one that
// cannot run is left out with a note saying why.
func (r *runner) cafPages(ctx context.Context, base string, reader *client, noted bool) []*page {
	var ps []*page
	note := func(format string, args ...any) {
		if !noted {
			r.note(format, args...)
		}
	}
	c := r.caf
	switch {
	case c.BenchProg == 0 || c.Coordinator == "":
		note("CAF benchmarking page: not measured: no programme with a coordinator among the accounts")
	default:
		bc := reader
		if c.Coordinator != r.w.Coordinator {
			var err error
			if bc, err = signedIn(ctx, base, c.Coordinator, r.w.Password); err != nil {
				note("CAF benchmarking page: not measured: sign-in of %s: %v", c.Coordinator, err)
				bc = nil
			}
		}
		if bc != nil {
			path := fmt.Sprintf("/programmes/%d/caf/benchmark", c.BenchProg)
			resp, _, err := bc.get(path)
			switch {
			case err != nil:
				note("CAF benchmarking page: not measured: %v", err)
			case resp.StatusCode != http.StatusOK:
				note("CAF benchmarking page: not measured: %s answers %d (the page is not in this build?)", path, resp.StatusCode)
			default:
				ps = append(ps, &page{Key: "caf-benchmark", Name: fmt.Sprintf("CAF benchmarking (%d units with results)", c.BenchUnits),
					prepare: readTarget(base, path, bc.cookie())})
			}
		}
	}
	if len(c.Live) == 0 {
		note("CAF score save: not measured: no self-assessment in individual scoring with a member among the accounts")
		return ps
	}
	if !noted {
		// Once: does this build offer the score form?
		if _, err := cafScoreTargets(ctx, base, r.w.Password, c.Live[:1], 0); err != nil {
			r.cafNoScore = true
			note("CAF score save: not measured: %v", strings.TrimPrefix(err.Error(), "skipped: "))
		}
	}
	if r.cafNoScore {
		return ps
	}
	ps = append(ps, &page{Key: "caf-score", Name: "CAF score save (one sub-criterion)", Write: true, prepare: func(n int) ([]prepared, error) {
		return cafScoreTargets(ctx, base, r.w.Password, c.Live, n)
	}})
	return ps
}
