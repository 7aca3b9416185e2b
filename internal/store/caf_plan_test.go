package store_test

import (
	"context"
	"errors"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

func fieldErr(err error, field string) bool {
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID {
		return false
	}
	_, ok := e.Fields[field]
	return ok
}

func cafAction(title string) *domain.CAFAction {
	return &domain.CAFAction{Sub: "1.1", Title: title, Owner: "Sekretarz", StartsOn: d("2011-04-01"), EndsOn: d("2011-09-30"),
		Impact: 3, Effort: 1, Status: domain.ActionPlanned}
}

// The plan: actions saved and read with their task, refused with bad dates
// or another programme's task, and the indicator of actions done.
func TestCAFPlan(t *testing.T) {
	t.Parallel()
	f := newCAFFixture(t)
	ctx := context.Background()
	a := f.signed(f.a, func(string) int { return 50 })

	x := cafAction("Mapa procesów")
	x.TaskID = &f.p3.ID
	if err := f.s.CreateCAFAction(ctx, actorOf(f.leader), a, x); err != nil {
		t.Fatal(err)
	}
	list, err := f.s.CAFActions(ctx, a.ID)
	if err != nil || len(list) != 1 || list[0].TaskCode != "P3" || list[0].Sub != "1.1" || list[0].Priority() != 9 || list[0].Cycle != 1 {
		t.Fatalf("actions %+v, %v", list, err)
	}

	bad := cafAction("Zła data")
	bad.EndsOn = d("2011-03-01")
	if err := f.s.CreateCAFAction(ctx, actorOf(f.leader), a, bad); !fieldErr(err, domain.FieldActionEndsOn) {
		t.Fatalf("end before start: %v", err)
	}
	bad = cafAction("Bez daty")
	bad.Status = domain.ActionDone
	if err := f.s.CreateCAFAction(ctx, actorOf(f.leader), a, bad); !fieldErr(err, domain.FieldActionDoneOn) {
		t.Fatalf("done without date: %v", err)
	}
	// a task of another programme
	other := newProgramme(t, f.s, "INNY")
	tk := &domain.Task{ProgrammeID: other.ID, Code: "X1", Name: "obce", Kind: domain.TaskMeetings, MeetingsPlanned: 1, DaysPerMeeting: 1}
	if err := f.s.SaveTask(ctx, admin, tk); err != nil {
		t.Fatal(err)
	}
	bad = cafAction("Obce zadanie")
	bad.TaskID = &tk.ID
	if err := f.s.CreateCAFAction(ctx, actorOf(f.leader), a, bad); !fieldErr(err, domain.FieldActionTask) {
		t.Fatalf("another programme's task: %v", err)
	}

	// done: the indicator counts it; a stale version is refused
	if v, _, _, _ := f.total(t, "cafActions"); v.String() != "0" {
		t.Fatalf("actions done before = %s", v)
	}
	y := list[0]
	y.Status, y.DoneOn = domain.ActionDone, d("2011-06-15")
	if err := f.s.UpdateCAFAction(ctx, actorOf(f.manager), a, &y, y.Version); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := f.total(t, "cafActions"); v.String() != "1" {
		t.Fatalf("actions done after = %s, want 1", v)
	}
	if err := f.s.UpdateCAFAction(ctx, actorOf(f.manager), a, &y, 1); code(err) != domain.ECONFLICT {
		t.Fatalf("stale: %v", err)
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'caf_action' AND entity_id = $1`,
		store.FormatID(a.ID)+"/"+store.FormatID(y.ID)).Scan(&n); err != nil || n != 2 {
		t.Fatalf("audit entries %d, %v", n, err)
	}
	sum, err := f.s.CAFUnitSummary(ctx, f.p.ID, f.a.ID, d("2011-12-01"))
	if err != nil || sum == nil || sum.SignedID != a.ID || sum.Total == nil || *sum.Total != 50 || sum.Actions != 1 || sum.Done != 1 {
		t.Fatalf("summary %+v, %v", sum, err)
	}
	if sum, err := f.s.CAFUnitSummary(ctx, f.p.ID, f.b.ID, d("2011-12-01")); err != nil || sum != nil {
		t.Fatalf("summary of a unit without CAF: %+v, %v", sum, err)
	}
	units, err := f.s.CAFUnitActions(ctx, f.p.ID, f.a.ID)
	if err != nil || len(units) != 1 || units[0].Status != domain.ActionDone || units[0].DoneOn.IsZero() {
		t.Fatalf("unit actions %+v, %v", units, err)
	}
}
