package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCAFScoreFiles: a member attaches a PDF to a sub-criterion of their
// scoring, sees it listed, and a program is refused beside the file field;
// the score form with its files and the refusal pass axe.
func TestCAFScoreFiles(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	prog := app.DemoProgramme(t)
	a := &domain.CAFAssessment{UnitID: cafCycleUnitID(t, app, "Urząd Miasta w Dzierżoniowie"), Method: domain.CAFClassical, StartsOn: prog.Start,
		EndsOn: prog.Start.AddDate(0, 2, 0), Members: []domain.CAFMember{{UserID: cafCycleUserID(t, app, "czlonek"), Leader: true}}}
	if err := app.Store.CreateCAFAssessment(t.Context(), domain.Actor{Username: "test"}, prog, a); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdf, exe := filepath.Join(dir, "regulamin.pdf"), filepath.Join(dir, "narzedzie.exe")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n%regulamin\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, []byte("MZ\x90\x00 program"), 0o644); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, app.URL, "czlonek", "demo")
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+paths.CAFScore(prog.ID, a.ID, "1.1")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-file-form"]`)),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{pdf}),
		chromedp.Click(chromedp.Search(`//button[contains(., "Dołącz plik z dowodem")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="caf-score-files"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="caf-score-files"]`)))
	if !strings.Contains(files, "regulamin.pdf") || !strings.Contains(files, "SHA-256") {
		t.Fatalf("files = %q", files)
	}
	CheckAccessibility(t, ctx, "CAF sub-criterion form with a file")
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{exe}),
		chromedp.Click(chromedp.Search(`//button[contains(., "Dołącz plik z dowodem")]`)),
		chromedp.WaitVisible(chromedp.ID("f-file-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := mainText(t, ctx); !strings.Contains(body, "To nie jest plik PDF, JPEG ani PNG") {
		t.Fatalf("refused upload:\n%s", body)
	}
	CheckAccessibility(t, ctx, "CAF refused upload")
}
