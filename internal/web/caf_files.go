package web

// CAF evidence files: a member attaches files to their scoring of a
// sub-criterion (a separate upload form beside the score form) while the
// scoring is open. A file is downloaded by its owner and, once the
// consensus opens, by those who see every member's scores
// (CAFRights.SeeAllScores); the group sees submitted scorings only.

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func cafScore(x domain.CAFRights) bool { return x.Score }

// handleCAFScoreFileAdd attaches an evidence file to the member's scoring
// of a sub-criterion: a wrong type or size is 422 beside the file field.
func (s *Server) handleCAFScoreFileAdd(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, cafScore)
	if err != nil {
		return err
	}
	sub, _, _, _, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	name, ct, data, msg, err := readUpload(r, "dowod-"+sub.Code, "Wybierz plik z dowodem.")
	if err != nil {
		return err
	}
	if msg != "" {
		return s.renderCAFScore(w, r, http.StatusUnprocessableEntity, p, a, rights, map[string]string{pages.FieldFile: msg}, "")
	}
	f, err := s.store.AddCAFScoreFile(r.Context(), s.actor(r), a, webctx.User(r.Context()).ID, sub.Code, name, ct, data)
	if domain.ErrorCode(err) == domain.EINVALID {
		return s.renderCAFScore(w, r, http.StatusUnprocessableEntity, p, a, rights, map[string]string{pages.FieldFile: domain.ErrorMessage(err)}, "")
	}
	if err != nil {
		return err
	}
	s.flash(r, "success", "Dołączono plik „"+f.Name+"” do "+sub.Code+".")
	s.redirectFlash(w, r, paths.CAFScore(p.ID, a.ID, sub.Code)+"#dowody")
	return nil
}

// handleCAFScoreFileRemove takes an evidence file off the member's
// scoring of a sub-criterion.
func (s *Server) handleCAFScoreFileRemove(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, cafScore)
	if err != nil {
		return err
	}
	sub, _, _, _, err := cafSubFromURL(r, a)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego pliku z dowodem w tej samoocenie.")
	if err != nil {
		return err
	}
	if err := s.store.RemoveCAFScoreFile(r.Context(), s.actor(r), a, webctx.User(r.Context()).ID, sub.Code, fileID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto plik z dowodem z "+sub.Code+".")
	s.redirectFlash(w, r, paths.CAFScore(p.ID, a.ID, sub.Code)+"#dowody")
	return nil
}

// handleCAFFile downloads an evidence file: its owner, or after the
// consensus opened those who see all scores (a submitted member's file).
func (s *Server) handleCAFFile(w http.ResponseWriter, r *http.Request) error {
	_, a, rights, err := s.cafFromURL(r)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego pliku z dowodem w tej samoocenie.")
	if err != nil {
		return err
	}
	f, owner, sub, err := s.store.CAFScoreFile(r.Context(), a.ID, fileID)
	if err != nil {
		return err
	}
	own := rights.Member && owner == webctx.User(r.Context()).ID
	m := a.Member(owner)
	if !own && !(rights.SeeAllScores && m != nil && m.SubmittedAt != nil) {
		return errCAFForbidden
	}
	f, data, err := s.store.FileData(r.Context(), "caf_assessment", a.ID, f.ID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "caf_assessment", a.ID, "dowód oceny podkryterium "+sub+" (samoocena CAF)")
}
