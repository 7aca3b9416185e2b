package store

// Stored files: evidence scans, product documents, protocol attachments.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const fileColumns = `f.id, f.name, f.content_type, f.size, f.sha256, f.uploaded_at, COALESCE(u.username, '')`

func scanFile(r pgx.Row) (domain.File, error) {
	var f domain.File
	err := r.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt, &f.UploadedBy)
	return f, err
}

func newFile(name, contentType string, data []byte) *domain.File {
	sum := sha256.Sum256(data)
	return &domain.File{Name: name, ContentType: contentType, Size: len(data), SHA256: hex.EncodeToString(sum[:])}
}

func insertFile(ctx context.Context, tx pgx.Tx, a domain.Actor, f *domain.File, data []byte) error {
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	err := tx.QueryRow(ctx, `INSERT INTO files (name, content_type, size, sha256, data, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, uploaded_at`,
		f.Name, f.ContentType, f.Size, f.SHA256, data, by).Scan(&f.ID, &f.UploadedAt)
	return mapError(err, "")
}

// FileData returns a file of a product ("unit_product") or of a protocol
// ("protocol": its attachments and the scan of a paper decision) with its
// content.
func (s *Store) FileData(ctx context.Context, owner string, ownerID, fileID int64) (_ *domain.File, _ []byte, err error) {
	defer wrap(&err, "store.FileData(%q, %d, %d)", owner, ownerID, fileID)
	owned, ok := fileOwners[owner]
	if !ok {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Nie ma takiego pliku.")
	}
	return fileOf(ctx, s.Pool, owned, ownerID, fileID, "Nie ma takiego pliku.")
}

// fileOwners are the conditions that a file f belongs to a record ($1).
var fileOwners = map[string]string{
	"unit_product": `EXISTS (SELECT 1 FROM unit_product_files c WHERE c.unit_product_id = $1 AND c.file_id = f.id)`,
	"protocol": `(EXISTS (SELECT 1 FROM protocol_files c WHERE c.protocol_id = $1 AND c.file_id = f.id)
		OR EXISTS (SELECT 1 FROM protocols p WHERE p.id = $1 AND p.scan_file_id = f.id)
		OR EXISTS (SELECT 1 FROM paper_records r WHERE r.protocol_id = $1 AND r.scan_file_id = f.id))`,
	"training_session": `EXISTS (SELECT 1 FROM session_scans c WHERE c.session_id = $1 AND c.file_id = f.id)`,
	"meeting":          `EXISTS (SELECT 1 FROM meeting_scans c WHERE c.meeting_id = $1 AND c.file_id = f.id)`,
	"indicator":        `EXISTS (SELECT 1 FROM indicator_manual_values v WHERE v.indicator_id = $1 AND v.file_id = f.id)`,
	"caf_assessment":   `EXISTS (SELECT 1 FROM caf_score_files c WHERE c.assessment_id = $1 AND c.file_id = f.id)`,
}

// fileOf reads file fileID with its content where owned (a condition on f,
// $1 the owner's id) holds; a file whose bytes no longer match the digest
// kept when it was added is not served.
func fileOf(ctx context.Context, q querier, owned string, ownerID, fileID int64, notFound string) (*domain.File, []byte, error) {
	var f domain.File
	var data []byte
	err := q.QueryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.data FROM files f WHERE f.id = $2 AND `+owned, ownerID, fileID).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err != nil {
		return nil, nil, mapError(err, notFound)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, nil, fmt.Errorf("%w (file %d): %w", domain.ErrFileAltered, f.ID,
			domain.Errorf(domain.ECONFLICT, "Zawartość pliku „%s” różni się od zapisanej przy jego dodaniu (inny skrót SHA-256): plik został zmieniony poza aplikacją i nie zostanie wydany. Zgłoś to administratorowi.", f.Name))
	}
	return &f, data, nil
}

// attachOnce stores f for a record unless the same content is already
// attached to it (a double click, a retry): then f is the stored one and
// stored is true. existing finds it by $1.. args and $N the digest.
func attachOnce(ctx context.Context, tx pgx.Tx, a domain.Actor, f *domain.File, data []byte, existing string, args ...any) (stored bool, err error) {
	err = tx.QueryRow(ctx, `SELECT f.id, f.uploaded_at FROM files f WHERE f.sha256 = $1 AND `+existing, append([]any{f.SHA256}, args...)...).Scan(&f.ID, &f.UploadedAt)
	if err == nil {
		return true, nil
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	return false, insertFile(ctx, tx, a, f, data)
}

// VerifyFiles recomputes the SHA-256 of every stored evidence file (scans
// of attendance lists and meetings, evidence of manual values, product
// documents, protocol attachments and paper scans) and returns those whose
// bytes differ from the digest kept when they were added.
func (s *Store) VerifyFiles(ctx context.Context) (checked int, bad []domain.FileMismatch, err error) {
	defer wrap(&err, "store.VerifyFiles()")
	rows, err := s.Pool.Query(ctx, `SELECT f.id, f.name, f.sha256, encode(sha256(f.data), 'hex'),
			COALESCE((SELECT 'skan listy obecności sesji ' || c.session_id || ' z dnia ' || to_char(c.day, 'DD.MM.YYYY') FROM session_scans c WHERE c.file_id = f.id LIMIT 1),
				(SELECT 'skan ze spotkania ' || c.meeting_id FROM meeting_scans c WHERE c.file_id = f.id LIMIT 1),
				(SELECT 'dowód wartości wskaźnika ' || v.indicator_id FROM indicator_manual_values v WHERE v.file_id = f.id LIMIT 1),
				(SELECT 'dokument produktu ' || c.unit_product_id FROM unit_product_files c WHERE c.file_id = f.id LIMIT 1),
				(SELECT 'załącznik protokołu ' || c.protocol_id FROM protocol_files c WHERE c.file_id = f.id LIMIT 1),
				(SELECT 'skan papierowej decyzji protokołu ' || p.id FROM protocols p WHERE p.scan_file_id = f.id LIMIT 1),
				(SELECT 'skan papierowej decyzji protokołu ' || r.protocol_id FROM paper_records r WHERE r.scan_file_id = f.id LIMIT 1),
				(SELECT 'dowód oceny podkryterium ' || c.subcriterion || ' w samoocenie CAF ' || c.assessment_id FROM caf_score_files c WHERE c.file_id = f.id LIMIT 1),
				'plik bez powiązania')
		FROM files f ORDER BY f.id`)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m domain.FileMismatch
		if err := rows.Scan(&m.FileID, &m.Name, &m.Stored, &m.Computed, &m.Owner); err != nil {
			return checked, bad, err
		}
		checked++
		if m.Stored != m.Computed {
			bad = append(bad, m)
		}
	}
	return checked, bad, rows.Err()
}
