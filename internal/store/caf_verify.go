package store

// Verification of signed CAF consensus versions (kaizen verify): the
// stored signed content must still hash to its digest, and the content
// rebuilt from the rows as they are now must equal the signed content.

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// namesMayChange are the canonical fields that hold names read from other
// tables (a unit or a person renamed later is not a changed consensus).
var namesMayChange = map[string]bool{"unit": true, "members": true}

// VerifyCAFConsensus checks every signed (or sealed-looking) consensus
// version and returns those that no longer match.
func (s *Store) VerifyCAFConsensus(ctx context.Context) (checked int, bad []domain.Mismatch, err error) {
	defer wrap(&err, "store.VerifyCAFConsensus()")
	rows, err := s.Pool.Query(ctx, `SELECT programme_id, assessment_id, id FROM caf_consensus
		WHERE status = 'signed' OR digest IS NOT NULL OR signed_content IS NOT NULL OR signed_at IS NOT NULL ORDER BY id`)
	if err != nil {
		return 0, nil, err
	}
	type key struct{ programme, assessment, id int64 }
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (key, error) {
		var k key
		return k, r.Scan(&k.programme, &k.assessment, &k.id)
	})
	if err != nil {
		return 0, nil, err
	}
	for _, k := range keys {
		checked++
		number := FormatID(k.assessment) + "/" + FormatID(k.id)
		a, err := s.CAFAssessment(ctx, k.programme, k.assessment)
		var c *domain.CAFConsensus
		if err == nil {
			c, err = s.CAFConsensusByID(ctx, k.assessment, k.id)
		}
		if err != nil {
			if ctx.Err() != nil {
				return checked, bad, err
			}
			bad = append(bad, domain.Mismatch{ProgrammeID: k.programme, ID: k.id, Number: number,
				Problem: "Nie można odczytać konsensusu CAF: " + err.Error()})
			continue
		}
		rebuilt := c.Canonical(a)
		m := domain.Mismatch{ProgrammeID: k.programme, ID: k.id, Number: number + " (wersja " + FormatID(int64(c.VersionNo)) + ")",
			UnitName: a.UnitName, Stored: c.Digest, Computed: domain.DigestOf([]byte(c.Content))}
		var changed []string
		if c.Content != "" {
			for _, f := range domain.ChangedFields([]byte(c.Content), rebuilt) {
				if !namesMayChange[f] {
					changed = append(changed, f)
				}
			}
		}
		switch {
		case c.Status != domain.ConsensusSigned || c.SignedAt.IsZero() || c.Digest == "" || c.Content == "":
			m.Problem = "Konsensus CAF ma ślady podpisu, ale nie jest kompletnie zapieczętowany (status, czas podpisu, treść lub skrót usunięte)."
		case m.Computed != c.Digest:
			m.Problem = "Zapisana podpisana treść konsensusu CAF nie odpowiada skrótowi."
		case len(changed) > 0:
			m.Computed = domain.DigestOf(rebuilt)
			m.Problem = "Oceny konsensusu CAF różnią się od podpisanych. Zmienione pola: " + strings.Join(changed, ", ") + "."
		default:
			continue
		}
		bad = append(bad, m)
	}
	return checked, bad, nil
}
