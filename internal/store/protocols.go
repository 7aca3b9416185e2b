package store

// Acceptance protocols (protokoły odbioru): reading them, preparing drafts,
// new versions.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const protocolNotFound = "Nie ma takiego protokołu odbioru w tym programie."

const protocolColumns = `p.id, p.programme_id, p.task_id, p.task_code, p.task_name, p.unit_id, p.unit_name, p.unit_teryt, p.series_id, p.version_no,
	p.replaces_id, (SELECT n.id FROM protocols n WHERE n.replaces_id = p.id),
	(SELECT n.id FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no AND n.status IN ('accepted', 'accepted_remarks')
		ORDER BY n.version_no DESC LIMIT 1), p.place, p.protocol_date, p.contractor, p.description,
	p.status, p.remarks, COALESCE(p.method, ''), p.signer_id, COALESCE(p.signer_name, ''), COALESCE(p.signer_role, ''), p.signed_on, p.signed_at,
	p.scan_file_id, COALESCE(p.signed_content, ''), COALESCE(p.digest, ''), COALESCE(cu.username, ''), p.created_at, p.submitted_at, p.version,
	p.paper_recorded_by, COALESCE(p.paper_recorded_by_name, ''), p.paper_recorded_at, p.paper_confirmed_by, COALESCE(p.paper_confirmed_by_name, ''), p.paper_confirmed_at`

// supersededNot keeps protocols no later version of which was accepted
// (a later version is never the first: n.version_no > 1 lets the small
// index of later accepted versions answer, migration 00019).
const supersededNot = `NOT EXISTS (SELECT 1 FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no
	AND n.status IN ('accepted', 'accepted_remarks') AND n.version_no > 1)`

const protocolJoins = ` FROM protocols p LEFT JOIN users cu ON cu.id = p.created_by`

func scanProtocol(r pgx.Row) (*domain.Protocol, error) {
	var p domain.Protocol
	var status, method string
	var signedOn, signedAt, submittedAt *time.Time
	var scanID *int64
	var ps paperSealRow
	err := r.Scan(&p.ID, &p.ProgrammeID, &p.TaskID, &p.TaskCode, &p.TaskName, &p.UnitID, &p.UnitName, &p.UnitTERYT, &p.SeriesID, &p.VersionNo,
		&p.ReplacesID, &p.ReplacedBy, &p.SupersededBy, &p.Place, &p.Date, &p.Contractor, &p.Description,
		&status, &p.Remarks, &method, &p.SignerID, &p.SignerName, &p.SignerRole, &signedOn, &signedAt,
		&scanID, &p.Content, &p.Digest, &p.CreatedBy, &p.CreatedAt, &submittedAt, &p.Version,
		&ps.recordedBy, &ps.RecordedByName, &ps.recordedAt, &ps.confirmedBy, &ps.ConfirmedByName, &ps.confirmedAt)
	if err != nil {
		return nil, err
	}
	p.PaperSeal = ps.seal()
	p.Status, p.Method = domain.ProtocolStatus(status), domain.SignMethod(method)
	p.SignedOn, p.SignedAt, p.SubmittedAt = dateOf(signedOn), dateOf(signedAt), dateOf(submittedAt)
	if scanID != nil {
		p.ScanFile = &domain.File{ID: *scanID}
	}
	return &p, nil
}

// Protocols lists protocols (without their products) matching f (Limit
// 0: all), by default newest first.
func (s *Store) Protocols(ctx context.Context, programmeID int64, f domain.ProtocolFilter) (_ []*domain.Protocol, err error) {
	defer wrap(&err, "store.Protocols(%d)", programmeID)
	list, _, err := s.protocols(ctx, programmeID, f, false)
	return list, err
}

// ProtocolList is Protocols with how many match f in all (every page).
func (s *Store) ProtocolList(ctx context.Context, programmeID int64, f domain.ProtocolFilter) (_ []*domain.Protocol, _ int, err error) {
	defer wrap(&err, "store.ProtocolList(%d)", programmeID)
	return s.protocols(ctx, programmeID, f, true)
}

func (s *Store) protocols(ctx context.Context, programmeID int64, f domain.ProtocolFilter, count bool) ([]*domain.Protocol, int, error) {
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
	if f.Search != "" {
		add(`(p.unit_name ILIKE '%' || ? || '%' OR p.task_code ILIKE ? || '%' OR p.signer_name ILIKE '%' || ? || '%'
			OR p.series_id::text || '/' || p.version_no::text LIKE ? || '%')`, searchArg(f.ListQuery))
	}
	// Counted apart: the columns' subqueries are then computed for one
	// page only.
	total := 0
	if count {
		if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM protocols p WHERE `+strings.Join(where, " AND "), args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	pg, args := page(f.ListQuery, args)
	rows, err := s.Pool.Query(ctx, `SELECT `+protocolColumns+protocolJoins+` WHERE `+strings.Join(where, " AND ")+
		orderBy(f.ListQuery, domain.SortProtocols, protocolSorts, "p.id DESC")+pg, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Protocol, error) { return scanProtocol(r) })
	return list, total, err
}

var protocolSorts = sortColumns{domain.SortNumber: "p.series_id;p.version_no", domain.SortUnit: "p.unit_name", domain.SortTask: "p.task_code",
	domain.SortDate: protocolDateSQL, domain.SortStatus: "p.status"}

// protocolDateSQL is a protocol's latest date: signed, submitted or
// created (the lists' default order, indexed by protocols_latest_idx).
const protocolDateSQL = "COALESCE(p.signed_at, p.submitted_at, p.created_at)"

// Protocol returns one protocol version with its products and attachments:
// those it was submitted with, or, for a draft, the documents its products
// have now.
func (s *Store) Protocol(ctx context.Context, programmeID, id int64) (_ *domain.Protocol, err error) {
	defer wrap(&err, "store.Protocol(%d, %d)", programmeID, id)
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
	return loadPaperRecords(ctx, q, p)
}

// ProtocolVersions lists every version of a protocol series, newest first.
func (s *Store) ProtocolVersions(ctx context.Context, programmeID, seriesID int64) (_ []*domain.Protocol, err error) {
	defer wrap(&err, "store.ProtocolVersions(%d, %d)", programmeID, seriesID)
	rows, err := s.Pool.Query(ctx, `SELECT `+protocolColumns+protocolJoins+` WHERE p.programme_id = $1 AND p.series_id = $2 ORDER BY p.version_no DESC`, programmeID, seriesID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.Protocol, error) { return scanProtocol(r) })
}

// ProtocolsOfProduct lists the protocol versions that include a product.
func (s *Store) ProtocolsOfProduct(ctx context.Context, programmeID, productID int64) (_ []*domain.Protocol, err error) {
	defer wrap(&err, "store.ProtocolsOfProduct(%d, %d)", programmeID, productID)
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
func (s *Store) SaveProtocol(ctx context.Context, a domain.Actor, p *domain.Protocol, token string) (err error) {
	defer wrap(&err, "store.SaveProtocol(%d)", p.ID)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := checkEvidenceDate(ctx, tx, p.ProgrammeID, "date", p.Date); err != nil {
			return err
		}
		if err := fillNames(ctx, tx, p); err != nil {
			return err
		}
		if p.ID == 0 {
			if dup, err := claimSubmission(ctx, tx, token, a.UserID, &p.ID); err != nil || dup {
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

// DeleteProtocol removes a draft.
func (s *Store) DeleteProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) (err error) {
	defer wrap(&err, "store.DeleteProtocol(%d, %d, %d)", programmeID, id, version)
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

// NewProtocolVersion starts a new version of a signed or rejected protocol
// as a draft with the same content; it replaces the old one once decided.
func (s *Store) NewProtocolVersion(ctx context.Context, a domain.Actor, programmeID, id int64) (_ int64, err error) {
	defer wrap(&err, "store.NewProtocolVersion(%d, %d)", programmeID, id)
	var newID int64
	err = s.InTx(ctx, func(tx pgx.Tx) error {
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
