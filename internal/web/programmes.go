package web

import (
	"net/http"
	"slices"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// programmeFilter is the programme list's query (?q=, ?stan=, order, page).
func programmeFilter(r *http.Request, limit int) domain.ProgrammeFilter {
	f := domain.ProgrammeFilter{ListQuery: listQuery(r, domain.SortProgrammes, limit), State: r.URL.Query().Get(pages.ParamProgrammeState)}
	if f.State != domain.ProgrammeActive && f.State != domain.ProgrammeArchived {
		f.State = ""
	}
	if ids, limited := webctx.User(r.Context()).ProgrammeScope(); limited {
		f.InProgrammes = ids // only the programmes the user may see
	}
	return f
}

func (s *Server) handleProgrammes(w http.ResponseWriter, r *http.Request) error {
	f := programmeFilter(r, pages.ProgrammesPerPage)
	v := pages.ProgrammesView{List: listState(paths.Programmes(), paths.ProgrammesExport(), domain.SortProgrammes, f.ListQuery, pages.ParamProgrammeState, f.State)}
	var err error
	if v.Programmes, v.Total, err = s.store.ProgrammeList(r.Context(), f); err != nil {
		return err
	}
	v.Today = s.today()
	s.render(w, r, http.StatusOK, pages.Programmes(v))
	return nil
}

// handleProgramme is the programme overview: it reads like seed 000, live.
func (s *Server) handleProgramme(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	v := pages.ProgrammeView{Programme: p, Today: s.now(), CanEdit: webctx.User(ctx).Can(domain.PermEditPlan),
		ShowContacts: webctx.User(ctx).Can(domain.PermSeeContacts)}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	v.ShowTeam, v.CanManageTeam = v.ShowContacts, webctx.User(ctx).CanManageTeam(p.ID)
	if v.ShowTeam {
		if v.Team, err = s.store.ProgrammeMembers(ctx, p.ID); err != nil {
			return err
		}
	}
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	if v.Trainings, err = s.store.Trainings(ctx, p.ID); err != nil {
		return err
	}
	if v.Indicators, err = s.store.Indicators(ctx, p.ID); err != nil {
		return err
	}
	if v.Delivered, err = s.store.ConsultationDays(ctx, p.ID); err != nil {
		return err
	}
	if v.Meetings, err = s.store.Meetings(ctx, p.ID); err != nil {
		return err
	}
	if v.Groups, err = s.store.SessionCounts(ctx, p.ID); err != nil {
		return err
	}
	if p.LeaderUnitID != nil {
		leader, err := s.store.Unit(ctx, *p.LeaderUnitID)
		if err != nil {
			return err
		}
		v.Leader = leader.Name
	}
	s.render(w, r, http.StatusOK, pages.Programme(v))
	return nil
}

// programmeForm reads the programme form: facts, goals (one per line),
// phases and components (rows).
func programmeForm(r *http.Request) (*domain.Programme, *formReader) {
	f := newFormReader(r)
	p := &domain.Programme{
		Code:         f.str(pages.FieldProgrammeCode),
		Title:        f.str(pages.FieldProgrammeTitle),
		FundingLine:  f.str(pages.FieldProgrammeFundingLine),
		Contractor:   f.str(pages.FieldProgrammeContractor),
		GeneralGoal:  f.str(pages.FieldProgrammeGeneralGoal),
		LeaderUnitID: f.optionalID(pages.FieldProgrammeLeader, pages.FieldProgrammeLeader),
	}
	p.Start = f.date(f.str(pages.FieldProgrammeStart), pages.FieldProgrammeStart, true)
	p.End = f.date(f.str(pages.FieldProgrammeEnd), pages.FieldProgrammeEnd, true)
	p.Budget = f.decimal(f.str(pages.FieldProgrammeBudget), pages.FieldProgrammeBudget, true)
	for _, line := range strings.Split(r.PostForm.Get(pages.FieldProgrammeSpecificGoals), "\n") {
		if g := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "•-–*")); g != "" {
			p.SpecificGoals = append(p.SpecificGoals, g)
		}
	}
	f.rows([]string{pages.FieldProgrammePhaseName, pages.FieldProgrammePhaseStart, pages.FieldProgrammePhaseEnd}, func(i, _ int, v []string) {
		p.Phases = append(p.Phases, domain.Phase{Name: v[0], Start: f.date(v[1], pages.RowKey(pages.FieldProgrammePhases, i, "start"), true),
			End: f.date(v[2], pages.RowKey(pages.FieldProgrammePhases, i, "end"), true)})
	})
	f.rows([]string{pages.FieldProgrammeAreaCode, pages.FieldProgrammeAreaName}, func(_, _ int, v []string) {
		p.Areas = append(p.Areas, domain.ProgrammeArea{Code: domain.Area(v[0]), Name: v[1]})
	})
	f.rows([]string{pages.FieldProgrammeComponentCode, pages.FieldProgrammeComponentName}, func(_, _ int, v []string) {
		p.Components = append(p.Components, domain.Component{Code: v[0], Name: v[1]})
	})
	return p, f
}

func (s *Server) renderProgrammeForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, errs map[string]string) error {
	v := pages.ProgrammeFormView{Programme: p, Form: formState(r, errs)}
	if r.Method == http.MethodGet && p != nil {
		v.Form.Values = pages.ProgrammeValues(p)
	}
	action := paths.Programmes()
	if p != nil {
		action = paths.Programme(p.ID)
	}
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	chosen := formIDs(v.Form.Values, pages.FieldProgrammeLeader)
	if len(chosen) > 1 {
		chosen = chosen[:1]
	}
	var err error
	if v.LeaderPicker, err = s.unitPicker(r.Context(), vals, pages.FieldProgrammeLeader, chosen, components.Picker{Action: action, None: "— brak —"}, true); err != nil {
		return err
	}
	s.render(w, r, status, pages.ProgrammeForm(v))
	return nil
}

func (s *Server) handleProgrammeNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderProgrammeForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleProgrammeCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	if editRows(r, pages.ProgrammeRowGroups) || components.ReadPicker(r.PostForm, pages.FieldProgrammeLeader).Searching {
		return s.renderProgrammeForm(w, r, http.StatusOK, nil, nil)
	}
	p, f := programmeForm(r)
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.CreateProgramme(r.Context(), s.actor(r), p) },
		validate: p.Validate,
		invalid:  func() error { return s.renderProgrammeForm(w, r, http.StatusUnprocessableEntity, nil, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Utworzono program „"+p.Code+"”.")
	redirect(w, r, paths.Programme(p.ID))
	return nil
}

func (s *Server) handleProgrammeEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderProgrammeForm(w, r, http.StatusOK, p, nil)
}

func (s *Server) handleProgrammeUpdate(w http.ResponseWriter, r *http.Request) error {
	existing, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	if editRows(r, pages.ProgrammeRowGroups) || components.ReadPicker(r.PostForm, pages.FieldProgrammeLeader).Searching {
		return s.renderProgrammeForm(w, r, http.StatusOK, existing, nil)
	}
	p, f := programmeForm(r)
	p.ID = existing.ID
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.UpdateProgramme(r.Context(), s.actor(r), p) },
		validate: p.Validate,
		invalid: func() error {
			// Areas that could not be removed (in use) come back as rows
			// after the kept ones, with the reason (store: saveAreas
			// numbers the removed ones from there).
			removed := domain.RemovedAreas(existing.Areas, p.Areas)
			if slices.ContainsFunc(removed, func(a domain.ProgrammeArea) bool {
				return f.errs[pages.RowKey(pages.FieldProgrammeAreas, len(p.Areas)+slices.Index(removed, a), "code")] != ""
			}) {
				for _, a := range removed {
					r.PostForm[pages.FieldProgrammeAreaCode] = append(r.PostForm[pages.FieldProgrammeAreaCode], string(a.Code))
					r.PostForm[pages.FieldProgrammeAreaName] = append(r.PostForm[pages.FieldProgrammeAreaName], a.Name)
				}
			}
			return s.renderProgrammeForm(w, r, http.StatusUnprocessableEntity, existing, f.errs)
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano zmiany programu.")
	redirect(w, r, paths.Programme(p.ID))
	return nil
}

func (s *Server) handleProgrammeArchive(archived bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.programmeFromURL(r)
		if err != nil {
			return err
		}
		if err := s.store.SetProgrammeArchived(r.Context(), s.actor(r), p.ID, archived); err != nil {
			return err
		}
		if archived {
			s.flash(r, "success", "Program przeniesiono do archiwum. Dane i historia zostają.")
		} else {
			s.flash(r, "success", "Program przywrócono z archiwum.")
		}
		redirect(w, r, paths.Programme(p.ID))
		return nil
	}
}

// handleParticipations is the page of units taking part in a programme.
func (s *Server) handleParticipations(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderParticipations(w, r, http.StatusOK, p, nil)
}

// participationFilter is the programme units' list query (?q=, ?woj=,
// ?rodzaj=, order, page).
func participationFilter(r *http.Request, limit int) domain.ParticipationFilter {
	f := domain.ParticipationFilter{ListQuery: listQuery(r, domain.SortParticipations, limit)}
	f.Voivodeship, f.Kind = unitFilters(r)
	return f
}

func (s *Server) renderParticipations(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, errs map[string]string) error {
	return s.renderParticipationsPage(w, r, status, p, formState(r, errs), components.Form{})
}

// renderParticipationsMany shows the units page with the form adding many
// units in the state many (the single unit's form empty).
func (s *Server) renderParticipationsMany(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, many components.Form) error {
	return s.renderParticipationsPage(w, r, status, p, components.Form{}, many)
}

func (s *Server) renderParticipationsPage(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, one, many components.Form) error {
	ctx := r.Context()
	mv, err := s.manyUnitsView(r, p, many)
	if err != nil {
		return err
	}
	f := participationFilter(r, pages.ParticipationsPerPage)
	parts, total, err := s.store.ParticipationList(ctx, p.ID, f)
	if err != nil {
		return err
	}
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	chosen := formIDs(one.Values, pages.FieldParticipationUnit)
	if len(chosen) > 1 {
		chosen = chosen[:1]
	}
	picker, err := s.unitPicker(ctx, vals, pages.FieldParticipationUnit, chosen, components.Picker{Action: paths.Participations(p.ID)}, true)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.Participations(pages.ParticipationsView{Programme: p, Participations: parts, UnitPicker: picker,
		Form: one, ShowContacts: webctx.User(ctx).Can(domain.PermSeeContacts), Many: mv, Total: total,
		List: listState(paths.Participations(p.ID), paths.ParticipationsExport(p.ID), domain.SortParticipations, f.ListQuery,
			pages.ParamUnitVoivodeship, f.Voivodeship, pages.ParamUnitKind, string(f.Kind))}))
	return nil
}

func (s *Server) handleParticipationSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	if components.ReadPicker(r.PostForm, pages.FieldParticipationUnit).Searching {
		return s.renderParticipations(w, r, http.StatusOK, p, nil) // the units' search: the form again, nothing saved
	}
	f := newFormReader(r)
	pa := &domain.Participation{ProgrammeID: p.ID, Contacts: f.str(pages.FieldParticipationContacts)}
	for _, a := range r.PostForm[pages.FieldParticipationAreas] {
		pa.Areas = append(pa.Areas, domain.Area(a))
	}
	if id := f.optionalID(pages.FieldParticipationUnit, pages.FieldParticipationUnit); id != nil {
		pa.Unit.ID = *id
	}
	if err := f.validate(s.store.SaveParticipation(r.Context(), s.actor(r), pa)); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		return s.renderParticipations(w, r, http.StatusUnprocessableEntity, p, f.errs)
	}
	s.flash(r, "success", "Zapisano udział jednostki w programie.")
	redirect(w, r, paths.Participations(p.ID))
	return nil
}

func (s *Server) handleParticipationDelete(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	unitID, err := idParam(r, "unitID", "Ta jednostka nie uczestniczy w programie.")
	if err != nil {
		return err
	}
	if err := s.store.DeleteParticipation(r.Context(), s.actor(r), p.ID, unitID); err != nil {
		return err
	}
	s.flash(r, "success", "Jednostka nie uczestniczy już w programie.")
	redirect(w, r, paths.Participations(p.ID))
	return nil
}
