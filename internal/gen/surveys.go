package gen

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
)

// Surveys of the national data set: every programme uses the demo's
// customer questionnaire; each participating unit has a closed baseline
// two months after the programme starts and, when the programme has run
// long enough, a closed follow-up about a year later; programmes still
// running have an open further round in a few units (for the answer
// submission benchmark). Responses per wave follow the unit's size.

// Responses per wave: about surveyPerWeight per unit of weight, between
// surveyMin and surveyCap; the biggest unit of the first (largest)
// programme has surveyMax per wave (some 10,000 answers: the results page
// benchmark's big wave).
const (
	surveyPerWeight = 0.2
	surveyMin       = 5
	surveyCap       = 300
	surveyMax       = 600
	// openWaves is how many units of a running programme have an open
	// wave.
	openWaves = 10
)

// surveyTables are the tables loadSurveys fills whose ids continue after
// it (their identity sequences are moved on).
var surveyTables = []string{"questionnaires", "questionnaire_versions", "survey_items", "survey_waves", "survey_responses"}

// surveyResponses is how many responses a unit's wave gets.
func surveyResponses(u *unit) int {
	return min(surveyCap, max(surveyMin, int(math.Round(u.weight*surveyPerWeight))))
}

func (g *generator) loadSurveys(ctx context.Context, tx pgx.Tx) error {
	r := g.rng
	ids, err := nextIDs(ctx, tx, surveyTables...)
	if err != nil {
		return err
	}
	qid, vid, iid, wid, rid := ids[0], ids[1], ids[2], ids[3], ids[4]
	created := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	var qs, vs, items, opts, waves, resps, answers [][]any
	var biggest *participation
	if len(g.progs) > 0 {
		for _, pa := range g.progs[0].parts {
			if biggest == nil || pa.unit.weight > biggest.unit.weight {
				biggest = pa
			}
		}
	}
	for _, p := range g.progs {
		q, v := demo.CustomerQuestionnaire()
		if err := v.Validate(); err != nil {
			return err
		}
		qs = append(qs, []any{qid, p.id, q.Code, string(q.Kind), q.Name, created})
		vs = append(vs, []any{vid, qid, 1, v.Intro, string(v.IndexMethod), created, g.users.coordinator})
		for i := range v.Items {
			it := &v.Items[i]
			it.ID = iid
			iid++
			var points, maxLen any
			if it.Kind == domain.ItemLikert {
				points = it.ScalePoints
			}
			if it.Kind == domain.ItemOpen {
				maxLen = it.MaxLength
			}
			items = append(items, []any{it.ID, vid, it.Position, it.Code, it.Section, string(it.Kind), it.Profile, it.Text, it.Required,
				points, it.DontKnow, it.InIndex, maxLen})
			for _, o := range it.Options {
				opts = append(opts, []any{it.ID, o.Value, o.Label})
			}
		}
		baseline := weekday(p.start.AddDate(0, 2, 0))
		rounds := []time.Time{baseline}
		fu := baseline.AddDate(1, 0, 0)
		if last := p.last().AddDate(0, 0, -35); last.Before(fu) {
			fu = last
		}
		if !fu.Before(baseline.AddDate(0, 6, 0)) {
			rounds = append(rounds, weekday(fu))
		}
		running := p.end.After(today)
		for ui, pa := range p.parts {
			base := 3.3 + 0.5*r.Float64()
			follow := base + 0.35 + 0.3*r.NormFloat64()
			for round, opens := range rounds {
				closes := opens.AddDate(0, 0, 27)
				closed := closes.AddDate(0, 0, 1).Add(10 * time.Hour)
				waves = append(waves, []any{wid, p.id, qid, vid, pa.unit.id, round, fmt.Sprintf("%s-KLI-%d-%d", p.code, pa.unit.id, round),
					opens, closes, nil, true, g.publicKey(), created, g.users.coordinator, closed, g.users.coordinator})
				mood := base
				if round > 0 {
					mood = follow
				}
				n := surveyResponses(pa.unit)
				if pa == biggest {
					n = surveyMax
				}
				span := int(closes.Sub(opens).Hours()/24) + 1
				for i := range n {
					as := demo.CustomerAnswers(r, v, mood)
					var score any
					if x, ok := v.IndexScore(as); ok {
						score = x
					}
					day := opens.AddDate(0, 0, r.IntN(span))
					channel, sheet := string(domain.ChannelOnline), any(nil)
					if r.IntN(100) < 60 {
						channel, sheet = string(domain.ChannelPaper), fmt.Sprintf("%04d", i+1)
					}
					resps = append(resps, []any{rid, wid, channel, day, sheet, score})
					for _, a := range as {
						var text any
						if a.Text != "" {
							text = a.Text
						}
						answers = append(answers, []any{rid, a.ItemID, a.Value, text})
					}
					rid++
				}
				wid++
			}
			if running && ui < openWaves {
				opens := weekday(today.AddDate(0, 0, -14))
				waves = append(waves, []any{wid, p.id, qid, vid, pa.unit.id, len(rounds), fmt.Sprintf("%s-KLI-%d-%d", p.code, pa.unit.id, len(rounds)),
					opens, p.end, nil, true, g.publicKey(), created, g.users.coordinator, nil, nil})
				wid++
			}
		}
		qid++
		vid++
	}
	// Answers are loaded as they stand and counted once afterwards: the
	// row triggers (the closed-wave guard, the running aggregates) are off
	// while the rows are copied into waves already closed, and the answers'
	// foreign keys are checked once for all rows when they are added back
	// (checking each row as it comes costs most of the load). All in the
	// generator's one transaction: a failure changes nothing.
	var restore []string
	for _, t := range []string{"survey_responses", "survey_answers"} {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t+` DISABLE TRIGGER USER`); err != nil {
			return err
		}
	}
	rows, err := tx.Query(ctx, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'survey_answers'::regclass AND contype = 'f' ORDER BY conname`)
	if err != nil {
		return err
	}
	fks, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Def string }])
	if err != nil {
		return err
	}
	for _, fk := range fks {
		name := pgx.Identifier{fk.Name}.Sanitize()
		if _, err := tx.Exec(ctx, `ALTER TABLE survey_answers DROP CONSTRAINT `+name); err != nil {
			return err
		}
		restore = append(restore, `ALTER TABLE survey_answers ADD CONSTRAINT `+name+` `+fk.Def)
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"questionnaires", []string{"id", "programme_id", "code", "kind", "name", "created_at"}, qs},
		{"questionnaire_versions", []string{"id", "questionnaire_id", "version", "intro", "index_method", "created_at", "created_by"}, vs},
		{"survey_items", []string{"id", "version_id", "position", "code", "section", "kind", "profile", "text", "required", "scale_points",
			"dont_know", "in_index", "max_length"}, items},
		{"survey_item_options", []string{"item_id", "value", "label"}, opts},
		{"survey_waves", []string{"id", "programme_id", "questionnaire_id", "version_id", "unit_id", "round", "code", "opens_on", "closes_on",
			"target_sample", "online", "public_key", "created_at", "created_by", "closed_at", "closed_by"}, waves},
		{"survey_responses", []string{"id", "wave_id", "channel", "answered_on", "sheet", "index_score"}, resps},
		{"survey_answers", []string{"response_id", "item_id", "value", "text"}, answers},
	} {
		n, err := copyRows(ctx, tx, c.table, c.cols, c.rows)
		if err != nil {
			return err
		}
		switch c.table {
		case "survey_waves":
			g.got.SurveyWaves = n
		case "survey_responses":
			g.got.SurveyResponses = n
		case "survey_answers":
			g.got.SurveyAnswers = n
		}
	}
	for _, sql := range restore {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("restore the answers' foreign keys: %w", err)
		}
	}
	for _, t := range []string{"survey_responses", "survey_answers"} {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t+` ENABLE TRIGGER USER`); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `SELECT survey_recount(array_agg(id)) FROM survey_waves`)
	return err
}

// publicKey is a wave's public link key, drawn from the seed (the data set
// is reproducible; real waves draw theirs from crypto/rand).
func (g *generator) publicKey() string {
	return fmt.Sprintf("%016x%016x", g.rng.Uint64(), g.rng.Uint64())
}
