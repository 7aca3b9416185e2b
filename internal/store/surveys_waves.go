package store

// Survey waves and their anonymous responses. Answers add to the wave's
// aggregates in the same transaction (triggers of migration 00015); a
// closed wave takes nothing more (the database refuses it too).

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

const waveNotFound = "Nie ma takiego badania w tym programie."

var waveFields = map[string]map[string]string{
	"survey_waves_participation": {domain.FieldWaveUnit: "Wybierz jednostkę uczestniczącą w programie."},
	"survey_waves_round_key":     {domain.FieldWaveRound: "Ta jednostka ma już ten pomiar tym kwestionariuszem."},
	"survey_waves_dates":         {domain.FieldWaveCloses: "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."},
	"survey_waves_code_key":      {domain.FieldWaveCode: "Jest już badanie o tym kodzie."},
}

const waveColumns = `w.id, w.programme_id, w.questionnaire_id, w.version_id, w.unit_id, w.round, w.code, w.opens_on, w.closes_on,
	COALESCE(w.target_sample, 0), w.online, w.public_key, w.closed_at, u.name, q.code, q.name, q.kind, v.version,
	COALESCE(t.responses, 0)`

const waveFrom = ` FROM survey_waves w JOIN units u ON u.id = w.unit_id JOIN questionnaires q ON q.id = w.questionnaire_id
	JOIN questionnaire_versions v ON v.id = w.version_id LEFT JOIN survey_wave_totals t ON t.wave_id = w.id`

func scanWave(r pgx.Row) (*domain.SurveyWave, error) {
	var w domain.SurveyWave
	var kind string
	err := r.Scan(&w.ID, &w.ProgrammeID, &w.QuestionnaireID, &w.VersionID, &w.UnitID, &w.Round, &w.Code, &w.OpensOn, &w.ClosesOn,
		&w.TargetSample, &w.Online, &w.PublicKey, &w.ClosedAt, &w.UnitName, &w.QuestionnaireCode, &w.QuestionnaireName, &kind,
		&w.Version, &w.Responses)
	w.Kind = domain.SurveyKind(kind)
	return &w, err
}

// WaveFilter narrows a programme's waves.
type WaveFilter struct {
	QuestionnaireID int64
	UnitIDs         []int64 // nil: all units
}

// Waves lists a programme's waves by questionnaire, unit and round.
func (s *Store) Waves(ctx context.Context, programmeID int64, f WaveFilter) (_ []*domain.SurveyWave, err error) {
	defer wrap(&err, "store.Waves(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT `+waveColumns+waveFrom+` WHERE w.programme_id = $1
		AND ($2::bigint = 0 OR w.questionnaire_id = $2) AND ($3::bigint[] IS NULL OR w.unit_id = ANY($3))
		ORDER BY lower(q.code), u.name, w.unit_id, w.round`, programmeID, f.QuestionnaireID, f.UnitIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.SurveyWave, error) { return scanWave(r) })
}

// Wave returns one wave of a programme.
func (s *Store) Wave(ctx context.Context, programmeID, id int64) (_ *domain.SurveyWave, err error) {
	defer wrap(&err, "store.Wave(%d, %d)", programmeID, id)
	w, err := scanWave(s.Pool.QueryRow(ctx, `SELECT `+waveColumns+waveFrom+` WHERE w.programme_id = $1 AND w.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, waveNotFound)
	}
	return w, nil
}

// WaveByKey returns the wave of a public link's key.
func (s *Store) WaveByKey(ctx context.Context, key string) (_ *domain.SurveyWave, err error) {
	defer wrap(&err, "store.WaveByKey")
	w, err := scanWave(s.Pool.QueryRow(ctx, `SELECT `+waveColumns+waveFrom+` WHERE w.public_key = $1`, key))
	if err != nil {
		return nil, mapError(err, "Nie ma takiej ankiety. Sprawdź adres z zaproszenia lub kodu QR.")
	}
	return w, nil
}

// randomKey is an unguessable URL-safe key of n random bytes.
func randomKey(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// CreateWave starts a wave of the questionnaire's newest version in a
// unit (which freezes that version); the code printed on paper forms and
// the public link's key are made here.
func (s *Store) CreateWave(ctx context.Context, a domain.Actor, w *domain.SurveyWave, start, end time.Time) (err error) {
	defer wrap(&err, "store.CreateWave")
	if err := w.Validate(start, end); err != nil {
		return err
	}
	key, err := randomKey(16)
	if err != nil {
		return err
	}
	w.PublicKey = key
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var qcode string
		if err := tx.QueryRow(ctx, `SELECT q.code, v.id, v.version FROM questionnaires q JOIN questionnaire_versions v ON v.questionnaire_id = q.id
			WHERE q.programme_id = $1 AND q.id = $2 ORDER BY v.version DESC LIMIT 1`, w.ProgrammeID, w.QuestionnaireID).
			Scan(&qcode, &w.VersionID, &w.Version); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return domain.Validation{domain.FieldWaveQ: "Wybierz kwestionariusz tego programu."}.Err()
			}
			return err
		}
		if w.Code == "" {
			w.Code = fmt.Sprintf("%s-%d-%d-%s", strings.ToUpper(qcode), w.UnitID, w.Round, strings.ToUpper(key[:4]))
		}
		var target *int
		if w.TargetSample > 0 {
			target = &w.TargetSample
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO survey_waves (programme_id, questionnaire_id, version_id, unit_id, round, code, opens_on, closes_on,
			target_sample, online, public_key, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			w.ProgrammeID, w.QuestionnaireID, w.VersionID, w.UnitID, w.Round, w.Code, w.OpensOn, w.ClosesOn, target, w.Online, w.PublicKey, by).
			Scan(&w.ID); err != nil {
			return mapError(err, "", inForm(waveFields))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO survey_wave_totals (wave_id) VALUES ($1)`, w.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "survey_wave", FormatID(w.ID), nil, waveAudit(w))
	})
}

func waveAudit(w *domain.SurveyWave) map[string]any {
	return map[string]any{"code": w.Code, "questionnaire_id": w.QuestionnaireID, "version": w.Version, "unit_id": w.UnitID,
		"round": w.Round, "opens_on": w.OpensOn.Format(time.DateOnly), "closes_on": w.ClosesOn.Format(time.DateOnly),
		"target_sample": w.TargetSample, "online": w.Online}
}

// ErrWaveClosed is the answer to anything sent to a closed wave.
var ErrWaveClosed = domain.Errorf(domain.ECONFLICT, "To badanie zostało zakończone – nie przyjmujemy już odpowiedzi.")

// TokenHash is the stored form of an invitation's token.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// SubmitResponse saves one anonymous response with its answers, checked
// against the wave's version, dated day (the date only). A response through
// an invitation spends its token (token != ""): the invitation records only
// that it answered, never which response.
func (s *Store) SubmitResponse(ctx context.Context, r *domain.SurveyResponse, day time.Time, token string) (err error) {
	defer wrap(&err, "store.SubmitResponse(%d)", r.WaveID)
	return s.saveResponse(ctx, domain.Actor{}, r, day, token)
}

// KeyPaperResponse saves a response keyed in from a paper form (its sheet
// number once per wave); the audit trail names who keyed which sheet.
func (s *Store) KeyPaperResponse(ctx context.Context, a domain.Actor, r *domain.SurveyResponse, day time.Time) (err error) {
	defer wrap(&err, "store.KeyPaperResponse(%d)", r.WaveID)
	r.Channel = domain.ChannelPaper
	r.Sheet = strings.TrimSpace(r.Sheet)
	if r.Sheet == "" || len(r.Sheet) > 40 {
		return domain.Validation{domain.FieldWaveSheet: "Podaj numer formularza (najwyżej 40 znaków), żeby dało się go odnaleźć."}.Err()
	}
	return s.saveResponse(ctx, a, r, day, "")
}

func (s *Store) saveResponse(ctx context.Context, a domain.Actor, r *domain.SurveyResponse, day time.Time, token string) error {
	// The version is read before the transaction holds a connection (a
	// wave's version never changes; reading it inside would take a second
	// connection of the pool per answer and can starve it).
	var versionID int64
	if err := s.Pool.QueryRow(ctx, `SELECT version_id FROM survey_waves WHERE id = $1`, r.WaveID).Scan(&versionID); err != nil {
		return mapError(err, waveNotFound)
	}
	v, err := s.QuestionnaireVersion(ctx, versionID)
	if err != nil {
		return err
	}
	if err := v.CheckAnswers(r.Answers); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var w domain.SurveyWave
		if err := tx.QueryRow(ctx, `SELECT id, version_id, opens_on, closes_on, closed_at FROM survey_waves WHERE id = $1 FOR SHARE`, r.WaveID).
			Scan(&w.ID, &w.VersionID, &w.OpensOn, &w.ClosesOn, &w.ClosedAt); err != nil {
			return mapError(err, waveNotFound)
		}
		if ok, msg := w.Accepts(day); !ok {
			return domain.Errorf(domain.ECONFLICT, "%s", msg)
		}
		if token != "" {
			tag, err := tx.Exec(ctx, `UPDATE survey_invitations SET answered = true WHERE wave_id = $1 AND token_hash = $2 AND NOT answered`,
				r.WaveID, TokenHash(token))
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return domain.Errorf(domain.ECONFLICT, "Ten link z zaproszenia został już wykorzystany albo jest nieważny. Każda osoba odpowiada raz.")
			}
			r.Channel = domain.ChannelInvited
		}
		var score *float64
		if x, ok := v.IndexScore(r.Answers); ok {
			score = &x
		}
		r.IndexScore = score
		r.AnsweredOn = day
		var sheet *string
		if r.Channel == domain.ChannelPaper {
			sheet = &r.Sheet
		}
		if err := tx.QueryRow(ctx, `INSERT INTO survey_responses (wave_id, channel, answered_on, sheet, index_score)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.WaveID, string(r.Channel), day, sheet, score).Scan(&r.ID); err != nil {
			return mapError(err, waveNotFound, sheetTaken)
		}
		if err := insertAnswers(ctx, tx, v, []int64{r.ID}, [][]domain.SurveyAnswer{r.Answers}); err != nil {
			return mapError(err, waveNotFound)
		}
		if r.Channel == domain.ChannelPaper {
			return audit(ctx, tx, a, domain.AuditCreate, "survey_response", FormatID(r.WaveID)+"/"+FormatID(r.ID), nil,
				map[string]any{"wave_id": r.WaveID, "sheet": r.Sheet, "answered_on": day.Format(time.DateOnly)})
		}
		return nil
	})
}

// insertAnswers writes the answers of the responses ids (answers[i] of
// ids[i]) in one statement; an open answer keeps its text.
func insertAnswers(ctx context.Context, tx pgx.Tx, v *domain.QuestionnaireVersion, ids []int64, answers [][]domain.SurveyAnswer) error {
	var resp, items []int64
	var values []int
	var texts []*string
	for i, as := range answers {
		for _, an := range as {
			resp, items, values = append(resp, ids[i]), append(items, an.ItemID), append(values, an.Value)
			var t *string
			if it := v.Item(an.ItemID); it != nil && it.Kind == domain.ItemOpen {
				t = &an.Text
			}
			texts = append(texts, t)
		}
	}
	if len(resp) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO survey_answers (response_id, item_id, value, text)
		SELECT unnest($1::bigint[]), unnest($2::bigint[]), unnest($3::smallint[]), unnest($4::text[])`, resp, items, values, texts)
	return err
}

// ImportResponses saves many online responses to waves of version v in one
// transaction (the demo's history): each checked and scored as
// SubmitResponse does, dated by its AnsweredOn, counted into the waves'
// aggregates by the same triggers; a closed wave refuses them.
func (s *Store) ImportResponses(ctx context.Context, v *domain.QuestionnaireVersion, rs []*domain.SurveyResponse) (err error) {
	defer wrap(&err, "store.ImportResponses(%d)", len(rs))
	if len(rs) == 0 {
		return nil
	}
	waves, days := make([]int64, len(rs)), make([]time.Time, len(rs))
	scores := make([]*float64, len(rs))
	answers := make([][]domain.SurveyAnswer, len(rs))
	for i, r := range rs {
		if err := v.CheckAnswers(r.Answers); err != nil {
			return err
		}
		if x, ok := v.IndexScore(r.Answers); ok {
			scores[i] = &x
		}
		r.Channel, r.IndexScore = domain.ChannelOnline, scores[i]
		waves[i], days[i], answers[i] = r.WaveID, r.AnsweredOn, r.Answers
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('survey_responses', 'id')) FROM generate_series(1, $1)`, len(rs))
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO survey_responses (id, wave_id, channel, answered_on, index_score) OVERRIDING SYSTEM VALUE
			SELECT unnest($1::bigint[]), unnest($2::bigint[]), 'online', unnest($3::date[]), unnest($4::numeric[])`, ids, waves, days, scores); err != nil {
			return mapError(err, waveNotFound, sheetTaken)
		}
		for i, r := range rs {
			r.ID = ids[i]
		}
		return mapError(insertAnswers(ctx, tx, v, ids, answers), waveNotFound, sheetTaken)
	})
}

func sheetTaken(e *pgconn.PgError) *domain.Error {
	if e.ConstraintName == "survey_responses_sheet_key" {
		return &domain.Error{Code: domain.EINVALID, Message: msgFixFields,
			Fields: map[string]string{domain.FieldWaveSheet: "Formularz o tym numerze jest już wpisany w tym badaniu."}}
	}
	if e.ConstraintName == "survey_waves_closed" {
		return ErrWaveClosed
	}
	return nil
}

// WaveTotals are a wave's aggregates: approved responses by channel and
// the index's n, sum and sum of squares.
type WaveTotals struct {
	Responses, Online, Paper, Invited int
	IndexN                            int
	IndexSum, IndexSumSq              float64
	Invitations, Answered             int // personal invitations sent and answered
}

// WaveResults reads a wave's aggregates: the totals and, per item, the
// number of approved answers of each value.
func (s *Store) WaveResults(ctx context.Context, waveID int64) (_ WaveTotals, _ map[int64]map[int]int, err error) {
	defer wrap(&err, "store.WaveResults(%d)", waveID)
	var t WaveTotals
	if err := s.Pool.QueryRow(ctx, `SELECT COALESCE(t.responses, 0), COALESCE(t.online, 0), COALESCE(t.paper, 0), COALESCE(t.invited, 0),
		COALESCE(t.index_n, 0), COALESCE(t.index_sum, 0)::float8, COALESCE(t.index_sumsq, 0)::float8,
		(SELECT count(*) FROM survey_invitations i WHERE i.wave_id = w.id), (SELECT count(*) FILTER (WHERE answered) FROM survey_invitations i WHERE i.wave_id = w.id)
		FROM survey_waves w LEFT JOIN survey_wave_totals t ON t.wave_id = w.id WHERE w.id = $1`, waveID).
		Scan(&t.Responses, &t.Online, &t.Paper, &t.Invited, &t.IndexN, &t.IndexSum, &t.IndexSumSq, &t.Invitations, &t.Answered); err != nil {
		return t, nil, mapError(err, waveNotFound)
	}
	counts := map[int64]map[int]int{}
	rows, err := s.Pool.Query(ctx, `SELECT item_id, value, n FROM survey_item_counts WHERE wave_id = $1`, waveID)
	if err != nil {
		return t, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var value, n int
		if err := rows.Scan(&item, &value, &n); err != nil {
			return t, nil, err
		}
		if counts[item] == nil {
			counts[item] = map[int]int{}
		}
		counts[item][value] = n
	}
	return t, counts, rows.Err()
}

// OpenAnswers lists the approved open answers of a wave's item (oldest
// first), for roles that may read them.
func (s *Store) OpenAnswers(ctx context.Context, waveID, itemID int64) (_ []string, err error) {
	defer wrap(&err, "store.OpenAnswers(%d, %d)", waveID, itemID)
	rows, err := s.Pool.Query(ctx, `SELECT a.text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
		WHERE r.wave_id = $1 AND a.item_id = $2 AND r.validation = 'approved' AND btrim(COALESCE(a.text, '')) <> '' ORDER BY r.id`, waveID, itemID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
