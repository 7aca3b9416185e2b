package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// cafActionPlan is where a demo improvement action (cafDemoActions[i])
// stands: the signed first cycle it follows (index in cafUnits) and its
// status; link names a task ("task") or good practice ("practice") it
// comes from.
var cafActionPlan = []struct {
	unit   int
	status domain.ActionStatus
	link   string
}{
	{0, domain.ActionDone, ""}, {0, domain.ActionInProgress, ""}, {0, domain.ActionDone, ""}, {0, domain.ActionPlanned, ""},
	{0, domain.ActionDropped, ""}, {1, domain.ActionDone, ""}, {1, domain.ActionDone, ""}, {3, domain.ActionInProgress, ""},
	{2, domain.ActionDone, "practice"}, {2, domain.ActionInProgress, "task"}, {2, domain.ActionDone, ""}, {1, domain.ActionDone, ""},
	{2, domain.ActionPlanned, ""},
}

// loadCAFActions writes the improvement plans of the signed first cycles
// (signed: one per cafUnits entry) through the store, as each group's
// leader: planned, in progress, done (on past dates) and one dropped; one
// action comes from task P3, one applies an accepted good practice.
func loadCAFActions(ctx context.Context, st *store.Store, p *domain.Programme, signed []*domain.CAFAssessment,
	users map[string]*domain.User, today time.Time) error {
	if len(cafActionPlan) != len(cafDemoActions) || len(signed) != len(cafUnits) {
		return errors.New("the demo CAF plan does not match its texts")
	}
	var task, practice *int64
	var id, pr int64
	err := st.Pool.QueryRow(ctx, `SELECT id FROM tasks WHERE programme_id = $1 AND code = 'P3' ORDER BY id LIMIT 1`, p.ID).Scan(&id)
	switch {
	case err == nil:
		task = &id
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	err = st.Pool.QueryRow(ctx, `SELECT id FROM good_practices WHERE programme_id = $1 AND status = 'accepted' ORDER BY id LIMIT 1`, p.ID).Scan(&pr)
	switch {
	case err == nil:
		practice = &pr
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	for i, x := range cafActionPlan {
		t, a := cafDemoActions[i], signed[x.unit]
		act := domain.ActorOf(users[cafUnits[x.unit].members[0]], "local")
		starts := Weekday(a.SignedOn.AddDate(0, 0, 14+i))
		ends := starts.AddDate(0, 3+i%6, 0)
		var done time.Time
		switch x.status {
		case domain.ActionDone:
			done = Weekday(ends.AddDate(0, 0, -10))
			if limit := today.AddDate(0, 0, -7); done.After(limit) {
				done = Weekday(limit.AddDate(0, 0, -3))
			}
		case domain.ActionInProgress:
			ends = today.AddDate(0, 2+i%3, 0)
		case domain.ActionPlanned:
			starts, ends = Weekday(today.AddDate(0, 0, 14)), today.AddDate(0, 4, 0)
		}
		action := &domain.CAFAction{Sub: t.Sub, Title: t.Title, Description: t.Description, Owner: t.Owner, StartsOn: starts, EndsOn: ends,
			Impact: 1 + (i*2)%3, Effort: 1 + i%3, Status: domain.ActionPlanned}
		switch x.link {
		case "task":
			action.TaskID = task
		case "practice":
			action.PracticeID = practice
		}
		// Planned on the day the plan was made; its later state saved
		// then (done on its date).
		if err := atClock(st, a.SignedOn.AddDate(0, 0, 7).Add(10*time.Hour)).CreateCAFAction(ctx, act, a, action); err != nil {
			return fmt.Errorf("action %s: %w", t.Title, err)
		}
		if x.status == domain.ActionPlanned {
			continue
		}
		action.Status, action.DoneOn = x.status, done
		when := today.AddDate(0, 0, -5)
		if x.status == domain.ActionDone {
			when = done
		}
		if err := atClock(st, when.Add(14*time.Hour)).UpdateCAFAction(ctx, act, a, action, action.Version); err != nil {
			return fmt.Errorf("action %s: %w", t.Title, err)
		}
	}
	return nil
}

// loadCAFIndicators defines the programme's CAF indicators C1–C3.
func loadCAFIndicators(ctx context.Context, st *store.Store, p *domain.Programme) error {
	for _, in := range []*domain.Indicator{
		{Number: "C1", Name: "Jednostki, które przeprowadziły samoocenę CAF", UnitOfMeasure: "jednostki", Target: domain.DecimalFromInt(4),
			Rule:   domain.RuleCAFUnitsAssessed,
			Method: "Liczba jednostek, w których kierownik podpisał konsensus samooceny CAF; każda jednostka liczy się raz, w dniu pierwszego podpisu.",
			Source: "Raporty z samooceny CAF podpisane przez kierowników jednostek.", Frequency: "Po podpisaniu każdego konsensusu."},
		{Number: "C2", Name: "Zmiana wyniku samooceny CAF", UnitOfMeasure: "pkt", Target: domain.DecimalFromInt(10),
			Rule: domain.RuleCAFTotalChange,
			Method: "Różnica uzgodnionego wyniku ogólnego samooceny CAF między pierwszym a ostatnim podpisanym cyklem w każdej jednostce; " +
				"wartość dla programu to średnia z jednostek, które mają co najmniej dwa cykle.",
			Source: "Podpisane konsensusy kolejnych cykli samooceny CAF.", Frequency: "Po podpisaniu konsensusu kolejnego cyklu."},
		{Number: "C3", Name: "Zrealizowane działania planów doskonalenia", UnitOfMeasure: "działania", Target: domain.DecimalFromInt(12),
			Rule:   domain.RuleCAFActionsDone,
			Method: "Liczba działań planów doskonalenia po samoocenie CAF oznaczonych jako zrealizowane, w dniu realizacji.",
			Source: "Plany doskonalenia jednostek prowadzone w aplikacji.", Frequency: "Na bieżąco."},
	} {
		in.ProgrammeID, in.Type = p.ID, domain.IndicatorResult
		if err := st.SaveIndicator(ctx, system, in, nil); err != nil {
			return fmt.Errorf("indicator %s: %w", in.Number, err)
		}
	}
	return nil
}
