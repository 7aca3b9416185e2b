package indicator

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// EffectiveAcceptance is the condition on a protocol p that its acceptance
// still counts: no later version of it was accepted (a correction that
// drops a product takes the earlier acceptance with it).
const EffectiveAcceptance = `p.status IN ('accepted', 'accepted_remarks') AND NOT EXISTS (SELECT 1 FROM protocols n
	WHERE n.series_id = p.series_id AND n.version_no > p.version_no AND n.status IN ('accepted', 'accepted_remarks'))`

// firstAcceptance dates each product of eff (its acceptances that still
// count) by the first accepted version of the same protocol that included
// it: a correction does not move a product to a later period.
const firstAcceptance = `SELECT e.unit_product_id, min(` + decidedOn + `) AS on_ FROM eff e
	JOIN protocols q ON q.series_id = e.series_id AND q.status IN ('accepted', 'accepted_remarks')
	JOIN protocol_items qi ON qi.protocol_id = q.id AND qi.unit_product_id = e.unit_product_id
	GROUP BY e.unit_product_id`

// decidedOn is the date of protocol q's decision: signed on paper on its
// date, in the application on the day (in Warsaw) of the signature.
const decidedOn = `COALESCE(q.signed_on, (q.signed_at AT TIME ZONE 'Europe/Warsaw')::date)`

// implementations: a task in a unit counts once every product of the task
// in that unit is accepted by a protocol that still counts, on the date
// the last of them was accepted (tasks named by the rule, or of its area;
// every task when the rule names neither).
// A protocol accepts products of its own unit only, so the protocols read
// are those of the units in scope.
type implementations struct{}

var _ = register(domain.RuleAcceptedProtocols, implementations{})

func (implementations) kind() domain.RefKind { return domain.RefUnit }

func (implementations) label() string {
	return `''` // the task's code and name, filled in by Facts (the subject names the task)
}

func (implementations) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `WITH eff AS (
			SELECT i.unit_product_id, p.id AS protocol_id, p.series_id
			FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
			WHERE p.programme_id = $1 AND ($4 OR p.unit_id = ANY($5)) AND `+EffectiveAcceptance+`),
		prod AS (`+firstAcceptance+`),
		-- The protocols behind each task in a unit, counted once for all
		-- (not once per task and unit over the whole of eff).
		protos AS (SELECT u2.task_id, u2.unit_id, count(DISTINCT e.protocol_id) AS n
			FROM eff e JOIN unit_products u2 ON u2.id = e.unit_product_id GROUP BY u2.task_id, u2.unit_id)
		SELECT up.task_id, up.unit_id, max(prod.on_), COALESCE(max(protos.n), 0)
		FROM unit_products up JOIN tasks t ON t.id = up.task_id LEFT JOIN prod ON prod.unit_product_id = up.id
			LEFT JOIN protos ON protos.task_id = up.task_id AND protos.unit_id = up.unit_id
		WHERE up.programme_id = $1 AND (up.task_id = ANY($2) OR t.area = $3 OR $6) AND ($4 OR up.unit_id = ANY($5))
		GROUP BY up.task_id, up.unit_id HAVING count(prod.unit_product_id) = count(*)`,
		[]any{in.ProgrammeID, pg.IDs(in.Params.TaskIDs), areaParam(in), all, ids, everyTask(in)}, func(r pgx.CollectableRow) error {
			var task, unit int64
			var on time.Time
			var n int
			if err := r.Scan(&task, &unit, &on, &n); err != nil {
				return err
			}
			out = append(out, domain.Fact{Subject: domain.ImplSubject(task, unit), RefKind: domain.RefUnit, RefID: unit, UnitID: unit, On: on, Value: one, Records: n})
			return nil
		})
	return out, err
}

// unitsWithProtocol: a unit counts once it has a protocol that still
// counts for a task of the area (of any task when the rule names no
// area), on the date of the first acceptance.
type unitsWithProtocol struct{}

var _ = register(domain.RuleUnitsWithProtocol, unitsWithProtocol{})

func (unitsWithProtocol) kind() domain.RefKind { return domain.RefUnit }

func (unitsWithProtocol) label() string {
	return `'jednostka'`
}

func (unitsWithProtocol) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT p.unit_id, min((SELECT min(`+decidedOn+`) FROM protocols q WHERE q.series_id = p.series_id
			AND q.status IN ('accepted', 'accepted_remarks'))), count(*)
		FROM protocols p JOIN tasks t ON t.id = p.task_id
		WHERE p.programme_id = $1 AND ($2::text IS NULL OR t.area = $2) AND `+EffectiveAcceptance+` AND ($3 OR p.unit_id = ANY($4))
		GROUP BY p.unit_id`, []any{in.ProgrammeID, areaParam(in), all, ids}, func(r pgx.CollectableRow) error {
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

// acceptedProducts: a product of the rule's tasks whose letter the rule
// names counts once in its unit (product e of task X in unit U), once a
// protocol that still counts accepted it, on the date of its first such
// acceptance: a product handed over again in a later protocol counts once,
// and one dropped by an accepted correction no longer counts.
type acceptedProducts struct{}

var _ = register(domain.RuleAcceptedProducts, acceptedProducts{})

func (acceptedProducts) kind() domain.RefKind { return domain.RefUnit }

func (acceptedProducts) label() string {
	return `(SELECT t.code || ' ' || tp.letter || ') ' || tp.name FROM unit_products up JOIN task_products tp ON tp.id = up.product_id
		JOIN tasks t ON t.id = up.task_id WHERE f.subject LIKE 'product:%' AND up.id = split_part(f.subject, ':', 2)::bigint)`
}

func (acceptedProducts) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `WITH eff AS (
			SELECT i.unit_product_id, p.id AS protocol_id, p.series_id
			FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
			WHERE p.programme_id = $1 AND p.task_id = ANY($2) AND ($4 OR p.unit_id = ANY($5)) AND `+EffectiveAcceptance+`),
		prod AS (`+firstAcceptance+`),
		protos AS (SELECT unit_product_id, count(DISTINCT protocol_id) AS n FROM eff GROUP BY unit_product_id)
		SELECT up.id, up.unit_id, prod.on_, COALESCE(protos.n, 0)
		FROM prod JOIN unit_products up ON up.id = prod.unit_product_id JOIN task_products tp ON tp.id = up.product_id
			LEFT JOIN protos ON protos.unit_product_id = up.id
		WHERE up.programme_id = $1 AND up.task_id = ANY($2) AND tp.letter = ANY($3) AND ($4 OR up.unit_id = ANY($5))`,
		[]any{in.ProgrammeID, pg.IDs(in.Params.TaskIDs), pg.Texts(in.Params.ProductLetters), all, ids}, func(r pgx.CollectableRow) error {
			var up, unit int64
			var on time.Time
			var n int
			if err := r.Scan(&up, &unit, &on, &n); err != nil {
				return err
			}
			out = append(out, domain.Fact{Subject: domain.ProductSubject(up), RefKind: domain.RefUnit, RefID: unit, UnitID: unit, On: on, Value: one, Records: n})
			return nil
		})
	return out, err
}
