package web

import (
	"net/http"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handlePersons lists a programme's participants: names to those who may
// see them (unit managers: their units' people), counts to everyone.
func (s *Server) handlePersons(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	f := personFilter(r, u, pages.PersonsPerPage)
	v := pages.PersonsView{Programme: p, CanRecord: u.Can(domain.PermRecordTraining), Offset: f.Offset, Query: f.Search,
		List: listState(paths.Persons(p.ID), paths.PersonsExport(p.ID), domain.SortPersons, f.ListQuery, pages.ParamUnit, idString(f.UnitID))}
	_, v.OwnUnitsOnly = u.UnitScope()
	v.CanSeeNames = canSeeNames(u)
	counts, err := s.store.PersonCounts(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range counts {
		v.Counts = append(v.Counts, &pages.UnitCount{Unit: c.UnitName, Women: c.Women, Men: c.Men})
		v.Total += c.Women + c.Men
	}
	if v.CanSeeNames {
		if v.Persons, v.Matching, err = s.store.SearchPersons(ctx, p.ID, f); err != nil {
			return err
		}
		parts, err := s.store.Participations(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, pa := range parts {
			if u.CanActOnUnit(pa.Unit.ID) {
				v.Participations = append(v.Participations, pa)
			}
		}
	}
	s.render(w, r, http.StatusOK, pages.Persons(v))
	return nil
}

// canSeeNames reports whether the user sees participants' names: the roles
// that may, and unit managers (their own units' people only).
func canSeeNames(u *domain.User) bool {
	_, ownUnitsOnly := u.UnitScope()
	return u.Can(domain.PermSeeNames) || ownUnitsOnly
}

// personFilter is the participant list's query (?q=, ?jednostka=, order,
// page) within the units the user may see.
func personFilter(r *http.Request, u *domain.User, limit int) domain.PersonFilter {
	return domain.PersonFilter{ListQuery: listQuery(r, domain.SortPersons, limit), UnitIDs: ownUnits(u), UnitID: queryID(r, pages.ParamUnit)}
}

// idString is a filter's id as its query parameter holds it ("" for 0).
func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (s *Server) personFromURL(r *http.Request, p *domain.Programme) (*domain.Person, error) {
	id, err := idParam(r, "personID", "Nie ma takiej osoby w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Person(r.Context(), p.ID, id)
}

func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, person *domain.Person, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.PersonFormView{Programme: p, Person: person, Form: formState(r, errs), Message: message}
	var err error
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	if v.Others, err = s.store.MergeCandidates(ctx, person); err != nil {
		return err
	}
	if v.Sessions, v.Meetings, err = s.store.PersonRecordCount(ctx, person.ID); err != nil {
		return err
	}
	if r.Method == http.MethodGet || message != "" {
		v.Form.Values = pages.PersonValues(person)
	}
	s.render(w, r, status, pages.PersonForm(v))
	return nil
}

func (s *Server) handlePersonEdit(w http.ResponseWriter, r *http.Request) error {
	p, person, err := recordFromURL(s, r, s.personFromURL)
	if err != nil {
		return err
	}
	return s.renderPersonForm(w, r, http.StatusOK, p, person, nil, "")
}

func (s *Server) handlePersonUpdate(w http.ResponseWriter, r *http.Request) error {
	p, current, err := recordFromURL(s, r, s.personFromURL)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	person := &domain.Person{ID: current.ID, ProgrammeID: p.ID, FirstName: f.str(pages.FieldPersonFirstName), LastName: f.str(pages.FieldPersonLastName),
		Position: f.str(pages.FieldPersonPosition), Email: f.str(pages.FieldPersonEmail), Sex: domain.Sex(f.str(pages.FieldPersonSex)),
		LegalBasis: domain.LegalBasis(f.str(pages.FieldPersonLegalBasis))}
	if id := f.optionalID(pages.FieldPersonUnit, pages.FieldPersonUnit); id != nil {
		person.UnitID = *id
	}
	person.BasisDate = f.date(f.str(pages.FieldPersonBasisDate), pages.FieldPersonBasisDate, true)
	person.RetentionUntil = f.date(f.str(pages.FieldPersonRetentionUntil), pages.FieldPersonRetentionUntil, true)
	person.Version = f.version()
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.UpdatePerson(r.Context(), s.actor(r), person) },
		validate: func() error { return person.Validate("") },
		stale: func(msg string) error {
			fresh, err := s.personFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderPersonForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error { return s.renderPersonForm(w, r, http.StatusUnprocessableEntity, p, current, f.errs, "") },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano dane uczestnika.")
	redirect(w, r, paths.Persons(p.ID))
	return nil
}

func (s *Server) handlePersonMerge(w http.ResponseWriter, r *http.Request) error {
	p, source, err := recordFromURL(s, r, s.personFromURL)
	if err != nil {
		return err
	}
	into, err := strconv.ParseInt(r.PostForm.Get(pages.FieldPersonMergeInto), 10, 64)
	if err != nil || into <= 0 {
		return s.renderPersonForm(w, r, http.StatusUnprocessableEntity, p, source, map[string]string{pages.FieldPersonMergeInto: "Wybierz osobę, z którą połączyć ten zapis."}, "")
	}
	if err := s.store.MergePersons(r.Context(), s.actor(r), p.ID, source.ID, into); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			return s.renderPersonForm(w, r, http.StatusUnprocessableEntity, p, source, domain.FieldErrors(err), "")
		}
		return err
	}
	s.flash(r, "success", "Połączono zapisy: obecności i udział w spotkaniach przeniesiono, powtórzony zapis usunięto.")
	redirect(w, r, paths.Persons(p.ID))
	return nil
}
