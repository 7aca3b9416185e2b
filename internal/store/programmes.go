package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const programmeNotFound = "Nie ma takiego programu."

// closingFromSQL is the start of programme p's closing phase: its last
// phase when it has two or more (domain.ClosingPhaseStart).
const closingFromSQL = `(SELECT max(start_date) FROM programme_phases ph WHERE ph.programme_id = p.id HAVING count(*) >= 2)`

// Programmes lists programmes, newest first.
func (s *Store) Programmes(ctx context.Context) (_ []domain.ProgrammeSummary, err error) {
	defer wrap(&err, "store.Programmes()")
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.code, p.title, p.start_date, p.end_date,
		(SELECT count(*) FROM participations pa WHERE pa.programme_id = p.id), p.archived_at,
		`+closingFromSQL+`
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

var programmeSorts = sortColumns{domain.SortCode: "p.code", domain.SortTitle: "p.title", domain.SortStart: "p.start_date",
	domain.SortEnd: "p.end_date", domain.SortUnits: "6"}

// ProgrammeList returns one page of the programmes matching f, in its
// order, and how many match in all.
func (s *Store) ProgrammeList(ctx context.Context, f domain.ProgrammeFilter) (_ []domain.ProgrammeSummary, _ int, err error) {
	defer wrap(&err, "store.ProgrammeList()")
	args := []any{searchArg(f.ListQuery), f.State, f.InProgrammes}
	pg, args := page(f.ListQuery, args)
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.code, p.title, p.start_date, p.end_date,
		(SELECT count(*) FROM participations pa WHERE pa.programme_id = p.id), p.archived_at,
		`+closingFromSQL+`, count(*) OVER ()
		FROM programmes p WHERE ($1 = '' OR p.code ILIKE '%' || $1 || '%' OR p.title ILIKE '%' || $1 || '%')
		AND ($2 = '' OR ($2 = '`+domain.ProgrammeArchived+`') = (p.archived_at IS NOT NULL))
		AND ($3::bigint[] IS NULL OR p.id = ANY($3))`+
		orderBy(f.ListQuery, domain.SortProgrammes, programmeSorts, "p.id DESC")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProgrammeSummary, error) {
		var p domain.ProgrammeSummary
		var closing *time.Time
		err := r.Scan(&p.ID, &p.Code, &p.Title, &p.Start, &p.End, &p.Units, &p.ArchivedAt, &closing, &total)
		if closing != nil {
			p.ClosingFrom = *closing
		}
		return p, err
	})
	if err == nil && len(list) == 0 && f.Offset > 0 { // past the end: still say how many match
		f.Offset, f.Limit = 0, 1
		_, total, err = s.ProgrammeList(ctx, f)
	}
	return list, total, err
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

// getProgramme reads a programme with its phases, areas, components and own
// reporting periods in one statement (one round trip: every page of a
// programme starts with it); each part comes as parallel arrays in its own
// total order.
func getProgramme(ctx context.Context, q querier, id int64) (*domain.Programme, error) {
	var p domain.Programme
	var budget string
	var phaseNames []string
	var phaseStarts, phaseEnds []time.Time
	var areaIDs, compIDs []int64
	var areaCodes, areaNames, compCodes, compNames, periodCodes []string
	var periodStarts, periodEnds []time.Time
	err := q.QueryRow(ctx, `SELECT p.id, p.code, p.title, p.funding_line, p.leader_unit_id, p.contractor, p.start_date, p.end_date, p.budget::text,
		p.general_goal, p.specific_goals, p.archived_at,
		ARRAY(SELECT ph.name FROM programme_phases ph WHERE ph.programme_id = p.id ORDER BY ph.position),
		ARRAY(SELECT ph.start_date FROM programme_phases ph WHERE ph.programme_id = p.id ORDER BY ph.position),
		ARRAY(SELECT ph.end_date FROM programme_phases ph WHERE ph.programme_id = p.id ORDER BY ph.position),
		ARRAY(SELECT a.id FROM programme_areas a WHERE a.programme_id = p.id ORDER BY a.position, a.code),
		ARRAY(SELECT a.code FROM programme_areas a WHERE a.programme_id = p.id ORDER BY a.position, a.code),
		ARRAY(SELECT a.name FROM programme_areas a WHERE a.programme_id = p.id ORDER BY a.position, a.code),
		ARRAY(SELECT c.id FROM components c WHERE c.programme_id = p.id ORDER BY c.code),
		ARRAY(SELECT c.code FROM components c WHERE c.programme_id = p.id ORDER BY c.code),
		ARRAY(SELECT c.name FROM components c WHERE c.programme_id = p.id ORDER BY c.code),
		ARRAY(SELECT rp.code FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code),
		ARRAY(SELECT rp.starts_on FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code),
		ARRAY(SELECT rp.ends_on FROM reporting_periods rp WHERE rp.programme_id = p.id ORDER BY rp.starts_on, rp.code)
		FROM programmes p WHERE p.id = $1`, id).
		Scan(&p.ID, &p.Code, &p.Title, &p.FundingLine, &p.LeaderUnitID, &p.Contractor, &p.Start, &p.End, &budget,
			&p.GeneralGoal, &p.SpecificGoals, &p.ArchivedAt,
			&phaseNames, &phaseStarts, &phaseEnds, &areaIDs, &areaCodes, &areaNames, &compIDs, &compCodes, &compNames,
			&periodCodes, &periodStarts, &periodEnds)
	if err != nil {
		return nil, mapError(err, programmeNotFound)
	}
	if err := p.Budget.ScanSQL(budget); err != nil {
		return nil, err
	}
	if len(phaseStarts) != len(phaseNames) || len(phaseEnds) != len(phaseNames) || len(areaCodes) != len(areaIDs) ||
		len(areaNames) != len(areaIDs) || len(compCodes) != len(compIDs) || len(compNames) != len(compIDs) ||
		len(periodStarts) != len(periodCodes) || len(periodEnds) != len(periodCodes) {
		return nil, fmt.Errorf("programme %d: its parts' arrays differ in length", id)
	}
	p.Phases = make([]domain.Phase, len(phaseNames))
	for i := range phaseNames {
		p.Phases[i] = domain.Phase{Name: phaseNames[i], Start: phaseStarts[i], End: phaseEnds[i]}
	}
	p.Areas = make(domain.AreaList, len(areaIDs))
	for i := range areaIDs {
		p.Areas[i] = domain.ProgrammeArea{ID: areaIDs[i], Code: domain.Area(areaCodes[i]), Name: areaNames[i]}
	}
	p.Components = make([]domain.Component, len(compIDs))
	for i := range compIDs {
		p.Components[i] = domain.Component{ID: compIDs[i], Code: compCodes[i], Name: compNames[i]}
	}
	for i := range periodCodes {
		p.OwnPeriods = append(p.OwnPeriods, domain.Period{Custom: true, Code: periodCodes[i], Start: periodStarts[i], End: periodEnds[i]})
	}
	return &p, nil
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
		if err := saveProgrammeParts(ctx, tx, p, nil); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, domain.AuditCreate, "programme", FormatID(p.ID), nil, p); err != nil {
			return err
		}
		return joinCreator(ctx, tx, a, p.ID, s.Now())
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// saveProgrammeParts replaces the phases and reconciles the areas (before:
// the programme's areas until now) and the components by code: kept ones
// keep their id (tasks and indicators refer to them).
func saveProgrammeParts(ctx context.Context, tx pgx.Tx, p *domain.Programme, before domain.AreaList) error {
	if err := saveAreas(ctx, tx, p, before); err != nil {
		return err
	}
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
		if err := saveProgrammeParts(ctx, tx, p, before.Areas); err != nil {
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

// participationColumns are a participation's columns (pa, u: its unit),
// read by scanParticipation.
const participationColumns = `ARRAY(SELECT x.area FROM participation_areas x JOIN programme_areas a ON a.programme_id = x.programme_id AND a.code = x.area
			WHERE x.programme_id = pa.programme_id AND x.unit_id = pa.unit_id ORDER BY a.position, a.code),
		pa.contacts, u.id, u.name, u.kind, u.voivodeship, COALESCE(u.teryt, ''), u.address, u.email, u.archived_at`

func scanParticipation(r pgx.Row, programmeID int64, more ...any) (domain.Participation, error) {
	p := domain.Participation{ProgrammeID: programmeID}
	u := &p.Unit
	var areas []string
	err := r.Scan(append([]any{&areas, &p.Contacts, &u.ID, &u.Name, &u.Kind, &u.Voivodeship, &u.TERYT, &u.Address, &u.Email, &u.ArchivedAt}, more...)...)
	for _, a := range areas {
		p.Areas = append(p.Areas, domain.Area(a))
	}
	return p, err
}

// Participations lists the units taking part in a programme, by name.
func (s *Store) Participations(ctx context.Context, programmeID int64) (_ []domain.Participation, err error) {
	defer wrap(&err, "store.Participations(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+participationColumns+`
		FROM participations pa JOIN units u ON u.id = pa.unit_id WHERE pa.programme_id = $1 ORDER BY u.name`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Participation, error) { return scanParticipation(r, programmeID) })
}

// Participation returns one unit's participation in a programme.
func (s *Store) Participation(ctx context.Context, programmeID, unitID int64) (_ *domain.Participation, err error) {
	defer wrap(&err, "store.Participation(%d, %d)", programmeID, unitID)
	p, err := scanParticipation(s.Pool.QueryRow(ctx, `SELECT `+participationColumns+`
		FROM participations pa JOIN units u ON u.id = pa.unit_id WHERE pa.programme_id = $1 AND pa.unit_id = $2`, programmeID, unitID), programmeID)
	if err != nil {
		return nil, mapError(err, "Ta jednostka nie uczestniczy w tym programie.")
	}
	return &p, nil
}

var participationSorts = sortColumns{domain.SortName: "u.name", domain.SortKind: "u.kind", domain.SortVoivodeship: "u.voivodeship"}

// ParticipationList returns one page of the units taking part in a
// programme that match f, in its order, and how many match in all.
func (s *Store) ParticipationList(ctx context.Context, programmeID int64, f domain.ParticipationFilter) (_ []domain.Participation, _ int, err error) {
	defer wrap(&err, "store.ParticipationList(%d)", programmeID)
	args := []any{programmeID, searchArg(f.ListQuery), f.Voivodeship, string(f.Kind)}
	pg, args := page(f.ListQuery, args)
	rows, err := s.Pool.Query(ctx, `SELECT `+participationColumns+`,
		count(*) OVER () FROM participations pa JOIN units u ON u.id = pa.unit_id WHERE pa.programme_id = $1
		AND ($2 = '' OR u.name ILIKE '%' || $2 || '%' OR u.teryt LIKE $2 || '%') AND ($3 = '' OR u.voivodeship = $3) AND ($4 = '' OR u.kind = $4)`+
		orderBy(f.ListQuery, domain.SortParticipations, participationSorts, "u.id")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Participation, error) {
		return scanParticipation(r, programmeID, &total)
	})
	if err == nil && len(list) == 0 && f.Offset > 0 { // past the end: still say how many match
		f.Offset, f.Limit = 0, 1
		_, total, err = s.ParticipationList(ctx, programmeID, f)
	}
	return list, total, err
}

// SaveParticipation adds a unit to a programme or changes its areas and contacts.
func (s *Store) SaveParticipation(ctx context.Context, a domain.Actor, p *domain.Participation) (err error) {
	defer wrap(&err, "store.SaveParticipation(%d, %d)", p.ProgrammeID, p.Unit.ID)
	areas, err := s.ProgrammeAreas(ctx, p.ProgrammeID)
	if err != nil {
		return err
	}
	if err := p.Validate(areas); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		return saveParticipation(ctx, tx, a, p)
	})
}

// saveParticipation writes a validated participation with its audit entry.
func saveParticipation(ctx context.Context, tx pgx.Tx, a domain.Actor, p *domain.Participation) error {
	var inserted bool
	err := tx.QueryRow(ctx, `INSERT INTO participations (programme_id, unit_id, contacts) VALUES ($1, $2, $3)
		ON CONFLICT (programme_id, unit_id) DO UPDATE SET contacts = EXCLUDED.contacts
		RETURNING (xmax = 0)`, p.ProgrammeID, p.Unit.ID, p.Contacts).Scan(&inserted)
	if err != nil {
		return mapError(err, "", onConstraint(domain.Errorf(domain.ENOTFOUND, programmeNotFound), "participations_programme_id_fkey"))
	}
	if err := saveParticipationAreas(ctx, tx, p.ProgrammeID, p.Unit.ID, p.Areas); err != nil {
		return err
	}
	action := domain.AuditUpdate
	if inserted {
		action = domain.AuditCreate
	}
	return audit(ctx, tx, a, action, "participation", FormatID(p.ProgrammeID)+"/"+FormatID(p.Unit.ID), nil,
		map[string]any{"areas": nonNilAreas(p.Areas), "contacts": "***"}) // contact persons are personal data
}

// AddParticipations adds units to a programme in one transaction, each in
// the batch's areas, with an audit entry each; units already taking part
// keep their areas. It returns how many joined.
func (s *Store) AddParticipations(ctx context.Context, a domain.Actor, b *domain.ParticipationBatch) (added int, err error) {
	defer wrap(&err, "store.AddParticipations(%d, %d units)", b.ProgrammeID, len(b.UnitIDs))
	areas, err := s.ProgrammeAreas(ctx, b.ProgrammeID)
	if err != nil {
		return 0, err
	}
	if err := b.Validate(areas); err != nil {
		return 0, err
	}
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		added = 0
		for _, id := range b.UnitIDs {
			var archived bool
			err := tx.QueryRow(ctx, `SELECT archived_at IS NOT NULL FROM units WHERE id = $1`, id).Scan(&archived)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: map[string]string{"units": "Wybrana jednostka nie istnieje."}}
			case err != nil:
				return err
			case archived:
				return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: map[string]string{"units": "Jednostka w archiwum nie może dołączyć do programu."}}
			}
			tag, err := tx.Exec(ctx, `INSERT INTO participations (programme_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, b.ProgrammeID, id)
			if err != nil {
				return mapError(err, "", onConstraint(domain.Errorf(domain.ENOTFOUND, programmeNotFound), "participations_programme_id_fkey"))
			}
			if tag.RowsAffected() == 0 {
				continue
			}
			if err := saveParticipationAreas(ctx, tx, b.ProgrammeID, id, b.Areas); err != nil {
				return err
			}
			if err := audit(ctx, tx, a, domain.AuditCreate, "participation", FormatID(b.ProgrammeID)+"/"+FormatID(id), nil,
				map[string]any{"areas": nonNilAreas(b.Areas)}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

func nonNilAreas(a []domain.Area) []domain.Area {
	if a == nil {
		return []domain.Area{}
	}
	return a
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
