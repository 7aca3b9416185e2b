package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kaizen/internal/demo"
	"kaizen/internal/testapp"
)

var nonceRE = regexp.MustCompile(`'nonce-([A-Za-z0-9+/=]+)'`)

func checkHeaders(t *testing.T, r *testapp.Response, path string) {
	t.Helper()
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", path, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: CSP allows unsafe code: %q", path, csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
		t.Errorf("%s: missing nosniff or Referrer-Policy", path)
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && r.StatusCode < 300 || r.StatusCode >= 400 {
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, r.Header.Get("Cache-Control"))
		}
		m := nonceRE.FindStringSubmatch(csp)
		if m == nil {
			t.Fatalf("%s: no nonce in CSP", path)
		}
		// Every script or style tag carries this request's nonce.
		for _, tag := range regexp.MustCompile(`<(script|style)[^>]*>`).FindAllString(r.Body, -1) {
			if !strings.Contains(tag, `nonce="`+m[1]+`"`) {
				t.Errorf("%s: %s without the nonce", path, tag)
			}
		}
		if regexp.MustCompile(`\son[a-z]+="`).MatchString(r.Body) || strings.Contains(r.Body, ` style="`) {
			t.Errorf("%s: inline handler or style attribute", path)
		}
		if !strings.Contains(r.Body, `<html lang="pl">`) {
			t.Errorf("%s: not lang=pl", path)
		}
	}
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	anon := app.Client()
	for _, p := range []string{"/login", "/", "/nie-ma-takiej-strony", "/healthz", "/readyz", "/static/app.css"} {
		checkHeaders(t, anon.Get(p), p)
	}
	admin := app.LoginAs("admin")
	for _, p := range []string{"/", "/admin/users", "/admin/users/new", "/admin/users/1", "/account/password", "/nie-ma"} {
		r := admin.Get(p)
		checkHeaders(t, r, p)
	}
	r := anon.Post("/login", url.Values{"username": {"x"}, "password": {"y"}})
	checkHeaders(t, r, "POST /login")
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("admin")

	t.Run("ErrMissingToken", func(t *testing.T) {
		r := c.PostRaw("/admin/users", url.Values{"username": {"nowy"}}.Encode())
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "Formularz wygasł") {
			t.Fatalf("status %d", r.StatusCode)
		}
	})
	t.Run("ErrWrongToken", func(t *testing.T) {
		r := c.PostRaw("/logout", "csrf_token=deadbeef")
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", r.StatusCode)
		}
		if r := c.Get("/"); r.StatusCode != http.StatusOK {
			t.Fatal("a forged logout ended the session")
		}
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/logout", strings.NewReader("csrf_token="+c.CSRF()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		if r := c.Do(req); r.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-origin POST: %d", r.StatusCode)
		}
	})
	t.Run("ErrAnonymousLoginWithoutToken", func(t *testing.T) {
		r := app.Client().PostRaw("/login", "username=admin&password=demo")
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("sign-in without a token: %d", r.StatusCode)
		}
	})
	t.Run("HeaderToken", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/admin/users", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", c.CSRF())
		if r := c.Do(req); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("X-CSRF-Token not accepted: %d", r.StatusCode)
		}
	})
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("admin")
	tok := c.CSRF()
	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   string
		status int
		want   string
	}{
		{"ErrUnknownRoute", "GET", "/nie-istnieje", "", 404, "Nie znaleziono strony"},
		{"ErrWrongMethod", "GET", "/logout", "", 405, "Niedozwolona metoda"},
		{"ErrWrongMethodPut", "PUT", "/admin/users", "csrf_token=" + tok, 405, "Niedozwolona metoda"},
		{"ErrBrokenEncoding", "POST", "/admin/users", "csrf_token=" + tok + "&username=%zz", 400, "uszkodzony"},
		{"ErrInvalidUTF8", "POST", "/admin/users", "csrf_token=" + tok + "&display_name=%ff%fe", 400, "uszkodzony"},
		{"ErrNulByte", "POST", "/admin/users", "csrf_token=" + tok + "&display_name=a%00b", 400, "uszkodzony"},
		{"ErrTooLarge", "POST", "/admin/users", "csrf_token=" + tok + "&display_name=" + strings.Repeat("a", 2<<20), 413, "zbyt duże"},
		{"ErrUserIDNotNumber", "GET", "/admin/users/abc", "", 404, "Nie ma takiego użytkownika"},
		{"ErrUserIDMissing", "GET", "/admin/users/999999", "", 404, "Nie ma takiego użytkownika"},
		{"ErrUserIDOverflow", "GET", "/admin/users/99999999999999999999999", "", 404, "Nie ma takiego użytkownika"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, app.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := c.Do(req)
			if r.StatusCode != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("status %d, want %d with %q\n%.600s", r.StatusCode, tc.status, tc.want, r.Body)
			}
			if strings.Contains(r.Body, "pgx") || strings.Contains(r.Body, "SQLSTATE") || strings.Contains(r.Body, "goroutine") {
				t.Fatal("internals shown")
			}
		})
	}
	var n int
	_ = app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM users`).Scan(&n)
	if n != demo.AccountCount() {
		t.Fatalf("bad requests wrote users: %d accounts", n)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Client()
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := c.Get(p); r.StatusCode != 200 || strings.TrimSpace(r.Body) != "ok" {
			t.Errorf("%s: %d %q", p, r.StatusCode, r.Body)
		}
	}
	app.Store.Pool.Close()
	if r := c.Get("/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database gone: %d", r.StatusCode)
	}
	if r := c.Get("/healthz"); r.StatusCode != 200 {
		t.Errorf("/healthz with the database gone: %d", r.StatusCode)
	}
}

func TestHostilePathRefusedCleanly(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	viewer := app.LoginAs("obserwator")
	for p, want := range map[string]int{"/admin/users/%ff": 400, "/admin/users/%00": 400, "/admin/users/%27%3Bdrop": 403,
		"/audit?kto=%FF": 400, "/audit?id=a%00b": 400, "/audit/person/%FF": 400, "/programmes/1/practices?q=%FF": 400} {
		if r := viewer.Get(p); r.StatusCode != want {
			t.Errorf("%s as viewer: %d, want %d", p, r.StatusCode, want)
		}
	}
}
