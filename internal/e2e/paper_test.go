package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestPaperDecisionFourEyes: the coordinator records a decision signed on
// paper with its scan; it waits for confirmation; the unit's manager finds
// it on the start page and objects; the administrator dismisses the
// objection and confirms; the page then names who recorded and who
// confirmed it.
func TestPaperDecisionFourEyes(t *testing.T) {
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t)
	waiting, err := app.Store.Protocols(ctx, prog.ID, domain.ProtocolFilter{Status: domain.ProtocolSubmitted})
	if err != nil || len(waiting) == 0 {
		t.Fatalf("no protocol waiting: %v", err)
	}
	pr := waiting[0]
	page := app.URL + "/programmes/" + itoa(prog.ID) + "/protocols/" + itoa(pr.ID)
	scan := filepath.Join(t.TempDir(), "skan-protokolu.pdf")
	onePage := "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
	if err := os.WriteFile(scan, []byte(onePage), 0o600); err != nil {
		t.Fatal(err)
	}

	coord := Browser(t)
	signIn(t, coord, app.URL, "koordynator", "demo")
	err = chromedp.Do(coord,
		chromedp.Navigate(page),
		chromedp.Click(chromedp.Search(`//summary[contains(., "Zarejestruj decyzję podpisaną na papierze")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-form"]`)),
		chromedp.SetValue(chromedp.ID("f-decision"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-signer_name"), "Halina Sadowska"),
		chromedp.SendKeys(chromedp.ID("f-signer_role"), "Burmistrz"),
		chromedp.SetValue(chromedp.ID("f-signed_on"), domain.ISODate(pr.Date)),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{scan}),
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz decyzję z papieru")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-pending"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "paper decision waiting for confirmation (its recorder)")

	mgr := Browser(t)
	signIn(t, mgr, app.URL, "kierownik", "demo")
	err = chromedp.Do(mgr, chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-notices"]`)))
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, mgr, "start page with a paper decision to check")
	err = chromedp.Do(mgr,
		chromedp.Click(chromedp.Search(`//div[@data-testid="paper-notices"]//a[contains(., "`+pr.Number()+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-pending"]`)),
		chromedp.Click(chromedp.Search(`//summary[contains(., "Zgłoś sprzeciw")]`)),
		chromedp.WaitVisible(chromedp.ID("f-objection_reason")),
		chromedp.SendKeys(chromedp.ID("f-objection_reason"), "Nie podpisywałam tego protokołu na papierze."),
		chromedp.Click(chromedp.Search(`//button[contains(., "Zgłoś sprzeciw")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-objection-open"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, mgr, "paper decision under objection (the manager)")

	adm := Browser(t)
	signIn(t, adm, app.URL, "admin", "demo")
	err = chromedp.Do(adm,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-objection-form"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, adm, "paper decision under objection (the administrator)")
	err = chromedp.Do(adm,
		chromedp.SetValue(chromedp.ID("f-objection_decision"), "dismiss"),
		chromedp.SendKeys(chromedp.ID("f-objection_note"), "Skan nosi podpis kierowniczki."),
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz rozstrzygnięcie")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-confirm-form"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="paper-confirm-form"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="paper-confirmed-by"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, adm, "paper decision confirmed")
	recorded, _ := chromedp.Run(adm, chromedp.Text(chromedp.CSS(`[data-testid="paper-recorded-by"]`)))
	confirmed, _ := chromedp.Run(adm, chromedp.Text(chromedp.CSS(`[data-testid="paper-confirmed-by"]`)))
	sealed, _ := app.Store.Protocol(ctx, prog.ID, pr.ID)
	if sealed.Status != domain.ProtocolAccepted || sealed.PaperSeal == nil || recorded == "" || confirmed == "" ||
		sealed.PaperSeal.RecordedByName != "Agnieszka Malinowska" || sealed.PaperSeal.ConfirmedByName != "Tomasz Wrzos" {
		t.Fatalf("sealed: %+v (page: %q, %q)", sealed.PaperSeal, recorded, confirmed)
	}
}
