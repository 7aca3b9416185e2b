package web

import "net/http"

// Placeholders of handlers written in another branch; this file is deleted when they land.
func (s *Server) handleCAFConsensusOpen(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFConsensus(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFConsensusSubmit(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFConsensusForm(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFConsensusSave(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFCorrect(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFVersion(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFReport(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFReportPDF(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFSignPage(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFSign(w http.ResponseWriter, r *http.Request) error { return errCAFForbidden }
func (s *Server) handleCAFReturn(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
