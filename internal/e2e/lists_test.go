package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestCoordinatorSearchesSortsAndDownloadsList: a coordinator searches the
// consultations for an expert, sorts them by days, and downloads the same
// rows as a CSV file Excel opens (BOM, semicolons).
func TestCoordinatorSearchesSortsAndDownloadsList(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	progs, _ := app.Store.Programmes(t.Context())
	prog := progs[0].ID
	all, _, err := app.Store.ConsultationList(t.Context(), prog, domain.ConsultationFilter{})
	if err != nil || len(all) < 2 {
		t.Fatalf("demo consultations: %d, %v", len(all), err)
	}
	expert := all[0].Expert
	want, _, _ := app.Store.ConsultationList(t.Context(), prog, domain.ConsultationFilter{ListQuery: domain.ListQuery{Search: expert}})
	signIn(t, ctx, app.URL, "koordynator", "demo")

	err = chromedp.Do(ctx,
		chromedp.Navigate(app.URL+paths.Consultations(prog)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="list-search"]`)),
		chromedp.SendKeys(chromedp.ID("f-q"), expert),
		chromedp.Click(chromedp.Search(`//form[@data-testid="list-search"]//button[contains(., "Szukaj")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="list-clear"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="sort-`+domain.SortDays+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"] [data-testid="sort-`+domain.SortDays+`"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="consultations"] tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	q, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('f-q').value`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(want) || q != expert {
		t.Fatalf("the page shows %d consultations of %q (search %q), want %d", rows, expert, q, len(want))
	}
	CheckAccessibility(t, ctx, "consultations searched and sorted")

	// The CSV link carries the same query: the file holds the same rows.
	var file struct {
		Status int
		BOM    bool
		Text   string
	}
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('[data-testid="list-csv"]').href).then(r => r.arrayBuffer().then(b => {
		const u = new Uint8Array(b);
		return JSON.stringify({Status: r.status, BOM: u[0] === 0xef && u[1] === 0xbb && u[2] === 0xbf, Text: new TextDecoder().decode(u)});
	}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(js), &file); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(file.Text), "\r\n")
	if file.Status != 200 || !file.BOM || len(lines)-1 != len(want) || !strings.HasPrefix(lines[0], "Data;Zadanie;Jednostka;Ekspert") {
		t.Fatalf("CSV: %d, BOM %v, %d rows (want %d):\n%s", file.Status, file.BOM, len(lines)-1, len(want), file.Text)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, expert) {
			t.Fatalf("a row of another expert: %s", l)
		}
	}

	// The other changed lists pass axe too.
	for _, path := range []string{paths.Programmes() + "?sort=" + domain.SortCode + "&dir=desc", paths.TrainingSessions(prog) + "?sort=" + domain.SortDays,
		paths.Products(prog) + "?q=a", paths.Meetings(prog), paths.Participations(prog) + "?sort=" + domain.SortVoivodeship, paths.Units() + "?sort=" + domain.SortTERYT} {
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+path), chromedp.WaitVisible(chromedp.CSS(`[data-testid="list-search"]`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		CheckAccessibility(t, ctx, path)
	}
}
