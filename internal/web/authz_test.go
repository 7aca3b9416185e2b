package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// The principals of the matrix: anonymous, each role, and a unit manager of
// another unit than the records' (the demo "kierownik" manages Urząd Miasta
// w Dzierżoniowie; "kierownik2" manages Urząd Miasta Bielawa), and the
// members of CAF self-assessment groups (role assessor): "czlonek" of the
// demo manager's unit, leading its groups, and "czlonek2" of Bielawa.
var principals = []string{"anon", "admin", "koordynator", "ekspert", "kierownik", "kierownik2", "obserwator", "czlonek", "czlonek2"}

type expect map[string]int

// all gives every signed-in principal the same status; anonymous users are
// sent to sign in (303).
func all(status int) expect {
	e := expect{"anon": http.StatusSeeOther}
	for _, p := range principals[1:] {
		e[p] = status
	}
	return e
}

// everyone gives anonymous users and every principal the same status.
func everyone(status int) expect {
	e := expect{}
	for _, p := range principals {
		e[p] = status
	}
	return e
}

func adminOnly(status int) expect {
	e := all(http.StatusForbidden)
	e["admin"] = status
	return e
}

// matrix lists every route with the status each principal gets. A route
// missing here fails the test: every new route must say who may use it.
var matrix = map[string]expect{
	"GET /healthz":  everyone(200),
	"GET /readyz":   everyone(200),
	"GET /static/*": everyone(200),
	"GET /login":    signIn(),
	"POST /login":   everyone(422),
	"GET /":         all(200),
	// The public survey form: the same to everyone, signed in or not (no
	// session is read). A post without the form's stamp comes back (422).
	"GET /ankieta/{key}":                         everyone(200),
	"POST /ankieta/{key}":                        everyone(422),
	"GET /ankieta/{key}/dziekujemy":              everyone(200),
	"POST /logout":                               all(303),
	"GET /account/password":                      all(200),
	"POST /account/password":                     all(422),
	"GET /admin/users":                           adminOnly(200),
	"GET /admin/users/new":                       adminOnly(200),
	"POST /admin/users":                          adminOnly(422),
	"GET /admin/users/{id}":                      adminOnly(200),
	"POST /admin/users/{id}":                     adminOnly(422),
	"POST /admin/users/{id}/password":            adminOnly(422),
	"POST /admin/users/{id}/deactivate":          adminOnly(303),
	"POST /admin/users/{id}/activate":            adminOnly(303),
	"POST /admin/users/{id}/second-factor/reset": adminOnly(303),

	// Programme plan: everyone signed in reads; administrators and
	// coordinators change. Destructive routes act on records whose removal
	// is refused (409), so every principal meets the same state.
	"GET /programmes":                                       all(200),
	"GET /programmes/{id}":                                  all(200),
	"GET /units":                                            all(200),
	"GET /units/export.csv":                                 all(200),
	"GET /programmes/new":                                   planEditors(200),
	"POST /programmes":                                      planEditors(422),
	"GET /programmes/{id}/edit":                             planEditors(200),
	"POST /programmes/{id}":                                 planEditors(422),
	"POST /programmes/{id}/archive":                         planEditors(303),
	"POST /programmes/{id}/unarchive":                       planEditors(303),
	"GET /programmes/{id}/units":                            planEditors(200),
	"POST /programmes/{id}/units":                           planEditors(422),
	"POST /programmes/{id}/units/many":                      planEditors(422),
	"POST /programmes/{id}/units/{unitID}/delete":           planEditors(409),
	"GET /programmes/{id}/tasks/new":                        planEditors(200),
	"POST /programmes/{id}/tasks":                           planEditors(422),
	"GET /programmes/{id}/tasks/{taskID}/edit":              planEditors(200),
	"POST /programmes/{id}/tasks/{taskID}":                  planEditors(422),
	"POST /programmes/{id}/tasks/{taskID}/delete":           planEditors(409),
	"GET /programmes/{id}/trainings/new":                    planEditors(200),
	"POST /programmes/{id}/trainings":                       planEditors(422),
	"GET /programmes/{id}/trainings/{trainingID}/edit":      planEditors(200),
	"POST /programmes/{id}/trainings/{trainingID}":          planEditors(422),
	"POST /programmes/{id}/trainings/{trainingID}/delete":   planEditors(409),
	"GET /programmes/{id}/indicators/new":                   planEditors(200),
	"POST /programmes/{id}/indicators":                      planEditors(422),
	"GET /programmes/{id}/indicators/{indicatorID}/edit":    planEditors(200),
	"POST /programmes/{id}/indicators/{indicatorID}":        planEditors(422),
	"POST /programmes/{id}/indicators/{indicatorID}/delete": planEditors(404),
	"GET /units/new":                                        planEditors(200),
	"POST /units":                                           planEditors(422),
	"GET /units/{unitID}/edit":                              planEditors(200),
	"POST /units/{unitID}":                                  planEditors(422),
	"POST /units/{unitID}/archive":                          planEditors(303),
	"POST /units/{unitID}/unarchive":                        planEditors(303),
	"GET /units/import":                                     planEditors(200),
	"GET /units/import/sample.csv":                          planEditors(200),
	"POST /units/import":                                    planEditors(422),
	"POST /units/import/confirm":                            planEditors(422),

	// Training evidence: counts for everyone, names and scans for the roles
	// that see names, recording for administrators and coordinators.
	"GET /programmes/{id}/sessions":                                             all(200),
	"GET /programmes/{id}/sessions/{sessionID}":                                 all(200),
	"GET /programmes/{id}/sessions/{sessionID}/lista.pdf":                       nameReaders(200),
	"GET /programmes/{id}/sessions/{sessionID}/scans/{fileID}":                  nameReaders(200),
	"GET /programmes/{id}/sessions/new":                                         recorders(200),
	"POST /programmes/{id}/sessions":                                            recorders(422),
	"GET /programmes/{id}/sessions/{sessionID}/edit":                            recorders(200),
	"POST /programmes/{id}/sessions/{sessionID}":                                recorders(422),
	"POST /programmes/{id}/sessions/{sessionID}/attendance":                     recorders(422),
	"POST /programmes/{id}/sessions/{sessionID}/participants":                   recorders(422),
	"GET /programmes/{id}/sessions/{sessionID}/participants/search":             recorders(200),
	"POST /programmes/{id}/sessions/{sessionID}/participants/{personID}/remove": recorders(404),
	"POST /programmes/{id}/sessions/{sessionID}/scans":                          recorders(422),

	// Consultations, meetings, good practices: read by all, recorded by
	// experts, coordinators and administrators; meeting scans carry names.
	"GET /programmes/{id}/consultations":                       all(200),
	"GET /programmes/{id}/meetings":                            all(200),
	"GET /programmes/{id}/meetings/{meetingID}":                all(200),
	"GET /programmes/{id}/practices":                           all(200),
	"GET /programmes/{id}/practices/zestaw.pdf":                all(200),
	"GET /programmes/{id}/practices/{practiceID}":              all(200),
	"GET /programmes/{id}/meetings/{meetingID}/scans/{fileID}": nameReaders(200),
	"GET /programmes/{id}/consultations/new":                   nameReaders(200),
	"POST /programmes/{id}/consultations":                      nameReaders(422),
	"GET /programmes/{id}/consultations/{consultationID}/edit": nameReaders(200),
	"POST /programmes/{id}/consultations/{consultationID}":     nameReaders(422),
	"GET /programmes/{id}/meetings/new":                        nameReaders(200),
	"POST /programmes/{id}/meetings":                           nameReaders(422),
	"GET /programmes/{id}/meetings/{meetingID}/edit":           nameReaders(200),
	"POST /programmes/{id}/meetings/{meetingID}":               nameReaders(422),
	"POST /programmes/{id}/meetings/{meetingID}/scans":         nameReaders(422),
	"GET /programmes/{id}/practices/new":                       nameReaders(200),
	"POST /programmes/{id}/practices":                          nameReaders(422),
	"GET /programmes/{id}/practices/{practiceID}/edit":         nameReaders(200),
	"POST /programmes/{id}/practices/{practiceID}":             nameReaders(422),

	// Participants: counts for all, names per role, changes by recorders.
	"GET /programmes/{id}/persons":                              all(200),
	"GET /programmes/{id}/persons/{personID}/edit":              recorders(200),
	"POST /programmes/{id}/persons/{personID}":                  recorders(422),
	"POST /programmes/{id}/persons/{personID}/merge":            recorders(422),
	"GET /programmes/{id}/sessions/{sessionID}/import":          recorders(200),
	"GET /programmes/{id}/sessions/{sessionID}/import/wzor.csv": recorders(200),
	"POST /programmes/{id}/sessions/{sessionID}/import":         recorders(422),
	"POST /programmes/{id}/sessions/{sessionID}/import/confirm": recorders(422),

	// The audit trail: administrators and viewers.
	"GET /audit":                     auditReaders(200),
	"GET /audit/{entity}/{recordID}": auditReaders(200),

	// Products and protocols: the records belong to the demo manager's unit,
	// so the manager of another unit is refused them. The protocol waits
	// for a decision, so changes to it are refused (409) for everyone who
	// may prepare protocols; only its unit's manager may decide.
	"GET /programmes/{id}/products":                                    all(200),
	"GET /programmes/{id}/products/{productID}":                        ownUnit(all(200)),
	"GET /programmes/{id}/products/{productID}/files/{fileID}":         ownUnit(all(200)),
	"POST /programmes/{id}/products/{productID}":                       preparers(422),
	"POST /programmes/{id}/products/{productID}/files":                 preparers(422),
	"POST /programmes/{id}/products/{productID}/files/{fileID}/delete": preparers(409),
	"GET /programmes/{id}/protocols":                                   all(200),
	"GET /programmes/{id}/protocols/{protocolID}":                      ownUnit(all(200)),
	"GET /programmes/{id}/protocols/{protocolID}/protokol.pdf":         ownUnit(all(200)),
	"GET /programmes/{id}/protocols/{protocolID}/files/{fileID}":       ownUnit(all(200)),
	"GET /programmes/{id}/protocols/new":                               preparers(200),
	"POST /programmes/{id}/protocols":                                  preparers(422),
	"GET /programmes/{id}/protocols/{protocolID}/edit":                 preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}":                     preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}/delete":              preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}/submit":              preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}/withdraw":            preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}/new-version":         preparers(409),
	"POST /programmes/{id}/protocols/{protocolID}/decide":              signers(422),
	"POST /programmes/{id}/protocols/{protocolID}/paper":               planEditors(422),
	// Four eyes on paper decisions: the submitted protocol has no paper
	// record to confirm (409); the manager's objection without a reason
	// is 422; the administrator's decision without a choice is 422.
	"POST /programmes/{id}/protocols/{protocolID}/paper/confirm":   planEditors(409),
	"POST /programmes/{id}/protocols/{protocolID}/paper/object":    signers(422),
	"POST /programmes/{id}/protocols/{protocolID}/paper/objection": adminOnly(422),
	"GET /admin/integrity": adminOnly(200),
	// The e-mails the local SMTP sink received (one kept by the fixture).
	"GET /admin/mail":             adminOnly(200),
	"GET /admin/mail/{messageID}": adminOnly(200),
	// One's own switch of e-mail notices (saving without the box: off).
	"GET /account/notices":  all(200),
	"POST /account/notices": all(303),

	// Indicators, reports and periods. Closing meets a period that has not
	// ended (refused, 409), reopening a request without a reason (422), a
	// manual value an indicator computed from evidence (409).
	"GET /programmes/{id}/indicators":                              all(200),
	"GET /programmes/{id}/indicators/{indicatorID}":                all(200),
	"GET /programmes/{id}/indicators/{indicatorID}/files/{fileID}": all(200),
	"GET /programmes/{id}/units/{unitID}":                          ownUnit(all(200)),
	"GET /programmes/{id}/report":                                  all(200),
	"GET /programmes/{id}/report/participants":                     planEditors(200),
	// Survey results: everyone signed in; a unit manager only the own
	// unit's waves; comparisons anonymise other units for unit managers.
	"GET /programmes/{id}/surveys/waves/{waveID}/results":            surveyReaders(ownUnit(all(200))),
	"GET /programmes/{id}/surveys/waves/{waveID}/results/raport.pdf": surveyReaders(ownUnit(all(200))),
	"GET /programmes/{id}/surveys/waves/{waveID}/responses.csv":      surveyReaders(ownUnit(all(200))),
	"GET /programmes/{id}/surveys/waves/{waveID}/responses.xlsx":     surveyReaders(ownUnit(all(200))),
	"GET /programmes/{id}/surveys/compare":                           surveyReaders(all(200)),
	"GET /programmes/{id}/surveys/benchmark":                         surveyReaders(all(200)),
	"POST /programmes/{id}/periods/{period}/close":                   planEditors(409),
	"POST /programmes/{id}/periods/{period}/close/confirm":           planEditors(409),
	"POST /programmes/{id}/periods/{period}/reopen":                  adminOnly(422),
	"POST /programmes/{id}/indicators/{indicatorID}/values":          planEditors(409),
	"GET /programmes/{id}/periods":                                   planEditors(200),
	"POST /programmes/{id}/periods":                                  planEditors(303),

	// A programme's team: administrators and its coordinators. Adding with
	// no one chosen is 422; removing meets an account that is no member.
	"GET /programmes/{id}/team":                  planEditors(200),
	"POST /programmes/{id}/team":                 planEditors(422),
	"POST /programmes/{id}/team/{userID}/remove": planEditors(404),
	// The lists as CSV: the same principals as the list pages (names in
	// the participants' file per role: TestListExportsNames).
	"GET /programmes/export.csv":                    all(200),
	"GET /programmes/{id}/units/export.csv":         planEditors(200),
	"GET /programmes/{id}/sessions/export.csv":      all(200),
	"GET /programmes/{id}/consultations/export.csv": all(200),
	"GET /programmes/{id}/meetings/export.csv":      all(200),
	"GET /programmes/{id}/products/export.csv":      all(200),
	"GET /programmes/{id}/protocols/export.csv":     all(200),
	"GET /programmes/{id}/persons/export.csv":       all(200),

	// The second step of sign-in: only a session waiting for it (a signed-in
	// one is sent to sign in again, and from there to the start page).
	"GET /login/second-step":           all(303),
	"POST /login/second-step":          all(303),
	"POST /login/second-step/passkey":  all(303),
	"POST /login/second-step/cancel":   all(303),
	"GET /account/security":            all(200),
	"POST /account/security/totp":      all(422), // no code typed
	"POST /account/security/passkeys":  all(422), // no name typed
	"POST /account/security/challenge": all(404), // no passkey
	// Demo accounts (in demo mode also those the admin creates) have no
	// factor: nothing to remove, no recovery codes without a factor.
	"POST /account/security/totp/delete":                 all(404),
	"POST /account/security/passkeys/{passkeyID}/delete": all(404),
	"POST /account/security/recovery-codes":              all(422),
}

// anyone gives anonymous and every signed-in principal the same status.
// otherTeam are the principals working on another programme than the demo
// one: a coordinator and an expert of it. Outside the programme's addresses
// they get what the demo account of their role gets; every address of the
// demo programme is "not found" to them, so its existence is not revealed.
var otherTeam = map[string]string{"koordynator2": "koordynator", "ekspert2": "ekspert"}

// want is the status principal who gets for route key (pattern as routed).
func want(key, pattern, who string) int {
	role, ok := otherTeam[who]
	if !ok {
		return matrix[key][who]
	}
	if strings.HasPrefix(pattern, "/programmes/{id}") {
		return http.StatusNotFound
	}
	return matrix[key][role]
}

// ownUnit refuses the records of the demo manager's unit to the manager of
// another unit.
func ownUnit(e expect) expect {
	e["kierownik2"] = http.StatusForbidden
	e["czlonek2"] = http.StatusForbidden
	return e
}

func preparers(status int) expect { return nameReaders(status) }

// signers: only the manager of the protocol's unit.
func signers(status int) expect {
	e := all(http.StatusForbidden)
	e["kierownik"] = status
	return e
}

func auditReaders(status int) expect {
	e := all(http.StatusForbidden)
	e["admin"] = status
	e["obserwator"] = status
	return e
}

func recorders(status int) expect { return planEditors(status) }

func nameReaders(status int) expect {
	e := planEditors(status)
	e["ekspert"] = status
	return e
}

// pathOverride gives a route its own concrete path where the shared
// parameters do not fit (a delete that must meet a missing record).
var pathOverride = map[string]string{
	"POST /programmes/{id}/indicators/{indicatorID}/delete":                     "/programmes/{id}/indicators/999999/delete",
	"POST /programmes/{id}/sessions/{sessionID}/participants/{personID}/remove": "/programmes/{id}/sessions/{sessionID}/participants/999999/remove",
	"POST /programmes/{id}/team/{userID}/remove":                                "/programmes/{id}/team/999999/remove",
}

func planEditors(status int) expect {
	e := all(http.StatusForbidden)
	e["admin"] = status
	e["koordynator"] = status
	return e
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()

	// A manager of another unit, and an account the admin routes act on.
	admin := app.LoginAs("admin")
	units, _ := app.Store.ListUnits(ctx)
	var bielawa int64
	for _, u := range units {
		if u.Name == "Urząd Miasta Bielawa" {
			bielawa = u.ID
		}
	}
	for _, f := range []url.Values{
		{"username": {"kierownik2"}, "display_name": {"Zofia Wrona"}, "role": {"unit_manager"}, "units": {itoa(bielawa)}, "password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}},
		{"username": {"cel"}, "display_name": {"Konto Kontrolne"}, "role": {"viewer"}, "password": {"haslo-testowe-1"}, "password_confirm": {"haslo-testowe-1"}},
	} {
		if r := admin.Post("/admin/users", f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: %d", f.Get("username"), r.StatusCode)
		}
	}
	target, _, _ := app.Store.UserCredentials(ctx, "cel")
	other := otherProgrammeFixture(t, app, admin)
	// The demo programme's records: the leader unit is assigned to tasks (so
	// it cannot leave the programme); task P3 and training PS4 are used by
	// indicators (so they cannot be deleted).
	progs, _ := app.Store.Programmes(ctx)
	prog := progs[0].ID
	tasks, _ := app.Store.Tasks(ctx, prog)
	trainings, _ := app.Store.Trainings(ctx, prog)
	inds, _ := app.Store.Indicators(ctx, prog)
	var taskID, trainingID, leader int64
	for _, t := range tasks {
		if t.Code == "P3" && taskID == 0 {
			taskID = t.ID
		}
	}
	for _, tr := range trainings {
		if tr.Code == "PS4" {
			trainingID = tr.ID
		}
	}
	for _, u := range units {
		if u.Name == "Urząd Miasta w Dzierżoniowie" {
			leader = u.ID
		}
	}
	r := admin.Post("/programmes/"+itoa(prog)+"/indicators", url.Values{"name": {"Przeszkolone osoby PS4"}, "type": {"result"},
		"target": {"40"}, "rule": {"persons_trained"}, "rule_trainings": {itoa(trainingID)}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create indicator: %d\n%s", r.StatusCode, r.Body)
	}
	sess, fileID := evidenceFixture(t, app, prog, trainingID, leader)
	work := workFixture(t, app, prog, leader, sess)
	kept := &domain.MailMessage{ReceivedAt: time.Now(), From: "kaizen@example.org", Recipients: []string{"a@example.org"}, To: "a@example.org",
		Subject: "Próba", Kind: domain.MailProtocolSubmitted, Text: "tekst", HTML: "<p>tekst</p>"}
	if err := app.Store.SaveSinkMessage(ctx, kept, []byte("Subject: Próba\r\n\r\ntekst")); err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"{id}": itoa(target.ID), "*": "app.css", "{passkeyID}": "1", "{messageID}": itoa(kept.ID), "{requestID}": itoa(a11yRequestFixture(t, app))}
	params["{key}"] = newPublicWave(t, app, 0, testapp.Today().AddDate(0, 0, -3), testapp.Today().AddDate(0, 0, 10)).wave.PublicKey
	progParams := map[string]string{"{id}": itoa(prog), "{taskID}": itoa(taskID), "{trainingID}": itoa(trainingID),
		"{indicatorID}": itoa(inds[0].ID), "{unitID}": itoa(leader), "{sessionID}": itoa(sess), "{fileID}": itoa(fileID),
		"{personID}":       itoa(fixturePerson(t, app, sess)),
		"{consultationID}": itoa(work.consultation), "{entity}": "programme", "{recordID}": itoa(prog), "{meetingID}": itoa(work.meeting), "{practiceID}": itoa(work.practice)}
	pathOverride["GET /programmes/{id}/meetings/{meetingID}/scans/{fileID}"] = "/programmes/{id}/meetings/{meetingID}/scans/" + itoa(work.meetingScan)
	manual := manualFixture(t, app, prog)
	progParams["{period}"] = app.DemoQuarter(t, 25) // under way or to come: closing it is refused
	pathOverride["GET /programmes/{id}/indicators/{indicatorID}/files/{fileID}"] = "/programmes/{id}/indicators/" + itoa(manual.indicator) + "/files/" + itoa(manual.file)
	prot := protocolFixture(t, app, prog, leader)
	progParams["{productID}"], progParams["{protocolID}"] = itoa(prot.product), itoa(prot.submitted)
	for _, k := range []string{"GET /programmes/{id}/products/{productID}/files/{fileID}", "POST /programmes/{id}/products/{productID}/files/{fileID}/delete",
		"GET /programmes/{id}/protocols/{protocolID}/files/{fileID}"} {
		pathOverride[k] = strings.ReplaceAll(strings.TrimPrefix(k, k[:strings.Index(k, " ")+1]), "{fileID}", itoa(prot.productFile))
	}
	progParams["{waveID}"] = itoa(newResultsFixture(t, app).baseline)
	// Withdrawing meets a draft (refused), so the submitted one stays.
	pathOverride["POST /programmes/{id}/protocols/{protocolID}/withdraw"] = "/programmes/{id}/protocols/" + itoa(prot.draft) + "/withdraw"
	surveyCoordFixture(t, app, progParams)
	cafAuthzFixture(t, app, progParams)
	// Survey invitations act on a wave of their own, with one invitation.
	invited := invitationWave(t, app)
	if _, err := app.Store.CreateInvitations(ctx, domain.Actor{Username: "test"}, invited.ID, []string{"anna@example.org"}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"GET /programmes/{id}/surveys/waves/{waveID}/invitations", "POST /programmes/{id}/surveys/waves/{waveID}/invitations",
		"GET /programmes/{id}/surveys/waves/{waveID}/invitations/remind", "POST /programmes/{id}/surveys/waves/{waveID}/invitations/remind"} {
		pathOverride[k] = strings.ReplaceAll(strings.TrimPrefix(k, k[:strings.Index(k, " ")+1]), "{waveID}", itoa(invited.ID))
	}

	routes := map[string]bool{}
	err := chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes[method+" "+route] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range routes {
		keys = append(keys, k)
		if _, ok := matrix[k]; !ok {
			t.Errorf("route %s has no row in the authorization matrix", k)
		}
	}
	for k := range matrix {
		if !routes[k] {
			t.Errorf("matrix row %s names no registered route", k)
		}
	}
	sort.Strings(keys)

	passwords := map[string]string{"kierownik2": "haslo-testowe-1", "koordynator2": "haslo-testowe-1", "ekspert2": "haslo-testowe-1"}
	login := func(who string) *testapp.Client {
		c := app.Client()
		if who != "anon" {
			pw := passwords[who]
			if pw == "" {
				pw = "demo"
			}
			c.Login(who, pw)
		}
		return c
	}
	// One session per principal; no route in the matrix changes the
	// principals' own accounts.
	clients := map[string]*testapp.Client{}
	everyone := append(slices.Clone(principals), "koordynator2", "ekspert2")
	for _, who := range everyone {
		clients[who] = login(who)
	}
	for _, key := range keys {
		method, pattern, _ := strings.Cut(key, " ")
		path := pattern
		if p, ok := pathOverride[key]; ok {
			path = p
		}
		ps := params
		if strings.HasPrefix(pattern, "/programmes/") || strings.HasPrefix(pattern, "/units/") || strings.HasPrefix(pattern, "/audit/") {
			ps = progParams
		}
		for k, v := range ps {
			path = strings.ReplaceAll(path, k, v)
		}
		for _, who := range everyone {
			want := want(key, pattern, who)
			t.Run(key+"/"+who, func(t *testing.T) {
				c := clients[who]
				if key == "POST /logout" { // ends the session: use a fresh one
					c = login(who)
				}
				var r *testapp.Response
				if method == http.MethodGet {
					r = c.Get(path)
				} else {
					r = c.Post(path, nil)
				}
				if r.StatusCode != want {
					t.Errorf("%s as %s: status %d, want %d", key, who, r.StatusCode, want)
				}
				if r.StatusCode == http.StatusNotFound && otherTeam[who] != "" && strings.Contains(r.Body, demoTitleWord) {
					t.Errorf("the 404 page names the programme")
				}
				if r.StatusCode == http.StatusForbidden && !strings.Contains(r.Body, "Nie masz uprawnień") {
					t.Errorf("403 page without the Polish message")
				}
				if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					for _, p := range markupProblems(r.Body) { // forms and tables (markup_test.go)
						t.Errorf("%s as %s: %s", key, who, p)
					}
				}
			})
		}
	}

	// The other programme's own team works in it.
	for _, tc := range []struct {
		who, path string
		want      int
	}{
		{"koordynator2", "/programmes/" + itoa(other), 200},
		{"koordynator2", "/programmes/" + itoa(other) + "/team", 200},
		{"koordynator2", "/programmes/" + itoa(other) + "/sessions/new", 200},
		{"koordynator2", "/programmes/" + itoa(other) + "/indicators", 200},
		{"ekspert2", "/programmes/" + itoa(other), 200},
		{"ekspert2", "/programmes/" + itoa(other) + "/consultations/new", 200},
		{"ekspert2", "/programmes/" + itoa(other) + "/team", 403},
		{"koordynator", "/programmes/" + itoa(other), 404},
		{"ekspert", "/programmes/" + itoa(other) + "/consultations", 404},
		{"kierownik", "/programmes/" + itoa(other), 404},
		{"admin", "/programmes/" + itoa(other), 200},
		{"obserwator", "/programmes/" + itoa(other) + "/report", 200},
	} {
		t.Run("OtherProgramme"+tc.path+"/"+tc.who, func(t *testing.T) {
			if r := clients[tc.who].Get(tc.path); r.StatusCode != tc.want {
				t.Errorf("GET %s as %s: %d, want %d", tc.path, tc.who, r.StatusCode, tc.want)
			}
		})
	}

	// Every refusal was audited.
	var refusals int
	_ = app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = $1`, domain.AuditForbidden).Scan(&refusals)
	if refusals == 0 {
		t.Error("permission refusals were not audited")
	}
}

// TestCanActOnUnit is the per-record rule for unit records.
func TestCanActOnUnit(t *testing.T) {
	mgr := &domain.User{Role: domain.RoleUnitManager, UnitIDs: []int64{7}, Active: true}
	for _, tc := range []struct {
		name string
		u    *domain.User
		unit int64
		want bool
	}{
		{"ManagerOwnUnit", mgr, 7, true},
		{"ManagerOtherUnit", mgr, 8, false},
		{"InactiveManager", &domain.User{Role: domain.RoleUnitManager, UnitIDs: []int64{7}}, 7, false},
		{"Coordinator", &domain.User{Role: domain.RoleCoordinator, Active: true}, 8, true},
		{"Anonymous", nil, 7, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.u.CanActOnUnit(tc.unit); got != tc.want {
				t.Fatalf("CanActOnUnit(%d) = %v", tc.unit, got)
			}
		})
	}
}

// demoTitleWord is a word of the demo programme's title, which a "not
// found" page must not show.
const demoTitleWord = "Dzierżoni"

// otherProgrammeFixture adds a programme beside the demo one (dated
// 2010–2012, so the demo stays the newest) with its own coordinator
// (koordynator2) and expert (ekspert2), assigned on the account form.
func otherProgrammeFixture(t *testing.T, app *testapp.App, admin *testapp.Client) int64 {
	t.Helper()
	p := &domain.Programme{Code: "INNY-2010", Title: "Inny program usprawnień", Start: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2012, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := app.Store.CreateProgramme(t.Context(), domain.Actor{Username: "test"}, p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []url.Values{
		{"username": {"koordynator2"}, "display_name": {"Ewa Inna"}, "role": {"coordinator"}, "programmes": {itoa(p.ID)}},
		{"username": {"ekspert2"}, "display_name": {"Jan Inny"}, "role": {"expert"}, "programmes": {itoa(p.ID)}},
	} {
		f.Set("password", "haslo-testowe-1")
		f.Set("password_confirm", "haslo-testowe-1")
		if r := admin.Post("/admin/users", f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: %d\n%s", f.Get("username"), r.StatusCode, r.Body)
		}
	}
	return p.ID
}
