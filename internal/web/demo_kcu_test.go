package web_test

import (
	"net/http"
	"strings"
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// kcuProgramme is the id of the demo's second programme (seed 002).
func kcuProgramme(t *testing.T, app *testapp.App) int64 {
	t.Helper()
	progs, err := app.Store.Programmes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if p.Code == demo.KCUCode {
			return p.ID
		}
	}
	t.Fatalf("demo programme %s missing", demo.KCUCode)
	return 0
}

// TestDemoSecondProgramme: on the demo data, the programme of government
// offices shows its own areas and components, its closing phase, half
// days, and non-zero indicators; its own coordinator sees it alone, the
// demo coordinator both programmes.
func TestDemoSecondProgramme(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	kcu := kcuProgramme(t, app)
	first := app.DemoProgramme(t).ID

	c := app.LoginAs(demo.KCUCoordinator)
	home := c.Get("/")
	if !strings.Contains(home.Body, demo.KCUCode) || strings.Contains(home.Body, demo.ProgrammeCode) {
		t.Fatalf("start page of %s:\n%s", demo.KCUCode, home.Body)
	}
	list := c.Get(paths.Programmes())
	if !strings.Contains(list.Body, demo.KCUCode) || strings.Contains(list.Body, demo.ProgrammeCode) || !strings.Contains(list.Body, "faza zakończeniowa") {
		t.Fatalf("programme list:\n%s", list.Body)
	}
	if r := c.Get(paths.Programme(first)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("the first demo programme answers %d to %s", r.StatusCode, demo.KCUCoordinator)
	}

	overview := c.Get(paths.Programme(kcu))
	for _, want := range []string{"obsługa klienta", "zarządzanie jakością", "Zarządzanie satysfakcją klienta", "katalog usług urzędu (klient zewnętrzny)",
		"Lubuski Urząd Wojewódzki w Gorzowie Wielkopolskim", `<dd data-testid="programme-status">faza zakończeniowa</dd>`} {
		if !strings.Contains(overview.Body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if strings.Contains(overview.Body, "podatki i opłaty lokalne") || strings.Contains(overview.Body, "zarządzanie nieruchomościami") {
		t.Error("overview shows the P/N areas")
	}
	if !strings.Contains(overview.Body, "0,5") || !strings.Contains(overview.Body, "1,5") {
		t.Errorf("the training catalogue does not show half days:\n%s", overview.Body)
	}
	board := c.Get(paths.Indicators(kcu))
	if board.StatusCode != http.StatusOK || !strings.Contains(board.Body, "Liczba opracowanych katalogów usług") || !strings.Contains(board.Body, "2,5") {
		t.Fatalf("dashboard:\n%s", board.Body)
	}

	both := app.LoginAs("koordynator").Get(paths.Programmes())
	if !strings.Contains(both.Body, demo.KCUCode) || !strings.Contains(both.Body, demo.ProgrammeCode) {
		t.Fatalf("the demo coordinator does not see both programmes:\n%s", both.Body)
	}
	// The demo manager's unit takes no part in the second programme.
	if r := app.LoginAs("kierownik").Get(paths.Programme(kcu)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("the demo manager sees %s: %d", demo.KCUCode, r.StatusCode)
	}
}
