package web

import (
	"bytes"
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/report"
	"kaizen/internal/store"
)

// buildReport makes a period's report: the frozen values of a closed
// period, otherwise the live read model; with the corrections of closed
// periods recorded since.
func (s *Server) buildReport(r *http.Request) (*domain.Programme, *report.Report, error) {
	ctx := r.Context()
	p, periods, period, idx, err := s.programmePeriod(r, r.URL.Query().Get("period"), s.latestPeriod)
	if err != nil {
		return nil, nil, err
	}
	rep := &report.Report{ProgrammeCode: p.Code, ProgrammeTitle: p.Title, Period: period, GeneratedAt: s.now()}
	inds, err := s.store.Indicators(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	values, err := s.store.IndicatorSeries(ctx, p.ID, 0)
	if err != nil {
		return nil, nil, err
	}
	closings, err := s.store.Closings(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	var earlier []*domain.Closing // closed before this period: their corrections
	for _, c := range closings {
		if !c.Open() {
			continue
		}
		if c.Period == period.Code {
			rep.Rows = c.Snapshot.Rows
			rep.Closed = c
		} else if _, ci, ok := periods.Find(c.Period); ok && ci < idx {
			earlier = append(earlier, c)
		}
	}
	if rep.Closed == nil {
		for _, in := range inds {
			rep.Rows = append(rep.Rows, domain.ReportRowFor(in, domain.SeriesFor(in, periods, values[in.ID]), idx))
		}
	}
	rep.Corrections = domain.Corrections(earlier, inds, values)
	return p, rep, nil
}

// handleReport serves a period's indicator report as CSV, XLSX or PDF.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" && format != "pdf" {
		return domain.Errorf(domain.ENOTFOUND, "Nieznany format sprawozdania %q: wybierz csv, xlsx albo pdf.", format)
	}
	p, rep, err := s.buildReport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	var ct string
	switch format {
	case "csv":
		err, ct = report.WriteCSV(&buf, rep), "text/csv; charset=utf-8"
	case "xlsx":
		err, ct = report.WriteXLSX(&buf, rep), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "pdf":
		err, ct = pdf.WriteReport(&buf, rep), "application/pdf"
	}
	if err != nil {
		return err
	}
	download(w, ct, "sprawozdanie-"+p.Code+"-"+rep.Period.Code+"."+format, buf.Bytes())
	return nil
}

// handlePersonsExport is the participant list of a period for the funder's
// monitoring system, optionally pseudonymised; the export is audited.
func (s *Server) handlePersonsExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, _, period, _, err := s.programmePeriod(r, r.URL.Query().Get("period"), s.latestPeriod)
	if err != nil {
		return err
	}
	pseudo := r.URL.Query().Get("pseudonimy") != ""
	people, err := s.store.TrainedPersons(ctx, p.ID, period.Start, period.End)
	if err != nil {
		return err
	}
	key := ""
	if pseudo {
		if key, err = s.store.PseudonymKey(ctx, p.ID); err != nil {
			return err
		}
	}
	list := make([]report.Person, len(people))
	for i, t := range people {
		list[i] = report.Person{ID: t.ID, FirstName: t.FirstName, LastName: t.LastName, Sex: t.Sex, Unit: t.UnitName, UnitTERYT: t.UnitTERYT,
			Position: t.Position, Email: t.Email, First: t.First}
		if pseudo {
			list[i].Pseudonym = report.Pseudonym(key, t.ID)
		}
	}
	what := "lista uczestników okresu " + period.Code + " (" + domain.Count(len(list), domain.NounPerson) + ")"
	if pseudo {
		what += ", pseudonimizowana"
	}
	if err := s.store.RecordExport(ctx, s.actor(r), "programme", store.FormatID(p.ID), what); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WritePersonsCSV(&buf, period.Code, list, pseudo); err != nil {
		return err
	}
	name := "uczestnicy-" + p.Code + "-" + period.Code
	if pseudo {
		name += "-pseudonimy"
	}
	download(w, "text/csv; charset=utf-8", name+".csv", buf.Bytes())
	return nil
}
