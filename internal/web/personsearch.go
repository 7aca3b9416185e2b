package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

// The people search of the lists people are put on (a session's
// participants, a meeting's attendees): one search, read from a GET query
// or from a posted form, run among the units the user may act on.

// personSearchOf reads the search typed into vals.
func personSearchOf(vals url.Values) pages.PersonSearch {
	return pages.PersonSearch{Name: strings.TrimSpace(vals.Get(pages.FieldPersonSearchName)), Unit: strings.TrimSpace(vals.Get(pages.FieldPersonSearchUnit))}
}

// findPersons fills v with the people q finds in p among only (when not
// empty: a session's units) and the units the user may act on.
func (s *Server) findPersons(r *http.Request, p *domain.Programme, v *pages.PersonSearch, q domain.PersonSearch, only []int64) error {
	q.Name, q.Unit, q.Limit = v.Name, v.Unit, pages.PersonSearchLimit
	q.UnitIDs = unitsToSearch(webctx.User(r.Context()), only)
	if q.Empty() {
		return nil
	}
	v.Searched = true
	var err error
	v.Found, v.More, err = s.store.FindPersons(r.Context(), p.ID, q)
	return err
}

// unitsToSearch are the units a search may look in: only (when not
// empty) within u's unit scope; nil for every unit.
func unitsToSearch(u *domain.User, only []int64) []int64 {
	scope, limited := u.UnitScope()
	switch {
	case !limited:
		if len(only) == 0 {
			return nil
		}
		return only
	case len(only) == 0:
		return append([]int64{}, scope...)
	}
	out := []int64{}
	for _, id := range only {
		if slices.Contains(scope, id) {
			out = append(out, id)
		}
	}
	return out
}
