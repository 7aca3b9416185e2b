package web

// A programme's team (zespół programu): administrators and the
// programme's coordinators add and remove its coordinators and experts.
// Who sees a programme is domain.User.ProgrammeScope.

import (
	"net/http"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// teamProgramme is the programme of a team address, refused (403) to a
// user who sees it but may not manage its team.
func (s *Server) teamProgramme(r *http.Request) (*domain.Programme, error) {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, err
	}
	if !webctx.User(r.Context()).CanManageTeam(p.ID) {
		return nil, s.forbidden(r)
	}
	return p, nil
}

func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) error {
	p, err := s.teamProgramme(r)
	if err != nil {
		return err
	}
	return s.renderTeam(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderTeam(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, errs map[string]string) error {
	ctx := r.Context()
	v := pages.TeamView{Programme: p, Form: formState(r, errs)}
	var err error
	if v.Members, err = s.store.ProgrammeMembers(ctx, p.ID); err != nil {
		return err
	}
	if v.Candidates, err = s.store.TeamCandidates(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, status, pages.Team(v))
	return nil
}

func (s *Server) handleTeamAdd(w http.ResponseWriter, r *http.Request) error {
	p, err := s.teamProgramme(r)
	if err != nil {
		return err
	}
	errs := domain.Validation{}
	id, perr := strconv.ParseInt(r.PostForm.Get(pages.FieldTeamMember), 10, 64)
	if perr != nil || id <= 0 {
		errs.Add(pages.FieldTeamMember, "Wybierz osobę z listy.")
		return s.renderTeam(w, r, http.StatusUnprocessableEntity, p, errs)
	}
	if err := s.store.AddProgrammeMember(r.Context(), s.actor(r), p.ID, id); err != nil {
		if !mergeErrors(errs, err) {
			return err
		}
		return s.renderTeam(w, r, http.StatusUnprocessableEntity, p, errs)
	}
	s.flash(r, "success", "Dodano osobę do zespołu programu.")
	redirect(w, r, paths.ProgrammeTeam(p.ID))
	return nil
}

func (s *Server) handleTeamRemove(w http.ResponseWriter, r *http.Request) error {
	p, err := s.teamProgramme(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "userID", "Ta osoba nie jest członkiem zespołu programu.")
	if err != nil {
		return err
	}
	if err := s.store.RemoveProgrammeMember(r.Context(), s.actor(r), p.ID, id); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto osobę z zespołu programu.")
	if id == webctx.User(r.Context()).ID && !webctx.User(r.Context()).Can(domain.PermManageUsers) {
		// A coordinator who left the team no longer sees the programme.
		redirect(w, r, paths.Programmes())
		return nil
	}
	redirect(w, r, paths.ProgrammeTeam(p.ID))
	return nil
}
