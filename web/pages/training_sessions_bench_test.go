package pages

import (
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/a-h/templ"

	"kaizen/internal/domain"
)

// nationalSessionView is a session page as the national data's largest
// session has it: 196 people of several units over two days, seen by a
// coordinator who records attendance.
func nationalSessionView() TrainingSessionView {
	day := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	days := []time.Time{day, day.AddDate(0, 0, 1)}
	p := &domain.Programme{ID: 1, Code: "GEN-01", Title: "Program"}
	x := &domain.TrainingSession{ID: 5257, ProgrammeID: 1, GroupNo: 1061, Days: days}
	v := TrainingSessionView{Programme: p, Session: x, CanRecord: true, CanSeeNames: true, AttendanceVersion: 1}
	var att []domain.Attendance
	for i := range 196 {
		id := int64(20000 + i*7)
		v.People = append(v.People, domain.Person{ID: id, ProgrammeID: 1, FirstName: "Dorota", LastName: "Dąbrowska-" + strconv.Itoa(i),
			UnitID: int64(1000 + i%3), UnitName: "Gmina Miejska Łąkówek Wielkie", Sex: domain.SexFemale})
		for j, d := range days {
			att = append(att, domain.Attendance{PersonID: id, Day: d, Present: (i+j)%3 != 0})
		}
	}
	v.Attendance = NewMarks(att)
	v.Counts = CountAttendance(v.People, att, days)
	return v
}

// BenchmarkTrainingSessionPage renders the session page of the national
// data's largest session (no database, no HTTP): the page's own cost.
func BenchmarkTrainingSessionPage(b *testing.B) {
	benchmarkPage(b, TrainingSession(nationalSessionView()))
}

// benchmarkPage renders c again and again into one buffer, reporting the
// page's size.
func benchmarkPage(b *testing.B, c templ.Component) {
	var buf bytes.Buffer
	ctx := context.Background()
	for b.Loop() {
		buf.Reset()
		if err := c.Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
