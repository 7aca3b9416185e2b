package indicator

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// meetingsComplete: a meeting of the rule's task counts once its evidence
// is complete: an attendance list (scan) and notes that contain the
// meeting's date (checked as the meeting page does); one with the units'
// management is flagged.
type meetingsComplete struct{}

var _ = register(domain.RuleMeetingsComplete, meetingsComplete{})

func (meetingsComplete) kind() domain.RefKind { return domain.RefMeeting }

func (meetingsComplete) label() string {
	return `(SELECT 'Spotkanie nr ' || m.number FROM meetings m WHERE m.id = f.ref_id)`
}

func (meetingsComplete) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT m.id, m.with_management, m.notes, COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}'),
		(SELECT count(*) FROM meeting_scans c WHERE c.meeting_id = m.id)
		FROM meetings m WHERE m.programme_id = $1 AND m.task_id = $2 AND ($3 OR m.id = ANY($4))`,
		[]any{in.ProgrammeID, in.Params.TaskID, all, ids}, func(r pgx.CollectableRow) error {
			var mid int64
			var mgmt bool
			var notes string
			var days []time.Time
			var scans int
			if err := r.Scan(&mid, &mgmt, &notes, &days, &scans); err != nil {
				return err
			}
			if len(days) == 0 || !domain.MeetingEvidenceComplete(scans, notes, days) {
				return nil
			}
			f := domain.Fact{Subject: "meeting:" + id(mid), RefKind: domain.RefMeeting, RefID: mid, On: days[0], Value: one, Records: scans + 1}
			if mgmt {
				f.Flagged = 1
			}
			out = append(out, f)
			return nil
		})
	return out, err
}

// consultationDays: the days of each consultation of the rule's task, on
// its date, in its unit.
type consultationDays struct{}

var _ = register(domain.RuleConsultationDays, consultationDays{})

func (consultationDays) kind() domain.RefKind { return domain.RefConsultation }

func (consultationDays) label() string {
	return `(SELECT c.topic || ' (' || c.expert || ')' FROM consultations c WHERE c.id = f.ref_id)`
}

func (consultationDays) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT id, unit_id, day, days::text FROM consultations WHERE programme_id = $1 AND task_id = $2 AND ($3 OR id = ANY($4))`,
		[]any{in.ProgrammeID, in.Params.TaskID, all, ids}, func(r pgx.CollectableRow) error {
			var cid, unit int64
			var day time.Time
			var days string
			if err := r.Scan(&cid, &unit, &day, &days); err != nil {
				return err
			}
			f := domain.Fact{Subject: "consultation:" + id(cid), RefKind: domain.RefConsultation, RefID: cid, UnitID: unit, On: day, Records: 1}
			if err := f.Value.ScanSQL(days); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	return out, err
}

// manualValues: each value entered with its evidence file, on its date.
type manualValues struct{}

var _ = register(domain.RuleManual, manualValues{})

func (manualValues) kind() domain.RefKind { return domain.RefManual }

func (manualValues) label() string {
	return `(SELECT v.note FROM indicator_manual_values v WHERE v.id = f.ref_id)`
}

func (manualValues) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, `SELECT id, COALESCE(unit_id, 0), evidence_on, value::text FROM indicator_manual_values WHERE indicator_id = $1 AND ($2 OR id = ANY($3))`,
		[]any{in.ID, all, ids}, func(r pgx.CollectableRow) error {
			var vid, unit int64
			var on time.Time
			var value string
			if err := r.Scan(&vid, &unit, &on, &value); err != nil {
				return err
			}
			f := domain.Fact{Subject: "manual:" + id(vid), RefKind: domain.RefManual, RefID: vid, UnitID: unit, On: on, Records: 1}
			if err := f.Value.ScanSQL(value); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	return out, err
}
