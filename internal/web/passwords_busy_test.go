package web_test

import (
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/auth"
	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

const msgBusy = "Serwer jest chwilowo przeciążony i nie sprawdził hasła"

// A password check that cannot get its turn (every slot of the gate taken,
// auth.Gate) is answered 503 with Retry-After and a Polish message: the
// sign-in form keeps the username, the protocol signature keeps the
// decision typed and shows the message beside the password; never a 500.
// Once the gate is free, the same requests go through.
func TestPasswordChecksBusy(t *testing.T) {
	t.Parallel()
	gate := auth.NewGate(int64(auth.DefaultParams.Memory), 0)
	app := testapp.New(t, testapp.Options{Passwords: gate})
	ctx := t.Context()
	manager, admin := app.LoginAs("kierownik"), app.LoginAs("admin")
	p := app.DemoProgramme(t)
	prots, err := app.Store.Protocols(ctx, p.ID, domain.ProtocolFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var waiting *domain.Protocol
	for _, pr := range prots {
		if pr.Status == domain.ProtocolSubmitted && pr.UnitName == demo.LeaderUnit {
			waiting = pr
		}
	}
	if waiting == nil {
		t.Fatal("no protocol waits for the demo manager")
	}

	release, err := gate.Acquire(ctx, math.MaxInt64) // every slot
	if err != nil {
		t.Fatal(err)
	}
	busy := func(t *testing.T, r *testapp.Response, kept ...string) {
		t.Helper()
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, msgBusy) {
			t.Fatalf("status %d, Retry-After %q; want 503 with Retry-After and the message\n%s", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
		}
		for _, k := range kept {
			if !strings.Contains(r.Body, k) {
				t.Errorf("%q typed is not kept", k)
			}
		}
	}
	t.Run("SignIn", func(t *testing.T) {
		c := app.Client()
		busy(t, c.Post("/login", url.Values{"username": {"koordynator"}, "password": {"demo"}}), `value="koordynator"`)
		if r := c.Get("/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("signed in after a refused check: %d", r.StatusCode)
		}
	})
	t.Run("SignInUnknownUser", func(t *testing.T) {
		busy(t, app.Client().Post("/login", url.Values{"username": {"nikt-taki"}, "password": {"demo"}}), `value="nikt-taki"`)
	})
	t.Run("BusyIsNoGuess", func(t *testing.T) {
		// a password the server had no turn to check is not counted
		var n int
		if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE username IN ('koordynator', 'nikt-taki')`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("attempts counted after busy answers: %d, %v", n, err)
		}
	})
	page := "/programmes/" + itoa(p.ID) + "/protocols/" + itoa(waiting.ID)
	sign := url.Values{"version": {itoa(int64(waiting.Version))}, "decision": {"accepted_remarks"}, "remarks": {"Uzupełnić wzory pism — żółć."}, "password": {"demo"}}
	t.Run("ProtocolSignature", func(t *testing.T) {
		busy(t, manager.Post(page+"/decide", sign), "Uzupełnić wzory pism — żółć.")
		if pr, err := app.Store.Protocol(ctx, p.ID, waiting.ID); err != nil || pr.Status != domain.ProtocolSubmitted {
			t.Fatalf("protocol after a refused check: %v, %v", pr.Status, err)
		}
	})
	t.Run("AccountCreation", func(t *testing.T) {
		busy(t, admin.Post("/admin/users", url.Values{"username": {"nowa-obserwatorka"}, "display_name": {"Zofia Żółtowska"}, "role": {"viewer"},
			"password": {"haslo-testowe-zolc-1"}, "password_confirm": {"haslo-testowe-zolc-1"}}), `value="nowa-obserwatorka"`, "Zofia Żółtowska")
		if _, _, err := app.Store.UserCredentials(ctx, "nowa-obserwatorka"); err == nil {
			t.Fatal("account created without a hashed password")
		}
	})
	t.Run("PasswordReset", func(t *testing.T) {
		u, _, err := app.Store.UserCredentials(ctx, "obserwator")
		if err != nil {
			t.Fatal(err)
		}
		busy(t, admin.Post("/admin/users/"+itoa(u.ID)+"/password", url.Values{"password": {"lipowe-pole-wiosna-8"}, "password_confirm": {"lipowe-pole-wiosna-8"}}))
	})
	t.Run("PasswordChange", func(t *testing.T) {
		busy(t, manager.Post("/account/password", url.Values{"current_password": {"demo"}, "password": {"nowe-haslo-kaizen-7"}, "password_confirm": {"nowe-haslo-kaizen-7"}}))
	})
	release()

	app.Client().Login("koordynator", "demo")
	if r := manager.Post(page+"/decide", sign); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("signature once the gate is free: %d\n%s", r.StatusCode, r.Body)
	}
}
