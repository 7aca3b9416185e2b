package store

// Stored files: evidence scans, product documents, protocol attachments.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

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

// FileData returns a file with its content if it belongs to the product
// (as its document) or to the protocol (attachment or signed scan).
func (s *Store) FileData(ctx context.Context, owner string, ownerID, fileID int64) (_ *domain.File, _ []byte, err error) {
	defer wrap(&err, "store.FileData(%q, %d, %d)", owner, ownerID, fileID)
	var cond string
	switch owner {
	case "unit_product":
		cond = `EXISTS (SELECT 1 FROM unit_product_files c WHERE c.unit_product_id = $1 AND c.file_id = f.id)`
	case "protocol":
		cond = `(EXISTS (SELECT 1 FROM protocol_files c WHERE c.protocol_id = $1 AND c.file_id = f.id)
			OR EXISTS (SELECT 1 FROM protocols p WHERE p.id = $1 AND p.scan_file_id = f.id))`
	default:
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "Nie ma takiego pliku.")
	}
	var f domain.File
	var data []byte
	err = s.Pool.QueryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.data FROM files f WHERE f.id = $2 AND `+cond, ownerID, fileID).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err != nil {
		return nil, nil, mapError(err, "Nie ma takiego pliku.")
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, nil, domain.Errorf(domain.ECONFLICT, "Zawartość pliku „%s” różni się od zapisanej przy jego dodaniu (inny skrót SHA-256): plik został zmieniony poza aplikacją. Zgłoś to administratorowi.", f.Name)
	}
	return &f, data, nil
}
