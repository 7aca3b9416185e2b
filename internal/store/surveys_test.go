package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// surveyFixture is a programme with a unit and a customer questionnaire of
// two Likert index items, one single choice and one open question.
type surveyFixture struct {
	s    *store.Store
	p    *domain.Programme
	unit *domain.Unit
	q    *domain.Questionnaire
	v    *domain.QuestionnaireVersion
}

func testVersion() *domain.QuestionnaireVersion {
	return &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100, Items: []domain.SurveyItem{
		{Code: "P1", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy obsługa była uprzejma?", ScalePoints: 5, InIndex: true, Required: true},
		{Code: "P2", Section: "Obsługa", Kind: domain.ItemLikert, Text: "Czy sprawę załatwiono szybko?", ScalePoints: 5, InIndex: true, DontKnow: true},
		{Code: "M1", Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: "Jak często odwiedza Pan/Pani urząd?",
			Options: []domain.SurveyOption{{Label: "pierwszy raz"}, {Label: "kilka razy w roku"}, {Label: "co miesiąc lub częściej"}}},
		{Code: "O1", Kind: domain.ItemOpen, Text: "Co powinniśmy poprawić?", MaxLength: 200},
	}}
}

func newSurveyFixture(t testing.TB) *surveyFixture {
	t.Helper()
	s := testdb.Store(t)
	ctx := context.Background()
	f := &surveyFixture{s: s, p: newProgramme(t, s, "ANK-2010"), unit: newUnit(t, s, "Urząd Gminy Dzierżoniów")}
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: f.p.ID, Unit: *f.unit, Areas: []domain.Area{"P"}}); err != nil {
		t.Fatal(err)
	}
	f.q = &domain.Questionnaire{ProgrammeID: f.p.ID, Code: "KLI", Kind: domain.SurveyCustomer, Name: "Satysfakcja klientów"}
	f.v = testVersion()
	if err := s.SaveQuestionnaire(ctx, admin, f.q, f.v); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *surveyFixture) wave(t testing.TB, round int) *domain.SurveyWave {
	t.Helper()
	w := &domain.SurveyWave{ProgrammeID: f.p.ID, QuestionnaireID: f.q.ID, UnitID: f.unit.ID, Round: round,
		OpensOn: d("2010-10-01"), ClosesOn: d("2010-10-31"), Online: true}
	if err := f.s.CreateWave(context.Background(), admin, w, f.p.Start, f.p.End); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSurveyQuestionnaireVersions(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	// Unused: saving changes the version in place.
	v2 := testVersion()
	v2.Items[0].Text = "Czy obsługa była uprzejma i kompetentna?"
	if err := f.s.SaveQuestionnaire(ctx, admin, f.q, v2); err != nil {
		t.Fatal(err)
	}
	if v2.Version != 1 {
		t.Fatalf("unused version saved as %d, want 1", v2.Version)
	}
	w := f.wave(t, 0)
	if w.Version != 1 || w.VersionID != v2.ID {
		t.Fatalf("wave uses version %d (%d), want 1 (%d)", w.Version, w.VersionID, v2.ID)
	}
	// Used: the database refuses a change of it; saving makes version 2.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE survey_items SET text = 'x' WHERE version_id = $1`, v2.ID); err == nil {
		t.Fatal("a frozen version's item changed")
	}
	v3 := testVersion()
	v3.Items = v3.Items[:3]
	if err := f.s.SaveQuestionnaire(ctx, admin, f.q, v3); err != nil {
		t.Fatal(err)
	}
	if v3.Version != 2 {
		t.Fatalf("changed used questionnaire saved as version %d, want 2", v3.Version)
	}
	old, err := f.s.QuestionnaireVersion(ctx, v2.ID)
	if err != nil || len(old.Items) != 4 || !old.Used {
		t.Fatalf("old version = %+v, %v", old, err)
	}
	// Code and kind are fixed once used.
	q := *f.q
	q.Kind = domain.SurveyEmployee
	if err := f.s.SaveQuestionnaire(ctx, admin, &q, testVersion()); domain.FieldErrors(err)[domain.FieldQCode] == "" {
		t.Fatalf("kind change of a used questionnaire: %v", err)
	}
	// A duplicate code is the code field's error.
	dup := &domain.Questionnaire{ProgrammeID: f.p.ID, Code: "kli", Kind: domain.SurveyEmployee, Name: "Inny"}
	if err := f.s.SaveQuestionnaire(ctx, admin, dup, testVersion()); domain.FieldErrors(err)[domain.FieldQCode] == "" {
		t.Fatalf("duplicate code: %v", err)
	}
}

func TestSurveyResponsesAggregates(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w := f.wave(t, 0)
	v, err := f.s.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	p1, p2, m1, o1 := v.Items[0].ID, v.Items[1].ID, v.Items[2].ID, v.Items[3].ID
	day := d("2010-10-05")
	submit := func(answers ...domain.SurveyAnswer) error {
		return f.s.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: answers}, day, "")
	}
	if err := submit(domain.SurveyAnswer{ItemID: p1, Value: 5}, domain.SurveyAnswer{ItemID: p2, Value: 3},
		domain.SurveyAnswer{ItemID: m1, Value: 2}, domain.SurveyAnswer{ItemID: o1, Text: "Dłuższe godziny pracy."}); err != nil {
		t.Fatal(err)
	}
	if err := submit(domain.SurveyAnswer{ItemID: p1, Value: 4}, domain.SurveyAnswer{ItemID: p2, Value: domain.DontKnow}); err != nil {
		t.Fatal(err)
	}
	for name, answers := range map[string][]domain.SurveyAnswer{
		"missing required": {{ItemID: p2, Value: 3}},
		"outside scale":    {{ItemID: p1, Value: 6}},
		"two values":       {{ItemID: p1, Value: 4}, {ItemID: p1, Value: 5}},
		"no dont-know":     {{ItemID: p1, Value: domain.DontKnow}},
		"too long":         {{ItemID: p1, Value: 4}, {ItemID: o1, Text: string(make([]byte, 201))}},
	} {
		if err := submit(answers...); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	// Paper: a sheet once per wave.
	paper := &domain.SurveyResponse{WaveID: w.ID, Sheet: "17", Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 1}}}
	if err := f.s.KeyPaperResponse(ctx, admin, paper, day); err != nil {
		t.Fatal(err)
	}
	again := &domain.SurveyResponse{WaveID: w.ID, Sheet: "17", Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 2}}}
	if err := f.s.KeyPaperResponse(ctx, admin, again, day); domain.FieldErrors(err)[domain.FieldWaveSheet] == "" {
		t.Fatalf("second sheet 17: %v", err)
	}
	tot, counts, err := f.s.WaveResults(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Scores: (100 + 50) / 2 = 75; 75 (dont-know skipped); 0.
	if tot.Responses != 3 || tot.Online != 2 || tot.Paper != 1 || tot.IndexN != 3 || tot.IndexSum != 150 || tot.IndexSumSq != 75*75*2 {
		t.Fatalf("totals = %+v", tot)
	}
	if counts[p1][5] != 1 || counts[p1][4] != 1 || counts[p1][1] != 1 || counts[p2][domain.DontKnow] != 1 {
		t.Fatalf("counts = %v", counts)
	}
	open, err := f.s.OpenAnswers(ctx, w.ID, o1)
	if err != nil || len(open) != 1 || open[0] != "Dłuższe godziny pracy." {
		t.Fatalf("open answers = %v, %v", open, err)
	}
	// Outside the wave's dates: refused with a plain message.
	if err := f.s.SubmitResponse(ctx, &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline,
		Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 4}}}, d("2010-11-01"), ""); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("late answer: %v", err)
	}
	// A closed wave takes nothing, also past the store.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE survey_waves SET closed_at = now() WHERE id = $1`, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := submit(domain.SurveyAnswer{ItemID: p1, Value: 4}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("answer to a closed wave: %v", err)
	}
	if _, err := f.s.Pool.Exec(ctx, `DELETE FROM survey_responses WHERE wave_id = $1`, w.ID); err == nil {
		t.Fatal("responses of a closed wave deleted")
	}
}

// TestSurveyTokensUnlinked: an invitation records only that it answered;
// nothing in the schema links it to a response.
func TestSurveyTokensUnlinked(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w := f.wave(t, 0)
	v, _ := f.s.QuestionnaireVersion(ctx, w.VersionID)
	if _, err := f.s.Pool.Exec(ctx, `INSERT INTO survey_invitations (wave_id, email, token_hash, invited_at) VALUES ($1, 'a@example.org', $2, now())`,
		w.ID, store.TokenHash("tok-1")); err != nil {
		t.Fatal(err)
	}
	r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: 4}}}
	if err := f.s.SubmitResponse(ctx, r, d("2010-10-02"), "tok-1"); err != nil {
		t.Fatal(err)
	}
	if r.Channel != domain.ChannelInvited {
		t.Fatalf("channel %s", r.Channel)
	}
	r2 := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: 4}}}
	if err := f.s.SubmitResponse(ctx, r2, d("2010-10-02"), "tok-1"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("token used twice: %v", err)
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM survey_responses WHERE wave_id = $1`, w.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("responses after a refused token = %d, %v", n, err)
	}
	// The schema: no column of the invitations refers to responses, and no
	// column of the responses or answers to invitations or to time.
	rows, err := f.s.Pool.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_name IN ('survey_invitations', 'survey_responses', 'survey_answers')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, col, typ string
		if err := rows.Scan(&tbl, &col, &typ); err != nil {
			t.Fatal(err)
		}
		switch {
		case tbl == "survey_invitations" && (col == "response_id" || typ == "timestamp with time zone" && col != "invited_at" && col != "reminded_at"):
			t.Errorf("invitations have %s (%s)", col, typ)
		case tbl != "survey_invitations" && (col == "invitation_id" || col == "token_hash" || col == "address" || typ == "timestamp with time zone"):
			t.Errorf("%s has %s (%s)", tbl, col, typ)
		}
	}
	var fk int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.referential_constraints rc
		JOIN information_schema.table_constraints tc ON tc.constraint_name = rc.constraint_name
		JOIN information_schema.constraint_column_usage cu ON cu.constraint_name = rc.unique_constraint_name
		WHERE (tc.table_name = 'survey_invitations' AND cu.table_name = 'survey_responses')
		   OR (tc.table_name IN ('survey_responses', 'survey_answers') AND cu.table_name = 'survey_invitations')`).Scan(&fk); err != nil || fk != 0 {
		t.Fatalf("foreign keys between invitations and responses: %d, %v", fk, err)
	}
}
