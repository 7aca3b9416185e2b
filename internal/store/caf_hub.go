package store

// The CAF hub's read of agreed totals (caf_cycle pages).

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// CAFSignedTotals is the agreed total of each signed assessment of a
// programme (assessment id → total of its latest signed consensus version).
func (s *Store) CAFSignedTotals(ctx context.Context, programmeID int64) (_ map[int64]float64, err error) {
	defer wrap(&err, "store.CAFSignedTotals(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT DISTINCT ON (c.assessment_id) c.assessment_id, c.total::float8
		FROM caf_consensus c JOIN caf_assessments a ON a.id = c.assessment_id
		WHERE a.programme_id = $1 AND c.status = 'signed' AND c.total IS NOT NULL
		ORDER BY c.assessment_id, c.version_no DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	out := map[int64]float64{}
	var id int64
	var total float64
	_, err = pgx.ForEachRow(rows, []any{&id, &total}, func() error {
		out[id] = total
		return nil
	})
	return out, err
}
