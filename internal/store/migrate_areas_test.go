package store_test

import (
	"context"
	"testing"

	"kaizen/internal/testdb"
)

// Migration 00009 keeps the data of programmes from before areas belonged
// to programmes: each gets areas P and N, participations their areas as
// rows, tasks their area; and going down brings the P/N columns back.
func TestMigrationProgrammeAreasKeepsData(t *testing.T) {
	t.Parallel()
	db, p := migrator(t, testdb.URL(t))
	ctx := context.Background()
	if _, err := p.DownTo(ctx, 8); err != nil {
		t.Fatalf("down to 8: %v", err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO programmes (id, code, title, start_date, end_date, budget) OVERRIDING SYSTEM VALUE VALUES (901, 'STARY', 'Stary program', '2010-08-01', '2012-03-31', 0)`)
	exec(`INSERT INTO units (id, name, kind, voivodeship) OVERRIDING SYSTEM VALUE VALUES (901, 'Urząd Gminy A', 'gmina_wiejska', 'opolskie'), (902, 'Urząd Gminy B', 'gmina_wiejska', 'opolskie')`)
	exec(`INSERT INTO participations (programme_id, unit_id, area_p, area_n) VALUES (901, 901, true, true), (901, 902, false, true)`)
	exec(`INSERT INTO tasks (programme_id, code, name, area, kind) VALUES (901, 'N1', 'procesy', 'N', 'process'), (901, 'X', 'wspólne', NULL, 'other')`)
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	var areas, partAreas, taskN string
	if err := db.QueryRowContext(ctx, `SELECT string_agg(code || '=' || name, ', ' ORDER BY position) FROM programme_areas WHERE programme_id = 901`).Scan(&areas); err != nil {
		t.Fatal(err)
	}
	if areas != "P=podatki i opłaty lokalne, N=zarządzanie nieruchomościami" {
		t.Errorf("areas = %q", areas)
	}
	if err := db.QueryRowContext(ctx, `SELECT string_agg(unit_id || area, ' ' ORDER BY unit_id, area DESC) FROM participation_areas WHERE programme_id = 901`).Scan(&partAreas); err != nil {
		t.Fatal(err)
	}
	if partAreas != "901P 901N 902N" {
		t.Errorf("participation areas = %q", partAreas)
	}
	if err := db.QueryRowContext(ctx, `SELECT string_agg(code || ':' || COALESCE(area, '-'), ' ' ORDER BY code) FROM tasks WHERE programme_id = 901`).Scan(&taskN); err != nil {
		t.Fatal(err)
	}
	if taskN != "N1:N X:-" {
		t.Errorf("tasks = %q", taskN)
	}
	// an area of another programme is refused by the foreign key
	if _, err := db.ExecContext(ctx, `UPDATE tasks SET area = 'Q' WHERE programme_id = 901 AND code = 'N1'`); err == nil {
		t.Error("a task took an area its programme does not have")
	}
	if _, err := p.DownTo(ctx, 8); err != nil {
		t.Fatalf("down again: %v", err)
	}
	var both, onlyN bool
	if err := db.QueryRowContext(ctx, `SELECT (SELECT area_p AND area_n FROM participations WHERE unit_id = 901), (SELECT NOT area_p AND area_n FROM participations WHERE unit_id = 902)`).Scan(&both, &onlyN); err != nil {
		t.Fatal(err)
	}
	if !both || !onlyN {
		t.Errorf("after down: unit A in P and N %v, unit B only in N %v", both, onlyN)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
