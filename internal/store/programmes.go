package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const programmeNotFound = "Nie ma takiego programu."

// Programmes lists programmes, newest first.
func (s *Store) Programmes(ctx context.Context) (_ []domain.ProgrammeSummary, err error) {
	defer wrap(&err, "store.Programmes()")
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.code, p.title, p.start_date, p.end_date,
		(SELECT count(*) FROM participations pa WHERE pa.programme_id = p.id), p.archived_at,
		(SELECT max(start_date) FROM programme_phases ph WHERE ph.programme_id = p.id HAVING count(*) >= 2)
		FROM programmes p ORDER BY p.archived_at NULLS FIRST, p.start_date DESC, p.id DESC`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProgrammeSummary, error) {
		var p domain.ProgrammeSummary
		var closing *time.Time
		err := r.Scan(&p.ID, &p.Code, &p.Title, &p.Start, &p.End, &p.Units, &p.ArchivedAt, &closing)
		if closing != nil {
			p.ClosingFrom = *closing
		}
		return p, err
	})
}

// Programme returns a programme with its phases and components.
func (s *Store) Programme(ctx context.Context, id int64) (_ *domain.Programme, err error) {
	defer wrap(&err, "store.Programme(%d)", id)
	return getProgramme(ctx, s.Pool, id)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func getProgramme(ctx context.Context, q querier, id int64) (*domain.Programme, error) {
	var p domain.Programme
	var budget string
	err := q.QueryRow(ctx, `SELECT id, code, title, funding_line, leader_unit_id, contractor, start_date, end_date, budget::text,
		general_goal, specific_goals, archived_at FROM programmes WHERE id = $1`, id).
		Scan(&p.ID, &p.Code, &p.Title, &p.FundingLine, &p.LeaderUnitID, &p.Contractor, &p.Start, &p.End, &budget,
			&p.GeneralGoal, &p.SpecificGoals, &p.ArchivedAt)
	if err != nil {
		return nil, mapError(err, programmeNotFound)
	}
	if err := p.Budget.ScanSQL(budget); err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT name, start_date, end_date FROM programme_phases WHERE programme_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	p.Phases, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Phase, error) {
		var ph domain.Phase
		err := r.Scan(&ph.Name, &ph.Start, &ph.End)
		return ph, err
	})
	if err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT id, code, name FROM components WHERE programme_id = $1 ORDER BY code`, id)
	if err != nil {
		return nil, err
	}
	p.Components, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Component, error) {
		var c domain.Component
		err := r.Scan(&c.ID, &c.Code, &c.Name)
		return c, err
	})
	return &p, err
}

// CreateProgramme stores a programme with its phases and components.
func (s *Store) CreateProgramme(ctx context.Context, a domain.Actor, p *domain.Programme) (err error) {
	defer wrap(&err, "store.CreateProgramme(%d)", p.ID)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO programmes (code, title, funding_line, leader_unit_id, contractor, start_date, end_date, budget, general_goal, specific_goals)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9, $10) RETURNING id`,
			p.Code, p.Title, p.FundingLine, p.LeaderUnitID, p.Contractor, p.Start, p.End, p.Budget.SQL(), p.GeneralGoal, nonNil(p.SpecificGoals)).Scan(&p.ID)
		if err != nil {
			return mapError(err, "")
		}
		if err := saveProgrammeParts(ctx, tx, p); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "programme", FormatID(p.ID), nil, p)
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// saveProgrammeParts replaces the phases and reconciles the components by
// code: kept ones keep their id (tasks and indicators refer to them).
func saveProgrammeParts(ctx context.Context, tx pgx.Tx, p *domain.Programme) error {
	if _, err := tx.Exec(ctx, `DELETE FROM programme_phases WHERE programme_id = $1`, p.ID); err != nil {
		return err
	}
	for i, ph := range p.Phases {
		if _, err := tx.Exec(ctx, `INSERT INTO programme_phases (programme_id, position, name, start_date, end_date) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, i, ph.Name, ph.Start, ph.End); err != nil {
			return mapError(err, "")
		}
	}
	codes := make([]string, len(p.Components))
	for i, c := range p.Components {
		codes[i] = c.Code
	}
	if _, err := tx.Exec(ctx, `DELETE FROM components WHERE programme_id = $1 AND NOT (code = ANY($2))`, p.ID, codes); err != nil {
		return mapError(err, "", onForeignKey("", &domain.Error{Code: domain.ECONFLICT,
			Message: "Nie można usunąć komponentu, do którego należą zadania lub wskaźniki. Najpierw zmień ich komponent.",
			Fields:  map[string]string{"components": "Komponent jest używany przez zadania lub wskaźniki."}}))
	}
	for i := range p.Components {
		c := &p.Components[i]
		err := tx.QueryRow(ctx, `INSERT INTO components (programme_id, code, name) VALUES ($1, $2, $3)
			ON CONFLICT (programme_id, code) DO UPDATE SET name = EXCLUDED.name RETURNING id`, p.ID, c.Code, c.Name).Scan(&c.ID)
		if err != nil {
			return mapError(err, "")
		}
	}
	return nil
}

// UpdateProgramme changes a programme's facts, phases and components.
func (s *Store) UpdateProgramme(ctx context.Context, a domain.Actor, p *domain.Programme) (err error) {
	defer wrap(&err, "store.UpdateProgramme(%d)", p.ID)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM programmes WHERE id = $1 FOR UPDATE`, p.ID); err != nil {
			return err
		}
		before, err := getProgramme(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE programmes SET code = $2, title = $3, funding_line = $4, leader_unit_id = $5, contractor = $6,
			start_date = $7, end_date = $8, budget = $9::numeric, general_goal = $10, specific_goals = $11, updated_at = now() WHERE id = $1`,
			p.ID, p.Code, p.Title, p.FundingLine, p.LeaderUnitID, p.Contractor, p.Start, p.End, p.Budget.SQL(), p.GeneralGoal, nonNil(p.SpecificGoals))
		if err != nil {
			return mapError(err, programmeNotFound)
		}
		if err := saveProgrammeParts(ctx, tx, p); err != nil {
			return err
		}
		p.ArchivedAt = before.ArchivedAt
		return audit(ctx, tx, a, domain.AuditUpdate, "programme", FormatID(p.ID), before, p)
	})
}

// SetProgrammeArchived archives a programme or brings it back.
func (s *Store) SetProgrammeArchived(ctx context.Context, a domain.Actor, id int64, archived bool) (err error) {
	defer wrap(&err, "store.SetProgrammeArchived(%d, %t)", id, archived)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var at *time.Time
		if archived {
			now := s.Now().UTC()
			at = &now
		}
		tag, err := tx.Exec(ctx, `UPDATE programmes SET archived_at = $2, updated_at = now() WHERE id = $1`, id, at)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, programmeNotFound)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "programme", FormatID(id), nil, map[string]any{"archived_at": at})
	})
}

// Participations lists the units taking part in a programme, by name.
func (s *Store) Participations(ctx context.Context, programmeID int64) (_ []domain.Participation, err error) {
	defer wrap(&err, "store.Participations(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT pa.area_p, pa.area_n, pa.contacts, u.id, u.name, u.kind, u.voivodeship, COALESCE(u.teryt, ''), u.address, u.email, u.archived_at
		FROM participations pa JOIN units u ON u.id = pa.unit_id WHERE pa.programme_id = $1 ORDER BY u.name`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Participation, error) {
		p := domain.Participation{ProgrammeID: programmeID}
		u := &p.Unit
		err := r.Scan(&p.AreaP, &p.AreaN, &p.Contacts, &u.ID, &u.Name, &u.Kind, &u.Voivodeship, &u.TERYT, &u.Address, &u.Email, &u.ArchivedAt)
		return p, err
	})
}

// SaveParticipation adds a unit to a programme or changes its areas and contacts.
func (s *Store) SaveParticipation(ctx context.Context, a domain.Actor, p *domain.Participation) (err error) {
	defer wrap(&err, "store.SaveParticipation(%d, %d)", p.ProgrammeID, p.Unit.ID)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var inserted bool
		err := tx.QueryRow(ctx, `INSERT INTO participations (programme_id, unit_id, area_p, area_n, contacts) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (programme_id, unit_id) DO UPDATE SET area_p = EXCLUDED.area_p, area_n = EXCLUDED.area_n, contacts = EXCLUDED.contacts
			RETURNING (xmax = 0)`, p.ProgrammeID, p.Unit.ID, p.AreaP, p.AreaN, p.Contacts).Scan(&inserted)
		if err != nil {
			return mapError(err, "", onConstraint(domain.Errorf(domain.ENOTFOUND, programmeNotFound), "participations_programme_id_fkey"))
		}
		action := domain.AuditUpdate
		if inserted {
			action = domain.AuditCreate
		}
		return audit(ctx, tx, a, action, "participation", FormatID(p.ProgrammeID)+"/"+FormatID(p.Unit.ID), nil,
			map[string]any{"area_p": p.AreaP, "area_n": p.AreaN, "contacts": "***"}) // contact persons are personal data
	})
}

// DeleteParticipation removes a unit from a programme; refused while tasks
// are assigned to it there.
func (s *Store) DeleteParticipation(ctx context.Context, a domain.Actor, programmeID, unitID int64) (err error) {
	defer wrap(&err, "store.DeleteParticipation(%d, %d)", programmeID, unitID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM participations WHERE programme_id = $1 AND unit_id = $2`, programmeID, unitID)
		if err != nil {
			return mapError(err, "", refused("", "Jednostka ma przypisane zadania w tym programie: najpierw odłącz ją od zadań. Jeśli ma już dowody, zostaw ją w programie."))
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Ta jednostka nie uczestniczy w programie.")
		}
		return audit(ctx, tx, a, domain.AuditDelete, "participation", FormatID(programmeID)+"/"+FormatID(unitID), nil, nil)
	})
}

// ProgrammeCodeExists reports whether a programme has code.
func (s *Store) ProgrammeCodeExists(ctx context.Context, code string) (_ bool, err error) {
	defer wrap(&err, "store.ProgrammeCodeExists(%q)", code)
	var ok bool
	err = s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM programmes WHERE code = $1)`, code).Scan(&ok)
	return ok, err
}

// PseudonymKey is the programme's secret for pseudonyms in exports.
func (s *Store) PseudonymKey(ctx context.Context, programmeID int64) (_ string, err error) {
	defer wrap(&err, "store.PseudonymKey(%d)", programmeID)
	var k string
	err = s.Pool.QueryRow(ctx, `SELECT pseudonym_key FROM programmes WHERE id = $1`, programmeID).Scan(&k)
	return k, mapError(err, "Nie ma takiego programu.")
}
