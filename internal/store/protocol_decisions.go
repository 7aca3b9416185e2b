package store

// A protocol's way to a decision (the state machine): submitted, withdrawn,
// decided in Kaizen or on paper and sealed; its products' statuses follow.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

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

// SubmitProtocol hands a draft over for the unit manager's decision, with
// the documents its products have now as its attachments.
func (s *Store) SubmitProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) (err error) {
	defer wrap(&err, "store.SubmitProtocol(%d, %d, %d)", programmeID, id, version)
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
		if err := s.notifyProtocol(ctx, tx, p, domain.MailProtocolSubmitted); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditSubmit, "protocol", FormatID(id), before, protocolAudit(p))
	})
}

// WithdrawProtocol takes a submitted protocol back into preparation.
func (s *Store) WithdrawProtocol(ctx context.Context, a domain.Actor, programmeID, id int64, version int) (err error) {
	defer wrap(&err, "store.WithdrawProtocol(%d, %d, %d)", programmeID, id, version)
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
func (s *Store) DecideProtocol(ctx context.Context, a domain.Actor, signer *domain.User, programmeID, id int64, version int, d domain.Decision) (_ *domain.Protocol, err error) {
	defer wrap(&err, "store.DecideProtocol(%d, %d, %d)", programmeID, id, version)
	if err := d.Validate(false); err != nil {
		return nil, err
	}
	var out *domain.Protocol
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActDecide)
		if err != nil {
			return err
		}
		if signer == nil || signer.Role != domain.RoleUnitManager || !signer.CanActOnUnit(p.UnitID) {
			return domain.Errorf(domain.EFORBIDDEN, "O odbiorze decyduje wyłącznie kierownik jednostki, której dotyczy protokół.")
		}
		uid := signer.ID
		p.SignerID, p.SignerName, p.SignerRole, p.Method = &uid, signer.DisplayName, "kierownik jednostki", domain.SignElectronic
		if out, err = seal(ctx, tx, a, p, d, nil, s.Now()); err != nil {
			return err
		}
		return s.notifyDecision(ctx, tx, out)
	})
	return out, err
}

// RecordPaperDecision records a decision signed on paper, with the scan of
// the signed protocol, for a second person to confirm (four eyes): the
// protocol stays submitted, "oczekuje na potwierdzenie", and counts for
// nothing until ConfirmPaperDecision seals it. Only a submitted protocol on
// which its unit's manager has not decided in the application; without
// the scan nothing is recorded. The caller has checked that the scan is a
// readable document.
func (s *Store) RecordPaperDecision(ctx context.Context, a domain.Actor, programmeID, id int64, version int, d domain.Decision, scanName, contentType string, scan []byte) (_ *domain.Protocol, err error) {
	defer wrap(&err, "store.RecordPaperDecision(%d, %d, %d)", programmeID, id, version)
	if err := d.Validate(true); err != nil {
		return nil, err
	}
	if len(scan) == 0 {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"file": "Dołącz skan podpisanego protokołu."}}
	}
	if a.UserID == 0 {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Decyzję z papieru wprowadza osoba zalogowana na własne konto.")
	}
	var out *domain.Protocol
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if err := checkEvidenceDate(ctx, tx, programmeID, "signed_on", d.SignedOn); err != nil {
			return err
		}
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActPaper)
		if err != nil {
			return err
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
		before := protocolAudit(p)
		if _, err := tx.Exec(ctx, `INSERT INTO paper_records (protocol_id, decision, remarks, signer_name, signer_role, signed_on, scan_file_id,
			recorded_by, recorded_by_name, recorded_at) SELECT $1, $2, $3, $4, $5, $6, $7, u.id, u.display_name, $9 FROM users u WHERE u.id = $8`,
			p.ID, string(d.Status), strings.TrimSpace(d.Remarks), strings.TrimSpace(d.SignerName), strings.TrimSpace(d.SignerRole), d.SignedOn, f.ID,
			a.UserID, s.Now().UTC()); err != nil {
			return mapError(err, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET version = version + 1, updated_at = now() WHERE id = $1`, p.ID); err != nil {
			return err
		}
		if out, err = getProtocol(ctx, tx, programmeID, id, false); err != nil {
			return err
		}
		return audit(ctx, tx, a, domain.AuditPaperRecord, "protocol", FormatID(id), before, paperAudit(out, out.PendingPaper()))
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
	var ps paperSealRow
	ps.set(p.PaperSeal)
	if _, err := tx.Exec(ctx, `UPDATE protocols SET status = $2, remarks = $3, method = $4, signer_id = $5, signer_name = $6, signer_role = $7,
		signed_on = $8, signed_at = $9, scan_file_id = $10, signed_content = $11, digest = $12, version = version + 1, updated_at = now(),
		paper_recorded_by = $13, paper_recorded_by_name = $14, paper_recorded_at = $15, paper_confirmed_by = $16, paper_confirmed_by_name = $17, paper_confirmed_at = $18
		WHERE id = $1`,
		p.ID, string(p.Status), p.Remarks, string(p.Method), p.SignerID, p.SignerName, p.SignerRole, dateOrNil(p.SignedOn), p.SignedAt, scanID,
		p.Content, p.Digest, ps.recordedBy, ps.recordedByName(), ps.recordedAt, ps.confirmedBy, ps.confirmedByName(), ps.confirmedAt); err != nil {
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

// refreshProducts sets the status of p's products from their protocols: in
// a protocol waiting for a decision, submitted; otherwise the decision of
// the latest protocol that accepted them and was not superseded, else of
// the latest rejection; without either the status set by hand stays
// (back to in progress if it came from a protocol). Each change is audited.
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
func SettleProductStatuses(ctx context.Context, tx pgx.Tx, programmeID int64) (_ int64, err error) {
	defer wrap(&err, "store.SettleProductStatuses(%d)", programmeID)
	tag, err := tx.Exec(ctx, `UPDATE unit_products up SET status = `+productStatusFromProtocols+`
		WHERE up.programme_id = $1 AND EXISTS (SELECT 1 FROM protocol_items i WHERE i.unit_product_id = up.id)
		AND up.status IS DISTINCT FROM `+productStatusFromProtocols, programmeID)
	return tag.RowsAffected(), err
}
