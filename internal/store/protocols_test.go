package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

var pdfBytes = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

type protocolFixture struct {
	s        *store.Store
	p        *domain.Programme
	unit     *domain.Unit
	other    *domain.Unit
	task     int64
	products []domain.UnitProduct
	manager  *domain.User
	manager2 *domain.User
}

func newProtocolFixture(t *testing.T) *protocolFixture {
	t.Helper()
	ctx := context.Background()
	s := testdb.Store(t)
	p := newProgramme(t, s, "PR")
	f := &protocolFixture{s: s, p: p, unit: newUnit(t, s, "Urząd Miasta Bielawa"), other: newUnit(t, s, "Urząd Gminy Dzierżoniów")}
	for _, u := range []*domain.Unit{f.unit, f.other} {
		if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *u, Areas: []domain.Area{domain.AreaP}}); err != nil {
			t.Fatal(err)
		}
	}
	task := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "usprawnienie procesów", Kind: domain.TaskProcess,
		UnitIDs:  []int64{f.unit.ID, f.other.ID},
		Products: []domain.Product{{Letter: "a", Name: "opisy procesów"}, {Letter: "b", Name: "mierniki oceny procesów"}}}
	if err := s.SaveTask(ctx, admin, task); err != nil {
		t.Fatal(err)
	}
	f.task = task.ID
	var err error
	if f.products, err = s.UnitProducts(ctx, p.ID, domain.ProductFilter{UnitID: f.unit.ID}); err != nil || len(f.products) != 2 {
		t.Fatalf("products of the unit = %+v, %v", f.products, err)
	}
	f.manager = &domain.User{Username: "kier1", DisplayName: "Halina Testowa", Role: domain.RoleUnitManager, UnitIDs: []int64{f.unit.ID}, Active: true}
	f.manager2 = &domain.User{Username: "kier2", DisplayName: "Jan Obcy", Role: domain.RoleUnitManager, UnitIDs: []int64{f.other.ID}, Active: true}
	for _, u := range []*domain.User{f.manager, f.manager2} {
		if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// draft saves a new draft protocol of the fixture's unit with its products
// (all of them when none is named).
func (f *protocolFixture) draft(t *testing.T, only ...domain.UnitProduct) *domain.Protocol {
	t.Helper()
	pr := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.task, UnitID: f.unit.ID, Place: "Bielawa", Date: d("2011-06-30"),
		Contractor: "Powiat Dzierżoniowski (lider)", Description: "Przekazanie opisów procesów i mierników."}
	if len(only) == 0 {
		only = f.products
	}
	for _, up := range only {
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID, DoneOn: d("2011-06-20")})
	}
	if err := f.s.SaveProtocol(context.Background(), admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	return pr
}

func (f *protocolFixture) reload(t *testing.T, id int64) *domain.Protocol {
	t.Helper()
	p, err := f.s.Protocol(context.Background(), f.p.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProtocolLifecycle(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	if _, err := f.s.AddProductDocument(ctx, admin, f.products[0].ID, "opisy.pdf", "application/pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}
	pr := f.draft(t)
	if pr.Number() != itoa(pr.ID)+"/1" {
		t.Fatalf("number = %s", pr.Number())
	}
	got := f.reload(t, pr.ID)
	if len(got.Items) != 2 || got.Items[0].Letter != "a" || len(got.Attachments) != 1 || got.TaskCode != "P3" || got.UnitName != f.unit.Name {
		t.Fatalf("draft = %+v", got)
	}

	t.Run("ErrDecideDraft", func(t *testing.T) {
		_, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, got.Version, domain.Decision{Status: domain.ProtocolAccepted})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, got.Version); err != nil {
		t.Fatal(err)
	}
	sub := f.reload(t, pr.ID)
	if sub.Status != domain.ProtocolSubmitted || len(sub.Attachments) != 1 {
		t.Fatalf("submitted = %+v", sub)
	}
	if up, _ := f.s.UnitProduct(ctx, f.p.ID, f.products[0].ID); up.Status != domain.ProductSubmitted {
		t.Fatalf("product status = %s", up.Status)
	}

	t.Run("ErrEditSubmitted", func(t *testing.T) {
		c := *sub
		c.Place = "gdzie indziej"
		if err := f.s.SaveProtocol(ctx, admin, &c, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrManagerOfAnotherUnit", func(t *testing.T) {
		_, err := f.s.DecideProtocol(ctx, admin, f.manager2, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolAccepted})
		if domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrRemarksRequired", func(t *testing.T) {
		_, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolRejected})
		if domain.FieldErrors(err)["remarks"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		_, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version-1, domain.Decision{Status: domain.ProtocolAccepted})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})

	signed, err := f.s.DecideProtocol(ctx, domain.ActorOf(f.manager, "127.0.0.1"), f.manager, f.p.ID, pr.ID, sub.Version,
		domain.Decision{Status: domain.ProtocolAcceptedRemarks, Remarks: "Uzupełnić mierniki o wartości bazowe."})
	if err != nil {
		t.Fatal(err)
	}
	stored := f.reload(t, pr.ID)
	if stored.Digest != signed.Digest || len(stored.Digest) != 64 || stored.Content != string(stored.Canonical()) || domain.DigestOf(stored.Canonical()) != stored.Digest {
		t.Fatalf("sealed content does not recompute:\nstored  %s\nnow     %s", stored.Content, stored.Canonical())
	}
	if !strings.Contains(stored.Content, `"sha256":"`+signed.Attachments[0].SHA256+`"`) || !strings.Contains(stored.Content, `"name":"Halina Testowa"`) {
		t.Fatalf("content lacks the attachment digest or the signer: %s", stored.Content)
	}
	if up, _ := f.s.UnitProduct(ctx, f.p.ID, f.products[0].ID); up.Status != domain.ProductAcceptedRemarks || isoDate(up.DoneOn) != "2011-06-20" {
		t.Fatalf("product after acceptance = %+v", up)
	}

	t.Run("ErrDecideTwice", func(t *testing.T) {
		_, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, stored.Version, domain.Decision{Status: domain.ProtocolAccepted})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrDeleteDocumentOfSubmittedProtocol", func(t *testing.T) {
		err := f.s.DeleteProductDocument(ctx, admin, f.products[0].ID, signed.Attachments[0].ID)
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("DatabaseRefusesChangesAsTheApplication", func(t *testing.T) {
		var role string
		if err := f.s.Pool.QueryRow(ctx, "SELECT current_user").Scan(&role); err != nil || role != store.AppRole {
			t.Fatalf("the application acts as %q (%v), want %s", role, err, store.AppRole)
		}
		for _, sql := range []string{
			"UPDATE protocols SET remarks = 'podmienione' WHERE id = $1",
			"UPDATE protocols SET status = 'rejected', remarks = 'x' WHERE id = $1",
			"DELETE FROM protocols WHERE id = $1",
			"DELETE FROM protocol_items WHERE protocol_id = $1",
			"UPDATE protocol_items SET name = 'inny' WHERE protocol_id = $1",
			"INSERT INTO protocol_files (protocol_id, file_id) SELECT $1, id FROM files LIMIT 1",
			"DELETE FROM protocol_files WHERE protocol_id = $1",
			"UPDATE files SET data = 'x' WHERE id IN (SELECT file_id FROM protocol_files WHERE protocol_id = $1)",
			"ALTER TABLE protocols DISABLE TRIGGER protocols_sealed",
		} {
			var args []any
			if strings.Contains(sql, "$1") {
				args = append(args, pr.ID)
			}
			tag, err := f.s.Pool.Exec(ctx, sql, args...)
			if err == nil {
				t.Errorf("%s succeeded (%s) on a signed protocol", sql, tag)
			}
		}
		if again := f.reload(t, pr.ID); again.Digest != stored.Digest || again.Remarks != stored.Remarks {
			t.Fatalf("signed protocol changed: %+v", again)
		}
	})
	t.Run("NewVersionReplacesTheSignedOne", func(t *testing.T) {
		id, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		v2 := f.reload(t, id)
		if v2.VersionNo != 2 || v2.SeriesID != pr.ID || v2.ReplacesID == nil || *v2.ReplacesID != pr.ID || v2.Status != domain.ProtocolDraft || len(v2.Items) != 2 {
			t.Fatalf("v2 = %+v", v2)
		}
		if old := f.reload(t, pr.ID); old.ReplacedBy == nil || *old.ReplacedBy != id || old.Superseded() {
			t.Fatalf("v1 does not point to v2 or is superseded by a draft: %+v", old)
		}
		if _, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, pr.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second new version of v1: %v", err)
		}
		versions, err := f.s.ProtocolVersions(ctx, f.p.ID, pr.ID)
		if err != nil || len(versions) != 2 || versions[0].ID != id {
			t.Fatalf("versions = %v, %v", versions, err)
		}
	})
}

func TestProtocolRejectedThenPaperAcceptance(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	pr := f.draft(t)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
		t.Fatal(err)
	}
	sub := f.reload(t, pr.ID)
	if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolRejected, Remarks: "Brak opisu procesu B."}); err != nil {
		t.Fatal(err)
	}
	if up, _ := f.s.UnitProduct(ctx, f.p.ID, f.products[0].ID); up.Status != domain.ProductRejected {
		t.Fatalf("product status = %s", up.Status)
	}
	id, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	v2 := f.reload(t, id)
	paper := domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Halina Testowa", SignerRole: "Burmistrz", SignedOn: d("2011-07-05")}
	t.Run("ErrPaperWithoutScan", func(t *testing.T) {
		_, err := f.s.RecordPaperDecision(ctx, admin, f.p.ID, id, v2.Version, paper, "", "", nil)
		if domain.FieldErrors(err)["file"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPaperWithoutSigner", func(t *testing.T) {
		bad := paper
		bad.SignerName = ""
		_, err := f.s.RecordPaperDecision(ctx, admin, f.p.ID, id, v2.Version, bad, "skan.pdf", "application/pdf", pdfBytes)
		if domain.FieldErrors(err)["signer_name"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPaperOfDraft", func(t *testing.T) {
		recorder, _ := paperPair(t, f.s)
		_, err := f.s.RecordPaperDecision(ctx, recorder, f.p.ID, id, v2.Version, paper, "skan.pdf", "application/pdf", pdfBytes)
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("a paper decision recorded into a draft: %v", err)
		}
	})
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, id, v2.Version); err != nil {
		t.Fatal(err)
	}
	got, err := decideOnPaper(t, f.s, f.p.ID, id, paper)
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != domain.SignPaper || got.ScanFile == nil || got.Status != domain.ProtocolAccepted {
		t.Fatalf("paper protocol = %+v", got)
	}
	if up, _ := f.s.UnitProduct(ctx, f.p.ID, f.products[0].ID); up.Status != domain.ProductAccepted {
		t.Fatalf("product status = %s", up.Status)
	}
	checked, bad, err := f.s.VerifyProtocols(ctx)
	if err != nil || checked != 2 || len(bad) != 0 {
		t.Fatalf("verify = %d, %+v, %v", checked, bad, err)
	}
}

// TestVerifyCatchesSuperuserTampering: a database superuser can switch the
// triggers off; the digest still tells.
func TestVerifyCatchesSuperuserTampering(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	if _, err := f.s.AddProductDocument(ctx, admin, f.products[1].ID, "mierniki.pdf", "application/pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range 2 {
		pr := f.draft(t, f.products[i])
		if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, pr.ID, pr.Version); err != nil {
			t.Fatal(err)
		}
		sub := f.reload(t, pr.ID)
		if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolAccepted}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.ID)
	}
	if _, bad, err := f.s.VerifyProtocols(ctx); err != nil || len(bad) != 0 {
		t.Fatalf("before tampering: %+v, %v", bad, err)
	}
	su, err := pgx.Connect(ctx, f.s.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	for _, sql := range []string{
		"SET session_replication_role = replica", // triggers off: superusers only
		"UPDATE protocols SET remarks = 'dopisane po podpisie' WHERE id = " + itoa(ids[0]),
		"UPDATE files SET data = 'podmieniony' WHERE id = (SELECT file_id FROM protocol_files WHERE protocol_id = " + itoa(ids[1]) + " LIMIT 1)",
	} {
		if _, err := su.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	var fileID int64
	_ = su.QueryRow(ctx, "SELECT file_id FROM protocol_files WHERE protocol_id = $1", ids[1]).Scan(&fileID)
	if _, _, err := f.s.FileData(ctx, "protocol", ids[1], fileID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("download of a changed attachment: %v", err)
	}
	checked, bad, err := f.s.VerifyProtocols(ctx)
	if err != nil || checked != 2 || len(bad) != 2 {
		t.Fatalf("verify = %d, %+v, %v", checked, bad, err)
	}
	if bad[0].ID != ids[0] || !strings.Contains(bad[0].Problem, "remarks") || bad[1].ID != ids[1] || !strings.Contains(bad[1].Problem, "attachments") {
		t.Fatalf("mismatches = %+v", bad)
	}

	// Unsealed or deleted behind the triggers' back: the audit trail's
	// record of the signatures tells.
	for _, sql := range []string{
		"UPDATE protocols SET status = 'submitted', signed_at = NULL, digest = NULL, signed_content = NULL, method = NULL, signer_name = NULL, signer_id = NULL, remarks = '' WHERE id = " + itoa(ids[0]),
		"DELETE FROM protocol_files WHERE protocol_id = " + itoa(ids[1]),
		"DELETE FROM protocol_items WHERE protocol_id = " + itoa(ids[1]),
		"DELETE FROM protocols WHERE id = " + itoa(ids[1]),
	} {
		if _, err := su.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	checked, bad, err = f.s.VerifyProtocols(ctx)
	if err != nil || checked != 0 || len(bad) != 2 || bad[0].ID != ids[0] || !strings.Contains(bad[0].Problem, "dzienniku") ||
		bad[1].ID != ids[1] || !strings.Contains(bad[1].Problem, "nie istnieje") {
		t.Fatalf("verify after unsealing and deleting = %d, %+v, %v", checked, bad, err)
	}
}

func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// TestTaskEditKeepsProducts: saving a task keeps its units' products (and
// their progress); a unit with a protocol cannot be taken off the task.
func TestTaskEditKeepsProducts(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	f.draft(t)
	tasks, _ := f.s.Tasks(ctx, f.p.ID)
	task := tasks[0]
	task.Products = append(task.Products, domain.Product{Letter: "c", Name: "zasady monitorowania"})
	if err := f.s.SaveTask(ctx, admin, task); err != nil {
		t.Fatal(err)
	}
	after, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.unit.ID})
	if len(after) != 3 || after[0].ID != f.products[0].ID || after[1].ID != f.products[1].ID {
		t.Fatalf("products after adding c): %+v", after)
	}
	task.UnitIDs = []int64{f.other.ID}
	err := f.s.SaveTask(ctx, admin, task)
	if domain.ErrorCode(err) != domain.ECONFLICT || domain.FieldErrors(err)["units"] == "" {
		t.Fatalf("taking a unit with a protocol off the task: %v", err)
	}
	others, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.other.ID})
	doc, err := f.s.AddProductDocument(ctx, admin, others[0].ID, "a.pdf", "application/pdf", pdfBytes)
	if err != nil {
		t.Fatal(err)
	}
	task.UnitIDs = []int64{f.unit.ID}
	if err := f.s.SaveTask(ctx, admin, task); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("taking a unit with product documents off the task: %v", err)
	}
	if err := f.s.DeleteProductDocument(ctx, admin, others[0].ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SaveTask(ctx, admin, task); err != nil {
		t.Fatalf("taking a unit without protocols off the task: %v", err)
	}
	if rest, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.other.ID}); len(rest) != 0 {
		t.Fatalf("products of the unit taken off: %d", len(rest))
	}
}

// TestCorrections: a correction replaces an accepted protocol only once it
// is accepted itself; while it waits the products are submitted, a
// withdrawn or rejected correction leaves the acceptance standing. A product
// is in one undecided protocol at a time.
func TestCorrections(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	status := func() domain.ProductStatus {
		up, err := f.s.UnitProduct(ctx, f.p.ID, f.products[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		return up.Status
	}
	sign := func(id int64, st domain.ProtocolStatus) {
		t.Helper()
		pr := f.reload(t, id)
		if pr.Status == domain.ProtocolDraft {
			if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, id, pr.Version); err != nil {
				t.Fatal(err)
			}
			pr = f.reload(t, id)
		}
		if _, err := f.s.DecideProtocol(ctx, admin, f.manager, f.p.ID, id, pr.Version, domain.Decision{Status: st, Remarks: "uwagi"}); err != nil {
			t.Fatal(err)
		}
	}
	v1 := f.draft(t, f.products[0])
	if _, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, v1.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("new version of a draft: %v", err)
	}
	other := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.task, UnitID: f.unit.ID, Place: "x", Date: d("2011-06-30"), Contractor: "x",
		Description: "x", Items: []domain.ProtocolItem{{UnitProductID: f.products[0].ID}}}
	if err := f.s.SaveProtocol(ctx, admin, other, ""); domain.FieldErrors(err)["items"] == "" {
		t.Fatalf("a product in two undecided protocols: %v", err)
	}
	sign(v1.ID, domain.ProtocolAccepted)
	if st := status(); st != domain.ProductAccepted {
		t.Fatalf("after acceptance: %s", st)
	}
	if err := f.s.SaveProtocol(ctx, admin, other, ""); domain.FieldErrors(err)["items"] == "" {
		t.Fatalf("an accepted product in a new protocol instead of a correction: %v", err)
	}
	v2, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	p2 := f.reload(t, v2)
	if err := f.s.SubmitProtocol(ctx, admin, f.p.ID, v2, p2.Version); err != nil {
		t.Fatal(err)
	}
	if st := status(); st != domain.ProductSubmitted {
		t.Fatalf("correction waiting: %s", st)
	}
	p2 = f.reload(t, v2)
	if err := f.s.WithdrawProtocol(ctx, admin, f.p.ID, v2, p2.Version); err != nil {
		t.Fatal(err)
	}
	if st := status(); st != domain.ProductAccepted {
		t.Fatalf("correction withdrawn: %s, want the acceptance standing", st)
	}
	sign(v2, domain.ProtocolRejected)
	if st := status(); st != domain.ProductAccepted || f.reload(t, v1.ID).Superseded() {
		t.Fatalf("correction rejected: product %s, v1 superseded %v", st, f.reload(t, v1.ID).Superseded())
	}
	v3, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, v2)
	if err != nil {
		t.Fatal(err)
	}
	sign(v3, domain.ProtocolAcceptedRemarks)
	if st := status(); st != domain.ProductAcceptedRemarks {
		t.Fatalf("correction accepted: %s", st)
	}
	if one := f.reload(t, v1.ID); one.SupersededBy == nil || *one.SupersededBy != v3 {
		t.Fatalf("v1 superseded by %v, want %d", one.SupersededBy, v3)
	}
	current, _ := f.s.Protocols(ctx, f.p.ID, domain.ProtocolFilter{Current: true})
	for _, pr := range current {
		if pr.ID == v1.ID {
			t.Fatal("a superseded version is listed as current")
		}
	}
	hist, _ := f.s.AuditFor(ctx, "unit_product", itoa(f.products[0].ID))
	if len(hist) < 5 {
		t.Fatalf("product status changes audited %d times, want every change", len(hist))
	}
}
