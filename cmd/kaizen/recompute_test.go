package main

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/demo"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// TestRecomputePlantedDifferences: `kaizen recompute --check`, which
// checks programmes side by side, still reports every difference planted
// behind the application's back in every programme with facts (a changed
// fact, a fact that should not be there, a lost fact, a drifted sum), and
// nothing else, in the programmes' order.
func TestRecomputePlantedDifferences(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	st := store.New(pool)
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	progs, err := st.Programmes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string // the programmes' order
	type planted struct{ programme, subject, stored, computed string }
	var want []planted
	for _, p := range progs {
		codes = append(codes, p.Code)
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM indicator_facts WHERE programme_id = $1`, p.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 3 {
			continue
		}
		// Three facts of the programme: one changed, one lost, one copied
		// under a subject no evidence gives; and one per-period sum drifted.
		rows, err := pool.Query(ctx, `SELECT subject FROM indicator_facts WHERE programme_id = $1 ORDER BY indicator_id, subject LIMIT 3`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		subjects, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE indicator_facts SET records = records + 7 WHERE programme_id = $1 AND subject = $2`, []any{p.ID, subjects[0]}},
			{`DELETE FROM indicator_facts WHERE programme_id = $1 AND subject = $2`, []any{p.ID, subjects[1]}},
			{`INSERT INTO indicator_facts (indicator_id, programme_id, subject, ref_kind, ref_id, unit_id, evidence_on, period, value, women, men, flagged, records)
				SELECT indicator_id, programme_id, 'planted:' || subject, ref_kind, ref_id, unit_id, evidence_on, period, value, women, men, flagged, records
				FROM indicator_facts WHERE programme_id = $1 AND subject = $2`, []any{p.ID, subjects[2]}},
			{`UPDATE indicator_period_values v SET value = v.value + 100 FROM indicators i
				WHERE i.id = v.indicator_id AND i.programme_id = $1 AND (v.indicator_id, v.period) = (SELECT indicator_id, period FROM indicator_period_values
					WHERE indicator_id IN (SELECT id FROM indicators WHERE programme_id = $1) ORDER BY indicator_id, period LIMIT 1)`, []any{p.ID}},
		} {
			if tag, err := pool.Exec(ctx, x.sql, x.args...); err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("plant in %s: %v (%d rows)\n%s", p.Code, err, tag.RowsAffected(), x.sql)
			}
		}
		want = append(want, planted{p.Code, subjects[0], "+", "+"}, planted{p.Code, subjects[1], "", "+"},
			planted{p.Code, "planted:" + subjects[2], "+", ""}, planted{p.Code, "period ", "+", "+"})
	}
	if len(want) == 0 {
		t.Fatal("no programme of the demo has facts")
	}

	out, err := runCmd(t, "", "recompute", "--check")
	if !errors.Is(err, errReadModel) {
		t.Fatalf("recompute --check: %v, want the read model's difference\n%s", err, out)
	}
	diffRE := regexp.MustCompile(`RÓŻNICA (\S+) / [^\n]* / ([^\n]*)\n  zapisane: ([^\n]*)\n  z dowodów: ([^\n]*)\n`)
	found := diffRE.FindAllStringSubmatch(out, -1)
	if len(found) != len(want) || strings.Count(out, "RÓŻNICA") != len(want) {
		t.Fatalf("%d differences reported, want the %d planted:\n%s", strings.Count(out, "RÓŻNICA"), len(want), out)
	}
	order := -1
	for _, m := range found {
		i := slices.Index(codes, m[1])
		if i < order {
			t.Errorf("programme %s reported after a later one:\n%s", m[1], out)
		}
		order = i
	}
	for _, w := range want {
		if !slices.ContainsFunc(found, func(m []string) bool {
			return m[1] == w.programme && (m[2] == w.subject || w.subject == "period " && strings.HasPrefix(m[2], w.subject)) && (m[3] != "") == (w.stored != "") && (m[4] != "") == (w.computed != "")
		}) {
			t.Errorf("the planted difference %+v is not reported:\n%s", w, out)
		}
	}
	t.Logf("%d differences planted in %d programme(s), all reported", len(want), len(want)/4)
}
