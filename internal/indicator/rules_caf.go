package indicator

import (
	"context"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// The CAF rules read signed consensus versions (a consensus touches its
// unit as it changes) and improvement actions (each touches itself).

// cafUnitsAssessed: a unit counts once it has a signed consensus in the
// programme, on the day its first consensus was signed.
type cafUnitsAssessed struct{}

var _ = register(domain.RuleCAFUnitsAssessed, cafUnitsAssessed{})

func (cafUnitsAssessed) kind() domain.RefKind { return domain.RefUnit }

// label names the unit's signed cycles: "cykl 1: podpisany 2025-12-10, wynik 48,2; cykl 2: …".
func (cafUnitsAssessed) label() string {
	return `(SELECT string_agg('cykl ' || x.cycle || ': podpisany ' || to_char(x.first_on, 'YYYY-MM-DD') || ', wynik '
			|| replace(x.total::text, '.', ','), '; ' ORDER BY x.cycle)
		FROM (` + cafEffective(`f.programme_id`, `c.unit_id = f.ref_id`) + `) x)`
}

// cafEffective selects each assessment's counted consensus: its latest
// signed version (assessment, consensus, unit, cycle, total, the day its
// first version was signed). prog is the programme, units a condition on
// c.unit_id.
func cafEffective(prog, units string) string {
	return `SELECT DISTINCT ON (c.assessment_id) c.assessment_id, c.id, c.unit_id, a.cycle, c.total,
			(SELECT min(c2.signed_on) FROM caf_consensus c2 WHERE c2.assessment_id = c.assessment_id AND c2.status = 'signed') AS first_on
		FROM caf_consensus c JOIN caf_assessments a ON a.id = c.assessment_id
		WHERE c.programme_id = ` + prog + ` AND c.status = 'signed' AND (` + units + `)
		ORDER BY c.assessment_id, c.version_no DESC`
}

func (cafUnitsAssessed) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT x.unit_id, min(x.first_on), count(*) FROM (`+cafEffective(`$1`, `$2 OR c.unit_id = ANY($3)`)+`) x
		GROUP BY x.unit_id`, []any{in.ProgrammeID, all, ids}, func(r pgx.CollectableRow) error {
		var unit int64
		var on time.Time
		var n int
		if err := r.Scan(&unit, &on, &n); err != nil {
			return err
		}
		out = append(out, domain.Fact{Subject: "unit:" + id(unit), RefKind: domain.RefUnit, RefID: unit, UnitID: unit, On: on, Value: one, Records: n})
		return nil
	})
	return out, err
}

// cafTotalChange: a unit counts once it has two signed cycles; its value
// is the change of its agreed points from the first cycle to the latest
// (each cycle's latest signed version), dated on the day the latest cycle
// was first signed. The points are the total, or the mean of the chosen
// criteria's means. The programme's value is the mean over units.
type cafTotalChange struct{}

var _ = register(domain.RuleCAFTotalChange, cafTotalChange{})

func (cafTotalChange) kind() domain.RefKind { return domain.RefUnit }

// cafChanges selects per unit its first and latest signed cycles with
// their points: unit, first cycle, its points, latest cycle, its points,
// the latest's first signing day. crit is an int[] expression of chosen
// criteria (empty: the total).
func cafChanges(prog, crit, units string) string {
	return `WITH v AS (` + cafEffective(prog, units) + `),
		p AS (SELECT v.unit_id, v.cycle, v.first_on, round(CASE WHEN cardinality(` + crit + `) = 0 THEN v.total ELSE
				(SELECT avg(z.m) FROM (SELECT avg(s.score) m FROM caf_consensus_scores s
					JOIN caf_subcriteria sc ON sc.edition = s.edition AND sc.code = s.subcriterion
					WHERE s.consensus_id = v.id AND sc.criterion = ANY(` + crit + `) GROUP BY sc.criterion) z) END, 1) AS pts FROM v)
		SELECT fst.unit_id, fst.cycle, fst.pts, lst.cycle, lst.pts, lst.first_on
		FROM (SELECT DISTINCT ON (unit_id) * FROM p ORDER BY unit_id, cycle) fst
		JOIN (SELECT DISTINCT ON (unit_id) * FROM p ORDER BY unit_id, cycle DESC) lst ON lst.unit_id = fst.unit_id AND lst.cycle > fst.cycle`
}

// cafCriteriaOf is the fact's indicator's criteria: an array expression,
// not a bare subquery (inside ANY(…) that would compare with its rows).
const cafCriteriaOf = `((SELECT COALESCE(array_agg(x::int), '{}') FROM indicators i, jsonb_array_elements_text(COALESCE(i.rule_params->'caf_criteria', '[]')) x
	WHERE i.id = f.indicator_id)::int[])`

// label: "cykl 1: 48,2 pkt → cykl 2: 55,0 pkt".
func (cafTotalChange) label() string {
	return `(SELECT 'cykl ' || s.c1 || ': ' || replace(s.p1::text, '.', ',') || ' pkt → cykl ' || s.c2 || ': ' || replace(s.p2::text, '.', ',') || ' pkt'
		FROM (` + cafChanges(`f.programme_id`, cafCriteriaOf, `c.unit_id = f.ref_id`) + `) AS s (unit_id, c1, p1, c2, p2, on_))`
}

func (cafTotalChange) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	crit := in.Params.CAFCriteria
	if crit == nil {
		crit = []int{}
	}
	var out []domain.Fact
	err := pg.Each(ctx, q, cafChanges(`$1`, `$4::int[]`, `$2 OR c.unit_id = ANY($3)`), []any{in.ProgrammeID, all, ids, crit},
		func(r pgx.CollectableRow) error {
			var unit int64
			var c1, c2 int
			var p1, p2 float64
			var on time.Time
			if err := r.Scan(&unit, &c1, &p1, &c2, &p2, &on); err != nil {
				return err
			}
			change := math.Round((p2-p1)*10) / 10
			out = append(out, domain.Fact{Subject: "unit:" + id(unit), RefKind: domain.RefUnit, RefID: unit, UnitID: unit, On: on,
				Value: domain.DecimalFromFloat(change), Records: 2})
			return nil
		})
	return out, err
}

// cafActionsDone: an improvement action counts once it is done, on the
// day it was done.
type cafActionsDone struct{}

var _ = register(domain.RuleCAFActionsDone, cafActionsDone{})

func (cafActionsDone) kind() domain.RefKind { return domain.RefCAFAction }

func (cafActionsDone) label() string {
	return `(SELECT a.title || COALESCE(' (podkryterium ' || a.subcriterion || ')', '') FROM caf_actions a WHERE a.id = f.ref_id)`
}

func (cafActionsDone) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT a.id, a.unit_id, a.done_on FROM caf_actions a
		WHERE a.programme_id = $1 AND a.status = 'done' AND ($2 OR a.id = ANY($3))`, []any{in.ProgrammeID, all, ids},
		func(r pgx.CollectableRow) error {
			var aid, unit int64
			var on time.Time
			if err := r.Scan(&aid, &unit, &on); err != nil {
				return err
			}
			out = append(out, domain.Fact{Subject: "caf_action:" + id(aid), RefKind: domain.RefCAFAction, RefID: aid, UnitID: unit, On: on,
				Value: one, Records: 1})
			return nil
		})
	return out, err
}
