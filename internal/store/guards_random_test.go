package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// TestReadModelRandomEdits: random histories that, besides recording
// evidence, edit it (consultations, meeting details, attendance), add
// manual indicator values, decide protocols and their corrections, and
// change the plan (tasks' areas and products, trainings' areas, indicators'
// rule parameters). After every step the read model must equal the
// recomputation from the raw evidence (CheckReadModel): a write path that
// forgets to refresh the read model fails here at the step that forgot.
func TestReadModelRandomEdits(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			randomEdits(t, seed, 100)
		})
	}
}

func randomEdits(t *testing.T, seed uint64, steps int) {
	o := newOracle(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 12))
	day := func() time.Time { return d("2010-09-01").AddDate(0, 0, rng.IntN(560)) }
	pick := func(n int) int { return rng.IntN(n) }
	units := []*domain.Unit{o.a, o.b}
	processTasks := []*domain.Task{o.p3, o.n1}
	areas := []domain.Area{domain.AreaP, domain.AreaN, ""}
	var people []*domain.Person
	var sessions []*domain.TrainingSession
	var consultations, meetings, protocols []int64
	kinds := map[string]int{}
	// What a step does, with weights (edits more often than records).
	ops := strings.Fields(`session session attendance consultation consultation-edit consultation-edit meeting meeting-edit meeting-edit
		manual protocol protocol correction task training indicator person`)

	for step := 0; step < steps; step++ {
		var what string
		op := ops[pick(len(ops))]
		switch {
		case op == "consultation-edit" && len(consultations) == 0:
			op = "consultation"
		case op == "meeting-edit" && len(meetings) == 0:
			op = "meeting"
		case op == "correction" && len(protocols) == 0:
			op = "protocol"
		}
		switch {
		case op == "session" || len(sessions) == 0: // a session with attendance
			what = "session"
			var who []*domain.Person
			var present [][]int
			for i := 0; i < 1+pick(3); i++ {
				var pe *domain.Person
				if len(people) > 0 && pick(2) == 0 {
					pe = people[pick(len(people))]
					dup := false
					for _, w := range who {
						dup = dup || w.ID == pe.ID
					}
					if dup {
						continue
					}
				} else {
					pe = o.person(t, units[pick(2)], []domain.Sex{domain.SexFemale, domain.SexMale}[pick(2)])
				}
				who = append(who, pe)
				var days []int
				for j := 0; j < 2; j++ {
					if pick(3) > 0 {
						days = append(days, j)
					}
				}
				present = append(present, days)
			}
			first := day()
			x := o.session(t, []int64{o.ps4, o.ns4}[pick(2)], []string{isoDate(first), isoDate(first.AddDate(0, 0, 1))}, who, present)
			for _, w := range who {
				if !containsPersonID(people, w.ID) {
					people = append(people, w)
				}
			}
			sessions = append(sessions, x)
		case op == "attendance": // attendance changed
			what = "attendance"
			x := sessions[pick(len(sessions))]
			_, att, err := o.s.SessionAttendance(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i := range att {
				if pick(2) == 0 {
					att[i].Present = !att[i].Present
				}
			}
			if err := o.s.SaveAttendance(ctx, admin, x, att, 0); err != nil {
				t.Fatal(err)
			}
		case op == "consultation":
			what = "consultation"
			c := &domain.Consultation{ProgrammeID: o.p.ID, TaskID: processTasks[pick(2)].ID, UnitID: units[pick(2)].ID, Expert: "E", Day: day(),
				Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromCents(int64(50 * (1 + pick(3)))), Topic: "t"}
			if err := o.s.SaveConsultation(ctx, admin, o.p, c, ""); err != nil {
				t.Fatal(err)
			}
			consultations = append(consultations, c.ID)
		case op == "consultation-edit": // day, days, unit or task
			what = "consultation edit"
			cur, err := o.s.Consultation(ctx, o.p.ID, consultations[pick(len(consultations))])
			if err != nil {
				t.Fatal(err)
			}
			c := cur.Consultation
			switch pick(4) {
			case 0:
				c.Day = day()
			case 1:
				c.Days = domain.DecimalFromCents(int64(50 * (1 + pick(3))))
			case 2:
				c.UnitID = units[pick(2)].ID
			default:
				c.TaskID = processTasks[pick(2)].ID
			}
			if err := o.s.SaveConsultation(ctx, admin, o.p, &c, ""); err != nil {
				t.Fatal(err)
			}
		case op == "meeting": // complete or not
			what = "meeting"
			m := &domain.Meeting{ProgrammeID: o.p.ID, TaskID: o.pz2.ID, Number: len(meetings) + 1, Days: []time.Time{day()}, Place: "x",
				WithManagement: pick(2) == 0}
			if pick(2) == 0 {
				m.Notes = "Notatka z " + m.Days[0].Format("02.01.2006")
			}
			if err := o.s.SaveMeeting(ctx, admin, o.p, m, ""); err != nil {
				t.Fatal(err)
			}
			if pick(3) > 0 {
				if _, err := o.s.AddMeetingScan(ctx, admin, m.ID, "l.pdf", "application/pdf", pdfBytes); err != nil {
					t.Fatal(err)
				}
			}
			meetings = append(meetings, m.ID)
		case op == "meeting-edit": // its details, or its list added
			what = "meeting edit"
			id := meetings[pick(len(meetings))]
			m, err := o.s.Meeting(ctx, o.p.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			switch pick(6) {
			case 0, 1: // notes with one of its dates
				m.Notes = "Notatka ze spotkania " + m.Days[pick(len(m.Days))].Format("2006-01-02") + "."
			case 2: // notes without
				m.Notes = "Notatka."
			case 3:
				m.WithManagement = !m.WithManagement
			case 4: // moved, or a day added
				if pick(2) == 0 {
					m.Days = []time.Time{day()}
				} else {
					m.Days = append(m.Days, m.Days[len(m.Days)-1].AddDate(0, 0, 1))
				}
			default:
				what = "meeting scan"
				data := append(append([]byte{}, pdfBytes...), fmt.Sprintf("%% %d\n", step)...)
				if _, err := o.s.AddMeetingScan(ctx, admin, id, "l.pdf", "application/pdf", data); err != nil {
					t.Fatal(err)
				}
			}
			if what == "meeting edit" {
				if err := o.s.SaveMeeting(ctx, admin, o.p, m, ""); err != nil && domain.ErrorCode(err) != domain.EINVALID {
					t.Fatal(err)
				}
			}
		case op == "manual":
			what = "manual value"
			mv := &domain.ManualValue{Value: domain.DecimalFromCents(int64(25 * (1 + pick(20)))), On: day(), Note: "n"}
			if pick(2) == 0 {
				mv.UnitID = units[pick(2)].ID
			}
			data := append(append([]byte{}, pdfBytes...), fmt.Sprintf("%% %d\n", step)...)
			if err := o.s.AddManualValue(ctx, admin, o.ind["manual"], mv, "d.pdf", "application/pdf", data); err != nil {
				t.Fatal(err)
			}
		case op == "protocol" || op == "correction": // decided, or a new version of one decided
			what = "protocol"
			decisions := []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks, domain.ProtocolRejected}
			if op == "correction" {
				what = "protocol version"
				id := protocols[pick(len(protocols))]
				pr, err := o.s.Protocol(ctx, o.p.ID, id)
				if err != nil {
					t.Fatal(err)
				}
				if pr.Allowed(domain.ActNewVersion) != nil {
					continue
				}
				nid, err := o.s.NewProtocolVersion(ctx, admin, o.p.ID, id)
				if err != nil {
					t.Fatal(err)
				}
				n, err := o.s.Protocol(ctx, o.p.ID, nid)
				if err != nil {
					t.Fatal(err)
				}
				if len(n.Items) > 1 && pick(2) == 0 { // the correction drops a product
					i := pick(len(n.Items))
					n.Items = append(n.Items[:i:i], n.Items[i+1:]...)
					if err := o.s.SaveProtocol(ctx, admin, n, ""); err != nil {
						t.Fatal(err)
					}
				}
				on := n.Date.AddDate(0, 0, pick(120))
				if on.After(o.p.End) {
					on = o.p.End
				}
				o.decide(t, nid, isoDate(on), decisions[pick(3)])
				protocols = append(protocols, nid)
				break // the correction is this step
			}
			task, unit := processTasks[pick(2)], units[pick(2)]
			ups, err := o.s.UnitProducts(ctx, o.p.ID, domain.ProductFilter{UnitID: unit.ID, TaskID: task.ID})
			if err != nil {
				t.Fatal(err)
			}
			on := day()
			pr := &domain.Protocol{ProgrammeID: o.p.ID, TaskID: task.ID, UnitID: unit.ID, Place: "x", Date: on, Contractor: "L", Description: "d"}
			for _, up := range ups {
				if pick(3) > 0 {
					pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID})
				}
			}
			if len(pr.Items) == 0 {
				continue
			}
			if err := o.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
				if domain.ErrorCode(err) == domain.ECONFLICT {
					continue // a product is in another protocol already
				}
				t.Fatal(err)
			}
			o.decide(t, pr.ID, isoDate(on), decisions[pick(3)])
			protocols = append(protocols, pr.ID)
		case op == "task": // its area changed, a product added or taken away
			what = "task edit"
			task, err := o.s.Task(ctx, o.p.ID, processTasks[pick(2)].ID)
			if err != nil {
				t.Fatal(err)
			}
			switch pick(3) {
			case 0:
				task.Area = []domain.Area{domain.AreaP, domain.AreaN}[pick(2)]
			case 1:
				if len(task.Products) < 4 {
					letter := string(rune('a' + len(task.Products)))
					task.Products = append(task.Products, domain.Product{Letter: letter, Name: "produkt " + letter})
				}
			default:
				if len(task.Products) > 1 {
					task.Products = task.Products[:len(task.Products)-1]
				}
			}
			if err := o.s.SaveTask(ctx, admin, task); err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
				t.Fatal(err) // a product with evidence cannot be taken away
			}
		case op == "training": // its area changed
			what = "training edit"
			tr, err := o.s.Training(ctx, o.p.ID, []int64{o.ps4, o.ns4}[pick(2)])
			if err != nil {
				t.Fatal(err)
			}
			tr.Area = areas[pick(3)]
			if err := o.s.SaveTraining(ctx, admin, &tr); err != nil {
				t.Fatal(err)
			}
		case op == "indicator": // its rule parameters changed
			what = "indicator edit"
			var in *domain.Indicator
			switch pick(5) {
			case 0:
				in = o.ind["implP"]
				in.Params = domain.RuleParams{TaskIDs: [][]int64{{o.p3.ID}, {o.n1.ID}, {o.p3.ID, o.n1.ID}}[pick(3)]}
			case 1:
				in = o.ind["unitsN"]
				in.Params = domain.RuleParams{Area: []domain.Area{domain.AreaP, domain.AreaN}[pick(2)]}
			case 2:
				in = o.ind["personsP"]
				if pick(2) == 0 {
					in.Params = domain.RuleParams{Area: []domain.Area{domain.AreaP, domain.AreaN}[pick(2)]}
				} else {
					in.Params = domain.RuleParams{TrainingIDs: [][]int64{{o.ps4}, {o.ns4}}[pick(2)]}
				}
			case 3:
				in = o.ind["days"]
				in.Params = []domain.RuleParams{{}, {Area: domain.AreaN}, {TrainingIDs: []int64{o.ps4}}}[pick(3)]
			default:
				in = o.ind["cons"]
				in.Params = domain.RuleParams{TaskID: processTasks[pick(2)].ID}
			}
			if err := o.s.SaveIndicator(ctx, admin, in, nil); err != nil {
				t.Fatal(err)
			}
		default: // a person moved to the other unit
			what = "person edit"
			if len(people) == 0 {
				continue
			}
			cur, err := o.s.Person(ctx, o.p.ID, people[pick(len(people))].ID)
			if err != nil {
				t.Fatal(err)
			}
			if cur.UnitID == o.a.ID {
				cur.UnitID = o.b.ID
			} else {
				cur.UnitID = o.a.ID
			}
			if err := o.s.UpdatePerson(ctx, admin, cur); err != nil {
				t.Fatal(err)
			}
		}
		kinds[what]++
		n, diffs, err := o.s.CheckReadModel(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, df := range diffs {
			t.Errorf("step %d (%s): read model differs (of %d facts): %+v", step, what, n, df)
		}
		if len(diffs) > 0 {
			t.FailNow()
		}
	}
	// Every kind of change happened (else the history proves little; pick
	// other seeds or more steps).
	for _, k := range []string{"session", "attendance", "consultation", "consultation edit", "meeting", "meeting edit", "manual value",
		"protocol", "protocol version", "task edit", "training edit", "indicator edit", "person edit"} {
		if kinds[k] == 0 {
			t.Errorf("no %q step in this history", k)
		}
	}
	t.Logf("steps: %v", kinds)
}
