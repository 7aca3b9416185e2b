package web_test

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// Markup saved in a free-text field and shown unescaped would run in the
// browser of whoever opens the page.
const (
	xssScript = `<script>alert(1)</script>`
	xssImg    = `<img src=x onerror=alert(1)>`
)

// xssFields collects the markup stored in each free-text field, under a
// tag (letters only) that shows whether a page displays the field at all.
type xssFields struct{ tags []string }

// long is markup for a field that takes at least 70 characters.
func (f *xssFields) long(tag string) string {
	tag = "xq" + tag + "q"
	f.tags = append(f.tags, tag)
	return tag + " " + xssScript + ` "><img src=x onerror=alert(1)> ` + tag
}

// short is markup for a field of at most 20 characters (codes, numbers).
func (f *xssFields) short(tag string) string {
	tag = "xq" + tag + "q"
	if len(tag) > 13 {
		panic("tag too long for a short field: " + tag)
	}
	f.tags = append(f.tags, tag)
	return "<b>" + tag + "</b>"
}

// TestStoredMarkupIsEscaped saves markup in every free-text field a user
// can type (programme, unit, participation, task, products, training,
// indicator and its target change, session, participant, attendance and
// meeting scans' file names, consultation, meeting, good practice,
// product document, protocols and decisions on paper and in Kaizen,
// manual value, closing and reopening, account names), then loads every
// page (each GET route with the records' ids, lists with searches, every
// record's history) as each role: no page may contain the markup
// unescaped, and each field must show on some page.
func TestStoredMarkupIsEscaped(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	st := app.Store
	x := &xssFields{}
	day := func(s string) time.Time {
		d, err := domain.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	units, _ := st.ListUnits(ctx)
	var leader domain.Unit
	for _, u := range units {
		if u.Name == "Urząd Miasta w Dzierżoniowie" {
			leader = u
		}
	}
	if leader.ID == 0 {
		t.Fatal("no demo leader unit")
	}

	// The plan. All dates are in 2010–2012: in the past, whatever today is.
	p := &domain.Programme{Code: x.short("pcode"), Title: x.long("ptitle"), FundingLine: x.long("pfunding"), Contractor: x.long("pcontractor"),
		Start: day("2010-08-01"), End: day("2012-03-31"), Budget: domain.DecimalFromInt(1000), GeneralGoal: x.long("pgoal"),
		SpecificGoals: []string{x.long("pspecific")}, Phases: []domain.Phase{{Name: x.long("pphase"), Start: day("2010-08-01"), End: day("2010-10-31")}},
		Areas:      domain.AreaList{{Code: domain.AreaP, Name: x.long("aname")}, {Code: domain.AreaN, Name: "nieruchomości"}},
		Components: []domain.Component{{Code: x.short("ccode"), Name: x.long("cname")}}}
	check("programme", st.CreateProgramme(ctx, guardActor, p))
	app.JoinTeam(t, p.ID)
	unit := &domain.Unit{Name: x.long("uname"), Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie", Address: x.long("uaddress")}
	check("unit", st.CreateUnit(ctx, guardActor, unit))
	for _, u := range []domain.Unit{*unit, leader} {
		check("participation", st.SaveParticipation(ctx, guardActor, &domain.Participation{ProgrammeID: p.ID, Unit: u, Areas: []domain.Area{domain.AreaP, domain.AreaN},
			Contacts: x.long("contacts")}))
	}
	process := &domain.Task{ProgrammeID: p.ID, Code: x.short("tcode"), Name: x.long("tname"), Area: domain.AreaP, Kind: domain.TaskProcess,
		UnitIDs: []int64{unit.ID, leader.ID}, PlanLines: []domain.PlanLine{{Units: 2, Days: 10}},
		Products: []domain.Product{{Letter: "a", Name: x.long("proda")}, {Letter: "b", Name: x.long("prodb")}, {Letter: "c", Name: x.long("prodc")}}}
	meetingsTask := &domain.Task{ProgrammeID: p.ID, Code: x.short("mtcode"), Name: x.long("mtname"), Kind: domain.TaskMeetings, MeetingsPlanned: 8,
		DaysPerMeeting: 1}
	for _, tk := range []*domain.Task{process, meetingsTask} {
		check("task", st.SaveTask(ctx, guardActor, tk))
	}
	training := &domain.Training{ProgrammeID: p.ID, Code: x.short("trcode"), Topic: x.long("trtopic"), Area: domain.AreaP, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)}
	check("training", st.SaveTraining(ctx, guardActor, training))
	inds := []*domain.Indicator{
		{Number: x.short("inum"), Name: x.long("iname"), UnitOfMeasure: "<b>xqiuomq</b>", Method: x.long("imethod"), Source: x.long("isource"),
			Frequency: x.long("ifreq"), Rule: domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: process.ID}},
		{Number: "I2", Name: "wdrożenia", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{TaskIDs: []int64{process.ID}}},
		{Number: "I3", Name: "jednostki", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}},
		{Number: "I4", Name: "przeszkoleni", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaP}},
		{Number: "I5", Name: "dni szkoleń", Rule: domain.RuleTrainingDays},
		{Number: "I6", Name: "spotkania", Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: meetingsTask.ID}},
		{Number: "I7", Name: "ręczny", Rule: domain.RuleManual},
	}
	x.tags = append(x.tags, "xqiuomq")
	for _, in := range inds {
		in.ProgrammeID, in.Type, in.Target = p.ID, domain.IndicatorProduct, domain.DecimalFromInt(10)
		check("indicator", st.SaveIndicator(ctx, guardActor, in, nil))
	}
	inds[0].Target = domain.DecimalFromInt(12)
	check("target change", st.SaveIndicator(ctx, guardActor, inds[0], &domain.TargetChangeInput{On: day("2011-01-15"), Reason: x.long("treason")}))

	// Evidence.
	session := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: training.ID, GroupNo: 1, Days: []time.Time{day("2010-11-15"), day("2010-11-16")},
		HoursPerDay: domain.DecimalFromInt(6), Place: x.long("splace"), Trainer: x.long("strainer"), UnitIDs: []int64{unit.ID, leader.ID}}
	check("session", st.CreateSession(ctx, guardActor, p, session, ""))
	person := &domain.Person{ProgrammeID: p.ID, FirstName: x.long("first"), LastName: x.long("last"), UnitID: unit.ID, Sex: domain.SexFemale,
		Position: x.long("position"), LegalBasis: domain.BasisConsent, BasisDate: p.Start, RetentionUntil: p.End.AddDate(10, 0, 0)}
	check("participant", st.AddParticipant(ctx, guardActor, session, person, ""))
	check("attendance", st.SaveAttendance(ctx, guardActor, session, []domain.Attendance{{PersonID: person.ID, Day: session.Days[0], Present: true}}, 0))
	_, err := st.AddScan(ctx, guardActor, session, session.Days[0], x.long("sscan")+".pdf", "application/pdf", guardPDF("sscan"))
	check("session scan", err)
	cons := &domain.Consultation{ProgrammeID: p.ID, TaskID: process.ID, UnitID: unit.ID, Expert: x.long("expert"), Day: day("2010-12-01"),
		Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: x.long("ctopic"), WorkDone: x.long("cwork")}
	check("consultation", st.SaveConsultation(ctx, guardActor, p, cons, ""))
	meeting := &domain.Meeting{ProgrammeID: p.ID, TaskID: meetingsTask.ID, Number: 1, Days: []time.Time{day("2010-12-07")}, Place: x.long("mplace"),
		Experts: x.long("mexperts"), Notes: "07.12.2010 " + x.long("mnotes"), Conclusions: x.long("mconcl"), WithManagement: true,
		Attendees: []domain.MeetingAttendee{{PersonID: person.ID, Area: domain.AreaP}}}
	check("meeting", st.SaveMeeting(ctx, guardActor, p, meeting, ""))
	_, err = st.AddMeetingScan(ctx, guardActor, meeting.ID, x.long("mscan")+".pdf", "application/pdf", guardPDF("mscan"))
	check("meeting scan", err)
	undated := &domain.Meeting{ProgrammeID: p.ID, TaskID: meetingsTask.ID, Number: 2, Days: []time.Time{day("2011-02-07")}, Place: "Bielawa",
		Notes: x.long("mnotes2")}
	check("incomplete meeting", st.SaveMeeting(ctx, guardActor, p, undated, ""))
	practice := &domain.GoodPractice{ProgrammeID: p.ID, Title: x.long("gtitle"), UnitID: unit.ID, Area: domain.AreaP, Description: x.long("gdesc"),
		Results: x.long("gresults"), WhyResults: x.long("gwhyres"), WhyInnovative: x.long("gwhyinn"), WhyDurable: x.long("gwhydur"),
		WhyTransferable: x.long("gwhytra"), Status: domain.PracticeAccepted, MeetingIDs: []int64{meeting.ID}}
	check("good practice", st.SaveGoodPractice(ctx, guardActor, practice, ""))
	mv := &domain.ManualValue{Value: domain.DecimalFromInt(3), On: day("2011-02-01"), Note: x.long("mvnote"), UnitID: unit.ID}
	check("manual value", st.AddManualValue(ctx, guardActor, inds[6], mv, x.long("mvfile")+".pdf", "application/pdf", guardPDF("mv")))

	// Products and protocols: accepted with remarks and rejected on paper,
	// a draft, one waiting for the demo manager and one the manager
	// signed in Kaizen.
	products := func(u int64) map[string]int64 {
		ups, err := st.UnitProducts(ctx, p.ID, domain.ProductFilter{UnitID: u, TaskID: process.ID})
		check("products", err)
		out := map[string]int64{}
		for _, up := range ups {
			out[up.Letter] = up.ID
		}
		return out
	}
	own, lead := products(unit.ID), products(leader.ID)
	_, err = st.AddProductDocument(ctx, guardActor, own["a"], x.long("pdoc")+".pdf", "application/pdf", guardPDF("pdoc"))
	check("product document", err)
	var protocols []int64
	draft := func(u, product int64, tag string) *domain.Protocol {
		pr := &domain.Protocol{ProgrammeID: p.ID, TaskID: process.ID, UnitID: u, Place: x.long(tag + "pl"), Date: day("2011-01-10"),
			Contractor: x.long(tag + "co"), Description: x.long(tag + "de"), Items: []domain.ProtocolItem{{UnitProductID: product}}}
		check("protocol", st.SaveProtocol(ctx, guardActor, pr, ""))
		protocols = append(protocols, pr.ID)
		return pr
	}
	// A paper decision: submitted, recorded by the coordinator, confirmed
	// by the administrator (four eyes).
	recorder, _, err := st.UserCredentials(ctx, "koordynator")
	check("coordinator", err)
	confirmer, _, err := st.UserCredentials(ctx, "admin")
	check("admin", err)
	paper := func(pr *domain.Protocol, status domain.ProtocolStatus, tag string) {
		check("submit", st.SubmitProtocol(ctx, guardActor, p.ID, pr.ID, pr.Version))
		cur, err := st.Protocol(ctx, p.ID, pr.ID)
		check("protocol", err)
		rec, err := st.RecordPaperDecision(ctx, domain.ActorOf(recorder, "127.0.0.1"), p.ID, pr.ID, cur.Version, domain.Decision{Status: status, Remarks: x.long(tag + "re"),
			SignerName: x.long(tag + "sn"), SignerRole: x.long(tag + "sr"), SignedOn: day("2011-01-20")}, x.long(tag+"scan")+".pdf", "application/pdf",
			guardPDF(tag))
		check("paper decision", err)
		_, err = st.ConfirmPaperDecision(ctx, domain.ActorOf(confirmer, "127.0.0.1"), p.ID, pr.ID, rec.Version)
		check("paper confirmation", err)
	}
	paper(draft(unit.ID, own["a"], "pa"), domain.ProtocolAcceptedRemarks, "pa")
	paper(draft(unit.ID, own["b"], "pr"), domain.ProtocolRejected, "pr")
	draft(unit.ID, own["c"], "pd")
	waiting := draft(leader.ID, lead["a"], "pw")
	check("submit", st.SubmitProtocol(ctx, guardActor, p.ID, waiting.ID, waiting.Version))
	signed := draft(leader.ID, lead["b"], "ps")
	check("submit", st.SubmitProtocol(ctx, guardActor, p.ID, signed.ID, signed.Version))

	// Accounts: the demo manager's name, and a viewer's.
	manager, _, err := st.UserCredentials(ctx, "kierownik")
	check("manager", err)
	manager.DisplayName = x.long("mgrname")
	check("manager name", st.UpdateUser(ctx, guardActor, manager))
	cur, err := st.Protocol(ctx, p.ID, signed.ID)
	check("protocol", err)
	_, err = st.DecideProtocol(ctx, guardActor, manager, p.ID, signed.ID, cur.Version, domain.Decision{Status: domain.ProtocolAcceptedRemarks,
		Remarks: x.long("esre")})
	check("decision in Kaizen", err)
	viewer := &domain.User{Username: "obserwator-xss", DisplayName: x.long("viewername"), Role: domain.RoleViewer, Active: true}
	check("account", st.CreateUser(ctx, guardActor, viewer, "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))

	// The accessibility statement and a request for accessibility.
	a11y, err := st.AccessibilityStatement(ctx)
	check("statement", err)
	a11y.Entity, a11y.Status, a11y.NonAccessible, a11y.Assessment, a11y.Auditor = x.long("a11yentity"), domain.A11yNone, x.long("a11ynon"), x.long("a11yassess"), x.long("a11yaudit")
	a11y.ContactPerson, a11y.Procedure, a11y.Architecture, a11y.Apps = x.long("a11yperson"), x.long("a11yproc"), x.long("a11yarch"), x.long("a11yapps")
	check("statement", st.SaveAccessibilityStatement(ctx, guardActor, a11y))
	a11yReq := &domain.AccessibilityRequest{Element: x.long("a11yel"), Request: x.long("a11yreq"), Alternative: x.long("a11yalt"), Name: x.long("a11yname"),
		Email: "jan@example.pl"}
	check("request", st.CreateAccessibilityRequest(ctx, a11yReq))
	_, err = st.UpdateAccessibilityRequest(ctx, guardActor, a11yReq.ID, domain.A11yRequestChange{Status: domain.A11yRequestRefused, Answer: x.long("a11yans"), Version: 1})
	check("answer", err)

	// Closing periods: a request number, and a reopening's reason.
	base := "/programmes/" + itoa(p.ID)
	coord, admin := app.LoginAs("koordynator"), app.LoginAs("admin")
	for _, c := range []struct {
		who    *testapp.Client
		path   string
		values url.Values
	}{
		{coord, base + "/periods/2011-Q1/close", url.Values{"request_no": {x.long("reqno")}}},
		{coord, base + "/periods/2010-Q4/close", url.Values{"request_no": {"WNP/1"}}},
		{admin, base + "/periods/2010-Q4/reopen", url.Values{"reason": {x.long("reopen")}}},
	} {
		if r := c.who.Post(c.path, c.values); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d\n%.500s", c.path, r.StatusCode, r.Body)
		}
	}

	// An e-mail in the local sink, its every part markup (/admin/mail).
	kept := &domain.MailMessage{ReceivedAt: time.Now(), From: "kaizen@example.org", Recipients: []string{"a@example.org"}, To: x.long("mto"),
		Subject: x.long("msubject"), Kind: domain.MailKind(x.short("mkind")), Text: x.long("mtext"), HTML: x.long("mhtml")}
	check("sink message", st.SaveSinkMessage(ctx, kept, []byte("Subject: x\r\n\r\nx")))

	// A survey of the leader unit: questionnaire, items, options and an
	// open answer (results pages).
	sq := &domain.Questionnaire{ProgrammeID: p.ID, Code: "XSS", Kind: domain.SurveyCustomer, Name: x.long("sqname")}
	sv := &domain.QuestionnaireVersion{IndexMethod: domain.IndexTop2, Items: []domain.SurveyItem{
		{Code: "P1", Section: x.long("sqsection"), Kind: domain.ItemLikert, Text: x.long("sqlikert"), ScalePoints: 5, InIndex: true},
		{Code: "M1", Kind: domain.ItemSingle, Text: x.long("sqsingle"), Options: []domain.SurveyOption{{Label: x.long("sqopt")}, {Label: "inne"}}},
		{Code: "O1", Kind: domain.ItemOpen, Text: "Uwagi", MaxLength: 300}}}
	check("questionnaire", st.SaveQuestionnaire(ctx, guardActor, sq, sv))
	sw := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: sq.ID, UnitID: leader.ID, OpensOn: day("2010-10-01"), ClosesOn: day("2010-10-31"), Online: true}
	check("wave", st.CreateWave(ctx, guardActor, sw, p.Start, p.End))
	check("response", st.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: sw.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{
		{ItemID: sv.Items[0].ID, Value: 5}, {ItemID: sv.Items[1].ID, Value: 1}, {ItemID: sv.Items[2].ID, Text: x.long("sqopen")}}}, day("2010-10-05"), ""))
	// A survey wave of a questionnaire named in markup, with an invitation
	// (its page shows the wave: /surveys/waves/{waveID}/invitations).
	iq := &domain.Questionnaire{ProgrammeID: p.ID, Code: "ANK", Kind: domain.SurveyEmployee, Name: x.long("sqname")}
	check("questionnaire", st.SaveQuestionnaire(ctx, guardActor, iq, &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100,
		Items: []domain.SurveyItem{{Code: "P1", Kind: domain.ItemLikert, Text: "Czy jest Pan/Pani zadowolony(-a)?", ScalePoints: 5, InIndex: true}}}))
	iwave := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: iq.ID, UnitID: unit.ID, OpensOn: day("2011-01-10"), ClosesOn: day("2011-02-10")}
	check("survey wave", st.CreateWave(ctx, guardActor, iwave, p.Start, p.End))
	_, err = st.CreateInvitations(ctx, guardActor, iwave.ID, []string{"anna@example.org"})
	check("invitations", err)

	// Every page.
	ids := map[string][]string{
		"{messageID}": {itoa(kept.ID)}, "{waveID}": {itoa(sw.ID)}, "{questionnaireID}": {itoa(sq.ID)}, "{version}": {"1"},
		"{id}": {itoa(p.ID)}, "{taskID}": {itoa(process.ID), itoa(meetingsTask.ID)}, "{trainingID}": {itoa(training.ID)},
		"{unitID}": {itoa(unit.ID), itoa(leader.ID)}, "{sessionID}": {itoa(session.ID)}, "{personID}": {itoa(person.ID)},
		"{consultationID}": {itoa(cons.ID)}, "{meetingID}": {itoa(meeting.ID), itoa(undated.ID)}, "{practiceID}": {itoa(practice.ID)},
		"{productID}": {itoa(own["a"]), itoa(own["b"]), itoa(own["c"]), itoa(lead["a"]), itoa(lead["b"])},
		"{requestID}": {itoa(a11yReq.ID)},
	}
	ids["{waveID}"] = append(ids["{waveID}"], itoa(iwave.ID))
	for _, in := range inds {
		ids["{indicatorID}"] = append(ids["{indicatorID}"], itoa(in.ID))
	}
	// The public survey form of a wave in the unit (ended: its page names the unit).
	pq := &domain.Questionnaire{ProgrammeID: p.ID, Code: "KLI", Kind: domain.SurveyCustomer, Name: "Ankieta klientów"}
	check("questionnaire", st.SaveQuestionnaire(ctx, guardActor, pq, &domain.QuestionnaireVersion{IndexMethod: domain.IndexTop2,
		Items: []domain.SurveyItem{{Code: "P1", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true}}}))
	wave := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: pq.ID, UnitID: unit.ID, OpensOn: day("2010-10-01"), ClosesOn: day("2010-10-31"), Online: true}
	check("wave", st.CreateWave(ctx, guardActor, wave, p.Start, p.End))
	ids["{key}"] = []string{wave.PublicKey}
	for _, id := range protocols {
		ids["{protocolID}"] = append(ids["{protocolID}"], itoa(id))
	}
	for k, v := range xssCAF(t, ctx, st, x, p, unit.ID) {
		ids[k] = v
	}
	var pages []string
	_ = chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet || strings.HasPrefix(route, "/static/") || strings.Contains(route, "{fileID}") || strings.HasSuffix(route, ".pdf") ||
			strings.HasSuffix(route, ".csv") || route == "/healthz" || route == "/readyz" || strings.HasPrefix(route, "/audit/") {
			return nil
		}
		if strings.HasPrefix(route, "/admin/users/{id}") {
			pages = append(pages, strings.Replace(route, "{id}", itoa(viewer.ID), 1), strings.Replace(route, "{id}", itoa(manager.ID), 1))
			return nil
		}
		paths := []string{route}
		for param, values := range ids {
			var next []string
			for _, path := range paths {
				if !strings.Contains(path, param) {
					next = append(next, path)
					continue
				}
				for _, v := range values {
					next = append(next, strings.ReplaceAll(path, param, v))
				}
			}
			paths = next
		}
		for _, path := range paths {
			if strings.Contains(path, "{") {
				t.Errorf("route %s: no id for %s", route, path)
				continue
			}
			pages = append(pages, path)
		}
		return nil
	})
	for _, period := range []string{"2010-Q4", "2011-Q1"} {
		pages = append(pages, base+"/indicators?period="+period)
		for _, id := range ids["{indicatorID}"] {
			pages = append(pages, base+"/indicators/"+id+"?period="+period)
		}
		for _, id := range ids["{unitID}"] {
			pages = append(pages, base+"/units/"+id+"?period="+period)
		}
	}
	pages = append(pages, "/units?q=xqunameq", base+"/persons?q=xqlastq", base+"/practices?q=xqgtitleq", base+"/protocols?wszystkie=1",
		base+"/products?jednostka="+itoa(unit.ID))
	for entity, list := range map[string][]int64{"programme": {p.ID}, "unit": {unit.ID}, "task": {process.ID, meetingsTask.ID},
		"training": {training.ID}, "indicator": {inds[0].ID, inds[6].ID}, "training_session": {session.ID}, "person": {person.ID},
		"consultation": {cons.ID}, "meeting": {meeting.ID, undated.ID}, "good_practice": {practice.ID}, "protocol": protocols,
		"unit_product": {own["a"], own["b"], lead["a"]}, "user": {viewer.ID, manager.ID},
		"accessibility_statement": {1}, "accessibility_request": {a11yReq.ID}} {
		for _, id := range list {
			pages = append(pages, "/audit/"+entity+"/"+itoa(id))
		}
		pages = append(pages, "/audit?rekord="+entity)
	}
	sort.Strings(pages)

	shown := map[string]bool{}
	requests := 0
	for _, who := range []string{"admin", "koordynator", "ekspert", "kierownik", "obserwator"} {
		c := app.LoginAs(who)
		for _, path := range pages {
			r := c.Get(path)
			requests++
			if r.StatusCode >= 500 {
				t.Errorf("GET %s as %s: %d", path, who, r.StatusCode)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, raw := range []string{xssScript, xssImg, "<b>xq"} {
				if i := strings.Index(r.Body, raw); i >= 0 {
					t.Errorf("GET %s as %s: markup shown unescaped: …%s…", path, who, r.Body[max(0, i-80):min(len(r.Body), i+80)])
				}
			}
			for _, tag := range x.tags {
				if !shown[tag] && strings.Contains(r.Body, tag) {
					shown[tag] = true
				}
			}
		}
	}
	var missing []string
	for _, tag := range x.tags {
		if !shown[tag] {
			missing = append(missing, tag)
		}
	}
	if len(missing) > 0 {
		t.Errorf("fields shown on no page: %v", missing)
	}
	t.Logf("%d pages, %d requests, %d fields", len(pages), requests, len(x.tags))
}
