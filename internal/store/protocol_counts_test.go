package store_test

import (
	"context"
	"fmt"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// TestProtocolCountsFollowProtocols: the counters the triggers keep
// (migration 00023) equal a count of the current versions after every
// step of a protocol's life: a draft, its submission, a rejection, a new
// version (the rejected one still counts), its acceptance on paper (the
// rejected one is superseded and no longer counts), a second unit's draft
// and its deletion.
func TestProtocolCountsFollowProtocols(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	step := func(name string, want map[domain.ProtocolStatus]int) {
		t.Helper()
		stored, err := f.s.ProtocolCountsOf(ctx, []int64{f.p.ID}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The same programme counted from its protocols (a unit list
		// takes the counting path).
		counted, err := f.s.ProtocolCountsOf(ctx, []int64{f.p.ID}, []int64{f.unit.ID, f.other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, c := fmt.Sprint(stored[f.p.ID]), fmt.Sprint(counted[f.p.ID]); got != fmt.Sprint(want) || c != got {
			t.Fatalf("%s: counters %s, counted %s; want %v", name, got, c, want)
		}
		if n, diffs, err := f.s.CheckProtocolCounts(ctx); err != nil || len(diffs) > 0 || n == 0 {
			t.Fatalf("%s: CheckProtocolCounts() = %d, %+v, %v", name, n, diffs, err)
		}
	}
	step("nothing yet", map[domain.ProtocolStatus]int{})
	pr := f.draft(t)
	step("a draft", map[domain.ProtocolStatus]int{domain.ProtocolDraft: 1})
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	step("submitted", map[domain.ProtocolStatus]int{domain.ProtocolSubmitted: 1})
	sub := f.reload(t, pr.ID)
	if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolRejected, Remarks: "Brak opisu procesu B."}); err != nil {
		t.Fatal(err)
	}
	step("rejected", map[domain.ProtocolStatus]int{domain.ProtocolRejected: 1})
	id, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	step("a new version", map[domain.ProtocolStatus]int{domain.ProtocolRejected: 1, domain.ProtocolDraft: 1})
	v2 := f.reload(t, id)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, id, v2.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := decideOnPaper(t, f.s, f.p.ID, id, domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d("2011-07-05")}); err != nil {
		t.Fatal(err)
	}
	step("the new version accepted", map[domain.ProtocolStatus]int{domain.ProtocolAccepted: 1})
	other := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.task, UnitID: f.other.ID, Place: "Dzierżoniów", Date: d("2011-06-30"),
		Contractor: "Powiat Dzierżoniowski (lider)", Description: "Przekazanie opisów procesów."}
	products, err := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.other.ID})
	if err != nil || len(products) == 0 {
		t.Fatalf("products of the other unit = %+v, %v", products, err)
	}
	other.Items = []domain.ProtocolItem{{UnitProductID: products[0].ID, DoneOn: d("2011-06-20")}}
	if err := f.s.SaveProtocol(ctx, admin, other, ""); err != nil {
		t.Fatal(err)
	}
	step("another unit's draft", map[domain.ProtocolStatus]int{domain.ProtocolAccepted: 1, domain.ProtocolDraft: 1})
	if err := f.s.DeleteProtocol(ctx, admin, f.p.ID, other.ID, other.Version); err != nil {
		t.Fatal(err)
	}
	step("the draft deleted", map[domain.ProtocolStatus]int{domain.ProtocolAccepted: 1})
}

// TestProtocolCountsCheckAndRecount: counters changed behind the triggers'
// back (wrong, missing) are found by `kaizen recompute --check` and
// rebuilt by `kaizen recompute`.
func TestProtocolCountsCheckAndRecount(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	pr := f.draft(t, f.products[0])
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	f.draft(t, f.products[1])
	if _, err := f.s.Pool.Exec(ctx, `UPDATE protocol_counts SET submitted = 7, accepted = 2 WHERE programme_id = $1`, f.p.ID); err != nil {
		t.Fatal(err)
	}
	_, diffs, err := f.s.CheckProtocolCounts(ctx)
	want := []store.ProtocolCountDifference{{Programme: f.p.Code, Status: domain.ProtocolSubmitted, Stored: 7, Computed: 1},
		{Programme: f.p.Code, Status: domain.ProtocolAccepted, Stored: 2, Computed: 0}}
	if err != nil || fmt.Sprint(diffs) != fmt.Sprint(want) {
		t.Fatalf("CheckProtocolCounts() after tampering = %+v, %v; want %+v", diffs, err, want)
	}
	if _, err := f.s.Pool.Exec(ctx, `DELETE FROM protocol_counts WHERE programme_id = $1`, f.p.ID); err != nil {
		t.Fatal(err)
	}
	_, diffs, err = f.s.CheckProtocolCounts(ctx)
	want = []store.ProtocolCountDifference{{Programme: f.p.Code, Status: domain.ProtocolDraft, Stored: 0, Computed: 1},
		{Programme: f.p.Code, Status: domain.ProtocolSubmitted, Stored: 0, Computed: 1}}
	if err != nil || fmt.Sprint(diffs) != fmt.Sprint(want) {
		t.Fatalf("CheckProtocolCounts() with the row gone = %+v, %v; want %+v", diffs, err, want)
	}
	if fixed, err := f.s.RecountProtocolCounts(ctx); err != nil || fixed != 2 {
		t.Fatalf("RecountProtocolCounts() = %d, %v; want 2", fixed, err)
	}
	if _, diffs, err := f.s.CheckProtocolCounts(ctx); err != nil || len(diffs) > 0 {
		t.Fatalf("CheckProtocolCounts() after the recount = %+v, %v", diffs, err)
	}
}
