package store

// Paper key-in helpers: the next sheet number, and the second keying of a
// sample of sheets for quality, compared item by item with the first.

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// NextSheet is the number the next paper form of a wave most likely has:
// one more than the highest numeric sheet keyed so far.
func (s *Store) NextSheet(ctx context.Context, waveID int64) (_ string, err error) {
	defer wrap(&err, "store.NextSheet(%d)", waveID)
	var n int64
	err = s.Pool.QueryRow(ctx, `SELECT COALESCE(max(sheet::bigint) FILTER (WHERE sheet ~ '^[0-9]{1,12}$'), 0) + 1
		FROM survey_responses WHERE wave_id = $1 AND channel = 'paper'`, waveID).Scan(&n)
	return FormatID(n), err
}

type keyedAnswer struct {
	Item  int64  `json:"item"`
	Value int    `json:"value"`
	Text  string `json:"text,omitempty"`
}

// KeySecondTime stores a second keying of a paper sheet already keyed once
// (checked against the wave's version like the first); it never counts in
// the results.
func (s *Store) KeySecondTime(ctx context.Context, a domain.Actor, waveID int64, sheet string, answers []domain.SurveyAnswer) (err error) {
	defer wrap(&err, "store.KeySecondTime(%d)", waveID)
	sheet = strings.TrimSpace(sheet)
	if sheet == "" || len(sheet) > 40 {
		return domain.Validation{domain.FieldWaveSheet: "Podaj numer formularza (najwyżej 40 znaków)."}.Err()
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var versionID int64
		var closed *time.Time
		if err := tx.QueryRow(ctx, `SELECT version_id, closed_at FROM survey_waves WHERE id = $1 FOR SHARE`, waveID).Scan(&versionID, &closed); err != nil {
			return mapError(err, waveNotFound)
		}
		if closed != nil {
			return ErrWaveClosed
		}
		var first bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM survey_responses WHERE wave_id = $1 AND sheet = $2)`, waveID, sheet).Scan(&first); err != nil {
			return err
		}
		if !first {
			return domain.Validation{domain.FieldWaveSheet: "Formularza o tym numerze nie wpisano jeszcze po raz pierwszy."}.Err()
		}
		v, err := s.QuestionnaireVersion(ctx, versionID)
		if err != nil {
			return err
		}
		if err := v.CheckAnswers(answers); err != nil {
			return err
		}
		keyed := make([]keyedAnswer, len(answers))
		for i, an := range answers {
			keyed[i] = keyedAnswer{Item: an.ItemID, Value: an.Value, Text: an.Text}
		}
		raw, err := json.Marshal(keyed)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO survey_second_keyings (wave_id, sheet, answers, keyed_by, keyed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			waveID, sheet, raw, a.UserID, s.Now()).Scan(&id); err != nil {
			return mapError(err, waveNotFound, secondKeyingTaken)
		}
		return audit(ctx, tx, a, domain.AuditCreate, "survey_second_keying", FormatID(waveID)+"/"+FormatID(id), nil,
			map[string]any{"wave_id": waveID, "sheet": sheet})
	})
}

func secondKeyingTaken(e *pgconn.PgError) *domain.Error {
	if e.ConstraintName == "survey_second_keyings_wave_id_sheet_key" {
		return &domain.Error{Code: domain.EINVALID, Message: msgFixFields,
			Fields: map[string]string{domain.FieldWaveSheet: "Ten formularz wpisano już drugi raz."}}
	}
	if e.ConstraintName == "survey_waves_closed" {
		return ErrWaveClosed
	}
	return nil
}

// KeyingReport compares every second keying of a wave with the first
// keying of its sheet: per sheet the items that differ, and the share of
// items keyed the same.
func (s *Store) KeyingReport(ctx context.Context, waveID int64) (_ domain.KeyingReport, err error) {
	defer wrap(&err, "store.KeyingReport(%d)", waveID)
	var rep domain.KeyingReport
	var versionID int64
	if err := s.Pool.QueryRow(ctx, `SELECT version_id FROM survey_waves WHERE id = $1`, waveID).Scan(&versionID); err != nil {
		return rep, mapError(err, waveNotFound)
	}
	v, err := s.QuestionnaireVersion(ctx, versionID)
	if err != nil {
		return rep, err
	}
	rows, err := s.Pool.Query(ctx, `SELECT k.sheet, k.answers, k.keyed_at, u.display_name, r.id IS NOT NULL,
		COALESCE((SELECT jsonb_agg(jsonb_build_object('item', a.item_id, 'value', a.value, 'text', COALESCE(a.text, '')))
			FROM survey_answers a WHERE a.response_id = r.id), '[]')
		FROM survey_second_keyings k JOIN users u ON u.id = k.keyed_by
		LEFT JOIN survey_responses r ON r.wave_id = k.wave_id AND r.sheet = k.sheet
		WHERE k.wave_id = $1 ORDER BY length(k.sheet), k.sheet`, waveID)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	for rows.Next() {
		var sh domain.KeyingSheet
		var second, first []keyedAnswer
		var found bool
		if err := rows.Scan(&sh.Sheet, &second, &sh.KeyedAt, &sh.KeyedBy, &found, &first); err != nil {
			return rep, err
		}
		sh.Missing = !found
		if found {
			sh.Items = len(v.Items)
			sh.Differ = v.CompareKeyings(answersOf(first), answersOf(second))
			rep.Items += sh.Items
			rep.Agree += sh.Items - len(sh.Differ)
		}
		rep.Sheets = append(rep.Sheets, sh)
	}
	return rep, rows.Err()
}

func answersOf(k []keyedAnswer) []domain.SurveyAnswer {
	out := make([]domain.SurveyAnswer, len(k))
	for i, a := range k {
		out[i] = domain.SurveyAnswer{ItemID: a.Item, Value: a.Value, Text: a.Text}
	}
	return out
}
