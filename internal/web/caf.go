package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
)

// CAF self-assessment (issue 17): the assessment of a request, and what
// the user may do with it (domain.CAFRightsOf decides; this file only
// applies it). Handlers: caf_cycle.go (hub, assessment, group, scoring),
// caf_consensus.go (consensus, signature, versions, report),
// caf_plan.go and caf_benchmark.go.

// errCAFForbidden is the answer to an action the user's rights on the
// assessment do not allow.
var errCAFForbidden = domain.Errorf(domain.EFORBIDDEN, "Nie masz uprawnień do tej czynności w tej samoocenie.")

// cafFromURL reads the programme and the assessment ({assessmentID}) of
// the request, with the user's rights on it: not found for another
// programme's assessment, forbidden when the user may not even read it.
func (s *Server) cafFromURL(r *http.Request) (*domain.Programme, *domain.CAFAssessment, domain.CAFRights, error) {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, nil, domain.CAFRights{}, err
	}
	id, err := idParam(r, "assessmentID", "Nie ma takiej samooceny CAF w tym programie.")
	if err != nil {
		return nil, nil, domain.CAFRights{}, err
	}
	a, err := s.store.CAFAssessment(r.Context(), p.ID, id)
	if err != nil {
		return nil, nil, domain.CAFRights{}, err
	}
	rights := domain.CAFRightsOf(webctx.User(r.Context()), a)
	if !rights.Read {
		return nil, nil, rights, errCAFForbidden
	}
	return p, a, rights, nil
}

// cafRequire is cafFromURL for an action that needs the right allowed.
func (s *Server) cafRequire(r *http.Request, allowed func(domain.CAFRights) bool) (*domain.Programme, *domain.CAFAssessment, domain.CAFRights, error) {
	p, a, rights, err := s.cafFromURL(r)
	if err != nil {
		return nil, nil, rights, err
	}
	if !allowed(rights) {
		return nil, nil, rights, errCAFForbidden
	}
	return p, a, rights, nil
}
