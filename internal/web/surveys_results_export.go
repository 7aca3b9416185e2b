package web

// A wave's anonymous responses as CSV and XLSX (one row per approved
// response: wave code, channel, date, sheet, then per item its value code
// and label; a multiple choice as one 1/0 column per option plus the
// chosen labels joined; open answers only for those who may read them),
// and its results report as PDF. The response files are audited: open
// answers may name people.

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/report"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
)

// responseColumns are the header and the cells of a response of version v.
func responseColumns(v *domain.QuestionnaireVersion, open bool) (header []string, cells func(*store.ExportedResponse) []string) {
	header = []string{"Badanie", "Kanał", "Data", "Nr arkusza"}
	var items []*domain.SurveyItem
	for i := range v.Items {
		it := &v.Items[i]
		switch it.Kind {
		case domain.ItemOpen:
			if !open {
				continue
			}
			header = append(header, it.Code)
		case domain.ItemMulti:
			for _, o := range it.Options {
				header = append(header, it.Code+"_"+strconv.Itoa(o.Value))
			}
			header = append(header, it.Code+" (etykiety)")
		default:
			header = append(header, it.Code, it.Code+" (etykieta)")
		}
		items = append(items, it)
	}
	return header, func(x *store.ExportedResponse) []string {
		got := map[int64][]domain.SurveyAnswer{}
		for _, a := range x.Answers {
			got[a.ItemID] = append(got[a.ItemID], a)
		}
		row := make([]string, 0, len(header))
		row = append(row, "", x.Channel.Label(), isoDate(x.AnsweredOn), x.Sheet)
		for _, it := range items {
			as := got[it.ID]
			switch it.Kind {
			case domain.ItemOpen:
				text := ""
				if len(as) > 0 {
					text = as[0].Text
				}
				row = append(row, text)
			case domain.ItemMulti:
				var labels []string
				for _, o := range it.Options {
					cell := ""
					if len(as) > 0 {
						cell = "0"
					}
					for _, a := range as {
						if a.Value == o.Value {
							cell = "1"
							labels = append(labels, o.Label)
						}
					}
					row = append(row, cell)
				}
				row = append(row, strings.Join(labels, "; "))
			default:
				if len(as) == 0 {
					row = append(row, "", "")
					continue
				}
				label := ""
				for _, o := range it.Options {
					if o.Value == as[0].Value {
						label = o.Label
					}
				}
				row = append(row, strconv.Itoa(as[0].Value), label)
			}
		}
		return row
	}
}

// handleSurveyResponsesExport writes a wave's responses as CSV or XLSX.
func (s *Server) handleSurveyResponsesExport(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		p, res, err := s.surveyWaveFromURL(r)
		if err != nil {
			return err
		}
		wave := res.Wave
		open := canReadOpenAnswers(webctx.User(ctx), wave.UnitID)
		header, cells := responseColumns(res.Version, open)
		each := func(row func([]string) error) error {
			return s.store.EachSurveyResponse(ctx, wave.ID, func(x *store.ExportedResponse) error {
				c := cells(x)
				c[0] = wave.Code
				return row(c)
			})
		}
		what := "ankiety badania " + wave.Code + " (" + strings.ToUpper(format) + ", " + strconv.Itoa(res.Totals.Responses) + " ankiet"
		if open {
			what += ", z odpowiedziami otwartymi"
		}
		if err := s.store.RecordExport(ctx, s.actor(r), "survey_wave", store.FormatID(wave.ID), what+")"); err != nil {
			return err
		}
		var buf bytes.Buffer
		name := "ankiety-" + p.Code + "-" + wave.Code + "." + format
		if format == "xlsx" {
			if err := report.WriteRowsXLSX(&buf, "Ankiety", header, each); err != nil {
				return err
			}
			download(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Bytes())
			return nil
		}
		if err := report.WriteRowsCSV(&buf, header, each); err != nil {
			return err
		}
		download(w, "text/csv; charset=utf-8", name, buf.Bytes())
		return nil
	}
}

// handleSurveyWaveReport writes a wave's results report as PDF.
func (s *Server) handleSurveyWaveReport(w http.ResponseWriter, r *http.Request) error {
	p, res, err := s.surveyWaveFromURL(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.WriteSurveyResults(&buf, p.Code+" "+p.Title, res); err != nil {
		return err
	}
	download(w, "application/pdf", "wyniki-"+p.Code+"-"+res.Wave.Code+".pdf", buf.Bytes())
	return nil
}
