package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/pdftext"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// TestPaperDecisionFourEyes: a coordinator cannot seal a protocol in the
// manager's name alone. Only a submitted protocol takes a paper decision;
// the scan must be a readable document; the record waits for a second
// person ("oczekuje na potwierdzenie") and counts for nothing meanwhile;
// the coordinator cannot confirm their own record; the unit's manager sees
// it on the start page and objects; the administrator decides; after a
// confirmation the page and the PDF name who recorded and who confirmed.
func TestPaperDecisionFourEyes(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, bielawa := demoIDs(t, app)
	waiting, err := app.Store.Protocols(ctx, prog, domain.ProtocolFilter{UnitID: leader, Status: domain.ProtocolSubmitted})
	if err != nil || len(waiting) == 0 {
		t.Fatalf("no protocol waiting in the leader unit: %v", err)
	}
	pr := waiting[0]
	page := paths.Protocol(prog, pr.ID)
	coord, admin, manager, manager2 := app.LoginAs("koordynator"), app.LoginAs("admin"), app.LoginAs("kierownik"), app.Client()
	const pw2 = "Wrona-z-Bielawy-pisze-wnioski-2011"
	if r := admin.Post("/admin/users", url.Values{"username": {"kierownik2"}, "display_name": {"Zofia Lis"}, "role": {"unit_manager"},
		"units": {itoa(bielawa)}, "password": {pw2}, "password_confirm": {pw2}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create kierownik2: %d\n%s", r.StatusCode, r.Body)
	}
	manager2.Login("kierownik2", pw2)
	before, _ := app.Store.IndicatorSeries(ctx, prog, 0)
	ver := func() string {
		cur, err := app.Store.Protocol(ctx, prog, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		return itoa(int64(cur.Version))
	}
	form := func() url.Values {
		return url.Values{"version": {ver()}, "decision": {"accepted"}, "signer_name": {"Halina Sadowska"},
			"signer_role": {"Burmistrz"}, "signed_on": {domain.ISODate(pr.Date)}}
	}
	for _, tc := range []struct {
		name string
		file string
		data []byte
		msg  string
	}{
		{"ErrPDFWithoutPages", "skan.pdf", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"), "nie ma ani jednej strony"},
		{"ErrBrokenImage", "skan.png", []byte("\x89PNG\r\n\x1a\nto nie jest obraz"), "Obrazu nie da się odczytać"},
		{"ErrScript", "skan.pdf", append(append([]byte{}, onePagePDF...), "4 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"...), "aktywną treść"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postMultipart(coord, page+"/paper", form(), tc.file, tc.data)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.msg) || !strings.Contains(r.Body, `value="Halina Sadowska"`) {
				t.Fatalf("%d\n%s", r.StatusCode, r.Body)
			}
		})
	}
	if r := postMultipart(coord, page+"/paper", form(), "skan.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("paper: %d\n%s", r.StatusCode, r.Body)
	}
	got, _ := app.Store.Protocol(ctx, prog, pr.ID)
	if got.Status != domain.ProtocolSubmitted || got.Digest != "" || got.PendingPaper() == nil {
		t.Fatalf("a paper record sealed the protocol at once: %+v", got)
	}
	if after, _ := app.Store.IndicatorSeries(ctx, prog, 0); !sameSeries(before, after) {
		t.Fatal("an unconfirmed paper record moved an indicator")
	}
	if r := coord.Get(page); !strings.Contains(r.Body, `data-testid="paper-status"`) || !strings.Contains(r.Body, "Agnieszka Malinowska") ||
		!strings.Contains(r.Body, `data-testid="paper-own"`) || strings.Contains(r.Body, `data-testid="paper-confirm-form"`) {
		t.Fatalf("the recorder's page:\n%s", r.Body)
	}
	if r := coord.Post(page+"/paper/confirm", url.Values{"version": {ver()}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the recorder confirmed their own record: %d", r.StatusCode)
	}
	if r := postMultipart(coord, page+"/paper", form(), "skan.pdf", onePagePDF); r.StatusCode != http.StatusConflict {
		t.Fatalf("a second paper record: %d", r.StatusCode)
	}
	if r := manager.Post(page+"/decide", url.Values{"version": {ver()}, "decision": {"accepted"}, "password": {"demo"}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("the manager decided under a pending paper record: %d", r.StatusCode)
	}
	pdf := coord.Get(page + "/protokol.pdf")
	if text := pdftext.Text(t, []byte(pdf.Body)); !strings.Contains(text, "oczekuje na potwierdzenie") || !strings.Contains(text, "wprowadził(a): Agnieszka Malinowska") {
		t.Fatalf("PDF of a pending record:\n%s", text)
	}

	// The unit's manager is told on the start page, and objects.
	if home := manager.Get("/"); !strings.Contains(home.Body, `data-testid="paper-notices"`) || !strings.Contains(home.Body, "Protokół nr "+pr.Number()) {
		t.Fatalf("the manager's start page:\n%s", home.Body)
	}
	if home := manager2.Get("/"); strings.Contains(home.Body, "Protokół nr "+pr.Number()) {
		t.Fatal("another unit's manager is told")
	}
	if r := manager2.Post(page+"/paper/object", url.Values{"version": {ver()}, "objection_reason": {"Nie moje."}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another unit's manager objected: %d", r.StatusCode)
	}
	if r := manager.Post(page+"/paper/object", url.Values{"version": {ver()}, "objection_reason": {" "}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "powód sprzeciwu") {
		t.Fatalf("objection without a reason: %d", r.StatusCode)
	}
	if r := manager.Post(page+"/paper/object", url.Values{"version": {ver()}, "objection_reason": {"Nie podpisywałam tego protokołu."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("objection: %d\n%s", r.StatusCode, r.Body)
	}
	if r := admin.Post(page+"/paper/confirm", url.Values{"version": {ver()}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("confirmed under an objection: %d", r.StatusCode)
	}
	if r := admin.Get(page); !strings.Contains(r.Body, "Nie podpisywałam tego protokołu.") || !strings.Contains(r.Body, `data-testid="paper-objection-form"`) {
		t.Fatalf("the administrator's page:\n%s", r.Body)
	}
	if r := admin.Post(page+"/paper/objection", url.Values{"version": {ver()}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a decision without a choice: %d", r.StatusCode)
	}
	if r := admin.Post(page+"/paper/objection", url.Values{"version": {ver()}, "objection_decision": {"dismiss"},
		"objection_note": {"Skan nosi podpis kierowniczki."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss: %d\n%s", r.StatusCode, r.Body)
	}
	if r := admin.Post(page+"/paper/confirm", url.Values{"version": {ver()}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	sealed := coord.Get(page)
	if !strings.Contains(sealed.Body, `data-testid="paper-recorded-by">Agnieszka Malinowska`) || !strings.Contains(sealed.Body, `data-testid="paper-confirmed-by">Tomasz Wrzos`) ||
		!strings.Contains(sealed.Body, "oddalony") || digestRE.FindStringSubmatch(sealed.Body) == nil {
		t.Fatalf("the sealed page:\n%s", sealed.Body)
	}
	pdf = coord.Get(page + "/protokol.pdf")
	if text := pdftext.Text(t, []byte(pdf.Body)); !strings.Contains(text, "Wprowadził(a): Agnieszka Malinowska") || !strings.Contains(text, "Potwierdził(a): Tomasz Wrzos") {
		t.Fatalf("PDF of the sealed protocol:\n%s", text)
	}
	if after, _ := app.Store.IndicatorSeries(ctx, prog, 0); sameSeries(before, after) {
		t.Fatal("the confirmed paper decision counts for nothing")
	}
	if _, diffs, err := app.Store.CheckReadModel(ctx); err != nil || len(diffs) != 0 {
		t.Fatalf("recompute --check: %+v %v", diffs, err)
	}
	if r := admin.Get("/admin/integrity"); !strings.Contains(r.Body, "Wszystkie są zgodne") {
		t.Fatalf("integrity:\n%s", r.Body)
	}
}

func sameSeries(a, b map[int64]map[string]domain.PeriodValue) bool {
	if len(a) != len(b) {
		return false
	}
	for id, byPeriod := range a {
		if len(byPeriod) != len(b[id]) {
			return false
		}
		for k, v := range byPeriod {
			if w := b[id][k]; w.Value.Cents() != v.Value.Cents() || w.Women != v.Women || w.Men != v.Men {
				return false
			}
		}
	}
	return true
}
