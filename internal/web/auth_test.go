package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/pages"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)

	t.Run("Success", func(t *testing.T) {
		c := app.Client()
		c.Login("koordynator", "demo")
		r := c.Get("/")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Agnieszka Malinowska") || !strings.Contains(r.Body, "koordynator") {
			t.Fatalf("start page: %d\n%s", r.StatusCode, r.Body)
		}
	})
	t.Run("NextIsKept", func(t *testing.T) {
		c := app.Client()
		r := c.Get("/admin/users")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fadmin%2Fusers" {
			t.Fatalf("anonymous: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		r = c.Post("/login", url.Values{"username": {"admin"}, "password": {"demo"}, "next": {"/admin/users"}})
		if r.Header.Get("Location") != "/admin/users" {
			t.Fatalf("after sign-in: %q", r.Header.Get("Location"))
		}
	})
	t.Run("ErrOffsiteNextIgnored", func(t *testing.T) {
		c := app.Client()
		for _, next := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/%09/evil.example"[:1] + "\t/evil.example"} {
			r := c.Post("/login", url.Values{"username": {"ekspert"}, "password": {"demo"}, "next": {next}})
			if r.Header.Get("Location") != "/" {
				t.Fatalf("next=%q redirected to %q", next, r.Header.Get("Location"))
			}
		}
	})

	for _, tc := range []struct {
		name, user, pass string
		status           int
		want             string
	}{
		{"ErrWrongPassword", "koordynator", "zle-haslo", 422, "Nieprawidłowa nazwa użytkownika lub hasło."},
		{"ErrUnknownUser", "nikt", "demo", 422, "Nieprawidłowa nazwa użytkownika lub hasło."},
		{"ErrEmptyUsername", "", "demo", 422, "Podaj nazwę użytkownika."},
		{"ErrEmptyPassword", "ekspert", "", 422, "Podaj hasło."},
		{"ErrLongUsername", strings.Repeat("a", 65), "demo", 422, "najwyżej 64 znaki"},
		{"ErrLongPassword", "ekspert", strings.Repeat("ż", 257), 422, "najwyżej 256 znaków"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := app.Client()
			r := c.Post("/login", url.Values{"username": {tc.user}, "password": {tc.pass}})
			if r.StatusCode != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("status %d, want %d with %q\n%s", r.StatusCode, tc.status, tc.want, r.Body)
			}
			if tc.user != "" && len(tc.user) < 65 && !strings.Contains(r.Body, `value="`+tc.user+`"`) {
				t.Fatalf("typed username not kept")
			}
			if strings.Contains(r.Body, tc.pass) && tc.pass != "" && tc.pass != "demo" {
				t.Fatalf("password echoed back")
			}
		})
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Client()
	for i := 0; i < domain.FailuresPerUsername; i++ {
		if r := c.Post("/login", url.Values{"username": {"ekspert"}, "password": {"zle"}}); r.StatusCode != 422 {
			t.Fatalf("attempt %d: %d", i+1, r.StatusCode)
		}
	}
	// Even the right password is refused now, with a Polish message and time.
	r := c.Post("/login", url.Values{"username": {"ekspert"}, "password": {"demo"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie po godzinie") {
		t.Fatalf("6th attempt: %d\n%s", r.StatusCode, r.Body)
	}
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// Other users still sign in.
	app.LoginAs("koordynator")
}

func TestLogoutEndsSessionOnServer(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.LoginAs("obserwator")
	u, _ := url.Parse(app.URL)
	cookies := c.C.Jar.Cookies(u)
	r := c.Post("/logout", nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	// Replaying the old cookie must not work: the session is gone server-side.
	replay := app.Client()
	replay.C.Jar.SetCookies(u, cookies)
	if r := replay.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session cookie still signs in: %d", r.StatusCode)
	}
	var n int
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'logout'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("logout audit entries = %d, %v", n, err)
	}
}

func TestProductionRefusesDemoAccounts(t *testing.T) {
	t.Parallel()
	app := testapp.New(t, testapp.Options{Production: true})
	c := app.Client()
	r := c.Post("/login", url.Values{"username": {"admin"}, "password": {"demo"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Nieprawidłowa nazwa użytkownika lub hasło.") {
		t.Fatalf("demo account signed in outside demo mode: %d", r.StatusCode)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Client()
	before := c.Get("/login").Header.Values("Set-Cookie")
	r := c.Post("/login", url.Values{"username": {"admin"}, "password": {"demo"}})
	var after string
	for _, sc := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, "kaizen_session=") {
			after = sc
		}
	}
	if after == "" || !strings.Contains(after, "HttpOnly") || !strings.Contains(after, "SameSite=Lax") {
		t.Fatalf("session cookie = %q", after)
	}
	if len(before) > 0 && strings.Split(before[0], ";")[0] == strings.Split(after, ";")[0] {
		t.Fatal("session token not renewed at sign-in")
	}
}

// TestStartPageOverviewOfManyProgrammes: someone who sees more than
// pages.HomeDetailMax active programmes (an administrator) gets one table
// of counts, each a link to its list, instead of every programme's lists;
// a coordinator of a few keeps the lists.
func TestStartPageOverviewOfManyProgrammes(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	demoProg := app.DemoProgramme(t)
	if app.ActiveProgrammes(t, pages.HomeDetailMax+1) == 0 {
		t.Fatal("no programme added: the demo alone is over the start page's detail limit")
	}
	counts, err := app.Store.ProtocolCountsOf(ctx, []int64{demoProg.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	waiting := counts[demoProg.ID][domain.ProtocolSubmitted]
	if waiting == 0 {
		t.Fatal("the demo has no protocol waiting for a decision")
	}
	id := strconv.FormatInt(demoProg.ID, 10)
	body := app.LoginAs("admin").Get("/").Body
	for _, want := range []string{`data-testid="home-overview"`, ">NOWY-" + strconv.Itoa(pages.HomeDetailMax+1) + "<", ">" + demoProg.Code + "<",
		`href="/programmes/` + id + `/protocols?status=submitted">` + strconv.Itoa(waiting) + "<",
		`href="/programmes/` + id + `/sessions?niekompletne=1">`, "Wskaźniki poniżej tempa"} {
		if !strings.Contains(body, want) {
			t.Errorf("administrator's start page lacks %s", want)
		}
	}
	if strings.Contains(body, "Dowody do uzupełnienia") || strings.Contains(body, `data-testid="protocols-waiting"`) {
		t.Error("administrator's start page of many programmes lists each programme's items")
	}
	if body := app.LoginAs("koordynator").Get("/").Body; strings.Contains(body, `data-testid="home-overview"`) || !strings.Contains(body, "Dowody do uzupełnienia") {
		t.Error("a coordinator of a few programmes lost the lists")
	}
}

func TestStartPageShowsIncompleteEvidence(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	// The demo has a session without its second scan and a meeting without a scan.
	body := app.LoginAs("koordynator").Get("/").Body
	if !strings.Contains(body, "Dowody do uzupełnienia") || !strings.Contains(body, "Sesja NS3, grupa 1") || !strings.Contains(body, "brak skanu listy obecności") {
		t.Fatalf("coordinator's start page:\n%s", body)
	}
	if body := app.LoginAs("ekspert").Get("/").Body; strings.Contains(body, "Sesja NS3") || !strings.Contains(body, "brak skanu listy obecności") {
		t.Fatal("expert's start page: sessions the expert cannot fix, or no meetings")
	}
	if body := app.LoginAs("obserwator").Get("/").Body; strings.Contains(body, "Dowody do uzupełnienia") || !strings.Contains(body, "POKL-5.2.1-DZ") {
		t.Fatal("viewer's start page: no programme, or a recorder's to-do list")
	}
}
