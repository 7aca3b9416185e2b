package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

// handleHome is the start page: what needs attention in each active
// programme the user sees. Each kind of thing is read for all those
// programmes in one statement (an administrator sees every programme).
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), webctx.User(r.Context())
	v := pages.HomeView{User: u, Demo: s.cfg.Demo}
	a11y, err := s.a11yHome(r)
	if err != nil {
		return err
	}
	v.A11y = a11y
	if ids, limited := u.UnitScope(); limited {
		units, err := s.store.UnitsByID(ctx, ids)
		if err != nil {
			return err
		}
		v.Units = units
	}
	progs, err := s.programmes(r)
	if err != nil {
		return err
	}
	var active []domain.ProgrammeSummary
	var ids []int64
	for _, p := range progs {
		if p.ArchivedAt == nil {
			active, ids = append(active, p), append(ids, p.ID)
		}
	}
	if len(active) > 0 {
		for _, p := range active {
			v.Programmes = append(v.Programmes, pages.HomeProgramme{Summary: p, Status: p.Status(s.today())})
		}
		// Many programmes: counts only, in one table.
		v.Overview = len(active) > pages.HomeDetailMax
		v.Columns = pages.HomeColumns{Sessions: u.Can(domain.PermRecordTraining), Meetings: u.Can(domain.PermRecordWork),
			Protocols: u.Can(domain.PermSignProtocol) || u.Can(domain.PermPrepareProtocol), Preparer: u.Can(domain.PermPrepareProtocol),
			Indicators: u.Role == domain.RoleAdmin || u.Role == domain.RoleCoordinator || u.Role == domain.RoleViewer}
		// Each role is shown what it can complete.
		limit := pages.HomeListLimit
		if v.Overview {
			limit = 0
		}
		if err := s.homeEvidence(r, u, ids, limit, v.Programmes); err != nil {
			return err
		}
		if err := s.homeProtocols(r, u, ids, !v.Overview, v.Programmes); err != nil {
			return err
		}
		if v.Columns.Indicators {
			if err := s.homeIndicators(r, active, v.Programmes); err != nil {
				return err
			}
		}
	}
	s.render(w, r, http.StatusOK, pages.Home(v))
	return nil
}

// homeEvidence fills the incomplete training sessions and meetings of the
// programmes ids (hps in the same order), for those who record them: both
// are found through the evidence_complete flags the database keeps. With
// limit 0 only how many.
func (s *Server) homeEvidence(r *http.Request, u *domain.User, ids []int64, limit int, hps []pages.HomeProgramme) error {
	ctx := r.Context()
	if u.Can(domain.PermRecordTraining) {
		lists, totals, err := s.store.IncompleteSessionsOf(ctx, ids, limit)
		if err != nil {
			return err
		}
		for i := range hps {
			hp := &hps[i]
			hp.IncompleteSessions, hp.IncompleteSessionsTotal = lists[hp.Summary.ID], totals[hp.Summary.ID]
		}
	}
	if u.Can(domain.PermRecordWork) {
		lists, totals, err := s.store.IncompleteMeetingsOf(ctx, ids, limit)
		if err != nil {
			return err
		}
		for i := range hps {
			hp := &hps[i]
			hp.IncompleteMeetings, hp.IncompleteMeetingsTotal = lists[hp.Summary.ID], totals[hp.Summary.ID]
		}
	}
	return nil
}

// homeProtocols fills what a role does with protocols: a unit manager sees
// those waiting for their decision; those who prepare protocols see the
// waiting, rejected (to rework), drafts and the latest accepted. Without
// lists only how many.
func (s *Server) homeProtocols(r *http.Request, u *domain.User, ids []int64, lists bool, hps []pages.HomeProgramme) error {
	signer, preparer := u.Can(domain.PermSignProtocol), u.Can(domain.PermPrepareProtocol)
	if !signer && !preparer {
		return nil
	}
	ctx, units := r.Context(), ownUnits(u)
	counts, err := s.store.ProtocolCountsOf(ctx, ids, units)
	if err != nil {
		return err
	}
	// Paper decisions waiting for a second person: the unit's manager is
	// told (and may object), the project office confirms.
	var notices map[int64][]domain.PaperNotice
	if signer || u.Can(domain.PermRecordPaper) {
		if notices, err = s.store.PaperNoticesOf(ctx, ids, units); err != nil {
			return err
		}
	}
	var qs []store.ProtocolListQuery
	var into []*[]*domain.Protocol
	for i := range hps {
		hp := &hps[i]
		c := counts[hp.Summary.ID]
		hp.ShowProtocols, hp.Signer = true, signer && !preparer
		hp.WaitingTotal = c[domain.ProtocolSubmitted]
		if signer || u.Can(domain.PermRecordPaper) {
			hp.UserID, hp.PaperNotices = u.ID, notices[hp.Summary.ID]
		}
		type list struct {
			into     *[]*domain.Protocol
			total    int
			statuses []domain.ProtocolStatus
			limit    int
		}
		wanted := []list{{&hp.Waiting, hp.WaitingTotal, []domain.ProtocolStatus{domain.ProtocolSubmitted}, pages.HomeListLimit}}
		if preparer {
			hp.RejectedTotal, hp.DraftsTotal = c[domain.ProtocolRejected], c[domain.ProtocolDraft]
			wanted = append(wanted, list{&hp.Rejected, hp.RejectedTotal, []domain.ProtocolStatus{domain.ProtocolRejected}, pages.HomeListLimit},
				list{&hp.Drafts, hp.DraftsTotal, []domain.ProtocolStatus{domain.ProtocolDraft}, pages.HomeListLimit},
				list{&hp.Accepted, c[domain.ProtocolAccepted] + c[domain.ProtocolAcceptedRemarks],
					[]domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks}, 5})
		}
		for _, l := range wanted {
			if lists && l.total > 0 {
				qs = append(qs, store.ProtocolListQuery{ProgrammeID: hp.Summary.ID, Statuses: l.statuses, Limit: l.limit})
				into = append(into, l.into)
			}
		}
	}
	found, err := s.store.ProtocolLists(ctx, qs, units)
	if err != nil {
		return err
	}
	for i, list := range found {
		*into[i] = list
	}
	return nil
}

// homeIndicators lists, for the project office, the indicators that are
// at risk or behind their pace today (from the read model's sums).
func (s *Server) homeIndicators(r *http.Request, progs []domain.ProgrammeSummary, hps []pages.HomeProgramme) error {
	ctx := r.Context()
	ids := make([]int64, len(progs))
	for i, p := range progs {
		ids[i] = p.ID
	}
	periods, err := s.store.ProgrammePeriodsOf(ctx, progs)
	if err != nil {
		return err
	}
	inds, err := s.store.IndicatorsOf(ctx, ids)
	if err != nil {
		return err
	}
	values, err := s.store.IndicatorSeriesOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range hps {
		hp := &hps[i]
		// The board needs only the programme's id and dates: the summary has them.
		p := &domain.Programme{ID: hp.Summary.ID, Start: hp.Summary.Start, End: hp.Summary.End}
		_, cur := periods[p.ID].Current(s.today())
		rows := s.boardRows(p, cur, periods[p.ID], inds[p.ID], values)
		hp.ShowIndicators = len(rows) > 0
		for _, row := range rows {
			if row.Progress.Pace == domain.PaceBehind || row.Progress.Pace == domain.PaceAtRisk {
				hp.Lagging = append(hp.Lagging, row)
			}
		}
	}
	return nil
}
