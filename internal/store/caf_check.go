package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// cafResultsComputed is what caf_unit_results should hold, computed from
// the signed consensus versions: per programme and unit the highest signed
// cycle, its latest signed version, the total and each criterion's mean.
const cafResultsComputed = `WITH eff AS (
		SELECT DISTINCT ON (c.assessment_id) c.assessment_id, c.id, c.programme_id, c.unit_id, c.total, c.signed_on, a.cycle
		FROM caf_consensus c JOIN caf_assessments a ON a.id = c.assessment_id
		WHERE c.status = 'signed' ORDER BY c.assessment_id, c.version_no DESC),
	latest AS (SELECT DISTINCT ON (programme_id, unit_id) * FROM eff ORDER BY programme_id, unit_id, cycle DESC)
	SELECT l.programme_id, l.unit_id, l.assessment_id, l.id AS consensus_id, l.cycle, l.signed_on, l.total,
		ARRAY(SELECT round(avg(s.score), 1) FROM caf_criteria cr
			JOIN caf_subcriteria sc ON sc.edition = cr.edition AND sc.criterion = cr.no
			JOIN caf_consensus_scores s ON s.consensus_id = l.id AND s.edition = sc.edition AND s.subcriterion = sc.code
			GROUP BY cr.no ORDER BY cr.no) AS criteria
	FROM latest l`

// CAFDifference is where the benchmarking read model of CAF results and
// the signed consensus versions disagree.
type CAFDifference struct {
	Programme, Unit int64
	Stored          string
	Computed        string
}

// CheckCAFResults recomputes the CAF benchmarking read model from the
// signed consensus versions and lists where the stored one differs; units
// is how many rows it checked. It changes nothing.
func (s *Store) CheckCAFResults(ctx context.Context) (units int, diffs []CAFDifference, err error) {
	defer wrap(&err, "store.CheckCAFResults()")
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH c AS (`+cafResultsComputed+`)
			SELECT COALESCE(c.programme_id, r.programme_id), COALESCE(c.unit_id, r.unit_id),
				CASE WHEN r.unit_id IS NULL THEN 'brak' ELSE format('samoocena %s, wersja %s, cykl %s, podpisano %s, wynik %s, kryteria %s',
					r.assessment_id, r.consensus_id, r.cycle, r.signed_on, r.total, r.criteria) END,
				CASE WHEN c.unit_id IS NULL THEN 'brak' ELSE format('samoocena %s, wersja %s, cykl %s, podpisano %s, wynik %s, kryteria %s',
					c.assessment_id, c.consensus_id, c.cycle, c.signed_on, c.total, c.criteria) END,
				(c.unit_id IS NOT NULL AND r.unit_id IS NOT NULL AND (c.assessment_id, c.consensus_id, c.cycle, c.signed_on, c.total, c.criteria)
					IS NOT DISTINCT FROM (r.assessment_id, r.consensus_id, r.cycle, r.signed_on, r.total, r.criteria))
			FROM c FULL JOIN caf_unit_results r ON r.programme_id = c.programme_id AND r.unit_id = c.unit_id
			ORDER BY 1, 2`)
		if err != nil {
			return err
		}
		var d CAFDifference
		var same bool
		_, err = pgx.ForEachRow(rows, []any{&d.Programme, &d.Unit, &d.Stored, &d.Computed, &same}, func() error {
			units++
			if !same {
				diffs = append(diffs, d)
			}
			return nil
		})
		return err
	})
	return units, diffs, err
}

// RecountCAFResults rebuilds the CAF benchmarking read model from the
// signed consensus versions.
func (s *Store) RecountCAFResults(ctx context.Context) (err error) {
	defer wrap(&err, "store.RecountCAFResults()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM caf_unit_results`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO caf_unit_results (programme_id, unit_id, assessment_id, consensus_id, cycle, signed_on, total, criteria) `+
			cafResultsComputed)
		return err
	})
}
