package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testapp"
	"kaizen/internal/testdb"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// publicWave is a customer questionnaire in the demo programme's leader
// unit (two Likert index items, one required; a single choice; an open
// answer of at most 200 characters) and a wave of it open from three days
// ago to ten days ahead of the tests' today.
type publicWave struct {
	wave  *domain.SurveyWave
	items map[string]domain.SurveyItem
}

func newPublicWave(t *testing.T, app *testapp.App, round int, opens, closes time.Time) publicWave {
	t.Helper()
	ctx := t.Context()
	sys := domain.Actor{Username: "test"}
	prog := app.DemoProgramme(t)
	parts, err := app.Store.Participations(ctx, prog.ID)
	if err != nil || len(parts) == 0 {
		t.Fatalf("participations: %v", err)
	}
	qs, err := app.Store.Questionnaires(ctx, prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	var q *domain.Questionnaire
	for _, x := range qs {
		if x.Code == "PUBTEST" {
			q = x
		}
	}
	if q == nil {
		q = &domain.Questionnaire{ProgrammeID: prog.ID, Code: "PUBTEST", Kind: domain.SurveyCustomer, Name: "Jak Cię obsłużyliśmy?"}
		v := &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100, Intro: "Dziękujemy, że poświęcisz nam dwie minuty.", Items: []domain.SurveyItem{
			{Code: "P1", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true, Required: true},
			{Code: "P2", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 5, InIndex: true, DontKnow: true},
			{Code: "M1", Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: "Jak często odwiedza Pan/Pani urząd?",
				Options: []domain.SurveyOption{{Label: "pierwszy raz"}, {Label: "kilka razy w roku"}, {Label: "co miesiąc lub częściej"}}},
			{Code: "O1", Kind: domain.ItemOpen, Text: "Co powinniśmy poprawić?", MaxLength: 200},
		}}
		if err := app.Store.SaveQuestionnaire(ctx, sys, q, v); err != nil {
			t.Fatal(err)
		}
	}
	w := &domain.SurveyWave{ProgrammeID: prog.ID, QuestionnaireID: q.ID, UnitID: parts[0].Unit.ID, Round: round,
		OpensOn: opens, ClosesOn: closes, Online: true}
	if err := app.Store.CreateWave(ctx, sys, w, prog.Start, prog.End); err != nil {
		t.Fatal(err)
	}
	w, err = app.Store.WaveByKey(ctx, w.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := app.Store.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	pw := publicWave{wave: w, items: map[string]domain.SurveyItem{}}
	for _, it := range v.Items {
		pw.items[it.Code] = it
	}
	return pw
}

var stampRE = regexp.MustCompile(`name="` + pages.FieldSurveyStamp + `" value="([^"]+)"`)

func formStamp(t *testing.T, body string) string {
	t.Helper()
	m := stampRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form stamp on the page:\n%s", body)
	}
	return m[1]
}

// responses counts a wave's saved responses of channel.
func responses(t *testing.T, app *testapp.App, waveID int64, channel domain.SurveyChannel) int {
	t.Helper()
	var n int
	if err := app.Store.Pool.QueryRow(t.Context(), `SELECT count(*) FROM survey_responses WHERE wave_id = $1 AND channel = $2`, waveID, string(channel)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func noCookie(t *testing.T, what string, r *testapp.Response) {
	t.Helper()
	if c := r.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("%s sets cookies: %v", what, c)
	}
}

// post sends the public form as a browser does: no CSRF token, the
// form's own fields only.
func post(c *testapp.Client, path string, f url.Values) *testapp.Response {
	return c.PostRaw(path, f.Encode())
}

func TestPublicSurvey(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	today := testapp.Today()
	pw := newPublicWave(t, app, 0, today.AddDate(0, 0, -3), today.AddDate(0, 0, 10))
	form := paths.PublicSurvey(pw.wave.PublicKey)
	// The form goes by a clock of the test's own: opening and sending are
	// apart by exactly as long as a subtest says.
	var clock atomic.Int64
	clock.Store(testdb.Now().UnixNano()) // the tests' clock (make test-clock moves it)
	app.Server.SetSurveyClock(func() time.Time { return time.Unix(0, clock.Load()) })
	advance := func(d time.Duration) { clock.Add(int64(d)) }
	c := app.Client()

	open := func(t *testing.T, query string) string {
		t.Helper()
		r := c.Get(form + query)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", form, r.StatusCode, r.Body)
		}
		noCookie(t, "the form", r)
		return formStamp(t, r.Body)
	}
	answers := func(stamp string) url.Values {
		return url.Values{pages.FieldSurveyStamp: {stamp}, "q_P1": {"4"}, "q_P2": {"0"}, "q_M1": {"2"}, "q_O1": {"Dłuższe godziny pracy w czwartki."}}
	}

	t.Run("AnswerSavedWithoutCookies", func(t *testing.T) {
		r := c.Get(form)
		noCookie(t, "the form", r)
		for _, want := range []string{`lang="pl"`, pw.wave.UnitName, "Nie wypełniaj tego pola", "(obowiązkowe)", `href="#prywatnosc"`, `id="prywatnosc"`,
			`maxlength="200"`, `href="/deklaracja-dostepnosci"`, "Czy obsługa była uprzejma?"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if title, dup := pageFacts(r.Body); strings.HasPrefix(title, "Błąd") || len(dup) > 0 {
			t.Errorf("title %q, ids used twice: %v", title, dup)
		}
		if strings.Contains(r.Body, "csrf_token") || strings.Contains(r.Body, "<script") {
			t.Error("the public form carries a CSRF token or a script")
		}
		stamp := formStamp(t, r.Body)
		advance(8 * time.Second)
		r = post(c, form, answers(stamp))
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.PublicSurveyThanks(pw.wave.PublicKey) {
			t.Fatalf("POST: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
		}
		noCookie(t, "sending", r)
		thanks := c.Get(r.Header.Get("Location"))
		noCookie(t, "the thanks", thanks)
		if thanks.StatusCode != http.StatusOK || !strings.Contains(thanks.Body, "Dziękujemy") || strings.Contains(thanks.Body, "czwartki") {
			t.Errorf("thanks: %d\n%s", thanks.StatusCode, thanks.Body)
		}
		var day time.Time
		var score *float64
		if err := app.Store.Pool.QueryRow(t.Context(), `SELECT answered_on, index_score FROM survey_responses WHERE wave_id = $1 AND channel = 'online'`,
			pw.wave.ID).Scan(&day, &score); err != nil {
			t.Fatal(err)
		}
		if !day.Equal(domain.TodayIn(time.Unix(0, clock.Load()))) || score == nil || *score != 75 {
			t.Errorf("saved on %s with index %v, want today and 75", day, score)
		}
		// A signed-in user's session cookie is neither read nor renewed.
		admin := app.LoginAs("admin")
		if r := admin.Get(form); r.StatusCode != http.StatusOK || strings.Contains(r.Body, "Wyloguj") {
			t.Errorf("signed in: %d", r.StatusCode)
		} else {
			noCookie(t, "the form to a signed-in user", r)
		}
	})

	t.Run("BadAnswersKept", func(t *testing.T) {
		stamp := open(t, "")
		advance(10 * time.Second)
		before := responses(t, app, pw.wave.ID, domain.ChannelOnline)
		for name, tc := range map[string]struct {
			change url.Values
			want   string
		}{
			"MissingRequired": {url.Values{"q_P1": nil}, "Odpowiedz na pytanie 1 – jest obowiązkowe."},
			"OutsideScale":    {url.Values{"q_P1": {"9"}}, "W pytaniu 1 wybierz jedną z podanych odpowiedzi."},
			"NotANumber":      {url.Values{"q_M1": {"dużo"}}, "W pytaniu 3 wybierz jedną z podanych odpowiedzi."},
			"TooLong":         {url.Values{"q_O1": {strings.Repeat("ż", 201)}}, "Odpowiedź na pytanie 4 może mieć najwyżej 200 znaków."},
		} {
			t.Run(name, func(t *testing.T) {
				f := answers(stamp)
				for k, v := range tc.change {
					f[k] = v
				}
				r := post(c, form, f)
				noCookie(t, "a refused form", r)
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", r.StatusCode)
				}
				if title, dup := pageFacts(r.Body); !strings.HasPrefix(title, "Błąd: ") || len(dup) > 0 {
					t.Errorf("title %q, ids used twice: %v", title, dup)
				}
				if n := strings.Count(r.Body, tc.want); n != 2 { // in the summary and at the question
					t.Errorf("message %q shown %d times, want 2", tc.want, n)
				}
				kept := []string{`value="0" checked`}
				if name != "NotANumber" {
					kept = append(kept, `value="2" checked`)
				}
				for _, kept := range kept {
					if !strings.Contains(r.Body, kept) {
						t.Errorf("choice %s not kept", kept)
					}
				}
				if name != "TooLong" && !strings.Contains(r.Body, "Dłuższe godziny pracy w czwartki.</textarea>") {
					t.Error("open answer not kept")
				}
				if !strings.Contains(r.Body, `id="error-summary"`) || !strings.Contains(r.Body, `href="#f-q_`) {
					t.Error("no error summary linking to the question")
				}
			})
		}
		// A line break counts once, as the browser's maxlength counts it.
		f := answers(stamp)
		f.Set("q_O1", strings.Repeat("a\r\n", 66)+"ab")
		if r := post(c, form, f); r.StatusCode != http.StatusSeeOther {
			t.Errorf("200 characters with line breaks: %d", r.StatusCode)
		}
		if got := responses(t, app, pw.wave.ID, domain.ChannelOnline); got != before+1 {
			t.Errorf("%d responses saved, want %d", got, before+1)
		}
	})

	t.Run("Honeypot", func(t *testing.T) {
		stamp := open(t, "")
		advance(10 * time.Second)
		before := responses(t, app, pw.wave.ID, domain.ChannelOnline)
		f := answers(stamp)
		f.Set(pages.FieldSurveyHoneypot, "http://spam.example")
		r := post(c, form, f)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.PublicSurveyThanks(pw.wave.PublicKey) {
			t.Fatalf("honeypot: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if got := responses(t, app, pw.wave.ID, domain.ChannelOnline); got != before {
			t.Errorf("a filled honeypot saved a response")
		}
	})

	t.Run("TooFast", func(t *testing.T) {
		stamp := open(t, "")
		advance(2 * time.Second)
		before := responses(t, app, pw.wave.ID, domain.ChannelOnline)
		r := post(c, form, answers(stamp))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "zbyt szybko") {
			t.Fatalf("sent after 2 s: %d\n%s", r.StatusCode, r.Body)
		}
		if !strings.Contains(r.Body, `value="2" checked`) || formStamp(t, r.Body) != stamp {
			t.Error("the answers or the form's opening time were not kept")
		}
		advance(3 * time.Second)
		if r := post(c, form, answers(formStamp(t, r.Body))); r.StatusCode != http.StatusSeeOther {
			t.Errorf("sent again after 5 s: %d", r.StatusCode)
		}
		if got := responses(t, app, pw.wave.ID, domain.ChannelOnline); got != before+1 {
			t.Errorf("%d responses, want %d", got, before+1)
		}
	})

	t.Run("BadSignature", func(t *testing.T) {
		stamp := open(t, "")
		advance(10 * time.Second)
		before := responses(t, app, pw.wave.ID, domain.ChannelOnline)
		sec, _, _ := strings.Cut(stamp, ".")
		other := newPublicWave(t, app, 1, today.AddDate(0, 0, -3), today.AddDate(0, 0, 10))
		otherStamp := formStamp(t, c.Get(paths.PublicSurvey(other.wave.PublicKey)).Body)
		for name, bad := range map[string]string{"Missing": "", "Forged": sec + ".00ff", "OtherTime": "1." + strings.SplitN(stamp, ".", 2)[1],
			"OtherForm": otherStamp} {
			r := post(c, form, answers(bad))
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "nieaktualny") {
				t.Errorf("%s: %d", name, r.StatusCode)
				continue
			}
			if fresh := formStamp(t, r.Body); fresh == bad || !strings.Contains(r.Body, "czwartki.</textarea>") {
				t.Errorf("%s: the form came back without a new stamp or without the answers", name)
			}
		}
		if got := responses(t, app, pw.wave.ID, domain.ChannelOnline); got != before {
			t.Errorf("a form with a bad stamp saved a response")
		}
	})

	t.Run("InvitationOnce", func(t *testing.T) {
		const token = "zaproszenie-testowe-0123456789"
		if _, err := app.Store.Pool.Exec(t.Context(), `INSERT INTO survey_invitations (wave_id, email, token_hash, invited_at) VALUES ($1, 'a@example.org', $2, now())`,
			pw.wave.ID, store.TokenHash(token)); err != nil {
			t.Fatal(err)
		}
		query := "?" + paths.SurveyTokenParam + "=" + token
		r := c.Get(form + query)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="`+pages.FieldSurveyToken+`" value="`+token+`"`) {
			t.Fatalf("invitation link: %d, token not carried", r.StatusCode)
		}
		stamp := formStamp(t, r.Body)
		advance(10 * time.Second)
		f := answers(stamp)
		f.Set(pages.FieldSurveyToken, token)
		if r := post(c, form, f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("first answer: %d\n%s", r.StatusCode, r.Body)
		}
		r = post(c, form, f)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "został już wykorzystany") {
			t.Errorf("second answer: %d\n%s", r.StatusCode, r.Body)
		}
		if r := c.Get(form + query); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "został już wykorzystany") {
			t.Errorf("the used link opened: %d", r.StatusCode)
		}
		if n := responses(t, app, pw.wave.ID, domain.ChannelInvited); n != 1 {
			t.Errorf("%d invited responses, want 1", n)
		}
	})

	t.Run("NotOpen", func(t *testing.T) {
		later := newPublicWave(t, app, 2, today.AddDate(0, 0, 2), today.AddDate(0, 0, 10))
		if r := c.Get(paths.PublicSurvey(later.wave.PublicKey)); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "jeszcze się nie rozpoczęło") {
			t.Errorf("a wave to come: %d", r.StatusCode)
		}
		closed := newPublicWave(t, app, 3, today.AddDate(0, 0, -3), today.AddDate(0, 0, 10))
		stamp := formStamp(t, c.Get(paths.PublicSurvey(closed.wave.PublicKey)).Body)
		if err := app.Store.CloseWave(t.Context(), domain.Actor{Username: "test"}, closed.wave.ID); err != nil {
			t.Fatal(err)
		}
		advance(10 * time.Second)
		if r := c.Get(paths.PublicSurvey(closed.wave.PublicKey)); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "zakończone") {
			t.Errorf("a closed wave's form: %d", r.StatusCode)
		}
		if r := post(c, paths.PublicSurvey(closed.wave.PublicKey), answers(stamp)); r.StatusCode != http.StatusGone {
			t.Errorf("answers to a closed wave: %d", r.StatusCode)
		}
		if n := responses(t, app, closed.wave.ID, domain.ChannelOnline); n != 0 {
			t.Errorf("a closed wave took %d responses", n)
		}
		if r := c.Get(paths.PublicSurvey("nie-ma-takiej")); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "Nie ma takiej ankiety") {
			t.Errorf("an unknown key: %d", r.StatusCode)
		}
	})

	t.Run("BodyLimit", func(t *testing.T) {
		f := answers(open(t, ""))
		f.Set("q_O1", strings.Repeat("x", 300<<10))
		if r := post(c, form, f); r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("a 300 KiB answer: %d", r.StatusCode)
		}
	})

	// Last: it spends the address's allowance.
	t.Run("RateLimit", func(t *testing.T) {
		app.Server.SetSurveyLimit(2, time.Minute)
		stamp := open(t, "")
		advance(10 * time.Second)
		before := responses(t, app, pw.wave.ID, domain.ChannelOnline)
		for i := range 2 {
			if r := post(c, form, answers(stamp)); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("answer %d: %d", i+1, r.StatusCode)
			}
		}
		r := post(c, form, answers(stamp))
		if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Spróbuj ponownie za kilka minut") || r.Header.Get("Retry-After") == "" {
			t.Fatalf("third answer: %d %q\n%s", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
		}
		noCookie(t, "the refusal", r)
		if got := responses(t, app, pw.wave.ID, domain.ChannelOnline); got != before+2 {
			t.Errorf("%d responses, want %d", got, before+2)
		}
		// Opening the form is not limited; sending gets its turn back.
		if r := c.Get(form); r.StatusCode != http.StatusOK {
			t.Errorf("the form itself is limited: %d", r.StatusCode)
		}
		advance(time.Minute)
		if r := post(c, form, answers(stamp)); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a minute later: %d", r.StatusCode)
		}
	})
}
