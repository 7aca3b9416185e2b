package web

import (
	"context"
	"net/url"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/pages"
)

// unitPicker is the "search and choose" of units for the form field name
// (components.Picker): the units chosen (ids as the form holds them) with
// their names, and one page of the units matching the search in vals (the
// form sent, or the page's query). current leaves archived units out of
// the results (a unit chosen anew); chosen ones are always shown.
func (s *Server) unitPicker(ctx context.Context, vals url.Values, name string, chosen []int64, p components.Picker, current bool) (components.Picker, error) {
	req := components.ReadPicker(vals, name)
	p.Name, p.Query, p.Offset, p.Size = name, req.Query, req.Offset, pages.PickerPerPage
	if p.QueryLabel == "" {
		p.QueryLabel = "Szukaj jednostki: nazwa lub kod TERYT"
	}
	if len(chosen) > 0 {
		units, err := s.store.UnitsByID(ctx, chosen)
		if err != nil {
			return p, err
		}
		p.Chosen = pages.UnitPickOptions(units)
	}
	units, total, err := s.store.SearchUnits(ctx, domain.UnitFilter{Current: current,
		ListQuery: domain.ListQuery{Search: req.Query, Offset: req.Offset, Limit: pages.PickerPerPage}})
	if err != nil {
		return p, err
	}
	p.Results, p.Total = pages.UnitPickOptions(units), total
	return p, nil
}

// formIDs are the positive ids among vals[name], each once (what a picker
// shows as chosen; the form's reader reports the bad ones).
func formIDs(vals url.Values, name string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, raw := range vals[name] {
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}
