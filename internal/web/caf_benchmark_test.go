package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/auth"
	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

func TestCAFBenchmarkPages(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	p := app.DemoProgramme(t)
	ctx := t.Context()
	leaderUnit := demoUnitID(t, app, p, demo.LeaderUnit)
	bielawa := demoUnitID(t, app, p, "Urząd Miasta Bielawa")
	hash, err := auth.Hash(t.Context(), "demo-bielawa-1")
	if err != nil {
		t.Fatal(err)
	}
	mgr := &domain.User{Username: "kier.bielawa", DisplayName: "Jan Bielawski", Role: domain.RoleUnitManager, UnitIDs: []int64{bielawa}, Active: true}
	if err := app.Store.CreateUser(ctx, domain.Actor{Username: "test"}, mgr, hash); err != nil {
		t.Fatal(err)
	}
	cafSignedDemo(t, app, p, leaderUnit, demoUser(t, app, "czlonek"), demoUser(t, app, "kierownik"), 30)
	cafSignedDemo(t, app, p, bielawa, demoUser(t, app, "czlonek2"), mgr, 80)

	// the demo's Bielawa consented: withdrawn, to see the anonymity
	if err := app.Store.SetCAFConsent(ctx, domain.Actor{UserID: mgr.ID, Username: mgr.Username}, p.ID, bielawa, false); err != nil {
		t.Fatal(err)
	}
	c := app.LoginAs("kierownik")
	r := c.Get(paths.CAFBenchmark(p.ID))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("benchmark: %d", r.StatusCode)
	}
	cafMarkup(t, "benchmark", r)
	for _, want := range []string{demo.LeaderUnit, "Jednostka A", `data-testid="caf-caveat"`, `data-testid="caf-dist"`, `data-testid="caf-position"`,
		`data-testid="caf-consent-`} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("benchmark lacks %q\n%s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, "Urząd Miasta Bielawa") {
		t.Fatal("another unit named without its consent")
	}
	// Bielawa consents: named in benchlearning
	if err := app.Store.SetCAFConsent(ctx, domain.Actor{UserID: mgr.ID, Username: mgr.Username}, p.ID, bielawa, true); err != nil {
		t.Fatal(err)
	}
	r = c.Get(paths.CAFBenchmark(p.ID))
	cafMarkup(t, "benchmark with benchlearning", r)
	if !strings.Contains(r.Body, `data-testid="caf-learning"`) || !strings.Contains(r.Body, "Urząd Miasta Bielawa") {
		t.Fatalf("benchlearning lacks the consenting unit\n%s", r.Body)
	}
	// consent: own unit 303, another unit 403
	if r := c.Post(paths.CAFConsent(p.ID, leaderUnit), url.Values{"consent": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("own consent: %d", r.StatusCode)
	}
	if named, err := app.Store.CAFConsents(ctx, p.ID); err != nil || !named[leaderUnit] {
		t.Fatalf("consent not saved: %v %v", named, err)
	}
	if r := c.Post(paths.CAFConsent(p.ID, bielawa), url.Values{"consent": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another unit's consent: %d", r.StatusCode)
	}
	if r := c.Post(paths.CAFConsent(p.ID, leaderUnit), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.StatusCode)
	}
	// the coordinator sees every name; kind filter
	co := app.LoginAs("koordynator")
	if r := co.Get(paths.CAFBenchmark(p.ID) + "?rodzaj=gmina_miejska"); r.StatusCode != http.StatusOK ||
		!strings.Contains(r.Body, "Urząd Miasta Bielawa") || !strings.Contains(r.Body, `data-testid="caf-dist-kind"`) {
		t.Fatalf("coordinator: %d", r.StatusCode)
	}
	if r := co.Get(paths.CAFBenchmarkAll()); r.StatusCode != http.StatusForbidden {
		t.Fatalf("coordinator across programmes: %d", r.StatusCode)
	}
	ad := app.LoginAs("admin")
	r = ad.Get(paths.CAFBenchmarkAll())
	cafMarkup(t, "across programmes", r)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="caf-programmes"`) ||
		!strings.Contains(r.Body, `data-testid="caf-caveat"`) {
		t.Fatalf("admin across programmes: %d", r.StatusCode)
	}
	if r := app.LoginAs("obserwator").Get(paths.CAFBenchmark(p.ID)); r.StatusCode != http.StatusOK {
		t.Fatalf("observer: %d", r.StatusCode)
	}

	// 60 more units: the unit table is paged by 50
	if _, err := app.Store.Pool.Exec(ctx, `WITH u AS (INSERT INTO units (name, kind, voivodeship)
		SELECT 'Gmina testowa ' || g, 'gmina_wiejska', 'mazowieckie' FROM generate_series(1, 60) g RETURNING id)
		INSERT INTO caf_unit_results (programme_id, unit_id, assessment_id, consensus_id, cycle, signed_on, total, criteria)
		SELECT r.programme_id, u.id, r.assessment_id, r.consensus_id, 1, r.signed_on, 50, array_fill(50::numeric, ARRAY[9])
		FROM caf_unit_results r, u WHERE r.programme_id = $1 AND r.unit_id = $2`, p.ID, leaderUnit); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM caf_unit_results WHERE programme_id = $1`, p.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	r = c.Get(paths.CAFBenchmark(p.ID) + "?od=50")
	if !strings.Contains(r.Body, fmt.Sprintf("51–%d z %d", n, n)) || !strings.Contains(r.Body, "Jednostka B") || strings.Contains(r.Body, "Gmina testowa") {
		t.Fatalf("second page\n%s", r.Body)
	}
}
