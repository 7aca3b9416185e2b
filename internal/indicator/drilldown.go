package indicator

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pg"
)

// Facts lists the counted things behind an indicator, by date, a page at a
// time with their total, each named in words and, for implementations and
// units, with the protocols behind it; names of persons are left to the
// caller (who may see them).
func Facts(ctx context.Context, q pg.Querier, in *domain.Indicator, f domain.FactFilter) ([]domain.FactRow, int, error) {
	r, ok := rules[in.Rule]
	if !ok {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM indicator_facts WHERE indicator_id = $1 AND ($2 OR period = ANY($3)) AND ($4 OR unit_id = ANY($5))`,
		in.ID, f.Periods == nil, pg.Texts(f.Periods), f.UnitIDs == nil, pg.IDs(f.UnitIDs)).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT f.subject, f.ref_kind, f.ref_id, f.unit_id, f.evidence_on, f.period, f.value::text, f.women, f.men, f.flagged, f.records,
		COALESCE(u.name, ''), COALESCE(`+r.label()+`, '')
		FROM indicator_facts f LEFT JOIN units u ON u.id = f.unit_id
		WHERE f.indicator_id = $1 AND ($2 OR f.period = ANY($3)) AND ($4 OR f.unit_id = ANY($5))
		ORDER BY f.evidence_on, f.subject LIMIT $6 OFFSET $7`, in.ID, f.Periods == nil, pg.Texts(f.Periods), f.UnitIDs == nil, pg.IDs(f.UnitIDs), limit, f.Offset)
	if err != nil {
		return nil, 0, err
	}
	var list []domain.FactRow
	var row domain.FactRow
	var value string
	if _, err = pgx.ForEachRow(rows, []any{&row.Subject, &row.RefKind, &row.RefID, &row.UnitID, &row.On, &row.Period, &value, &row.Women, &row.Men,
		&row.Flagged, &row.Records, &row.UnitName, &row.Label}, func() error {
		fr := row
		list = append(list, fr)
		return list[len(list)-1].Value.ScanSQL(value)
	}); err != nil {
		return nil, 0, err
	}
	switch {
	case in.Rule == domain.RuleAcceptedProducts:
		err = productProtocolsBehind(ctx, q, in, list)
	case in.Rule == domain.RuleAcceptedProtocols || in.Rule == domain.RuleUnitsWithProtocol:
		err = protocolsBehind(ctx, q, in, list)
	}
	return list, total, err
}

// protocolsBehind names the protocols behind implementations and units, and
// each implementation by its task: one query for the page's units, matched
// to each fact by task (implementations) or by the indicator's area or
// tasks (units).
func protocolsBehind(ctx context.Context, q pg.Querier, in *domain.Indicator, list []domain.FactRow) error {
	if len(list) == 0 {
		return nil
	}
	units := make([]int64, len(list))
	for i, fr := range list {
		units[i] = fr.UnitID
	}
	type ref struct {
		unit, task int64
		taskName   string
		domain.ProtocolRef
	}
	var refs []ref
	err := pg.Each(ctx, q, `SELECT p.unit_id, p.task_id, t.code || ' ' || t.name, p.id, p.series_id || '/' || p.version_no
		FROM protocols p JOIN tasks t ON t.id = p.task_id
		WHERE p.programme_id = $1 AND p.unit_id = ANY($2) AND `+EffectiveAcceptance+` AND (t.area = $3 OR p.task_id = ANY($4) OR $5)
		ORDER BY p.id`, []any{in.ProgrammeID, units, string(in.Params.Area), pg.IDs(in.Params.TaskIDs), in.Rule == domain.RuleAcceptedProtocols || in.Params.Area == ""},
		func(r pgx.CollectableRow) error {
			var x ref
			if err := r.Scan(&x.unit, &x.task, &x.taskName, &x.ID, &x.Number); err != nil {
				return err
			}
			refs = append(refs, x)
			return nil
		})
	if err != nil {
		return err
	}
	for i := range list {
		fr := &list[i]
		task, impl := domain.ImplTask(fr.Subject)
		for _, x := range refs {
			if x.unit == fr.UnitID && (!impl || x.task == task) {
				fr.Protocols = append(fr.Protocols, x.ProtocolRef)
				if impl {
					fr.Label = x.taskName
				}
			}
		}
	}
	return nil
}

// productProtocolsBehind names the protocols that still count behind each
// accepted product of the page (every one that handed it over).
func productProtocolsBehind(ctx context.Context, q pg.Querier, in *domain.Indicator, list []domain.FactRow) error {
	var ups []int64
	for _, fr := range list {
		if up, ok := domain.ProductOf(fr.Subject); ok {
			ups = append(ups, up)
		}
	}
	if len(ups) == 0 {
		return nil
	}
	behind := map[int64][]domain.ProtocolRef{}
	err := pg.Each(ctx, q, `SELECT i.unit_product_id, p.id, p.series_id || '/' || p.version_no
		FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE p.programme_id = $1 AND i.unit_product_id = ANY($2) AND `+EffectiveAcceptance+`
		ORDER BY p.id`, []any{in.ProgrammeID, ups}, func(r pgx.CollectableRow) error {
		var up int64
		var x domain.ProtocolRef
		if err := r.Scan(&up, &x.ID, &x.Number); err != nil {
			return err
		}
		behind[up] = append(behind[up], x)
		return nil
	})
	for i := range list {
		if up, ok := domain.ProductOf(list[i].Subject); ok {
			list[i].Protocols = behind[up]
		}
	}
	return err
}
