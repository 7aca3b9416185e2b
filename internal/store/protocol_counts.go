package store

// The protocol counts read model (migration 00023): how many current
// versions each programme's protocols have in each status, kept by
// triggers on protocols, checked and rebuilt by `kaizen recompute`.

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// protocolCountStatuses are protocol_counts' columns, in its order.
var protocolCountStatuses = []domain.ProtocolStatus{domain.ProtocolDraft, domain.ProtocolSubmitted, domain.ProtocolRejected,
	domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks}

// protocolCountsSQL counts the current versions of the protocols p (with
// the conditions that follow it) by programme, in protocol_counts' columns.
const protocolCountsSQL = `SELECT p.programme_id, count(*) FILTER (WHERE p.status = 'draft'), count(*) FILTER (WHERE p.status = 'submitted'),
	count(*) FILTER (WHERE p.status = 'rejected'), count(*) FILTER (WHERE p.status = 'accepted'), count(*) FILTER (WHERE p.status = 'accepted_remarks')
	FROM protocols p WHERE ` + supersededNot

// storedProtocolCounts reads the counters of the given programmes.
func storedProtocolCounts(ctx context.Context, q querier, programmeIDs []int64) (map[int64]map[domain.ProtocolStatus]int, error) {
	return readProtocolCounts(ctx, q, `SELECT programme_id, draft, submitted, rejected, accepted, accepted_remarks FROM protocol_counts
		WHERE programme_id = ANY($1)`, programmeIDs)
}

// readProtocolCounts reads rows of a programme's id and its five counts.
func readProtocolCounts(ctx context.Context, q querier, sql string, args ...any) (map[int64]map[domain.ProtocolStatus]int, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64]map[domain.ProtocolStatus]int{}
	var pid int64
	n := make([]int, len(protocolCountStatuses))
	dest := []any{&pid}
	for i := range n {
		dest = append(dest, &n[i])
	}
	_, err = pgx.ForEachRow(rows, dest, func() error {
		m := make(map[domain.ProtocolStatus]int, len(n))
		for i, st := range protocolCountStatuses {
			if n[i] != 0 {
				m[st] = n[i]
			}
		}
		out[pid] = m
		return nil
	})
	return out, err
}

// ProtocolCountDifference is a programme's counter that differs from its
// protocols.
type ProtocolCountDifference struct {
	Programme        string
	Status           domain.ProtocolStatus
	Stored, Computed int
}

// CheckProtocolCounts compares the counters with a count of the current
// protocol versions, in a read-only snapshot; it returns how many
// programmes it checked and the counters that differ, by programme code
// and status.
func (s *Store) CheckProtocolCounts(ctx context.Context) (programmes int, diffs []ProtocolCountDifference, err error) {
	defer wrap(&err, "store.CheckProtocolCounts()")
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		programmes, diffs, err = checkProtocolCounts(ctx, tx)
		return err
	})
	return programmes, diffs, err
}

func checkProtocolCounts(ctx context.Context, tx pgx.Tx) (int, []ProtocolCountDifference, error) {
	codes := map[int64]string{}
	rows, err := tx.Query(ctx, `SELECT id, code FROM programmes ORDER BY code`)
	if err != nil {
		return 0, nil, err
	}
	var order []int64
	var id int64
	var code string
	if _, err := pgx.ForEachRow(rows, []any{&id, &code}, func() error {
		codes[id], order = code, append(order, id)
		return nil
	}); err != nil {
		return 0, nil, err
	}
	stored, err := readProtocolCounts(ctx, tx, `SELECT programme_id, draft, submitted, rejected, accepted, accepted_remarks FROM protocol_counts`)
	if err != nil {
		return 0, nil, err
	}
	computed, err := readProtocolCounts(ctx, tx, protocolCountsSQL+` GROUP BY p.programme_id`)
	if err != nil {
		return 0, nil, err
	}
	var diffs []ProtocolCountDifference
	for _, pid := range order {
		for _, st := range protocolCountStatuses {
			if a, b := stored[pid][st], computed[pid][st]; a != b {
				diffs = append(diffs, ProtocolCountDifference{Programme: codes[pid], Status: st, Stored: a, Computed: b})
			}
		}
	}
	return len(order), diffs, nil
}

// RecountProtocolCounts rebuilds the counters from the protocols, with
// the protocols' writers held off meanwhile, and returns how many
// counters it changed.
func (s *Store) RecountProtocolCounts(ctx context.Context) (fixed int, err error) {
	defer wrap(&err, "store.RecountProtocolCounts()")
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE protocols IN SHARE MODE`); err != nil {
			return err
		}
		_, diffs, err := checkProtocolCounts(ctx, tx)
		if err != nil || len(diffs) == 0 {
			return err
		}
		fixed = len(diffs)
		if _, err := tx.Exec(ctx, `DELETE FROM protocol_counts`); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO protocol_counts (programme_id, draft, submitted, rejected, accepted, accepted_remarks) `+
			protocolCountsSQL+` GROUP BY p.programme_id`)
		return err
	})
	return fixed, err
}
