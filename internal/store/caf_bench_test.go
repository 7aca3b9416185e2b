package store_test

import (
	"context"
	"fmt"
	"testing"

	"kaizen/internal/domain"
)

// fakeCAFResults adds n units with a result copied from assessment a's
// (the read model's rows need a signed consensus): unit i has every
// criterion and the total at value(i).
func fakeCAFResults(tb testing.TB, f *cafFixture, a *domain.CAFAssessment, n int, value func(i int) float64) {
	tb.Helper()
	ctx := context.Background()
	kinds := []string{"gmina_miejska", "gmina_wiejska", "gmina_miejsko_wiejska", "powiat"}
	for i := range n {
		v := value(i)
		if _, err := f.s.Pool.Exec(ctx, `WITH u AS (INSERT INTO units (name, kind, voivodeship) VALUES ($1, $2, 'mazowieckie') RETURNING id)
			INSERT INTO caf_unit_results (programme_id, unit_id, assessment_id, consensus_id, cycle, signed_on, total, criteria)
			SELECT r.programme_id, u.id, r.assessment_id, r.consensus_id, 1, r.signed_on, $3, array_fill($3::numeric, ARRAY[9])
			FROM caf_unit_results r, u WHERE r.assessment_id = $4 AND r.unit_id = $5`,
			fmt.Sprintf("Jednostka testowa %04d", i), kinds[i%len(kinds)], v, a.ID, a.UnitID); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestCAFBenchmark(t *testing.T) {
	t.Parallel()
	f := newCAFFixture(t)
	ctx := context.Background()
	a := f.signed(f.a, func(string) int { return 20 })
	f.signed(f.b, func(string) int { return 80 })
	fakeCAFResults(t, f, a, 3, func(i int) float64 { return float64(40 + 10*i) })

	b, err := f.s.CAFBenchmark(ctx, f.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := b.Total; d.N != 5 || d.Min != 20 || d.Q1 != 40 || d.Median != 50 || d.Q3 != 60 || d.Max != 80 {
		t.Fatalf("total %+v", d)
	}
	if len(b.Criteria) != 9 || b.Criteria[6].Median != 50 || len(b.Units) != 5 || b.Units[0].UnitName > b.Units[1].UnitName {
		t.Fatalf("benchmark %+v", b)
	}
	// benchlearning: unit a learns from b once b consents
	if err := f.s.SetCAFConsent(ctx, actorOf(f.manager), f.p.ID, f.b.ID, true); err != nil {
		t.Fatal(err)
	}
	if b, err = f.s.CAFBenchmark(ctx, f.p.ID); err != nil {
		t.Fatal(err)
	}
	l := b.Benchlearning(b.Unit(f.a.ID))
	if len(l) != 9 || len(l[0].From) != 1 || l[0].From[0].UnitID != f.b.ID || !l[0].From[0].Named {
		t.Fatalf("benchlearning %+v", l)
	}
	if _, err := f.s.Pool.Exec(ctx, `INSERT INTO good_practices (programme_id, title, unit_id, description, results, why_results,
		why_innovative, why_durable, why_transferable, status) VALUES ($1, 'Karta usług online', $2, 'o', 'w', 'w', 'w', 'w', 'w', 'accepted')`,
		f.p.ID, f.b.ID); err != nil {
		t.Fatal(err)
	}
	ps, err := f.s.CAFPractices(ctx, f.p.ID, []int64{f.b.ID})
	if err != nil || len(ps[f.b.ID]) != 1 || ps[f.b.ID][0].Title != "Karta usług online" {
		t.Fatalf("practices %+v, %v", ps, err)
	}
	if err := f.s.SetCAFConsent(ctx, actorOf(f.manager), f.p.ID, f.b.ID, false); err != nil {
		t.Fatal(err)
	}
	if c, err := f.s.CAFConsents(ctx, f.p.ID); err != nil || c[f.b.ID] {
		t.Fatalf("consent withdrawn: %v, %v", c, err)
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'caf_named_unit' AND entity_id = $1`,
		fmt.Sprintf("%d/%d", f.p.ID, f.b.ID)).Scan(&n); err != nil || n != 2 {
		t.Fatalf("consent audit entries %d, %v", n, err)
	}
	progs, all, err := f.s.CAFBenchmarkAll(ctx)
	if err != nil || all.Total.N < 5 || len(progs) == 0 {
		t.Fatalf("across: %+v %+v %v", progs, all, err)
	}
}

// BenchmarkCAFBenchmark measures the benchmarking of 2,059 units.
func BenchmarkCAFBenchmark(b *testing.B) {
	f := newCAFFixture(b)
	a := f.signed(f.a, func(string) int { return 50 })
	fakeCAFResults(b, f, a, 2058, func(i int) float64 { return float64((i * 37) % 101) })
	ctx := context.Background()
	var units []domain.CAFUnitResult
	b.Run("store", func(b *testing.B) {
		for range b.N {
			r, err := f.s.CAFBenchmark(ctx, f.p.ID)
			if err != nil || len(r.Units) != 2059 {
				b.Fatal(err)
			}
			units = r.Units
		}
	})
	// the share of the Go computation (quartiles overall and per kind)
	b.Run("quartiles", func(b *testing.B) {
		for range b.N {
			domain.NewCAFBenchmark(f.p.ID, 9, units)
		}
	})
}

// TestCAFBenchmarkCache: a benchmark is reused while its data stay, and
// computed again after a signing, a consent or a unit's new name.
func TestCAFBenchmarkCache(t *testing.T) {
	t.Parallel()
	f := newCAFFixture(t)
	ctx := context.Background()
	f.signed(f.a, func(string) int { return 20 })
	get := func() *domain.CAFBenchmark {
		t.Helper()
		b, err := f.s.CAFBenchmark(ctx, f.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b1 := get()
	if b2 := get(); b2 != b1 || len(b1.Units) != 1 {
		t.Fatalf("not reused: %p %p, %d units", b1, b2, len(b1.Units))
	}
	f.signed(f.b, func(string) int { return 80 })
	b3 := get()
	if b3 == b1 || len(b3.Units) != 2 {
		t.Fatalf("after a signing: %d units", len(b3.Units))
	}
	if err := f.s.SetCAFConsent(ctx, actorOf(f.manager), f.p.ID, f.b.ID, true); err != nil {
		t.Fatal(err)
	}
	if b4 := get(); b4 == b3 || !b4.Unit(f.b.ID).Named {
		t.Fatal("a consent did not show")
	}
	if _, err := f.s.Pool.Exec(ctx, `UPDATE units SET name = 'Urząd Gminy Nowa Nazwa' WHERE id = $1`, f.a.ID); err != nil {
		t.Fatal(err)
	}
	if b5 := get(); b5.Unit(f.a.ID).UnitName != "Urząd Gminy Nowa Nazwa" {
		t.Fatalf("a new name did not show: %s", b5.Unit(f.a.ID).UnitName)
	}
}
