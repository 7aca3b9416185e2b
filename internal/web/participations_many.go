package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// candidateFilter reads the search of the units that could join a
// programme from vals (the page's query, or the adding form's hidden
// fields, so that a form shown again lists the same units).
func candidateFilter(vals url.Values, programmeID int64) domain.UnitFilter {
	f := domain.UnitFilter{NotInProgramme: programmeID, ListQuery: domain.ListQuery{Limit: pages.CandidatesPerPage,
		Search: strings.TrimSpace(vals.Get(pages.ParamCandidateQuery))},
		Voivodeship: strings.ToLower(strings.TrimSpace(vals.Get(pages.ParamCandidateVoivodeship))),
		Kind:        domain.UnitKind(vals.Get(pages.ParamCandidateKind))}
	if q := []rune(f.Search); len(q) > 100 {
		f.Search = string(q[:100])
	}
	if _, ok := domain.VoivodeshipCode(f.Voivodeship); !ok {
		f.Voivodeship = ""
	}
	if !slices.Contains(domain.UnitKinds, f.Kind) {
		f.Kind = ""
	}
	for _, name := range []string{pages.ParamCandidateOffset, pages.FieldManyPage} { // the page button, if any, over the page shown
		if o, err := strconv.Atoi(vals.Get(name)); err == nil && o >= 0 && o < 10_000_000 {
			f.Offset = o
		}
	}
	return f
}

// manyUnitsView lists the candidates of the units page with the adding
// form's state.
func (s *Server) manyUnitsView(r *http.Request, p *domain.Programme, form components.Form) (pages.ManyUnitsView, error) {
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	v := pages.ManyUnitsView{Filter: candidateFilter(vals, p.ID), Form: form}
	var err error
	v.Candidates, v.Total, err = s.store.SearchUnits(r.Context(), v.Filter)
	return v, err
}

// handleParticipationsMany adds the ticked units to the programme, each in
// the ticked areas, in one transaction. "Zaznacz wszystkie widoczne" (and
// "Odznacz wszystkie") show the form again with the choice changed, and
// "Następne"/"Poprzednie" another page of the list, the ticks of every page
// kept (those not shown as hidden fields).
func (s *Server) handleParticipationsMany(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	form := components.Form{Values: url.Values{pages.FieldManyUnits: r.PostForm[pages.FieldManyUnits], pages.FieldManyAreas: r.PostForm[pages.FieldManyAreas]}}
	switch {
	case r.PostForm.Get(pages.FieldManySelectAll) != "":
		units, _, err := s.store.SearchUnits(r.Context(), candidateFilter(r.PostForm, p.ID))
		if err != nil {
			return err
		}
		for _, u := range units { // added to the ticks of other pages
			if id := strconv.FormatInt(u.ID, 10); !slices.Contains(form.Values[pages.FieldManyUnits], id) {
				form.Values[pages.FieldManyUnits] = append(form.Values[pages.FieldManyUnits], id)
			}
		}
		return s.renderParticipationsMany(w, r, http.StatusOK, p, form)
	case r.PostForm.Has(pages.FieldManyPage): // another page of the list, the ticks kept
		return s.renderParticipationsMany(w, r, http.StatusOK, p, form)
	case r.PostForm.Get(pages.FieldManySelectNot) != "":
		form.Values[pages.FieldManyUnits] = nil
		return s.renderParticipationsMany(w, r, http.StatusOK, p, form)
	}
	f := newFormReader(r)
	b := &domain.ParticipationBatch{ProgrammeID: p.ID, UnitIDs: f.ids(pages.FieldManyUnits, "units")}
	for _, a := range r.PostForm[pages.FieldManyAreas] {
		b.Areas = append(b.Areas, domain.Area(a))
	}
	added := 0
	if len(f.errs) == 0 {
		added, err = s.store.AddParticipations(r.Context(), s.actor(r), b)
		if err := f.validate(err); err != nil {
			return err
		}
	} else {
		_ = f.validate(b.Validate(p.Areas))
	}
	if len(f.errs) > 0 {
		form.Errors = map[string]string{}
		for k, msg := range f.errs { // the domain's keys, as the form names them
			switch k {
			case "units":
				form.Errors[pages.FieldManyUnits] = msg
			case "areas":
				form.Errors[pages.FieldManyAreas] = msg
			}
		}
		return s.renderParticipationsMany(w, r, http.StatusUnprocessableEntity, p, form)
	}
	s.flash(r, "success", "Dodano jednostki do programu: "+strconv.Itoa(added)+".")
	redirect(w, r, paths.Participations(p.ID))
	return nil
}
