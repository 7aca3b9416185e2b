// Package testapp runs the whole application for tests: a fresh database
// (testdb) with the demo data, the real handler behind httptest, and an HTTP
// client that keeps cookies and carries CSRF tokens like a browser form.
package testapp

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kaizen/internal/auth"
	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
	"kaizen/internal/web"
)

// App is a running application.
type App struct {
	t      testing.TB
	dbURL  string
	opts   Options
	Store  *store.Store
	Server *web.Server
	HTTP   *httptest.Server
	URL    string
	// BrowserURL is the same server at localhost: passkeys (WebAuthn) need
	// a host name, and the server's base URL is this one.
	BrowserURL string
	// totp keeps the authenticator-app secrets Client.Login enrolled, per
	// username, to give the second step of later sign-ins.
	totp *sync.Map
}

// Options change how the application runs.
type Options struct {
	Production bool // not demo mode (the demo data is still loaded)
	TLS        bool // serve over HTTPS with secure (__Host-) cookies
	// SecondFactorRoles must sign in with a second factor (nil: the
	// default roles).
	SecondFactorRoles []domain.Role
	// Mail runs the e-mail queue's workers, sending to a local SMTP sink
	// (App.WaitMail reads what it received), as demo mode does.
	Mail bool
	// Now replaces the clock of the store and the server (default
	// testdb.Now).
	Now func() time.Time
	// TrustedProxies are reverse proxies whose X-Forwarded-For is believed
	// (the load benchmark's test stands for many respondents).
	TrustedProxies []netip.Prefix
	// Passwords is the gate of the server's password checks (nil: the
	// process's, auth.Checks).
	Passwords *auth.Gate
}

// New starts the application on a fresh database with the demo data.
func New(t testing.TB, opts ...Options) *App {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	// The demo data is loaded once per test binary into a template that
	// every test's database is cloned from.
	url := testdb.URLFrom(t, "demo", func(url string) error {
		pool, err := store.OpenPool(context.Background(), url)
		if err != nil {
			return err
		}
		defer pool.Close()
		st := store.New(pool)
		st.Now = testdb.Now
		_, err = demo.Load(context.Background(), st)
		return err
	})
	return start(t, url, o)
}

// Instance starts another instance of the application on the same
// database (as behind a load balancer): its own pool and server, no state
// shared but PostgreSQL.
func (a *App) Instance() *App {
	b := start(a.t, a.dbURL, a.opts)
	b.totp = a.totp
	return b
}

func start(t testing.TB, url string, o Options) *App {
	pool, err := store.OpenPool(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st := store.New(pool)
	st.Now = testdb.Now
	if o.Now != nil {
		st.Now = o.Now
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	hs := httptest.NewUnstartedServer(nil)
	_, port, _ := net.SplitHostPort(hs.Listener.Addr().String())
	base := "http://localhost:" + port
	st.BaseURL = base
	if o.Mail {
		startMail(t, st, log)
	}
	srv := web.New(web.Config{Demo: !o.Production, SecureCookies: o.TLS, BaseURL: base, SecondFactorRoles: o.SecondFactorRoles, MailSink: o.Mail,
		TrustedProxies: o.TrustedProxies, Passwords: o.Passwords}, st, log)
	hs.Config.Handler = srv.Handler()
	if o.TLS {
		hs.StartTLS()
		base = "https://localhost:" + port
	} else {
		hs.Start()
	}
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return &App{t: t, dbURL: url, opts: o, Store: st, Server: srv, HTTP: hs, URL: hs.URL, BrowserURL: base, totp: &sync.Map{}}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Client is a cookie-keeping client that does not follow redirects.
type Client struct {
	t   testing.TB
	app *App
	C   *http.Client
}

// Client returns a new anonymous client.
func (a *App) Client() *Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	if a.opts.TLS {
		c.Transport = a.HTTP.Client().Transport
	}
	return &Client{t: a.t, app: a, C: c}
}

// On returns a client with the same cookies that talks to another instance.
func (c *Client) On(a *App) *Client { return &Client{t: c.t, app: a, C: c.C} }

// App returns the application the client talks to.
func (c *Client) App() *App { return c.app }

// Response is a read response.
type Response struct {
	*http.Response
	Body string
}

// Do sends req and reads the whole body.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	resp, err := c.C.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &Response{Response: resp, Body: string(b)}
}

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.URL+path, nil)
	return c.Do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// CSRF returns the session's form token, read from a page with a form.
func (c *Client) CSRF() string {
	c.t.Helper()
	for _, p := range []string{"/account/password", "/login"} {
		r := c.Get(p)
		if m := csrfRE.FindStringSubmatch(r.Body); m != nil {
			return m[1]
		}
	}
	c.t.Fatal("no CSRF token found on any page")
	return ""
}

// Post submits a form to path with the session's CSRF token.
func (c *Client) Post(path string, form url.Values) *Response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("csrf_token") == "" {
		f.Set("csrf_token", c.CSRF())
	}
	return c.PostRaw(path, f.Encode())
}

// PostRaw submits body as a form without adding anything.
func (c *Client) PostRaw(path, body string) *Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Login signs in and fails the test if that does not succeed. An account
// that must have a second factor (not a demo account in demo mode) and has
// none enrols an authenticator app on the way, as its owner would: the
// secret is read from the page and kept for the account's later sign-ins.
func (c *Client) Login(username, password string) {
	c.t.Helper()
	r := c.Post("/login", url.Values{"username": {username}, "password": {password}})
	switch r.Header.Get("Location") {
	case "/account/security":
		page := c.Get("/account/security")
		m := totpSecretRE.FindStringSubmatch(page.Body)
		if m == nil {
			c.t.Fatalf("sign-in as %s: no authenticator-app secret on the enrolment page:\n%s", username, page.Body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		r = c.Post("/account/security/totp", url.Values{"code": {c.TOTPCode(secret, 0)}})
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-testid="recovery-codes"`) {
			c.t.Fatalf("sign-in as %s: enrolling the app: status %d\n%s", username, r.StatusCode, r.Body)
		}
		c.app.totp.Store(username, secret)
		return
	case "/login/second-step":
		secret, ok := c.app.totp.Load(username)
		if !ok {
			c.t.Fatalf("sign-in as %s: a second step is asked, and the test knows no factor of the account", username)
		}
		// A code counts once: a second sign-in within the same 30 seconds
		// gives the next one (the server accepts one step of drift).
		for _, ahead := range []int{0, 1} {
			r = c.Post("/login/second-step", url.Values{"code": {c.TOTPCode(secret.(string), ahead)}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				break
			}
		}
	}
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		c.t.Fatalf("sign-in as %s: status %d, location %q", username, r.StatusCode, r.Header.Get("Location"))
	}
}

var totpSecretRE = regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7 ]+)<`)

// TOTPCode is the authenticator app's code of secret now (the tests'
// clock), or steps 30-second steps ahead.
func (c *Client) TOTPCode(secret string, steps int) string {
	c.t.Helper()
	code, err := auth.TOTPCode(secret, testdb.Now().Add(time.Duration(steps)*domain.TOTPPeriod))
	if err != nil {
		c.t.Fatal(err)
	}
	return code
}

// TOTPSecret is the authenticator-app secret Login enrolled for username.
func (a *App) TOTPSecret(username string) string {
	s, _ := a.totp.Load(username)
	v, _ := s.(string)
	return v
}

// LoginAs returns a client signed in as a demo account.
func (a *App) LoginAs(username string) *Client {
	c := a.Client()
	c.Login(username, "demo")
	return c
}

// DemoProgramme returns the demo programme. Its dates, and the demo's
// evidence, follow the tests' clock (testdb.Now): tests take dates from it,
// never from the calendar.
func (a *App) DemoProgramme(t testing.TB) *domain.Programme {
	t.Helper()
	progs, err := a.Store.Programmes(t.Context())
	if err != nil {
		t.Fatalf("demo programme: %v", err)
	}
	for _, s := range progs {
		if s.Code == demo.ProgrammeCode {
			p, err := a.Store.Programme(t.Context(), s.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("demo programme %s missing", demo.ProgrammeCode)
	return nil
}

// DemoDay is the day months and days after the demo programme's start.
func (a *App) DemoDay(t testing.TB, months, days int) time.Time {
	t.Helper()
	return a.DemoProgramme(t).Start.AddDate(0, months, days)
}

// DemoQuarter is the code of the calendar quarter holding the day months
// after the demo programme's start ("2026-Q1" for 6 when the demo starts in
// August or September 2025).
func (a *App) DemoQuarter(t testing.TB, months int) string {
	t.Helper()
	return domain.Quarter(a.DemoDay(t, months, 0)).Code
}

// Today is the tests' today in Warsaw.
func Today() time.Time { return domain.TodayIn(testdb.Now()) }

// JoinTeam makes the demo coordinator and expert members of the team of
// programme id: a programme a test makes is not theirs otherwise
// (programme membership, domain.User.ProgrammeScope).
func (a *App) JoinTeam(t testing.TB, programmeID int64) {
	t.Helper()
	for _, username := range []string{"koordynator", "ekspert"} {
		u, _, err := a.Store.UserCredentials(t.Context(), username)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Store.AddProgrammeMember(t.Context(), domain.Actor{Username: "test"}, programmeID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// ActiveProgrammes adds programmes, dated as the demo programme, until n
// are not archived (an administrator then sees at least n on the start
// page), and returns how many it added.
func (a *App) ActiveProgrammes(t testing.TB, n int) int {
	t.Helper()
	progs, err := a.Store.Programmes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	active := 0
	for _, p := range progs {
		if p.ArchivedAt == nil {
			active++
		}
	}
	demoProg := a.DemoProgramme(t)
	for i := active; i < n; i++ {
		p := &domain.Programme{Code: "NOWY-" + strconv.Itoa(i+1), Title: "Program dodatkowy", Start: demoProg.Start, End: demoProg.End,
			Areas: domain.AreaList{{Code: "OK", Name: "obsługa klienta"}}}
		if err := a.Store.CreateProgramme(t.Context(), domain.Actor{Username: "test"}, p); err != nil {
			t.Fatal(err)
		}
	}
	return max(n-active, 0)
}
