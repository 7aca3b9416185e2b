package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestProtocolSignedByManager: a coordinator prepares a protocol and submits
// it; the demo manager (kierownik) finds it on the start page and signs it
// with the password; the coordinator sees it accepted with its digest.
func TestProtocolSignedByManager(t *testing.T) {
	app := testapp.New(t)
	coord := Browser(t)
	signIn(t, coord, app.URL, "koordynator", "demo")
	progs, _ := app.Store.Programmes(t.Context())
	base := app.URL + "/programmes/" + itoa(progs[0].ID)

	err := chromedp.Do(coord,
		chromedp.Navigate(base),
		chromedp.Click(chromedp.CSS(`[data-testid="products-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="product-counts"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "products")
	err = chromedp.Do(coord,
		chromedp.Navigate(base+"/protocols/new"),
		chromedp.WaitVisible(chromedp.ID("f-para-q")),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "protocol: choice of unit and task")
	err = chromedp.Do(coord,
		// The search swaps the list of pairs in place (htmx); the pair
		// ticked there, "Dalej" opens the form.
		chromedp.SetValue(chromedp.ID("f-para-q"), "Dzierżoniowie"),
		chromedp.Click(chromedp.CSS(`button[name="para_search"]`)),
		// the pair may be on the first page too: wait for the swapped list
		chromedp.WaitReady(chromedp.CSS(`input[name="para_q_shown"][value="Dzierżoniowie"]`)),
		chromedp.WaitVisible(chromedp.Search(`//label[contains(., "Urząd Miasta w Dzierżoniowie – P3 standardy")]/input`)),
		chromedp.Click(chromedp.Search(`//label[contains(., "Urząd Miasta w Dzierżoniowie – P3 standardy")]/input`)),
		chromedp.Click(chromedp.CSS(`button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("f-place")),
		chromedp.Click(chromedp.CSS(`input[name="items"]`)),
		chromedp.SetValue(chromedp.ID("f-place"), "Dzierżoniów, Rynek 1"),
		chromedp.SetValue(chromedp.ID("f-description"), "Przekazanie jednolitych standardów dokumentacji wewnętrznej (wersja papierowa i elektroniczna)."),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, coord, "protocol form")
	err = chromedp.Do(coord,
		chromedp.Submit(chromedp.ID("f-place")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="protocol-title"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="submit"]`)),
		// The withdraw button is only on a protocol waiting for a decision
		// (the page before had a success message too).
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="withdraw"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, _ := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="protocol-status"]`)))
	if status != domain.ProtocolSubmitted.Label() {
		t.Fatalf("status after submitting = %q", status)
	}
	CheckAccessibility(t, coord, "protocol waiting for a decision")
	title, _ := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="protocol-title"]`)))
	number := strings.TrimPrefix(title, "Protokół odbioru nr ")

	// The manager signs.
	mgr := Browser(t)
	signIn(t, mgr, app.URL, "kierownik", "demo")
	err = chromedp.Do(mgr,
		chromedp.Click(chromedp.Search(`//ul[@data-testid="protocols-waiting"]//a[contains(., "`+number+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="decide-form"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, mgr, "protocol with the decision form")
	err = chromedp.Do(mgr,
		chromedp.SetValue(chromedp.ID("f-decision"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-password"), "zle-haslo"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.ID("f-password-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, mgr, "decision with a wrong password")
	err = chromedp.Do(mgr,
		chromedp.SendKeys(chromedp.ID("f-password"), "demo"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="seal"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}

	// The coordinator sees it accepted, with the digest the database keeps.
	err = chromedp.Do(coord, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid="digest"]`)))
	if err != nil {
		t.Fatal(err)
	}
	status, _ = chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="protocol-status"]`)))
	digest, _ := chromedp.Run(coord, chromedp.Text(chromedp.CSS(`[data-testid="digest"]`)))
	list, _ := app.Store.Protocols(t.Context(), progs[0].ID, domain.ProtocolFilter{Status: domain.ProtocolAccepted})
	var stored string
	for _, pr := range list {
		if pr.Number() == number {
			stored = pr.Digest
		}
	}
	if status != domain.ProtocolAccepted.Label() || len(digest) != 64 || digest != stored {
		t.Fatalf("after signing: status %q, digest %q (stored %q)", status, digest, stored)
	}
	CheckAccessibility(t, coord, "signed protocol")
}
