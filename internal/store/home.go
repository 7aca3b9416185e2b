package store

// The start page's reads: what needs attention in several programmes at
// once, a statement per kind of thing for all of them (never one per
// programme).

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/indicator"
)

// withLead scans a row whose first column is the programme's id into
// programmeID before the columns the wrapped scanner expects.
type withLead struct {
	pgx.Row
	programmeID *int64
}

func (w withLead) Scan(dest ...any) error {
	return w.Row.Scan(append([]any{w.programmeID}, dest...)...)
}

// IncompleteSessionsOf is IncompleteSessions for several programmes: up to
// limit sessions of each whose evidence is not complete, the latest
// recorded first, and how many each has (training_sessions.evidence_complete);
// with limit 0 only how many.
func (s *Store) IncompleteSessionsOf(ctx context.Context, programmeIDs []int64, limit int) (_ map[int64][]domain.SessionSummary, _ map[int64]int, err error) {
	defer wrap(&err, "store.IncompleteSessionsOf(%v, %d)", programmeIDs, limit)
	totals, err := countBy[int64](ctx, s.Pool, `SELECT programme_id, count(*) FROM training_sessions
		WHERE programme_id = ANY($1) AND NOT evidence_complete GROUP BY programme_id`, programmeIDs)
	if err != nil || len(totals) == 0 || limit == 0 {
		return nil, totals, err
	}
	rows, err := s.Pool.Query(ctx, `SELECT pid, x.* FROM unnest($1::bigint[]) pid,
		LATERAL (`+summarySQL+` WHERE s.programme_id = pid AND NOT s.evidence_complete ORDER BY s.id DESC LIMIT $2) x`, planned, keys(totals), limit)
	if err != nil {
		return nil, nil, err
	}
	lists := map[int64][]domain.SessionSummary{}
	var pid int64
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		x, err := scanSummary(withLead{r, &pid})
		lists[pid] = append(lists[pid], x)
		return struct{}{}, err
	})
	return lists, totals, err
}

// IncompleteMeetingsOf lists up to limit meetings of each programme whose
// evidence is not complete (meetings.evidence_complete), in the order of
// the programme's meeting list (Meetings), and how many each has; with
// limit 0 only how many.
func (s *Store) IncompleteMeetingsOf(ctx context.Context, programmeIDs []int64, limit int) (_ map[int64][]domain.MeetingSummary, _ map[int64]int, err error) {
	defer wrap(&err, "store.IncompleteMeetingsOf(%v, %d)", programmeIDs, limit)
	totals, err := countBy[int64](ctx, s.Pool, `SELECT programme_id, count(*) FROM meetings
		WHERE programme_id = ANY($1) AND NOT evidence_complete GROUP BY programme_id`, programmeIDs)
	if err != nil || len(totals) == 0 || limit == 0 {
		return nil, totals, err
	}
	rows, err := s.Pool.Query(ctx, `SELECT pid, `+meetingColumns+` FROM unnest($1::bigint[]) pid,
		LATERAL (SELECT m.*, t.code AS task_code FROM meetings m JOIN tasks t ON t.id = m.task_id WHERE m.programme_id = pid AND NOT m.evidence_complete
		`+orderBy(domain.ListQuery{Sort: domain.SortTask}, domain.SortMeetings, meetingSorts, "m.number, m.id")+` LIMIT $2) m
		ORDER BY pid, m.task_code, m.number, m.id`, planned, keys(totals), limit)
	if err != nil {
		return nil, nil, err
	}
	lists := map[int64][]domain.MeetingSummary{}
	var pid int64
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		m, err := scanMeetingSummary(withLead{r, &pid})
		lists[pid] = append(lists[pid], m)
		return struct{}{}, err
	})
	return lists, totals, err
}

// planned has a statement planned for its arguments each time (an unnamed
// statement) instead of a cached generic plan: the start page's statements
// read 1 to 50 programmes, and a generic plan fitted to none of them ran the
// protocol counts 4× slower than a plan for the programmes at hand (25 ms
// against 6 ms for five programmes of the national data, planning 0.9 ms).
const planned = pgx.QueryExecModeExec

// ProtocolCountsOf counts the current protocol versions (those no later
// accepted version replaced) of several programmes by status: for all
// units from the counters kept by the database (protocol_counts), for
// some units (a unit manager's) counted from their protocols by the same
// rule recompute checks the counters with (protocolCountsSQL).
func (s *Store) ProtocolCountsOf(ctx context.Context, programmeIDs, unitIDs []int64) (_ map[int64]map[domain.ProtocolStatus]int, err error) {
	defer wrap(&err, "store.ProtocolCountsOf(%v)", programmeIDs)
	if unitIDs == nil {
		return storedProtocolCounts(ctx, s.Pool, programmeIDs)
	}
	return readProtocolCounts(ctx, s.Pool, protocolCountsSQL+` AND p.programme_id = ANY($1) AND p.unit_id = ANY($2) GROUP BY p.programme_id`,
		planned, programmeIDs, unitIDs)
}

// ProtocolListQuery is one list of a programme's current protocol versions
// on the start page: of the given statuses, the newest first, at most Limit.
type ProtocolListQuery struct {
	ProgrammeID int64
	Statuses    []domain.ProtocolStatus
	Limit       int
}

// ProtocolLists reads the lists qs asks for, in the given units (nil: all),
// in one statement: each list in Protocols' order (its default sort). The
// protocols are brief (scanProtocolBrief): what a list shows, without the
// texts and the sealed content (read from TOAST, they were a third of the
// statement's time).
func (s *Store) ProtocolLists(ctx context.Context, qs []ProtocolListQuery, unitIDs []int64) (_ [][]*domain.Protocol, err error) {
	defer wrap(&err, "store.ProtocolLists(%d)", len(qs))
	out := make([][]*domain.Protocol, len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	pids, statuses, limits := make([]int64, len(qs)), make([]string, len(qs)), make([]int64, len(qs))
	for i, q := range qs {
		pids[i], limits[i] = q.ProgrammeID, int64(q.Limit)
		for j, st := range q.Statuses {
			if j > 0 {
				statuses[i] += ","
			}
			statuses[i] += string(st)
		}
	}
	// Each status's newest read in the order of protocols_latest_idx, then
	// merged (the accepted list has two statuses).
	order := orderBy(domain.ListQuery{}, domain.SortProtocols, protocolSorts, "p.id DESC")
	rows, err := s.Pool.Query(ctx, `SELECT l.n - 1, x.* FROM unnest($1::bigint[], $2::text[], $3::int[]) WITH ORDINALITY AS l(pid, statuses, lim, n),
		LATERAL (SELECT `+protocolBriefColumns+` FROM protocols p WHERE p.id IN (
			SELECT y.id FROM unnest(string_to_array(l.statuses, ',')) st,
			LATERAL (SELECT p.id, `+protocolDateSQL+` AS k FROM protocols p WHERE p.programme_id = l.pid AND p.status = st
				AND ($4::bigint[] IS NULL OR p.unit_id = ANY($4)) AND `+supersededNot+order+` LIMIT l.lim) y
			ORDER BY y.k DESC NULLS LAST, y.id DESC LIMIT l.lim)`+order+`) x
		ORDER BY l.n`, planned, pids, statuses, limits, unitIDs)
	if err != nil {
		return nil, err
	}
	var i int64
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		p, err := scanProtocolBrief(withLead{r, &i})
		if err == nil {
			out[i] = append(out[i], p)
		}
		return struct{}{}, err
	})
	return out, err
}

// protocolBriefColumns are what scanProtocolBrief reads.
const protocolBriefColumns = `p.id, p.programme_id, p.task_id, p.task_code, p.task_name, p.unit_id, p.unit_name, p.series_id, p.version_no,
	p.protocol_date, p.status, COALESCE(p.signer_name, ''), p.signed_at, p.submitted_at, p.created_at`

// scanProtocolBrief reads a protocol for a list: its number, unit, task,
// date, status and signer, and the instants that order lists.
func scanProtocolBrief(r pgx.Row) (*domain.Protocol, error) {
	var p domain.Protocol
	var status string
	var signedAt, submittedAt *time.Time
	if err := r.Scan(&p.ID, &p.ProgrammeID, &p.TaskID, &p.TaskCode, &p.TaskName, &p.UnitID, &p.UnitName, &p.SeriesID, &p.VersionNo,
		&p.Date, &status, &p.SignerName, &signedAt, &submittedAt, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.Status, p.SignedAt, p.SubmittedAt = domain.ProtocolStatus(status), dateOf(signedAt), dateOf(submittedAt)
	return &p, nil
}

// PaperNoticesOf is PaperNotices for several programmes.
func (s *Store) PaperNoticesOf(ctx context.Context, programmeIDs, unitIDs []int64) (_ map[int64][]domain.PaperNotice, err error) {
	defer wrap(&err, "store.PaperNoticesOf(%v)", programmeIDs)
	rows, err := s.Pool.Query(ctx, paperNoticesSQL+`
		WHERE r.state = 'pending' AND p.programme_id = ANY($1) AND ($2::bigint[] IS NULL OR p.unit_id = ANY($2)) ORDER BY r.recorded_at, r.id`, programmeIDs, unitIDs)
	if err != nil {
		return nil, err
	}
	out := map[int64][]domain.PaperNotice{}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		n, err := scanPaperNotice(r)
		out[n.ProgrammeID] = append(out[n.ProgrammeID], n)
		return struct{}{}, err
	})
	return out, err
}

// ProgrammePeriodsOf returns the reporting periods of the given programmes
// (each with its dates: calendar quarters unless it has its own periods).
func (s *Store) ProgrammePeriodsOf(ctx context.Context, progs []domain.ProgrammeSummary) (_ map[int64]domain.Periods, err error) {
	defer wrap(&err, "store.ProgrammePeriodsOf(%d)", len(progs))
	ids := make([]int64, len(progs))
	for i, p := range progs {
		ids[i] = p.ID
	}
	rows, err := s.Pool.Query(ctx, `SELECT programme_id, code, starts_on, ends_on FROM reporting_periods WHERE programme_id = ANY($1)
		ORDER BY programme_id, starts_on`, ids)
	if err != nil {
		return nil, err
	}
	custom := map[int64][]domain.Period{}
	var pid int64
	p := domain.Period{Custom: true}
	if _, err := pgx.ForEachRow(rows, []any{&pid, &p.Code, &p.Start, &p.End}, func() error {
		custom[pid] = append(custom[pid], p)
		return nil
	}); err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Periods, len(progs))
	for _, pr := range progs {
		out[pr.ID] = domain.ProgrammePeriods(pr.Start, pr.End, custom[pr.ID])
	}
	return out, nil
}

// IndicatorsOf returns the indicators of the given programmes, each
// programme's in their order.
func (s *Store) IndicatorsOf(ctx context.Context, programmeIDs []int64) (_ map[int64][]*domain.Indicator, err error) {
	defer wrap(&err, "store.IndicatorsOf(%v)", programmeIDs)
	list, err := indicator.Load(ctx, s.Pool, `programme_id = ANY($1)`, programmeIDs)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*domain.Indicator{}
	for _, in := range list {
		out[in.ProgrammeID] = append(out[in.ProgrammeID], in)
	}
	return out, nil
}

// IndicatorSeriesOf is IndicatorSeries (the whole programme) for several
// programmes at once: each indicator's values by period, from the
// aggregates; indicators' ids are unique across programmes.
func (s *Store) IndicatorSeriesOf(ctx context.Context, programmeIDs []int64) (_ map[int64]map[string]domain.PeriodValue, err error) {
	defer wrap(&err, "store.IndicatorSeriesOf(%v)", programmeIDs)
	return indicatorSeries(ctx, s.Pool, `SELECT v.indicator_id, v.period, v.value::text, v.women, v.men, v.flagged, v.records, v.facts
		FROM indicator_period_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.programme_id = ANY($1)`, programmeIDs)
}

// keys returns m's keys.
func keys[V any](m map[int64]V) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
