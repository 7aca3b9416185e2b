package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
)

// TestPaperFourEyes: one coordinator cannot make a protocol count alone. A
// paper decision is recorded only into a submitted protocol on which the
// unit's manager has not decided; until a second person confirms it the
// protocol waits ("oczekuje na potwierdzenie") and no indicator counts it;
// the one who recorded it cannot confirm it; the seal names both.
func TestPaperFourEyes(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	recorder, confirmer := paperPair(t, f.s)
	pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.a.ID, Place: "Bielawa", Date: d("2011-03-10"), Contractor: "Lider", Description: "Opisy."}
	ups, err := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.a.ID, TaskID: f.p3.ID})
	if err != nil || len(ups) != 2 {
		t.Fatalf("products = %+v, %v", ups, err)
	}
	for _, up := range ups {
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID})
	}
	if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	paper := domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d("2011-03-11")}
	record := func(a domain.Actor) (*domain.Protocol, error) {
		cur, _ := f.s.Protocol(ctx, f.p.ID, pr.ID)
		return f.s.RecordPaperDecision(ctx, a, f.p.ID, pr.ID, cur.Version, paper, "skan.pdf", "application/pdf", pdfBytes)
	}
	if _, err := record(recorder); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a draft sealed on paper: %v", err)
	}
	cur, _ := f.s.Protocol(ctx, f.p.ID, pr.ID)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, cur.Version); err != nil {
		t.Fatal(err)
	}
	got, err := record(recorder)
	if err != nil {
		t.Fatal(err)
	}
	if rec := got.PendingPaper(); got.Status != domain.ProtocolSubmitted || rec == nil || rec.RecordedByName != "Anna Wprowadzająca" || got.Digest != "" {
		t.Fatalf("recorded = %+v", got)
	}
	if v, _, _, _ := f.total(t, "impl"); v.Sign() != 0 {
		t.Fatalf("an unconfirmed paper record counts: %s", v)
	}
	f.check(t)
	// While it waits: no second record, no withdrawal, no electronic decision.
	if _, err := record(confirmer); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a second paper record: %v", err)
	}
	if err := f.s.WithdrawProtocol(ctx, admin, f.p.ID, pr.ID, got.Version); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("withdrawn under a paper record: %v", err)
	}
	// The one who recorded it cannot confirm it, whatever role they have.
	if _, err := f.s.ConfirmPaperDecision(ctx, recorder, f.p.ID, pr.ID, got.Version); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("confirmed by the one who recorded it: %v", err)
	}
	self := recorder
	self.Role = domain.RoleAdmin
	if _, err := f.s.ConfirmPaperDecision(ctx, self, f.p.ID, pr.ID, got.Version); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("confirmed by the one who recorded it as an administrator: %v", err)
	}
	// Not even by writing the row: the database refuses it.
	if _, err := f.s.Pool.Exec(ctx, `UPDATE paper_records SET state = 'confirmed', confirmed_by = recorded_by, confirmed_by_name = 'x', confirmed_at = now() WHERE protocol_id = $1`, pr.ID); err == nil {
		t.Fatal("the database let the recorder confirm")
	}
	sealed, err := f.s.ConfirmPaperDecision(ctx, confirmer, f.p.ID, pr.ID, got.Version)
	if err != nil {
		t.Fatal(err)
	}
	if sealed.Status != domain.ProtocolAccepted || sealed.Method != domain.SignPaper || sealed.PaperSeal == nil ||
		sealed.PaperSeal.RecordedByName != "Anna Wprowadzająca" || sealed.PaperSeal.ConfirmedByName != "Tomasz Potwierdzający" {
		t.Fatalf("sealed = %+v", sealed)
	}
	if v, _, _, _ := f.total(t, "impl"); v.Cents() != 100 {
		t.Fatalf("the confirmed protocol counts %s", v)
	}
	f.check(t)
	if _, bad, err := f.s.VerifyProtocols(ctx); err != nil || len(bad) != 0 {
		t.Fatalf("verify: %+v %v", bad, err)
	}
	reloaded, _ := f.s.Protocol(ctx, f.p.ID, pr.ID)
	if reloaded.PaperSeal == nil || reloaded.PaperSeal.ConfirmedBy != confirmer.UserID || reloaded.PaperRecords[0].State != domain.PaperConfirmed {
		t.Fatalf("reloaded = %+v", reloaded)
	}
}

// TestPaperOverElectronicDecision: once the unit's manager decided in the
// application, no paper record replaces it.
func TestPaperOverElectronicDecision(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	recorder, _ := paperPair(t, f.s)
	pr := f.draft(t)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	sub := f.reload(t, pr.ID)
	if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolRejected, Remarks: "Braki."}); err != nil {
		t.Fatal(err)
	}
	dec := f.reload(t, pr.ID)
	_, err := f.s.RecordPaperDecision(ctx, recorder, f.p.ID, pr.ID, dec.Version, domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Ktoś", SignerRole: "Ktoś",
		SignedOn: d("2011-07-01")}, "skan.pdf", "application/pdf", pdfBytes)
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("paper over the manager's electronic decision: %v", err)
	}
}

// TestPaperObjection: the unit's manager objects to a paper record; while
// the objection waits it cannot be confirmed; an administrator upholds it
// (the record is annulled, the protocol waits for a decision again) or
// dismisses it (the record may be confirmed).
func TestPaperObjection(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	recorder, confirmer := paperPair(t, f.s)
	pr := f.draft(t)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	paper := domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d("2011-07-01")}
	rec, err := f.s.RecordPaperDecision(ctx, recorder, f.p.ID, pr.ID, f.reload(t, pr.ID).Version, paper, "skan.pdf", "application/pdf", pdfBytes)
	if err != nil {
		t.Fatal(err)
	}
	managerActor := domain.ActorOf(f.manager, "127.0.0.1")
	if err := f.s.ObjectPaperDecision(ctx, domain.ActorOf(f.manager2, "127.0.0.1"), f.manager2, f.p.ID, pr.ID, rec.Version, "Nie podpisywałem."); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("another unit's manager objects: %v", err)
	}
	if err := f.s.ObjectPaperDecision(ctx, managerActor, f.manager, f.p.ID, pr.ID, rec.Version, "  "); domain.FieldErrors(err)["objection_reason"] == "" {
		t.Fatalf("an objection without a reason: %v", err)
	}
	if err := f.s.ObjectPaperDecision(ctx, managerActor, f.manager, f.p.ID, pr.ID, rec.Version, "Nie podpisywałam tego protokołu."); err != nil {
		t.Fatal(err)
	}
	cur := f.reload(t, pr.ID)
	if o := cur.PendingPaper().OpenObjection(); o == nil || o.ObjectedByName != "Halina Testowa" {
		t.Fatalf("objection = %+v", cur.PendingPaper())
	}
	if _, err := f.s.ConfirmPaperDecision(ctx, confirmer, f.p.ID, pr.ID, cur.Version); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("confirmed under an objection: %v", err)
	}
	if err := f.s.DecideObjection(ctx, recorder, f.p.ID, pr.ID, cur.Version, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a coordinator decided the objection: %v", err)
	}
	if err := f.s.DecideObjection(ctx, confirmer, f.p.ID, pr.ID, cur.Version, true, "Skan nie nosi podpisu kierownika."); err != nil {
		t.Fatal(err)
	}
	cur = f.reload(t, pr.ID)
	if cur.Status != domain.ProtocolSubmitted || cur.PendingPaper() != nil || cur.PaperRecords[0].State != domain.PaperAnnulled ||
		cur.PaperRecords[0].Objections[0].State != domain.ObjectionUpheld {
		t.Fatalf("after upholding: %+v", cur)
	}
	// A new record, objected to and the objection dismissed, is confirmed.
	rec, err = f.s.RecordPaperDecision(ctx, recorder, f.p.ID, pr.ID, cur.Version, paper, "skan2.pdf", "application/pdf", append([]byte{}, append(pdfBytes, '2')...))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.ObjectPaperDecision(ctx, managerActor, f.manager, f.p.ID, pr.ID, rec.Version, "Jednak sprawdzę."); err != nil {
		t.Fatal(err)
	}
	cur = f.reload(t, pr.ID)
	if err := f.s.DecideObjection(ctx, confirmer, f.p.ID, pr.ID, cur.Version, false, "Podpis jest na skanie."); err != nil {
		t.Fatal(err)
	}
	cur = f.reload(t, pr.ID)
	if _, err := f.s.ConfirmPaperDecision(ctx, confirmer, f.p.ID, pr.ID, cur.Version); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := f.s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'protocol' AND entity_id = $1 AND action IN ('paper_record', 'paper_object', 'paper_objection', 'sign_paper')`,
		itoa(pr.ID)).Scan(&n); err != nil || n != 7 {
		t.Fatalf("audit entries = %d, %v", n, err)
	}
	notices, err := f.s.PaperNotices(ctx, f.p.ID, []int64{f.unit.ID})
	if err != nil || len(notices) != 0 {
		t.Fatalf("notices after confirmation = %+v, %v", notices, err)
	}
}
