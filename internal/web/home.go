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
	progs, err := s.store.Programmes(r.Context())
	if err != nil {
		return err
	}
	for _, p := range progs {
		if p.ArchivedAt != nil {
			continue
		}
		hp := pages.HomeProgramme{Summary: p}
		// Each role is shown what it can complete.
		if u.Can(domain.PermRecordTraining) {
			sessions, err := s.store.TrainingSessions(r.Context(), p.ID)
			if err != nil {
				return err
			}
			for _, x := range sessions {
				if !x.Complete() {
					hp.IncompleteSessions = append(hp.IncompleteSessions, x)
				}
			}
		}
		if u.Can(domain.PermRecordWork) {
			meetings, err := s.store.Meetings(r.Context(), p.ID)
			if err != nil {
				return err
			}
			for _, m := range meetings {
				if !m.Complete() {
					hp.IncompleteMeetings = append(hp.IncompleteMeetings, m)
				}
			}
		}
		v.Programmes = append(v.Programmes, hp)
	}
	s.render(w, r, http.StatusOK, pages.Home(v))
	return nil
}
