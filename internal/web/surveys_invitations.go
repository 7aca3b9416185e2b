package web

// Surveys (issue 16), personal invitations: a wave's list of addresses,
// each e-mailed its own single-use link, and reminders to those who have
// not answered (store/surveys_invitations.go). Administrators and
// coordinators (PermRunSurveys, routes.go); the programme's scope is
// programmeFromURL's.

import (
	"net/http"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// invitationsView reads the programme and wave of the address, with the
// wave's invitation counts.
func (s *Server) invitationsView(r *http.Request) (pages.SurveyInvitationsView, error) {
	var v pages.SurveyInvitationsView
	p, err := s.programmeFromURL(r)
	if err != nil {
		return v, err
	}
	id, err := idParam(r, "waveID", "Nie ma takiego badania w tym programie.")
	if err != nil {
		return v, err
	}
	w, err := s.store.Wave(r.Context(), p.ID, id)
	if err != nil {
		return v, err
	}
	c, err := s.store.InvitationCounts(r.Context(), w.ID)
	if err != nil {
		return v, err
	}
	return pages.SurveyInvitationsView{Programme: p, Wave: w, Counts: c, Today: s.today()}, nil
}

func (s *Server) handleSurveyInvitations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.invitationsView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.SurveyInvitations(v))
	return nil
}

func (s *Server) handleSurveyInvite(w http.ResponseWriter, r *http.Request) error {
	v, err := s.invitationsView(r)
	if err != nil {
		return err
	}
	emails := domain.SplitEmails(r.PostForm.Get(pages.FieldInvitationEmails))
	tokens, err := s.store.CreateInvitations(r.Context(), s.actor(r), v.Wave.ID, emails)
	if err != nil {
		errs := domain.Validation{}
		if !mergeErrors(errs, err) {
			return err
		}
		v.Form = formState(r, errs)
		s.render(w, r, http.StatusUnprocessableEntity, pages.SurveyInvitations(v))
		return nil
	}
	s.flash(r, "success", "Zaproszenia czekają w kolejce do wysłania: "+strconv.Itoa(len(tokens))+". Wiadomości wyjdą w ciągu kilku minut.")
	s.redirectFlash(w, r, paths.SurveyInvitations(v.Programme.ID, v.Wave.ID)+"#zapros")
	return nil
}

func (s *Server) handleSurveyRemindConfirm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.invitationsView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.SurveyRemindConfirm(v))
	return nil
}

func (s *Server) handleSurveyRemind(w http.ResponseWriter, r *http.Request) error {
	v, err := s.invitationsView(r)
	if err != nil {
		return err
	}
	sent, err := s.store.RemindWave(r.Context(), s.actor(r), v.Wave.ID)
	if err != nil {
		return err
	}
	if sent == 0 {
		s.flash(r, "success", "Nie wysłano przypomnień: teraz nie ma do kogo – wszyscy odpowiedzieli albo niedawno dostali przypomnienie.")
	} else {
		s.flash(r, "success", "Przypomnienia czekają w kolejce do wysłania: "+strconv.Itoa(sent)+". Każde ma nowy link.")
	}
	s.redirectFlash(w, r, paths.SurveyInvitations(v.Programme.ID, v.Wave.ID)+"#przypomnienie")
	return nil
}
