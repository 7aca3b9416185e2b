package web_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// surveyBench makes a programme of units whose waves of one questionnaire
// (round 0) hold perWave responses each, answered at random in SQL (the
// aggregates kept by the triggers as in production). It returns the
// programme and the first wave.
func surveyBench(b *testing.B, app *testapp.App, units, perWave int) (programme, wave int64) {
	b.Helper()
	ctx := b.Context()
	st := app.Store
	start := time.Now()
	p := &domain.Programme{Code: "ANK-BENCH", Title: "Badania satysfakcji w skali kraju", FundingLine: "test",
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
		Budget: domain.DecimalFromInt(1000), Areas: domain.SeedAreas()}
	if err := st.CreateProgramme(ctx, resultsSys, p); err != nil {
		b.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		b.Helper()
		if _, err := st.Pool.Exec(ctx, sql, args...); err != nil {
			b.Fatalf("%.80s: %v", sql, err)
		}
	}
	prefix := "Gmina ANK nr "
	exec(`INSERT INTO units (name, kind, voivodeship) SELECT $1 || g, 'gmina_wiejska', 'mazowieckie' FROM generate_series(1, $2) g`, prefix, units)
	exec(`INSERT INTO participations (programme_id, unit_id) SELECT $1, id FROM units WHERE name LIKE $2 || '%'`, p.ID, prefix)
	q := &domain.Questionnaire{ProgrammeID: p.ID, Code: "KLIENCI", Kind: domain.SurveyCustomer, Name: "Satysfakcja klientów"}
	v := resultsVersion()
	for i := 3; i <= 12; i++ { // a questionnaire of realistic length: 12 Likert items
		v.Items = append(v.Items, domain.SurveyItem{Code: "P" + strconv.Itoa(i), Section: "Sprawa", Kind: domain.ItemLikert,
			Text: "Pytanie " + strconv.Itoa(i), ScalePoints: 5, InIndex: true, DontKnow: true})
	}
	if err := st.SaveQuestionnaire(ctx, resultsSys, q, v); err != nil {
		b.Fatal(err)
	}
	// Waves touch the indicator read model: inside InTx.
	if err := st.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO survey_waves (programme_id, questionnaire_id, version_id, unit_id, round, code, opens_on, closes_on, public_key)
			SELECT $1, $2, $3, u.id, 0, 'ANK-' || u.id, '2025-03-01', '2025-03-31', md5(random()::text) || md5(u.id::text)
			FROM units u WHERE u.name LIKE $4 || '%'`, p.ID, q.ID, v.ID, prefix)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	exec(`INSERT INTO survey_responses (wave_id, channel, answered_on, sheet)
		SELECT w.id, CASE WHEN g % 4 = 0 THEN 'online' ELSE 'paper' END, '2025-03-10', CASE WHEN g % 4 <> 0 THEN 'A' || g END FROM survey_waves w CROSS JOIN generate_series(1, $2) g
		WHERE w.programme_id = $1`, p.ID, perWave)
	var likert, others []int64
	for _, it := range v.Items {
		if it.Kind == domain.ItemLikert {
			likert = append(likert, it.ID)
		} else {
			others = append(others, it.ID)
		}
	}
	// Likert answers skewed to the top, the unit's level varying; a choice
	// per other item (one option, open answers every tenth response).
	exec(`INSERT INTO survey_answers (response_id, item_id, value, text)
		SELECT r.id, i, LEAST(5, GREATEST(0, round(2.5 + (w.unit_id % 7) * 0.3 + random() * 2.2)))::int, NULL
		FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id CROSS JOIN unnest($2::bigint[]) i WHERE w.programme_id = $1`, p.ID, likert)
	exec(`INSERT INTO survey_answers (response_id, item_id, value, text)
		SELECT r.id, it.id, CASE WHEN it.kind = 'open' THEN 0 ELSE 1 + (r.id % 3)::int END,
			CASE WHEN it.kind = 'open' THEN 'Uwaga numer ' || r.id END
		FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id JOIN survey_items it ON it.id = ANY($2::bigint[])
		WHERE w.programme_id = $1 AND (it.kind <> 'open' OR r.id % 10 = 0)`, p.ID, others)
	exec(`UPDATE survey_responses r SET index_score = s.score FROM (SELECT a.response_id, avg(CASE WHEN a.value >= 4 THEN 100 ELSE 0 END) score
			FROM survey_answers a WHERE a.item_id = ANY($2::bigint[]) AND a.value <> 0 GROUP BY a.response_id) s
		WHERE s.response_id = r.id AND r.wave_id IN (SELECT id FROM survey_waves WHERE programme_id = $1)`, p.ID, likert)
	if err := st.Pool.QueryRow(ctx, `SELECT min(id) FROM survey_waves WHERE programme_id = $1`, p.ID).Scan(&wave); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d units × %d responses generated in %s", units, perWave, time.Since(start).Round(time.Millisecond))
	return p.ID, wave
}

// benchPage times GETs of path and reports the p95.
func benchPage(b *testing.B, c *testapp.Client, path string) {
	b.Helper()
	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if r := c.Get(path); r.StatusCode != 200 {
			b.Fatalf("GET %s: %d", path, r.StatusCode)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkSurveyWaveResults: the results page of a wave of 10,000
// responses (12 Likert items, a single and a multiple choice, an open
// question answered by every tenth), as a coordinator who reads the open
// answers (the first page of 50). Target (issue 16): p95 ≤ 20 ms.
func BenchmarkSurveyWaveResults(b *testing.B) {
	app := testapp.New(b)
	prog, wave := surveyBench(b, app, 1, 10000)
	c := app.LoginAs("admin")
	benchPage(b, c, paths.SurveyWaveResults(prog, wave))
}

// BenchmarkSurveyBenchmarkPage: the comparison of 1,000 units on one
// questionnaire (30 responses each, 30,000 in all), as an administrator
// (every unit by name; the table without strips above 40 units).
func BenchmarkSurveyBenchmarkPage(b *testing.B) {
	app := testapp.New(b)
	prog, _ := surveyBench(b, app, 1000, 30)
	var q int64
	if err := app.Store.Pool.QueryRow(b.Context(), `SELECT id FROM questionnaires WHERE programme_id = $1`, prog).Scan(&q); err != nil {
		b.Fatal(err)
	}
	c := app.LoginAs("admin")
	benchPage(b, c, paths.SurveyBenchmark(prog)+"?q="+strconv.FormatInt(q, 10)+"&round=0")
}
