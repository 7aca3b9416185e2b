package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
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

// TestUploadNamesAndActivePDFs: a PDF uploaded as instrukcja.hta is kept
// and served as instrukcja.pdf, for every kind of upload; a PDF carrying
// JavaScript, an action on opening, a launched program or an embedded file
// is refused with the reason beside the file field and nothing is saved.
func TestUploadNamesAndActivePDFs(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, training, leader, _ := demoIDs(t, app)
	sess, _ := evidenceFixture(t, app, prog, training, leader)
	x, err := app.Store.Session(ctx, prog, sess)
	if err != nil {
		t.Fatal(err)
	}
	ups, _ := app.Store.UnitProducts(ctx, prog, domain.ProductFilter{UnitID: leader, Status: domain.ProductPlanned})
	if len(ups) == 0 {
		t.Fatal("no planned product")
	}
	var meeting int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT min(id) FROM meetings WHERE programme_id = $1`, prog).Scan(&meeting); err != nil {
		t.Fatal(err)
	}
	c := app.LoginAs("koordynator")
	for _, tc := range []struct {
		kind, post string
		fields     url.Values
		files      string // the files of the record: id, name
	}{
		{"SessionScan", paths.TrainingSessionScans(prog, sess), url.Values{pages.FieldScanDay: {x.Days[0].Format("2006-01-02")}},
			`SELECT f.id, f.name FROM session_scans c JOIN files f ON f.id = c.file_id WHERE c.session_id = ` + itoa(sess)},
		{"ProductDocument", paths.ProductFiles(prog, ups[0].ID), nil,
			`SELECT f.id, f.name FROM unit_product_files c JOIN files f ON f.id = c.file_id WHERE c.unit_product_id = ` + itoa(ups[0].ID)},
		{"MeetingScan", paths.MeetingScans(prog, meeting), nil,
			`SELECT f.id, f.name FROM meeting_scans c JOIN files f ON f.id = c.file_id WHERE c.meeting_id = ` + itoa(meeting)},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			count := func() int {
				var n int
				if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM (`+tc.files+`) x`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			for _, bad := range []struct{ name, body, reason string }{
				{"JavaScript", "1 0 obj<</Type/Catalog/OpenAction 4 0 R>>endobj 4 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj", "/JavaScript"},
				{"HexEscaped", "1 0 obj<</Type/Catalog/Names<</J#61vaScript 4 0 R>>>>endobj", "/JavaScript"},
				{"Launch", "1 0 obj<</Type/Action/S/Launch/F(cmd.exe)>>endobj", "/Launch"},
				{"EmbeddedFile", "1 0 obj<</Type/EmbeddedFile/Length 3>>stream\nabc\nendstream endobj", "/EmbeddedFile"},
			} {
				pdf := append(append([]byte{}, onePagePDF...), bad.body+"\n%%EOF\n"...)
				r := postMultipart(c, tc.post, tc.fields, "lista.pdf", pdf)
				if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "aktywną treść") || !strings.Contains(r.Body, bad.reason) {
					t.Fatalf("%s: %d\n%s", bad.name, r.StatusCode, r.Body)
				}
			}
			if count() != before {
				t.Fatal("a refused PDF was saved")
			}
			pdf := append(append([]byte{}, onePagePDF...), "% "+tc.kind+"\n"...)
			if r := postMultipart(c, tc.post, tc.fields, "instrukcja.hta", pdf); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d\n%s", r.StatusCode, r.Body)
			}
			var id int64
			var name string
			if err := app.Store.Pool.QueryRow(ctx, tc.files+` ORDER BY f.id DESC LIMIT 1`).Scan(&id, &name); err != nil || name != "instrukcja.pdf" {
				t.Fatalf("stored as %q (%v)", name, err)
			}
		})
	}
	// A file stored under a dangerous name before this check (as an old
	// upload or a direct store call) is still served with the extension of
	// its type.
	if _, err := app.Store.AddProductDocument(ctx, domain.Actor{Username: "test"}, ups[0].ID, "stare.hta", "application/pdf", onePagePDF); err != nil {
		t.Fatal(err)
	}
	var old int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id FROM files WHERE name = 'stare.hta'`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	r := c.Get(paths.ProductFile(prog, ups[0].ID, old))
	if cd := r.Header.Get("Content-Disposition"); r.StatusCode != http.StatusOK || !strings.Contains(cd, `filename="stare.pdf"`) {
		t.Fatalf("served as %d %q", r.StatusCode, cd)
	}
}
