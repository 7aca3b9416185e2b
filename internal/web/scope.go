package web

// Programme scope: every address under /programmes/{id} answers "not
// found" to a user who does not see programme id (domain.User.CanSeeProgramme),
// whichever handler serves it; lists of programmes show only those the user
// sees.

import (
	"net/http"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
)

var errProgrammeNotFound = domain.Errorf(domain.ENOTFOUND, "Nie ma takiego programu.")

// programmeInPath is the programme id an address under /programmes/{id}
// names, 0 for any other address.
func programmeInPath(path string) int64 {
	rest, ok := strings.CutPrefix(path, "/programmes/")
	if !ok {
		return 0
	}
	seg, _, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(seg, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// programmeScope refuses, as "not found" (the programme's existence is
// not revealed), a signed-in user's request for an address of a programme
// out of the user's scope. Anonymous requests pass on to the sign-in
// redirect of the route's group.
func (s *Server) programmeScope(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := programmeInPath(r.URL.Path); id != 0 {
			if u := webctx.User(r.Context()); u != nil && !u.CanSeeProgramme(id) {
				s.renderError(w, r, errProgrammeNotFound)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// visibleProgrammes keeps of list the programmes u sees.
func visibleProgrammes(u *domain.User, list []domain.ProgrammeSummary) []domain.ProgrammeSummary {
	if _, limited := u.ProgrammeScope(); !limited {
		return list
	}
	out := make([]domain.ProgrammeSummary, 0, len(list))
	for _, p := range list {
		if u.CanSeeProgramme(p.ID) {
			out = append(out, p)
		}
	}
	return out
}

// programmes is the list of programmes the request's user sees, newest
// first (archived last).
func (s *Server) programmes(r *http.Request) ([]domain.ProgrammeSummary, error) {
	list, err := s.store.Programmes(r.Context())
	if err != nil {
		return nil, err
	}
	return visibleProgrammes(webctx.User(r.Context()), list), nil
}

// registryScope is the programmes whose units the user sees in the unit
// registry and its export: nil (every unit) for those who edit the plan
// (they register units and add them to programmes) or see every
// programme; otherwise the units taking part in the user's programmes.
func registryScope(u *domain.User) []int64 {
	if u.Can(domain.PermEditPlan) {
		return nil
	}
	ids, limited := u.ProgrammeScope()
	if !limited {
		return nil
	}
	return ids
}
