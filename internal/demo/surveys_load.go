package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// surveyUnit is a demo office's customer survey: the mean answer its
// customers lean to (1–5) in the baseline and in the follow-up, the share
// of paper forms, and how many answered.
type surveyUnit struct {
	name           string
	base, followUp float64
	paper          float64
}

// surveyUnits are the offices of the demo customer survey, as the issue
// pictures them: most improved by more than 15%, two by less, one got
// worse.
var surveyUnits = []surveyUnit{
	{name: LeaderUnit, base: 3.55, followUp: 4.35, paper: 0.55},
	{name: "Urząd Miasta Bielawa", base: 3.3, followUp: 4.0, paper: 0.7},
	{name: "Urząd Miasta Bolesławiec", base: 3.5, followUp: 4.2, paper: 0.45},
	{name: "Urząd Miasta i Gminy Pieszyce", base: 3.7, followUp: 3.85, paper: 0.75},
	{name: "Urząd Miasta Piława Górna", base: 3.8, followUp: 4.05, paper: 0.8},
	{name: "Urząd Miejski Świdnica", base: 3.4, followUp: 4.1, paper: 0.4},
	{name: "Urząd Miejski Bochnia", base: 3.95, followUp: 3.75, paper: 0.6},
}

// SurveyUnitNames are the offices of the demo customer survey.
func SurveyUnitNames() []string {
	out := make([]string, len(surveyUnits))
	for i, u := range surveyUnits {
		out[i] = u.name
	}
	return out
}

// surveySeed makes the demo's answers the same on every load.
const surveySeed = 16

// itemLean is how an item's answers lean from the respondent's mood:
// waiting and forms are judged harsher, courtesy kinder.
var itemLean = map[string]float64{"O1": 0.35, "O2": 0.15, "S1": -0.35, "S3": -0.2, "I2": -0.25, "I3": -0.3, "W3": 0.1,
	"P3": -0.3, "P4": -0.25, "P7": -0.4, "P9": 0.3}

// loadSurveys adds the customer and employee questionnaires to the demo
// programme, once: customer waves a year ago and last month in seven
// offices (paper keyed in by the coordinator and online answers, all
// closed), an employee wave with personal invitations still open, and the
// indicator "zmiana satysfakcji klientów".
func loadSurveys(ctx context.Context, st *store.Store) error {
	pid, err := programmeIDOf(ctx, st, ProgrammeCode)
	if err != nil || pid == 0 {
		return err
	}
	qs, err := st.Questionnaires(ctx, pid)
	if err != nil || len(qs) > 0 {
		return err
	}
	p, err := st.Programme(ctx, pid)
	if err != nil {
		return err
	}
	units, err := st.ListUnits(ctx)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, u := range units {
		byName[u.Name] = u.ID
	}
	coordinator := accountActor(ctx, st, "koordynator")
	kq, kv := CustomerQuestionnaire()
	eq, ev := employeeQuestionnaire()
	for _, x := range []struct {
		q *domain.Questionnaire
		v *domain.QuestionnaireVersion
	}{{kq, kv}, {eq, ev}} {
		x.q.ProgrammeID = p.ID
		if err := st.SaveQuestionnaire(ctx, coordinator, x.q, x.v); err != nil {
			return fmt.Errorf("questionnaire %s: %w", x.q.Code, err)
		}
	}
	rng := rand.New(rand.NewPCG(surveySeed, 2026)) // #nosec G404 -- invented demo answers, the same on every load
	today := st.Now().UTC().Truncate(24 * time.Hour)
	rounds := []struct{ opens, closes time.Time }{
		{Weekday(monthStart(today, -12)), monthStart(today, -12).AddDate(0, 0, 27)},
		{Weekday(monthStart(today, -1)), monthStart(today, 0).AddDate(0, 0, -1)},
	}
	var jobs []surveyJob
	var waves []int64
	for _, u := range surveyUnits {
		for round, r := range rounds {
			w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: kq.ID, UnitID: byName[u.name], Round: round,
				OpensOn: r.opens, ClosesOn: r.closes, TargetSample: 120, Online: true}
			if err := st.CreateWave(ctx, coordinator, w, p.Start, p.End); err != nil {
				return fmt.Errorf("wave %s %d: %w", u.name, round, err)
			}
			waves = append(waves, w.ID)
			mood := u.base
			if round > 0 {
				mood = u.followUp
			}
			n := 80 + rng.IntN(71)
			for i := range n {
				resp := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline,
					Answers: CustomerAnswers(rng, kv, mood)}
				day := r.opens.AddDate(0, 0, rng.IntN(int(r.closes.Sub(r.opens).Hours()/24)+1))
				if rng.Float64() < u.paper {
					resp.Channel, resp.Sheet = domain.ChannelPaper, fmt.Sprintf("%03d", i+1)
					day = paperDay(day, r.opens)
				}
				jobs = append(jobs, surveyJob{r: resp, day: day})
			}
		}
	}
	// Read the (now frozen) version once before saving in parallel: the
	// store caches it, so no transaction waits for a second connection.
	if _, err := st.QuestionnaireVersion(ctx, kv.ID); err != nil {
		return err
	}
	var paper, online []surveyJob
	for _, j := range jobs {
		if j.r.Channel == domain.ChannelPaper {
			paper = append(paper, j)
		} else {
			online = append(online, j)
		}
	}
	if err := insertOnline(ctx, st, kv, online); err != nil {
		return err
	}
	if err := submitAll(ctx, st, coordinator, paper); err != nil {
		return err
	}
	for _, id := range waves {
		if err := st.CloseWave(ctx, coordinator, id); err != nil {
			return fmt.Errorf("close wave %d: %w", id, err)
		}
	}
	if err := loadEmployeeWave(ctx, st, coordinator, p, byName[LeaderUnit], eq, ev, rng, today); err != nil {
		return err
	}
	in := &domain.Indicator{ProgrammeID: p.ID, Number: "R1", Name: "Zmiana satysfakcji klientów", Type: domain.IndicatorResult,
		UnitOfMeasure: "%", Target: domain.DecimalFromInt(15),
		Method: "Względna zmiana indeksu satysfakcji klientów (kwestionariusz " + CustomerCode + ") między pomiarem wyjściowym " +
			"a ostatnim pomiarem kontrolnym w każdym urzędzie; wartość dla programu to średnia z urzędów, które mają oba pomiary.",
		Source:    "Anonimowe ankiety klientów: papierowe wpisane przez koordynatora i internetowe.",
		Frequency: "Po zakończeniu każdego pomiaru kontrolnego.",
		Rule:      domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyCustomer}}
	if err := st.SaveIndicator(ctx, system, in, nil); err != nil {
		return fmt.Errorf("indicator %s: %w", in.Name, err)
	}
	return nil
}

// paperDay moves a paper form's day off the weekend, back to Friday (not
// before the wave opened).
func paperDay(day, opens time.Time) time.Time {
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, -1)
	case time.Sunday:
		day = day.AddDate(0, 0, -2)
	}
	if day.Before(opens) {
		return opens
	}
	return day
}

// likertAnswer is a respondent's answer on a points scale: their mood plus
// the item's lean and noise, rounded into the scale.
func likertAnswer(rng *rand.Rand, mood float64, it *domain.SurveyItem, points int) int {
	x := mood + itemLean[it.Code] + rng.NormFloat64()*0.65
	return int(math.Max(1, math.Min(float64(points), math.Round(x))))
}

// pick draws an index by weights.
func pick(rng *rand.Rand, weights ...float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// profileWeights are how the demo's customers and employees answer the
// profile questions (by item code, weights of the options in order).
var profileWeights = map[string][]float64{
	"M_PLEC": {58, 42}, "M_WIEK": {14, 31, 30, 25}, "M_CZESTO": {12, 30, 41, 17},
	"M_SPRAWA": {30, 22, 10, 9, 12, 9, 8}, "M_STAZ": {15, 25, 35, 25}, "M_KIER": {15, 85},
}

// answers draws one response to a version: a Likert answer to each item
// (a few "nie wiem" where offered), the profile, now and then a remark.
func answers(rng *rand.Rand, v *domain.QuestionnaireVersion, mood float64, remarks []string) []domain.SurveyAnswer {
	person := mood + rng.NormFloat64()*0.55
	var out []domain.SurveyAnswer
	for i := range v.Items {
		it := &v.Items[i]
		switch {
		case it.Kind == domain.ItemLikert && it.DontKnow && rng.Float64() < 0.06:
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Value: domain.DontKnow})
		case it.Kind == domain.ItemLikert:
			// mood is on a 1–5 scale; a 4-point item maps it onto 1–4.
			m := person
			if it.ScalePoints == 4 {
				m = 1 + (person-1)*3/4
			}
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Value: likertAnswer(rng, m, it, it.ScalePoints)})
		case it.Kind == domain.ItemSingle && rng.Float64() < 0.92:
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Value: pick(rng, profileWeights[it.Code]...) + 1})
		case it.Kind == domain.ItemOpen && rng.Float64() < 0.2:
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Text: remarks[rng.IntN(len(remarks))]})
		}
	}
	return out
}

// CustomerAnswers draws one customer's response to a version of the
// customer questionnaire; mood is the mean answer (1–5) the office's
// customers lean to. The national generator draws from it too.
func CustomerAnswers(rng *rand.Rand, v *domain.QuestionnaireVersion, mood float64) []domain.SurveyAnswer {
	return answers(rng, v, mood, customerRemarks)
}

// insertOnline saves the online responses in one batch (the demo loads
// fast): store.ImportResponses checks and scores them as SubmitResponse does.
func insertOnline(ctx context.Context, st *store.Store, v *domain.QuestionnaireVersion, jobs []surveyJob) error {
	rs := make([]*domain.SurveyResponse, len(jobs))
	for i, j := range jobs {
		j.r.AnsweredOn = j.day
		rs[i] = j.r
	}
	if err := st.ImportResponses(ctx, v, rs); err != nil {
		return fmt.Errorf("demo online responses: %w", err)
	}
	return nil
}

// surveyJob is one response to save: paper (keyed in) or online.
type surveyJob struct {
	r     *domain.SurveyResponse
	day   time.Time
	token string
}

// submitAll saves the responses, a few at a time (each is its own
// transaction, as in the application); their content is drawn beforehand,
// so the demo is the same whatever order they land in.
func submitAll(ctx context.Context, st *store.Store, coordinator domain.Actor, jobs []surveyJob) error {
	const workers = 3
	ch := make(chan surveyJob)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				var err error
				if j.r.Channel == domain.ChannelPaper {
					err = st.KeyPaperResponse(ctx, coordinator, j.r, j.day)
				} else {
					err = st.SubmitResponse(ctx, j.r, j.day, j.token)
				}
				if err != nil {
					errs <- fmt.Errorf("response to wave %d (%s): %w", j.r.WaveID, j.r.Sheet, err)
					return
				}
			}
		}()
	}
	var err error
feed:
	for _, j := range jobs {
		select {
		case ch <- j:
		case err = <-errs:
			break feed
		}
	}
	close(ch)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

// loadEmployeeWave starts the employee survey in the leader's office two
// weeks ago, with personal invitations (invented addresses in a reserved
// domain) and no public link; about two thirds answered so far through
// their links.
func loadEmployeeWave(ctx context.Context, st *store.Store, coordinator domain.Actor, p *domain.Programme, unit int64,
	q *domain.Questionnaire, v *domain.QuestionnaireVersion, rng *rand.Rand, today time.Time) error {
	w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: q.ID, UnitID: unit, Round: 0,
		OpensOn: today.AddDate(0, 0, -14), ClosesOn: today.AddDate(0, 0, 14), TargetSample: 48, Online: false}
	if err := st.CreateWave(ctx, coordinator, w, p.Start, p.End); err != nil {
		return fmt.Errorf("employee wave: %w", err)
	}
	emails := make([]string, 48)
	for i := range emails {
		sur := Surnames[(i*7+3)%len(Surnames)]
		first, last := WomenNames[i%len(WomenNames)], sur[0]
		if i%3 == 1 {
			first, last = MenNames[i%len(MenNames)], sur[1]
		}
		emails[i] = fmt.Sprintf("%s.%s%d@um-dzierzoniow.example", asciiFold(first), asciiFold(last), i+1)
	}
	tokens, err := st.CreateInvitations(ctx, coordinator, w.ID, emails)
	if err != nil {
		return fmt.Errorf("invitations: %w", err)
	}
	if _, err := st.QuestionnaireVersion(ctx, v.ID); err != nil {
		return err
	}
	var jobs []surveyJob
	for i, tok := range tokens {
		if i%3 == 2 {
			continue // not answered yet
		}
		r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelInvited, Answers: answers(rng, v, 3.5, employeeRemarks)}
		jobs = append(jobs, surveyJob{r: r, day: w.OpensOn.AddDate(0, 0, rng.IntN(15)), token: tok})
	}
	return submitAll(ctx, st, coordinator, jobs)
}

// asciiFold writes a Polish name in the letters of an e-mail address.
func asciiFold(s string) string {
	r := []rune{}
	for _, c := range s {
		switch c {
		case 'ą':
			c = 'a'
		case 'ć':
			c = 'c'
		case 'ę':
			c = 'e'
		case 'ł', 'Ł':
			c = 'l'
		case 'ń':
			c = 'n'
		case 'ó':
			c = 'o'
		case 'ś', 'Ś':
			c = 's'
		case 'ź', 'ż', 'Ż', 'Ź':
			c = 'z'
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		r = append(r, c)
	}
	return string(r)
}
