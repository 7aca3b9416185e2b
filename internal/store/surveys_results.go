package store

// The read model of survey results: everything from the aggregates the
// triggers keep (survey_wave_totals, survey_item_counts), never a scan of
// the answers, except the open answers (paged) and the exports of the
// anonymous responses.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// SurveyWaveResult reads a wave of a programme with its version and
// aggregates and computes its results.
func (s *Store) SurveyWaveResult(ctx context.Context, programmeID, waveID int64) (_ *domain.WaveResult, err error) {
	defer wrap(&err, "store.SurveyWaveResult(%d, %d)", programmeID, waveID)
	w, err := s.Wave(ctx, programmeID, waveID)
	if err != nil {
		return nil, err
	}
	v, err := s.QuestionnaireVersion(ctx, w.VersionID)
	if err != nil {
		return nil, err
	}
	t, counts, err := s.WaveResults(ctx, waveID)
	if err != nil {
		return nil, err
	}
	return domain.NewWaveResult(w, v, domain.SurveyTotals{Responses: t.Responses, Online: t.Online, Paper: t.Paper, Invited: t.Invited,
		IndexN: t.IndexN, IndexSum: t.IndexSum, IndexSumSq: t.IndexSumSq, Invitations: t.Invitations, InvitationsAnswered: t.Answered},
		counts), nil
}

// OpenAnswerPage lists a page of an item's approved, non-empty open
// answers in a wave (oldest first); counted is their number in the
// aggregates (the item's count in survey_item_counts), which bounds them.
// The answers carry no wave and an item's answers span every wave of its
// version, so the wave's responses are read in order in growing chunks and
// each chunk's answers to the item looked up by the answers' primary key,
// until the page is full or every counted answer is found: a page costs
// what its position costs, not the whole wave, and an item nobody
// answered in the wave costs nothing (a wave of 3,785 responses without
// open answers was read whole for each open item: 6 statements, 4–9 ms).
func (s *Store) OpenAnswerPage(ctx context.Context, waveID, itemID int64, counted, offset, limit int) (_ []string, err error) {
	defer wrap(&err, "store.OpenAnswerPage(%d, %d)", waveID, itemID)
	var texts []string
	after := int64(0)
	for chunk := 500; len(texts) < min(offset+limit, counted); chunk *= 4 {
		rows, err := s.Pool.Query(ctx, `SELECT id FROM survey_responses WHERE wave_id = $1 AND validation = 'approved' AND id > $2
			ORDER BY id LIMIT $3`, waveID, after, chunk)
		if err != nil {
			return nil, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			break
		}
		after = ids[len(ids)-1]
		rows, err = s.Pool.Query(ctx, `SELECT text FROM survey_answers WHERE response_id = ANY($1) AND item_id = $2 AND value = 0
			AND btrim(COALESCE(text, '')) <> '' ORDER BY response_id`, ids, itemID)
		if err != nil {
			return nil, err
		}
		more, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		texts = append(texts, more...)
		if len(ids) < chunk {
			break
		}
	}
	if offset >= len(texts) {
		return []string{}, nil
	}
	return texts[offset:min(len(texts), offset+limit)], nil
}

// BenchmarkWaves reads, in one query of the aggregates, every unit's wave
// of a questionnaire in a round with its index's n, sum and sum of squares.
func (s *Store) BenchmarkWaves(ctx context.Context, programmeID, questionnaireID int64, round int) (_ []domain.BenchmarkWave, err error) {
	defer wrap(&err, "store.BenchmarkWaves(%d, %d, %d)", programmeID, questionnaireID, round)
	rows, err := s.Pool.Query(ctx, `SELECT w.id, w.unit_id, u.name, COALESCE(t.index_n, 0), COALESCE(t.index_sum, 0)::float8,
		COALESCE(t.index_sumsq, 0)::float8
		FROM survey_waves w JOIN units u ON u.id = w.unit_id LEFT JOIN survey_wave_totals t ON t.wave_id = w.id
		WHERE w.programme_id = $1 AND w.questionnaire_id = $2 AND w.round = $3 ORDER BY u.name, w.unit_id`,
		programmeID, questionnaireID, round)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.BenchmarkWave, error) {
		var b domain.BenchmarkWave
		var n int
		var sum, sumSq float64
		err := r.Scan(&b.WaveID, &b.UnitID, &b.UnitName, &n, &sum, &sumSq)
		b.Index = domain.MeanFromSums(n, sum, sumSq, domain.Conf95)
		return b, err
	})
}

// SurveyRounds lists the rounds a questionnaire's waves have in a programme
// (ascending).
func (s *Store) SurveyRounds(ctx context.Context, programmeID, questionnaireID int64) (_ []int, err error) {
	defer wrap(&err, "store.SurveyRounds(%d, %d)", programmeID, questionnaireID)
	rows, err := s.Pool.Query(ctx, `SELECT DISTINCT round FROM survey_waves WHERE programme_id = $1 AND questionnaire_id = $2 ORDER BY round`,
		programmeID, questionnaireID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// ExportedResponse is one approved response as the exports give it.
type ExportedResponse struct {
	ID         int64
	Channel    domain.SurveyChannel
	AnsweredOn time.Time
	Sheet      string
	Answers    []domain.SurveyAnswer
}

// EachSurveyResponse calls fn with every approved response of a wave with
// its answers, oldest first, reading them as a stream.
func (s *Store) EachSurveyResponse(ctx context.Context, waveID int64, fn func(*ExportedResponse) error) (err error) {
	defer wrap(&err, "store.EachSurveyResponse(%d)", waveID)
	rows, err := s.Pool.Query(ctx, `SELECT r.id, r.channel, r.answered_on, COALESCE(r.sheet, ''),
		COALESCE(array_agg(a.item_id ORDER BY a.item_id, a.value) FILTER (WHERE a.item_id IS NOT NULL), '{}'),
		COALESCE(array_agg(a.value ORDER BY a.item_id, a.value) FILTER (WHERE a.item_id IS NOT NULL), '{}'),
		COALESCE(array_agg(COALESCE(a.text, '') ORDER BY a.item_id, a.value) FILTER (WHERE a.item_id IS NOT NULL), '{}')
		FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id
		WHERE r.wave_id = $1 AND r.validation = 'approved' GROUP BY r.id ORDER BY r.id`, waveID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var x ExportedResponse
	var items []int64
	var values []int32
	var texts []string
	var channel string
	for rows.Next() {
		if err := rows.Scan(&x.ID, &channel, &x.AnsweredOn, &x.Sheet, &items, &values, &texts); err != nil {
			return err
		}
		x.Channel = domain.SurveyChannel(channel)
		x.Answers = x.Answers[:0]
		for i := range items {
			x.Answers = append(x.Answers, domain.SurveyAnswer{ItemID: items[i], Value: int(values[i]), Text: texts[i]})
		}
		if err := fn(&x); err != nil {
			return err
		}
	}
	return rows.Err()
}
