package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

func coordActor(t *testing.T, s *store.Store) domain.Actor {
	u := newUser(t, s, "koord.ankiety", domain.RoleCoordinator)
	return domain.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Address: "127.0.0.1"}
}

func TestSurveySecondKeying(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	a := coordActor(t, f.s)
	w := f.wave(t, 0)
	day := d("2010-10-05")
	p1, p2, m1 := f.v.Items[0].ID, f.v.Items[1].ID, f.v.Items[2].ID
	if n, err := f.s.NextSheet(ctx, w.ID); err != nil || n != "1" {
		t.Fatalf("next sheet of an empty wave = %q, %v", n, err)
	}
	for _, sheet := range []string{"1", "2", "A7"} {
		r := &domain.SurveyResponse{WaveID: w.ID, Sheet: sheet, Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 4}, {ItemID: p2, Value: 0}, {ItemID: m1, Value: 2}}}
		if err := f.s.KeyPaperResponse(ctx, a, r, day); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.s.NextSheet(ctx, w.ID); n != "3" {
		t.Fatalf("next sheet = %s, want 3", n)
	}
	// Sheet 1 the same; sheet 2 differs in P2 and M1.
	if err := f.s.KeySecondTime(ctx, a, w.ID, "1", []domain.SurveyAnswer{{ItemID: p1, Value: 4}, {ItemID: m1, Value: 2}, {ItemID: p2, Value: 0}}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.KeySecondTime(ctx, a, w.ID, "2", []domain.SurveyAnswer{{ItemID: p1, Value: 4}, {ItemID: p2, Value: 3}}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		sheet   string
		answers []domain.SurveyAnswer
	}{
		"ErrTwice":      {"1", []domain.SurveyAnswer{{ItemID: p1, Value: 4}}},
		"ErrNotKeyed":   {"99", []domain.SurveyAnswer{{ItemID: p1, Value: 4}}},
		"ErrOffScale":   {"A7", []domain.SurveyAnswer{{ItemID: p1, Value: 9}}},
		"ErrNoRequired": {"A7", nil},
	} {
		if err := f.s.KeySecondTime(ctx, a, w.ID, c.sheet, c.answers); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	rep, err := f.s.KeyingReport(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sheets) != 2 || len(rep.Sheets[0].Differ) != 0 || len(rep.Sheets[1].Differ) != 2 ||
		rep.Sheets[1].Differ[0] != "P2" || rep.Sheets[1].Differ[1] != "M1" || rep.Items != 8 || rep.Agree != 6 {
		t.Fatalf("report = %+v", rep)
	}
	// Second keyings never count.
	tot, _, _ := f.s.WaveResults(ctx, w.ID)
	if tot.Responses != 3 {
		t.Fatalf("responses = %d, want 3", tot.Responses)
	}
	if err := f.s.CloseWave(ctx, a, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.KeySecondTime(ctx, a, w.ID, "A7", []domain.SurveyAnswer{{ItemID: p1, Value: 4}}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("closed wave: %v", err)
	}
}

func TestSurveyBatches(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	a := coordActor(t, f.s)
	w := f.wave(t, 0)
	p1 := f.v.Items[0].ID
	for i, day := range []string{"2010-10-02", "2010-10-03", "2010-10-03", "2010-10-09"} {
		r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 5}}}
		if err := f.s.SubmitResponse(ctx, r, d(day), ""); err != nil {
			t.Fatal(i, err)
		}
	}
	paper := &domain.SurveyResponse{WaveID: w.ID, Sheet: "1", Answers: []domain.SurveyAnswer{{ItemID: p1, Value: 1}}}
	if err := f.s.KeyPaperResponse(ctx, a, paper, d("2010-10-03")); err != nil {
		t.Fatal(err)
	}
	b := &domain.SurveyBatch{WaveID: w.ID, State: domain.ValidationRejected, Reason: "Seria odpowiedzi w kilka minut",
		From: d("2010-10-03"), To: d("2010-10-03"), Channel: domain.ChannelOnline}
	if err := f.s.DecideBatch(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	if b.Responses != 2 {
		t.Fatalf("batch marked %d, want 2", b.Responses)
	}
	tot, counts, _ := f.s.WaveResults(ctx, w.ID)
	if tot.Responses != 3 || tot.Online != 2 || tot.Paper != 1 || counts[p1][5] != 2 {
		t.Fatalf("after rejecting: %+v %v", tot, counts)
	}
	bad := &domain.SurveyBatch{WaveID: w.ID, State: "x", From: d("2010-10-05"), To: d("2010-10-04")}
	errs := domain.FieldErrors(f.s.DecideBatch(ctx, a, bad))
	for _, k := range []string{domain.FieldBatchState, domain.FieldBatchReason, domain.FieldBatchTo} {
		if errs[k] == "" {
			t.Errorf("no message at %s: %v", k, errs)
		}
	}
	// Approving them again brings them back.
	back := &domain.SurveyBatch{WaveID: w.ID, State: domain.ValidationApproved, Reason: "Sprawdzone: różne komputery",
		From: d("2010-10-01"), To: d("2010-10-31")}
	if err := f.s.DecideBatch(ctx, a, back); err != nil || back.Responses != 5 {
		t.Fatalf("approve all: %d, %v", back.Responses, err)
	}
	list, err := f.s.Batches(ctx, w.ID)
	if err != nil || len(list) != 2 || list[0].ID != back.ID || list[0].Responses != 5 || list[1].Responses != 0 || list[1].DecidedBy == "" {
		t.Fatalf("batches = %+v, %v", list, err)
	}
	if tot, _, _ := f.s.WaveResults(ctx, w.ID); tot.Responses != 5 {
		t.Fatalf("after approving: %+v", tot)
	}
	if err := f.s.CloseWave(ctx, a, w.ID); err != nil {
		t.Fatal(err)
	}
	late := &domain.SurveyBatch{WaveID: w.ID, State: domain.ValidationRejected, Reason: "za późno", From: d("2010-10-01"), To: d("2010-10-31")}
	if err := f.s.DecideBatch(ctx, a, late); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("closed wave: %v", err)
	}
}
