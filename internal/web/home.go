package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	v := pages.HomeView{User: u, Demo: s.cfg.Demo}
	a11y, err := s.a11yHome(r)
	if err != nil {
		return err
	}
	v.A11y = a11y
	if ids, limited := u.UnitScope(); limited {
		units, err := s.store.UnitsByID(r.Context(), ids)
		if err != nil {
			return err
		}
		v.Units = units
	}
	progs, err := s.programmes(r)
	if err != nil {
		return err
	}
	for _, p := range progs {
		if p.ArchivedAt != nil {
			continue
		}
		hp := pages.HomeProgramme{Summary: p, Status: p.Status(s.today())}
		// Each role is shown what it can complete.
		if u.Can(domain.PermRecordTraining) {
			hp.IncompleteSessions, hp.IncompleteSessionsTotal, err = s.store.IncompleteSessions(r.Context(), p.ID, pages.HomeListLimit)
			if err != nil {
				return err
			}
		}
		if u.Can(domain.PermRecordWork) {
			meetings, err := s.store.Meetings(r.Context(), p.ID)
			if err != nil {
				return err
			}
			for _, m := range meetings {
				if !m.Complete() {
					hp.IncompleteMeetingsTotal++
					if len(hp.IncompleteMeetings) < pages.HomeListLimit {
						hp.IncompleteMeetings = append(hp.IncompleteMeetings, m)
					}
				}
			}
		}
		if err := s.homeProtocols(r, u, &hp); err != nil {
			return err
		}
		if u.Role == domain.RoleAdmin || u.Role == domain.RoleCoordinator || u.Role == domain.RoleViewer {
			if err := s.homeIndicators(r, &hp); err != nil {
				return err
			}
		}
		v.Programmes = append(v.Programmes, hp)
	}
	s.render(w, r, http.StatusOK, pages.Home(v))
	return nil
}

// homeProtocols fills what a role does with protocols: a unit manager sees
// those waiting for their decision; those who prepare protocols see the
// waiting, rejected (to rework), drafts and the latest accepted.
func (s *Server) homeProtocols(r *http.Request, u *domain.User, hp *pages.HomeProgramme) error {
	signer, preparer := u.Can(domain.PermSignProtocol), u.Can(domain.PermPrepareProtocol)
	if !signer && !preparer {
		return nil
	}
	hp.ShowProtocols, hp.Signer = true, signer && !preparer
	ctx, units := r.Context(), ownUnits(u)
	counts, err := s.store.ProtocolCounts(ctx, hp.Summary.ID, units)
	if err != nil {
		return err
	}
	hp.WaitingTotal = counts[domain.ProtocolSubmitted]
	// Paper decisions waiting for a second person: the unit's manager is
	// told (and may object), the project office confirms.
	if signer || u.Can(domain.PermRecordPaper) {
		hp.UserID = u.ID
		if hp.PaperNotices, err = s.store.PaperNotices(ctx, hp.Summary.ID, units); err != nil {
			return err
		}
	}
	type list struct {
		into  *[]*domain.Protocol
		total int
		f     domain.ProtocolFilter
	}
	lists := []list{{&hp.Waiting, hp.WaitingTotal, domain.ProtocolFilter{Status: domain.ProtocolSubmitted}}}
	if preparer {
		hp.RejectedTotal, hp.DraftsTotal = counts[domain.ProtocolRejected], counts[domain.ProtocolDraft]
		lists = append(lists, list{&hp.Rejected, hp.RejectedTotal, domain.ProtocolFilter{Status: domain.ProtocolRejected}},
			list{&hp.Drafts, hp.DraftsTotal, domain.ProtocolFilter{Status: domain.ProtocolDraft}},
			list{&hp.Accepted, counts[domain.ProtocolAccepted] + counts[domain.ProtocolAcceptedRemarks], domain.ProtocolFilter{Accepted: true, ListQuery: domain.ListQuery{Limit: 5}}})
	}
	for _, l := range lists {
		if l.total == 0 {
			continue
		}
		f := l.f
		f.UnitIDs, f.Current = units, true
		if f.Limit == 0 {
			f.Limit = pages.HomeListLimit
		}
		if *l.into, err = s.store.Protocols(ctx, hp.Summary.ID, f); err != nil {
			return err
		}
	}
	return nil
}

// homeIndicators lists, for the project office, the indicators that are
// at risk or behind their pace today.
func (s *Server) homeIndicators(r *http.Request, hp *pages.HomeProgramme) error {
	// The board needs only the programme's id and dates: the summary has them.
	p := &domain.Programme{ID: hp.Summary.ID, Start: hp.Summary.Start, End: hp.Summary.End}
	periods, err := s.store.ProgrammePeriods(r.Context(), p.ID)
	if err != nil {
		return err
	}
	_, cur := periods.Current(s.today())
	rows, err := s.indicatorBoard(r, p, 0, cur, periods)
	if err != nil {
		return err
	}
	hp.ShowIndicators = len(rows) > 0
	for _, row := range rows {
		if row.Progress.Pace == domain.PaceBehind || row.Progress.Pace == domain.PaceAtRisk {
			hp.Lagging = append(hp.Lagging, row)
		}
	}
	return nil
}
