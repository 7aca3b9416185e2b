package indicator

import (
	"context"
	"fmt"
	"slices"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// A rule computes the facts of an indicator from the raw evidence. Each
// rule of domain's catalogue is one small type in a rules_*.go file that
// reads as the rule's definition.
type rule interface {
	// kind is what the rule's facts refer to (and how a change is scoped).
	kind() domain.RefKind
	// facts computes the facts for the records ids of the rule's kind (all
	// records when all is set).
	facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error)
	// label is a SQL expression naming a fact f (a row of indicator_facts)
	// in words, for the drill-down.
	label() string
}

// batchRule is a rule that computes all facts of several of its
// indicators in one programme at once (one pass over the evidence
// instead of one per indicator); Check uses it. Its facts for one
// indicator are the same computation for a list of one.
type batchRule interface {
	rule
	factsOf(ctx context.Context, q pg.Querier, programmeID int64, ins []*domain.Indicator) (map[int64][]domain.Fact, error)
}

// rules is the engine's catalogue: each rules_*.go file registers its
// rules. A rule of domain's catalogue missing here would have no facts
// (TestCatalogueComputed forbids it).
var rules = map[domain.Rule]rule{}

// register adds the engine's computation of a rule of the domain's catalogue.
func register(r domain.Rule, x rule) bool {
	if _, dup := rules[r]; dup {
		panic("rule registered twice: " + string(r))
	}
	rules[r] = x
	return true
}

// KindOf is the reference kind of a rule's facts ("" for a rule without facts).
func KindOf(r domain.Rule) domain.RefKind {
	if x, ok := rules[r]; ok {
		return x.kind()
	}
	return ""
}

// compute returns the facts of in computed from the raw evidence, for ids
// of its rule's reference kind (all when ids is nil), dated into periods
// and sorted by subject.
func compute(ctx context.Context, q pg.Querier, in *domain.Indicator, periods domain.Periods, ids []int64) ([]domain.Fact, error) {
	r, ok := rules[in.Rule]
	if !ok {
		return nil, nil
	}
	facts, err := r.facts(ctx, q, in, pg.IDs(ids), ids == nil)
	if err != nil {
		return nil, fmt.Errorf("compute indicator %d (%s): %w", in.ID, in.Rule, err)
	}
	return finish(facts, periods), nil
}

// finish dates facts into periods and sorts them by subject.
func finish(facts []domain.Fact, periods domain.Periods) []domain.Fact {
	for i := range facts {
		facts[i].Period = periods.Of(facts[i].On)
	}
	slices.SortFunc(facts, bySubject)
	return facts
}

// computeBatches computes all facts of the indicators of one programme
// whose rule computes several at once (two or more of the rule), each as
// compute would; the others are not in the result.
func computeBatches(ctx context.Context, q pg.Querier, programmeID int64, inds []*domain.Indicator, periods domain.Periods) (map[int64][]domain.Fact, error) {
	byRule := map[domain.Rule][]*domain.Indicator{}
	for _, in := range inds {
		if _, ok := rules[in.Rule].(batchRule); ok {
			byRule[in.Rule] = append(byRule[in.Rule], in)
		}
	}
	out := map[int64][]domain.Fact{}
	for r, ins := range byRule {
		if len(ins) < 2 {
			continue
		}
		m, err := rules[r].(batchRule).factsOf(ctx, q, programmeID, ins)
		if err != nil {
			return nil, fmt.Errorf("compute the indicators of %s together: %w", r, err)
		}
		for _, in := range ins {
			out[in.ID] = finish(m[in.ID], periods) // present even without facts
		}
	}
	return out, nil
}

// areaParam is a rule's area as a SQL parameter (NULL: none).
func areaParam(in *domain.Indicator) *string {
	if in.Params.Area == "" {
		return nil
	}
	a := string(in.Params.Area)
	return &a
}

// everyTask: the rule names neither tasks nor an area, and counts all the
// programme's tasks (all areas).
func everyTask(in *domain.Indicator) bool { return in.Params.Area == "" && len(in.Params.TaskIDs) == 0 }

// everyTraining: the rule names neither trainings nor an area.
func everyTraining(in *domain.Indicator) bool {
	return in.Params.Area == "" && len(in.Params.TrainingIDs) == 0
}

func id(n int64) string { return pg.FormatID(n) }

var one = domain.DecimalFromInt(1)
