package store

// A unit's trainings (the unit view): the sessions its people are on the
// list of, read from unit_training_sessions, which triggers on attendance
// and persons keep (migration 00020).

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// UnitTrainings lists the sessions a unit's people are on the list of, by
// their first day, with how many of the unit's people were present.
func (s *Store) UnitTrainings(ctx context.Context, programmeID, unitID int64) (_ []domain.UnitTraining, err error) {
	defer wrap(&err, "store.UnitTrainings(%d, %d)", programmeID, unitID)
	rows, err := s.Pool.Query(ctx, `SELECT us.session_id, t.code, t.topic, us.group_no, us.first_day, us.days, us.group_days::text, us.people
		FROM unit_training_sessions us JOIN trainings t ON t.id = us.training_id
		WHERE us.programme_id = $1 AND us.unit_id = $2 ORDER BY us.first_day, us.session_id`, programmeID, unitID)
	if err != nil {
		return nil, err
	}
	// A plain loop into the slice: CollectRows copied each row out of its
	// function and regrew the slice (600 rows in the national data's
	// largest unit).
	var out []domain.UnitTraining
	var groupDays string
	for rows.Next() {
		out = append(out, domain.UnitTraining{})
		u := &out[len(out)-1]
		if err := rows.Scan(&u.SessionID, &u.TrainingCode, &u.Topic, &u.GroupNo, &u.First, &u.Days, &groupDays, &u.People); err != nil {
			rows.Close()
			return nil, err
		}
		if err := u.GroupDays.ScanSQL(groupDays); err != nil {
			rows.Close()
			return nil, err
		}
	}
	return out, rows.Err()
}

// unitTrainingsComputed is what unit_training_sessions should hold,
// computed from the evidence: per session and unit of its listed people,
// the session's training, group and days, and how many of the unit's
// people were present on at least one day.
const unitTrainingsComputed = `WITH counted AS (
		SELECT pe.programme_id, pe.unit_id, x.session_id, (count(*) FILTER (WHERE x.present))::integer AS people
		FROM (SELECT a.session_id, a.person_id, bool_or(a.present) AS present FROM attendance a GROUP BY a.session_id, a.person_id) x
		JOIN persons pe ON pe.id = x.person_id
		GROUP BY pe.programme_id, pe.unit_id, x.session_id)
	SELECT c.programme_id, c.unit_id, c.session_id, s.training_id, s.group_no, sd.first_day, sd.days, sd.group_days, c.people
	FROM counted c JOIN training_sessions s ON s.id = c.session_id
	JOIN (SELECT d.session_id, min(d.day) AS first_day, count(*)::integer AS days, sum(` + groupDay + `) AS group_days
		FROM session_days d GROUP BY d.session_id) sd ON sd.session_id = c.session_id`

// recountMemory lets the whole-database recount hash 5 million attendance
// rows in memory (until the transaction ends).
const recountMemory = `SET LOCAL work_mem = '256MB'`

// UnitTrainingDifference is where the read model of units' trainings and
// the attendance disagree: Stored or Computed is "brak" when the row is
// missing on that side.
type UnitTrainingDifference struct {
	Programme, Unit, Session int64
	Stored, Computed         string
}

// CheckUnitTrainings recounts every unit's sessions from the evidence and
// lists where unit_training_sessions differs; rows is how many rows it
// compared. It changes nothing.
func (s *Store) CheckUnitTrainings(ctx context.Context) (rows int, diffs []UnitTrainingDifference, err error) {
	defer wrap(&err, "store.CheckUnitTrainings()")
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, recountMemory); err != nil {
			return err
		}
		res, err := tx.Query(ctx, `WITH c AS (`+unitTrainingsComputed+`)
			SELECT COALESCE(c.programme_id, u.programme_id), COALESCE(c.unit_id, u.unit_id), COALESCE(c.session_id, u.session_id),
				CASE WHEN u.session_id IS NULL THEN 'brak' ELSE format(`+unitTrainingFormat+`, u.training_id, u.group_no, u.first_day, u.days, u.group_days, u.people) END,
				CASE WHEN c.session_id IS NULL THEN 'brak' ELSE format(`+unitTrainingFormat+`, c.training_id, c.group_no, c.first_day, c.days, c.group_days, c.people) END,
				c.session_id IS NOT NULL AND u.session_id IS NOT NULL AND (c.training_id, c.group_no, c.first_day, c.days, c.group_days, c.people)
					IS NOT DISTINCT FROM (u.training_id, u.group_no, u.first_day, u.days, u.group_days, u.people)
			FROM c FULL JOIN unit_training_sessions u ON u.programme_id = c.programme_id AND u.unit_id = c.unit_id AND u.session_id = c.session_id
			ORDER BY 1, 2, 3`)
		if err != nil {
			return err
		}
		var d UnitTrainingDifference
		var same bool
		_, err = pgx.ForEachRow(res, []any{&d.Programme, &d.Unit, &d.Session, &d.Stored, &d.Computed, &same}, func() error {
			rows++
			if !same {
				diffs = append(diffs, d)
			}
			return nil
		})
		return err
	})
	return rows, diffs, err
}

// unitTrainingFormat shows a row of unit_training_sessions in a difference.
const unitTrainingFormat = `'szkolenie %s, grupa %s, pierwszy dzień %s, dni %s, dni grupowe %s, osób obecnych %s'`

// RecountUnitTrainings repairs unit_training_sessions from the evidence,
// changing only the rows that differ.
func (s *Store) RecountUnitTrainings(ctx context.Context) (err error) {
	defer wrap(&err, "store.RecountUnitTrainings()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, recountMemory); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `WITH c AS (`+unitTrainingsComputed+`),
			gone AS (DELETE FROM unit_training_sessions u WHERE NOT EXISTS (SELECT 1 FROM c
				WHERE c.programme_id = u.programme_id AND c.unit_id = u.unit_id AND c.session_id = u.session_id))
			INSERT INTO unit_training_sessions AS u (programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people)
			SELECT programme_id, unit_id, session_id, training_id, group_no, first_day, days, group_days, people FROM c
			ON CONFLICT (programme_id, unit_id, session_id) DO UPDATE SET training_id = EXCLUDED.training_id, group_no = EXCLUDED.group_no,
				first_day = EXCLUDED.first_day, days = EXCLUDED.days, group_days = EXCLUDED.group_days, people = EXCLUDED.people
			WHERE (u.training_id, u.group_no, u.first_day, u.days, u.group_days, u.people)
				IS DISTINCT FROM (EXCLUDED.training_id, EXCLUDED.group_no, EXCLUDED.first_day, EXCLUDED.days, EXCLUDED.group_days, EXCLUDED.people)`)
		return err
	})
}
