package store

// A unit's products (produkty zadania w jednostce): their progress set by hand
// and their documents.

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const productNotFound = "Nie ma takiego produktu w tym programie."

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
	if f.Search != "" {
		add(`(u.name ILIKE '%' || ? || '%' OR t.code ILIKE ? || '%' OR tp.name ILIKE '%' || ? || '%')`, searchArg(f.ListQuery))
	}
	return strings.Join(where, " AND "), args
}

// ProductCounts counts the products matching f (all pages) by status.
func (s *Store) ProductCounts(ctx context.Context, programmeID int64, f domain.ProductFilter) (_ map[domain.ProductStatus]int, err error) {
	defer wrap(&err, "store.ProductCounts(%d)", programmeID)
	where, args := productWhere(programmeID, f)
	return countBy[domain.ProductStatus](ctx, s.Pool, `SELECT up.status, count(*)`+unitProductJoins+` WHERE `+where+` GROUP BY up.status`, args...)
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

var productSorts = sortColumns{domain.SortUnit: "u.name", domain.SortTask: "t.code;tp.letter", domain.SortProduct: "tp.letter",
	domain.SortStatus: "up.status", domain.SortDate: "COALESCE(up.done_on, up.planned_on)"}

// UnitProducts lists the products of a programme's tasks in its units
// matching f (a page when f.Limit is set), in f's order (by default by
// unit, task and letter).
func (s *Store) UnitProducts(ctx context.Context, programmeID int64, f domain.ProductFilter) (_ []domain.UnitProduct, err error) {
	defer wrap(&err, "store.UnitProducts(%d)", programmeID)
	where, args := productWhere(programmeID, f)
	pg, args := page(f.ListQuery, args)
	rows, err := s.Pool.Query(ctx, `SELECT `+unitProductColumns+unitProductJoins+` WHERE `+where+
		orderBy(f.ListQuery, domain.SortProducts, productSorts, "u.name, u.id, t.code, t.id, tp.letter, up.id")+pg, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.UnitProduct, error) { return scanUnitProduct(r) })
}

// ProductPairs lists the units × tasks with products matching f (a page
// when f.Limit is set, by unit and task; the search is part of the unit's
// name, the start of its TERYT code, the start of the task's code or part
// of its name) and whether more match after the page. Not counting them all lets the
// page stop reading at its end.
func (s *Store) ProductPairs(ctx context.Context, programmeID int64, f domain.ProductFilter) (_ []domain.ProductPair, more bool, err error) {
	defer wrap(&err, "store.ProductPairs(%d)", programmeID)
	search := f.ListQuery
	f.Search = ""
	where, args := productWhere(programmeID, f)
	if search.Search != "" {
		// The tasks matching are looked up first: when none does (most
		// searches name a unit), the condition is on units alone and the
		// plan filters the units before reading their products.
		var tasks []int64
		if err := s.Pool.QueryRow(ctx, `SELECT COALESCE(array_agg(id), '{}') FROM tasks WHERE programme_id = $1
			AND (code ILIKE $2 || '%' OR name ILIKE '%' || $2 || '%')`, programmeID, searchArg(search)).Scan(&tasks); err != nil {
			return nil, false, err
		}
		args = append(args, searchArg(search))
		n := "$" + strconv.Itoa(len(args))
		cond := `u.name ILIKE '%' || ` + n + ` || '%' OR u.teryt LIKE ` + n + ` || '%'`
		if len(tasks) > 0 {
			args = append(args, tasks)
			cond += ` OR up.task_id = ANY($` + strconv.Itoa(len(args)) + `)`
		}
		where += ` AND (` + cond + `)`
	}
	q := f.ListQuery
	if q.Limit > 0 {
		q.Limit++ // one more: is there a next page
	}
	pg, args := page(q, args)
	rows, err := s.Pool.Query(ctx, `SELECT up.unit_id, up.task_id, u.name, t.code, t.name,
		count(*) FILTER (WHERE up.status NOT IN ('accepted', 'accepted_remarks'))
		FROM unit_products up JOIN tasks t ON t.id = up.task_id JOIN units u ON u.id = up.unit_id WHERE `+where+`
		GROUP BY up.unit_id, up.task_id, u.name, t.code, t.name ORDER BY u.name, up.unit_id, t.code, up.task_id`+pg, args...)
	if err != nil {
		return nil, false, err
	}
	pairs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.ProductPair, error) {
		var p domain.ProductPair
		err := r.Scan(&p.UnitID, &p.TaskID, &p.UnitName, &p.TaskCode, &p.TaskName, &p.Open)
		return p, err
	})
	if err != nil {
		return nil, false, err
	}
	if f.Limit > 0 && len(pairs) > f.Limit {
		return pairs[:f.Limit], true, nil
	}
	return pairs, false, nil
}

// UnitProduct returns one product of a unit.
func (s *Store) UnitProduct(ctx context.Context, programmeID, id int64) (_ *domain.UnitProduct, err error) {
	defer wrap(&err, "store.UnitProduct(%d, %d)", programmeID, id)
	p, err := scanUnitProduct(s.Pool.QueryRow(ctx, `SELECT `+unitProductColumns+unitProductJoins+` WHERE up.programme_id = $1 AND up.id = $2`, programmeID, id))
	if err != nil {
		return nil, mapError(err, productNotFound)
	}
	return &p, nil
}

// SaveProductProgress changes a product's hand-set status and its dates if
// the record still has the version the form was opened with.
func (s *Store) SaveProductProgress(ctx context.Context, a domain.Actor, p *domain.UnitProduct) (err error) {
	defer wrap(&err, "store.SaveProductProgress(%d)", p.ID)
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
func (s *Store) AddProductDocument(ctx context.Context, a domain.Actor, productID int64, name, contentType string, data []byte) (_ *domain.File, err error) {
	defer wrap(&err, "store.AddProductDocument(%d)", productID)
	f := newFile(name, contentType, data)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if err := lockProduct(ctx, tx, productID); err != nil {
			return err
		}
		if stored, err := attachOnce(ctx, tx, a, f, data, `EXISTS (SELECT 1 FROM unit_product_files c WHERE c.file_id = f.id AND c.unit_product_id = $2)`,
			productID); err != nil || stored {
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

// ProductDocuments lists a product's documents.
func (s *Store) ProductDocuments(ctx context.Context, productID int64) (_ []domain.File, err error) {
	defer wrap(&err, "store.ProductDocuments(%d)", productID)
	rows, err := s.Pool.Query(ctx, `SELECT `+fileColumns+` FROM unit_product_files c JOIN files f ON f.id = c.file_id
		LEFT JOIN users u ON u.id = f.uploaded_by WHERE c.unit_product_id = $1 ORDER BY f.id`, productID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.File, error) { return scanFile(r) })
}

// SubmittedProductDocuments are the ids of a product's documents a protocol
// was submitted with: they can no longer be deleted (DeleteProductDocument
// refuses), so the page offers no button for them.
func (s *Store) SubmittedProductDocuments(ctx context.Context, productID int64) (_ map[int64]bool, err error) {
	defer wrap(&err, "store.SubmittedProductDocuments(%d)", productID)
	rows, err := s.Pool.Query(ctx, `SELECT DISTINCT c.file_id FROM unit_product_files c JOIN protocol_files pf ON pf.file_id = c.file_id
		WHERE c.unit_product_id = $1`, productID)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// DeleteProductDocument removes a document from a product; refused once a
// protocol was submitted with it.
func (s *Store) DeleteProductDocument(ctx context.Context, a domain.Actor, productID, fileID int64) (err error) {
	defer wrap(&err, "store.DeleteProductDocument(%d, %d)", productID, fileID)
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
			return mapError(err, "", refused("", "Dokument jest załącznikiem przekazanego protokołu odbioru i nie może zostać usunięty."))
		}
		return audit(ctx, tx, a, domain.AuditDelete, "unit_product_file", FormatID(productID),
			map[string]any{"file_id": f.ID, "name": f.Name, "sha256": f.SHA256, "size": f.Size}, nil)
	})
}
