package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// The read model follows the evidence structurally: a write through InTx
// leaves no touch behind, and a transaction that changes evidence without
// draining what it touched cannot commit.
func TestReadModelFollowsWritesStructurally(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	pe := f.person(t, f.a, domain.SexFemale)
	x := f.session(t, f.ps4, []time.Time{d("2011-03-01"), d("2011-03-02")}, []*domain.Person{pe}, func(int, int) bool { return true })
	f.check(t)
	var left int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM read_model_touches`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("touches left after writes through InTx: %d %v", left, err)
	}

	// A write that bypasses the transaction helper (and so the refresh).
	for name, sql := range map[string]string{
		"AttendanceUpdate": `UPDATE attendance SET present = NOT present WHERE session_id = $1`,
		"SessionDayDelete": `DELETE FROM session_days WHERE session_id = $1`,
	} {
		t.Run(name, func(t *testing.T) {
			tx, err := f.s.Pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback(ctx) }()
			if _, err := tx.Exec(ctx, sql, x.ID); err != nil {
				t.Fatal(err)
			}
			err = tx.Commit(ctx)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "KZ001" {
				t.Fatalf("commit without the read model following: %v, want refused (KZ001)", err)
			}
		})
	}
	f.check(t)
}

// A period closes only after it ends: the rule holds in the store, on the
// store's clock, whoever calls it.
func TestClosePeriodOnlyAfterItEnds(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	f.s.Now = func() time.Time { return d("2011-03-31").Add(20 * time.Hour) } // 31.03, 22:00 in Warsaw
	if _, err := f.s.ClosePeriod(context.Background(), admin, f.p, "2011-Q1", ""); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("closing 2011-Q1 on its last day: %v, want a conflict", err)
	}
	f.s.Now = func() time.Time { return d("2011-03-31").Add(23 * time.Hour) } // 1.04, 01:00 in Warsaw
	if _, err := f.s.ClosePeriod(context.Background(), admin, f.p, "2011-Q1", ""); err != nil {
		t.Fatalf("closing 2011-Q1 after it ended: %v", err)
	}
}

// The drill-down names each counted thing as its rule says, with the
// protocols behind implementations and units.
func TestDrillDownLabels(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	f.protocol(t, f.p3, f.a, "2011-02-10", domain.ProtocolAccepted)
	pe := f.person(t, f.a, domain.SexFemale)
	f.session(t, f.ps4, []time.Time{d("2011-03-01")}, []*domain.Person{pe}, func(int, int) bool { return true })
	c := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Expert: "Ewa Ekspert", Day: d("2011-03-03"),
		Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "mapa procesów"}
	if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"impl": "P3 procesy", "unitsP": "jednostka", "days": "PS4, grupa 1, dzień 01.03.2011",
		"cons": "mapa procesów (Ewa Ekspert)", "personsP": ""} {
		rows, total, err := f.s.IndicatorFacts(ctx, f.ind[key], domain.FactFilter{})
		if err != nil || total != 1 || len(rows) != 1 {
			t.Fatalf("%s: %d rows of %d: %v", key, len(rows), total, err)
		}
		if rows[0].Label != want {
			t.Errorf("%s labelled %q, want %q", key, rows[0].Label, want)
		}
		if (key == "impl" || key == "unitsP") && len(rows[0].Protocols) != 1 {
			t.Errorf("%s: protocols behind = %v, want the accepted one", key, rows[0].Protocols)
		}
	}
}
