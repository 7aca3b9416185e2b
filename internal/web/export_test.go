package web

import "time"

// SetSurveyClock makes the public survey form go by now (tests of the
// minimum fill time and the rate limit).
func (s *Server) SetSurveyClock(now func() time.Time) { s.survey.clock.Store(&now) }

// SetSurveyLimit sets the public form's rate limit: burst answers at once
// from one address, then one per every.
func (s *Server) SetSurveyLimit(burst int, every time.Duration) {
	s.survey.init()
	s.survey.mu.Lock()
	defer s.survey.mu.Unlock()
	s.survey.burst, s.survey.every = burst, every
}
