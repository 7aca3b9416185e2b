package store_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// addProductsIndicator adds an "accepted products" indicator to the fixture.
func (f *indFixture) addProductsIndicator(t testing.TB, key string, letters []string, tasks ...*domain.Task) *domain.Indicator {
	t.Helper()
	in := &domain.Indicator{ProgrammeID: f.p.ID, Number: key, Name: "odebrane produkty " + key, Type: domain.IndicatorProduct,
		Target: domain.DecimalFromInt(10), Rule: domain.RuleAcceptedProducts, Params: domain.RuleParams{ProductLetters: letters}}
	for _, tk := range tasks {
		in.Params.TaskIDs = append(in.Params.TaskIDs, tk.ID)
	}
	if err := f.s.SaveIndicator(context.Background(), admin, in, nil); err != nil {
		t.Fatalf("indicator %s: %v", key, err)
	}
	f.ind[key] = in
	return in
}

// correct makes a new version of protocol id with only the products of
// letters and decides it on date.
func (f *indFixture) correct(t testing.TB, id int64, date string, decision domain.ProtocolStatus, letters ...string) int64 {
	t.Helper()
	ctx := context.Background()
	nid, err := f.s.NewProtocolVersion(ctx, admin, f.p.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := f.s.Protocol(ctx, f.p.ID, nid)
	if err != nil {
		t.Fatal(err)
	}
	var keep []domain.ProtocolItem
	for _, it := range pr.Items {
		for _, l := range letters {
			if it.Letter == l {
				keep = append(keep, domain.ProtocolItem{UnitProductID: it.UnitProductID})
			}
		}
	}
	pr.Items = keep
	if err := f.s.SaveProtocol(ctx, admin, pr, ""); err != nil {
		t.Fatal(err)
	}
	f.decide(t, nid, date, decision)
	return nid
}

func TestAcceptedProductsRule(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	// Product a of P3 (units A and B) and of N1 (unit A).
	f.addProductsIndicator(t, "PA", []string{"a"}, f.p3, f.n1)
	// Products a and b of P3 alone.
	f.addProductsIndicator(t, "PAB", []string{"b", "a"}, f.p3)
	n := func(v domain.Decimal) string { return v.String() }

	rejected := f.protocol(t, f.p3, f.a, "2011-01-20", domain.ProtocolRejected)
	if v, _, _, _ := f.total(t, "PA"); v.Sign() != 0 {
		t.Fatalf("a rejected protocol counts: %s", n(v))
	}
	// Rework accepted: A's products a and b of P3, dated at the acceptance.
	accepted := f.correct(t, rejected.ID, "2011-02-10", domain.ProtocolAccepted, "a", "b")
	if vals := f.values(t, "PA"); len(vals) != 1 || n(vals["2011-Q1"].Value) != "1" {
		t.Fatalf("PA after P3 in A = %v, want 1 in 2011-Q1", vals)
	}
	if vals := f.values(t, "PAB"); len(vals) != 1 || n(vals["2011-Q1"].Value) != "2" {
		t.Fatalf("PAB after P3 in A = %v, want 2 in 2011-Q1 (each product once)", vals)
	}
	// N1's product a in A, accepted with remarks in the next quarter.
	f.protocol(t, f.n1, f.a, "2011-05-05", domain.ProtocolAcceptedRemarks)
	if vals := f.values(t, "PA"); n(vals["2011-Q1"].Value) != "1" || n(vals["2011-Q2"].Value) != "1" {
		t.Fatalf("PA after N1 = %v, want 1 in 2011-Q1 and 1 in 2011-Q2", vals)
	}
	// A correction handing a and b over again: each still counts once, at
	// its first acceptance.
	second := f.correct(t, accepted, "2011-09-15", domain.ProtocolAccepted, "a", "b")
	if vals := f.values(t, "PAB"); len(vals) != 1 || n(vals["2011-Q1"].Value) != "2" {
		t.Fatalf("PAB after a correction = %v, want still 2 in 2011-Q1", vals)
	}
	// The drill-down names each product with the protocol behind it.
	rows, total, err := f.s.IndicatorFacts(ctx, f.ind["PAB"], domain.FactFilter{})
	if err != nil || total != 2 {
		t.Fatalf("drill-down: %d rows of %d: %v", len(rows), total, err)
	}
	labels := map[string]bool{}
	for _, r := range rows {
		labels[r.Label] = true
		if len(r.Protocols) != 1 || r.Protocols[0].ID != second || r.UnitID != f.a.ID {
			t.Errorf("%s: protocols behind %v in unit %d, want the correction %d in unit A", r.Label, r.Protocols, r.UnitID, second)
		}
		if !r.On.Equal(d("2011-02-10")) {
			t.Errorf("%s dated %s, want its first acceptance 2011-02-10", r.Label, r.On.Format("2006-01-02"))
		}
	}
	if !labels["P3 a) opisy"] || !labels["P3 b) mierniki"] {
		t.Errorf("drill-down labels %v, want P3 a) opisy and P3 b) mierniki", labels)
	}
	// An accepted correction that drops product a takes its acceptance back.
	f.correct(t, second, "2011-10-03", domain.ProtocolAccepted, "b")
	if vals := f.values(t, "PAB"); n(vals["2011-Q1"].Value) != "1" {
		t.Fatalf("PAB after dropping a = %v, want 1 (b) in 2011-Q1", vals)
	}
	if vals := f.values(t, "PA"); n(vals["2011-Q1"].Value) != "0" || n(vals["2011-Q2"].Value) != "1" {
		t.Fatalf("PA after dropping a = %v, want only N1's a in 2011-Q2", vals)
	}
	// A protocol of another unit waiting for its decision counts nothing.
	ups, _ := f.s.UnitProducts(ctx, f.p.ID, domain.ProductFilter{UnitID: f.b.ID, TaskID: f.p3.ID})
	draft := &domain.Protocol{ProgrammeID: f.p.ID, TaskID: f.p3.ID, UnitID: f.b.ID, Place: "x", Date: d("2011-11-01"), Contractor: "L", Description: "a",
		Items: []domain.ProtocolItem{{UnitProductID: ups[0].ID}}}
	if err := f.s.SaveProtocol(ctx, admin, draft, ""); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := f.total(t, "PA"); n(v) != "1" {
		t.Fatalf("a draft counts: PA = %s", n(v))
	}
	f.check(t)
	// A product's letter changed in the plan moves it out of the rule (the
	// read model follows any statement, not only the application's).
	if err := f.s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE task_products SET letter = 'z' WHERE task_id = $1 AND letter = 'a'`, f.n1.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := f.total(t, "PA"); n(v) != "0" {
		t.Fatalf("PA after N1's a became z = %s, want 0", n(v))
	}
	f.check(t)
}

func TestAcceptedProductsRuleRefs(t *testing.T) {
	t.Parallel()
	f := newIndFixture(t)
	ctx := context.Background()
	other := newProgramme(t, f.s, "INNY")
	foreign := &domain.Task{ProgrammeID: other.ID, Code: "X1", Name: "obcy", Kind: domain.TaskProcess, Products: []domain.Product{{Letter: "a", Name: "a"}}}
	if err := f.s.SaveTask(ctx, admin, foreign); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		tasks   []int64
		letters []string
		field   string
		msg     string
	}{
		{"NoTask", nil, []string{"a"}, "rule_tasks", "Dla tej reguły wybierz co najmniej jedno zadanie."},
		{"NoLetter", []int64{f.p3.ID}, nil, "rule_letters", "Podaj litery produktów, które liczy wskaźnik (np. e albo a, c)."},
		{"NotALetter", []int64{f.p3.ID}, []string{"ab"}, "rule_letters", "Litera produktu to jedna mała litera od a do z (np. e albo a, c)."},
		{"TaskOfAnotherProgramme", []int64{foreign.ID}, []string{"a"}, "rule_tasks", "Wybierz zadania tego programu."},
		{"NoSuchTask", []int64{987654321}, []string{"a"}, "rule_tasks", "Wybierz zadania tego programu."},
		{"LetterOfNoTask", []int64{f.p3.ID}, []string{"a", "e"}, "rule_letters", "Zadanie P3 nie ma produktu e."},
		{"LetterOfNoneOfTwo", []int64{f.p3.ID, f.n1.ID}, []string{"b", "e"}, "rule_letters", "Żadne z wybranych zadań (N1, P3) nie ma produktu e."},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := &domain.Indicator{ProgrammeID: f.p.ID, Name: "produkty", Type: domain.IndicatorProduct, Target: domain.DecimalFromInt(3),
				Rule: domain.RuleAcceptedProducts, Params: domain.RuleParams{TaskIDs: c.tasks, ProductLetters: c.letters}}
			err := f.s.SaveIndicator(ctx, admin, in, nil)
			if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[c.field] != c.msg {
				t.Fatalf("err = %v, want %s: %q", err, c.field, c.msg)
			}
			if in.ID != 0 {
				t.Fatal("saved")
			}
		})
	}
	// A letter that only one of two tasks has is accepted.
	f.addProductsIndicator(t, "PB", []string{"b"}, f.p3, f.n1)
}
