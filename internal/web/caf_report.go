package web

import (
	"bytes"
	"net/http"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/web/components"
	"kaizen/web/pages"
)

// The report of a signed CAF consensus: per criterion and sub-criterion
// the agreed points, strengths and areas for improvement, the totals, the
// criteria's chart with its table, the change against the unit's previous
// signed cycle, and the same as PDF.

func readResults(r domain.CAFRights) bool { return r.ReadResults }

// cafReport is the report's data: the latest signed version and the
// previous signed cycle of the unit in the programme (nil when none).
func (s *Server) cafReport(r *http.Request, p *domain.Programme, a *domain.CAFAssessment) (*domain.CAFConsensus, *pages.CAFPrevious, error) {
	ctx := r.Context()
	c, err := s.store.CAFConsensus(ctx, a.ID, true)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.store.CAFAssessments(ctx, p.ID, []int64{a.UnitID})
	if err != nil {
		return nil, nil, err
	}
	var prev *domain.CAFAssessment
	for _, x := range list {
		if x.ID != a.ID && x.Cycle < a.Cycle && !x.SignedOn.IsZero() && (prev == nil || x.Cycle > prev.Cycle) {
			prev = x
		}
	}
	if prev == nil {
		return c, nil, nil
	}
	pc, err := s.store.CAFConsensus(ctx, prev.ID, true)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return c, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	t, ok := domain.TotalsOf(prev.Model(), pc.Scores)
	if !ok {
		return c, nil, nil
	}
	return c, &pages.CAFPrevious{Cycle: prev.Cycle, Totals: t}, nil
}

// handleCAFReport is the report page.
func (s *Server) handleCAFReport(w http.ResponseWriter, r *http.Request) error {
	p, a, rights, err := s.cafRequire(r, readResults)
	if err != nil {
		return err
	}
	return s.renderCAFReport(w, r, http.StatusOK, p, a, rights, components.Form{})
}

func (s *Server) renderCAFReport(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, a *domain.CAFAssessment,
	rights domain.CAFRights, correct components.Form) error {
	c, prev, err := s.cafReport(r, p, a)
	if err != nil {
		return err
	}
	versions, err := s.store.CAFConsensusVersions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.CAFReportPage(pages.CAFReportView{Programme: p, A: a, C: c, Previous: prev,
		Versions: cafVisibleVersions(versions, rights), CanCorrect: rights.Correct, Correct: correct}))
	return nil
}

// handleCAFReportPDF writes the report as PDF.
func (s *Server) handleCAFReportPDF(w http.ResponseWriter, r *http.Request) error {
	p, a, _, err := s.cafRequire(r, readResults)
	if err != nil {
		return err
	}
	c, prev, err := s.cafReport(r, p, a)
	if err != nil {
		return err
	}
	in := pdf.CAFReport{Programme: p.Code + " " + p.Title, A: a, C: c}
	if prev != nil {
		in.PreviousCycle, in.Previous = prev.Cycle, &prev.Totals
	}
	var buf bytes.Buffer
	if err := pdf.WriteCAFReport(&buf, in); err != nil {
		return err
	}
	download(w, "application/pdf", "raport-caf-"+p.Code+"-"+strconv.FormatInt(a.ID, 10)+"-cykl-"+strconv.Itoa(a.Cycle)+".pdf", buf.Bytes())
	return nil
}
