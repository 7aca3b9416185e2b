package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/web/pages"
)

// handleClosePeriodConfirm is the first step of closing a period from the
// periods page: it states what the closing will freeze (the period, its
// indicator values, later evidence becoming corrections) and asks again.
// Nothing is saved; the confirmation's form posts to handleClosePeriod.
func (s *Server) handleClosePeriodConfirm(w http.ResponseWriter, r *http.Request) error {
	p, periods, period, idx, err := s.programmePeriod(r, chi.URLParam(r, "period"), noDefault)
	if err != nil {
		return err
	}
	if err := domain.CheckClosable(period, s.today()); err != nil {
		return err
	}
	closings, err := s.store.Closings(r.Context(), p.ID)
	if err != nil {
		return err
	}
	for _, c := range closings {
		if c.Open() && c.Period == period.Code {
			return domain.Errorf(domain.ECONFLICT, "Okres %s jest już zamknięty.", period.Code)
		}
	}
	rows, err := s.indicatorBoard(r, p, 0, idx, periods)
	if err != nil {
		return err
	}
	requestNo := strings.TrimSpace(r.PostForm.Get(pages.FieldCloseRequestNo))
	if len([]rune(requestNo)) > 100 {
		requestNo = string([]rune(requestNo)[:100])
	}
	s.render(w, r, http.StatusOK, pages.PeriodClosePage(pages.PeriodCloseView{Programme: p, Period: period, Rows: rows, RequestNo: requestNo}))
	return nil
}
