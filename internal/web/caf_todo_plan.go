package web

import "net/http"

// Placeholders of handlers written in another branch; this file is deleted when they land.
func (s *Server) handleCAFPlan(w http.ResponseWriter, r *http.Request) error { return errCAFForbidden }
func (s *Server) handleCAFActionNew(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFActionCreate(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFActionEdit(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFActionUpdate(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFBenchmark(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFConsent(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
func (s *Server) handleCAFBenchmarkAll(w http.ResponseWriter, r *http.Request) error {
	return errCAFForbidden
}
