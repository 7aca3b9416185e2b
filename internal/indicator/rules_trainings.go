package indicator

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// personsTrained: a person counts once, in the period of their first day
// present at a session of the rule's trainings (or area; any when it names
// neither), for their unit and sex. (pe.programme_id = $1 says what
// attendance's foreign key already holds, so that the plan reads the
// programme's people, not all.) Check computes a programme's indicators
// of the rule together: one pass over the attendance instead of one each.
type personsTrained struct{}

var _ = register(domain.RulePersonsTrained, personsTrained{})

func (personsTrained) kind() domain.RefKind { return domain.RefPerson }

func (personsTrained) label() string {
	return `''` // the person's name is left to the caller (who may see names)
}

func (r personsTrained) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	m, err := r.many(ctx, q, in.ProgrammeID, []*domain.Indicator{in}, ids, all)
	return m[in.ID], err
}

func (r personsTrained) factsOf(ctx context.Context, q pg.Querier, programmeID int64, ins []*domain.Indicator) (map[int64][]domain.Fact, error) {
	return r.many(ctx, q, programmeID, ins, nil, true)
}

// many computes the facts of several indicators of the rule in one
// programme in one pass over its attendance: x is each indicator's choice
// (its trainings, its area, or every training), sel the trainings each
// chooses.
func (personsTrained) many(ctx context.Context, q pg.Querier, programmeID int64, ins []*domain.Indicator, ids []int64, all bool) (map[int64][]domain.Fact, error) {
	var inds, pairInd, pairTraining []int64
	var areas []*string
	var every []bool
	for _, in := range ins {
		inds, areas, every = append(inds, in.ID), append(areas, areaParam(in)), append(every, everyTraining(in))
		for _, t := range in.Params.TrainingIDs {
			pairInd, pairTraining = append(pairInd, in.ID), append(pairTraining, t)
		}
	}
	out := map[int64][]domain.Fact{}
	err := pg.Each(ctx, q, `WITH x AS (SELECT * FROM unnest($2::bigint[], $3::text[], $4::bool[]) AS x(ind, area, every)),
		sel AS (SELECT x.ind, t.id AS training_id FROM trainings t JOIN x ON x.every OR t.area = x.area
			OR t.id IN (SELECT p.training FROM unnest($5::bigint[], $6::bigint[]) AS p(ind, training) WHERE p.ind = x.ind))
		SELECT sel.ind, a.person_id, pe.unit_id, pe.sex, min(a.day), 1
		FROM attendance a JOIN training_sessions s ON s.id = a.session_id JOIN sel ON sel.training_id = s.training_id
		JOIN persons pe ON pe.id = a.person_id AND pe.programme_id = $1
		WHERE a.present AND a.programme_id = $1 AND ($7 OR a.person_id = ANY($8))
		GROUP BY sel.ind, a.person_id, pe.unit_id, pe.sex`,
		[]any{programmeID, inds, areas, every, pg.IDs(pairInd), pg.IDs(pairTraining), all, pg.IDs(ids)},
		func(r pgx.CollectableRow) error {
			var ind, person, unit int64
			var sex string
			var on time.Time
			var n int
			if err := r.Scan(&ind, &person, &unit, &sex, &on, &n); err != nil {
				return err
			}
			f := domain.Fact{Subject: "person:" + id(person), RefKind: domain.RefPerson, RefID: person, UnitID: unit, On: on, Value: one, Records: n}
			if domain.Sex(sex) == domain.SexFemale {
				f.Women = 1
			} else {
				f.Men = 1
			}
			out[ind] = append(out[ind], f)
			return nil
		})
	return out, err
}

// trainingDays: a group-day is delivered once its attendance is entered
// with somebody present (of the rule's trainings or area; all when it
// names neither); a half day makes half a group-day.
type trainingDays struct{}

var _ = register(domain.RuleTrainingDays, trainingDays{})

func (trainingDays) kind() domain.RefKind { return domain.RefSession }

func (trainingDays) label() string {
	return `(SELECT t.code || ', grupa ' || s.group_no || ', dzień ' || to_char(f.evidence_on, 'DD.MM.YYYY')
			|| CASE WHEN f.value < 1 THEN ' (pół dnia)' ELSE '' END
		FROM training_sessions s JOIN trainings t ON t.id = s.training_id WHERE s.id = f.ref_id)`
}

func (trainingDays) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	area, every := areaParam(in), everyTraining(in)
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT d.session_id, d.day, d.half FROM session_days d JOIN training_sessions s ON s.id = d.session_id
		JOIN trainings t ON t.id = s.training_id
		WHERE s.programme_id = $1 AND d.attendance_entered_at IS NOT NULL AND ($2 OR t.id = ANY($3) OR t.area = $4)
		AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = d.session_id AND a.day = d.day AND a.present)
		AND ($5 OR s.id = ANY($6))`, []any{in.ProgrammeID, every, pg.IDs(in.Params.TrainingIDs), area, all, ids},
		func(r pgx.CollectableRow) error {
			var session int64
			var day time.Time
			var half bool
			if err := r.Scan(&session, &day, &half); err != nil {
				return err
			}
			value := one
			if half {
				value = domain.HalfDay
			}
			out = append(out, domain.Fact{Subject: "day:" + id(session) + ":" + day.Format("2006-01-02"), RefKind: domain.RefSession, RefID: session, On: day,
				Value: value, Records: 1})
			return nil
		})
	return out, err
}
