package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// ProgrammeAreas lists a programme's areas in their order.
func (s *Store) ProgrammeAreas(ctx context.Context, programmeID int64) (_ domain.AreaList, err error) {
	defer wrap(&err, "store.ProgrammeAreas(%d)", programmeID)
	return getAreas(ctx, s.Pool, programmeID)
}

func getAreas(ctx context.Context, q querier, programmeID int64) (domain.AreaList, error) {
	rows, err := q.Query(ctx, `SELECT id, code, name FROM programme_areas WHERE programme_id = $1 ORDER BY position, code`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProgrammeArea, error) {
		var a domain.ProgrammeArea
		err := r.Scan(&a.ID, &a.Code, &a.Name)
		return a, err
	})
}

// areaUse counts the records of a programme that refer to an area.
func areaUse(ctx context.Context, q querier, programmeID int64, code domain.Area) (domain.AreaUse, error) {
	var u domain.AreaUse
	err := q.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM participation_areas WHERE programme_id = $1 AND area = $2),
		(SELECT count(*) FROM tasks WHERE programme_id = $1 AND area = $2),
		(SELECT count(*) FROM trainings WHERE programme_id = $1 AND area = $2),
		(SELECT count(*) FROM meeting_attendees WHERE programme_id = $1 AND area = $2),
		(SELECT count(*) FROM good_practices WHERE programme_id = $1 AND area = $2),
		(SELECT count(*) FROM indicators WHERE programme_id = $1 AND rule_params->>'area' = $2)`, programmeID, string(code)).
		Scan(&u.Units, &u.Tasks, &u.Trainings, &u.Attendees, &u.Practices, &u.Indicators)
	return u, err
}

// saveAreas reconciles a programme's areas by code: a kept code keeps its
// row (records refer to it), a new one is added, a removed one deleted
// unless something refers to it. Refused removals are errors of the rows
// "areas.N.code" the form shows after the kept ones (domain.RemovedAreas).
func saveAreas(ctx context.Context, tx pgx.Tx, p *domain.Programme, before domain.AreaList) error {
	removed := domain.RemovedAreas(before, p.Areas)
	fields := map[string]string{}
	for i, a := range removed {
		u, err := areaUse(ctx, tx, p.ID, a.Code)
		if err != nil {
			return err
		}
		if u.InUse() {
			fields[fmt.Sprintf("areas.%d.code", len(p.Areas)+i)] = fmt.Sprintf("Obszar %s jest używany (%s); nie można go usunąć.", a.Code, u)
		}
	}
	if len(fields) > 0 {
		return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: fields}
	}
	for _, a := range removed {
		if _, err := tx.Exec(ctx, `DELETE FROM programme_areas WHERE programme_id = $1 AND code = $2`, p.ID, string(a.Code)); err != nil {
			return mapError(err, "", refused("areas", fmt.Sprintf("Obszar %s jest używany; nie można go usunąć.", a.Code)))
		}
	}
	for i := range p.Areas {
		a := &p.Areas[i]
		err := tx.QueryRow(ctx, `INSERT INTO programme_areas (programme_id, code, name, position) VALUES ($1, $2, $3, $4)
			ON CONFLICT (programme_id, code) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position RETURNING id`,
			p.ID, string(a.Code), a.Name, i).Scan(&a.ID)
		if err != nil {
			return mapError(err, "", inForm(map[string]map[string]string{
				"programme_areas_code_ci_key": {fmt.Sprintf("areas.%d.code", i): "Kody obszarów w programie muszą być różne (wielkość liter nie ma znaczenia)."},
				"programme_areas_code_check":  {fmt.Sprintf("areas.%d.code", i): "Kod obszaru: 1–10 znaków, bez spacji, przecinków i średników."},
				"programme_areas_name_check":  {fmt.Sprintf("areas.%d.name", i): "Podaj nazwę obszaru (najwyżej 200 znaków)."},
			}))
		}
	}
	return nil
}

// saveParticipationAreas replaces a participation's areas.
func saveParticipationAreas(ctx context.Context, tx pgx.Tx, programmeID, unitID int64, areas []domain.Area) error {
	if _, err := tx.Exec(ctx, `DELETE FROM participation_areas WHERE programme_id = $1 AND unit_id = $2`, programmeID, unitID); err != nil {
		return err
	}
	codes := make([]string, len(areas))
	for i, a := range areas {
		codes[i] = string(a)
	}
	_, err := tx.Exec(ctx, `INSERT INTO participation_areas (programme_id, unit_id, area) SELECT $1, $2, unnest($3::text[])`, programmeID, unitID, codes)
	return mapError(err, "")
}
