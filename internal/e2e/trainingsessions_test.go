package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// TestCoordinatorRecordsSession: a coordinator records a two-day session,
// adds a participant, marks attendance, downloads the PDF list and uploads
// the scan of the signed list.
func TestCoordinatorRecordsSession(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	progs, _ := app.Store.Programmes(t.Context())
	base := app.URL + "/programmes/" + itoa(progs[0].ID)
	p, _ := app.Store.Programme(t.Context(), progs[0].ID)
	d1 := p.Start.AddDate(0, 6, 0)
	d2 := d1.AddDate(0, 0, 1)

	err := chromedp.Do(ctx,
		chromedp.Navigate(base),
		chromedp.Click(chromedp.CSS(`[data-testid="sessions-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="groups-delivered"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "sessions list")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[contains(., "Zarejestruj sesję")]`)),
		chromedp.WaitVisible(chromedp.ID("f-training")),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-training'); s.value = [...s.options].find(o => o.text.startsWith('PS4')).value; return true })()`),
		chromedp.SetValue(chromedp.ID("f-group_no"), "12"),
		chromedp.SetValue(chromedp.ID("f-hours_per_day"), "6"),
		chromedp.SetValue(chromedp.CSS(`[id="f-day.0"]`), d1.Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS(`[id="f-day.1"]`), d2.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-place"), "Dzierżoniów, Rynek 1, sala sesyjna"),
		chromedp.SetValue(chromedp.ID("f-trainer"), "Bożena Szkoleniowa"),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "session form")
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.ID("f-place")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="session-title"]`)),
		// A new participant.
		chromedp.SetValue(chromedp.ID("f-person_first_name"), "Jadwiga"),
		chromedp.SetValue(chromedp.ID("f-person_last_name"), "Świątek-Łoś"),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-person_unit'); s.value = [...s.options].find(o => o.text.includes('Dzierżoniowie')).value; return true })()`),
		chromedp.SetValue(chromedp.ID("f-person_position"), "podinspektor"),
		chromedp.SetValue(chromedp.ID("f-person_sex"), "K"),
		chromedp.SetValue(chromedp.ID("f-person_legal_basis"), "consent"),
		chromedp.SetValue(chromedp.ID("f-person_basis_date"), d1.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-person_retention_until"), d1.AddDate(6, 0, 0).Format("2006-01-02")),
		chromedp.Submit(chromedp.ID("f-person_first_name")),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Dodano uczestnika")]`)),
		// A second one, added by mistake (removed at the end).
		chromedp.SetValue(chromedp.ID("f-person_first_name"), "Zenon"),
		chromedp.SetValue(chromedp.ID("f-person_last_name"), "Żak"),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('f-person_unit'); s.value = [...s.options].find(o => o.text.includes('Dzierżoniowie')).value; return true })()`),
		chromedp.SetValue(chromedp.ID("f-person_sex"), "M"),
		chromedp.SetValue(chromedp.ID("f-person_legal_basis"), "consent"),
		chromedp.SetValue(chromedp.ID("f-person_basis_date"), d1.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-person_retention_until"), d1.AddDate(6, 0, 0).Format("2006-01-02")),
		chromedp.Submit(chromedp.ID("f-person_first_name")),
		chromedp.WaitVisible(chromedp.Search(`//table[@data-testid="attendance"]//th[contains(., "Żak")]`)),
		// Present on both days, with the keyboard-reachable checkboxes.
		chromedp.Evaluate[chromedp.Void](`(() => { document.querySelectorAll('[data-testid="attendance"] input[type=checkbox]').forEach(c => c.checked = true); return true })()`),
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz obecność")]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Zapisano obecność")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	counts, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="counts"] tbody`)))
	if strings.Count(counts, "1") < 4 {
		t.Fatalf("counts after attendance = %q", counts)
	}
	CheckAccessibility(t, ctx, "session page")

	// The PDF list downloads with this session's cookie.
	ct, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('[data-testid="pdf-list"]').href).then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise))
	if err != nil || ct != "200 application/pdf" {
		t.Fatalf("PDF list: %q, %v", ct, err)
	}

	// Upload the signed list of day 1 (a PDF).
	scan := filepath.Join(t.TempDir(), "lista-dzien-1.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n%podpisana lista\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-day"), d1.Format("2006-01-02")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{scan}),
		chromedp.Click(chromedp.Search(`//button[contains(., "Dołącz skan")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="scans"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	scans, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="scans"]`)))
	if !strings.Contains(scans, "lista-dzien-1.pdf") || !strings.Contains(scans, "SHA-256") {
		t.Fatalf("scans = %q", scans)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="evidence-status"]`)))
	if !strings.Contains(status, "niekompletne") || !strings.Contains(status, "skany z 1 z 2") {
		t.Fatalf("evidence status = %q (day 2 has no scan yet)", status)
	}

	// The person added by mistake is removed from the list with their own
	// button: the list's buttons share one form whose own action is the
	// first person's (Świątek-Łoś), each button posting to its person's
	// address; the other one stays.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//summary[contains(., "Usuń uczestnika z listy")]`)),
		chromedp.Click(chromedp.Search(`//button[contains(., "Usuń: Zenon Żak")]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Usunięto uczestnika z listy sesji")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="attendance"] tbody`)))
	if strings.Contains(list, "Żak") || !strings.Contains(list, "Świątek-Łoś") {
		t.Fatalf("attendance list after removing Zenon Żak = %q", list)
	}
}
