package store

// Participants (uczestnicy) of a programme's trainings and meetings.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const personColumns = `p.id, p.programme_id, p.first_name, p.last_name, p.unit_id, u.name, p.position, p.sex, p.email,
	p.legal_basis, p.basis_date, p.retention_until, p.version`

func scanPerson(r pgx.Row) (domain.Person, error) {
	var p domain.Person
	err := r.Scan(&p.ID, &p.ProgrammeID, &p.FirstName, &p.LastName, &p.UnitID, &p.UnitName, &p.Position, &p.Sex, &p.Email,
		&p.LegalBasis, &p.BasisDate, &p.RetentionUntil, &p.Version)
	return p, err
}

// Persons lists a programme's participants by name.
func (s *Store) Persons(ctx context.Context, programmeID int64) ([]domain.Person, error) {
	return s.PersonsOfUnits(ctx, programmeID, nil)
}

// PersonsOfUnits is Persons of some units only (all when unitIDs is nil).
func (s *Store) PersonsOfUnits(ctx context.Context, programmeID int64, unitIDs []int64) (_ []domain.Person, err error) {
	defer wrap(&err, "store.PersonsOfUnits(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+personColumns+` FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.programme_id = $1 AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) ORDER BY p.last_name, p.first_name, p.id`, programmeID, unitIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Person, error) { return scanPerson(r) })
}

// SearchPersons returns one page of a programme's participants matching
// f (Limit 0: all), in its order, and how many match in all.
func (s *Store) SearchPersons(ctx context.Context, programmeID int64, f domain.PersonFilter) (_ []domain.Person, _ int, err error) {
	defer wrap(&err, "store.SearchPersons(%d)", programmeID)
	return s.searchPersons(ctx, programmeID, f)
}

var personSorts = sortColumns{domain.SortSurname: "p.last_name;p.first_name", domain.SortUnit: "u.name"}

func (s *Store) searchPersons(ctx context.Context, programmeID int64, f domain.PersonFilter) ([]domain.Person, int, error) {
	pg, args := page(f.ListQuery, []any{programmeID, f.UnitIDs, searchArg(f.ListQuery), f.UnitID})
	rows, err := s.Pool.Query(ctx, `SELECT `+personColumns+`, count(*) OVER () FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.programme_id = $1 AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) AND ($4 = 0 OR p.unit_id = $4)
		AND ($3 = '' OR p.last_name || ' ' || p.first_name ILIKE '%' || $3 || '%' OR p.first_name || ' ' || p.last_name ILIKE '%' || $3 || '%')`+
		orderBy(f.ListQuery, domain.SortPersons, personSorts, "p.last_name, p.first_name, p.id")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Person, error) {
		var p domain.Person
		err := r.Scan(&p.ID, &p.ProgrammeID, &p.FirstName, &p.LastName, &p.UnitID, &p.UnitName, &p.Position, &p.Sex, &p.Email,
			&p.LegalBasis, &p.BasisDate, &p.RetentionUntil, &p.Version, &total)
		return p, err
	})
	if err != nil {
		return nil, 0, err
	}
	if len(list) == 0 && f.Offset > 0 { // past the end: still say how many match
		f.Offset = 0
		_, total, err = s.searchPersons(ctx, programmeID, f)
	}
	return list, total, err
}

// PersonCounts counts a programme's participants by unit (by name) and sex.
func (s *Store) PersonCounts(ctx context.Context, programmeID int64) (_ []domain.UnitPersonCount, err error) {
	defer wrap(&err, "store.PersonCounts(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT u.name, count(*) FILTER (WHERE p.sex = 'K'), count(*) FILTER (WHERE p.sex = 'M')
		FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.programme_id = $1 GROUP BY u.id, u.name ORDER BY u.name, u.id`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.UnitPersonCount, error) {
		var c domain.UnitPersonCount
		err := r.Scan(&c.UnitName, &c.Women, &c.Men)
		return c, err
	})
}

// Person returns a participant of a programme.
func (s *Store) Person(ctx context.Context, programmeID, id int64) (_ *domain.Person, err error) {
	defer wrap(&err, "store.Person(%d, %d)", programmeID, id)
	p, err := scanPerson(s.Pool.QueryRow(ctx, `SELECT `+personColumns+` FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.programme_id = $1 AND p.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, "Nie ma takiej osoby w tym programie.")
	}
	return &p, nil
}

// PersonNames returns the names and units of persons by id.
func (s *Store) PersonNames(ctx context.Context, ids []int64) (_ map[int64]string, err error) {
	defer wrap(&err, "store.PersonNames()")
	rows, err := s.Pool.Query(ctx, `SELECT id, first_name || ' ' || last_name FROM persons WHERE id = ANY($1)`, nonNilIDs(ids))
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	var id int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error { out[id] = name; return nil })
	return out, err
}

// PersonRecordCount is how much evidence refers to a person.
func (s *Store) PersonRecordCount(ctx context.Context, id int64) (sessions, meetings int, err error) {
	defer wrap(&err, "store.PersonRecordCount(%d)", id)
	err = s.Pool.QueryRow(ctx, `SELECT (SELECT count(DISTINCT session_id) FROM attendance WHERE person_id = $1),
		(SELECT count(*) FROM meeting_attendees WHERE person_id = $1)`, id).Scan(&sessions, &meetings)
	return
}

// MergeCandidates lists the participants a person may be merged with: those
// of the same unit or with the same surname (duplicates are one of these).
func (s *Store) MergeCandidates(ctx context.Context, person *domain.Person) (_ []domain.Person, err error) {
	defer wrap(&err, "store.MergeCandidates(%d)", person.ID)
	rows, err := s.Pool.Query(ctx, `SELECT `+personColumns+` FROM persons p JOIN units u ON u.id = p.unit_id
		WHERE p.programme_id = $1 AND p.id <> $2 AND (p.unit_id = $3 OR lower(p.last_name) = lower($4))
		ORDER BY p.last_name, p.first_name, p.id`, person.ProgrammeID, person.ID, person.UnitID, person.LastName)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Person, error) { return scanPerson(r) })
}

func insertPerson(ctx context.Context, tx pgx.Tx, a domain.Actor, p *domain.Person) error {
	err := tx.QueryRow(ctx, `INSERT INTO persons (programme_id, first_name, last_name, unit_id, position, sex, email, legal_basis, basis_date, retention_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, version`,
		p.ProgrammeID, p.FirstName, p.LastName, p.UnitID, p.Position, string(p.Sex), p.Email, string(p.LegalBasis), p.BasisDate, p.RetentionUntil).
		Scan(&p.ID, &p.Version)
	if err != nil {
		return mapError(err, "", onConstraint(&domain.Error{Code: domain.EINVALID, Message: msgFixFields,
			Fields: map[string]string{"person_unit": "Uczestnik musi pochodzić z jednostki uczestniczącej w programie."}}, "persons_programme_id_unit_id_fkey"))
	}
	// Personal fields are masked in the trail; the record id identifies them.
	return audit(ctx, tx, a, domain.AuditCreate, "person", FormatID(p.ID), nil,
		map[string]any{"unit_id": p.UnitID, "sex": p.Sex, "legal_basis": p.LegalBasis, "name": "***"})
}

// UpdatePerson changes a participant if the record still has the version
// the form was opened with.
func (s *Store) UpdatePerson(ctx context.Context, a domain.Actor, p *domain.Person) (err error) {
	defer wrap(&err, "store.UpdatePerson(%d)", p.ID)
	if err := p.Validate(""); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE persons SET first_name = $4, last_name = $5, unit_id = $6, position = $7, sex = $8, email = $9,
			legal_basis = $10, basis_date = $11, retention_until = $12, version = version + 1, updated_at = now()
			WHERE programme_id = $1 AND id = $2 AND version = $3`,
			p.ProgrammeID, p.ID, p.Version, p.FirstName, p.LastName, p.UnitID, p.Position, string(p.Sex), p.Email, string(p.LegalBasis), p.BasisDate, p.RetentionUntil)
		if err != nil {
			return mapError(err, "", onConstraint(&domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.",
				Fields: map[string]string{"unit": "Wybierz jednostkę uczestniczącą w programie."}}, "persons_programme_id_unit_id_fkey"))
		}
		if tag.RowsAffected() == 0 {
			return errStale
		}
		p.Version++
		return audit(ctx, tx, a, domain.AuditUpdate, "person", FormatID(p.ID), nil,
			map[string]any{"unit_id": p.UnitID, "sex": p.Sex, "legal_basis": p.LegalBasis, "name": "*** (zmienione)"})
	})
}

// MergePersons folds source into target (two records of the same person):
// attendance and meeting participation move to target (present on a day if
// either record was), source is removed, and the merge is in the history.
func (s *Store) MergePersons(ctx context.Context, a domain.Actor, programmeID, sourceID, targetID int64) (err error) {
	defer wrap(&err, "store.MergePersons(%d, %d, %d)", programmeID, sourceID, targetID)
	if sourceID == targetID {
		return &domain.Error{Code: domain.EINVALID, Message: "Wybierz inną osobę.", Fields: map[string]string{"into": "Nie można połączyć osoby z nią samą."}}
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT id FROM persons WHERE programme_id = $1 AND id IN ($2, $3) ORDER BY id FOR UPDATE) x`,
			programmeID, sourceID, targetID).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return &domain.Error{Code: domain.EINVALID, Message: "Wybierz osobę z tego programu.", Fields: map[string]string{"into": "Wybierz osobę z tego programu."}}
		}
		steps := []string{
			`UPDATE attendance t SET present = t.present OR s.present FROM attendance s
				WHERE s.person_id = $1 AND t.person_id = $2 AND t.session_id = s.session_id AND t.day = s.day`,
			`DELETE FROM attendance s USING attendance t WHERE s.person_id = $1 AND t.person_id = $2 AND t.session_id = s.session_id AND t.day = s.day`,
			`UPDATE attendance SET person_id = $2 WHERE person_id = $1`,
			`DELETE FROM meeting_attendees s USING meeting_attendees t WHERE s.person_id = $1 AND t.person_id = $2 AND t.meeting_id = s.meeting_id`,
			`UPDATE meeting_attendees SET person_id = $2 WHERE person_id = $1`,
		}
		for _, q := range steps {
			if _, err := tx.Exec(ctx, q, sourceID, targetID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM persons WHERE id = $1`, sourceID); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditMerge, "person", FormatID(targetID), map[string]int64{"merged_person_id": sourceID}, map[string]int64{"person_id": targetID})
	})
}

// TrainedPerson is one person in the participant list for the funder.
type TrainedPerson struct {
	ID        int64
	FirstName string
	LastName  string
	UnitName  string
	UnitTERYT string
	Sex       string
	Position  string
	Email     string
	First     time.Time // first day present at a training of the programme
}

// TrainedPersons lists the people whose first day present at a training
// of the programme falls in [from, to] (each person once): the
// participants who joined in a reporting period.
func (s *Store) TrainedPersons(ctx context.Context, programmeID int64, from, to time.Time) (_ []TrainedPerson, err error) {
	defer wrap(&err, "store.TrainedPersons(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `WITH first AS (
			SELECT a.person_id, min(a.day) AS first FROM attendance a WHERE a.programme_id = $1 AND a.present GROUP BY a.person_id)
		SELECT pe.id, pe.first_name, pe.last_name, u.name, COALESCE(u.teryt, ''), pe.sex, pe.position, pe.email, f.first
		FROM first f JOIN persons pe ON pe.id = f.person_id JOIN units u ON u.id = pe.unit_id
		WHERE f.first BETWEEN $2 AND $3 ORDER BY pe.last_name, pe.first_name, pe.id`, programmeID, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (TrainedPerson, error) {
		var t TrainedPerson
		err := r.Scan(&t.ID, &t.FirstName, &t.LastName, &t.UnitName, &t.UnitTERYT, &t.Sex, &t.Position, &t.Email, &t.First)
		return t, err
	})
}
