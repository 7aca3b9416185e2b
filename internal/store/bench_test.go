package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// Writes of evidence with the read model following them (make bench): the
// attendance grid of a session of 40 people over 2 days saved with one
// person's presence changed, and a consultation edited, in a programme with
// an indicator of every rule.
func BenchmarkEvidenceWrites(b *testing.B) {
	f := newIndFixture(b)
	ctx := context.Background()
	days := []time.Time{d("2011-03-01"), d("2011-03-02")}
	var people []*domain.Person
	for i := 0; i < 40; i++ {
		people = append(people, f.person(b, f.a, domain.SexFemale))
	}
	x := f.session(b, f.ps4, days, people, func(int, int) bool { return true })
	b.Run("SaveAttendance", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var entries []domain.Attendance
			for j, pe := range people {
				for _, day := range days {
					entries = append(entries, domain.Attendance{PersonID: pe.ID, Day: day, Present: j != i%len(people)})
				}
			}
			if err := f.s.SaveAttendance(ctx, admin, x, entries, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	c := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Expert: "E", Day: d("2011-02-01"),
		Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "t"}
	if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
		b.Fatal(err)
	}
	b.Run("SaveConsultation", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			c.Day = d("2011-02-01").AddDate(0, 0, i%20)
			if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
