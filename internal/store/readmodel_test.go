package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// The read model follows the evidence structurally: a write through InTx
// leaves no touch behind, and a transaction that changes evidence without
// draining what it touched cannot commit.
func TestReadModelFollowsWritesStructurally(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	pe := f.person(t, f.a, domain.SexFemale)
	x := f.session(t, f.ps4, []time.Time{d("2011-03-01"), d("2011-03-02")}, []*domain.Person{pe}, func(int, int) bool { return true })
	f.check(t)
	var left int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM read_model_touches`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("touches left after writes through InTx: %d %v", left, err)
	}

	// A write that bypasses the transaction helper (and so the refresh).
	for name, sql := range map[string]string{
		"AttendanceUpdate": `UPDATE attendance SET present = NOT present WHERE session_id = $1`,
		"SessionDayDelete": `DELETE FROM session_days WHERE session_id = $1`,
	} {
		t.Run(name, func(t *testing.T) {
			tx, err := f.s.Pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback(ctx) }()
			if _, err := tx.Exec(ctx, sql, x.ID); err != nil {
				t.Fatal(err)
			}
			err = tx.Commit(ctx)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "KZ001" {
				t.Fatalf("commit without the read model following: %v, want refused (KZ001)", err)
			}
		})
	}
	f.check(t)
}

// A period closes only after it ends: the rule holds in the store, on the
// store's clock, whoever calls it.
func TestClosePeriodOnlyAfterItEnds(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	f.s.Now = func() time.Time { return d("2011-03-31").Add(20 * time.Hour) } // 31.03, 22:00 in Warsaw
	if _, err := f.s.ClosePeriod(context.Background(), admin, f.p, "2011-Q1", ""); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("closing 2011-Q1 on its last day: %v, want a conflict", err)
	}
	f.s.Now = func() time.Time { return d("2011-03-31").Add(23 * time.Hour) } // 1.04, 01:00 in Warsaw
	if _, err := f.s.ClosePeriod(context.Background(), admin, f.p, "2011-Q1", ""); err != nil {
		t.Fatalf("closing 2011-Q1 after it ended: %v", err)
	}
}

// The drill-down names each counted thing as its rule says, with the
// protocols behind implementations and units.
func TestDrillDownLabels(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	f.protocol(t, f.p3, f.a, "2011-02-10", domain.ProtocolAccepted)
	pe := f.person(t, f.a, domain.SexFemale)
	f.session(t, f.ps4, []time.Time{d("2011-03-01")}, []*domain.Person{pe}, func(int, int) bool { return true })
	c := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Expert: "Ewa Ekspert", Day: d("2011-03-03"),
		Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "mapa procesów"}
	if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"impl": "P3 procesy", "unitsP": "jednostka", "days": "PS4, grupa 1, dzień 01.03.2011",
		"cons": "mapa procesów (Ewa Ekspert)", "personsP": "", "products": "P3 a) opisy"} {
		rows, total, err := f.s.IndicatorFacts(ctx, f.ind[key], domain.FactFilter{})
		if err != nil || total != 1 || len(rows) != 1 {
			t.Fatalf("%s: %d rows of %d: %v", key, len(rows), total, err)
		}
		if rows[0].Label != want {
			t.Errorf("%s labelled %q, want %q", key, rows[0].Label, want)
		}
		if (key == "impl" || key == "unitsP" || key == "products") && len(rows[0].Protocols) != 1 {
			t.Errorf("%s: protocols behind = %v, want the accepted one", key, rows[0].Protocols)
		}
	}
}

// TestReadModelRandomHistories: after random sequences of evidence changes,
// signing, rejection, versions and deletions, the read model equals the
// recomputation from the raw evidence.
func TestReadModelRandomHistories(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			f := newIndFixture(t)
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(seed, 42))
			day := func() time.Time { return d("2010-09-01").AddDate(0, 0, rng.IntN(500)) }
			var people []*domain.Person
			var sessions []*domain.TrainingSession
			var meetings []*domain.Meeting
			var protocols []int64
			units := []*domain.Unit{f.a, f.b}
			for step := 0; step < 60; step++ {
				switch op := rng.IntN(10); {
				case op < 3 || len(sessions) == 0: // a session with attendance
					var who []*domain.Person
					for i := 0; i < 1+rng.IntN(4); i++ {
						if len(people) > 0 && rng.IntN(2) == 0 {
							cand := people[rng.IntN(len(people))]
							dup := false
							for _, w := range who {
								dup = dup || w.ID == cand.ID
							}
							if !dup {
								who = append(who, cand)
							}
							continue
						}
						pe := f.person(t, units[rng.IntN(2)], []domain.Sex{domain.SexFemale, domain.SexMale}[rng.IntN(2)])
						who = append(who, pe)
					}
					first := day()
					x := f.session(t, []int64{f.ps4, f.ns4}[rng.IntN(2)], []time.Time{first, first.AddDate(0, 0, 1)}, who, func(int, int) bool { return rng.IntN(3) > 0 })
					for _, w := range who {
						if w.ID != 0 && !containsPersonID(people, w.ID) {
							people = append(people, w)
						}
					}
					sessions = append(sessions, x)
				case op == 3: // attendance changed
					x := sessions[rng.IntN(len(sessions))]
					ppl, att, _ := f.s.SessionAttendance(ctx, x.ID)
					if len(ppl) == 0 {
						continue
					}
					for i := range att {
						att[i].Present = rng.IntN(2) == 0
					}
					if err := f.s.SaveAttendance(ctx, admin, x, att, 0); err != nil {
						t.Fatal(err)
					}
				case op == 4: // someone taken off a list, or moved to the other unit
					x := sessions[rng.IntN(len(sessions))]
					ppl, _, _ := f.s.SessionAttendance(ctx, x.ID)
					if len(ppl) == 0 {
						continue
					}
					pe := ppl[rng.IntN(len(ppl))]
					if rng.IntN(2) == 0 {
						if err := f.s.RemoveParticipant(ctx, admin, x, pe.ID); err != nil {
							t.Fatal(err)
						}
					} else {
						cur, _ := f.s.Person(ctx, f.p.ID, pe.ID)
						if cur.UnitID == f.a.ID {
							cur.UnitID = f.b.ID
						} else {
							cur.UnitID = f.a.ID
						}
						if err := f.s.UpdatePerson(ctx, admin, cur); err != nil {
							t.Fatal(err)
						}
					}
				case op == 5: // a session moved to the other training, a day added
					x := sessions[rng.IntN(len(sessions))]
					cur, _ := f.s.Session(ctx, f.p.ID, x.ID)
					if cur.TrainingID == f.ps4 {
						cur.TrainingID = f.ns4
					} else {
						cur.TrainingID = f.ps4
					}
					cur.GroupNo += 1000
					cur.Days = append(cur.Days, cur.Days[len(cur.Days)-1].AddDate(0, 0, 1))
					if err := f.s.UpdateSession(ctx, admin, f.p, cur); err != nil {
						t.Fatal(err)
					}
					sessions[indexOfSession(sessions, x.ID)] = cur
				case op == 6: // a meeting, dated or not
					m := &domain.Meeting{ProgrammeID: f.p.ID, TaskID: f.pz2.ID, Number: len(meetings) + 1, Days: []time.Time{day()}, Place: "x",
						WithManagement: rng.IntN(2) == 0}
					if rng.IntN(2) == 0 {
						m.Notes = "Notatka z " + m.Days[0].Format("02.01.2006")
					}
					if err := f.s.SaveMeeting(ctx, admin, f.p, m, ""); err != nil {
						t.Fatal(err)
					}
					if rng.IntN(3) > 0 {
						if _, err := f.s.AddMeetingScan(ctx, admin, m.ID, "l.pdf", "application/pdf", pdfBytes); err != nil {
							t.Fatal(err)
						}
					}
					meetings = append(meetings, m)
				case op == 7: // merging two people
					if len(people) < 2 {
						continue
					}
					i, j := rng.IntN(len(people)), rng.IntN(len(people))
					if i == j {
						continue
					}
					if err := f.s.MergePersons(ctx, admin, f.p.ID, people[i].ID, people[j].ID); err != nil {
						t.Fatal(err)
					}
					people = append(people[:i], people[i+1:]...)
				case op == 8: // a protocol decided, or a new version of one
					if len(protocols) > 0 && rng.IntN(2) == 0 {
						id := protocols[rng.IntN(len(protocols))]
						pr, _ := f.s.Protocol(ctx, f.p.ID, id)
						if pr.Allowed(domain.ActNewVersion) != nil {
							continue
						}
						nid, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, id)
						if err != nil {
							t.Fatal(err)
						}
						f.decide(t, nid, day().Format("2006-01-02"), []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolRejected, domain.ProtocolAcceptedRemarks}[rng.IntN(3)])
						protocols = append(protocols, nid)
						continue
					}
					task := []*domain.Task{f.p3, f.n1}[rng.IntN(2)]
					unit := f.a
					if task == f.p3 {
						unit = units[rng.IntN(2)]
					}
					ups, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: unit.ID, TaskID: task.ID})
					pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: task.ID, UnitID: unit.ID, Place: "x", Date: d("2010-09-01"), Contractor: "L", Description: "d"}
					for _, up := range ups {
						pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID})
					}
					if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
						continue // the products are in another protocol already
					}
					f.decide(t, pr.ID, day().Format("2006-01-02"), []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolRejected}[rng.IntN(2)])
					protocols = append(protocols, pr.ID)
				default: // a consultation
					c := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: units[rng.IntN(2)].ID, Expert: "E", Day: day(),
						Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "t"}
					if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
						t.Fatal(err)
					}
				}
			}
			f.check(t)
			// Changing an indicator's rule parameters recomputes it.
			in := f.ind["persons"]
			in.Params = domain.RuleParams{TrainingIDs: []int64{f.ps4}}
			if err := f.s.SaveIndicator(ctx, admin, in, nil); err != nil {
				t.Fatal(err)
			}
			f.check(t)
		})
	}
}

func containsPersonID(list []*domain.Person, id int64) bool {
	for _, p := range list {
		if p.ID == id {
			return true
		}
	}
	return false
}

func indexOfSession(list []*domain.TrainingSession, id int64) int {
	for i, x := range list {
		if x.ID == id {
			return i
		}
	}
	return 0
}

// TestReadModelConcurrentWrites: writes that move the same facts (one
// person's attendance in several sessions while the person moves to
// another unit, consultations moved between periods in opposite
// directions) run at once; none fails and the read models still equal the
// recomputation.
func TestReadModelConcurrentWrites(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	shared := f.person(t, f.a, domain.SexFemale)
	var sessions []*domain.TrainingSession
	for i := 0; i < 6; i++ {
		first := d("2010-10-04").AddDate(0, 0, 7*i)
		sessions = append(sessions, f.session(t, []int64{f.ps4, f.ns4}[i%2], []time.Time{first, first.AddDate(0, 0, 1)}, []*domain.Person{shared},
			func(int, int) bool { return false }))
	}
	var cons []*domain.Consultation
	for i, day := range []string{"2011-02-01", "2011-05-01", "2011-02-02", "2011-05-02"} {
		c := &domain.Consultation{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: []*domain.Unit{f.a, f.b}[i%2].ID, Expert: "E", Day: d(day),
			Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "t"}
		if err := f.s.SaveConsultation(ctx, admin, f.p, c, ""); err != nil {
			t.Fatal(err)
		}
		cons = append(cons, c)
	}
	errs := make(chan error, 64)
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		for i, x := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- f.s.SaveAttendance(ctx, admin, x, []domain.Attendance{{PersonID: shared.ID, Day: x.Days[0], Present: (i+round)%2 == 0}}, 0)
			}()
		}
		wg.Add(1)
		go func() { // the person moves to the other unit meanwhile
			defer wg.Done()
			pe, err := f.s.Person(ctx, f.p.ID, shared.ID)
			if err != nil {
				errs <- err
				return
			}
			pe.UnitID = map[int64]int64{f.a.ID: f.b.ID, f.b.ID: f.a.ID}[pe.UnitID]
			errs <- f.s.UpdatePerson(ctx, admin, pe)
		}()
		for i := range cons {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := f.s.Consultation(ctx, f.p.ID, cons[i].ID)
				if err != nil {
					errs <- err
					return
				}
				// Q1 ↔ Q2 in opposite directions.
				if c.Day.Month() < 4 {
					c.Day = c.Day.AddDate(0, 3, 0)
				} else {
					c.Day = c.Day.AddDate(0, -3, 0)
				}
				errs <- f.s.SaveConsultation(ctx, admin, f.p, &c.Consultation, "")
			}()
		}
		wg.Wait()
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent write: %v", err)
		}
	}
	f.check(t)
}
