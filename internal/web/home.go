package web

import (
	"net/http"
	"slices"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	v := pages.HomeView{User: u, Demo: s.cfg.Demo}
	if u.Role == domain.RoleUnitManager {
		units, err := s.store.ListUnits(r.Context())
		if err != nil {
			return err
		}
		for _, un := range units {
			if slices.Contains(u.UnitIDs, un.ID) {
				v.Units = append(v.Units, un)
			}
		}
	}
	s.render(w, r, http.StatusOK, pages.Home(v))
	return nil
}
