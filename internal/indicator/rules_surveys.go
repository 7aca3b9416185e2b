package indicator

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// satisfactionChange: a unit counts once it has, for a questionnaire of
// the rule's kind (customers or employees) in the programme, a closed
// baseline wave (round 0) and a closed follow-up (round 1 or later), both
// with index scores (and a baseline index above 0); its value is the
// relative change of the index from the baseline to the follow-up in
// percent, dated on the follow-up's closing date. The programme's value is
// the average over such units (domain.Rule.Averages), not their sum.
//
// When several follow-ups (or several questionnaires of the kind) qualify,
// the follow-up that closes last counts (by its closing date, then its
// round, then the older questionnaire): the unit's latest measured change.
// Open waves never count; their responses may still change.
type satisfactionChange struct{}

var _ = register(domain.RuleSatisfactionChange, satisfactionChange{})

func (satisfactionChange) kind() domain.RefKind { return domain.RefUnit }

// surveyPairs selects each unit's counted pair of waves: the baseline and
// follow-up codes, index values (0–100), index n and approved responses,
// and the follow-up's closing date. prog, kind and units are SQL
// expressions: the programme, the questionnaire kind and a condition on
// the unit (b.unit_id).
func surveyPairs(prog, kind, units string) string {
	return `SELECT DISTINCT ON (b.unit_id) b.unit_id, b.code, bt.index_n, bt.index_sum / bt.index_n, bt.responses,
			fu.code, ft.index_n, ft.index_sum / ft.index_n, ft.responses, fu.closes_on
		FROM questionnaires q
		JOIN survey_waves b ON b.questionnaire_id = q.id AND b.round = 0 AND b.closed_at IS NOT NULL
		JOIN survey_wave_totals bt ON bt.wave_id = b.id AND bt.index_n > 0 AND bt.index_sum > 0
		JOIN survey_waves fu ON fu.questionnaire_id = q.id AND fu.unit_id = b.unit_id AND fu.round >= 1 AND fu.closed_at IS NOT NULL
		JOIN survey_wave_totals ft ON ft.wave_id = fu.id AND ft.index_n > 0
		WHERE q.programme_id = ` + prog + ` AND q.kind = ` + kind + ` AND (` + units + `)
		ORDER BY b.unit_id, fu.closes_on DESC, fu.round DESC, q.id`
}

// label names both waves: "Urząd Gminy X: KLI-0 62,4 (n=120) → KLI-1
// 73,9 (n=131)".
func (satisfactionChange) label() string {
	return `(SELECT u.name || ': ' || s.bcode || ' ' || replace(round(s.bidx, 1)::text, '.', ',') || ' (n=' || s.bn || ') → '
			|| s.fcode || ' ' || replace(round(s.fidx, 1)::text, '.', ',') || ' (n=' || s.fn || ')'
		FROM (` + surveyPairs(`f.programme_id`, `(SELECT i.rule_params->>'survey_kind' FROM indicators i WHERE i.id = f.indicator_id)`,
		`b.unit_id = f.ref_id`) + `) AS s (unit_id, bcode, bn, bidx, bresp, fcode, fn, fidx, fresp, closes_on)
		JOIN units u ON u.id = s.unit_id)`
}

func (satisfactionChange) facts(ctx context.Context, q pg.Querier, in *domain.Indicator, ids []int64, all bool) ([]domain.Fact, error) {
	var out []domain.Fact
	err := pg.Each(ctx, q, surveyPairs(`$1`, `$2`, `$3 OR b.unit_id = ANY($4)`), []any{in.ProgrammeID, string(in.Params.SurveyKind), all, ids},
		func(r pgx.CollectableRow) error {
			var unit int64
			var bcode, fcode string
			var bn, bresp, fn, fresp int
			var bidx, fidx float64
			var on time.Time
			if err := r.Scan(&unit, &bcode, &bn, &bidx, &bresp, &fcode, &fn, &fidx, &fresp, &on); err != nil {
				return err
			}
			change, ok := domain.SatisfactionChange(bidx, fidx)
			if !ok {
				return nil
			}
			out = append(out, domain.Fact{Subject: "unit:" + id(unit), RefKind: domain.RefUnit, RefID: unit, UnitID: unit, On: on,
				Value: domain.DecimalFromFloat(change), Records: bresp + fresp})
			return nil
		})
	return out, err
}
