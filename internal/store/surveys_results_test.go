package store_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// The results computed from the aggregates (counts per value) equal the
// statistics computed by PostgreSQL from the raw answers, for random data.
func TestSurveyResultsFromCounts(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w := f.wave(t, 0)
	v, err := f.s.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	p1, p2, m1, o1 := v.Items[0].ID, v.Items[1].ID, v.Items[2].ID, v.Items[3].ID
	rng := rand.New(rand.NewPCG(16, 2010))
	for i := 0; i < 137; i++ {
		answers := []domain.SurveyAnswer{{ItemID: p1, Value: 1 + rng.IntN(5)}}
		if rng.IntN(4) > 0 {
			answers = append(answers, domain.SurveyAnswer{ItemID: p2, Value: rng.IntN(6)}) // 0: nie wiem
		}
		if rng.IntN(3) > 0 {
			answers = append(answers, domain.SurveyAnswer{ItemID: m1, Value: 1 + rng.IntN(3)})
		}
		if rng.IntN(5) == 0 {
			answers = append(answers, domain.SurveyAnswer{ItemID: o1, Text: "Uwaga " + store.FormatID(int64(i))})
		}
		if err := f.s.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: answers}, d("2010-10-10"), ""); err != nil {
			t.Fatal(err)
		}
	}
	// A response put on hold counts nowhere.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE survey_responses SET validation = 'on_hold' WHERE id = (SELECT min(id) FROM survey_responses WHERE wave_id = $1)`, w.ID); err != nil {
		t.Fatal(err)
	}
	res, err := f.s.SurveyWaveResult(ctx, f.p.ID, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Totals.Responses != 136 || res.Totals.Online != 136 {
		t.Fatalf("totals = %+v", res.Totals)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, raw answers give %v", what, got, want)
		}
	}
	for _, code := range []string{"P1", "P2"} {
		it := res.Item(code)
		var n, top2 int
		var mean, sd float64
		if err := f.s.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE a.value >= 4), avg(a.value)::float8, stddev_samp(a.value)::float8
			FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
			WHERE r.wave_id = $1 AND a.item_id = $2 AND r.validation = 'approved' AND a.value <> 0`, w.ID, it.Item.ID).Scan(&n, &top2, &mean, &sd); err != nil {
			t.Fatal(err)
		}
		if it.N != n || it.Top2 != top2 {
			t.Errorf("%s: n %d top-2 %d, raw answers give %d and %d", code, it.N, it.Top2, n, top2)
		}
		near(code+" mean", it.Mean.Mean, mean)
		near(code+" sd", it.Mean.SD, sd)
		iv, _ := domain.Wilson(top2, n, domain.Conf95)
		near(code+" Wilson low", it.Top2CI.Low, iv.Low)
	}
	var idxN int
	var idxMean, idxSD float64
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(index_score), avg(index_score)::float8, stddev_samp(index_score)::float8
		FROM survey_responses WHERE wave_id = $1 AND validation = 'approved'`, w.ID).Scan(&idxN, &idxMean, &idxSD); err != nil {
		t.Fatal(err)
	}
	if res.Index.N != idxN {
		t.Errorf("index n = %d, raw %d", res.Index.N, idxN)
	}
	near("index mean", res.Index.Mean, idxMean)
	if math.Abs(res.Index.SD-idxSD) > 1e-6 {
		t.Errorf("index sd = %v, raw %v", res.Index.SD, idxSD)
	}
	var single int
	_ = f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
		WHERE r.wave_id = $1 AND a.item_id = $2 AND r.validation = 'approved'`, w.ID, m1).Scan(&single)
	if res.Item("M1").N != single {
		t.Errorf("M1 n = %d, raw %d", res.Item("M1").N, single)
	}
	// Open answers, paged.
	all, err := f.s.OpenAnswers(ctx, w.ID, o1)
	if err != nil || len(all) != res.Item("O1").N || len(all) < 5 {
		t.Fatalf("open answers %d (item n %d), %v", len(all), res.Item("O1").N, err)
	}
	n := res.Item("O1").N
	page, err := f.s.OpenAnswerPage(ctx, w.ID, o1, n, 2, 3)
	if err != nil || len(page) != 3 || page[0] != all[2] || page[2] != all[4] {
		t.Fatalf("open answers page = %v of %v, %v", page, all, err)
	}
	// The last page stops at the counted answers; past them, nothing; an
	// item counted 0 times in the wave reads nothing.
	if page, err := f.s.OpenAnswerPage(ctx, w.ID, o1, n, n-2, 5); err != nil || !slices.Equal(page, all[n-2:]) {
		t.Fatalf("last open answers page = %v of %v, %v", page, all, err)
	}
	if page, err := f.s.OpenAnswerPage(ctx, w.ID, o1, n, n, 5); err != nil || len(page) != 0 {
		t.Fatalf("open answers past the end = %v, %v", page, err)
	}
	if page, err := f.s.OpenAnswerPage(ctx, w.ID, o1, 0, 0, 5); err != nil || len(page) != 0 {
		t.Fatalf("open answers of an item counted 0 times = %v, %v", page, err)
	}
	// The export reads the same approved responses.
	var exported int
	if err := f.s.EachSurveyResponse(ctx, w.ID, func(x *store.ExportedResponse) error {
		exported++
		if len(x.Answers) == 0 || x.Channel != domain.ChannelOnline {
			t.Errorf("exported response %+v", x)
		}
		return nil
	}); err != nil || exported != 136 {
		t.Fatalf("exported %d responses, %v", exported, err)
	}
}

// Benchmarking reads every unit's wave of a round; units below 5 index
// answers have no value and are not anyone's peers.
func TestSurveyBenchmarkWaves(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	v := f.v
	means := map[string][]int{"Urząd Gminy Dzierżoniów": {5, 5, 4, 4, 4}, "Urząd Gminy A": {3, 3, 3, 3, 3, 3}, "Urząd Gminy B": {2, 2},
		"Urząd Gminy C": {4, 4, 4, 4, 5, 5}}
	for name, values := range means {
		unit := f.unit
		if name != f.unit.Name {
			unit = newUnit(t, f.s, name)
			if err := f.s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: f.p.ID, Unit: *unit, Areas: []domain.Area{"P"}}); err != nil {
				t.Fatal(err)
			}
		}
		w := &domain.SurveyWave{ProgrammeID: f.p.ID, QuestionnaireID: f.q.ID, UnitID: unit.ID, OpensOn: d("2010-10-01"), ClosesOn: d("2010-10-31"), Online: true}
		if err := f.s.CreateWave(ctx, admin, w, f.p.Start, f.p.End); err != nil {
			t.Fatal(err)
		}
		for _, x := range values {
			if err := f.s.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline,
				Answers: []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: x}}}, d("2010-10-10"), ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	waves, err := f.s.BenchmarkWaves(ctx, f.p.ID, f.q.ID, 0)
	if err != nil || len(waves) != 4 {
		t.Fatalf("waves = %+v, %v", waves, err)
	}
	rows := domain.Benchmarks(waves)
	// Index mean100: 5 → 100, 4 → 75, 3 → 50.
	want := []struct {
		name  string
		shown bool
		mean  float64
		peers int
	}{{"Urząd Gminy Dzierżoniów", true, 85, 2}, {"Urząd Gminy C", true, 100 * (4*0.75 + 2) / 6, 2}, {"Urząd Gminy A", true, 50, 2}, {"Urząd Gminy B", false, 25, 3}}
	for i, w := range want {
		r := rows[i]
		if r.UnitName != w.name || r.Shown != w.shown || math.Abs(r.Index.Mean-w.mean) > 1e-9 || r.Peers.N != w.peers {
			t.Errorf("row %d = %s shown %v mean %v peers %d, want %+v", i, r.UnitName, r.Shown, r.Index.Mean, r.Peers.N, w)
		}
	}
	if rows[0].Position != domain.PeerAboveQ3 || rows[2].Position != domain.PeerBelowQ1 {
		t.Errorf("positions %v %v", rows[0].Position, rows[2].Position)
	}
	if rows[1].Peers.Median != 67.5 {
		t.Errorf("median of C's peers = %v, want 67,5", rows[1].Peers.Median)
	}
}
