package store_test

import (
	"context"
	"errors"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// A member's evidence files of a sub-criterion: theirs alone while they
// score, added and removed only while the scoring is open (also in the
// database), read by the group once the consensus opens.
func TestCAFScoreFiles(t *testing.T) {
	f := newCAFFixture(t)
	ctx := context.Background()
	a := f.assessment(f.a, domain.CAFClassical, f.leader, f.m2, f.m3)

	// No score yet: a draft is started for the file.
	file, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "1.1", "regulamin.pdf", "application/pdf", pdfBytes)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "1.1", "regulamin.pdf", "application/pdf", pdfBytes)
	if err != nil || again.ID != file.ID {
		t.Fatalf("the same file twice: %v %v, want the stored one", again, err)
	}
	if _, err := f.s.AddCAFScoreFile(ctx, actorOf(f.oth), a, f.oth.ID, "1.1", "x.pdf", "application/pdf", pdfBytes); !errors.Is(err, store.ErrCAFNotMember) {
		t.Fatalf("outsider adds a file: %v", err)
	}
	if _, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "9.9", "x.pdf", "application/pdf", pdfBytes); code(err) != domain.ENOTFOUND {
		t.Fatalf("unknown sub-criterion: %v", err)
	}
	mine, err := f.s.CAFScoreFiles(ctx, a.ID, f.m2.ID)
	if err != nil || len(mine["1.1"]) != 1 || mine["1.1"][0].Name != "regulamin.pdf" || mine["1.1"][0].SHA256 != file.SHA256 {
		t.Fatalf("member's files: %v %v", mine, err)
	}
	if scores, _ := f.s.CAFScores(ctx, a.ID, f.m2.ID); scores["1.1"] == nil || scores["1.1"].Score != nil {
		t.Fatalf("draft score for the file: %v", scores["1.1"])
	}
	if others, err := f.s.CAFScoreFiles(ctx, a.ID, f.m3.ID); err != nil || len(others) != 0 {
		t.Fatalf("member 3 sees %v (%v), want none of member 2's", others, err)
	}
	if g, _ := f.s.CAFGroupScoreFiles(ctx, a.ID); len(g) != 0 {
		t.Fatalf("group files before submission: %v", g)
	}
	got, user, sub, err := f.s.CAFScoreFile(ctx, a.ID, file.ID)
	if err != nil || user != f.m2.ID || sub != "1.1" || got.Name != "regulamin.pdf" {
		t.Fatalf("file's owner: %v %d %s %v", got, user, sub, err)
	}
	if _, data, err := f.s.FileData(ctx, "caf_assessment", a.ID, file.ID); err != nil || string(data) != string(pdfBytes) {
		t.Fatalf("file's content: %q %v", data, err)
	}
	var audits int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'caf_score' AND entity_id = $1 AND after->>'file' = 'regulamin.pdf'
		AND after->>'sha256' = $2`, store.FormatID(a.ID)+"/"+store.FormatID(f.m2.ID)+"/1.1", file.SHA256).Scan(&audits); err != nil || audits != 1 {
		t.Fatalf("audit of the file: %d %v", audits, err)
	}

	// Removal while open; a file of another member is not found.
	second, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m3), a, f.m3.ID, "1.1", "zdjecie.png", "image/png", []byte("\x89PNG\r\n\x1a\nm3"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.RemoveCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "1.1", second.ID); code(err) != domain.ENOTFOUND {
		t.Fatalf("member 2 removes member 3's file: %v", err)
	}
	if err := f.s.RemoveCAFScoreFile(ctx, actorOf(f.m3), a, f.m3.ID, "1.1", second.ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := f.s.CAFScoreFiles(ctx, a.ID, f.m3.ID); len(left) != 0 {
		t.Fatalf("removed file still listed: %v", left)
	}
	if _, _, _, err := f.s.CAFScoreFile(ctx, a.ID, second.ID); code(err) != domain.ENOTFOUND {
		t.Fatalf("removed file: %v", err)
	}
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'caf_score' AND action = 'delete' AND before->>'file' = 'zdjecie.png'`).
		Scan(&audits); err != nil || audits != 1 {
		t.Fatalf("audit of the removal: %d %v", audits, err)
	}

	// After submission: refused, also by the database.
	f.scoreAll(a, f.leader, func(string) int { return 40 })
	f.scoreAll(a, f.m2, func(string) int { return 50 })
	if _, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "1.2", "po.pdf", "application/pdf", pdfBytes); !errors.Is(err, store.ErrCAFSubmitted) {
		t.Fatalf("file after submission: %v", err)
	}
	if err := f.s.RemoveCAFScoreFile(ctx, actorOf(f.m2), a, f.m2.ID, "1.1", file.ID); !errors.Is(err, store.ErrCAFSubmitted) {
		t.Fatalf("removal after submission: %v", err)
	}
	if _, err := f.s.Pool.Exec(ctx, `INSERT INTO caf_score_files (assessment_id, user_id, subcriterion, file_id) VALUES ($1, $2, '1.2', $3)`,
		a.ID, f.m2.ID, file.ID); err == nil {
		t.Fatal("the database let a file in after the submission")
	}
	if _, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m3), a, f.m3.ID, "1.2", "m3.pdf", "application/pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}

	// After the consensus opened: refused; the group sees submitted members' files only.
	if err := f.s.OpenCAFConsensus(ctx, actorOf(f.leader), a); err != nil {
		t.Fatal(err)
	}
	a = f.reload(a)
	if _, err := f.s.AddCAFScoreFile(ctx, actorOf(f.m3), a, f.m3.ID, "1.3", "pozno.pdf", "application/pdf", pdfBytes); !errors.Is(err, store.ErrCAFScoringClosed) {
		t.Fatalf("file after the consensus opened: %v", err)
	}
	if _, err := f.s.Pool.Exec(ctx, `INSERT INTO caf_score_files (assessment_id, user_id, subcriterion, file_id) VALUES ($1, $2, '1.2', $3)`,
		a.ID, f.m3.ID, file.ID); err == nil {
		t.Fatal("the database let a file in after the consensus opened")
	}
	group, err := f.s.CAFGroupScoreFiles(ctx, a.ID)
	if err != nil || len(group) != 1 || len(group[f.m2.ID]["1.1"]) != 1 || group[f.m2.ID]["1.1"][0].ID != file.ID {
		t.Fatalf("group files: %v %v", group, err)
	}
}
