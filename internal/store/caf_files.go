package store

// CAF evidence files: a member's individual scoring of a sub-criterion
// carries its evidence as text (caf_scores.evidence) and files
// (caf_score_files). Like the scores, a member's files are theirs alone
// until the consensus opens; they are added and removed only while the
// member's scoring is open (the database refuses an addition after:
// trigger caf_scoring_open).

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// cafFileNotFound answers a file that is not evidence of this scoring.
const cafFileNotFound = "Nie ma takiego pliku z dowodem w tej samoocenie."

func cafScoreEntity(assessmentID, userID int64, sub string) string {
	return FormatID(assessmentID) + "/" + FormatID(userID) + "/" + sub
}

// AddCAFScoreFile attaches an evidence file to member userID's scoring of
// sub-criterion sub (a draft score without points is started when there
// is none yet). The same file sent twice is stored once.
func (s *Store) AddCAFScoreFile(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, userID int64, sub, name, contentType string,
	data []byte) (_ *domain.File, err error) {
	defer wrap(&err, "store.AddCAFScoreFile(%d, %d, %s)", a.ID, userID, sub)
	f := newFile(name, contentType, data)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		cur, err := s.cafScoringOpen(ctx, tx, a, userID, sub)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO caf_scores (assessment_id, user_id, edition, subcriterion) VALUES ($1, $2, $3, $4)
			ON CONFLICT (assessment_id, user_id, subcriterion) DO NOTHING`, a.ID, userID, cur.Edition, sub); err != nil {
			return scoringClosed(mapError(err, ""))
		}
		if stored, err := attachOnce(ctx, tx, act, f, data, `EXISTS (SELECT 1 FROM caf_score_files c WHERE c.file_id = f.id
				AND c.assessment_id = $2 AND c.user_id = $3 AND c.subcriterion = $4)`, a.ID, userID, sub); err != nil || stored {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO caf_score_files (assessment_id, user_id, subcriterion, file_id) VALUES ($1, $2, $3, $4)`,
			a.ID, userID, sub, f.ID); err != nil {
			return scoringClosed(mapError(err, ""))
		}
		return audit(ctx, tx, act, domain.AuditCreate, "caf_score", cafScoreEntity(a.ID, userID, sub), nil,
			map[string]any{"file": f.Name, "file_id": f.ID, "sha256": f.SHA256, "size": f.Size, "content_type": f.ContentType})
	})
	return f, err
}

// RemoveCAFScoreFile takes an evidence file off member userID's scoring of
// sub-criterion sub while the scoring is open.
func (s *Store) RemoveCAFScoreFile(ctx context.Context, act domain.Actor, a *domain.CAFAssessment, userID int64, sub string, fileID int64) (err error) {
	defer wrap(&err, "store.RemoveCAFScoreFile(%d, %d, %s, %d)", a.ID, userID, sub, fileID)
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := s.cafScoringOpen(ctx, tx, a, userID, sub); err != nil {
			return err
		}
		var f domain.File
		err := tx.QueryRow(ctx, `SELECT f.id, f.name, f.sha256, f.size FROM caf_score_files c JOIN files f ON f.id = c.file_id
			WHERE c.assessment_id = $1 AND c.user_id = $2 AND c.subcriterion = $3 AND c.file_id = $4`, a.ID, userID, sub, fileID).
			Scan(&f.ID, &f.Name, &f.SHA256, &f.Size)
		if err != nil {
			return mapError(err, cafFileNotFound)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM caf_score_files WHERE assessment_id = $1 AND user_id = $2 AND subcriterion = $3 AND file_id = $4`,
			a.ID, userID, sub, fileID); err != nil {
			return scoringClosed(err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM files WHERE id = $1`, fileID); err != nil {
			return err
		}
		return audit(ctx, tx, act, domain.AuditDelete, "caf_score", cafScoreEntity(a.ID, userID, sub),
			map[string]any{"file": f.Name, "file_id": f.ID, "sha256": f.SHA256, "size": f.Size}, nil)
	})
}

// CAFScoreFiles are member userID's evidence files of an assessment, by
// sub-criterion: for the member only.
func (s *Store) CAFScoreFiles(ctx context.Context, assessmentID, userID int64) (_ map[string][]domain.File, err error) {
	defer wrap(&err, "store.CAFScoreFiles(%d, %d)", assessmentID, userID)
	out := map[string][]domain.File{}
	err = s.cafFiles(ctx, `c.assessment_id = $1 AND c.user_id = $2`, func(_ int64, sub string, f domain.File) {
		out[sub] = append(out[sub], f)
	}, assessmentID, userID)
	return out, err
}

// CAFGroupScoreFiles are the evidence files of every member who submitted
// their scoring (member id → sub-criterion → files), for the consensus.
func (s *Store) CAFGroupScoreFiles(ctx context.Context, assessmentID int64) (_ map[int64]map[string][]domain.File, err error) {
	defer wrap(&err, "store.CAFGroupScoreFiles(%d)", assessmentID)
	out := map[int64]map[string][]domain.File{}
	err = s.cafFiles(ctx, `c.assessment_id = $1 AND EXISTS (SELECT 1 FROM caf_members m
		WHERE m.assessment_id = c.assessment_id AND m.user_id = c.user_id AND m.submitted_at IS NOT NULL)`,
		func(user int64, sub string, f domain.File) {
			if out[user] == nil {
				out[user] = map[string][]domain.File{}
			}
			out[user][sub] = append(out[user][sub], f)
		}, assessmentID)
	return out, err
}

// cafFiles calls each for the evidence files where cond (on c, a row of
// caf_score_files) holds, in the order they were added.
func (s *Store) cafFiles(ctx context.Context, cond string, each func(user int64, sub string, f domain.File), args ...any) error {
	rows, err := s.Pool.Query(ctx, `SELECT c.user_id, c.subcriterion, `+fileColumns+` FROM caf_score_files c JOIN files f ON f.id = c.file_id
		LEFT JOIN users u ON u.id = f.uploaded_by WHERE `+cond+` ORDER BY f.id`, args...)
	if err != nil {
		return err
	}
	var user int64
	var sub string
	var f domain.File
	_, err = pgx.ForEachRow(rows, []any{&user, &sub, &f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt, &f.UploadedBy}, func() error {
		each(user, sub, f)
		return nil
	})
	return err
}

// CAFScoreFile is an evidence file of an assessment with its owner: the
// member (userID) and the sub-criterion it is evidence of, for deciding
// who may download it. Its content: FileData("caf_assessment", …).
func (s *Store) CAFScoreFile(ctx context.Context, assessmentID, fileID int64) (_ *domain.File, userID int64, sub string, err error) {
	defer wrap(&err, "store.CAFScoreFile(%d, %d)", assessmentID, fileID)
	var f domain.File
	err = s.Pool.QueryRow(ctx, `SELECT c.user_id, c.subcriterion, `+fileColumns+` FROM caf_score_files c JOIN files f ON f.id = c.file_id
		LEFT JOIN users u ON u.id = f.uploaded_by WHERE c.assessment_id = $1 AND c.file_id = $2`, assessmentID, fileID).
		Scan(&userID, &sub, &f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt, &f.UploadedBy)
	if err != nil {
		return nil, 0, "", mapError(err, cafFileNotFound)
	}
	return &f, userID, sub, nil
}
