package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestVerifyCAFConsensus: a signed consensus passes; its signed content or
// an agreed score changed behind the seal's back (its trigger off, as the
// tables' owner could) is reported.
func TestVerifyCAFConsensus(t *testing.T) {
	f := newCAFFixture(t)
	ctx := context.Background()
	a := f.signed(f.a, func(string) int { return 60 })
	checked, bad, err := f.s.VerifyCAFConsensus(ctx)
	if err != nil || checked != 1 || len(bad) != 0 {
		t.Fatalf("verify a signed consensus: %d checked, %+v, %v", checked, bad, err)
	}
	// as the tables' owner, its triggers off inside one transaction
	tamper := func(table, trigger, sql string) {
		t.Helper()
		owner, err := pgx.Connect(ctx, f.s.Pool.Config().ConnConfig.ConnString())
		if err != nil {
			t.Fatal(err)
		}
		defer owner.Close(ctx)
		tx, err := owner.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx) //nolint:errcheck
		for _, q := range []string{"ALTER TABLE " + table + " DISABLE TRIGGER " + trigger, sql, "ALTER TABLE " + table + " ENABLE TRIGGER " + trigger} {
			var args []any
			if strings.Contains(q, "$1") {
				args = append(args, a.ID)
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// the agreed score of 1.1 changed: the rebuilt content differs
	tamper("caf_consensus_scores", "USER", `UPDATE caf_consensus_scores SET score = 95 WHERE subcriterion = '1.1'
		AND consensus_id IN (SELECT id FROM caf_consensus WHERE assessment_id = $1)`)
	_, bad, err = f.s.VerifyCAFConsensus(ctx)
	if err != nil || len(bad) != 1 || !strings.Contains(bad[0].Problem, "scores") {
		t.Fatalf("verify after a changed score: %+v, %v", bad, err)
	}
	// the signed content itself changed: it no longer hashes to its digest
	tamper("caf_consensus", "USER", `UPDATE caf_consensus SET signed_content = replace(signed_content, '"60.0"', '"61.0"') WHERE assessment_id = $1`)
	_, bad, err = f.s.VerifyCAFConsensus(ctx)
	if err != nil || len(bad) != 1 || !strings.Contains(bad[0].Problem, "skrótowi") {
		t.Fatalf("verify after changed signed content: %+v, %v", bad, err)
	}
}
