package store

// The evidence_complete flags of training sessions (migration 00007) and
// meetings (migration 00019) are kept by triggers; `kaizen recompute
// --check` compares them with the evidence, and `kaizen recompute`
// recomputes the ones that differ.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// FlagDifference is a record whose stored evidence_complete flag disagrees
// with its evidence.
type FlagDifference struct {
	Programme string // the programme's code
	Kind      domain.RefKind
	ID        int64
	Stored    bool // the flag; the evidence says the opposite
}

// CheckEvidenceFlags recomputes whether each training session's and each
// meeting's evidence is complete, by the domain's rules
// (domain.SessionSummary.Complete's in SQL, domain.MeetingEvidenceComplete
// in Go: not by the triggers' functions), and lists the records whose stored flag differs;
// records is how many it checked. It changes nothing.
func (s *Store) CheckEvidenceFlags(ctx context.Context) (records int, diffs []FlagDifference, err error) {
	defer wrap(&err, "store.CheckEvidenceFlags()")
	err = pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		records, diffs, err = checkEvidenceFlags(ctx, tx)
		return err
	})
	return records, diffs, err
}

func checkEvidenceFlags(ctx context.Context, tx pgx.Tx) (int, []FlagDifference, error) {
	var records int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM training_sessions`).Scan(&records); err != nil {
		return 0, nil, err
	}
	// Sessions, by domain.SessionSummary.Complete's rule over their days
	// counted in one pass: only the disagreeing ones leave the database.
	rows, err := tx.Query(ctx, `SELECT p.code, s.id, s.evidence_complete FROM training_sessions s JOIN programmes p ON p.id = s.programme_id
		LEFT JOIN (SELECT d.session_id, count(*) AS days, count(*) FILTER (WHERE d.attendance_entered_at IS NOT NULL) AS listed,
			count(*) FILTER (WHERE EXISTS (SELECT 1 FROM session_scans c WHERE c.session_id = d.session_id AND c.day = d.day)) AS scanned
			FROM session_days d GROUP BY d.session_id) x ON x.session_id = s.id
		WHERE s.evidence_complete <> (COALESCE(x.days, 0) > 0 AND x.listed = x.days AND x.scanned = x.days) ORDER BY p.code, s.id`)
	if err != nil {
		return 0, nil, err
	}
	d := FlagDifference{Kind: domain.RefSession}
	var diffs []FlagDifference
	if _, err := pgx.ForEachRow(rows, []any{&d.Programme, &d.ID, &d.Stored}, func() error {
		diffs = append(diffs, d)
		return nil
	}); err != nil {
		return 0, nil, err
	}
	// Meetings: the notes are read by the domain's rule.
	rows, err = tx.Query(ctx, `SELECT p.code, m.id, m.evidence_complete, m.notes,
		COALESCE((SELECT array_agg(day ORDER BY day) FROM meeting_days d WHERE d.meeting_id = m.id), '{}'),
		(SELECT count(*) FROM meeting_scans c WHERE c.meeting_id = m.id)
		FROM meetings m JOIN programmes p ON p.id = m.programme_id ORDER BY p.code, m.id`)
	if err != nil {
		return 0, nil, err
	}
	d = FlagDifference{Kind: domain.RefMeeting}
	var notes string
	var mdays []time.Time
	var scans int
	_, err = pgx.ForEachRow(rows, []any{&d.Programme, &d.ID, &d.Stored, &notes, &mdays, &scans}, func() error {
		records++
		if domain.MeetingEvidenceComplete(scans, notes, mdays) != d.Stored {
			diffs = append(diffs, d)
		}
		return nil
	})
	return records, diffs, err
}

// RecomputeEvidenceFlags recomputes the flags CheckEvidenceFlags finds
// different (by the triggers' functions, in one transaction) and returns
// how many it found.
func (s *Store) RecomputeEvidenceFlags(ctx context.Context) (fixed int, err error) {
	defer wrap(&err, "store.RecomputeEvidenceFlags()")
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		_, diffs, err := checkEvidenceFlags(ctx, tx)
		if err != nil {
			return err
		}
		fixed = len(diffs)
		var sessions, meetings []int64
		for _, d := range diffs {
			if d.Kind == domain.RefSession {
				sessions = append(sessions, d.ID)
			} else {
				meetings = append(meetings, d.ID)
			}
		}
		if _, err := tx.Exec(ctx, `SELECT session_evidence_refresh($1), meeting_evidence_refresh($2)`, sessions, meetings); err != nil {
			return err
		}
		return nil
	})
	return fixed, err
}
