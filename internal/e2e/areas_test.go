package e2e

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/testapp"
)

// TestCoordinatorProgrammeOwnAreas: a coordinator creates a programme of
// government offices with its own two areas (no P or N) and one component,
// adding the second area's row with the form's own button; adds five units
// at once in both areas; defines a task with products a–c assigned to those
// five units; defines an indicator of accepted products (product a of
// that task), which counts on the dashboard once the unit's manager signs
// a protocol handing the product over.
func TestCoordinatorProgrammeOwnAreas(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	start, end := testapp.Today().AddDate(0, -1, 0), testapp.Today().AddDate(1, 0, 0)

	// Step 1: the programme, with areas OK and ZJ and component K1.
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/programmes/new"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "KPRM-JAKOSC"),
		chromedp.SetValue(chromedp.ID("f-title"), "Jakość obsługi w urzędach wojewódzkich"),
		chromedp.SetValue(chromedp.ID("f-start"), start.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-end"), end.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("f-budget"), "2 000 000,00"),
		chromedp.SetValue(chromedp.CSS(`[id="f-areas.0.code"]`), "OK"),
		chromedp.SetValue(chromedp.CSS(`[id="f-areas.0.name"]`), "obsługa klienta"),
		chromedp.SetValue(chromedp.CSS(`[id="f-components.0.code"]`), "K1"),
		chromedp.SetValue(chromedp.CSS(`[id="f-components.0.name"]`), "standardy obsługi klienta"),
		// one more row for the second area: the form comes back with it, nothing saved
		chromedp.Click(chromedp.CSS(`button[name="add_row"][value="areas"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="f-areas.1.code"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[id="f-areas.0.code"]`))); code != "OK" {
		t.Fatalf("typed area lost: %q", code)
	}
	if title, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-title"))); title != "Jakość obsługi w urzędach wojewódzkich" {
		t.Fatalf("typed title lost: %q", title)
	}
	CheckAccessibility(t, ctx, "programme form with area rows")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`[id="f-areas.1.code"]`), "ZJ"),
		chromedp.SetValue(chromedp.CSS(`[id="f-areas.1.name"]`), "zarządzanie jakością"),
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="programme-title"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	areas, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`ul[data-testid="areas"]`)))
	if !strings.Contains(areas, "OK – obsługa klienta") || !strings.Contains(areas, "ZJ – zarządzanie jakością") || strings.Contains(areas, "podatki") {
		t.Fatalf("areas on the overview = %q", areas)
	}
	CheckAccessibility(t, ctx, "overview of a programme with its own areas")
	progs, _ := app.Store.Programmes(t.Context())
	var p *domain.Programme
	for _, s := range progs {
		if s.Code == "KPRM-JAKOSC" {
			p, _ = app.Store.Programme(t.Context(), s.ID)
		}
	}
	if p == nil || len(p.Areas) != 2 {
		t.Fatalf("programme = %+v", p)
	}
	base := app.URL + "/programmes/" + itoa(p.ID)

	// Step 2: five units at once, in both areas. "Zaznacz wszystkie
	// widoczne" ticks the units a search shows, without JavaScript.
	units, total, err := app.Store.SearchUnits(t.Context(), domain.UnitFilter{NotInProgramme: p.ID, ListQuery: domain.ListQuery{Limit: 50}})
	if err != nil || total < 5 {
		t.Fatalf("units to add: %d, %v", total, err)
	}
	five := units[:5]
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/units"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="candidates"]`)),
		chromedp.SetValue(chromedp.ID("f-nowe_q"), five[0].Name),
		chromedp.Submit(chromedp.ID("f-nowe_q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="select-all"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="select-all"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-unit-`+itoa(five[0].ID)+`:checked`)),
		chromedp.Navigate(base+"/units"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="candidates"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "units page with units to add")
	var steps []chromedp.Action[chromedp.Void]
	for _, u := range five {
		steps = append(steps, chromedp.Click(chromedp.ID("f-unit-"+itoa(u.ID))))
	}
	steps = append(steps,
		chromedp.Click(chromedp.ID("f-many_areas-0")),
		chromedp.Click(chromedp.ID("f-many_areas-1")),
		chromedp.Click(chromedp.CSS(`[data-testid="add-many"]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash") and contains(., "Dodano jednostki do programu: 5.")]`)),
	)
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	parts, err := app.Store.Participations(t.Context(), p.ID)
	if err != nil || len(parts) != 5 {
		t.Fatalf("participations = %d, %v", len(parts), err)
	}
	for _, pa := range parts {
		if len(pa.Areas) != 2 || pa.Areas[0] != "OK" || pa.Areas[1] != "ZJ" {
			t.Errorf("%s in areas %v, want OK and ZJ", pa.Unit.Name, pa.Areas)
		}
	}

	// Step 3: a task of area OK in component K1 with products a–c, assigned
	// to the five units.
	steps = []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/tasks/new"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "K1.1"),
		chromedp.SetValue(chromedp.ID("f-name"), "katalog usług i standard obsługi"),
		chromedp.SetValue(chromedp.ID("f-area"), "OK"),
		chromedp.SetValue(chromedp.ID("f-component"), itoa(p.Components[0].ID)),
		chromedp.SetValue(chromedp.ID("f-kind"), "standards"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.0.units"]`), "5"),
		chromedp.SetValue(chromedp.CSS(`[id="f-plan.0.days"]`), "4"),
		chromedp.SetValue(chromedp.CSS(`[id="f-products.0.name"]`), "katalog usług"),
		chromedp.SetValue(chromedp.CSS(`[id="f-products.1.name"]`), "standard obsługi klienta"),
		chromedp.SetValue(chromedp.CSS(`[id="f-products.2.name"]`), "badanie satysfakcji klientów"),
	}
	for i := range five {
		steps = append(steps, chromedp.Click(chromedp.ID("f-units-"+itoa(int64(i)))))
	}
	steps = append(steps,
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="component-K1"]`)),
	)
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	comp, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="component-K1"]`)))
	if !strings.Contains(comp, "K1.1") || !strings.Contains(comp, "katalog usług i standard obsługi") || !strings.Contains(comp, "OK – obsługa klienta") {
		t.Fatalf("component K1 = %q", comp)
	}
	tasks, _ := app.Store.Tasks(t.Context(), p.ID)
	if len(tasks) != 1 || len(tasks[0].Products) != 3 || tasks[0].Products[2].Letter != "c" || len(tasks[0].UnitIDs) != 5 || tasks[0].Area != "OK" {
		t.Fatalf("tasks = %+v", tasks)
	}
	CheckAccessibility(t, ctx, "overview with components and their tasks")

	// Step 4: an "accepted products" indicator counting product a of K1.1,
	// defined in the form; a protocol handing over product a in the first
	// unit is signed by that unit's manager; the dashboard counts it.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/indicators/new"),
		chromedp.WaitVisible(chromedp.ID("f-rule")),
		chromedp.SetValue(chromedp.ID("f-number"), "W1"),
		chromedp.SetValue(chromedp.ID("f-type"), "product"),
		chromedp.SetValue(chromedp.ID("f-name"), "Urzędy z katalogiem usług"),
		chromedp.SetValue(chromedp.ID("f-target"), "5"),
		chromedp.SetValue(chromedp.ID("f-rule"), string(domain.RuleAcceptedProducts)),
		chromedp.Click(chromedp.Search(`//input[@name="rule_tasks" and @value="`+itoa(tasks[0].ID)+`"]`)),
		chromedp.SetValue(chromedp.ID("f-rule_letters"), "a"),
		chromedp.Submit(chromedp.ID("f-rule_letters")),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class, "flash")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	w1 := func() string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/indicators"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="indicator-W1"]`))); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="indicator-W1"] [data-testid="cumulative"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(v)
	}
	if v := w1(); v != "0" {
		t.Fatalf("before any protocol W1 = %q", v)
	}
	submitted := handOver(t, app, p.ID, tasks[0].ID, five[0].ID, "a")
	hash, err := auth.Hash(t.Context(), "kierownik-ok-2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CreateUser(t.Context(), domain.Actor{}, &domain.User{Username: "kierownik.ok", DisplayName: "Ewa Zawadzka",
		Role: domain.RoleUnitManager, UnitIDs: []int64{five[0].ID}, Active: true}, hash); err != nil {
		t.Fatal(err)
	}
	mgr := Browser(t)
	signIn(t, mgr, app.URL, "kierownik.ok", "kierownik-ok-2026")
	if err := chromedp.Do(mgr,
		chromedp.Click(chromedp.Search(`//ul[@data-testid="protocols-waiting"]//a[contains(., "`+submitted.Number()+`")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="decide-form"]`)),
		chromedp.SetValue(chromedp.ID("f-decision"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-password"), "kierownik-ok-2026"),
		chromedp.SendKeys(chromedp.ID("f-code"), nextTOTPCode(t, app.URL, "kierownik.ok")), // the second factor enrolled at sign-in
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="seal"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if v := w1(); v != "1" {
		t.Fatalf("after the signed protocol W1 = %q, want 1", v)
	}
	CheckAccessibility(t, ctx, "dashboard of a programme with its own areas")
}

// handOver prepares and submits, as the coordinator would, a protocol of
// task in unit handing over the products with letters, each with its
// document; it returns the protocol waiting for the unit's decision.
func handOver(t *testing.T, app *testapp.App, programmeID, taskID, unitID int64, letters ...string) *domain.Protocol {
	t.Helper()
	ctx := t.Context()
	products, err := app.Store.UnitProducts(ctx, programmeID, domain.ProductFilter{})
	if err != nil {
		t.Fatal(err)
	}
	day := testapp.Today().AddDate(0, 0, -7)
	pr := &domain.Protocol{ProgrammeID: programmeID, TaskID: taskID, UnitID: unitID, Place: "siedziba urzędu", Date: day, Contractor: "Wykonawca",
		Description: "Przekazanie katalogu usług urzędu."}
	for _, up := range products {
		if up.TaskID != taskID || up.UnitID != unitID || !slices.Contains(letters, up.Letter) {
			continue
		}
		var doc bytes.Buffer
		if err := pdf.WriteProtocol(&doc, "Program", "", &domain.Protocol{TaskCode: up.TaskCode, TaskName: up.TaskName, UnitName: up.UnitName, Date: day,
			Status: domain.ProtocolDraft, Description: "Dokument produktu " + up.Label() + ".", Items: []domain.ProtocolItem{{UnitProductID: up.ID, Letter: up.Letter, Name: up.Name}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.AddProductDocument(ctx, domain.Actor{}, up.ID, "katalog-"+up.Letter+".pdf", "application/pdf", doc.Bytes()); err != nil {
			t.Fatal(err)
		}
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID, PlannedOn: day.AddDate(0, 0, -7), DoneOn: day.AddDate(0, 0, -1)})
	}
	if len(pr.Items) != len(letters) {
		t.Fatalf("products %v of task %d in unit %d: found %d", letters, taskID, unitID, len(pr.Items))
	}
	if err := app.Store.SaveProtocol(ctx, domain.Actor{}, pr, ""); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SubmitProtocol(ctx, domain.Actor{}, programmeID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	sub, err := app.Store.Protocol(ctx, programmeID, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}
