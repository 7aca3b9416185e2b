package store

// Paper decisions with four eyes: a recorded paper decision waits for a
// second person's confirmation, which seals the protocol; the unit's
// manager may object and an administrator decides the objection.

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// paperSealRow is a protocol's recorder and confirmer as columns.
type paperSealRow struct {
	recordedBy, confirmedBy         *int64
	RecordedByName, ConfirmedByName string
	recordedAt, confirmedAt         *time.Time
}

func (r paperSealRow) seal() *domain.PaperSeal {
	if r.recordedBy == nil || r.confirmedBy == nil {
		return nil
	}
	return &domain.PaperSeal{RecordedBy: *r.recordedBy, RecordedByName: r.RecordedByName, RecordedAt: dateOf(r.recordedAt),
		ConfirmedBy: *r.confirmedBy, ConfirmedByName: r.ConfirmedByName, ConfirmedAt: dateOf(r.confirmedAt)}
}

func (r *paperSealRow) set(s *domain.PaperSeal) {
	if s == nil {
		return
	}
	rec, conf, recAt, confAt := s.RecordedBy, s.ConfirmedBy, s.RecordedAt, s.ConfirmedAt
	r.recordedBy, r.confirmedBy, r.recordedAt, r.confirmedAt = &rec, &conf, &recAt, &confAt
	r.RecordedByName, r.ConfirmedByName = s.RecordedByName, s.ConfirmedByName
}

func (r paperSealRow) recordedByName() *string {
	if r.recordedBy == nil {
		return nil
	}
	return &r.RecordedByName
}

func (r paperSealRow) confirmedByName() *string {
	if r.confirmedBy == nil {
		return nil
	}
	return &r.ConfirmedByName
}

// loadPaperRecords reads the paper records of p with their objections,
// oldest first; each scan's SHA-256 computed from its bytes now.
func loadPaperRecords(ctx context.Context, q querier, p *domain.Protocol) error {
	rows, err := q.Query(ctx, `SELECT r.id, r.decision, r.remarks, r.signer_name, r.signer_role, r.signed_on,
			f.id, f.name, f.content_type, f.size, encode(sha256(f.data), 'hex'), f.uploaded_at,
			r.recorded_by, r.recorded_by_name, r.recorded_at, r.state, COALESCE(r.confirmed_by, 0), COALESCE(r.confirmed_by_name, ''), r.confirmed_at
		FROM paper_records r JOIN files f ON f.id = r.scan_file_id WHERE r.protocol_id = $1 ORDER BY r.id`, p.ID)
	if err != nil {
		return err
	}
	p.PaperRecords, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.PaperRecord, error) {
		var r domain.PaperRecord
		var decision, state string
		var confirmedAt *time.Time
		err := row.Scan(&r.ID, &decision, &r.Decision.Remarks, &r.Decision.SignerName, &r.Decision.SignerRole, &r.Decision.SignedOn,
			&r.ScanFile.ID, &r.ScanFile.Name, &r.ScanFile.ContentType, &r.ScanFile.Size, &r.ScanFile.SHA256, &r.ScanFile.UploadedAt,
			&r.RecordedBy, &r.RecordedByName, &r.RecordedAt, &state, &r.ConfirmedBy, &r.ConfirmedByName, &confirmedAt)
		r.ProtocolID, r.Decision.Status, r.State, r.ConfirmedAt = p.ID, domain.ProtocolStatus(decision), domain.PaperState(state), dateOf(confirmedAt)
		return r, err
	})
	if err != nil || len(p.PaperRecords) == 0 {
		return err
	}
	rows, err = q.Query(ctx, `SELECT o.paper_record_id, o.id, o.reason, o.objected_by, o.objected_by_name, o.objected_at, o.state,
			COALESCE(o.decided_by_name, ''), o.decided_at, o.note
		FROM paper_objections o JOIN paper_records r ON r.id = o.paper_record_id WHERE r.protocol_id = $1 ORDER BY o.id`, p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var recordID int64
		var o domain.PaperObjection
		var state string
		var decidedAt *time.Time
		if err := rows.Scan(&recordID, &o.ID, &o.Reason, &o.ObjectedBy, &o.ObjectedByName, &o.ObjectedAt, &state, &o.DecidedByName, &decidedAt, &o.Note); err != nil {
			return err
		}
		o.State, o.DecidedAt = domain.ObjectionState(state), dateOf(decidedAt)
		for i := range p.PaperRecords {
			if p.PaperRecords[i].ID == recordID {
				p.PaperRecords[i].Objections = append(p.PaperRecords[i].Objections, o)
			}
		}
	}
	return rows.Err()
}

// paperAudit is a paper record as the audit trail keeps it.
func paperAudit(p *domain.Protocol, r *domain.PaperRecord) map[string]any {
	m := map[string]any{"number": p.Number(), "status": string(p.Status), "version": p.Version}
	if r != nil {
		m["paper_record"] = r.ID
		m["paper_state"] = string(r.State)
		m["decision"], m["remarks"], m["signer"], m["signer_role"] = string(r.Decision.Status), r.Decision.Remarks, r.Decision.SignerName, r.Decision.SignerRole
		m["signed_on"], m["scan_sha256"], m["recorded_by"] = domain.ISODate(r.Decision.SignedOn), r.ScanFile.SHA256, r.RecordedByName
	}
	return m
}

// displayName is the name of the account behind a.
func displayName(ctx context.Context, tx pgx.Tx, a domain.Actor) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `SELECT display_name FROM users WHERE id = $1`, a.UserID).Scan(&name)
	return name, mapError(err, "Nie ma takiego konta.")
}

// ConfirmPaperDecision is the second pair of eyes: another coordinator or
// an administrator than the one who recorded the paper decision confirms
// it, and the protocol is sealed with the decision, who recorded it and
// who confirmed it. Refused while the unit's manager's objection waits.
func (s *Store) ConfirmPaperDecision(ctx context.Context, a domain.Actor, programmeID, id int64, version int) (_ *domain.Protocol, err error) {
	defer wrap(&err, "store.ConfirmPaperDecision(%d, %d, %d)", programmeID, id, version)
	if a.Role != domain.RoleCoordinator && a.Role != domain.RoleAdmin {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Decyzję z papieru potwierdza koordynator albo administrator.")
	}
	var out *domain.Protocol
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActConfirmPaper)
		if err != nil {
			return err
		}
		rec := p.PendingPaper()
		if a.UserID == 0 || a.UserID == rec.RecordedBy {
			return domain.Errorf(domain.EFORBIDDEN, "Decyzję z papieru potwierdza druga osoba: inny koordynator albo administrator niż ta, która ją wprowadziła (zasada czterech oczu).")
		}
		name, err := displayName(ctx, tx, a)
		if err != nil {
			return err
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		if _, err := tx.Exec(ctx, `UPDATE paper_records SET state = 'confirmed', confirmed_by = $2, confirmed_by_name = $3, confirmed_at = $4 WHERE id = $1`,
			rec.ID, a.UserID, name, now); err != nil {
			return mapError(err, "")
		}
		scan := rec.ScanFile
		p.ScanFile = &scan
		p.SignerID, p.SignerName, p.SignerRole, p.Method, p.SignedOn = nil, rec.Decision.SignerName, rec.Decision.SignerRole, domain.SignPaper, rec.Decision.SignedOn
		p.PaperSeal = &domain.PaperSeal{RecordedBy: rec.RecordedBy, RecordedByName: rec.RecordedByName, RecordedAt: rec.RecordedAt,
			ConfirmedBy: a.UserID, ConfirmedByName: name, ConfirmedAt: now}
		if out, err = seal(ctx, tx, a, p, rec.Decision, &scan, now); err != nil {
			return err
		}
		return s.notifyDecision(ctx, tx, out)
	})
	return out, err
}

// ObjectPaperDecision records the unit manager's objection to a paper
// decision recorded for their unit: until an administrator decides it the
// record cannot be confirmed.
func (s *Store) ObjectPaperDecision(ctx context.Context, a domain.Actor, manager *domain.User, programmeID, id int64, version int, reason string) (err error) {
	defer wrap(&err, "store.ObjectPaperDecision(%d, %d, %d)", programmeID, id, version)
	if err := domain.ValidateObjection(reason); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActObjectPaper)
		if err != nil {
			return err
		}
		if manager == nil || manager.Role != domain.RoleUnitManager || !manager.CanActOnUnit(p.UnitID) || manager.ID != a.UserID {
			return domain.Errorf(domain.EFORBIDDEN, "Sprzeciw zgłasza kierownik jednostki, której dotyczy protokół.")
		}
		rec := p.PendingPaper()
		before := paperAudit(p, rec)
		if _, err := tx.Exec(ctx, `INSERT INTO paper_objections (paper_record_id, reason, objected_by, objected_by_name, objected_at) VALUES ($1, $2, $3, $4, $5)`,
			rec.ID, strings.TrimSpace(reason), manager.ID, manager.DisplayName, s.Now().UTC()); err != nil {
			return mapError(err, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET version = version + 1, updated_at = now() WHERE id = $1`, p.ID); err != nil {
			return err
		}
		after := paperAudit(p, rec)
		after["objection"], after["version"] = strings.TrimSpace(reason), p.Version+1
		return audit(ctx, tx, a, domain.AuditPaperObject, "protocol", FormatID(id), before, after)
	})
}

// DecideObjection is an administrator's decision on the unit manager's
// objection: upheld, the paper record is annulled and the protocol waits
// for a decision again; dismissed, the record may be confirmed.
func (s *Store) DecideObjection(ctx context.Context, a domain.Actor, programmeID, id int64, version int, uphold bool, note string) (err error) {
	defer wrap(&err, "store.DecideObjection(%d, %d, %d)", programmeID, id, version)
	if a.Role != domain.RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "O sprzeciwie rozstrzyga administrator.")
	}
	if note = strings.TrimSpace(note); len(note) > 5000 {
		return &domain.Error{Code: domain.EINVALID, Message: "Formularz zawiera błędy.", Fields: map[string]string{"objection_note": "Uzasadnienie może mieć najwyżej 5000 znaków."}}
	}
	return s.InTx(ctx, func(tx pgx.Tx) error {
		p, err := protocolStep(ctx, tx, programmeID, id, version, domain.ActDecideObjection)
		if err != nil {
			return err
		}
		rec := p.PendingPaper()
		obj := rec.OpenObjection()
		name, err := displayName(ctx, tx, a)
		if err != nil {
			return err
		}
		state := domain.ObjectionDismissed
		if uphold {
			state = domain.ObjectionUpheld
		}
		before := paperAudit(p, rec)
		if _, err := tx.Exec(ctx, `UPDATE paper_objections SET state = $2, decided_by = $3, decided_by_name = $4, decided_at = $5, note = $6 WHERE id = $1`,
			obj.ID, string(state), a.UserID, name, s.Now().UTC(), note); err != nil {
			return mapError(err, "")
		}
		if uphold {
			if _, err := tx.Exec(ctx, `UPDATE paper_records SET state = 'annulled' WHERE id = $1`, rec.ID); err != nil {
				return mapError(err, "")
			}
			rec.State = domain.PaperAnnulled
		}
		if _, err := tx.Exec(ctx, `UPDATE protocols SET version = version + 1, updated_at = now() WHERE id = $1`, p.ID); err != nil {
			return err
		}
		after := paperAudit(p, rec)
		after["objection"], after["objection_state"], after["note"], after["version"] = obj.Reason, string(state), note, p.Version+1
		return audit(ctx, tx, a, domain.AuditPaperObjection, "protocol", FormatID(id), before, after)
	})
}

// PaperNotices lists the paper decisions of a programme that wait for
// confirmation, in the given units (nil: all), oldest first.
func (s *Store) PaperNotices(ctx context.Context, programmeID int64, unitIDs []int64) (_ []domain.PaperNotice, err error) {
	defer wrap(&err, "store.PaperNotices(%d)", programmeID)
	rows, err := s.Pool.Query(ctx, paperNoticesSQL+`
		WHERE r.state = 'pending' AND p.programme_id = $1 AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) ORDER BY r.recorded_at, r.id`, programmeID, unitIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.PaperNotice, error) { return scanPaperNotice(r) })
}

// paperNoticesSQL selects paper records (r) of protocols (p) as
// scanPaperNotice reads them.
const paperNoticesSQL = `SELECT p.programme_id, p.id, p.series_id || '/' || p.version_no, p.unit_name, p.task_code, r.decision, r.signer_name,
		r.recorded_by, r.recorded_by_name, r.recorded_at,
		EXISTS (SELECT 1 FROM paper_objections o WHERE o.paper_record_id = r.id AND o.state = 'open')
	FROM paper_records r JOIN protocols p ON p.id = r.protocol_id`

func scanPaperNotice(r pgx.Row) (domain.PaperNotice, error) {
	var n domain.PaperNotice
	var decision string
	err := r.Scan(&n.ProgrammeID, &n.ProtocolID, &n.Number, &n.UnitName, &n.TaskCode, &decision, &n.SignerName, &n.RecordedBy, &n.RecordedByName, &n.RecordedAt, &n.Objected)
	n.Decision = domain.ProtocolStatus(decision)
	return n, err
}
