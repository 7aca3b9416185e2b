package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// unitTrainings is a unit's trainings as the unit view lists them, one
// line per session: "training/group first-day days group-days people".
func (f *indFixture) unitTrainings(t *testing.T, unit *domain.Unit) string {
	t.Helper()
	list, err := f.s.UnitTrainings(context.Background(), f.p.ID, unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, u := range list {
		lines = append(lines, fmt.Sprintf("%s/%d %s %d %s %d", u.TrainingCode, u.GroupNo, u.First.Format("01-02"), u.Days, u.GroupDays.String(), u.People))
	}
	return strings.Join(lines, "; ")
}

// The unit view's trainings follow every change of the evidence in the
// writing transaction: attendance added, marked, removed, a person moving
// to another unit, two persons merged, a session's days, half days,
// training and group; after each, the read model equals a recount from
// scratch (f.check; TestReadModelRandomHistories and
// TestReadModelConcurrentWrites check it after random and concurrent
// changes too).
func TestUnitTrainingsFollowEvidence(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	want := func(t *testing.T, unit *domain.Unit, list string) {
		t.Helper()
		if got := f.unitTrainings(t, unit); got != list {
			t.Errorf("trainings of %s = %q, want %q", unit.Name, got, list)
		}
		f.check(t)
	}
	a1, a2, b1 := f.person(t, f.a, domain.SexFemale), f.person(t, f.a, domain.SexMale), f.person(t, f.b, domain.SexFemale)
	days := []time.Time{d("2011-03-01"), d("2011-03-02")}
	// a1 present both days, a2 on the second, b1 on none.
	x := f.session(t, f.ps4, days, []*domain.Person{a1, a2, b1}, func(p, day int) bool { return p == 0 || p == 1 && day == 1 })
	want(t, f.a, "PS4/1 03-01 2 2 2")
	want(t, f.b, "PS4/1 03-01 2 2 0")
	y := f.session(t, f.ns4, []time.Time{d("2011-02-10")}, []*domain.Person{a1}, func(int, int) bool { return true })
	want(t, f.a, "NS4/2 02-10 1 1 1; PS4/1 03-01 2 2 2")
	want(t, f.b, "PS4/1 03-01 2 2 0")

	t.Run("AttendanceMarked", func(t *testing.T) {
		if err := f.s.SaveAttendance(ctx, admin, x, []domain.Attendance{{PersonID: a1.ID, Day: days[0]}, {PersonID: a1.ID, Day: days[1]},
			{PersonID: b1.ID, Day: days[1], Present: true}}, 0); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; PS4/1 03-01 2 2 1")
		want(t, f.b, "PS4/1 03-01 2 2 1")
	})
	t.Run("SessionDays", func(t *testing.T) {
		cur, err := f.s.Session(ctx, f.p.ID, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Days = append([]time.Time{d("2011-02-28")}, cur.Days...)
		cur.HalfDays = []time.Time{d("2011-02-28")}
		if err := f.s.UpdateSession(ctx, admin, f.p, cur); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; PS4/1 02-28 3 2,5 1")
		cur.HalfDays = nil
		cur.TrainingID, cur.GroupNo = f.ns4, 7
		if err := f.s.UpdateSession(ctx, admin, f.p, cur); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; NS4/7 02-28 3 3 1")
		want(t, f.b, "NS4/7 02-28 3 3 1")
		x = cur
	})
	t.Run("PersonMovesUnit", func(t *testing.T) {
		moved, err := f.s.Person(ctx, f.p.ID, b1.ID)
		if err != nil {
			t.Fatal(err)
		}
		moved.UnitID = f.a.ID
		if err := f.s.UpdatePerson(ctx, admin, moved); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; NS4/7 02-28 3 3 2")
		want(t, f.b, "")
	})
	t.Run("ParticipantRemoved", func(t *testing.T) {
		if err := f.s.RemoveParticipant(ctx, admin, x, a2.ID); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; NS4/7 02-28 3 3 1")
		if err := f.s.RemoveParticipant(ctx, admin, x, b1.ID); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; NS4/7 02-28 3 3 0")
	})
	t.Run("PersonsMerged", func(t *testing.T) {
		// b2 of unit b, present at y, is the same person as a1: merged
		// into a1, y counts a1 once, and b has no training left.
		b2 := f.person(t, f.b, domain.SexFemale)
		if err := f.s.AddParticipant(ctx, admin, y, b2, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveAttendance(ctx, admin, y, []domain.Attendance{{PersonID: b2.ID, Day: d("2011-02-10"), Present: true}}, 0); err != nil {
			t.Fatal(err)
		}
		want(t, f.b, "NS4/2 02-10 1 1 1")
		if err := f.s.MergePersons(ctx, admin, f.p.ID, b2.ID, a1.ID); err != nil {
			t.Fatal(err)
		}
		want(t, f.a, "NS4/2 02-10 1 1 1; NS4/7 02-28 3 3 0")
		want(t, f.b, "")
	})
	t.Run("ParticipantAddedAbsent", func(t *testing.T) {
		if err := f.s.AddParticipant(ctx, admin, y, f.person(t, f.b, domain.SexMale), ""); err != nil {
			t.Fatal(err)
		}
		want(t, f.b, "NS4/2 02-10 1 1 0")
	})
}

// `kaizen recompute --check` finds a read model changed behind the
// application's back (a row wrong, missing or made up), and the recount
// repairs it.
func TestUnitTrainingsCheckAndRecount(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	a1, b1 := f.person(t, f.a, domain.SexFemale), f.person(t, f.b, domain.SexMale)
	x := f.session(t, f.ps4, []time.Time{d("2011-03-01")}, []*domain.Person{a1, b1}, func(p, _ int) bool { return p == 0 })
	f.session(t, f.ns4, []time.Time{d("2011-03-08")}, []*domain.Person{a1}, func(int, int) bool { return true })
	before := f.unitTrainings(t, f.a) + " | " + f.unitTrainings(t, f.b)
	f.check(t)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE unit_training_sessions SET people = 9 WHERE unit_id = $1 AND session_id = $2`, []any{f.a.ID, x.ID}},
		{`DELETE FROM unit_training_sessions WHERE unit_id = $1 AND session_id = $2`, []any{f.b.ID, x.ID}},
		{`INSERT INTO unit_training_sessions (programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people)
			SELECT programme_id, $2, session_id, training_id, group_no, first_day, days, group_days, 1 FROM unit_training_sessions WHERE unit_id = $1 AND session_id <> $3`,
			[]any{f.a.ID, f.b.ID, x.ID}},
	} {
		if _, err := f.s.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	n, diffs, err := f.s.CheckUnitTrainings(ctx)
	if err != nil || len(diffs) != 3 || n != 4 {
		t.Fatalf("check after tampering: %d rows, %+v, %v; want 3 differences in 4 rows", n, diffs, err)
	}
	for _, d := range diffs {
		if d.Programme != f.p.ID || (d.Stored == "brak") == (d.Computed == "brak") && !strings.Contains(d.Stored, "osób obecnych 9") {
			t.Errorf("difference %+v", d)
		}
	}
	if err := f.s.RecountUnitTrainings(ctx); err != nil {
		t.Fatal(err)
	}
	f.check(t)
	if after := f.unitTrainings(t, f.a) + " | " + f.unitTrainings(t, f.b); after != before {
		t.Fatalf("after the recount: %q, want %q", after, before)
	}
}
