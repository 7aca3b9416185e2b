package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
)

// BenchmarkSurveySubmit: one anonymous online response of a questionnaire
// of two index items, a profile item and an open answer, saved with its
// aggregates in the same transaction (make bench; the target of 200
// answers/s at p95 ≤ 50 ms is checked by make load).
func BenchmarkSurveySubmit(b *testing.B) {
	f := newSurveyFixture(b)
	ctx := context.Background()
	w := f.wave(b, 0)
	v, err := f.s.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		b.Fatal(err)
	}
	day := d("2010-10-05")
	for i := 0; b.Loop(); i++ {
		r := &domain.SurveyResponse{WaveID: w.ID, Channel: domain.ChannelOnline, Answers: []domain.SurveyAnswer{
			{ItemID: v.Items[0].ID, Value: 1 + i%5}, {ItemID: v.Items[1].ID, Value: i % 6},
			{ItemID: v.Items[2].ID, Value: 1 + i%3}, {ItemID: v.Items[3].ID, Text: "Więcej miejsc parkingowych."}}}
		if err := f.s.SubmitResponse(ctx, r, day, ""); err != nil {
			b.Fatal(err)
		}
	}
}
