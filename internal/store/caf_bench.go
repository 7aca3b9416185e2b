package store

// CAF benchmarking: the units' latest signed results (the read model
// caf_unit_results kept by the signing trigger), consent to be named in
// benchlearning, and the units' accepted good practices to learn from.
// Quartiles are computed in Go (domain.NewCAFBenchmark): one query reads
// the ~2k rows of a large programme.

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// cafCriteria is how many criteria results have (the CAF 2020 model).
func cafCriteria() int { return len(domain.CAFModelOf(domain.CAF2020).Criteria) }

// cafCriteriaColumns reads criteria 1…n of r.criteria as scalar columns
// (quicker to decode than an array); a missing one reads 0.
func cafCriteriaColumns(n int) string {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = "COALESCE(r.criteria[" + strconv.Itoa(i+1) + "], 0)::float8"
	}
	return strings.Join(cols, ", ")
}

// CAFBenchmark computes the benchmarking of a programme's units.
func (s *Store) CAFBenchmark(ctx context.Context, programmeID int64) (_ *domain.CAFBenchmark, err error) {
	defer wrap(&err, "store.CAFBenchmark(%d)", programmeID)
	// A benchmark is computed once per version of its data (kept by the
	// triggers of caf_bench_versions) and shared, read only, until the
	// version moves: a page then reads one row instead of every unit's.
	var version int64
	if err := s.Pool.QueryRow(ctx, `SELECT COALESCE((SELECT version FROM caf_bench_versions WHERE programme_id = $1), 0)`, programmeID).
		Scan(&version); err != nil {
		return nil, err
	}
	key := cafBenchKey{s, programmeID}
	if e, ok := cafBenchCache.Load(key); ok && e.(cafBenchEntry).version == version {
		return e.(cafBenchEntry).b, nil
	}
	b, err := s.computeCAFBenchmark(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	// The version read before the data: a change in between only makes the
	// next request compute again.
	cafBenchCache.Store(key, cafBenchEntry{version, b})
	return b, nil
}

// cafBenchCache holds computed benchmarks (cafBenchKey → cafBenchEntry);
// the key holds the store too: tests run several databases in one process.
var cafBenchCache sync.Map

type cafBenchKey struct {
	s  *Store
	id int64
}

type cafBenchEntry struct {
	version int64
	b       *domain.CAFBenchmark
}

func (s *Store) computeCAFBenchmark(ctx context.Context, programmeID int64) (*domain.CAFBenchmark, error) {
	n := cafCriteria()
	rows, err := s.Pool.Query(ctx, `SELECT r.unit_id, u.name, u.kind, n.unit_id IS NOT NULL, r.assessment_id, r.cycle, r.signed_on,
		r.total::float8, `+cafCriteriaColumns(n)+`
		FROM caf_unit_results r JOIN units u ON u.id = r.unit_id
		LEFT JOIN caf_named_units n ON n.programme_id = r.programme_id AND n.unit_id = r.unit_id
		WHERE r.programme_id = $1 ORDER BY u.name, r.unit_id`, programmeID)
	if err != nil {
		return nil, err
	}
	units := make([]domain.CAFUnitResult, 0, 256)
	var u domain.CAFUnitResult
	var kind string
	crit := make([]float64, n)
	dest := []any{&u.UnitID, &u.UnitName, &kind, &u.Named, &u.AssessmentID, &u.Cycle, &u.SignedOn, &u.Total}
	for i := range crit {
		dest = append(dest, &crit[i])
	}
	if _, err := pgx.ForEachRow(rows, dest, func() error {
		u.UnitKind = domain.UnitKind(kind)
		u.Criteria = slices.Clone(crit)
		units = append(units, u)
		return nil
	}); err != nil {
		return nil, err
	}
	return domain.NewCAFBenchmark(programmeID, n, units), nil
}

// CAFBenchmarkAll is the across-programme view: per programme the number
// of units with a signed result and the medians, and the distribution of
// all units' results.
func (s *Store) CAFBenchmarkAll(ctx context.Context) (_ []domain.CAFProgrammeMedians, _ domain.CAFDistributions, err error) {
	defer wrap(&err, "store.CAFBenchmarkAll")
	n := cafCriteria()
	rows, err := s.Pool.Query(ctx, `SELECT r.programme_id, p.code, p.title, r.total::float8, `+cafCriteriaColumns(n)+`
		FROM caf_unit_results r JOIN programmes p ON p.id = r.programme_id ORDER BY p.code, p.id`)
	if err != nil {
		return nil, domain.CAFDistributions{}, err
	}
	var all []domain.CAFUnitResult
	byProg := map[int64][]domain.CAFUnitResult{}
	var out []domain.CAFProgrammeMedians
	var pid int64
	var code, title string
	var u domain.CAFUnitResult
	crit := make([]float64, n)
	dest := []any{&pid, &code, &title, &u.Total}
	for i := range crit {
		dest = append(dest, &crit[i])
	}
	if _, err := pgx.ForEachRow(rows, dest, func() error {
		if _, ok := byProg[pid]; !ok {
			out = append(out, domain.CAFProgrammeMedians{ProgrammeID: pid, Code: code, Name: title})
		}
		u.Criteria = slices.Clone(crit)
		byProg[pid] = append(byProg[pid], u)
		all = append(all, u)
		return nil
	}); err != nil {
		return nil, domain.CAFDistributions{}, err
	}
	for i := range out {
		b := domain.NewCAFBenchmark(out[i].ProgrammeID, n, byProg[out[i].ProgrammeID])
		out[i].N, out[i].Total = b.Total.N, b.Total.Median
		for _, c := range b.Criteria {
			out[i].Criteria = append(out[i].Criteria, c.Median)
		}
	}
	return out, domain.NewCAFBenchmark(0, n, all).CAFDistributions, nil
}

// CAFPractice is an accepted good practice of a unit (benchlearning).
type CAFPractice struct {
	ID    int64
	Title string
}

// CAFPractices lists the accepted good practices of the units in a
// programme, by unit.
func (s *Store) CAFPractices(ctx context.Context, programmeID int64, units []int64) (_ map[int64][]CAFPractice, err error) {
	defer wrap(&err, "store.CAFPractices(%d)", programmeID)
	out := map[int64][]CAFPractice{}
	if len(units) == 0 {
		return out, nil
	}
	rows, err := s.Pool.Query(ctx, `SELECT unit_id, id, title FROM good_practices
		WHERE programme_id = $1 AND unit_id = ANY($2) AND status = 'accepted' ORDER BY title, id`, programmeID, units)
	if err != nil {
		return nil, err
	}
	var uid int64
	var p CAFPractice
	_, err = pgx.ForEachRow(rows, []any{&uid, &p.ID, &p.Title}, func() error {
		out[uid] = append(out[uid], p)
		return nil
	})
	return out, err
}

// CAFConsents are the units of a programme that consented to be named.
func (s *Store) CAFConsents(ctx context.Context, programmeID int64) (_ map[int64]bool, err error) {
	defer wrap(&err, "store.CAFConsents(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT unit_id FROM caf_named_units WHERE programme_id = $1`, programmeID)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error { out[id] = true; return nil })
	return out, err
}

// CAFConsent is a unit of a programme with its consent to be named.
type CAFConsent struct {
	UnitID int64
	Name   string
	Named  bool
}

// CAFUnitConsents are the given units that take part in the programme
// (a manager's own), by name, with their consent: one query of those
// units only, not the programme's whole list of participants.
func (s *Store) CAFUnitConsents(ctx context.Context, programmeID int64, unitIDs []int64) (_ []CAFConsent, err error) {
	defer wrap(&err, "store.CAFUnitConsents(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT u.id, u.name, n.unit_id IS NOT NULL FROM participations pa JOIN units u ON u.id = pa.unit_id
		LEFT JOIN caf_named_units n ON n.programme_id = pa.programme_id AND n.unit_id = pa.unit_id
		WHERE pa.programme_id = $1 AND pa.unit_id = ANY($2) ORDER BY u.name, u.id`, programmeID, unitIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (CAFConsent, error) {
		var c CAFConsent
		err := r.Scan(&c.UnitID, &c.Name, &c.Named)
		return c, err
	})
}

// SetCAFConsent gives (named) or withdraws a unit's consent to be named to
// other units in the programme's benchlearning.
func (s *Store) SetCAFConsent(ctx context.Context, act domain.Actor, programmeID, unitID int64, named bool) (err error) {
	defer wrap(&err, "store.SetCAFConsent(%d, %d)", programmeID, unitID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		id := FormatID(programmeID) + "/" + FormatID(unitID)
		if !named {
			tag, err := tx.Exec(ctx, `DELETE FROM caf_named_units WHERE programme_id = $1 AND unit_id = $2`, programmeID, unitID)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			return audit(ctx, tx, act, domain.AuditDelete, "caf_named_unit", id, map[string]any{"named": true}, nil)
		}
		var by *int64
		if act.UserID != 0 {
			by = &act.UserID
		}
		tag, err := tx.Exec(ctx, `INSERT INTO caf_named_units (programme_id, unit_id, given_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			programmeID, unitID, by)
		if err != nil {
			return mapError(err, "", onConstraint(domain.Errorf(domain.EINVALID, "Ta jednostka nie uczestniczy w programie."),
				"caf_named_units_programme_id_unit_id_fkey"))
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_named_unit", id, nil, map[string]any{"named": true})
	})
}
