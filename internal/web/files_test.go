package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestAlteredEvidenceFileRefused: an attacker with access to the database
// replaces the bytes of an attendance scan and of a meeting scan; their
// downloads answer an error page (never the altered bytes) and the
// integrity page lists both files.
func TestAlteredEvidenceFileRefused(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t).ID
	var sessionID, sessionFile, meetingID, meetingFile int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT session_id, file_id FROM session_scans ORDER BY file_id LIMIT 1`).Scan(&sessionID, &sessionFile); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.Pool.QueryRow(ctx, `SELECT meeting_id, file_id FROM meeting_scans ORDER BY file_id LIMIT 1`).Scan(&meetingID, &meetingFile); err != nil {
		t.Fatal(err)
	}
	downloads := []string{paths.TrainingSessionScan(prog, sessionID, sessionFile), paths.MeetingScan(prog, meetingID, meetingFile)}
	c := app.LoginAs("koordynator")
	for _, d := range downloads {
		if r := c.Get(d); r.StatusCode != http.StatusOK {
			t.Fatalf("intact %s: %d", d, r.StatusCode)
		}
	}
	admin := app.LoginAs("admin")
	if r := admin.Get(paths.Integrity()); strings.Contains(r.Body, `data-testid="altered-files"`) {
		t.Fatal("intact files are flagged")
	}
	su, err := pgx.Connect(ctx, app.Store.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	if _, err := su.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, "UPDATE files SET data = '%PDF-1.4 podmieniony' WHERE id IN ($1, $2)", sessionFile, meetingFile); err != nil {
		t.Fatal(err)
	}
	for _, d := range downloads {
		r := c.Get(d)
		if r.StatusCode != http.StatusConflict || strings.Contains(r.Body, "podmieniony") || !strings.Contains(r.Body, "SHA-256") {
			t.Fatalf("altered %s: %d\n%s", d, r.StatusCode, r.Body)
		}
	}
	r := admin.Get(paths.Integrity())
	if !strings.Contains(r.Body, `data-testid="altered-files"`) || !strings.Contains(r.Body, "skan listy obecności") || !strings.Contains(r.Body, "skan ze spotkania") {
		t.Fatalf("integrity page:\n%s", r.Body)
	}
}
