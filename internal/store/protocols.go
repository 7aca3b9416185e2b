package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const (
	productNotFound  = "Nie ma takiego produktu w tym programie."
	protocolNotFound = "Nie ma takiego protokołu odbioru w tym programie."
)

func dateOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func dateOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// --- products per unit

// productWhere is the condition of f on unit_products up, with its
// arguments after programmeID ($1).
func productWhere(programmeID int64, f domain.ProductFilter) (string, []any) {
	where := []string{"up.programme_id = $1"}
	args := []any{programmeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.UnitIDs != nil {
		add("up.unit_id = ANY(?)", f.UnitIDs)
	}
	if f.UnitID != 0 {
		add("up.unit_id = ?", f.UnitID)
	}
	if f.TaskID != 0 {
		add("up.task_id = ?", f.TaskID)
	}
	if f.Status != "" {
		add("up.status = ?", string(f.Status))
	}
	return strings.Join(where, " AND "), args
}

// ProductCounts counts the products matching f (all pages) by status.
func (s *Store) ProductCounts(ctx context.Context, programmeID int64, f domain.ProductFilter) (map[domain.ProductStatus]int, error) {
	where, args := productWhere(programmeID, f)
	return countBy[domain.ProductStatus](ctx, s.Pool, `SELECT up.status, count(*) FROM unit_products up WHERE `+where+` GROUP BY up.status`, args...)
}

const unitProductColumns = `up.id, up.programme_id, up.task_id, t.code, t.name, up.unit_id, u.name, up.product_id, tp.letter, tp.name,
	up.status, up.planned_on, up.done_on, up.version, (SELECT count(*) FROM unit_product_files f WHERE f.unit_product_id = up.id)`

const unitProductJoins = ` FROM unit_products up JOIN tasks t ON t.id = up.task_id JOIN units u ON u.id = up.unit_id
	JOIN task_products tp ON tp.id = up.product_id`

func scanUnitProduct(r pgx.Row) (domain.UnitProduct, error) {
	var p domain.UnitProduct
	var planned, done *time.Time
	var status string
	err := r.Scan(&p.ID, &p.ProgrammeID, &p.TaskID, &p.TaskCode, &p.TaskName, &p.UnitID, &p.UnitName, &p.ProductID, &p.Letter, &p.Name,
		&status, &planned, &done, &p.Version, &p.Documents)
	p.Status, p.PlannedOn, p.DoneOn = domain.ProductStatus(status), dateOf(planned), dateOf(done)
	return p, err
}

// UnitProducts lists the products of a programme's tasks in its units, by
// unit, task and letter.
func (s *Store) UnitProducts(ctx context.Context, programmeID int64, f domain.ProductFilter) ([]domain.UnitProduct, error) {
	where, args := productWhere(programmeID, f)
	page := ""
	if f.Limit > 0 {
		args = append(args, max(0, f.Offset), f.Limit)
		page = fmt.Sprintf(" OFFSET $%d LIMIT $%d", len(args)-1, len(args))
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+unitProductColumns+unitProductJoins+` WHERE `+where+`
		ORDER BY u.name, u.id, t.code, t.id, tp.letter`+page, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.UnitProduct, error) { return scanUnitProduct(r) })
}

// UnitProduct returns one product of a unit.
func (s *Store) UnitProduct(ctx context.Context, programmeID, id int64) (*domain.UnitProduct, error) {
	p, err := scanUnitProduct(s.Pool.QueryRow(ctx, `SELECT `+unitProductColumns+unitProductJoins+` WHERE up.programme_id = $1 AND up.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, productNotFound)
	}
	return &p, nil
}

// SaveProductProgress changes a product's hand-set status and its dates if
// the record still has the version the form was opened with.
func (s *Store) SaveProductProgress(ctx context.Context, a domain.Actor, p *domain.UnitProduct) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanUnitProduct(tx.QueryRow(ctx, `SELECT `+unitProductColumns+unitProductJoins+` WHERE up.programme_id = $1 AND up.id = $2 FOR UPDATE OF up`, p.ProgrammeID, p.ID))
		if err != nil {
			return mapError(err, productNotFound)
		}
		if before.Version != p.Version {
			return errStale
		}
		if err := p.ValidateProgress(before.Status); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE unit_products SET status = $2, planned_on = $3, done_on = $4, version = version + 1, updated_at = now() WHERE id = $1`,
			p.ID, string(p.Status), dateOrNil(p.PlannedOn), dateOrNil(p.DoneOn)); err != nil {
			return mapError(err, productNotFound)
		}
		p.Version++
		after := before
		after.Status, after.PlannedOn, after.DoneOn, after.Version = p.Status, p.PlannedOn, p.DoneOn, p.Version
		return audit(ctx, tx, a, domain.AuditUpdate, "unit_product", FormatID(p.ID), before, after)
	})
}

// AddProductDocument attaches a product document (the same file sent
// twice is stored once).
func (s *Store) AddProductDocument(ctx context.Context, a domain.Actor, productID int64, name, contentType string, data []byte) (*domain.File, error) {
	f := newFile(name, contentType, data)
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if err := lockProduct(ctx, tx, productID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT f.id, f.uploaded_at FROM unit_product_files c JOIN files f ON f.id = c.file_id
			WHERE c.unit_product_id = $1 AND f.sha256 = $2`, productID, f.SHA256).Scan(&f.ID, &f.UploadedAt)
		if err == nil {
			return nil
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if err := insertFile(ctx, tx, a, f, data); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO unit_product_files (unit_product_id, file_id) VALUES ($1, $2)`, productID, f.ID); err != nil {
			return mapError(err, productNotFound)
		}
		return audit(ctx, tx, a, domain.AuditCreate, "unit_product_file", FormatID(productID), nil,
			map[string]any{"file_id": f.ID, "name": f.Name, "sha256": f.SHA256, "size": f.Size, "content_type": f.ContentType})
	})
	return f, err
}

// lockProduct serializes changes of a product's documents with the
// protocols that take them as attachments.
func lockProduct(ctx context.Context, tx pgx.Tx, id int64) error {
	var one int64
	err := tx.QueryRow(ctx, `SELECT id FROM unit_products WHERE id = $1 FOR UPDATE`, id).Scan(&one)
	return mapError(err, productNotFound)
}

const fileColumns = `f.id, f.name, f.content_type, f.size, f.sha256, f.uploaded_at, COALESCE(u.username, '')`

func scanFile(r pgx.Row) (domain.File, error) {
	var f domain.File
	err := r.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt, &f.UploadedBy)
	return f, err
}

// ProductDocuments lists a product's documents.
func (s *Store) ProductDocuments(ctx context.Context, productID int64) ([]domain.File, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+fileColumns+` FROM unit_product_files c JOIN files f ON f.id = c.file_id
		LEFT JOIN users u ON u.id = f.uploaded_by WHERE c.unit_product_id = $1 ORDER BY f.id`, productID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.File, error) { return scanFile(r) })
}

// DeleteProductDocument removes a document from a product; refused once a
// protocol was submitted with it.
func (s *Store) DeleteProductDocument(ctx context.Context, a domain.Actor, productID, fileID int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := lockProduct(ctx, tx, productID); err != nil {
			return err
		}
		var f domain.File
		err := tx.QueryRow(ctx, `SELECT f.id, f.name, f.sha256, f.size FROM unit_product_files c JOIN files f ON f.id = c.file_id
			WHERE c.unit_product_id = $1 AND c.file_id = $2`, productID, fileID).Scan(&f.ID, &f.Name, &f.SHA256, &f.Size)
		if err != nil {
			return mapError(err, "Nie ma takiego dokumentu tego produktu.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM unit_product_files WHERE unit_product_id = $1 AND file_id = $2`, productID, fileID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM files WHERE id = $1`, fileID); err != nil {
			return refusedDelete(err, "", "Dokument jest załącznikiem przekazanego protokołu odbioru i nie może zostać usunięty.")
		}
		return audit(ctx, tx, a, domain.AuditDelete, "unit_product_file", FormatID(productID),
			map[string]any{"file_id": f.ID, "name": f.Name, "sha256": f.SHA256, "size": f.Size}, nil)
	})
}

// FileData returns a file with its content if it belongs to the product
// (as its document) or to the protocol (attachment or signed scan).
func (s *Store) FileData(ctx context.Context, owner string, ownerID, fileID int64) (*domain.File, []byte, error) {
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
	err := s.Pool.QueryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.sha256, f.data FROM files f WHERE f.id = $2 AND `+cond, ownerID, fileID).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err != nil {
		return nil, nil, mapError(err, "Nie ma takiego pliku.")
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, nil, domain.Errorf(domain.ECONFLICT, "Zawartość pliku „%s” różni się od zapisanej przy jego dodaniu (inny skrót SHA-256): plik został zmieniony poza aplikacją. Zgłoś to administratorowi.", f.Name)
	}
	return &f, data, nil
}

// --- protocols

const protocolColumns = `p.id, p.programme_id, p.task_id, p.task_code, p.task_name, p.unit_id, p.unit_name, p.unit_teryt, p.series_id, p.version_no,
	p.replaces_id, (SELECT n.id FROM protocols n WHERE n.replaces_id = p.id),
	(SELECT n.id FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no AND n.status IN ('accepted', 'accepted_remarks')
		ORDER BY n.version_no DESC LIMIT 1), p.place, p.protocol_date, p.contractor, p.description,
	p.status, p.remarks, COALESCE(p.method, ''), p.signer_id, COALESCE(p.signer_name, ''), COALESCE(p.signer_role, ''), p.signed_on, p.signed_at,
	p.scan_file_id, COALESCE(p.signed_content, ''), COALESCE(p.digest, ''), COALESCE(cu.username, ''), p.created_at, p.submitted_at, p.version`

// supersededNot keeps protocols no later version of which was accepted.
const supersededNot = `NOT EXISTS (SELECT 1 FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no
	AND n.status IN ('accepted', 'accepted_remarks'))`

const protocolJoins = ` FROM protocols p LEFT JOIN users cu ON cu.id = p.created_by`

func scanProtocol(r pgx.Row) (*domain.Protocol, error) {
	var p domain.Protocol
	var status, method string
	var signedOn, signedAt, submittedAt *time.Time
	var scanID *int64
	err := r.Scan(&p.ID, &p.ProgrammeID, &p.TaskID, &p.TaskCode, &p.TaskName, &p.UnitID, &p.UnitName, &p.UnitTERYT, &p.SeriesID, &p.VersionNo,
		&p.ReplacesID, &p.ReplacedBy, &p.SupersededBy, &p.Place, &p.Date, &p.Contractor, &p.Description,
		&status, &p.Remarks, &method, &p.SignerID, &p.SignerName, &p.SignerRole, &signedOn, &signedAt,
		&scanID, &p.Content, &p.Digest, &p.CreatedBy, &p.CreatedAt, &submittedAt, &p.Version)
	if err != nil {
		return nil, err
	}
	p.Status, p.Method = domain.ProtocolStatus(status), domain.SignMethod(method)
	p.SignedOn, p.SignedAt, p.SubmittedAt = dateOf(signedOn), dateOf(signedAt), dateOf(submittedAt)
	if scanID != nil {
		p.ScanFile = &domain.File{ID: *scanID}
	}
	return &p, nil
}

// Protocols lists protocols (without their products), newest first.
func (s *Store) Protocols(ctx context.Context, programmeID int64, f domain.ProtocolFilter) ([]*domain.Protocol, error) {
	where := []string{"true"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if programmeID != 0 {
		add("p.programme_id = ?", programmeID)
	}
	if f.UnitIDs != nil {
		add("p.unit_id = ANY(?)", f.UnitIDs)
	}
	if f.UnitID != 0 {
		add("p.unit_id = ?", f.UnitID)
	}
	if f.Status != "" {
		add("p.status = ?", string(f.Status))
	}
	if f.Current {
		where = append(where, supersededNot)
	}
	if f.Accepted {
		where = append(where, "p.status IN ('accepted', 'accepted_remarks')")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	args = append(args, limit)
	rows, err := s.Pool.Query(ctx, `SELECT `+protocolColumns+protocolJoins+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY COALESCE(p.signed_at, p.submitted_at, p.created_at) DESC, p.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Protocol, error) { return scanProtocol(r) })
}

// ProtocolCounts counts a programme's current protocol versions (those no
// later accepted version replaced) by status; unitIDs, when not nil,
// restricts them to those units.
func (s *Store) ProtocolCounts(ctx context.Context, programmeID int64, unitIDs []int64) (map[domain.ProtocolStatus]int, error) {
	return countBy[domain.ProtocolStatus](ctx, s.Pool, `SELECT p.status, count(*) FROM protocols p WHERE p.programme_id = $1
		AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) AND `+supersededNot+` GROUP BY p.status`, programmeID, unitIDs)
}

// Protocol returns one protocol version with its products and attachments:
// those it was submitted with, or, for a draft, the documents its products
// have now.
func (s *Store) Protocol(ctx context.Context, programmeID, id int64) (*domain.Protocol, error) {
	return getProtocol(ctx, s.Pool, programmeID, id, false)
}

func getProtocol(ctx context.Context, q querier, programmeID, id int64, lock bool) (*domain.Protocol, error) {
	sql := `SELECT ` + protocolColumns + protocolJoins + ` WHERE p.programme_id = $1 AND p.id = $2`
	if lock {
		sql += ` FOR UPDATE OF p`
	}
	p, err := scanProtocol(q.QueryRow(ctx, sql, programmeID, id))
	if err != nil {
		return nil, mapError(err, protocolNotFound)
	}
	if err := loadProtocolParts(ctx, q, p); err != nil {
		return nil, err
	}
	return p, nil
}

// loadProtocolParts reads the products, the attachments and the scan, with
// each file's SHA-256 computed from its bytes now (not the digest stored at
// upload), so a changed file shows.
func loadProtocolParts(ctx context.Context, q querier, p *domain.Protocol) error {
	rows, err := q.Query(ctx, `SELECT unit_product_id, letter, name, planned_on, done_on FROM protocol_items WHERE protocol_id = $1 ORDER BY letter, unit_product_id`, p.ID)
	if err != nil {
		return err
	}
	p.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProtocolItem, error) {
		var it domain.ProtocolItem
		var planned, done *time.Time
		err := r.Scan(&it.UnitProductID, &it.Letter, &it.Name, &planned, &done)
		it.PlannedOn, it.DoneOn = dateOf(planned), dateOf(done)
		return it, err
	})
	if err != nil {
		return err
	}
	const liveFileColumns = `f.id, f.name, f.content_type, f.size, encode(sha256(f.data), 'hex'), f.uploaded_at, COALESCE(u.username, '')`
	var files pgx.Rows
	if p.Status == domain.ProtocolDraft {
		files, err = q.Query(ctx, `SELECT DISTINCT `+liveFileColumns+` FROM protocol_items i JOIN unit_product_files c ON c.unit_product_id = i.unit_product_id
			JOIN files f ON f.id = c.file_id LEFT JOIN users u ON u.id = f.uploaded_by WHERE i.protocol_id = $1 ORDER BY f.id`, p.ID)
	} else {
		files, err = q.Query(ctx, `SELECT `+liveFileColumns+` FROM protocol_files c JOIN files f ON f.id = c.file_id
			LEFT JOIN users u ON u.id = f.uploaded_by WHERE c.protocol_id = $1 ORDER BY f.id`, p.ID)
	}
	if err != nil {
		return err
	}
	if p.Attachments, err = pgx.CollectRows(files, func(r pgx.CollectableRow) (domain.File, error) { return scanFile(r) }); err != nil {
		return err
	}
	if p.ScanFile != nil {
		f, err := scanFile(q.QueryRow(ctx, `SELECT `+liveFileColumns+` FROM files f LEFT JOIN users u ON u.id = f.uploaded_by WHERE f.id = $1`, p.ScanFile.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			// Gone behind the database's back: shown, and caught by verify.
			f = domain.File{ID: p.ScanFile.ID, Name: "(brak pliku)"}
		} else if err != nil {
			return err
		}
		p.ScanFile = &f
	}
	return nil
}

// ProtocolVersions lists every version of a protocol series, newest first.
func (s *Store) ProtocolVersions(ctx context.Context, programmeID, seriesID int64) ([]*domain.Protocol, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+protocolColumns+protocolJoins+` WHERE p.programme_id = $1 AND p.series_id = $2 ORDER BY p.version_no DESC`, programmeID, seriesID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Protocol, error) { return scanProtocol(r) })
}

// ProtocolsOfProduct lists the protocol versions that include a product.
func (s *Store) ProtocolsOfProduct(ctx context.Context, programmeID, productID int64) ([]*domain.Protocol, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+protocolColumns+protocolJoins+` WHERE p.programme_id = $1
		AND EXISTS (SELECT 1 FROM protocol_items i WHERE i.protocol_id = p.id AND i.unit_product_id = $2) ORDER BY p.series_id, p.version_no DESC`, programmeID, productID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Protocol, error) { return scanProtocol(r) })
}

// fillNames copies what the protocol names (task, unit, products) from the
// plan into p, checking the products belong to p's unit and task.
func fillNames(ctx context.Context, q querier, p *domain.Protocol) error {
	err := q.QueryRow(ctx, `SELECT t.code, t.name, u.name, COALESCE(u.teryt, '') FROM task_units tu JOIN tasks t ON t.id = tu.task_id
		JOIN units u ON u.id = tu.unit_id WHERE tu.programme_id = $1 AND tu.task_id = $2 AND tu.unit_id = $3`, p.ProgrammeID, p.TaskID, p.UnitID).
		Scan(&p.TaskCode, &p.TaskName, &p.UnitName, &p.UnitTERYT)
	if errors.Is(err, pgx.ErrNoRows) {
		return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"items": "Ta jednostka nie jest przypisana do tego zadania."}}
	} else if err != nil {
		return err
	}
	for i := range p.Items {
		it := &p.Items[i]
		err := q.QueryRow(ctx, `SELECT tp.letter, tp.name FROM unit_products up JOIN task_products tp ON tp.id = up.product_id
			WHERE up.id = $1 AND up.programme_id = $2 AND up.task_id = $3 AND up.unit_id = $4`, it.UnitProductID, p.ProgrammeID, p.TaskID, p.UnitID).
			Scan(&it.Letter, &it.Name)
		if errors.Is(err, pgx.ErrNoRows) {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"items": "Wybierz produkty tego zadania w tej jednostce."}}
		} else if err != nil {
			return err
		}
	}
	return nil
}

func saveProtocolItems(ctx context.Context, tx pgx.Tx, p *domain.Protocol) error {
	if _, err := tx.Exec(ctx, `DELETE FROM protocol_items WHERE protocol_id = $1`, p.ID); err != nil {
		return err
	}
	for _, it := range p.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO protocol_items (protocol_id, unit_product_id, letter, name, planned_on, done_on) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.ID, it.UnitProductID, it.Letter, it.Name, dateOrNil(it.PlannedOn), dateOrNil(it.DoneOn)); err != nil {
			return mapError(err, "")
		}
	}
	return nil
}

// protocolAudit is what the audit trail keeps of a protocol.
func protocolAudit(p *domain.Protocol) map[string]any {
	items := make([]map[string]any, len(p.Items))
	for i, it := range p.Items {
		items[i] = map[string]any{"product": it.UnitProductID, "letter": it.Letter, "planned_on": domain.ISODate(it.PlannedOn), "done_on": domain.ISODate(it.DoneOn)}
	}
	m := map[string]any{"number": p.Number(), "unit": p.UnitID, "task": p.TaskID, "place": p.Place, "date": domain.ISODate(p.Date),
		"contractor": p.Contractor, "description": p.Description, "products": items, "status": string(p.Status), "version": p.Version}
	if p.Status.Decided() {
		m["remarks"], m["method"], m["signer"], m["signer_role"], m["digest"] = p.Remarks, string(p.Method), p.SignerName, p.SignerRole, p.Digest
	}
	return m
}

// SaveProtocol creates (ID 0, with a one-time token) or changes a draft
// protocol (optimistic locking by Version).
func (s *Store) SaveProtocol(ctx context.Context, a domain.Actor, p *domain.Protocol, token string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := fillNames(ctx, tx, p); err != nil {
			return err
		}
		if p.ID == 0 {
			prev, dup, err := claimSubmission(ctx, tx, token, a.UserID)
			if err != nil {
				return err
			}
			if dup {
				p.ID, err = parseID(prev)
				return err
			}
			p.SeriesID = 0
			if err := lockProducts(ctx, tx, p); err != nil {
				return err
			}
			var by *int64
			if a.UserID != 0 {
				by = &a.UserID
			}
			err = tx.QueryRow(ctx, `INSERT INTO protocols (programme_id, task_id, unit_id, task_code, task_name, unit_name, unit_teryt,
				series_id, version_no, place, protocol_date, contractor, description, created_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 1, $8, $9, $10, $11, $12) RETURNING id, version, status`,
				p.ProgrammeID, p.TaskID, p.UnitID, p.TaskCode, p.TaskName, p.UnitName, p.UnitTERYT, p.Place, p.Date, p.Contractor, p.Description, by).
				Scan(&p.ID, &p.Version, &p.Status)
			if err != nil {
				return mapError(err, "")
			}
			if _, err := tx.Exec(ctx, `UPDATE protocols SET series_id = id WHERE id = $1`, p.ID); err != nil {
				return err
			}
			p.SeriesID, p.VersionNo = p.ID, 1
			if err := saveProtocolItems(ctx, tx, p); err != nil {
				return err
			}
			if err := finishSubmission(ctx, tx, token, FormatID(p.ID)); err != nil {
				return err
			}
			return audit(ctx, tx, a, domain.AuditCreate, "protocol", FormatID(p.ID), nil, protocolAudit(p))
		}
		before, err := getProtocol(ctx, tx, p.ProgrammeID, p.ID, true)
		if err != nil {
			return err
		}
		if before.Version != p.Version {
			return errStale
		}
		if err := before.Allowed(domain.ActEdit); err != nil {
			return err
		}
		if before.UnitID != p.UnitID || before.TaskID != p.TaskID {
			return domain.Errorf(domain.EINVALID, "Jednostki i zadania protokołu nie można zmienić; przygotuj nowy protokół.")
		}
		p.SeriesID = before.SeriesID
		if err := lockProducts(ctx, tx, p); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET task_code = $2, task_name = $3, unit_name = $4, unit_teryt = $5, place = $6, protocol_date = $7,
			contractor = $8, description = $9, version = version + 1, updated_at = now() WHERE id = $1`,
			p.ID, p.TaskCode, p.TaskName, p.UnitName, p.UnitTERYT, p.Place, p.Date, p.Contractor, p.Description); err != nil {
			return mapError(err, protocolNotFound)
		}
		p.Version++
		p.SeriesID, p.VersionNo, p.Status = before.SeriesID, before.VersionNo, before.Status
		if err := saveProtocolItems(ctx, tx, p); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "protocol", FormatID(p.ID), protocolAudit(before), protocolAudit(p))
	})
}

// protocolStep loads a protocol for a change of state: locked, at the
// version the page showed, with act allowed.
func protocolStep(ctx context.Context, tx pgx.Tx, programmeID, id int64, version int, act domain.ProtocolAction) (*domain.Protocol, error) {
	p, err := getProtocol(ctx, tx, programmeID, id, true)
	if err != nil {
		return nil, err
	}
	if err := p.Allowed(act); err != nil {
		return nil, err
	}
	if act != domain.ActNewVersion && p.Version != version {
		return nil, domain.Errorf(domain.ECONFLICT, "Protokół zmienił się, odkąd otworzyłeś stronę. Przeczytaj go ponownie i wtedy zdecyduj.")
	}
	return p, nil
}

// refreshProducts sets the status of p's products from their protocols: in
// a protocol waiting for a decision, submitted; otherwise the decision of
// the latest protocol that accepted them and was not superseded, else of
// the latest rejection; without either the status set by hand stays
// (back to in progress if it came from a protocol). Each change is audited.
// productStatusFromProtocols is a unit product's (up) status as its
// protocols make it: waiting while a protocol is submitted, else the
// decision of the latest accepted version no later version replaced, else
// rejected, else what was set by hand (in progress once a protocol existed).
const productStatusFromProtocols = `COALESCE(
	(SELECT 'submitted' FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE i.unit_product_id = up.id AND p.status = 'submitted' LIMIT 1),
	(SELECT p.status FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE i.unit_product_id = up.id AND p.status IN ('accepted', 'accepted_remarks') AND ` + supersededNot + `
		ORDER BY p.signed_at DESC, p.id DESC LIMIT 1),
	(SELECT p.status FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE i.unit_product_id = up.id AND p.status = 'rejected' ORDER BY p.signed_at DESC, p.id DESC LIMIT 1),
	CASE WHEN up.status IN ('planned', 'in_progress') THEN up.status ELSE 'in_progress' END)`

// SettleProductStatuses sets the status of every product of a programme
// that has protocols from them, in one statement; for data loaded in bulk
// (kaizen gen), where no one acted on each product.
func SettleProductStatuses(ctx context.Context, tx pgx.Tx, programmeID int64) (int64, error) {
	tag, err := tx.Exec(ctx, `UPDATE unit_products up SET status = `+productStatusFromProtocols+`
		WHERE up.programme_id = $1 AND EXISTS (SELECT 1 FROM protocol_items i WHERE i.unit_product_id = up.id)
		AND up.status IS DISTINCT FROM `+productStatusFromProtocols, programmeID)
	return tag.RowsAffected(), err
}

func refreshProducts(ctx context.Context, tx pgx.Tx, a domain.Actor, p *domain.Protocol) error {
	ids := make([]int64, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.UnitProductID
	}
	rows, err := tx.Query(ctx, `WITH next AS (
		SELECT up.id, up.status AS old, `+productStatusFromProtocols+` AS new
		FROM unit_products up WHERE up.id = ANY($1) FOR UPDATE)
		UPDATE unit_products up SET status = next.new, version = up.version + 1, updated_at = now()
		FROM next WHERE next.id = up.id AND next.old <> next.new RETURNING up.id, next.old, next.new`, ids)
	if err != nil {
		return err
	}
	type change struct {
		id       int64
		old, new string
	}
	changes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (change, error) {
		var c change
		err := r.Scan(&c.id, &c.old, &c.new)
		return c, err
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := audit(ctx, tx, a, domain.AuditUpdate, "unit_product", FormatID(c.id),
			map[string]string{"status": c.old}, map[string]string{"status": c.new, "protocol": p.Number()}); err != nil {
			return err
		}
	}
	return nil
}

// lockProducts locks p's products (their documents and protocols change
// together) and refuses products waiting in another protocol, or accepted
// by one that a correction should replace instead.
func lockProducts(ctx context.Context, tx pgx.Tx, p *domain.Protocol) error {
	ids := make([]int64, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.UnitProductID
	}
	if _, err := tx.Exec(ctx, `SELECT id FROM unit_products WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids); err != nil {
		return err
	}
	var number, status, letter string
	err := tx.QueryRow(ctx, `SELECT p.series_id || '/' || p.version_no, p.status, i.letter FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE i.unit_product_id = ANY($1) AND p.series_id <> $2
		AND (p.status IN ('draft', 'submitted') OR (p.status IN ('accepted', 'accepted_remarks') AND `+supersededNot+`))
		ORDER BY p.id LIMIT 1`, ids, p.SeriesID).Scan(&number, &status, &letter)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	msg := "Produkt " + letter + ") jest już w protokole nr " + number + ", w którym nie zapadła jeszcze decyzja."
	if domain.ProtocolStatus(status).Accepted() {
		msg = "Produkt " + letter + ") odebrano protokołem nr " + number + ": zmiany wprowadza się korektą (nową wersją) tamtego protokołu."
	}
	return &domain.Error{Code: domain.ECONFLICT, Message: msg, Fields: map[string]string{"items": msg}}
}

// DeleteProtocol removes a draft.
func (s *Store) DeleteProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActDelete)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM protocols WHERE id = $1`, id); err != nil {
			return mapError(err, protocolNotFound)
		}
		return audit(ctx, tx, a, domain.AuditDelete, "protocol", FormatID(id), protocolAudit(p), nil)
	})
}

// SubmitProtocol hands a draft over for the unit manager's decision, with
// the documents its products have now as its attachments.
func (s *Store) SubmitProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActSubmit)
		if err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := lockProducts(ctx, tx, p); err != nil {
			return err
		}
		before := protocolAudit(p)
		if _, err := tx.Exec(ctx, `INSERT INTO protocol_files (protocol_id, file_id) SELECT DISTINCT $1::bigint, c.file_id FROM protocol_items i
			JOIN unit_product_files c ON c.unit_product_id = i.unit_product_id WHERE i.protocol_id = $1 ON CONFLICT DO NOTHING`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET status = 'submitted', submitted_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		p.Status, p.Version = domain.ProtocolSubmitted, p.Version+1
		if err := refreshProducts(ctx, tx, a, p); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditSubmit, "protocol", FormatID(id), before, protocolAudit(p))
	})
}

// WithdrawProtocol takes a submitted protocol back into preparation.
func (s *Store) WithdrawProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActWithdraw)
		if err != nil {
			return err
		}
		before := protocolAudit(p)
		if _, err := tx.Exec(ctx, `DELETE FROM protocol_files WHERE protocol_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET status = 'draft', submitted_at = NULL, version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		p.Status, p.Version = domain.ProtocolDraft, p.Version+1
		if err := refreshProducts(ctx, tx, a, p); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditWithdraw, "protocol", FormatID(id), before, protocolAudit(p))
	})
}

// DecideProtocol records the unit manager's decision, signed in Kaizen: the
// signed content is sealed with its SHA-256 and the database refuses any
// later change. The caller has checked the manager's password and that the
// manager runs the protocol's unit.
func (s *Store) DecideProtocol(ctx context.Context, a domain.Actor, signer *domain.User, programmeID, id int64, version int, d domain.Decision) (*domain.Protocol, error) {
	if err := d.Validate(false); err != nil {
		return nil, err
	}
	var out *domain.Protocol
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActDecide)
		if err != nil {
			return err
		}
		if signer == nil || signer.Role != domain.RoleUnitManager || !signer.CanActOnUnit(p.UnitID) {
			return domain.Errorf(domain.EFORBIDDEN, "O odbiorze decyduje wyłącznie kierownik jednostki, której dotyczy protokół.")
		}
		uid := signer.ID
		p.SignerID, p.SignerName, p.SignerRole, p.Method = &uid, signer.DisplayName, "kierownik jednostki", domain.SignElectronic
		out, err = seal(ctx, tx, a, p, d, nil, s.Now())
		return err
	})
	return out, err
}

// RecordPaperDecision records a decision signed on paper, with the scan of
// the signed protocol; without the scan nothing is recorded.
func (s *Store) RecordPaperDecision(ctx context.Context, a domain.Actor, programmeID, id int64, version int, d domain.Decision, scanName, contentType string, scan []byte) (*domain.Protocol, error) {
	if err := d.Validate(true); err != nil {
		return nil, err
	}
	if len(scan) == 0 {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"file": "Dołącz skan podpisanego protokołu."}}
	}
	var out *domain.Protocol
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActPaper)
		if err != nil {
			return err
		}
		if p.Status == domain.ProtocolDraft {
			// Signed on paper straight from preparation: it was handed over
			// with the documents its products have now.
			if err := p.Validate(); err != nil {
				return err
			}
			if err := lockProducts(ctx, tx, p); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO protocol_files (protocol_id, file_id) SELECT DISTINCT $1::bigint, c.file_id FROM protocol_items i
				JOIN unit_product_files c ON c.unit_product_id = i.unit_product_id WHERE i.protocol_id = $1 ON CONFLICT DO NOTHING`, id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE protocols SET submitted_at = now() WHERE id = $1`, id); err != nil {
				return err
			}
			if err := loadProtocolParts(ctx, tx, p); err != nil {
				return err
			}
			p.Status = domain.ProtocolSubmitted
		}
		if d.SignedOn.Before(p.Date) {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{
				"signed_on": "Data podpisu nie może być wcześniejsza niż data protokołu (" + p.Date.Format("02.01.2006") + ")."}}
		}
		if d.SignedOn.After(domain.TodayIn(s.Now())) {
			return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{
				"signed_on": "Data podpisu nie może być późniejsza niż dzisiejsza."}}
		}
		f := newFile(scanName, contentType, scan)
		if err := insertFile(ctx, tx, a, f, scan); err != nil {
			return err
		}
		p.ScanFile = f
		p.SignerID, p.SignerName, p.SignerRole, p.Method, p.SignedOn = nil, d.SignerName, d.SignerRole, domain.SignPaper, d.SignedOn
		out, err = seal(ctx, tx, a, p, d, f, s.Now())
		return err
	})
	return out, err
}

// seal writes the decision and its digest.
// now is the store's clock: the signature's instant dates the
// implementation it completes (its reporting period).
func seal(ctx context.Context, tx pgx.Tx, a domain.Actor, p *domain.Protocol, d domain.Decision, scan *domain.File, now time.Time) (*domain.Protocol, error) {
	before := protocolAudit(p)
	p.Status, p.Remarks, p.SignedAt = d.Status, strings.TrimSpace(d.Remarks), now.UTC().Truncate(time.Microsecond)
	content := p.Canonical()
	p.Content, p.Digest = string(content), domain.DigestOf(content)
	var scanID *int64
	if scan != nil {
		scanID = &scan.ID
	}
	if _, err := tx.Exec(ctx, `UPDATE protocols SET status = $2, remarks = $3, method = $4, signer_id = $5, signer_name = $6, signer_role = $7,
		signed_on = $8, signed_at = $9, scan_file_id = $10, signed_content = $11, digest = $12, version = version + 1, updated_at = now() WHERE id = $1`,
		p.ID, string(p.Status), p.Remarks, string(p.Method), p.SignerID, p.SignerName, p.SignerRole, dateOrNil(p.SignedOn), p.SignedAt, scanID,
		p.Content, p.Digest); err != nil {
		return nil, mapError(err, protocolNotFound)
	}
	p.Version++
	if err := refreshProducts(ctx, tx, a, p); err != nil {
		return nil, err
	}
	if p.Status.Accepted() {
		// Products accepted without a date of their own are done on the
		// protocol's actual date (or its date).
		if _, err := tx.Exec(ctx, `UPDATE unit_products up SET done_on = COALESCE(i.done_on, $2) FROM protocol_items i
			WHERE i.protocol_id = $1 AND i.unit_product_id = up.id AND up.done_on IS DISTINCT FROM COALESCE(i.done_on, $2)
			AND (i.done_on IS NOT NULL OR up.done_on IS NULL)`, p.ID, p.Date); err != nil {
			return nil, err
		}
	}
	action := domain.AuditSign
	if p.Method == domain.SignPaper {
		action = domain.AuditSignPaper
	}
	return p, audit(ctx, tx, a, action, "protocol", FormatID(p.ID), before, protocolAudit(p))
}

// NewProtocolVersion starts a new version of a signed or rejected protocol
// as a draft with the same content; it replaces the old one once decided.
func (s *Store) NewProtocolVersion(ctx context.Context, a domain.Actor, programmeID, id int64) (int64, error) {
	var newID int64
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		old, err := protocolStep(ctx, tx, programmeID, id, 0, domain.ActNewVersion)
		if err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		err = tx.QueryRow(ctx, `INSERT INTO protocols (programme_id, task_id, unit_id, task_code, task_name, unit_name, unit_teryt,
			series_id, version_no, replaces_id, place, protocol_date, contractor, description, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			old.ProgrammeID, old.TaskID, old.UnitID, old.TaskCode, old.TaskName, old.UnitName, old.UnitTERYT,
			old.SeriesID, old.VersionNo+1, old.ID, old.Place, old.Date, old.Contractor, old.Description, by).Scan(&newID)
		if err != nil {
			if domain.ErrorCode(mapError(err, "")) == domain.ECONFLICT {
				return domain.Errorf(domain.ECONFLICT, "Ten protokół ma już nowszą wersję: zmiany wprowadza się w niej.")
			}
			return err
		}
		n := *old
		n.ID, n.VersionNo, n.ReplacesID, n.Status = newID, old.VersionNo+1, &old.ID, domain.ProtocolDraft
		if err := saveProtocolItems(ctx, tx, &n); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditCreate, "protocol", FormatID(newID), nil, protocolAudit(&n))
	})
	return newID, err
}

// --- verification

// VerifyProtocols recomputes the digest of every sealed protocol from its
// rows and its files' bytes and returns those that no longer match. It also
// checks the trail: every signature recorded in the audit trail must still
// be there, sealed with the same digest (a deleted or unsealed protocol
// shows here).
func (s *Store) VerifyProtocols(ctx context.Context) (checked int, bad []domain.Mismatch, err error) {
	rows, err := s.Pool.Query(ctx, `SELECT programme_id, id FROM protocols
		WHERE signed_at IS NOT NULL OR digest IS NOT NULL OR signed_content IS NOT NULL OR method IS NOT NULL
			OR status IN ('accepted', 'accepted_remarks', 'rejected')
		ORDER BY id`)
	if err != nil {
		return 0, nil, err
	}
	type key struct{ programme, id int64 }
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (key, error) {
		var k key
		err := r.Scan(&k.programme, &k.id)
		return k, err
	})
	if err != nil {
		return 0, nil, err
	}
	seen := map[int64]bool{}
	for _, k := range keys {
		checked++
		seen[k.id] = true
		p, err := getProtocol(ctx, s.Pool, k.programme, k.id, false)
		if err != nil {
			if ctx.Err() != nil {
				return checked, bad, err
			}
			bad = append(bad, domain.Mismatch{ProgrammeID: k.programme, ID: k.id, Number: FormatID(k.id), Problem: "Nie można odczytać protokołu: " + err.Error()})
			continue
		}
		computed := domain.DigestOf(p.Canonical())
		m := domain.Mismatch{ProgrammeID: p.ProgrammeID, ID: p.ID, Number: p.Number(), UnitName: p.UnitName, Stored: p.Digest, Computed: computed}
		switch {
		case p.SignedAt.IsZero() || p.Digest == "" || !p.Status.Decided():
			m.Problem = "Protokół ma ślady podpisu, ale nie jest kompletnie zapieczętowany (status, czas podpisu lub skrót usunięte)."
		case computed != p.Digest:
			m.Problem = "Treść protokołu lub jego załączników różni się od podpisanej."
			if domain.DigestOf([]byte(p.Content)) == p.Digest && string(p.Canonical()) != p.Content {
				m.Problem += " Zmienione pola: " + strings.Join(domain.ChangedFields([]byte(p.Content), p.Canonical()), ", ") + "."
			}
		case domain.DigestOf([]byte(p.Content)) != p.Digest:
			m.Problem = "Zapisana podpisana treść nie odpowiada skrótowi."
		default:
			continue
		}
		bad = append(bad, m)
	}
	// Signatures the audit trail remembers.
	rows, err = s.Pool.Query(ctx, `SELECT a.entity_id, a.after->>'digest', a.after->>'number', p.id, p.programme_id, COALESCE(p.digest, ''), COALESCE(p.unit_name, '')
		FROM audit_log a LEFT JOIN protocols p ON p.id::text = a.entity_id
		WHERE a.entity = 'protocol' AND a.action IN ('sign', 'sign_paper') ORDER BY a.id`)
	if err != nil {
		return checked, bad, err
	}
	type signed struct {
		entityID, digest, number, unit, now string
		id, programme                       *int64
	}
	sigs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (signed, error) {
		var x signed
		var d, n *string
		err := r.Scan(&x.entityID, &d, &n, &x.id, &x.programme, &x.now, &x.unit)
		if d != nil {
			x.digest = *d
		}
		if n != nil {
			x.number = *n
		}
		return x, err
	})
	if err != nil {
		return checked, bad, err
	}
	for _, x := range sigs {
		id, _ := parseID(x.entityID)
		switch {
		case x.id == nil:
			bad = append(bad, domain.Mismatch{ID: id, Number: x.number, Stored: x.digest, Problem: "Podpisany protokół (według dziennika zmian) nie istnieje w bazie danych."})
		case !seen[id] || x.now != x.digest:
			if !seen[id] || !hasMismatch(bad, id) {
				bad = append(bad, domain.Mismatch{ProgrammeID: *x.programme, ID: id, Number: x.number, UnitName: x.unit, Stored: x.digest, Computed: x.now,
					Problem: "Skrót protokołu różni się od zapisanego w dzienniku zmian przy podpisie."})
			}
		}
	}
	return checked, bad, nil
}

func hasMismatch(list []domain.Mismatch, id int64) bool {
	for _, m := range list {
		if m.ID == id {
			return true
		}
	}
	return false
}
