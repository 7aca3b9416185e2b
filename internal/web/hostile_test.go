package web_test

import (
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/testapp"
)

// hostilePayloads returns n distinct SQL- and script-injection strings
// (at most 200 kinds are built; n ≤ 0 means all).
func hostilePayloads(n int) []string {
	sql := []string{`' OR '1'='1`, `' OR 1=1--`, `"; DROP TABLE users; --`, `1; DELETE FROM audit_log`, `' UNION SELECT password_hash FROM users--`,
		`1' AND pg_sleep(0)--`, `'); TRUNCATE protocols; --`, `\'; SELECT 1; --`, `%' OR name LIKE '%`, `1e309`, `-1`, `99999999999999999999`,
		`' || (SELECT current_user) || '`, `$1`, `'::regclass`, `ąęłńóśźż' OR 'x'='x`, `0x27`, `NULL`, `' AND 1=CAST((SELECT version()) AS int)--`,
		`admin'--`}
	xss := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`, `'><svg onload=alert(1)>`,
		`<iframe src="//evil">`, `{{.}}`, `<a href="javascript:x">`, `</textarea><script>x()</script>`, `" autofocus onfocus="alert(1)`,
		`=HYPERLINK("http://evil")`}
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range sql {
		add(s)
	}
	for _, s := range xss {
		add(s)
	}
	for _, s := range sql {
		for _, x := range xss {
			add(s + x)
			if len(out) >= 200 {
				break
			}
		}
	}
	if n > 0 && n < len(out) {
		// An even spread over the kinds.
		step := len(out) / n
		var pick []string
		for i := 0; i < len(out) && len(pick) < n; i += step {
			pick = append(pick, out[i])
		}
		return pick
	}
	return out
}

var hostileQuery = []string{"period", "format", "jednostka", "zadanie", "status", "q", "od", "do", "para", "kto", "rekord", "czynnosc",
	"obszar", "przyjete", "pseudonimy", "wszystkie", "next", "pusta"}

var hostileFields = strings.Fields(`address area areas attendance_version baseline basis_date budget code component component_code component_name
	conclusions confirm_closed contacts contractor current_password date day day_length days days_per_group days_per_meeting decision description display_name done_on email emails
	end evidence_on expert experts first_name form_token frequency funding_line general_goal group_no groups_planned hours hours_per_day into items
	kind last_name leader legal_basis meetings meetings_planned method name note notes number password password_confirm person place plan_days
	plan_units planned_on position product_letter product_name reason remarks request_no results retention_until role rule rule_area rule_caf_criteria rule_survey
	rule_letters rule_task rule_tasks rule_trainings sex signed_on signer_name signer_role source specific_goals start status target target_changed_on
	target_reason task teryt title topic trainer training type unit unit_of_measure units username value version voivodeship why_durable
	why_innovative why_results why_transferable with_management work_done
	otwarto t q_P1 q_M1 q_O1`)

// TestHostileInput sends SQL- and script-injection payloads into every
// form field and query parameter of every route, as an administrator, a
// unit manager and a viewer: no 500, no database error text in any
// response, every payload shown escaped. CI sends 8 payloads per request;
// `make hostile` sends all 200 (KAIZEN_HOSTILE=all).
func TestHostileInput(t *testing.T) {
	t.Parallel()
	n := 8
	if os.Getenv("KAIZEN_HOSTILE") == "all" {
		n = 0
	}
	payloads := hostilePayloads(n)
	if all := hostilePayloads(0); len(all) < 200 {
		t.Fatalf("only %d distinct payloads", len(all))
	}
	app := testapp.New(t)
	ctx := t.Context()
	prog, training, leader, _ := demoIDs(t, app)
	sess, fileID := evidenceFixture(t, app, prog, training, leader)
	work := workFixture(t, app, prog, leader, sess)
	prot := protocolFixture(t, app, prog, leader)
	tasks, _ := app.Store.Tasks(ctx, prog)
	inds, _ := app.Store.Indicators(ctx, prog)
	users, _ := app.Store.Users(ctx)
	var target int64
	for _, u := range users {
		if u.Username == "ekspert" {
			target = u.ID
		}
	}
	params := map[string]string{"{taskID}": itoa(tasks[0].ID), "{trainingID}": itoa(training), "{indicatorID}": itoa(inds[0].ID),
		"{unitID}": itoa(leader), "{sessionID}": itoa(sess), "{fileID}": itoa(fileID), "{personID}": itoa(fixturePerson(t, app, sess)),
		"{consultationID}": itoa(work.consultation), "{entity}": "programme", "{recordID}": itoa(prog), "{meetingID}": itoa(work.meeting),
		"{practiceID}": itoa(work.practice), "{productID}": itoa(prot.product), "{protocolID}": itoa(prot.submitted), "{period}": app.DemoQuarter(t, 6), "*": "app.css",
		"{key}": newPublicWave(t, app, 0, testapp.Today().AddDate(0, 0, -3), testapp.Today().AddDate(0, 0, 10)).wave.PublicKey}
	params["{waveID}"] = itoa(invitationWave(t, app).ID) // survey invitations

	var routes []string
	_ = chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if route != "/logout" && route != "/healthz" && route != "/readyz" && !strings.HasPrefix(route, "/static/") {
			routes = append(routes, method+" "+route)
		}
		return nil
	})
	sort.Strings(routes)
	dbErrors := []string{"SQLSTATE", "syntax error at", "pgconn", "ERROR:", "panic:", "goroutine "}
	requests := 0
	// Sign in first: wrong current passwords sent below count against the
	// address's sign-in throttle.
	clients := map[string]*testapp.Client{}
	for _, who := range []string{"admin", "kierownik", "obserwator"} {
		clients[who] = app.LoginAs(who)
	}
	for _, who := range []string{"admin", "kierownik", "obserwator"} {
		c := clients[who]
		for _, key := range routes {
			method, pattern, _ := strings.Cut(key, " ")
			path := pattern
			for k, v := range params {
				path = strings.ReplaceAll(path, k, v)
			}
			path = strings.ReplaceAll(path, "{id}", itoa(prog))
			if strings.HasPrefix(pattern, "/admin/users/{id}") {
				path = strings.Replace(pattern, "{id}", itoa(target), 1)
			}
			for _, payload := range payloads {
				var r *testapp.Response
				if method == http.MethodGet {
					q := url.Values{}
					for _, name := range hostileQuery {
						q.Set(name, payload)
					}
					r = c.Get(path + "?" + q.Encode())
				} else {
					f := url.Values{}
					for _, name := range hostileFields {
						f.Set(name, payload)
					}
					r = c.Post(path, f)
				}
				requests++
				if r.StatusCode >= 500 {
					t.Errorf("%s as %s with %q: status %d", key, who, payload, r.StatusCode)
				}
				for _, e := range dbErrors {
					if strings.Contains(r.Body, e) && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/") {
						t.Errorf("%s as %s with %q: the response (%s) shows %q", key, who, payload, r.Header.Get("Content-Type"), e)
					}
				}
				if strings.ContainsAny(payload, "<>\"") && strings.Contains(r.Body, payload) && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					t.Errorf("%s as %s: payload %q shown unescaped", key, who, payload)
				}
			}
			// The path itself hostile: the first parameter replaced.
			if i := strings.Index(pattern, "{"); i >= 0 && method == http.MethodGet {
				j := strings.Index(pattern[i:], "}")
				bad := pattern[:i] + url.PathEscape(payloads[0]) + pattern[i+j+1:]
				for k, v := range params {
					bad = strings.ReplaceAll(bad, k, v)
				}
				bad = strings.ReplaceAll(bad, "{id}", itoa(prog))
				if r := c.Get(bad); r.StatusCode >= 500 {
					t.Errorf("GET %s as %s: status %d", bad, who, r.StatusCode)
				}
				requests++
			}
		}
	}
	t.Logf("%d requests, %d payloads each, %d routes", requests, len(payloads), len(routes))
}
