package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The unit manager signs the submitted CAF consensus with their password
// typed again (the protocols' mechanism: confirmPassword with its
// throttle, and a fresh second factor for a user who has one), or sends it
// back with remarks; a signed consensus is corrected by a new version.

func canSign(r domain.CAFRights) bool { return r.Sign }

// handleCAFSignPage shows the manager the whole consensus.
func (s *Server) handleCAFSignPage(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, canSign)
	if err != nil {
		return err
	}
	return s.renderCAFSign(w, r, http.StatusOK, p, a, components.Form{}, components.Form{})
}

func (s *Server) renderCAFSign(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	sign, ret components.Form) error {
	c, err := s.store.CAFConsensus(r.Context(), a.ID, false)
	if err != nil {
		return err
	}
	v := pages.CAFSignView{Programme: p, A: a, C: c, Sign: sign, Return: ret}
	if v.Confirm, err = s.factorConfirm(r, webctx.User(r.Context())); err != nil {
		return err
	}
	s.render(w, r, status, pages.CAFSignPage(v))
	return nil
}

// handleCAFSign signs the submitted consensus.
func (s *Server) handleCAFSign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, a, _, err := s.cafRequire(r, canSign)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	status := http.StatusUnprocessableEntity
	if r.PostForm.Get(pages.FieldDecisionPassword) == "" {
		f.errs.Add(pages.FieldDecisionPassword, "Wpisz swoje hasło, aby podpisać konsensus.")
	} else {
		ok, err := s.confirmPassword(w, r, r.PostForm.Get(pages.FieldDecisionPassword))
		if passwordsBusy(w, err) {
			// The form comes back as typed, the message beside the password.
			f.errs.Add(pages.FieldDecisionPassword, msgPasswordsBusy)
			status, ok, err = http.StatusServiceUnavailable, true, nil
		}
		if err != nil {
			return err
		}
		if !ok {
			f.errs.Add(pages.FieldDecisionPassword, "Hasło jest nieprawidłowe. Konsensus nie został podpisany.")
		}
	}
	if len(f.errs) == 0 {
		// A fresh second factor as well, for a user who has one (mfa_account.go).
		if msg, err := s.confirmSecondFactor(w, r); err != nil {
			return err
		} else if msg != "" {
			f.errs.Add(pages.FieldSecondFactorCode, msg)
		}
	}
	if len(f.errs) == 0 {
		if _, err := s.store.SignCAFConsensus(ctx, s.actor(r), a, webctx.User(ctx)); err != nil {
			errs := invalidAs(err, domain.FieldCAFScore)
			if errs == nil {
				return err
			}
			f.errs = errs
		}
	}
	if len(f.errs) > 0 {
		form := formState(r, f.errs)
		form.Values = nil // the password is never sent back
		return s.renderCAFSign(w, r, status, p, a, form, components.Form{})
	}
	c, err := s.store.CAFConsensus(ctx, a.ID, true)
	if err != nil {
		return err
	}
	s.flash(r, "success", "Podpisano konsensus. Skrót SHA-256 podpisanej treści: "+c.Digest+".")
	redirect(w, r, paths.CAFReport(p.ID, a.ID))
	return nil
}

// handleCAFReturn sends the submitted consensus back to the group.
func (s *Server) handleCAFReturn(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, canSign)
	if err != nil {
		return err
	}
	if err := s.store.ReturnCAFConsensus(r.Context(), s.actor(r), a, r.PostForm.Get(domain.FieldCAFRemarks)); err != nil {
		errs := invalidAs(err, domain.FieldCAFRemarks)
		if errs == nil {
			return err
		}
		return s.renderCAFSign(w, r, http.StatusUnprocessableEntity, p, a, components.Form{}, formState(r, errs))
	}
	s.flash(r, "success", "Zwrócono konsensus zespołowi z uwagami.")
	redirect(w, r, paths.CAFAssessment(p.ID, a.ID))
	return nil
}

// handleCAFCorrect starts a correction of the signed consensus: a new
// version with its reason.
func (s *Server) handleCAFCorrect(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, func(r domain.CAFRights) bool { return r.Correct })
	if err != nil {
		return err
	}
	if err := s.store.CorrectCAFConsensus(r.Context(), s.actor(r), a, r.PostForm.Get(domain.FieldCAFReason)); err != nil {
		errs := invalidAs(err, "") // a refusal without a field (not signed yet) heads the summary
		if errs == nil {
			return err
		}
		return s.renderCAFReport(w, r, http.StatusUnprocessableEntity, p, a, rights, formState(r, errs))
	}
	s.flash(r, "success", "Rozpoczęto korektę: nowa wersja konsensusu czeka na uzgodnienie i ponowny podpis.")
	redirect(w, r, paths.CAFConsensus(p.ID, a.ID))
	return nil
}

// handleCAFVersion is one consensus version, read-only, with the history:
// a signed version for those who read results, a version in work for
// those who see the work.
func (s *Server) handleCAFVersion(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafFromURL(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "versionID", "Nie ma takiej wersji konsensusu.")
	if err != nil {
		return err
	}
	c, err := s.store.CAFConsensusByID(r.Context(), a.ID, id)
	if err != nil {
		return err
	}
	if (c.Status == domain.ConsensusSigned && !rights.ReadResults) || (c.Status != domain.ConsensusSigned && !rights.SeeWork) {
		return errCAFForbidden
	}
	versions, err := s.store.CAFConsensusVersions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.CAFVersionPage(pages.CAFVersionView{Programme: p, A: a, C: c, Versions: cafVisibleVersions(versions, rights)}))
	return nil
}

// cafVisibleVersions are the versions the rights show.
func cafVisibleVersions(list []*domain.CAFConsensus, rights domain.CAFRights) []*domain.CAFConsensus {
	var out []*domain.CAFConsensus
	for _, c := range list {
		if (c.Status == domain.ConsensusSigned && rights.ReadResults) || (c.Status != domain.ConsensusSigned && rights.SeeWork) {
			out = append(out, c)
		}
	}
	return out
}
