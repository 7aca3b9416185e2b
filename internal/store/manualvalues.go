package store

// Values of manual indicators (wartości wpisywane ręcznie) with their
// evidence files.

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// AddManualValue records a manual indicator's value with its evidence file.
func (s *Store) AddManualValue(ctx context.Context, a domain.Actor, in *domain.Indicator, v *domain.ManualValue, fileName, contentType string, data []byte) (err error) {
	defer wrap(&err, "store.AddManualValue(%d)", in.ID)
	if in.Rule != domain.RuleManual {
		return domain.Errorf(domain.ECONFLICT, "Ten wskaźnik jest liczony z dowodów; wartości wpisuje się tylko dla wskaźników z regułą „wartość wpisywana ręcznie”.")
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := checkEvidenceDate(ctx, tx, in.ProgrammeID, "evidence_on", v.On); err != nil {
			return err
		}
		f := newFile(fileName, contentType, data)
		if err := insertFile(ctx, tx, a, f, data); err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		var unit *int64
		if v.UnitID != 0 {
			unit = &v.UnitID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO indicator_manual_values (indicator_id, value, evidence_on, note, file_id, unit_id, created_by)
			VALUES ($1, $2::numeric, $3, $4, $5, $6, $7) RETURNING id, created_at`, in.ID, v.Value.SQL(), v.On, v.Note, f.ID, unit, by).Scan(&v.ID, &v.CreatedAt); err != nil {
			return mapError(err, "")
		}
		v.File = *f
		return audit(ctx, tx, a, domain.AuditCreate, "indicator_value", FormatID(in.ID), nil,
			map[string]any{"value": v.Value, "evidence_on": v.On.Format("2006-01-02"), "note": v.Note, "file_sha256": f.SHA256})
	})
}

// ManualValues lists a manual indicator's values.
func (s *Store) ManualValues(ctx context.Context, indicatorID int64) (_ []domain.ManualValue, err error) {
	defer wrap(&err, "store.ManualValues(%d)", indicatorID)
	rows, err := s.Pool.Query(ctx, `SELECT v.id, v.value::text, v.evidence_on, v.note, COALESCE(v.unit_id, 0), COALESCE(u.username, ''), v.created_at,
		f.id, f.name, f.content_type, f.size, f.sha256
		FROM indicator_manual_values v JOIN files f ON f.id = v.file_id LEFT JOIN users u ON u.id = v.created_by
		WHERE v.indicator_id = $1 ORDER BY v.evidence_on, v.id`, indicatorID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ManualValue, error) {
		var v domain.ManualValue
		var value string
		if err := r.Scan(&v.ID, &value, &v.On, &v.Note, &v.UnitID, &v.CreatedBy, &v.CreatedAt, &v.File.ID, &v.File.Name, &v.File.ContentType, &v.File.Size, &v.File.SHA256); err != nil {
			return v, err
		}
		return v, v.Value.ScanSQL(value)
	})
}

// ManualValueFile returns a manual value's evidence file.
func (s *Store) ManualValueFile(ctx context.Context, indicatorID, fileID int64) (_ *domain.File, _ []byte, err error) {
	defer wrap(&err, "store.ManualValueFile(%d, %d)", indicatorID, fileID)
	return fileOf(ctx, s.Pool, fileOwners["indicator"], indicatorID, fileID, "Nie ma takiego pliku.")
}
