package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// The indicator form's "accepted products" rule: tasks and letters are
// checked against the programme, each mistake shown beside its field with
// 422 and nothing saved; a good one is saved with its letters.
func TestAcceptedProductsIndicatorForm(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog := app.DemoProgramme(t)
	tasks, err := app.Store.Tasks(ctx, prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	var n1, n2 *domain.Task
	for _, tk := range tasks {
		switch tk.Code {
		case "N1":
			n1 = tk
		case "N2":
			n2 = tk
		}
	}
	other := &domain.Programme{Code: "INNY-1", Title: "Inny program", FundingLine: "x", Start: prog.Start, End: prog.End}
	if err := app.Store.CreateProgramme(ctx, domain.Actor{}, other); err != nil {
		t.Fatal(err)
	}
	foreign := &domain.Task{ProgrammeID: other.ID, Code: "X1", Name: "obce", Kind: domain.TaskProcess, Products: []domain.Product{{Letter: "e", Name: "katalog"}}}
	if err := app.Store.SaveTask(ctx, domain.Actor{}, foreign); err != nil {
		t.Fatal(err)
	}
	before, _ := app.Store.Indicators(ctx, prog.ID)
	c := app.LoginAs("koordynator")
	form := func(letters string, tasks ...int64) url.Values {
		f := url.Values{"name": {"Katalogi usług"}, "type": {"product"}, "target": {"12"}, "rule": {string(domain.RuleAcceptedProducts)}, "rule_letters": {letters}}
		for _, id := range tasks {
			f.Add("rule_tasks", itoa(id))
		}
		return f
	}
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrNoTask", form("e"), "rule_tasks", "wybierz co najmniej jedno zadanie"},
		{"ErrNoLetter", form("", n2.ID), "rule_letters", "Podaj litery produktów"},
		{"ErrTaskOfAnotherProgramme", form("e", foreign.ID), "rule_tasks", "Wybierz zadania tego programu."},
		{"ErrNoSuchTask", form("e", 987654321), "rule_tasks", "Wybierz zadania tego programu."},
		{"ErrLetterOfNoTask", form("a, e", n1.ID), "rule_letters", "Zadanie N1 nie ma produktu e."},
		{"ErrNotALetter", form("e1", n2.ID), "rule_letters", "jedna mała litera"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(paths.Indicators(prog.ID), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("no message %q at %s\n%s", tc.msg, tc.field, r.Body)
			}
			if !strings.Contains(r.Body, "Katalogi usług") {
				t.Fatal("typed name lost")
			}
			if after, _ := app.Store.Indicators(ctx, prog.ID); len(after) != len(before) {
				t.Fatal("saved")
			}
		})
	}
	r := c.Post(paths.Indicators(prog.ID), form("E; a", n1.ID, n2.ID))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.Body)
	}
	after, _ := app.Store.Indicators(ctx, prog.ID)
	var saved *domain.Indicator
	for _, in := range after {
		if in.Rule == domain.RuleAcceptedProducts {
			saved = in
		}
	}
	if saved == nil || strings.Join(saved.Params.ProductLetters, ",") != "e,a" || len(saved.Params.TaskIDs) != 2 {
		t.Fatalf("saved %+v", saved)
	}
	if r := c.Get(paths.IndicatorEdit(prog.ID, saved.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "e, a") {
		t.Fatalf("edit form does not show the letters: %d", r.StatusCode)
	}
}
