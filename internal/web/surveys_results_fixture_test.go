package web_test

import (
	"fmt"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// resultsFixture is a customer questionnaire of the demo programme with a
// baseline and a follow-up in the leader unit and a baseline in two other
// units, answered with known numbers.
type resultsFixture struct {
	programme                 int64
	questionnaire             int64
	leader, bielawa           int64
	baseline, followUp, other int64 // waves
	v                         *domain.QuestionnaireVersion
}

var resultsSys = domain.Actor{Username: "test", Role: domain.RoleAdmin}

func resultsVersion() *domain.QuestionnaireVersion {
	return &domain.QuestionnaireVersion{IndexMethod: domain.IndexTop2, Items: []domain.SurveyItem{
		{Code: "P1", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true},
		{Code: "P2", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 5, InIndex: true, DontKnow: true},
		{Code: "M1", Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: "Jak często odwiedza Pan/Pani urząd?",
			Options: []domain.SurveyOption{{Label: "pierwszy raz"}, {Label: "kilka razy w roku"}, {Label: "co miesiąc lub częściej"}}},
		{Code: "W1", Kind: domain.ItemMulti, Text: "Jakie sprawy Pan/Pani załatwiał(a)?",
			Options: []domain.SurveyOption{{Label: "meldunek"}, {Label: "podatki"}, {Label: "dowód osobisty"}}},
		{Code: "O1", Kind: domain.ItemOpen, Text: "Co powinniśmy poprawić?", MaxLength: 300},
	}}
}

func newResultsFixture(t testing.TB, app *testapp.App) *resultsFixture {
	t.Helper()
	ctx := t.Context()
	p := app.DemoProgramme(t)
	f := &resultsFixture{programme: p.ID}
	units, _ := app.Store.ListUnits(ctx)
	var third int64
	for _, u := range units {
		switch u.Name {
		case demo.LeaderUnit:
			f.leader = u.ID
		case "Urząd Miasta Bielawa":
			f.bielawa = u.ID
		case "Urząd Miasta Bolesławiec":
			third = u.ID
		}
	}
	q := &domain.Questionnaire{ProgrammeID: p.ID, Code: "WYNIKI", Kind: domain.SurveyCustomer, Name: "Satysfakcja klientów (test)"}
	f.v = resultsVersion()
	if err := app.Store.SaveQuestionnaire(ctx, resultsSys, q, f.v); err != nil {
		t.Fatal(err)
	}
	f.questionnaire = q.ID
	opens := p.Start.AddDate(0, 1, 0)
	wave := func(unit int64, round int) int64 {
		w := &domain.SurveyWave{ProgrammeID: p.ID, QuestionnaireID: q.ID, UnitID: unit, Round: round,
			OpensOn: opens.AddDate(0, 2*round, 0), ClosesOn: opens.AddDate(0, 2*round+1, 0), Online: true, TargetSample: 80}
		if err := app.Store.CreateWave(ctx, resultsSys, w, p.Start, p.End); err != nil {
			t.Fatal(err)
		}
		return w.ID
	}
	f.baseline, f.followUp, f.other = wave(f.leader, 0), wave(f.leader, 1), wave(f.bielawa, 0)
	thirdWave := wave(third, 0)
	it := func(code string) int64 {
		for _, x := range f.v.Items {
			if x.Code == code {
				return x.ID
			}
		}
		t.Fatalf("no item %s", code)
		return 0
	}
	submit := func(waveID int64, day time.Time, n int, answers func(i int) []domain.SurveyAnswer) {
		for i := 0; i < n; i++ {
			if err := app.Store.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: waveID, Channel: domain.ChannelOnline, Answers: answers(i)}, day, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Baseline of the leader: 60 responses, 45 of them with P1 among the
	// two best (30 × 5, 15 × 4, 15 × 2); M1 "pierwszy raz" 3 times (a
	// small cell); every 20th writes an open answer.
	submit(f.baseline, opens.AddDate(0, 0, 3), 60, func(i int) []domain.SurveyAnswer {
		p1 := 5
		switch {
		case i >= 45:
			p1 = 2
		case i >= 30:
			p1 = 4
		}
		a := []domain.SurveyAnswer{{ItemID: it("P1"), Value: p1}, {ItemID: it("P2"), Value: 1 + i%5}, {ItemID: it("W1"), Value: 1 + i%2}}
		m1 := 2
		if i < 3 {
			m1 = 1
		}
		a = append(a, domain.SurveyAnswer{ItemID: it("M1"), Value: m1})
		if i%20 == 0 {
			a = append(a, domain.SurveyAnswer{ItemID: it("O1"), Text: fmt.Sprintf("Dłuższe godziny otwarcia (%d)", i)})
		}
		return a
	})
	// Follow-up: 50 responses, P1 all 5 or 4.
	submit(f.followUp, opens.AddDate(0, 2, 3), 50, func(i int) []domain.SurveyAnswer {
		return []domain.SurveyAnswer{{ItemID: it("P1"), Value: 4 + i%2}, {ItemID: it("P2"), Value: 4}}
	})
	submit(f.other, opens.AddDate(0, 0, 3), 20, func(i int) []domain.SurveyAnswer {
		return []domain.SurveyAnswer{{ItemID: it("P1"), Value: 1 + i%5}}
	})
	submit(thirdWave, opens.AddDate(0, 0, 3), 3, func(i int) []domain.SurveyAnswer {
		return []domain.SurveyAnswer{{ItemID: it("P1"), Value: 5}}
	})
	return f
}
