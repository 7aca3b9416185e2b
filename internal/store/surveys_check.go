package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// SurveyDifference is where a survey wave's stored aggregates (kept by the
// triggers of migration 00015) and its approved responses disagree.
type SurveyDifference struct {
	Wave     string // the wave's code
	What     string // "sumy fali" or "pytanie KOD, odpowiedź N"
	Stored   string
	Computed string
}

// surveyTotalsCheck compares each wave's totals with a recount of its
// approved responses; a wave without a totals row counts as zeros.
const surveyTotalsCheck = `WITH c AS (
		SELECT w.id AS wave_id, w.code, count(r.id) AS responses, count(r.id) FILTER (WHERE r.channel = 'online') AS online,
			count(r.id) FILTER (WHERE r.channel = 'paper') AS paper, count(r.id) FILTER (WHERE r.channel = 'invited') AS invited,
			count(r.index_score) AS index_n, COALESCE(sum(r.index_score), 0) AS index_sum,
			COALESCE(sum(r.index_score * r.index_score), 0) AS index_sumsq
		FROM survey_waves w LEFT JOIN survey_responses r ON r.wave_id = w.id AND r.validation = 'approved'
		GROUP BY w.id),
	s AS (
		SELECT c.wave_id, COALESCE(t.responses, 0) AS responses, COALESCE(t.online, 0) AS online, COALESCE(t.paper, 0) AS paper,
			COALESCE(t.invited, 0) AS invited, COALESCE(t.index_n, 0) AS index_n, COALESCE(t.index_sum, 0) AS index_sum,
			COALESCE(t.index_sumsq, 0) AS index_sumsq
		FROM c LEFT JOIN survey_wave_totals t ON t.wave_id = c.wave_id)
	SELECT c.code, 'sumy fali',
		format('odpowiedzi %s (internet %s, papier %s, zaproszenia %s), indeks n=%s, suma %s, suma kwadratów %s',
			s.responses, s.online, s.paper, s.invited, s.index_n, s.index_sum, s.index_sumsq),
		format('odpowiedzi %s (internet %s, papier %s, zaproszenia %s), indeks n=%s, suma %s, suma kwadratów %s',
			c.responses, c.online, c.paper, c.invited, c.index_n, c.index_sum, c.index_sumsq)
	FROM c JOIN s ON s.wave_id = c.wave_id
	WHERE (c.responses, c.online, c.paper, c.invited, c.index_n, c.index_sum, c.index_sumsq)
		IS DISTINCT FROM (s.responses, s.online, s.paper, s.invited, s.index_n, s.index_sum, s.index_sumsq)
	ORDER BY c.code`

// surveyItemsCheck compares each wave's answer counts by item and value
// with a recount of its approved responses' answers; a stored count of 0
// is the same as none.
const surveyItemsCheck = `WITH c AS (
		SELECT r.wave_id, a.item_id, a.value, count(*) AS n
		FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id
		WHERE r.validation = 'approved'
		GROUP BY r.wave_id, a.item_id, a.value),
	s AS (SELECT wave_id, item_id, value, n FROM survey_item_counts WHERE n <> 0)
	SELECT w.code, 'pytanie ' || COALESCE(i.code, '#' || COALESCE(c.item_id, s.item_id)) || ', odpowiedź ' || COALESCE(c.value, s.value),
		COALESCE(s.n, 0)::text, COALESCE(c.n, 0)::text
	FROM c FULL JOIN s ON s.wave_id = c.wave_id AND s.item_id = c.item_id AND s.value = c.value
	JOIN survey_waves w ON w.id = COALESCE(c.wave_id, s.wave_id)
	LEFT JOIN survey_items i ON i.id = COALESCE(c.item_id, s.item_id)
	WHERE c.n IS DISTINCT FROM s.n
	ORDER BY w.code, i.position, 2`

// CheckSurveyAggregates recounts every survey wave's aggregates (totals
// and answer counts) from its approved responses and answers and lists
// where the stored ones differ; waves is how many waves it checked. It
// changes nothing.
func (s *Store) CheckSurveyAggregates(ctx context.Context) (waves int, diffs []SurveyDifference, err error) {
	defer wrap(&err, "store.CheckSurveyAggregates()")
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM survey_waves`).Scan(&waves); err != nil {
			return err
		}
		for _, q := range []string{surveyTotalsCheck, surveyItemsCheck} {
			rows, err := tx.Query(ctx, q)
			if err != nil {
				return err
			}
			var d SurveyDifference
			if _, err := pgx.ForEachRow(rows, []any{&d.Wave, &d.What, &d.Stored, &d.Computed}, func() error {
				diffs = append(diffs, d)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return waves, diffs, err
}

// RecountSurveyAggregates rebuilds every survey wave's aggregates from its
// approved responses (repairs aggregates that drifted; the triggers keep
// them otherwise). The aggregates touch no indicator fact by themselves:
// recompute runs it before rebuilding the read model (RefreshAll).
func (s *Store) RecountSurveyAggregates(ctx context.Context) (err error) {
	defer wrap(&err, "store.RecountSurveyAggregates()")
	return s.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT survey_recount(ARRAY(SELECT id FROM survey_waves))`)
		return err
	})
}
