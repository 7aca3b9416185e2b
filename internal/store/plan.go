package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/indicator"
)

const (
	taskNotFound      = "Nie ma takiego zadania w tym programie."
	trainingNotFound  = "Nie ma takiego szkolenia w tym programie."
	indicatorNotFound = "Nie ma takiego wskaźnika w tym programie."
)

func areaOrNil(a domain.Area) *string {
	if a == "" {
		return nil
	}
	s := string(a)
	return &s
}

func intOrNil(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// Tasks returns a programme's tasks with plan lines, products and units.
func (s *Store) Tasks(ctx context.Context, programmeID int64) (_ []*domain.Task, err error) {
	defer wrap(&err, "store.Tasks(%d)", programmeID)
	return loadTasks(ctx, s.Pool, `t.programme_id = $1`, programmeID)
}

// Task returns one task of a programme.
func (s *Store) Task(ctx context.Context, programmeID, id int64) (_ *domain.Task, err error) {
	defer wrap(&err, "store.Task(%d, %d)", programmeID, id)
	ts, err := loadTasks(ctx, s.Pool, `t.programme_id = $1 AND t.id = $2`, programmeID, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, taskNotFound)
	}
	return ts[0], nil
}

func loadTasks(ctx context.Context, q querier, where string, args ...any) ([]*domain.Task, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.programme_id, t.code, t.name, COALESCE(t.area, ''), t.component_id, t.kind,
		COALESCE(t.meetings_planned, 0), COALESCE(t.days_per_meeting, 0),
		COALESCE((SELECT json_agg(json_build_object('Units', l.units, 'Days', l.days) ORDER BY l.position) FROM task_plan_lines l WHERE l.task_id = t.id), '[]'),
		COALESCE((SELECT json_agg(json_build_object('ID', p.id, 'Letter', p.letter, 'Name', p.name) ORDER BY p.letter) FROM task_products p WHERE p.task_id = t.id), '[]'),
		COALESCE((SELECT array_agg(tu.unit_id ORDER BY tu.unit_id) FROM task_units tu WHERE tu.task_id = t.id), '{}')
		FROM tasks t WHERE `+where+` ORDER BY (SELECT a.position FROM programme_areas a WHERE a.programme_id = t.programme_id AND a.code = t.area) NULLS LAST, t.code, t.id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Task, error) {
		var t domain.Task
		var lines, products []byte
		if err := r.Scan(&t.ID, &t.ProgrammeID, &t.Code, &t.Name, &t.Area, &t.ComponentID, &t.Kind, &t.MeetingsPlanned, &t.DaysPerMeeting,
			&lines, &products, &t.UnitIDs); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(lines, &t.PlanLines); err != nil {
			return nil, err
		}
		return &t, json.Unmarshal(products, &t.Products)
	})
}

// SaveTask creates (ID 0) or updates a task with its plan lines, products
// and units.
func (s *Store) SaveTask(ctx context.Context, a domain.Actor, t *domain.Task) (err error) {
	defer wrap(&err, "store.SaveTask(%d)", t.ID)
	areas, err := s.ProgrammeAreas(ctx, t.ProgrammeID)
	if err != nil {
		return err
	}
	if err := t.Validate(areas); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var before *domain.Task
		action := domain.AuditCreate
		if t.ID == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO tasks (programme_id, code, name, area, component_id, kind, meetings_planned, days_per_meeting)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				t.ProgrammeID, t.Code, t.Name, areaOrNil(t.Area), t.ComponentID, string(t.Kind), intOrNil(t.MeetingsPlanned), intOrNil(t.DaysPerMeeting)).Scan(&t.ID)
			if err != nil {
				return mapError(err, "", programmeGone)
			}
		} else {
			action = domain.AuditUpdate
			old, err := loadTasks(ctx, tx, `t.programme_id = $1 AND t.id = $2`, t.ProgrammeID, t.ID)
			if err != nil {
				return err
			}
			if len(old) == 0 {
				return domain.Errorf(domain.ENOTFOUND, taskNotFound)
			}
			before = old[0]
			_, err = tx.Exec(ctx, `UPDATE tasks SET code = $3, name = $4, area = $5, component_id = $6, kind = $7, meetings_planned = $8,
				days_per_meeting = $9, updated_at = now() WHERE programme_id = $1 AND id = $2`,
				t.ProgrammeID, t.ID, t.Code, t.Name, areaOrNil(t.Area), t.ComponentID, string(t.Kind), intOrNil(t.MeetingsPlanned), intOrNil(t.DaysPerMeeting))
			if err != nil {
				return mapError(err, taskNotFound)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM task_plan_lines WHERE task_id = $1`, t.ID); err != nil {
			return err
		}
		for i, l := range t.PlanLines {
			if _, err := tx.Exec(ctx, `INSERT INTO task_plan_lines (task_id, position, units, days) VALUES ($1, $2, $3, $4)`, t.ID, i, l.Units, l.Days); err != nil {
				return mapError(err, "")
			}
		}
		// Products keep their ids by letter (later evidence refers to them).
		letters := make([]string, len(t.Products))
		for i, p := range t.Products {
			letters[i] = p.Letter
		}
		if _, err := tx.Exec(ctx, `DELETE FROM task_products WHERE task_id = $1 AND NOT (letter = ANY($2))`, t.ID, letters); err != nil {
			return mapError(err, "", refused("products", "Produkt, do którego są już dowody (protokoły odbioru, dokumenty), nie może zostać usunięty."))
		}
		for i := range t.Products {
			p := &t.Products[i]
			if err := tx.QueryRow(ctx, `INSERT INTO task_products (task_id, letter, name) VALUES ($1, $2, $3)
				ON CONFLICT (task_id, letter) DO UPDATE SET name = EXCLUDED.name RETURNING id`, t.ID, p.Letter, p.Name).Scan(&p.ID); err != nil {
				return mapError(err, "")
			}
		}
		// Units stay assigned (with their products) unless taken off the task.
		if _, err := tx.Exec(ctx, `DELETE FROM task_units WHERE task_id = $1 AND NOT (unit_id = ANY($2))`, t.ID, nonNilIDs(t.UnitIDs)); err != nil {
			return mapError(err, "", refused("units", "Jednostki, która ma już w tym zadaniu protokoły odbioru albo dokumenty produktów, nie można odłączyć od zadania."))
		}
		if len(t.UnitIDs) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO task_units (task_id, programme_id, unit_id) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
				t.ID, t.ProgrammeID, t.UnitIDs); err != nil {
				return mapError(err, "")
			}
		}
		return audit(ctx, tx, a, action, "task", FormatID(t.ID), before, t)
	})
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// programmeGone: the programme was deleted while its plan was being edited.
var programmeGone = onConstraint(domain.Errorf(domain.ENOTFOUND, programmeNotFound),
	"tasks_programme_id_fkey", "trainings_programme_id_fkey", "indicators_programme_id_fkey")

// DeleteTask removes a task; refused when other records (indicators,
// evidence) refer to it.
func (s *Store) DeleteTask(ctx context.Context, a domain.Actor, programmeID, id int64) (err error) {
	defer wrap(&err, "store.DeleteTask(%d, %d)", programmeID, id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		// Lock the task first: an indicator saved meanwhile waits (it takes
		// a share lock on the tasks it names) and then sees the task gone.
		before, err := loadTasks(ctx, tx, `t.programme_id = $1 AND t.id = $2 AND t.id IN (SELECT id FROM tasks WHERE id = $2 FOR UPDATE)`, programmeID, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return domain.Errorf(domain.ENOTFOUND, taskNotFound)
		}
		deleted, err := deleteTaskRow(ctx, tx, programmeID, id)
		if err != nil {
			return err
		}
		if deleted == 0 {
			return domain.Errorf(domain.ENOTFOUND, taskNotFound)
		}
		return audit(ctx, tx, a, domain.AuditDelete, "task", FormatID(id), before[0], nil)
	})
}

// Trainings returns a programme's training catalogue by code.
func (s *Store) Trainings(ctx context.Context, programmeID int64) (_ []domain.Training, err error) {
	defer wrap(&err, "store.Trainings(%d)", programmeID)
	return loadTrainings(ctx, s.Pool, `programme_id = $1`, programmeID)
}

// Training returns one training of a programme.
func (s *Store) Training(ctx context.Context, programmeID, id int64) (_ domain.Training, err error) {
	defer wrap(&err, "store.Training(%d, %d)", programmeID, id)
	ts, err := loadTrainings(ctx, s.Pool, `programme_id = $1 AND id = $2`, programmeID, id)
	if err != nil {
		return domain.Training{}, err
	}
	if len(ts) == 0 {
		return domain.Training{}, domain.Errorf(domain.ENOTFOUND, trainingNotFound)
	}
	return ts[0], nil
}

func loadTrainings(ctx context.Context, q querier, where string, args ...any) ([]domain.Training, error) {
	rows, err := q.Query(ctx, `SELECT id, programme_id, code, topic, COALESCE(area, ''), groups_planned, days_per_group::text
		FROM trainings t WHERE `+where+` ORDER BY (SELECT a.position FROM programme_areas a WHERE a.programme_id = t.programme_id AND a.code = t.area) NULLS LAST, t.code`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Training, error) {
		var t domain.Training
		var days string
		if err := r.Scan(&t.ID, &t.ProgrammeID, &t.Code, &t.Topic, &t.Area, &t.GroupsPlanned, &days); err != nil {
			return t, err
		}
		return t, t.DaysPerGroup.ScanSQL(days)
	})
}

// SaveTraining creates (ID 0) or updates a training.
func (s *Store) SaveTraining(ctx context.Context, a domain.Actor, t *domain.Training) (err error) {
	defer wrap(&err, "store.SaveTraining(%d)", t.ID)
	areas, err := s.ProgrammeAreas(ctx, t.ProgrammeID)
	if err != nil {
		return err
	}
	if err := t.Validate(areas); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if t.ID == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO trainings (programme_id, code, topic, area, groups_planned, days_per_group)
				VALUES ($1, $2, $3, $4, $5, $6::numeric) RETURNING id`, t.ProgrammeID, t.Code, t.Topic, areaOrNil(t.Area), t.GroupsPlanned, t.DaysPerGroup.SQL()).Scan(&t.ID)
			if err != nil {
				return mapError(err, "", programmeGone)
			}
			return audit(ctx, tx, a, domain.AuditCreate, "training", FormatID(t.ID), nil, t)
		}
		before, err := loadTrainings(ctx, tx, `programme_id = $1 AND id = $2`, t.ProgrammeID, t.ID)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return domain.Errorf(domain.ENOTFOUND, trainingNotFound)
		}
		_, err = tx.Exec(ctx, `UPDATE trainings SET code = $3, topic = $4, area = $5, groups_planned = $6, days_per_group = $7::numeric, updated_at = now()
			WHERE programme_id = $1 AND id = $2`, t.ProgrammeID, t.ID, t.Code, t.Topic, areaOrNil(t.Area), t.GroupsPlanned, t.DaysPerGroup.SQL())
		if err != nil {
			return mapError(err, trainingNotFound)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "training", FormatID(t.ID), before[0], t)
	})
}

// DeleteTraining removes a training; refused when indicators or evidence refer to it.
func (s *Store) DeleteTraining(ctx context.Context, a domain.Actor, programmeID, id int64) (err error) {
	defer wrap(&err, "store.DeleteTraining(%d, %d)", programmeID, id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := loadTrainings(ctx, tx, `programme_id = $1 AND id = $2 AND id IN (SELECT id FROM trainings WHERE id = $2 FOR UPDATE)`, programmeID, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return domain.Errorf(domain.ENOTFOUND, trainingNotFound)
		}
		deleted, err := deleteTrainingRow(ctx, tx, programmeID, id)
		if err != nil {
			return err
		}
		if deleted == 0 {
			return domain.Errorf(domain.ENOTFOUND, trainingNotFound)
		}
		return audit(ctx, tx, a, domain.AuditDelete, "training", FormatID(id), before[0], nil)
	})
}

// Indicators returns a programme's indicators in their order.
func (s *Store) Indicators(ctx context.Context, programmeID int64) (_ []*domain.Indicator, err error) {
	defer wrap(&err, "store.Indicators(%d)", programmeID)
	return indicator.Load(ctx, s.Pool, `programme_id = $1`, programmeID)
}

// Indicator returns one indicator of a programme.
func (s *Store) Indicator(ctx context.Context, programmeID, id int64) (_ *domain.Indicator, err error) {
	defer wrap(&err, "store.Indicator(%d, %d)", programmeID, id)
	is, err := indicator.Load(ctx, s.Pool, `programme_id = $1 AND id = $2`, programmeID, id)
	if err != nil {
		return nil, err
	}
	if len(is) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, indicatorNotFound)
	}
	return is[0], nil
}

// checkRuleRefs makes sure the tasks and trainings a rule names belong to
// the programme (and fit the rule), locking them against deletion until the
// indicator is saved.
func checkRuleRefs(ctx context.Context, tx pgx.Tx, in *domain.Indicator) error {
	invalid := func(field, msg string) error {
		return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy. Popraw zaznaczone pola.", Fields: map[string]string{field: msg}}
	}
	lockTasks := func(ids []int64) (map[int64]domain.TaskKind, error) {
		rows, err := tx.Query(ctx, `SELECT id, kind FROM tasks WHERE programme_id = $1 AND id = ANY($2) FOR KEY SHARE`, in.ProgrammeID, ids)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		kinds := map[int64]domain.TaskKind{}
		for rows.Next() {
			var id int64
			var k string
			if err := rows.Scan(&id, &k); err != nil {
				return nil, err
			}
			kinds[id] = domain.TaskKind(k)
		}
		return kinds, rows.Err()
	}
	if len(in.Params.TaskIDs) > 0 {
		kinds, err := lockTasks(in.Params.TaskIDs)
		if err != nil {
			return err
		}
		if len(kinds) != len(uniqueIDs(in.Params.TaskIDs)) {
			return invalid("rule_tasks", "Wybierz zadania tego programu.")
		}
		if msg, err := missingLetters(ctx, tx, in.Params.TaskIDs, in.Params.ProductLetters); err != nil || msg != "" {
			if err != nil {
				return err
			}
			return invalid("rule_letters", msg)
		}
	}
	if id := in.Params.TaskID; id != 0 {
		kinds, err := lockTasks([]int64{id})
		if err != nil {
			return err
		}
		k, ok := kinds[id]
		switch {
		case !ok:
			return invalid("rule_task", "Wybierz zadanie tego programu.")
		case in.Rule == domain.RuleMeetingsComplete && k != domain.TaskMeetings:
			return invalid("rule_task", "Spotkania liczy się dla zadania typu „spotkania grupy dobrych praktyk”.")
		case in.Rule == domain.RuleConsultationDays && k == domain.TaskMeetings:
			return invalid("rule_task", "Dni konsultacji liczy się dla zadań innych niż spotkania.")
		}
	}
	if len(in.Params.TrainingIDs) > 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT id FROM trainings WHERE programme_id = $1 AND id = ANY($2) FOR KEY SHARE) t`,
			in.ProgrammeID, in.Params.TrainingIDs).Scan(&n); err != nil {
			return err
		}
		if n != len(uniqueIDs(in.Params.TrainingIDs)) {
			return invalid("rule_trainings", "Wybierz szkolenia tego programu.")
		}
	}
	return nil
}

// missingLetters names the first of letters that none of the tasks has as
// a product ("" when each letter is a product of one of them at least).
func missingLetters(ctx context.Context, tx pgx.Tx, taskIDs []int64, letters []string) (string, error) {
	if len(letters) == 0 {
		return "", nil
	}
	var codes, have []string
	if err := tx.QueryRow(ctx, `SELECT array_agg(DISTINCT t.code ORDER BY t.code),
			COALESCE(array_agg(DISTINCT p.letter) FILTER (WHERE p.letter IS NOT NULL), '{}')
		FROM tasks t LEFT JOIN task_products p ON p.task_id = t.id WHERE t.id = ANY($1)`, taskIDs).Scan(&codes, &have); err != nil {
		return "", err
	}
	for _, l := range letters {
		if slices.Contains(have, l) {
			continue
		}
		if len(codes) == 1 {
			return "Zadanie " + codes[0] + " nie ma produktu " + l + ".", nil
		}
		return "Żadne z wybranych zadań (" + strings.Join(codes, ", ") + ") nie ma produktu " + l + ".", nil
	}
	return "", nil
}

func uniqueIDs(ids []int64) map[int64]bool {
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// SaveIndicator creates (ID 0) or updates an indicator. Changing the target
// of an existing indicator needs change (date and reason), and is kept in
// the target history.
func (s *Store) SaveIndicator(ctx context.Context, a domain.Actor, in *domain.Indicator, change *domain.TargetChangeInput) (err error) {
	defer wrap(&err, "store.SaveIndicator(%d)", in.ID)
	areas, err := s.ProgrammeAreas(ctx, in.ProgrammeID)
	if err != nil {
		return err
	}
	if err := in.Validate(areas); err != nil {
		return err
	}
	params, err := json.Marshal(in.Params)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := checkRuleRefs(ctx, tx, in); err != nil {
			return err
		}
		if in.ID == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO indicators (programme_id, number, name, type, unit_of_measure, baseline, target, method, source,
				frequency, component_id, rule, rule_params, position)
				VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9, $10, $11, $12, $13,
				(SELECT COALESCE(max(position), 0) + 1 FROM indicators WHERE programme_id = $1)) RETURNING id`,
				in.ProgrammeID, nullIfEmpty(in.Number), in.Name, string(in.Type), in.UnitOfMeasure, in.Baseline.SQL(), in.Target.SQL(),
				in.Method, in.Source, in.Frequency, in.ComponentID, string(in.Rule), params).Scan(&in.ID)
			if err != nil {
				return mapError(err, "", programmeGone)
			}
			return audit(ctx, tx, a, domain.AuditCreate, "indicator", FormatID(in.ID), nil, in)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM indicators WHERE programme_id = $1 AND id = $2 FOR UPDATE`, in.ProgrammeID, in.ID); err != nil {
			return err
		}
		old, err := indicator.Load(ctx, tx, `programme_id = $1 AND id = $2`, in.ProgrammeID, in.ID)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return domain.Errorf(domain.ENOTFOUND, indicatorNotFound)
		}
		before := old[0]
		if before.Target != in.Target {
			v := domain.Validation{}
			if change == nil || change.On.IsZero() {
				v.Add("target_changed_on", "Zmiana wartości docelowej wymaga daty zmiany.")
			}
			if change == nil || len([]rune(change.Reason)) < 3 {
				v.Add("target_reason", "Podaj powód zmiany wartości docelowej (np. aneks nr 2 do umowy).")
			} else if len([]rune(change.Reason)) > 1000 {
				v.Add("target_reason", "Powód może mieć najwyżej 1000 znaków.")
			}
			if err := v.Err(); err != nil {
				return err
			}
			var by *int64
			if a.UserID != 0 {
				by = &a.UserID
			}
			if _, err := tx.Exec(ctx, `INSERT INTO indicator_target_changes (indicator_id, changed_on, old_target, new_target, reason, changed_by)
				VALUES ($1, $2, $3::numeric, $4::numeric, $5, $6)`, in.ID, change.On, before.Target.SQL(), in.Target.SQL(), change.Reason, by); err != nil {
				return mapError(err, "")
			}
		}
		_, err = tx.Exec(ctx, `UPDATE indicators SET number = $3, name = $4, type = $5, unit_of_measure = $6, baseline = $7::numeric, target = $8::numeric,
			method = $9, source = $10, frequency = $11, component_id = $12, rule = $13, rule_params = $14, updated_at = now()
			WHERE programme_id = $1 AND id = $2`,
			in.ProgrammeID, in.ID, nullIfEmpty(in.Number), in.Name, string(in.Type), in.UnitOfMeasure, in.Baseline.SQL(), in.Target.SQL(),
			in.Method, in.Source, in.Frequency, in.ComponentID, string(in.Rule), params)
		if err != nil {
			return mapError(err, indicatorNotFound)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "indicator", FormatID(in.ID), before, in)
	})
}

// TargetHistory returns an indicator's target changes, oldest first.
func (s *Store) TargetHistory(ctx context.Context, indicatorID int64) (_ []domain.TargetChange, err error) {
	defer wrap(&err, "store.TargetHistory(%d)", indicatorID)
	rows, err := s.Pool.Query(ctx, `SELECT c.changed_on, c.old_target::text, c.new_target::text, c.reason, COALESCE(u.username, ''), c.created_at
		FROM indicator_target_changes c LEFT JOIN users u ON u.id = c.changed_by WHERE c.indicator_id = $1 ORDER BY c.changed_on, c.id`, indicatorID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.TargetChange, error) {
		var c domain.TargetChange
		var o, n string
		if err := r.Scan(&c.ChangedOn, &o, &n, &c.Reason, &c.ChangedBy, &c.At); err != nil {
			return c, err
		}
		if err := c.Old.ScanSQL(o); err != nil {
			return c, err
		}
		return c, c.New.ScanSQL(n)
	})
}

// DeleteIndicator removes an indicator definition.
func (s *Store) DeleteIndicator(ctx context.Context, a domain.Actor, programmeID, id int64) (err error) {
	defer wrap(&err, "store.DeleteIndicator(%d, %d)", programmeID, id)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := indicator.Load(ctx, tx, `programme_id = $1 AND id = $2`, programmeID, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return domain.Errorf(domain.ENOTFOUND, indicatorNotFound)
		}
		deleted, err := deleteIndicatorRow(ctx, tx, programmeID, id)
		if err != nil {
			return err
		}
		if deleted == 0 {
			return domain.Errorf(domain.ENOTFOUND, indicatorNotFound)
		}
		return audit(ctx, tx, a, domain.AuditDelete, "indicator", FormatID(id), before[0], nil)
	})
}
