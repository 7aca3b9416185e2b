package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/demo"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCommands(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")

	out, err := runCmd(t, "", "migrate")
	if err != nil || !regexp.MustCompile(`schema version [1-9][0-9]*`).MatchString(out) {
		t.Fatalf("migrate: %v\n%s", err, out)
	}

	t.Run("UserAdd", func(t *testing.T) {
		out, err := runCmd(t, "haslo-bardzo-dlugie\n", "user", "add", "--username", "J.Nowak", "--role", "coordinator", "--name", "Jan Nowak")
		if err != nil || !strings.Contains(out, `created account "j.nowak"`) {
			t.Fatalf("user add: %v\n%s", err, out)
		}
		out, err = runCmd(t, "", "user", "list")
		if err != nil || !strings.Contains(out, "j.nowak") || !strings.Contains(out, "coordinator") {
			t.Fatalf("user list: %v\n%s", err, out)
		}
	})
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"ErrDemoPassword", "demo\n", []string{"user", "add", "--username", "prod", "--role", "admin"}, "zarezerwowane"},
		{"ErrShortPassword", "krotkie\n", []string{"user", "add", "--username", "prod", "--role", "admin"}, "co najmniej 10"},
		{"ErrCommonPassword", "password12\n", []string{"user", "add", "--username", "prod", "--role", "admin"}, "często używanych"},
		{"ErrPasswordWithName", "Kowalska-2026-x\n", []string{"user", "add", "--username", "prod", "--role", "admin", "--name", "Anna Kowalska"}, "imienia ani nazwiska"},
		{"ErrWeakPassword", "kier3kier3\n", []string{"user", "add", "--username", "prod", "--role", "admin"}, "zbyt łatwe"},
		{"ErrBadRole", "haslo-bardzo-dlugie\n", []string{"user", "add", "--username", "prod", "--role", "root"}, "Wybierz rolę"},
		{"ErrManagerNoUnit", "haslo-bardzo-dlugie\n", []string{"user", "add", "--username", "prod", "--role", "unit_manager"}, "co najmniej jedną jednostkę"},
		{"ErrUnknownUnit", "haslo-bardzo-dlugie\n", []string{"user", "add", "--username", "prod", "--role", "unit_manager", "--unit", "4242"}, "nie istnieje"},
		{"ErrDuplicate", "haslo-bardzo-dlugie\n", []string{"user", "add", "--username", "j.nowak", "--role", "viewer"}, "zajęta"},
		{"ErrUnknownCommand", "", []string{"fly"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCmd(t, tc.stdin, tc.args...)
			if err == nil || !strings.Contains(err.Error()+out, tc.want) {
				t.Fatalf("err = %v, want %q\n%s", err, tc.want, out)
			}
		})
	}

	t.Run("ErrSchemaNewerThanBinary", func(t *testing.T) {
		ctx := context.Background()
		// As the schema's owner: the application's role may not write here.
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"migrate"}, {"serve"}} {
			if _, err := runCmd(t, "", args...); err == nil || !strings.Contains(err.Error(), "newer than this binary") {
				t.Fatalf("%v on a newer schema: %v", args, err)
			}
		}
	})
}

// TestVerify: `kaizen verify` passes on the demo protocols and catches a
// signed protocol a database superuser changed behind the triggers' back.
func TestVerify(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := demo.Load(ctx, store.New(pool)); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "verify")
	if err != nil || !regexp.MustCompile(`checked [1-9][0-9]* signed protocol\(s\); 0 mismatch`).MatchString(out) {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	su, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	// A superuser who switches every trigger off (the seal's and the read
	// model's) changes a signed decision.
	if _, err := su.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, "UPDATE protocols SET status = 'accepted', remarks = '' WHERE status = 'rejected'"); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "verify")
	if !errors.Is(err, errMismatch) || !strings.Contains(out, "NIEZGODNY") || !strings.Contains(out, "decision") || !strings.Contains(out, "1 mismatch") {
		t.Fatalf("verify after tampering: %v\n%s", err, out)
	}
}

// TestRecompute: `kaizen recompute --check` finds nothing on the demo data,
// reports a unit's trainings and a fact changed behind the application's
// back, and `kaizen recompute` rebuilds them.
func TestRecompute(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := demo.Load(ctx, store.New(pool)); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "recompute", "--check")
	if err != nil || !regexp.MustCompile(`checked [1-9][0-9]* fact\(s\) computed from the evidence; 0 difference`).MatchString(out) ||
		!regexp.MustCompile(`checked [1-9][0-9]* unit session\(s\) against attendance; 0 difference`).MatchString(out) {
		t.Fatalf("recompute --check: %v\n%s", err, out)
	}
	// A unit's trainings changed behind the application's back: reported,
	// and `kaizen recompute` repairs them.
	if _, err := pool.Exec(ctx, `UPDATE unit_training_sessions SET people = people + 5 WHERE ctid = (SELECT min(ctid) FROM unit_training_sessions)`); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "recompute", "--check")
	if !errors.Is(err, errSurveyAggregates) || !strings.Contains(out, "RÓŻNICA szkolenia jednostki") || !strings.Contains(out, "1 difference") {
		t.Fatalf("recompute --check after a changed unit training: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "recompute"); err != nil || !strings.Contains(out, "unit session(s) against attendance; 0 difference") {
		t.Fatalf("recompute: %v\n%s", err, out)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM indicator_facts WHERE subject LIKE 'meeting:%' AND ctid = (SELECT min(ctid) FROM indicator_facts WHERE subject LIKE 'meeting:%')`); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "recompute", "--check")
	if !errors.Is(err, errReadModel) || !strings.Contains(out, "RÓŻNICA") || !strings.Contains(out, "meeting:") {
		t.Fatalf("recompute --check after a lost fact: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "recompute"); err != nil || !strings.Contains(out, "0 difference") {
		t.Fatalf("recompute: %v\n%s", err, out)
	}
	// An evidence-complete flag changed behind the triggers' back (in a
	// transaction that drains what it touched, as store.InTx does).
	if err := store.New(pool).InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE meetings SET evidence_complete = NOT evidence_complete WHERE id = (SELECT min(id) FROM meetings)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "recompute", "--check")
	if !errors.Is(err, errEvidenceFlags) || !strings.Contains(out, "RÓŻNICA dowody") || !strings.Contains(out, "meeting") ||
		!regexp.MustCompile(`checked the evidence-complete flags of [1-9][0-9]* session\(s\) and meeting\(s\) against their evidence; 1 difference`).MatchString(out) {
		t.Fatalf("recompute --check after a changed flag: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "recompute"); err != nil || !strings.Contains(out, "flags of") || strings.Contains(out, "RÓŻNICA") {
		t.Fatalf("recompute after a changed flag: %v\n%s", err, out)
	}
}

// TestVerifyFiles: an attacker with access to the database replaces the
// bytes of an attendance scan and of a meeting scan (not protocol files);
// `kaizen verify` reports both.
func TestVerifyFiles(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("KAIZEN_LOG_LEVEL", "warn")
	ctx := context.Background()
	pool, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := demo.Load(ctx, store.New(pool)); err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, "", "verify"); err != nil || !regexp.MustCompile(`checked [1-9][0-9]* evidence file\(s\); 0 altered`).MatchString(out) {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	su, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	if _, err := su.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"UPDATE files SET data = data || 'x'::bytea WHERE id = (SELECT min(file_id) FROM session_scans)",
		"UPDATE files SET data = 'podmieniony'::bytea WHERE id = (SELECT min(file_id) FROM meeting_scans)",
	} {
		if tag, err := su.Exec(ctx, sql); err != nil || tag.RowsAffected() != 1 {
			t.Fatalf("%s: %v %v", sql, tag, err)
		}
	}
	out, err := runCmd(t, "", "verify")
	if !errors.Is(err, errMismatch) || strings.Count(out, "NIEZGODNY plik") != 2 || !strings.Contains(out, "skan listy obecności") || !strings.Contains(out, "skan ze spotkania") || !strings.Contains(out, "2 altered") {
		t.Fatalf("verify after altering files: %v\n%s", err, out)
	}
}
