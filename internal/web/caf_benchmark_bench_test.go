package web_test

import (
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// BenchmarkCAFBenchmarkPage: the CAF benchmarking page of a programme of
// 2,059 units with signed results (the national data set's largest
// programme), as a coordinator (every unit by name) and as a unit manager
// (the others anonymised, benchlearning for her unit). Target (issue 17):
// p95 ≤ 20 ms. The demo's results are copied to 2,055 more units in SQL
// (caf_unit_results is the read model the page reads).
func BenchmarkCAFBenchmarkPage(b *testing.B) {
	app := testapp.New(b)
	ctx := b.Context()
	p := app.DemoProgramme(b)
	var leader int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id FROM units WHERE name = $1`, demo.LeaderUnit).Scan(&leader); err != nil {
		b.Fatal(err)
	}
	if _, err := app.Store.Pool.Exec(ctx, `WITH u AS (INSERT INTO units (name, kind, voivodeship)
		SELECT 'Gmina porównawcza ' || g, (ARRAY['gmina_miejska', 'gmina_wiejska', 'gmina_miejsko_wiejska', 'powiat'])[1 + g % 4], 'mazowieckie'
		FROM generate_series(1, 2055) g RETURNING id)
		INSERT INTO caf_unit_results (programme_id, unit_id, assessment_id, consensus_id, cycle, signed_on, total, criteria)
		SELECT r.programme_id, u.id, r.assessment_id, r.consensus_id, 1, r.signed_on, (u.id * 37) % 101,
			ARRAY(SELECT ((u.id * k * 13) % 101)::numeric FROM generate_series(1, 9) k)
		FROM (SELECT * FROM caf_unit_results WHERE programme_id = $1 LIMIT 1) r, u`, p.ID); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM caf_unit_results WHERE programme_id = $1`, p.ID).Scan(&n); err != nil || n < 2059 {
		b.Fatalf("%d units with results: %v", n, err)
	}
	b.Run("coordinator", func(b *testing.B) { benchPage(b, app.LoginAs("koordynator"), paths.CAFBenchmark(p.ID)) })
	b.Run("unit-manager", func(b *testing.B) { benchPage(b, app.LoginAs("kierownik"), paths.CAFBenchmark(p.ID)) })
}
