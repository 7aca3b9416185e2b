package web

import "net/http"

// Placeholders of handlers written in another branch; this file is deleted when they land.
func (s *Server) handleCAF(w http.ResponseWriter, r *http.Request) error { return errCAFForbidden }
func (s *Server) handleCAFAssessment(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFScoring(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFScoreForm(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFScoringSubmit(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFScoreSave(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFNew(w http.ResponseWriter, r *http.Request) error { return errCAFForbidden }
func (s *Server) handleCAFCreate(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFEdit(w http.ResponseWriter, r *http.Request) error { return errCAFForbidden }
func (s *Server) handleCAFUpdate(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
