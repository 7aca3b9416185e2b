package web_test

import (
	"net/http"
	"strings"
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// A member's evidence files: uploaded beside the score form, listed and
// downloaded by the member alone while scoring, read by the leader from
// the consensus once it opens; a file of the wrong type is 422 beside the
// file field.
func TestCAFScoreFiles(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	p := app.DemoProgramme(t)
	units, err := app.Store.ListUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var unit int64
	for _, u := range units {
		if u.Name == demo.LeaderUnit {
			unit = u.ID
		}
	}
	leader, member := cafDemoUser(t, app, "czlonek"), cafDemoUser(t, app, "czlonek.b")
	a := &domain.CAFAssessment{UnitID: unit, Method: domain.CAFClassical, StartsOn: app.DemoDay(t, 1, 0), EndsOn: app.DemoDay(t, 2, 0),
		Members: []domain.CAFMember{{UserID: leader.ID, Leader: true}, {UserID: member.ID}}}
	if err := app.Store.CreateCAFAssessment(ctx, domain.Actor{Username: "test"}, p, a); err != nil {
		t.Fatal(err)
	}
	a, err = app.Store.CAFAssessment(ctx, p.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	lead, other := app.LoginAs("czlonek"), app.LoginAs("czlonek.b")

	// The leader scores 1.1 with a typed text, then attaches a PDF.
	form := paths.CAFScore(p.ID, a.ID, "1.1")
	if r := lead.Post(form, formOf(map[string]string{domain.FieldCAFScore: "40", domain.FieldCAFEvidence: "Regulamin organizacyjny", "go": "stay"})); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("score: %d", r.StatusCode)
	}
	page := cafPage(t, lead, form)
	if !strings.Contains(page.Body, "Dołącz plik z dowodem") || !strings.Contains(page.Body, `data-testid="caf-score-files-none"`) ||
		strings.Contains(page.Body, `class="error-summary"`) {
		t.Fatal("no upload form on the score form")
	}
	if r := postMultipart(lead, paths.CAFScoreFiles(p.ID, a.ID, "1.1"), nil, "regulamin.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	files, err := app.Store.CAFScoreFiles(ctx, a.ID, leader.ID)
	if err != nil || len(files["1.1"]) != 1 {
		t.Fatalf("stored files: %v %v", files, err)
	}
	fileID := files["1.1"][0].ID
	page = cafPage(t, lead, form)
	if !strings.Contains(page.Body, paths.CAFFile(p.ID, a.ID, fileID)) || !strings.Contains(page.Body, "regulamin.pdf") {
		t.Fatal("the file is not listed on the score form")
	}
	if r := lead.Get(paths.CAFFile(p.ID, a.ID, fileID)); r.StatusCode != http.StatusOK || r.Body != string(onePagePDF) {
		t.Fatalf("owner's download: %d", r.StatusCode)
	}
	if r := other.Get(paths.CAFFile(p.ID, a.ID, fileID)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another member downloads the leader's file: %d", r.StatusCode)
	}

	// A program is refused beside the file field; the score form keeps the saved values.
	r := postMultipart(lead, paths.CAFScoreFiles(p.ID, a.ID, "1.1"), nil, "narzedzie.exe", []byte("MZ\x90\x00\x03 not a document"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-file-error"`) ||
		!strings.Contains(r.Body, "To nie jest plik PDF, JPEG ani PNG") || !strings.Contains(r.Body, "Regulamin organizacyjny") {
		t.Fatalf("an .exe: %d", r.StatusCode)
	}
	for _, p := range markupProblems(r.Body) {
		t.Errorf("refused upload: %s", p)
	}
	if n := strings.Count(r.Body, `class="error-summary"`); n != 1 || !strings.Contains(r.Body, `href="#f-file"`) || !strings.Contains(r.Body, "Nie dołączono pliku") {
		t.Errorf("refused upload: %d summaries, want one naming the file field", n)
	}

	// czlonek.b attaches a file of their own, removes one, and submits.
	if r := postMultipart(other, paths.CAFScoreFiles(p.ID, a.ID, "1.1"), nil, "zdjecie.png", []byte("\x89PNG\r\n\x1a\nczlonek.b")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("member's upload: %d %s", r.StatusCode, r.Body)
	}
	if r := postMultipart(other, paths.CAFScoreFiles(p.ID, a.ID, "1.1"), nil, "ankieta.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("member's second upload: %d", r.StatusCode)
	}
	theirs, _ := app.Store.CAFScoreFiles(ctx, a.ID, member.ID)
	if len(theirs["1.1"]) != 2 {
		t.Fatalf("member's files: %v", theirs)
	}
	if r := other.Post(paths.CAFScoreFileDelete(p.ID, a.ID, "1.1", fileID), formOf(nil)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("member removes the leader's file: %d", r.StatusCode)
	}
	if r := other.Post(paths.CAFScoreFileDelete(p.ID, a.ID, "1.1", theirs["1.1"][1].ID), formOf(nil)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("removal: %d", r.StatusCode)
	}
	theirs, _ = app.Store.CAFScoreFiles(ctx, a.ID, member.ID)
	if len(theirs["1.1"]) != 1 || theirs["1.1"][0].Name != "zdjecie.png" {
		t.Fatalf("member's files after removal: %v", theirs)
	}
	memberFile := theirs["1.1"][0].ID
	if r := lead.Get(paths.CAFFile(p.ID, a.ID, memberFile)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("leader downloads a member's file before the consensus: %d", r.StatusCode)
	}
	for _, u := range []*domain.User{leader, member} {
		for _, sub := range a.Model().Subs() {
			x := 60.0
			if err := app.Store.SaveCAFScore(ctx, domain.ActorOf(u, ""), a, u.ID, &domain.CAFScore{Sub: sub.Code, Score: &x}); err != nil {
				t.Fatal(err)
			}
		}
		if err := app.Store.SubmitCAFScoring(ctx, domain.ActorOf(u, ""), a, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if r := postMultipart(other, paths.CAFScoreFiles(p.ID, a.ID, "1.2"), nil, "po.pdf", onePagePDF); r.StatusCode != http.StatusForbidden {
		t.Fatalf("upload after submission: %d", r.StatusCode)
	}
	if err := app.Store.OpenCAFConsensus(ctx, domain.ActorOf(leader, ""), a); err != nil {
		t.Fatal(err)
	}

	// The consensus lists each member's files; the leader downloads them.
	page = cafPage(t, lead, paths.CAFConsensusScore(p.ID, a.ID, "1.1"))
	if !strings.Contains(page.Body, paths.CAFFile(p.ID, a.ID, memberFile)) || !strings.Contains(page.Body, "zdjecie.png") ||
		!strings.Contains(page.Body, paths.CAFFile(p.ID, a.ID, fileID)) {
		t.Fatal("the members' files are not on the consensus form")
	}
	if r := lead.Get(paths.CAFFile(p.ID, a.ID, memberFile)); r.StatusCode != http.StatusOK || !strings.HasSuffix(r.Body, "czlonek.b") {
		t.Fatalf("leader's download of a member's file: %d", r.StatusCode)
	}
	if r := app.LoginAs("koordynator").Get(paths.CAFFile(p.ID, a.ID, memberFile)); r.StatusCode != http.StatusOK {
		t.Fatalf("facilitator's download: %d", r.StatusCode)
	}
	if r := other.Get(paths.CAFFile(p.ID, a.ID, fileID)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a member downloads the leader's file after the consensus opened: %d", r.StatusCode)
	}
}
