package store

// Verification of sealed protocols against their digests and the audit trail.

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// VerifyProtocols recomputes the digest of every sealed protocol from its
// rows and its files' bytes and returns those that no longer match. It also
// checks the trail: every signature recorded in the audit trail must still
// be there, sealed with the same digest (a deleted or unsealed protocol
// shows here).
func (s *Store) VerifyProtocols(ctx context.Context) (checked int, bad []domain.Mismatch, err error) {
	defer wrap(&err, "store.VerifyProtocols()")
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
