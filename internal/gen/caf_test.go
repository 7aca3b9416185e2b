package gen_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/domain"
	"kaizen/internal/gen"
	"kaizen/internal/store"
)

// checkCAF: signed first and second cycles in the programmes (the largest
// included), their seals what the store would write (the canonical content
// of the consensus as read back, and its SHA-256), the benchmark read
// model filled by the signing trigger, a few cycles in scoring led by an
// assessor of the unit, done actions, and the CAF indicators everywhere.
func checkCAF(t *testing.T, pool *pgxpool.Pool, got gen.Counts) {
	t.Helper()
	ctx := context.Background()
	t.Logf("CAF: %d assessments, %d signed, %d actions", got.CAFAssessments, got.CAFSigned, got.CAFActions)
	var assessments, signed, second, results, unitsSigned, live, liveLed, done, badDigest, largest, indicators int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM caf_assessments), (SELECT count(*) FROM caf_consensus WHERE status = 'signed'),
		(SELECT count(*) FROM caf_assessments a WHERE cycle = 2 AND consensus_at IS NOT NULL),
		(SELECT count(*) FROM caf_unit_results), (SELECT count(DISTINCT (programme_id, unit_id)) FROM caf_consensus WHERE status = 'signed'),
		(SELECT count(*) FROM caf_assessments WHERE consensus_at IS NULL),
		(SELECT count(*) FROM caf_assessments a JOIN caf_members m ON m.assessment_id = a.id AND m.leader JOIN users u ON u.id = m.user_id
			AND u.role = 'assessor' JOIN user_units uu ON uu.user_id = u.id AND uu.unit_id = a.unit_id WHERE a.consensus_at IS NULL),
		(SELECT count(*) FROM caf_actions WHERE status = 'done'),
		(SELECT count(*) FROM caf_consensus WHERE status = 'signed' AND digest <> encode(sha256(convert_to(signed_content, 'UTF8')), 'hex')),
		(SELECT count(*) FROM caf_unit_results WHERE programme_id = (SELECT programme_id FROM participations GROUP BY programme_id ORDER BY count(*) DESC LIMIT 1)),
		(SELECT count(DISTINCT programme_id) FROM indicators WHERE rule LIKE 'caf_%')`).
		Scan(&assessments, &signed, &second, &results, &unitsSigned, &live, &liveLed, &done, &badDigest, &largest, &indicators); err != nil {
		t.Fatal(err)
	}
	t.Logf("CAF: second cycles %d, units with results %d (largest programme %d), live %d, actions done %d", second, results, largest, live, done)
	if assessments != got.CAFAssessments || signed != got.CAFSigned || second == 0 || results != unitsSigned || results == 0 {
		t.Errorf("CAF: assessments %d signed %d second %d results %d units signed %d; counted %+v", assessments, signed, second, results, unitsSigned, got)
	}
	if live == 0 || liveLed != live || done == 0 || badDigest != 0 || largest == 0 || indicators != got.Programmes {
		t.Errorf("CAF: live %d (led by an assessor %d), done %d, bad digests %d, largest programme's results %d, programmes with indicators %d",
			live, liveLed, done, badDigest, largest, indicators)
	}
	// The seal is what the store would compute from what it reads back.
	st := store.New(pool)
	var prog, id int64
	if err := pool.QueryRow(ctx, `SELECT programme_id, assessment_id FROM caf_consensus WHERE status = 'signed' ORDER BY id DESC LIMIT 1`).
		Scan(&prog, &id); err != nil {
		t.Fatal(err)
	}
	a, err := st.CAFAssessment(ctx, prog, id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CAFConsensus(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if string(c.Canonical(a)) != c.Content || domain.DigestOf([]byte(c.Content)) != c.Digest {
		t.Errorf("seal of consensus %d differs from its canonical content:\n%s\n%s", c.ID, c.Canonical(a), c.Content)
	}
}
