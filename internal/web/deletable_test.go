package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kaizen/internal/testapp"
	"kaizen/web/paths"
)

// A delete button is offered only when the deletion can succeed: a task
// or training with evidence says why instead; a training without evidence
// keeps its button, and looking at its page (which tries the deletion and
// rolls it back) deletes nothing.
func TestDeleteOfferedOnlyWhenPossible(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := t.Context()
	prog, training, _, _ := demoIDs(t, app)
	coord := app.LoginAs("koordynator")
	refused := func(page, action string) bool {
		t.Helper()
		r := coord.Get(page)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, r.StatusCode)
		}
		has := strings.Contains(r.Body, `data-testid="delete-refused"`)
		if has == strings.Contains(r.Body, `action="`+action+`"`) {
			t.Fatalf("%s: refusal shown %v and the delete form shown too or neither", page, has)
		}
		return has
	}

	// PS4 has sessions in the demo.
	if !refused(paths.TrainingEdit(prog, training), paths.TrainingDelete(prog, training)) {
		t.Error("a training with sessions offers its deletion")
	}
	if r := coord.Post(paths.TrainingDelete(prog, training), nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("deleting a training with sessions: %d", r.StatusCode)
	}
	// The meetings task is counted by an indicator and has meetings.
	tasks, _ := app.Store.Tasks(ctx, prog)
	for _, task := range tasks {
		if task.Code == "PZ2" && !refused(paths.TaskEdit(prog, task.ID), paths.TaskDelete(prog, task.ID)) {
			t.Error("the meetings task offers its deletion")
		}
	}

	// A new training can be deleted, and showing it deletes nothing.
	if r := coord.Post(paths.Trainings(prog), url.Values{"code": {"XT1"}, "topic": {"próba"}, "area": {""}, "groups_planned": {"1"}, "days_per_group": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new training: %d\n%s", r.StatusCode, r.Body)
	}
	trs, _ := app.Store.Trainings(ctx, prog)
	var fresh int64
	for _, tr := range trs {
		if tr.Code == "XT1" {
			fresh = tr.ID
		}
	}
	if fresh == 0 || refused(paths.TrainingEdit(prog, fresh), paths.TrainingDelete(prog, fresh)) {
		t.Fatal("a training without evidence cannot be deleted")
	}
	if _, err := app.Store.Training(ctx, prog, fresh); err != nil {
		t.Fatalf("showing the training deleted it: %v", err)
	}
	if r := coord.Post(paths.TrainingDelete(prog, fresh), nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deleting a training without evidence: %d", r.StatusCode)
	}

	// An indicator the database lets go keeps its button (the dry run
	// agrees with the deletion itself).
	inds, _ := app.Store.Indicators(ctx, prog)
	in := inds[len(inds)-1]
	if refused(paths.IndicatorEdit(prog, in.ID), paths.IndicatorDelete(prog, in.ID)) {
		t.Fatal("an indicator the database would delete offers no deletion")
	}
	if r := coord.Post(paths.IndicatorDelete(prog, in.ID), nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deleting the indicator: %d", r.StatusCode)
	}
}
