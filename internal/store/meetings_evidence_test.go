package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// TestMeetingNotesDatedTwin: the database's meeting_notes_dated (migration
// 00019), which keeps meetings.evidence_complete, reads notes as
// domain.NotesContainDate does.
//
// The dates are fixed reference dates: the rule reads no clock, and the
// meetings below lie in evidenceSetup's programme (2010–2012), always in the
// past whatever today is (the suite also runs a year ahead, make test-clock).
func TestMeetingNotesDatedTwin(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	days := func(ds ...string) []time.Time {
		out := []time.Time{}
		for _, x := range ds {
			out = append(out, d(x))
		}
		return out
	}
	cases := []struct {
		notes string
		days  []time.Time
	}{
		{"Notatka z 2011-04-05.", days("2011-04-05")},
		{"Notatka z 05.04.2011.", days("2011-04-05")},
		{"Notatka z 5.4.2011", days("2011-04-05")},
		{"05.4.2011 i 5.04.2011", days("2011-04-05")},
		{"Spotkanie 5 kwietnia 2011 r.", days("2011-04-05")},
		{"Spotkanie 05 KWIETNIA 2011 r.", days("2011-04-05")},
		{"Spotkanie 5 WRZEŚNIA 2011", days("2011-09-05")},
		{"Spotkanie 5 września 2011", days("2011-09-05")},
		{"Spotkanie 5 wrzesnia 2011", days("2011-09-05")},
		{"Spotkanie 12 PAŹDZIERNIKA 2011", days("2011-10-12")},
		{"Spotkanie 5  kwietnia 2011", days("2011-04-05")},
		{"15.04.2011", days("2011-04-05")},
		{"5.04.20111", days("2011-04-05")},
		{"x5.04.2011y", days("2011-04-05")},
		{"2011-01-2011-01-20", days("2011-01-20")},
		{"12.12.12.05.2011", days("2011-05-12")},
		{"1\x015.04.2011", days("2011-04-05")},
		{"\x0105.04.2011\x01", days("2011-04-05")},
		{"31.02.2011 oraz 6.4.2011", days("2011-04-05", "2011-04-06")},
		{"6.4.2011", days("2011-04-05")},
		{"Notatka bez daty.", days("2011-04-05")},
		{"", days("2011-04-05")},
		{"05.04.2011", nil},
		{"2011-4-5", days("2011-04-05")},
		{"05.04.2011r.", days("2011-04-05")},
	}
	for _, c := range cases {
		var got bool
		if err := s.Pool.QueryRow(ctx, `SELECT meeting_notes_dated($1, $2::date[])`, c.notes, c.days).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := domain.NotesContainDate(c.notes, c.days); got != want {
			t.Errorf("meeting_notes_dated(%q, %v) = %v, domain.NotesContainDate %v", c.notes, c.days, got, want)
		}
	}
}

// TestMeetingEvidenceFlag: meetings.evidence_complete follows every change
// of the evidence that defines it (the scans, the notes, the days), inside
// the changing transaction; the start page's reads and the meeting list
// read it.
func TestMeetingEvidenceFlag(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, _, _, pz2, _ := evidenceSetup(t, s)
	m := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2, Number: 1, Days: []time.Time{d("2011-04-05")}, Place: "Bielawa", Notes: "Notatka z 5 kwietnia 2011."}
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	other := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2, Number: 2, Days: []time.Time{d("2011-05-10")}, Place: "Bielawa", Notes: "Bez daty."}
	if err := s.SaveMeeting(ctx, admin, p, other, ""); err != nil {
		t.Fatal(err)
	}
	flag := func(q interface {
		QueryRow(context.Context, string, ...any) pgx.Row
	}) bool {
		t.Helper()
		var complete bool
		if err := q.QueryRow(ctx, `SELECT evidence_complete FROM meetings WHERE id = $1`, m.ID).Scan(&complete); err != nil {
			t.Fatal(err)
		}
		return complete
	}
	expect := func(step string, want bool) {
		t.Helper()
		if got := flag(s.Pool); got != want {
			t.Fatalf("%s: evidence_complete = %v, want %v", step, got, want)
		}
		list, err := s.Meetings(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.ID == m.ID && (x.Complete() != want || domain.MeetingEvidenceComplete(x.Scans, m.Notes, x.Days) != want) {
				t.Errorf("%s: the meeting list says %v, the domain's rule %v, want %v", step, x.Complete(),
					domain.MeetingEvidenceComplete(x.Scans, m.Notes, x.Days), want)
			}
		}
		lists, totals, err := s.IncompleteMeetingsOf(ctx, []int64{p.ID}, 10)
		if err != nil {
			t.Fatal(err)
		}
		wantTotal := 2 // the other meeting is never complete
		if want {
			wantTotal = 1
		}
		if totals[p.ID] != wantTotal || len(lists[p.ID]) != wantTotal || (want && lists[p.ID][0].ID != other.ID) {
			t.Errorf("%s: the start page lists %d of %d incomplete meetings (%+v), want %d", step, len(lists[p.ID]), totals[p.ID], lists[p.ID], wantTotal)
		}
	}
	expect("dated notes without a scan", false)
	if _, err := s.AddMeetingScan(ctx, admin, m.ID, "lista.pdf", "application/pdf", []byte("%PDF-1.4 lista")); err != nil {
		t.Fatal(err)
	}
	expect("a scan", true)

	m.Notes = "Notatka bez daty."
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	expect("notes without the date", false)
	m.Notes = "Spotkanie odbyło się 6.04.2011."
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	expect("notes with another day", false)
	m.Days = []time.Time{d("2011-04-05"), d("2011-04-06")}
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	expect("that day added to the meeting", true)
	m.Days = []time.Time{d("2011-04-07")}
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	expect("the days changed", false)
	m.Days, m.Notes = []time.Time{d("2011-04-07")}, "Notatka z 2011-04-07."
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	expect("notes dated again", true)

	// Inside the transaction that changes the evidence, before COMMIT; a
	// rolled-back change leaves the flag as it was.
	errUndo := errors.New("undo")
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_scans WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
		if flag(tx) {
			t.Error("the scan removed: still complete inside the transaction")
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_days SET day = day + 1 WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
		return errUndo
	})
	if !errors.Is(err, errUndo) {
		t.Fatal(err)
	}
	expect("a rolled-back removal", true)
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE meeting_days SET day = day + 1 WHERE meeting_id = $1`, m.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	expect("the day moved away from the notes' date", false)
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE meeting_days SET day = day - 1 WHERE meeting_id = $1`, m.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	expect("the day moved back", true)
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM meeting_scans WHERE meeting_id = $1`, m.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	expect("the scan removed", false)
}

// TestCheckEvidenceFlags: a flag changed behind the triggers' back is
// found by recompute --check's CheckEvidenceFlags, and recomputed by
// RecomputeEvidenceFlags.
func TestCheckEvidenceFlags(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, u, training, pz2, _ := evidenceSetup(t, s)
	x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: training, GroupNo: 1, Days: []time.Time{d("2011-03-10")},
		HoursPerDay: domain.DecimalFromInt(6), Place: "Bielawa", Trainer: "T", UnitIDs: []int64{u.ID}}
	if err := s.CreateSession(ctx, admin, p, x, ""); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2, Number: 1, Days: []time.Time{d("2011-04-05")}, Place: "Bielawa", Notes: "Notatka z 05.04.2011."}
	if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMeetingScan(ctx, admin, m.ID, "lista.pdf", "application/pdf", []byte("%PDF-1.4 lista")); err != nil {
		t.Fatal(err)
	}
	records, diffs, err := s.CheckEvidenceFlags(ctx)
	if err != nil || records != 2 || len(diffs) != 0 {
		t.Fatalf("CheckEvidenceFlags() = %d, %v, %v; want 2 records, no difference", records, diffs, err)
	}
	if err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE training_sessions SET evidence_complete = true WHERE id = $1`, x.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE meetings SET evidence_complete = false WHERE id = $1`, m.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_, diffs, err = s.CheckEvidenceFlags(ctx)
	want := []store.FlagDifference{{Programme: p.Code, Kind: domain.RefSession, ID: x.ID, Stored: true}, {Programme: p.Code, Kind: domain.RefMeeting, ID: m.ID, Stored: false}}
	if err != nil || len(diffs) != 2 || diffs[0] != want[0] || diffs[1] != want[1] {
		t.Fatalf("CheckEvidenceFlags() after tampering = %+v, %v; want %+v", diffs, err, want)
	}
	if fixed, err := s.RecomputeEvidenceFlags(ctx); err != nil || fixed != 2 {
		t.Fatalf("RecomputeEvidenceFlags() = %d, %v", fixed, err)
	}
	if _, diffs, err := s.CheckEvidenceFlags(ctx); err != nil || len(diffs) != 0 {
		t.Fatalf("CheckEvidenceFlags() after recomputing = %+v, %v", diffs, err)
	}
}
