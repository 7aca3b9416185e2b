package store

// Satisfaction surveys: questionnaires and their versions. A version a wave
// uses is frozen (the database refuses changes to it); saving a changed
// questionnaire then makes the next version.

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const questionnaireNotFound = "Nie ma takiego kwestionariusza w tym programie."

var questionnaireFields = map[string]map[string]string{
	"questionnaires_code_key": {domain.FieldQCode: "Ten program ma już kwestionariusz o tym kodzie."},
}

// Questionnaires lists a programme's questionnaires by code.
func (s *Store) Questionnaires(ctx context.Context, programmeID int64) (_ []*domain.Questionnaire, err error) {
	defer wrap(&err, "store.Questionnaires(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, `SELECT q.id, q.programme_id, q.code, q.kind, q.name,
		(SELECT count(*) FROM questionnaire_versions v WHERE v.questionnaire_id = q.id)
		FROM questionnaires q WHERE q.programme_id = $1 ORDER BY lower(q.code)`, programmeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Questionnaire, error) { return scanQuestionnaire(r) })
}

func scanQuestionnaire(r pgx.Row) (*domain.Questionnaire, error) {
	var q domain.Questionnaire
	var kind string
	err := r.Scan(&q.ID, &q.ProgrammeID, &q.Code, &kind, &q.Name, &q.Versions)
	q.Kind = domain.SurveyKind(kind)
	return &q, err
}

// Questionnaire returns one questionnaire of a programme.
func (s *Store) Questionnaire(ctx context.Context, programmeID, id int64) (_ *domain.Questionnaire, err error) {
	defer wrap(&err, "store.Questionnaire(%d, %d)", programmeID, id)
	q, err := scanQuestionnaire(s.Pool.QueryRow(ctx, `SELECT q.id, q.programme_id, q.code, q.kind, q.name,
		(SELECT count(*) FROM questionnaire_versions v WHERE v.questionnaire_id = q.id)
		FROM questionnaires q WHERE q.programme_id = $1 AND q.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, questionnaireNotFound)
	}
	return q, nil
}

// frozenVersions caches versions used by a wave: they never change. The
// key holds the store too: version ids are per database, and tests run
// several databases in one process.
var frozenVersions sync.Map // frozenKey → *domain.QuestionnaireVersion

type frozenKey struct {
	s  *Store
	id int64
}

// QuestionnaireVersion returns a version with its items and options.
func (s *Store) QuestionnaireVersion(ctx context.Context, versionID int64) (_ *domain.QuestionnaireVersion, err error) {
	if v, ok := frozenVersions.Load(frozenKey{s, versionID}); ok {
		return v.(*domain.QuestionnaireVersion), nil
	}
	defer wrap(&err, "store.QuestionnaireVersion(%d)", versionID)
	v, err := readVersion(ctx, s.Pool, versionID)
	if err != nil {
		return nil, err
	}
	if v.Used {
		frozenVersions.Store(frozenKey{s, versionID}, v)
	}
	return v, nil
}

// LatestVersion returns a questionnaire's newest version.
func (s *Store) LatestVersion(ctx context.Context, questionnaireID int64) (_ *domain.QuestionnaireVersion, err error) {
	defer wrap(&err, "store.LatestVersion(%d)", questionnaireID)
	var id int64
	if err := s.Pool.QueryRow(ctx, `SELECT id FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version DESC LIMIT 1`,
		questionnaireID).Scan(&id); err != nil {
		return nil, mapError(err, questionnaireNotFound)
	}
	return s.QuestionnaireVersion(ctx, id)
}

// QuestionnaireVersions lists a questionnaire's versions, newest first
// (without items).
func (s *Store) QuestionnaireVersions(ctx context.Context, questionnaireID int64) (_ []*domain.QuestionnaireVersion, err error) {
	defer wrap(&err, "store.QuestionnaireVersions(%d)", questionnaireID)
	rows, err := s.Pool.Query(ctx, `SELECT v.id, v.questionnaire_id, v.version, v.intro, v.index_method, v.created_at,
		EXISTS (SELECT 1 FROM survey_waves w WHERE w.version_id = v.id)
		FROM questionnaire_versions v WHERE v.questionnaire_id = $1 ORDER BY v.version DESC`, questionnaireID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.QuestionnaireVersion, error) {
		var v domain.QuestionnaireVersion
		var m string
		err := r.Scan(&v.ID, &v.QuestionnaireID, &v.Version, &v.Intro, &m, &v.CreatedAt, &v.Used)
		v.IndexMethod = domain.IndexMethod(m)
		return &v, err
	})
}

func readVersion(ctx context.Context, q querier, versionID int64) (*domain.QuestionnaireVersion, error) {
	var v domain.QuestionnaireVersion
	var m string
	err := q.QueryRow(ctx, `SELECT v.id, v.questionnaire_id, v.version, v.intro, v.index_method, v.created_at,
		EXISTS (SELECT 1 FROM survey_waves w WHERE w.version_id = v.id)
		FROM questionnaire_versions v WHERE v.id = $1`, versionID).
		Scan(&v.ID, &v.QuestionnaireID, &v.Version, &v.Intro, &m, &v.CreatedAt, &v.Used)
	if err != nil {
		return nil, mapError(err, questionnaireNotFound)
	}
	v.IndexMethod = domain.IndexMethod(m)
	rows, err := q.Query(ctx, `SELECT i.id, i.position, i.code, i.section, i.kind, i.profile, i.text, i.required,
		COALESCE(i.scale_points, 0), i.dont_know, i.in_index, COALESCE(i.max_length, 0),
		COALESCE((SELECT array_agg(o.value ORDER BY o.value = 0, o.value) FROM survey_item_options o WHERE o.item_id = i.id), '{}'),
		COALESCE((SELECT array_agg(o.label ORDER BY o.value = 0, o.value) FROM survey_item_options o WHERE o.item_id = i.id), '{}')
		FROM survey_items i WHERE i.version_id = $1 ORDER BY i.position`, versionID)
	if err != nil {
		return nil, err
	}
	v.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SurveyItem, error) {
		var it domain.SurveyItem
		var kind string
		var values []int
		var labels []string
		err := r.Scan(&it.ID, &it.Position, &it.Code, &it.Section, &kind, &it.Profile, &it.Text, &it.Required,
			&it.ScalePoints, &it.DontKnow, &it.InIndex, &it.MaxLength, &values, &labels)
		it.Kind = domain.ItemKind(kind)
		for i := range values {
			it.Options = append(it.Options, domain.SurveyOption{Value: values[i], Label: labels[i]})
		}
		return it, err
	})
	return &v, err
}

// versionAudit is what the audit trail keeps of a version.
func versionAudit(q *domain.Questionnaire, v *domain.QuestionnaireVersion) map[string]any {
	items := make([]map[string]any, 0, len(v.Items))
	for _, it := range v.Items {
		opts := make([]string, 0, len(it.Options))
		for _, o := range it.Options {
			opts = append(opts, o.Label)
		}
		items = append(items, map[string]any{"code": it.Code, "section": it.Section, "kind": it.Kind, "text": it.Text,
			"required": it.Required, "profile": it.Profile, "in_index": it.InIndex, "options": opts})
	}
	return map[string]any{"code": q.Code, "kind": q.Kind, "name": q.Name, "version": v.Version, "intro": v.Intro,
		"index_method": v.IndexMethod, "items": items}
}

// SaveQuestionnaire creates a questionnaire (ID 0) with its first version,
// or saves a changed one: its name, and its content as the newest version
// when no wave uses that version yet, otherwise as the next version. The
// code and kind change only while no wave uses any version.
func (s *Store) SaveQuestionnaire(ctx context.Context, a domain.Actor, q *domain.Questionnaire, v *domain.QuestionnaireVersion) (err error) {
	defer wrap(&err, "store.SaveQuestionnaire(%d)", q.ID)
	verr := domain.Validation{}
	if err := q.Validate(); err != nil {
		for f, m := range domain.FieldErrors(err) {
			verr.Add(f, m)
		}
	}
	if err := v.Validate(); err != nil {
		for f, m := range domain.FieldErrors(err) {
			verr.Add(f, m)
		}
	}
	if err := verr.Err(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var before map[string]any
		action := domain.AuditCreate
		if q.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO questionnaires (programme_id, code, kind, name) VALUES ($1, $2, $3, $4) RETURNING id`,
				q.ProgrammeID, q.Code, string(q.Kind), q.Name).Scan(&q.ID); err != nil {
				return mapError(err, "", inForm(questionnaireFields))
			}
			v.Version = 1
			if err := insertVersion(ctx, tx, a, q, v); err != nil {
				return err
			}
		} else {
			action = domain.AuditUpdate
			var used bool
			var oldCode, oldKind string
			if err := tx.QueryRow(ctx, `SELECT code, kind, EXISTS (SELECT 1 FROM survey_waves w WHERE w.questionnaire_id = q.id)
				FROM questionnaires q WHERE q.programme_id = $1 AND q.id = $2 FOR UPDATE`, q.ProgrammeID, q.ID).Scan(&oldCode, &oldKind, &used); err != nil {
				return mapError(err, questionnaireNotFound)
			}
			if used && (oldCode != q.Code || oldKind != string(q.Kind)) {
				return &domain.Error{Code: domain.EINVALID, Message: "Kwestionariusz jest już używany w badaniach.",
					Fields: map[string]string{domain.FieldQCode: "Kodu i rodzaju kwestionariusza używanego w badaniach nie można zmienić."}}
			}
			var latest int64
			if err := tx.QueryRow(ctx, `SELECT id FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version DESC LIMIT 1`,
				q.ID).Scan(&latest); err != nil {
				return err
			}
			old, err := readVersion(ctx, tx, latest)
			if err != nil {
				return err
			}
			oldQ := *q
			oldQ.Code, oldQ.Kind = oldCode, domain.SurveyKind(oldKind)
			before = versionAudit(&oldQ, old)
			if _, err := tx.Exec(ctx, `UPDATE questionnaires SET code = $3, kind = $4, name = $5 WHERE programme_id = $1 AND id = $2`,
				q.ProgrammeID, q.ID, q.Code, string(q.Kind), q.Name); err != nil {
				return mapError(err, questionnaireNotFound, inForm(questionnaireFields))
			}
			if old.Used {
				v.Version = old.Version + 1
			} else {
				v.Version = old.Version
				if _, err := tx.Exec(ctx, `DELETE FROM questionnaire_versions WHERE id = $1`, old.ID); err != nil {
					return mapError(err, questionnaireNotFound)
				}
			}
			if err := insertVersion(ctx, tx, a, q, v); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, action, "questionnaire", FormatID(q.ID), before, versionAudit(q, v))
	})
}

func insertVersion(ctx context.Context, tx pgx.Tx, a domain.Actor, q *domain.Questionnaire, v *domain.QuestionnaireVersion) error {
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	if err := tx.QueryRow(ctx, `INSERT INTO questionnaire_versions (questionnaire_id, version, intro, index_method, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`, q.ID, v.Version, v.Intro, string(v.IndexMethod), by).Scan(&v.ID, &v.CreatedAt); err != nil {
		return mapError(err, "")
	}
	v.QuestionnaireID = q.ID
	v.Used = false
	for i := range v.Items {
		it := &v.Items[i]
		var points, maxLen *int
		if it.Kind == domain.ItemLikert {
			points = &it.ScalePoints
		}
		if it.Kind == domain.ItemOpen {
			maxLen = &it.MaxLength
		}
		if err := tx.QueryRow(ctx, `INSERT INTO survey_items (version_id, position, code, section, kind, profile, text, required,
			scale_points, dont_know, in_index, max_length) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			v.ID, it.Position, it.Code, it.Section, string(it.Kind), it.Profile, it.Text, it.Required, points, it.DontKnow, it.InIndex, maxLen).
			Scan(&it.ID); err != nil {
			return mapError(err, "")
		}
		if len(it.Options) > 0 {
			values := make([]int, len(it.Options))
			labels := make([]string, len(it.Options))
			for k, o := range it.Options {
				values[k], labels[k] = o.Value, o.Label
			}
			if _, err := tx.Exec(ctx, `INSERT INTO survey_item_options (item_id, value, label) SELECT $1, unnest($2::smallint[]), unnest($3::text[])`,
				it.ID, values, labels); err != nil {
				return mapError(err, "")
			}
		}
	}
	return nil
}
