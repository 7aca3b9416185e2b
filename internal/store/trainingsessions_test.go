package store_test

import (
	"context"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// evidenceSetup makes a programme with a training, a PZ2 task, a process
// task and one participating unit.
func evidenceSetup(t *testing.T, s *store.Store) (*domain.Programme, *domain.Unit, int64, int64, int64) {
	t.Helper()
	ctx := context.Background()
	p := newProgramme(t, s, "EV")
	u := newUnit(t, s, "Urząd Miasta Bielawa")
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *u, Areas: []domain.Area{domain.AreaP}}); err != nil {
		t.Fatal(err)
	}
	tr := &domain.Training{ProgrammeID: p.ID, Code: "PS4", Topic: "zarządzanie procesami", GroupsPlanned: 4, DaysPerGroup: domain.DecimalFromInt(2)}
	if err := s.SaveTraining(ctx, admin, tr); err != nil {
		t.Fatal(err)
	}
	pz2 := &domain.Task{ProgrammeID: p.ID, Code: "PZ2", Name: "spotkania", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 2}
	p3 := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "procesy", Kind: domain.TaskProcess, UnitIDs: []int64{u.ID}}
	for _, tk := range []*domain.Task{pz2, p3} {
		if err := s.SaveTask(ctx, admin, tk); err != nil {
			t.Fatal(err)
		}
	}
	return p, u, tr.ID, pz2.ID, p3.ID
}

func TestTrainingSessionStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, u, training, _, _ := evidenceSetup(t, s)
	actor := domain.Actor{UserID: 0, Username: "test"}
	x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: training, GroupNo: 1, Days: []time.Time{d("2011-03-10"), d("2011-03-11")},
		HoursPerDay: domain.DecimalFromInt(6), Place: "Bielawa", Trainer: "T", UnitIDs: []int64{u.ID}}
	if err := s.CreateSession(ctx, actor, p, x, ""); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrGroupTwice", func(t *testing.T) {
		dup := *x
		dup.ID = 0
		if err := s.CreateSession(ctx, actor, p, &dup, ""); domain.FieldErrors(err)["group_no"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrStaleUpdate", func(t *testing.T) {
		a, _ := s.Session(ctx, p.ID, x.ID)
		b, _ := s.Session(ctx, p.ID, x.ID)
		a.Place = "Sala 1"
		if err := s.UpdateSession(ctx, actor, p, a); err != nil {
			t.Fatal(err)
		}
		b.Place = "Sala 2"
		if err := s.UpdateSession(ctx, actor, p, b); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale update: %v", err)
		}
		got, _ := s.Session(ctx, p.ID, x.ID)
		if got.Place != "Sala 1" {
			t.Fatalf("place = %q", got.Place)
		}
	})

	person := &domain.Person{ProgrammeID: p.ID, FirstName: "Anna", LastName: "Nowak", UnitID: u.ID, Sex: domain.SexFemale,
		LegalBasis: domain.BasisConsent, BasisDate: d("2011-03-01"), RetentionUntil: d("2020-12-31")}
	if err := s.AddParticipant(ctx, actor, x, person, ""); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrParticipantTwice", func(t *testing.T) {
		if err := s.AddParticipant(ctx, actor, x, person, ""); domain.FieldErrors(err)["person"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrAttendanceOutsideSession", func(t *testing.T) {
		err := s.SaveAttendance(ctx, actor, x, []domain.Attendance{{PersonID: person.ID, Day: d("2011-03-12"), Present: true}}, 0)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrAttendanceOfPersonNotListed", func(t *testing.T) {
		err := s.SaveAttendance(ctx, actor, x, []domain.Attendance{{PersonID: 999999, Day: d("2011-03-10"), Present: true}}, 0)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ListAloneIsNotAttendance", func(t *testing.T) {
		for _, day := range x.Days {
			if _, err := s.AddScan(ctx, actor, x, day, "lista.pdf", "application/pdf", []byte("%PDF-1.4 "+day.String())); err != nil {
				t.Fatal(err)
			}
		}
		if sum, _ := s.SessionSummary(ctx, p.ID, x.ID); sum.Complete() || sum.DaysWithList != 0 {
			t.Fatalf("complete without entered attendance: %+v", sum)
		}
	})
	t.Run("ErrStaleGrid", func(t *testing.T) {
		v, _ := s.AttendanceVersion(ctx, x.ID)
		if err := s.SaveAttendance(ctx, actor, x, nil, v); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAttendance(ctx, actor, x, nil, v); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second save with the old version: %v", err)
		}
	})
	t.Run("EvidenceComplete", func(t *testing.T) {
		if err := s.SaveAttendance(ctx, actor, x, []domain.Attendance{{PersonID: person.ID, Day: d("2011-03-10"), Present: true}}, 0); err != nil {
			t.Fatal(err)
		}
		for _, day := range x.Days { // the same files again: stored once
			if _, err := s.AddScan(ctx, actor, x, day, "lista.pdf", "application/pdf", []byte("%PDF-1.4 "+day.String())); err != nil {
				t.Fatal(err)
			}
		}
		sum, _ := s.SessionSummary(ctx, p.ID, x.ID)
		if !sum.Complete() || sum.Participants != 1 {
			t.Fatalf("summary = %+v", sum)
		}
		scans, _ := s.SessionScans(ctx, x.ID)
		if len(scans) != 2 || len(scans[0].File.SHA256) != 64 {
			t.Fatalf("scans = %+v", scans)
		}
	})
	t.Run("NewDayReachesTheList", func(t *testing.T) {
		cur, _ := s.Session(ctx, p.ID, x.ID)
		cur.Days = append(cur.Days, d("2011-03-14"))
		if err := s.UpdateSession(ctx, actor, p, cur); err != nil {
			t.Fatal(err)
		}
		v, _ := s.AttendanceVersion(ctx, x.ID)
		if err := s.SaveAttendance(ctx, actor, cur, []domain.Attendance{{PersonID: person.ID, Day: d("2011-03-14"), Present: true}}, v); err != nil {
			t.Fatalf("the new day cannot be marked: %v", err)
		}
		cur, _ = s.Session(ctx, p.ID, x.ID)
		cur.Days = cur.Days[:2]
		if err := s.UpdateSession(ctx, actor, p, cur); domain.FieldErrors(err)["days"] == "" {
			t.Fatalf("a day with presence removed silently: %v", err)
		}
	})
	t.Run("ErrRemoveScannedDay", func(t *testing.T) {
		cur, _ := s.Session(ctx, p.ID, x.ID)
		cur.Days = cur.Days[:1]
		if err := s.UpdateSession(ctx, actor, p, cur); domain.FieldErrors(err)["days"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestMeetingAndPracticeStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, u, _, pz2, p3 := evidenceSetup(t, s)
	user := &domain.User{Username: "ekspert", DisplayName: "E", Role: domain.RoleExpert, Active: true}
	if err := s.CreateUser(ctx, admin, user, testHash); err != nil {
		t.Fatal(err)
	}
	actor := domain.Actor{UserID: user.ID, Username: "ekspert", Role: domain.RoleExpert}
	m := &domain.Meeting{ProgrammeID: p.ID, TaskID: p3, Number: 1, Days: []time.Time{d("2011-04-05")}, Place: "Bielawa", Notes: "5.04.2011"}
	if err := s.SaveMeeting(ctx, actor, p, m, ""); domain.FieldErrors(err)["task"] == "" {
		t.Fatalf("meeting on a process task: %v", err)
	}
	m.TaskID = pz2
	if err := s.SaveMeeting(ctx, actor, p, m, "0123456789abcdef0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	t.Run("SameTokenSameMeeting", func(t *testing.T) {
		again := *m
		again.ID = 0
		if err := s.SaveMeeting(ctx, actor, p, &again, "0123456789abcdef0123456789abcdef"); err != nil || again.ID != m.ID {
			t.Fatalf("second submit: id %d (first %d), %v", again.ID, m.ID, err)
		}
		list, _ := s.Meetings(ctx, p.ID)
		if len(list) != 1 || !list[0].NotesDated || list[0].Complete() {
			t.Fatalf("meetings = %+v", list)
		}
	})
	t.Run("Practice", func(t *testing.T) {
		g := &domain.GoodPractice{ProgrammeID: p.ID, Title: "Łatwiejsze zeznania podatkowe", UnitID: u.ID, Description: "Opis", Results: "Wyniki",
			WhyResults: "a", WhyInnovative: "b", WhyDurable: "c", WhyTransferable: "d", Status: domain.PracticeProposed, MeetingIDs: []int64{m.ID}}
		if err := s.SaveGoodPractice(ctx, actor, g, ""); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"latwiejsze", "ZEZNANIA", "bielawa"} {
			got, err := s.GoodPractices(ctx, p.ID, domain.PracticeFilter{Query: q})
			if err != nil || len(got) != 1 {
				t.Errorf("search %q: %d, %v", q, len(got), err)
			}
		}
		if got, _ := s.GoodPractices(ctx, p.ID, domain.PracticeFilter{Accepted: true}); len(got) != 0 {
			t.Error("a proposed practice is in the accepted set")
		}
		stale := *g
		g.Title = "Nowy tytuł"
		if err := s.SaveGoodPractice(ctx, actor, g, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveGoodPractice(ctx, actor, &stale, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}
	})
	t.Run("ConsultationOnMeetingTask", func(t *testing.T) {
		c := &domain.Consultation{ProgrammeID: p.ID, TaskID: pz2, UnitID: u.ID, Expert: "E", Day: d("2011-04-06"), Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "t"}
		if err := s.SaveConsultation(ctx, actor, p, c, ""); domain.FieldErrors(err)["task"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestCompletenessTwins keeps the twins of the domain's completeness rules
// in step through a session's and meetings' histories: the
// evidence_complete flag the triggers keep (migration 00007) with
// domain.SessionSummary.Complete, and what the meetings_complete indicator
// counts with domain.MeetingSummary.Complete.
func TestCompletenessTwins(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, u, training, pz2, _ := evidenceSetup(t, s)
	in := &domain.Indicator{ProgrammeID: p.ID, Number: "18", Name: "spotkania", Type: domain.IndicatorProduct, Target: domain.DecimalFromInt(8),
		Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: pz2}}
	if err := s.SaveIndicator(ctx, admin, in, nil); err != nil {
		t.Fatal(err)
	}
	agree := func(t *testing.T, wantSessions, wantMeetings int) {
		t.Helper()
		sessions, err := s.TrainingSessions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		complete := 0
		for _, x := range sessions {
			if x.Complete() {
				complete++
			}
		}
		if _, incomplete, err := s.IncompleteSessions(ctx, p.ID, 1); err != nil || incomplete != len(sessions)-complete {
			t.Errorf("sessions: %d incomplete by the flag, %d of %d by the rule (%v)", incomplete, len(sessions)-complete, len(sessions), err)
		}
		if complete != wantSessions {
			t.Errorf("complete sessions = %d, want %d", complete, wantSessions)
		}
		meetings, err := s.Meetings(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		held := 0
		for _, m := range meetings {
			if m.Complete() {
				held++
			}
		}
		series, err := s.IndicatorSeries(ctx, p.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var counted domain.Decimal
		for _, v := range series[in.ID] {
			counted = counted.Add(v.Value)
		}
		if counted != domain.DecimalFromInt(int64(held)) {
			t.Errorf("meetings: the indicator counts %s, the rule %d", counted, held)
		}
		if held != wantMeetings {
			t.Errorf("complete meetings = %d, want %d", held, wantMeetings)
		}
	}
	scan := func(day time.Time) []byte { return []byte("%PDF-1.4 " + day.String()) }

	x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: training, GroupNo: 1, Days: []time.Time{d("2011-03-10"), d("2011-03-11")},
		HoursPerDay: domain.DecimalFromInt(6), Place: "Bielawa", Trainer: "T", UnitIDs: []int64{u.ID}}
	if err := s.CreateSession(ctx, admin, p, x, ""); err != nil {
		t.Fatal(err)
	}
	person := &domain.Person{ProgrammeID: p.ID, FirstName: "Anna", LastName: "Nowak", UnitID: u.ID, Sex: domain.SexFemale,
		LegalBasis: domain.BasisConsent, BasisDate: d("2011-03-01"), RetentionUntil: d("2020-12-31")}
	if err := s.AddParticipant(ctx, admin, x, person, ""); err != nil {
		t.Fatal(err)
	}
	agree(t, 0, 0)
	for _, day := range x.Days {
		if _, err := s.AddScan(ctx, admin, x, day, "lista.pdf", "application/pdf", scan(day)); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, 0, 0) // scans without attendance entered
	if err := s.SaveAttendance(ctx, admin, x, []domain.Attendance{{PersonID: person.ID, Day: x.Days[0], Present: true}}, 0); err != nil {
		t.Fatal(err)
	}
	agree(t, 1, 0)
	cur, err := s.Session(ctx, p.ID, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Days = append(cur.Days, d("2011-03-14"))
	if err := s.UpdateSession(ctx, admin, p, cur); err != nil {
		t.Fatal(err)
	}
	agree(t, 0, 0) // a new day without its list
	if _, err := s.AddScan(ctx, admin, cur, cur.Days[2], "lista.pdf", "application/pdf", scan(cur.Days[2])); err != nil {
		t.Fatal(err)
	}
	v, err := s.AttendanceVersion(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAttendance(ctx, admin, cur, []domain.Attendance{{PersonID: person.ID, Day: cur.Days[2], Present: false}}, v); err != nil {
		t.Fatal(err)
	}
	agree(t, 1, 0)

	dated := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2, Number: 1, Days: []time.Time{d("2011-04-05")}, Place: "Bielawa", Notes: "Notatka z 5 kwietnia 2011."}
	undated := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2, Number: 2, Days: []time.Time{d("2011-05-10")}, Place: "Bielawa", Notes: "Notatka bez daty."}
	for _, m := range []*domain.Meeting{dated, undated} {
		if err := s.SaveMeeting(ctx, admin, p, m, ""); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, 1, 0) // dated notes, but no attendance list
	for _, m := range []*domain.Meeting{dated, undated} {
		if _, err := s.AddMeetingScan(ctx, admin, m.ID, "lista.pdf", "application/pdf", scan(m.Days[0])); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, 1, 1) // the undated one has a list only
	undated.Notes = "Notatka ze spotkania 10.05.2011."
	if err := s.SaveMeeting(ctx, admin, p, undated, ""); err != nil {
		t.Fatal(err)
	}
	agree(t, 1, 2)
}
