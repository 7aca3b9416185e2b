package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The good-practice register (rejestr dobrych praktyk) and its printable set.

func (s *Server) handlePractices(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	filter := domain.PracticeFilter{Query: strings.TrimSpace(q.Get(pages.ParamSearch)), Area: domain.Area(q.Get(pages.ParamPracticeArea)), Accepted: q.Get(pages.ParamPracticeAccepted) != ""}
	if len(filter.Query) > 200 {
		filter.Query = filter.Query[:200]
	}
	if !p.Areas.Has(filter.Area) {
		filter.Area = ""
	}
	if id, err := strconv.ParseInt(q.Get(pages.ParamUnit), 10, 64); err == nil && id > 0 {
		filter.UnitID = id
	}
	v := pages.PracticesView{Programme: p, Filter: filter, CanRecord: webctx.User(ctx).Can(domain.PermRecordWork)}
	if v.Practices, err = s.store.GoodPractices(ctx, p.ID, filter); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Practices(v))
	return nil
}

func (s *Server) practiceFromURL(r *http.Request, p *domain.Programme) (*domain.GoodPractice, error) {
	id, err := idParam(r, "practiceID", "Nie ma takiej dobrej praktyki w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.GoodPractice(r.Context(), p.ID, id)
}

func (s *Server) handlePractice(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, g, err := recordFromURL(s, r, s.practiceFromURL)
	if err != nil {
		return err
	}
	meetings, err := s.store.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Practice(pages.PracticeView{Programme: p, Practice: g, Meetings: meetings,
		CanRecord: webctx.User(ctx).Can(domain.PermRecordWork)}))
	return nil
}

func practiceForm(r *http.Request, programmeID int64) (*domain.GoodPractice, *formReader) {
	f := newFormReader(r)
	g := &domain.GoodPractice{ProgrammeID: programmeID, Title: f.str(pages.FieldPracticeTitle), Area: domain.Area(f.str(pages.FieldPracticeArea)),
		Description: f.str(pages.FieldPracticeDescription), Results: f.str(pages.FieldPracticeResults), WhyResults: f.str(pages.FieldPracticeWhyResults),
		WhyInnovative: f.str(pages.FieldPracticeWhyInnovative), WhyDurable: f.str(pages.FieldPracticeWhyDurable),
		WhyTransferable: f.str(pages.FieldPracticeWhyTransferable), Status: domain.PracticeStatus(f.str(pages.FieldPracticeStatus))}
	if id := f.optionalID(pages.FieldPracticeUnit, pages.FieldPracticeUnit); id != nil {
		g.UnitID = *id
	}
	g.MeetingIDs = f.ids(pages.FieldPracticeMeetings, pages.FieldPracticeMeetings)
	g.Version = f.version()
	return g, f
}

func (s *Server) renderPracticeForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, g *domain.GoodPractice, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.PracticeFormView{Programme: p, Form: formState(r, errs), Message: message, Token: formToken(r)}
	var err error
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	if v.Meetings, err = s.store.Meetings(ctx, p.ID); err != nil {
		return err
	}
	if g != nil {
		v.ID = g.ID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.PracticeValues(g)
		}
	} else if r.Method == http.MethodGet {
		v.Form.Values = map[string][]string{pages.FieldPracticeStatus: {string(domain.PracticeProposed)}}
	}
	s.render(w, r, status, pages.PracticeForm(v))
	return nil
}

func (s *Server) handlePracticeNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, http.StatusOK, p, nil, nil, "")
}

func (s *Server) handlePracticeEdit(w http.ResponseWriter, r *http.Request) error {
	p, g, err := recordFromURL(s, r, s.practiceFromURL)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, http.StatusOK, p, g, nil, "")
}

func (s *Server) handlePracticeSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.GoodPractice
	if chi.URLParam(r, "practiceID") != "" {
		if existing, err = s.practiceFromURL(r, p); err != nil {
			return err
		}
	}
	g, f := practiceForm(r, p.ID)
	if existing != nil {
		g.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.SaveGoodPractice(r.Context(), s.actor(r), g, r.PostForm.Get(pages.FieldFormToken))
		},
		validate: func() error { return g.Validate(p.Areas) },
		stale: func(msg string) error {
			fresh, err := s.practiceFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderPracticeForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderPracticeForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano dobrą praktykę „"+g.Title+"”.")
	redirect(w, r, paths.Practice(p.ID, g.ID))
	return nil
}

// handlePracticeSet prints the set of accepted practices with the
// conclusions and recommendations of the meetings (the product of PZ2).
func (s *Server) handlePracticeSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	practices, err := s.store.GoodPractices(ctx, p.ID, domain.PracticeFilter{Accepted: true})
	if err != nil {
		return err
	}
	meetings, err := s.store.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	set := pdf.PracticeSet{ProgrammeTitle: p.Title, FundingLine: p.FundingLine}
	for _, g := range practices {
		area := "" // the PDF names an area only when the practice has one
		if g.Area != "" {
			area = p.Areas.Label(g.Area)
		}
		set.Practices = append(set.Practices, pdf.Practice{Title: g.Title, Unit: g.UnitName, Area: area, Description: g.Description,
			Results: g.Results, Criteria: [4]string{g.WhyResults, g.WhyInnovative, g.WhyDurable, g.WhyTransferable}})
	}
	for _, ms := range meetings {
		m, err := s.store.Meeting(ctx, p.ID, ms.ID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(m.Conclusions) != "" {
			set.Conclusions = append(set.Conclusions, pdf.Conclusion{Meeting: "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + pages.DayList(m.Days) + ")", Text: m.Conclusions})
		}
	}
	var buf bytes.Buffer
	if err := pdf.WritePracticeSet(&buf, set); err != nil {
		return err
	}
	download(w, "application/pdf", "zestaw-dobrych-praktyk.pdf", buf.Bytes())
	return nil
}
