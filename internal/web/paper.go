package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Paper decisions with four eyes: a second person of the project office
// confirms a recorded paper decision; the unit's manager may object and an
// administrator decides the objection. Who may call each route is decided
// in routes.go; that the confirmer is not the recorder, in the store.

// paperView fills what the user may do with the protocol's paper record.
func (s *Server) paperView(r *http.Request, v *pages.ProtocolView, which string, errs map[string]string) {
	u, pr := webctx.User(r.Context()), v.Protocol
	if rec := pr.PendingPaper(); rec != nil {
		v.RecordedByMe = rec.RecordedBy == u.ID
		v.CanConfirm = u.Can(domain.PermRecordPaper) && !v.RecordedByMe && pr.Allowed(domain.ActConfirmPaper) == nil
		v.CanObject = u.Can(domain.PermObjectPaper) && u.CanActOnUnit(pr.UnitID) && pr.Allowed(domain.ActObjectPaper) == nil
		v.CanDecideObjection = u.Can(domain.PermDecideObjection) && pr.Allowed(domain.ActDecideObjection) == nil
	}
	v.Object, v.Objection = components.Form{Values: map[string][]string{}}, components.Form{Values: map[string][]string{}}
	switch which {
	case "object":
		v.Object = formState(r, errs)
	case "objection":
		v.Objection = formState(r, errs)
	}
}

// handlePaperConfirm seals a paper decision another person recorded.
func (s *Server) handlePaperConfirm(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	sealed, err := s.store.ConfirmPaperDecision(r.Context(), s.actor(r), p.ID, pr.ID, newFormReader(r).version())
	if err != nil {
		return err
	}
	s.flash(r, "success", "Potwierdzono decyzję podpisaną na papierze: "+sealed.Status.DecisionLabel()+". Skrót SHA-256 podpisanej treści: "+sealed.Digest+".")
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}

// handlePaperObject records the unit manager's objection, with a reason.
func (s *Server) handlePaperObject(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	u := webctx.User(r.Context())
	if !u.CanActOnUnit(pr.UnitID) {
		return s.forbidden(r)
	}
	f := newFormReader(r)
	reason := f.str(pages.FieldObjectionReason)
	if err := domain.ValidateObjection(reason); err != nil {
		return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "object", domain.FieldErrors(err), "")
	}
	if err := s.store.ObjectPaperDecision(r.Context(), s.actor(r), u, p.ID, pr.ID, f.version(), reason); err != nil {
		return err
	}
	s.flash(r, "success", "Zgłoszono sprzeciw. Decyzja z papieru nie zostanie potwierdzona, dopóki administrator nie rozstrzygnie sprzeciwu.")
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}

// handlePaperObjection is an administrator's decision on an objection.
func (s *Server) handlePaperObjection(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	choice := f.str(pages.FieldObjectionDecision)
	if choice != "uphold" && choice != "dismiss" {
		f.errs.Add(pages.FieldObjectionDecision, "Wybierz: uwzględnić sprzeciw (unieważnić zapis decyzji z papieru) albo go oddalić.")
		return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "objection", f.errs, "")
	}
	err = s.store.DecideObjection(r.Context(), s.actor(r), p.ID, pr.ID, f.version(), choice == "uphold", f.str(pages.FieldObjectionNote))
	if fe := domain.FieldErrors(err); len(fe) > 0 {
		return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "objection", fe, "")
	} else if err != nil {
		return err
	}
	msg := "Oddalono sprzeciw: decyzję z papieru może teraz potwierdzić druga osoba."
	if choice == "uphold" {
		msg = "Uwzględniono sprzeciw: zapis decyzji z papieru unieważniono, protokół znów czeka na decyzję."
	}
	s.flash(r, "success", msg)
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}
