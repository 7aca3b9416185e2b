package web_test

// Attack tests of the security review (issue 14, findings 1, 7, 8, 10, 11):
// each is what an attacker tried, and what must hold.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

const msgThrottled = "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie po godzinie"

// guess sends n wrong passwords for username from a fresh browser (no
// cookies: a stranger) and wants each refused as a wrong password.
func guess(t *testing.T, app *testapp.App, username string, n int) *testapp.Client {
	t.Helper()
	stranger := app.Client()
	for i := 0; i < n; i++ {
		if r := stranger.Post("/login", url.Values{"username": {username}, "password": {fmt.Sprintf("zgaduje-%d", i)}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d for %s: %d", i+1, username, r.StatusCode)
		}
	}
	return stranger
}

// Finding 1: five wrong passwords from a stranger do not lock out the owner
// on a browser that signed in before; the stranger is refused further.
func TestAttackStrangerCannotLockOutOwner(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	owner := app.LoginAs("kierownik")
	if r := owner.Post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	stranger := guess(t, app, "kierownik", domain.FailuresPerUsername)
	// The brute-force attacker is refused now, even with the right password.
	r := stranger.Post("/login", url.Values{"username": {"kierownik"}, "password": {"demo"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, msgThrottled) || r.Header.Get("Retry-After") == "" {
		t.Fatalf("stranger after %d guesses: %d\n%s", domain.FailuresPerUsername, r.StatusCode, r.Body)
	}
	// The owner's browser carries its device cookie and signs in.
	owner.Login("kierownik", "demo")
}

// Finding 1: a stranger's guesses do not block the owner's open session
// from signing a protocol decision or changing the password.
func TestAttackStrangerCannotBlockOpenSession(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	owner := app.LoginAs("kierownik")
	guess(t, app, "kierownik", domain.FailuresPerUsername)

	prog := app.DemoProgramme(t)
	prots, err := app.Store.Protocols(t.Context(), prog.ID, domain.ProtocolFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, pr := range prots {
		if pr.Status == domain.ProtocolSubmitted && pr.UnitName == demo.LeaderUnit {
			page = paths.Protocol(prog.ID, pr.ID)
		}
	}
	if page == "" {
		t.Fatal("no demo protocol waiting for the manager")
	}
	m := versionRE.FindStringSubmatch(owner.Get(page).Body)
	if m == nil {
		t.Fatal("no version on the protocol page")
	}
	r := owner.Post(page+"/decide", url.Values{"version": {m[1]}, "decision": {"accepted"}, "password": {"demo"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision in the owner's session after a stranger's guesses: %d\n%s", r.StatusCode, r.Body)
	}
	next := "Kasztanowa-Aleja-Nad-Odrą-1987"
	r = owner.Post("/account/password", url.Values{"current_password": {"demo"}, "password": {next}, "password_confirm": {next}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change in the owner's session after a stranger's guesses: %d\n%s", r.StatusCode, r.Body)
	}
}

// Finding 1: re-entering the password in a session has its own limit: a
// stolen session cannot guess on and on.
func TestAttackSessionPasswordGuessesLimited(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	thief := app.LoginAs("ekspert")
	for i := 0; i < domain.FailuresPerUsername; i++ {
		r := thief.Post("/account/password", url.Values{"current_password": {"zle"}, "password": {"Xy-dlugie-haslo-77"}, "password_confirm": {"Xy-dlugie-haslo-77"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d", i+1, r.StatusCode)
		}
	}
	r := thief.Post("/account/password", url.Values{"current_password": {"demo"}, "password": {"Xy-dlugie-haslo-77"}, "password_confirm": {"Xy-dlugie-haslo-77"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Zbyt wiele") {
		t.Fatalf("after %d wrong passwords in one session: %d", domain.FailuresPerUsername, r.StatusCode)
	}
	// The owner elsewhere is not affected.
	app.LoginAs("ekspert")
}

// Finding 1: many failures with different usernames from one address (a
// town hall behind NAT) do not lock out the other users behind it.
func TestAttackNATNeighboursNotLockedOut(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	colleague := app.LoginAs("koordynator")
	colleague.Post("/logout", nil)
	stranger := app.Client()
	for i := 0; i < 25; i++ {
		if r := stranger.Post("/login", url.Values{"username": {fmt.Sprintf("urzednik%02d", i)}, "password": {"zle"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	colleague.Login("koordynator", "demo") // with a device cookie
	app.LoginAs("ekspert")                 // a new browser behind the same address
}

// Finding 7: slow uploaders from one address do not take the work slots a
// signed-in user's page needs.
func TestAttackSlowUploadersDoNotStarve(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	user := app.LoginAs("obserwator")
	host := strings.TrimPrefix(app.URL, "http://")
	var conns []net.Conn
	var mu sync.Mutex
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	for i := 0; i < 24; i++ {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		// Headers and the start of a body, then nothing.
		fmt.Fprintf(c, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nusername=a", host)
	}
	time.Sleep(500 * time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, app.URL+"/", nil)
	resp, err := user.C.Do(req)
	if err != nil {
		t.Fatalf("a signed-in user's page while slow uploads hang: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("a signed-in user's page while slow uploads hang: %d", resp.StatusCode)
	}
}

// Finding 8: an administrator's own password through the admin form needs
// the current password, and the session goes on with a new token.
func TestAttackOwnPasswordViaAdminForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.LoginAs("admin")
	me, _, err := app.Store.UserCredentials(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	next := "Kasztanowa-Aleja-Nad-Odrą-1987"
	r := admin.Post(paths.UserPassword(me.ID), url.Values{"password": {next}, "password_confirm": {next}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Obecne hasło") {
		t.Fatalf("own password without the current one: %d", r.StatusCode)
	}
	app.LoginAs("admin") // unchanged
	u, _ := url.Parse(app.URL)
	before := admin.C.Jar.Cookies(u)
	r = admin.Post(paths.UserPassword(me.ID), url.Values{"current_password": {"demo"}, "password": {next}, "password_confirm": {next}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("own password with the current one: %d\n%s", r.StatusCode, r.Body)
	}
	if sessionCookie(r.Header.Values("Set-Cookie")) == "" || sessionCookie(r.Header.Values("Set-Cookie")) == cookieValue(before, "kaizen_session") {
		t.Fatal("session token not renewed after the own password change")
	}
	if r := admin.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("session ended by the own password change: %d", r.StatusCode)
	}
	c := app.Client()
	c.Login("admin", next)
}

func sessionCookie(setCookies []string) string {
	for _, sc := range setCookies {
		name, rest, _ := strings.Cut(sc, "=")
		if name == "kaizen_session" || name == "__Host-kaizen_session" {
			v, _, _ := strings.Cut(rest, ";")
			return v
		}
	}
	return ""
}

func cookieValue(cs []*http.Cookie, name string) string {
	for _, c := range cs {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func countSessions(t *testing.T, app *testapp.App) int {
	t.Helper()
	var n int
	if err := app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Finding 10: an anonymous sign-in page writes no session row; the
// database never holds a session's cookie token.
func TestAttackSessionRows(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	before := countSessions(t, app)
	for i := 0; i < 5; i++ {
		if r := app.Client().Get("/login"); r.StatusCode != http.StatusOK {
			t.Fatalf("sign-in page: %d", r.StatusCode)
		}
	}
	if after := countSessions(t, app); after != before {
		t.Fatalf("anonymous sign-in pages wrote %d session rows", after-before)
	}
	c := app.LoginAs("admin")
	u, _ := url.Parse(app.URL)
	token := cookieValue(c.C.Jar.Cookies(u), "kaizen_session")
	if token == "" {
		t.Fatal("no session cookie")
	}
	var raw, hashed int
	sum := sha256.Sum256([]byte(token))
	if err := app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FILTER (WHERE token = $1), count(*) FILTER (WHERE token = $2) FROM sessions`,
		token, hex.EncodeToString(sum[:])).Scan(&raw, &hashed); err != nil {
		t.Fatal(err)
	}
	if raw != 0 || hashed != 1 {
		t.Fatalf("sessions holding the raw token: %d, its SHA-256: %d", raw, hashed)
	}
}

// Finding 10: under a secure configuration the session cookie is Secure,
// HttpOnly, host-only with the __Host- prefix.
func TestAttackSecureCookies(t *testing.T) {
	t.Parallel()
	app := testapp.New(t, testapp.Options{TLS: true})
	c := app.Client()
	r := c.Post("/login", url.Values{"username": {"admin"}, "password": {"demo"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in over TLS: %d", r.StatusCode)
	}
	var sess string
	for _, sc := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, "__Host-kaizen_session=") {
			sess = sc
		}
	}
	for _, want := range []string{"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} {
		if !strings.Contains(sess, want) {
			t.Fatalf("session cookie %q lacks %s (all: %q)", sess, want, r.Header.Values("Set-Cookie"))
		}
	}
	if strings.Contains(strings.ToLower(sess), "domain=") {
		t.Fatalf("session cookie with a domain: %q", sess)
	}
	for _, sc := range r.Header.Values("Set-Cookie") {
		if !strings.HasPrefix(sc, "__Host-") || !strings.Contains(sc, "Secure") {
			t.Fatalf("cookie without __Host- or Secure under a secure configuration: %q", sc)
		}
	}
	if r := c.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in over TLS: %d", r.StatusCode)
	}
}

// Finding 11: /static/ serves files only.
func TestAttackStaticServesFilesOnly(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Client()
	for _, p := range []string{"/static/", "/static/vendor/", "/static/vendor", "/static/vendor/VERSIONS", "/static/vendor/versions", "/static/./vendor/"} {
		if r := c.Get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d\n%.200s", p, r.StatusCode, r.Body)
		}
	}
	if r := c.Get("/static/app.css"); r.StatusCode != http.StatusOK {
		t.Errorf("/static/app.css: %d", r.StatusCode)
	}
	if r := c.Get("/static/vendor/htmx.min.js"); r.StatusCode != http.StatusOK {
		t.Errorf("/static/vendor/htmx.min.js: %d", r.StatusCode)
	}
}
