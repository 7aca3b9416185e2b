package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

var digestRE = regexp.MustCompile(`data-testid="digest">([0-9a-f]{64})<`)

// formOf is fields as a form's values.
func formOf(fields map[string]string) url.Values {
	v := url.Values{}
	for k, f := range fields {
		v.Set(k, f)
	}
	return v
}

// postMultipart sends a multipart form with one file (none when data is nil).
func postMultipart(c *testapp.Client, path string, fields url.Values, name string, data []byte) *testapp.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.CSRF())
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.App().URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func TestProtocolFlow(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, leader, bielawa := demoIDs(t, app)
	base := "/programmes/" + itoa(prog)
	ups, _ := app.Store.UnitProducts(ctx, prog, domain.ProductFilter{UnitID: leader})
	var up domain.UnitProduct
	for _, x := range ups {
		if x.TaskName == "standardy obsługi klienta" && x.Letter == "a" {
			up = x
		}
	}
	if up.ID == 0 {
		t.Fatal("no standards product a) in the leader unit")
	}
	coord := app.LoginAs("koordynator")
	manager := app.LoginAs("kierownik")

	// A product document, then a protocol through the forms.
	if r := postMultipart(coord, base+"/products/"+itoa(up.ID)+"/files", nil, "standard.pdf", []byte("nie PDF")); r.StatusCode != 422 || !strings.Contains(r.Body, "To nie jest plik PDF") {
		t.Fatalf("fake document: %d", r.StatusCode)
	}
	if r := postMultipart(coord, base+"/products/"+itoa(up.ID)+"/files", nil, "standard dokumentacji.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("document upload: %d\n%s", r.StatusCode, r.Body)
	}
	newPage := coord.Get(base + "/protocols/new?jednostka=" + itoa(leader) + "&zadanie=" + itoa(up.TaskID))
	tok := formTokenRE.FindStringSubmatch(newPage.Body)
	if newPage.StatusCode != 200 || tok == nil {
		t.Fatalf("new protocol page: %d", newPage.StatusCode)
	}
	form := url.Values{"form_token": {tok[1]}, "unit": {itoa(leader)}, "task": {itoa(up.TaskID)}, "place": {"Dzierżoniów, Rynek 1"},
		"date": {demoDate(t, app, 11, -1)}, "contractor": {"Powiat – biuro projektu"}, "description": {"Przekazanie standardów dokumentacji „A”."},
		"items": {itoa(up.ID)}, "done_" + itoa(up.ID): {demoDate(t, app, 10, 19)}}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrNoProducts", "Wybierz co najmniej jeden produkt", without(form, "items")},
		{"ErrNoPlace", "Podaj miejsce sporządzenia", merge(form, "place", "")},
		{"ErrBadDate", "Podaj poprawną datę", merge(form, "date", "31.02.2026")},
		{"ErrDoneAfterProtocol", "nie może być późniejsza niż data protokołu", merge(form, "done_"+itoa(up.ID), demoDate(t, app, 11, 29))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := coord.Post(base+"/protocols", tc.form)
			if r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) || !strings.Contains(r.Body, "standardów dokumentacji „A”") {
				t.Fatalf("status %d, want 422 with %q and the typed text kept\n%s", r.StatusCode, tc.msg, r.Body)
			}
		})
	}
	r := coord.Post(base+"/protocols", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.StatusCode, r.Body)
	}
	page := r.Header.Get("Location")
	if again := coord.Post(base+"/protocols", form); again.Header.Get("Location") != page {
		t.Fatalf("double submit made a second protocol: %q", again.Header.Get("Location"))
	}
	id := page[strings.LastIndex(page, "/")+1:]
	version := func(c *testapp.Client) string {
		m := versionRE.FindStringSubmatch(c.Get(page).Body)
		if m == nil {
			t.Fatal("no version on the protocol page")
		}
		return m[1]
	}
	if r := coord.Post(page+"/submit", url.Values{"version": {version(coord)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	if r := coord.Post(page+"/submit", url.Values{"version": {version(coord)}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("submit twice: %d", r.StatusCode)
	}
	if home := manager.Get("/"); !strings.Contains(home.Body, "/protocols/"+id+`"`) {
		t.Fatal("the manager's start page does not list the waiting protocol")
	}

	// A manager of another unit, crafting the request by hand, is refused.
	other := app.Client()
	admin := app.LoginAs("admin")
	if r := admin.Post("/admin/users", url.Values{"username": {"kier.bielawa"}, "display_name": {"Zofia Wrona"}, "role": {"unit_manager"},
		"units": {itoa(bielawa)}, "password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create manager: %d", r.StatusCode)
	}
	other.Login("kier.bielawa", "haslo-testowe-1")
	v := version(coord)
	sign := url.Values{"version": {v}, "decision": {"accepted"}, "password": {"haslo-testowe-1"}}
	if r := other.Post(page+"/decide", sign); r.StatusCode != http.StatusForbidden {
		t.Fatalf("manager of another unit: %d", r.StatusCode)
	}
	if r := coord.Post(page+"/decide", merge(sign, "password", "demo")); r.StatusCode != http.StatusForbidden {
		t.Fatalf("coordinator deciding: %d", r.StatusCode)
	}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrWrongPassword", "Hasło jest nieprawidłowe", merge(sign, "password", "zle-haslo")},
		{"ErrNoPassword", "Wpisz swoje hasło", merge(sign, "password", "")},
		{"ErrRejectWithoutRemarks", "wpisz uwagi", merge(sign, "decision", "rejected", "password", "demo")},
		{"ErrNoDecision", "Wybierz decyzję", merge(sign, "decision", "", "password", "demo")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := manager.Post(page+"/decide", tc.form)
			if r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q\n%s", r.StatusCode, tc.msg, r.Body)
			}
			if strings.Contains(r.Body, `value="demo"`) || strings.Contains(r.Body, `value="zle-haslo"`) {
				t.Fatal("the password came back in the page")
			}
		})
	}
	if pr, _ := app.Store.Protocol(ctx, prog, mustID(t, id)); pr.Status != domain.ProtocolSubmitted {
		t.Fatalf("refused decisions changed the protocol: %s", pr.Status)
	}
	if r := manager.Post(page+"/decide", merge(sign, "version", "1", "password", "demo")); r.StatusCode != http.StatusConflict {
		t.Fatalf("decision on a stale page: %d", r.StatusCode)
	}
	r = manager.Post(page+"/decide", merge(sign, "decision", "accepted_remarks", "remarks", "Uzupełnić wzory pism.", "password", "demo"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign: %d\n%s", r.StatusCode, r.Body)
	}
	signed := coord.Get(page)
	m := digestRE.FindStringSubmatch(signed.Body)
	pr, _ := app.Store.Protocol(ctx, prog, mustID(t, id))
	if m == nil || m[1] != pr.Digest || pr.Status != domain.ProtocolAcceptedRemarks || pr.SignerName != "Halina Sadowska" || len(pr.Attachments) != 1 {
		t.Fatalf("signed protocol: %+v", pr)
	}
	if r := manager.Post(page+"/decide", merge(sign, "version", itoa(int64(pr.Version)), "password", "demo")); r.StatusCode != http.StatusConflict {
		t.Fatalf("deciding twice: %d", r.StatusCode)
	}
	for _, path := range []string{page, page + "/delete", page + "/submit", page + "/withdraw"} {
		if r := coord.Post(path, merge(form, "version", itoa(int64(pr.Version)))); r.StatusCode != http.StatusConflict {
			t.Errorf("POST %s on a signed protocol: %d", path, r.StatusCode)
		}
	}
	if r := coord.Get(page + "/edit"); r.StatusCode != http.StatusConflict {
		t.Errorf("edit form of a signed protocol: %d", r.StatusCode)
	}
	if r := postMultipart(coord, page+"/paper", url.Values{"version": {itoa(int64(pr.Version))}, "decision": {"rejected"}, "remarks": {"x"},
		"signer_name": {"X"}, "signer_role": {"Y"}, "signed_on": {demoDate(t, app, 11, 0)}}, "skan.pdf", onePagePDF); r.StatusCode != http.StatusConflict {
		t.Errorf("paper decision on a signed protocol: %d", r.StatusCode)
	}
	if again, _ := app.Store.Protocol(ctx, prog, mustID(t, id)); again.Digest != pr.Digest || again.Version != pr.Version {
		t.Fatal("the signed protocol changed")
	}
	pdfResp := coord.Get(page + "/protokol.pdf")
	if pdfResp.StatusCode != 200 || !strings.HasPrefix(pdfResp.Body, "%PDF-") {
		t.Fatalf("PDF: %d", pdfResp.StatusCode)
	}
	if r := coord.Get("/audit/protocol/" + id); r.StatusCode != http.StatusForbidden {
		t.Fatalf("audit history for a coordinator: %d", r.StatusCode)
	}
	if hist := admin.Get("/audit/protocol/" + id); !strings.Contains(hist.Body, "podpis decyzji w systemie") || !strings.Contains(hist.Body, "przekazanie do odbioru") {
		t.Fatalf("history lacks the signature:\n%s", hist.Body)
	}

	// A correction is a new version; the signed one stays and points to it.
	r = coord.Post(page+"/new-version", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "/edit") {
		t.Fatalf("new version: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if old := coord.Get(page); !strings.Contains(old.Body, `data-testid="next-version"`) || !strings.Contains(old.Body, `data-testid="versions"`) {
		t.Fatal("the old version does not show its new version")
	}

	// Paper path: only a submitted protocol; without the scan nothing is
	// recorded; it counts once a second person confirms it.
	v2 := strings.TrimSuffix(r.Header.Get("Location"), "/edit")
	draftPaper := url.Values{"version": {versionOf(t, coord, v2)}, "decision": {"accepted"}, "signer_name": {"Halina Sadowska"},
		"signer_role": {"Burmistrz"}, "signed_on": {demoDate(t, app, 11, 1)}}
	if r := postMultipart(coord, v2+"/paper", draftPaper, "skan.pdf", onePagePDF); r.StatusCode != http.StatusConflict {
		t.Fatalf("paper decision on a draft: %d", r.StatusCode)
	}
	if r := coord.Post(v2+"/submit", url.Values{"version": {versionOf(t, coord, v2)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit v2: %d\n%s", r.StatusCode, r.Body)
	}
	paper := url.Values{"version": {versionOf(t, coord, v2)}, "decision": {"accepted"}, "signer_name": {"Halina Sadowska"},
		"signer_role": {"Burmistrz"}, "signed_on": {demoDate(t, app, 11, 1)}}
	if r := postMultipart(coord, v2+"/paper", paper, "", nil); r.StatusCode != 422 || !strings.Contains(r.Body, "Dołącz skan podpisanego protokołu") || !strings.Contains(r.Body, `value="Burmistrz"`) {
		t.Fatalf("paper without scan: %d\n%s", r.StatusCode, r.Body)
	}
	if r := postMultipart(app.LoginAs("ekspert"), v2+"/paper", paper, "skan.pdf", onePagePDF); r.StatusCode != http.StatusForbidden {
		t.Fatalf("expert recording paper: %d", r.StatusCode)
	}
	if r := postMultipart(coord, v2+"/paper", paper, "skan.pdf", onePagePDF); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("paper: %d\n%s", r.StatusCode, r.Body)
	}
	if r := admin.Post(v2+"/paper/confirm", url.Values{"version": {versionOf(t, admin, v2)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.StatusCode, r.Body)
	}
	if page := coord.Get(v2); !strings.Contains(page.Body, "na papierze") || digestRE.FindStringSubmatch(page.Body) == nil {
		t.Fatal("the paper protocol does not show its signature and digest")
	}
	if ip := admin.Get("/admin/integrity"); !strings.Contains(ip.Body, "Wszystkie są zgodne") {
		t.Fatalf("integrity page:\n%s", ip.Body)
	}
}

func versionOf(t *testing.T, c *testapp.Client, path string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(c.Get(path).Body)
	if m == nil {
		t.Fatalf("no version on %s", path)
	}
	return m[1]
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an id: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

func without(f url.Values, key string) url.Values {
	out := merge(f)
	out.Del(key)
	return out
}

// TestTamperedProtocolShown: a signed protocol changed by a database
// superuser (behind the triggers) is flagged on its page and on the
// integrity page.
func TestTamperedProtocolShown(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, _, _, _ := demoIDs(t, app)
	list, _ := app.Store.Protocols(ctx, prog, domain.ProtocolFilter{Status: domain.ProtocolAccepted})
	if len(list) == 0 {
		t.Fatal("no accepted demo protocol")
	}
	page := "/programmes/" + itoa(prog) + "/protocols/" + itoa(list[0].ID)
	admin := app.LoginAs("admin")
	if r := admin.Get(page); strings.Contains(r.Body, `data-testid="tampered"`) {
		t.Fatal("an intact protocol is flagged")
	}
	su, err := pgx.Connect(ctx, app.Store.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	if _, err := su.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, "UPDATE protocols SET place = 'gdzie indziej' WHERE id = $1", list[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := admin.Get(page); !strings.Contains(r.Body, `data-testid="tampered"`) {
		t.Fatal("a changed signed protocol is not flagged on its page")
	}
	if r := admin.Get("/admin/integrity"); !strings.Contains(r.Body, "Niezgodnych: 1") || !strings.Contains(r.Body, "place") {
		t.Fatalf("integrity page:\n%s", r.Body)
	}
}

func TestProductProgress(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, leader, _ := demoIDs(t, app)
	ups, _ := app.Store.UnitProducts(t.Context(), prog, domain.ProductFilter{UnitID: leader, Status: domain.ProductPlanned})
	if len(ups) == 0 {
		t.Fatal("no planned product in the leader unit")
	}
	path := "/programmes/" + itoa(prog) + "/products/" + itoa(ups[0].ID)
	c := app.LoginAs("ekspert")
	form := url.Values{"version": {versionOf(t, c, path)}, "status": {"in_progress"}, "planned_on": {demoDate(t, app, 16, 14)}}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrAcceptedByHand", "wynikają z protokołów", merge(form, "status", "accepted")},
		{"ErrUnknownStatus", "Wybierz status z listy", merge(form, "status", "gotowe")},
		{"ErrBadDate", "Podaj poprawną datę", merge(form, "planned_on", "15.13.2026")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := c.Post(path, tc.form); r.StatusCode != 422 || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q", r.StatusCode, tc.msg)
			}
		})
	}
	if r := c.Post(path, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if r := c.Post(path, form); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Ktoś inny zmienił") {
		t.Fatalf("stale save: %d", r.StatusCode)
	}
	if up, _ := app.Store.UnitProduct(t.Context(), prog, ups[0].ID); up.Status != domain.ProductInProgress || up.PlannedOn.Format("2006-01-02") != demoDate(t, app, 16, 14) {
		t.Fatalf("product = %+v", up)
	}
	if r := app.LoginAs("obserwator").Post(path, form); r.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer saving: %d", r.StatusCode)
	}
}

func TestProductsPages(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	base := "/programmes/" + itoa(prog) + "/products"
	all, err := app.Store.UnitProducts(t.Context(), prog, domain.ProductFilter{})
	if err != nil || len(all) == 0 {
		t.Fatalf("demo products: %d, %v", len(all), err)
	}
	c := app.LoginAs("koordynator")
	page := c.Get(base)
	rows := strings.Count(page.Body, `href="`+base+`/`) - strings.Count(page.Body, `href="`+base+`/export.csv`)
	if page.StatusCode != 200 || rows != min(len(all), pages.ProductsPerPage) {
		t.Fatalf("first page: %d, %d product links for %d products", page.StatusCode, rows, len(all))
	}
	// The counts are of every matching product, not of one page.
	counts, _ := app.Store.ProductCounts(t.Context(), prog, domain.ProductFilter{})
	for st, n := range counts {
		if !strings.Contains(page.Body, st.Label()+": <strong>"+strconv.Itoa(n)+"</strong>") {
			t.Errorf("count of %s (%d) missing", st, n)
		}
	}
	// One product a page: the pager keeps the filter.
	if r := c.Get(base + "?status=accepted&od=1"); r.StatusCode != 200 || strings.Contains(r.Body, "Ta strona listy jest pusta") == (counts["accepted"] > 1) {
		t.Errorf("second page of accepted products: %d", r.StatusCode)
	}
	if r := c.Get(base + "?od=100000&status=accepted"); !strings.Contains(r.Body, "Ta strona listy jest pusta") || !strings.Contains(r.Body, "status=accepted") {
		t.Errorf("past the end lacks the message or the filter in the link:\n%s", r.Body)
	}
}
