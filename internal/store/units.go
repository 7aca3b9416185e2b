package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// CreateUnit stores a unit.
func (s *Store) CreateUnit(ctx context.Context, a domain.Actor, u *domain.Unit) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO units (name, kind, voivodeship) VALUES ($1, $2, $3) RETURNING id`,
			u.Name, string(u.Kind), u.Voivodeship).Scan(&u.ID)
		if err != nil {
			return mapError(err, "")
		}
		return audit(ctx, tx, a, domain.AuditCreate, "unit", FormatID(u.ID), nil, u)
	})
}

// ListUnits returns every unit by name.
func (s *Store) ListUnits(ctx context.Context) ([]domain.Unit, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, name, kind, voivodeship FROM units ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Unit, error) {
		var u domain.Unit
		err := r.Scan(&u.ID, &u.Name, &u.Kind, &u.Voivodeship)
		return u, err
	})
}
