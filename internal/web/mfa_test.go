package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

const mfaPassword = "haslo-testowe-1"

// realAccount creates an account that is not a demo account, so that the
// second factor applies to it even in demo mode.
func realAccount(t *testing.T, app *testapp.App, username string, role domain.Role, units ...int64) *domain.User {
	t.Helper()
	hash, err := auth.Hash(t.Context(), mfaPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Username: username, DisplayName: "Anna Nowak", Role: role, UnitIDs: units, Active: true}
	if err := app.Store.CreateUser(t.Context(), domain.Actor{Username: "test"}, u, hash); err != nil {
		t.Fatal(err)
	}
	return u
}

// halfSignedIn returns a client whose password was right and whose second
// step is due, and where the sign-in sent it.
func halfSignedIn(t *testing.T, app *testapp.App, username string) (*testapp.Client, string) {
	t.Helper()
	c := app.Client()
	r := c.Post("/login", url.Values{"username": {username}, "password": {mfaPassword}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password step: %d", r.StatusCode)
	}
	return c, r.Header.Get("Location")
}

var recoveryCodeRE = regexp.MustCompile(`<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>`)

// A role that must have a second factor and has none enrols one right
// after the password; until then the session is signed in nowhere.
func TestSecondFactorEnrolmentRequired(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	realAccount(t, app, "koord.nowak", domain.RoleCoordinator)
	c, to := halfSignedIn(t, app, "koord.nowak")
	if to != "/account/security" {
		t.Fatalf("after the password: %q, want the enrolment page", to)
	}
	refusedEverywhere(t, app, c)
	page := c.Get("/account/security")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `data-testid="enrol-required"`) || !strings.Contains(page.Body, "data:image/png;base64,") {
		t.Fatalf("enrolment page: %d\n%s", page.StatusCode, page.Body)
	}
	secret := strings.ReplaceAll(regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(page.Body)[1], " ", "")

	t.Run("ErrWrongCode", func(t *testing.T) {
		r := c.Post("/account/security/totp", url.Values{"code": {wrongCode(c, secret)}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kod jest nieprawidłowy") {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
		if r := c.Get("/"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("signed in after a wrong code: %d", r.StatusCode)
		}
	})
	r := c.Post("/account/security/totp", url.Values{"code": {c.TOTPCode(secret, 0)}})
	codes := recoveryCodeRE.FindAllStringSubmatch(r.Body, -1)
	if r.StatusCode != 200 || len(codes) != domain.RecoveryCodeCount {
		t.Fatalf("enrolment: %d, %d recovery codes\n%s", r.StatusCode, len(codes), r.Body)
	}
	if home := c.Get("/"); home.StatusCode != 200 {
		t.Fatalf("start page after enrolment: %d", home.StatusCode)
	}
	u, _, _ := app.Store.UserCredentials(t.Context(), "koord.nowak")
	if got := actionsOf(t, app, "totp", itoa(u.ID)); len(got) != 1 || got[0] != domain.AuditFactorAdd {
		t.Fatalf("audit = %v", got)
	}
	if got := actionsOf(t, app, "recovery_codes", itoa(u.ID)); len(got) != 1 || got[0] != domain.AuditRecoveryCodesNew {
		t.Fatalf("audit = %v", got)
	}
	// The only factor of a role that needs one is not removed.
	if r := c.Post("/account/security/totp/delete", nil); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Twoja rola wymaga drugiego składnika") {
		t.Fatalf("removing the last factor: %d", r.StatusCode)
	}
}

func actionsOf(t *testing.T, app *testapp.App, entity, id string) []domain.AuditAction {
	t.Helper()
	entries, err := app.Store.AuditFor(t.Context(), entity, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.AuditAction
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

// wrongCode is a six-digit code that is none of the codes the server
// accepts now.
func wrongCode(c *testapp.Client, secret string) string {
	bad := map[string]bool{}
	for _, d := range []int{-1, 0, 1} {
		bad[c.TOTPCode(secret, d)] = true
	}
	for _, w := range []string{"000000", "123456", "999999", "314159"} {
		if !bad[w] {
			return w
		}
	}
	panic("no wrong code")
}

// refusedEverywhere walks every route with a half-signed-in session: none
// answers as to a signed-in user (each is sent to sign in), but the second
// step's and the enrolment's own.
func refusedEverywhere(t *testing.T, app *testapp.App, c *testapp.Client) {
	t.Helper()
	allowed := map[string]bool{"GET /login": true, "POST /login": true, "GET /healthz": true, "GET /readyz": true, "GET /static/*": true,
		"GET /login/second-step": true, "POST /login/second-step": true, "POST /login/second-step/passkey": true,
		"POST /login/second-step/cancel": true, "GET /account/security": true, "POST /account/security/totp": true,
		"POST /account/security/passkeys": true,
		// The public survey form: the same to everyone (no session read).
		"GET /ankieta/{key}": true, "POST /ankieta/{key}": true, "GET /ankieta/{key}/dziekujemy": true,
		"GET /deklaracja-dostepnosci": true, "GET /deklaracja-dostepnosci/zadanie": true, "POST /deklaracja-dostepnosci/zadanie": true,
		"GET /deklaracja-dostepnosci/zadanie/wyslane": true}
	param := regexp.MustCompile(`\{[^}]+\}`)
	n := 0
	err := chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if allowed[method+" "+route] {
			return nil
		}
		path := param.ReplaceAllString(route, "1")
		var r *testapp.Response
		if method == http.MethodGet {
			r = c.Get(path)
		} else {
			r = c.Post(path, nil)
		}
		n++
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("%s %s half signed in: %d %q, want 303 to /login", method, route, r.StatusCode, r.Header.Get("Location"))
		}
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("walked %d routes: %v", n, err)
	}
}

// With an authenticator app: the password, then a code from the app; a
// wrong code is 422 with a Polish message, a code counts once, a recovery
// code counts once.
func TestSecondFactorSignIn(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	realAccount(t, app, "admin.nowak", domain.RoleAdmin)
	first := app.Client()
	first.Login("admin.nowak", mfaPassword) // enrols the app on the way
	secret := app.TOTPSecret("admin.nowak")
	codesPage := first.Post("/account/security/recovery-codes", nil)
	codes := recoveryCodeRE.FindAllStringSubmatch(codesPage.Body, -1)
	if codesPage.StatusCode != 200 || len(codes) != domain.RecoveryCodeCount {
		t.Fatalf("fresh recovery codes: %d, %d codes", codesPage.StatusCode, len(codes))
	}

	c, to := halfSignedIn(t, app, "admin.nowak")
	if to != "/login/second-step" {
		t.Fatalf("after the password: %q", to)
	}
	refusedEverywhere(t, app, c)
	if r := c.Get("/account/security"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login/second-step" {
		t.Fatalf("enrolment page with a factor before the second step: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	t.Run("ErrWrongCode", func(t *testing.T) {
		r := c.Post("/login/second-step", url.Values{"code": {wrongCode(c, secret)}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kod jest nieprawidłowy albo został już użyty") {
			t.Fatalf("status %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("ErrNoCode", func(t *testing.T) {
		r := c.Post("/login/second-step", url.Values{"code": {""}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Wpisz kod z aplikacji") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	// The first sign-in spent the current step: the next one counts.
	code := c.TOTPCode(secret, 1)
	if r := c.Post("/login/second-step", url.Values{"code": {code}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("right code: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	if r := c.Get("/"); r.StatusCode != 200 {
		t.Fatalf("start page: %d", r.StatusCode)
	}

	t.Run("ErrCodeReplayed", func(t *testing.T) {
		other, _ := halfSignedIn(t, app, "admin.nowak")
		if r := other.Post("/login/second-step", url.Values{"code": {code}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("the same code again: %d", r.StatusCode)
		}
	})
	t.Run("RecoveryCodeOnce", func(t *testing.T) {
		one, _ := halfSignedIn(t, app, "admin.nowak")
		typed := strings.ToLower(codes[2][1])
		if r := one.Post("/login/second-step", url.Values{"code": {typed}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("recovery code: %d\n%s", r.StatusCode, r.Body)
		}
		again, _ := halfSignedIn(t, app, "admin.nowak")
		if r := again.Post("/login/second-step", url.Values{"code": {codes[2][1]}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("the recovery code again: %d", r.StatusCode)
		}
		u, _, _ := app.Store.UserCredentials(t.Context(), "admin.nowak")
		if got := actionsOf(t, app, "recovery_codes", itoa(u.ID)); len(got) < 2 || got[0] != domain.AuditRecoveryCodeUsed {
			t.Fatalf("audit = %v", got)
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		x, _ := halfSignedIn(t, app, "admin.nowak")
		if r := x.Post("/login/second-step/cancel", nil); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("cancel: %d", r.StatusCode)
		}
		if r := x.Get("/login/second-step"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("second step after cancel: %d", r.StatusCode)
		}
	})
}

// Wrong codes are throttled per account.
func TestSecondFactorThrottled(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	realAccount(t, app, "obs.nowak", domain.RoleViewer)
	first := app.Client()
	first.Login("obs.nowak", mfaPassword) // a viewer needs no factor: signed in
	// Enrol an app as the viewer, by the account page.
	page := first.Get("/account/security")
	secret := strings.ReplaceAll(regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(page.Body)[1], " ", "")
	if r := first.Post("/account/security/totp", url.Values{"code": {first.TOTPCode(secret, 0)}}); r.StatusCode != 200 {
		t.Fatalf("enrol: %d", r.StatusCode)
	}
	c, to := halfSignedIn(t, app, "obs.nowak")
	if to != "/login/second-step" {
		t.Fatalf("a viewer with a factor is asked for it: %q", to)
	}
	for range domain.SecondFactorFailures {
		if r := c.Post("/login/second-step", url.Values{"code": {wrongCode(c, secret)}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", r.StatusCode)
		}
	}
	r := c.Post("/login/second-step", url.Values{"code": {c.TOTPCode(secret, 1)}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Zbyt wiele błędnych kodów") {
		t.Fatalf("after %d wrong codes: %d", domain.SecondFactorFailures, r.StatusCode)
	}
}

// Which roles need a factor is configured; demo accounts in demo mode sign
// in with the password alone, and the sign-in page says so.
func TestSecondFactorPolicy(t *testing.T) {
	t.Parallel()
	app := testapp.New(t, testapp.Options{SecondFactorRoles: []domain.Role{}})
	realAccount(t, app, "koord.bez", domain.RoleCoordinator)
	c, to := halfSignedIn(t, app, "koord.bez")
	if to != "/" {
		t.Fatalf("no role needs a factor, yet the sign-in goes to %q", to)
	}
	if r := c.Get("/"); r.StatusCode != 200 {
		t.Fatalf("start page: %d", r.StatusCode)
	}
	demo := testapp.New(t)
	if r := demo.Client().Get("/login"); !strings.Contains(r.Body, `data-testid="demo-second-factor"`) {
		t.Fatal("the sign-in page in demo mode does not say demo accounts skip the second factor")
	}
	a := demo.Client()
	if r := a.Post("/login", url.Values{"username": {"admin"}, "password": {"demo"}}); r.Header.Get("Location") != "/" {
		t.Fatalf("demo admin in demo mode: %q", r.Header.Get("Location"))
	}
	prod := testapp.New(t, testapp.Options{Production: true})
	if r := prod.Client().Get("/login"); strings.Contains(r.Body, `data-testid="demo-second-factor"`) {
		t.Fatal("the demo note outside demo mode")
	}
	realAccount(t, prod, "admin.prod", domain.RoleAdmin)
	if _, to := halfSignedIn(t, prod, "admin.prod"); to != "/account/security" {
		t.Fatalf("an administrator outside demo mode: %q", to)
	}
}

// A manager with a second factor confirms a decision with a fresh code, not
// only the password.
func TestDecisionRequiresSecondFactor(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	prog, _, leader, _ := demoIDs(t, app)
	ids := protocolFixture(t, app, prog, leader)
	realAccount(t, app, "kier.nowak", domain.RoleUnitManager, leader)
	m := app.Client()
	m.Login("kier.nowak", mfaPassword)
	secret := app.TOTPSecret("kier.nowak")
	page := "/programmes/" + itoa(prog) + "/protocols/" + itoa(ids.submitted)
	view := m.Get(page)
	if !strings.Contains(view.Body, `data-testid="confirm-factor"`) || !strings.Contains(view.Body, `name="code"`) {
		t.Fatalf("the decision form asks no second factor:\n%s", view.Body)
	}
	version := versionRE.FindStringSubmatch(view.Body)[1]
	sign := url.Values{"version": {version}, "decision": {"accepted"}, "password": {mfaPassword}}
	for _, tc := range []struct {
		name, msg string
		form      url.Values
	}{
		{"ErrNoFactor", "Potwierdź kluczem dostępu albo kodem", sign},
		{"ErrWrongCode", "Drugi składnik jest nieprawidłowy", merge(sign, "code", wrongCode(m, secret))},
		{"ErrForgedPasskey", "Drugi składnik jest nieprawidłowy", merge(sign, "credential", `{"id":"AQID","type":"public-key"}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := m.Post(page+"/decide", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %q", r.StatusCode, tc.msg)
			}
			if pr, _ := app.Store.Protocol(t.Context(), prog, ids.submitted); pr.Status.Decided() {
				t.Fatal("decided without the second factor")
			}
		})
	}
	// The sign-in spent the current step; the next one signs.
	if r := m.Post(page+"/decide", merge(sign, "code", m.TOTPCode(secret, 1))); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision with the code: %d\n%s", r.StatusCode, r.Body)
	}
	if pr, _ := app.Store.Protocol(t.Context(), prog, ids.submitted); !pr.Status.Decided() {
		t.Fatal("not decided")
	}
}

// Changing one's own password asks the second factor again, as a decision
// does (finding 8): the current password alone changes nothing.
func TestOwnPasswordRequiresSecondFactor(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	u := realAccount(t, app, "koord.nowak", domain.RoleCoordinator)
	m := app.Client()
	m.Login("koord.nowak", mfaPassword)
	secret := app.TOTPSecret("koord.nowak")
	if page := m.Get("/account/password"); !strings.Contains(page.Body, `data-testid="confirm-factor"`) {
		t.Fatal("the password form asks no second factor")
	}
	_, before, _ := app.Store.UserCredentials(t.Context(), u.Username)
	change := url.Values{"current_password": {mfaPassword}, "password": {"Zielony-most-nad-Wisłą-2031"}, "password_confirm": {"Zielony-most-nad-Wisłą-2031"}}
	for _, form := range []url.Values{change, merge(change, "code", wrongCode(m, secret))} {
		r := m.Post("/account/password", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-code-error"`) {
			t.Fatalf("without the right code: %d\n%s", r.StatusCode, r.Body)
		}
		if _, now, _ := app.Store.UserCredentials(t.Context(), u.Username); now != before {
			t.Fatal("the password changed without the second factor")
		}
	}
	if r := m.Post("/account/password", merge(change, "code", m.TOTPCode(secret, 1))); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the code: %d\n%s", r.StatusCode, r.Body)
	}
	if _, now, _ := app.Store.UserCredentials(t.Context(), u.Username); now == before {
		t.Fatal("the password did not change")
	}
}

// An administrator removes the factors of someone who lost their device:
// every factor and recovery code goes, the person's sessions end, the
// removal is audited, and the next sign-in enrols a new factor. One's own
// factors are not reset this way.
func TestAdminResetsSecondFactors(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	u := realAccount(t, app, "koord.lis", domain.RoleCoordinator)
	m := app.Client()
	m.Login("koord.lis", mfaPassword)
	if f, _ := app.Store.SecondFactors(t.Context(), u.ID); !f.TOTP || f.RecoveryLeft == 0 {
		t.Fatalf("no factor enrolled: %+v", f)
	}
	admin := app.LoginAs("admin")
	r := admin.Post("/admin/users/"+itoa(u.ID)+"/second-factor/reset", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", r.StatusCode, r.Body)
	}
	if f, _ := app.Store.SecondFactors(t.Context(), u.ID); f.TOTP || f.RecoveryLeft != 0 || len(f.Passkeys) != 0 {
		t.Fatalf("factors left: %+v", f)
	}
	if r := m.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the person's session goes on after the reset: %d", r.StatusCode)
	}
	entries, _ := app.Store.Audit(t.Context(), domain.AuditFilter{Entity: "user", EntityID: itoa(u.ID), Action: domain.AuditFactorRemove, Limit: 5})
	if len(entries) != 1 {
		t.Fatalf("audit entries of the reset: %d", len(entries))
	}
	if _, loc := halfSignedIn(t, app, "koord.lis"); loc != "/account/security" {
		t.Fatalf("after the reset the sign-in leads to %q, want enrolment", loc)
	}
	adm, _, _ := app.Store.UserCredentials(t.Context(), "admin")
	if r := admin.Post("/admin/users/"+itoa(adm.ID)+"/second-factor/reset", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Fatalf("own reset: %d", r.StatusCode)
	}
}

// A role that needs no factor may remove its only one; the removal is
// audited and the next sign-in needs the password alone.
func TestSecondFactorRemoved(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	u := realAccount(t, app, "obs.usun", domain.RoleViewer)
	c := app.Client()
	c.Login("obs.usun", mfaPassword)
	page := c.Get("/account/security")
	secret := strings.ReplaceAll(regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(page.Body)[1], " ", "")
	if r := c.Post("/account/security/totp", url.Values{"code": {c.TOTPCode(secret, 0)}}); r.StatusCode != 200 {
		t.Fatalf("enrol: %d", r.StatusCode)
	}
	if r := c.Get("/account/security"); !strings.Contains(r.Body, `data-testid="factors"`) || !strings.Contains(r.Body, "Nieużyte kody odzyskiwania: 10") {
		t.Fatalf("the account page does not list the app:\n%s", r.Body)
	}
	if r := c.Post("/account/security/totp/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if got := actionsOf(t, app, "totp", itoa(u.ID)); len(got) != 2 || got[0] != domain.AuditFactorRemove || got[1] != domain.AuditFactorAdd {
		t.Fatalf("audit = %v", got)
	}
	if _, to := halfSignedIn(t, app, "obs.usun"); to != "/" {
		t.Fatalf("after removing the factor the sign-in goes to %q", to)
	}
}
