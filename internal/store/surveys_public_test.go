package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// TestSurveyInvitationOpen: a token is open until its answer is saved, and
// only for its own wave.
func TestSurveyInvitationOpen(t *testing.T) {
	t.Parallel()
	f := newSurveyFixture(t)
	ctx := context.Background()
	w, other := f.wave(t, 0), f.wave(t, 1)
	v, err := f.s.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Pool.Exec(ctx, `INSERT INTO survey_invitations (wave_id, email, token_hash, invited_at) VALUES ($1, 'a@example.org', $2, now())`,
		w.ID, store.TokenHash("tok-open")); err != nil {
		t.Fatal(err)
	}
	open := func(waveID int64, token string, want bool) {
		t.Helper()
		if got, err := f.s.InvitationOpen(ctx, waveID, token); err != nil || got != want {
			t.Fatalf("InvitationOpen(%d, %q) = %v, %v; want %v", waveID, token, got, err, want)
		}
	}
	open(w.ID, "tok-open", true)
	open(other.ID, "tok-open", false)
	open(w.ID, "tok-unknown", false)
	r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{{ItemID: v.Items[0].ID, Value: 5}}}
	if err := f.s.SubmitResponse(ctx, r, d("2010-10-03"), "tok-open"); err != nil {
		t.Fatal(err)
	}
	open(w.ID, "tok-open", false)
}
