package web_test

import (
	"net/http"
	"strings"
	"testing"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// The periods page is reachable from the programme's own navigation, for
// exactly the roles that may open it.
func TestProgrammeNavigationLinksPeriods(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, _, _ := demoIDs(t, app)
	link := `href="` + paths.Periods(prog) + `" data-testid="periods-link"`
	for _, who := range []string{"admin", "koordynator", "ekspert", "kierownik", "obserwator"} {
		c := app.LoginAs(who)
		overview := c.Get(paths.Programme(prog))
		if overview.StatusCode != http.StatusOK {
			t.Fatalf("%s: programme overview %d", who, overview.StatusCode)
		}
		may := c.Get(paths.Periods(prog)).StatusCode == http.StatusOK
		if shown := strings.Contains(overview.Body, link); shown != may {
			t.Errorf("%s: periods link shown %v, periods page opens %v", who, shown, may)
		}
		if who == "koordynator" && !may {
			t.Error("the coordinator cannot open the periods page")
		}
	}
}
