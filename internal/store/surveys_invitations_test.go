package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// TestCreateInvitations: one token per address, only its hash stored; a
// bad or repeated address refuses the whole list; a token answers once; a
// closed wave takes no invitations.
func TestCreateInvitations(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w := f.wave(t, 0)
	for _, bad := range [][]string{{"anna@example.org", "nie-adres"}, {"anna@example.org", "ANNA@example.org"}} {
		if _, err := f.s.CreateInvitations(ctx, admin, w.ID, bad); domain.FieldErrors(err)["emails"] == "" {
			t.Errorf("%v: %v, want a message at emails", bad, err)
		}
	}
	tokens, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"anna@example.org", "jan@example.org"})
	if err != nil || len(tokens) != 2 || tokens[0] == tokens[1] || len(tokens[0]) < 20 {
		t.Fatalf("tokens %v, %v", tokens, err)
	}
	if _, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"Anna@example.org"}); domain.FieldErrors(err)["emails"] == "" {
		t.Errorf("an address invited twice: %v", err)
	}
	var n int
	var hash []byte
	if err := f.s.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM survey_invitations WHERE wave_id = $1),
		(SELECT token_hash FROM survey_invitations WHERE wave_id = $1 AND email = 'anna@example.org')`, w.ID).
		Scan(&n, &hash); err != nil || n != 2 || !bytes.Equal(hash, store.TokenHash(tokens[0])) {
		t.Fatalf("invitations %d, hash %x (%v)", n, hash, err)
	}
	answer := func() *domain.SurveyResponse {
		return &domain.SurveyResponse{WaveID: w.ID, Answers: []domain.SurveyAnswer{{ItemID: f.v.Items[0].ID, Value: 4}}}
	}
	if err := f.s.SubmitResponse(ctx, answer(), d("2010-10-02"), tokens[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SubmitResponse(ctx, answer(), d("2010-10-02"), tokens[0]); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("token used twice: %v", err)
	}
	tot, _, err := f.s.WaveResults(ctx, w.ID)
	if err != nil || tot.Invitations != 2 || tot.Answered != 1 || tot.Invited != 1 {
		t.Errorf("totals %+v, %v", tot, err)
	}
	var audited int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'survey_invitations' AND entity_id LIKE $1`,
		store.FormatID(w.ID)+"/%").Scan(&audited); err != nil || audited != 1 {
		t.Errorf("audit entries %d (%v)", audited, err)
	}
	if err := f.s.CloseWave(ctx, admin, w.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateInvitations(ctx, admin, w.ID, []string{"ewa@example.org"}); !errors.Is(err, store.ErrWaveClosed) && domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("closed wave: %v", err)
	}
}
