package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func (s *Server) handleTrainingSessions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	f := sessionFilter(r, pages.TrainingSessionsPerPage)
	v := pages.TrainingSessionsView{Programme: p, CanRecord: webctx.User(ctx).Can(domain.PermRecordTraining), Offset: f.Offset,
		List: listState(paths.TrainingSessions(p.ID), paths.TrainingSessionsExport(p.ID), domain.SortSessions, f.ListQuery,
			pages.ParamTraining, idString(f.TrainingID), pages.ParamIncomplete, map[bool]string{true: "1"}[f.Incomplete])}
	if v.Sessions, v.Total, err = s.store.SessionList(ctx, p.ID, f); err != nil {
		return err
	}
	if v.Groups, err = s.store.SessionCounts(ctx, p.ID); err != nil {
		return err
	}
	if v.Trainings, err = s.store.Trainings(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.TrainingSessions(v))
	return nil
}

// sessionFilter is the session list's query (?q=, ?szkolenie=,
// ?niekompletne=, order, page).
func sessionFilter(r *http.Request, limit int) domain.SessionFilter {
	return domain.SessionFilter{ListQuery: listQuery(r, domain.SortSessions, limit), TrainingID: queryID(r, pages.ParamTraining),
		Incomplete: r.URL.Query().Get(pages.ParamIncomplete) != ""}
}

func (s *Server) trainingSessionFromURL(r *http.Request, p *domain.Programme) (*domain.TrainingSession, error) {
	id, err := idParam(r, "sessionID", "Nie ma takiej sesji szkoleniowej w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Session(r.Context(), p.ID, id)
}

// trainingSessionForm reads the session form; days come as up to ten date fields.
func trainingSessionForm(r *http.Request, programmeID int64) (*domain.TrainingSession, *formReader) {
	f := newFormReader(r)
	x := &domain.TrainingSession{ProgrammeID: programmeID, Place: f.str(pages.FieldTrainingSessionPlace), Trainer: f.str(pages.FieldTrainingSessionTrainer)}
	if id := f.optionalID(pages.FieldTrainingSessionTraining, pages.FieldTrainingSessionTraining); id != nil {
		x.TrainingID = *id
	}
	x.GroupNo = f.integer(f.str(pages.FieldTrainingSessionGroupNo), pages.FieldTrainingSessionGroupNo, true)
	x.HoursPerDay = f.decimal(f.str(pages.FieldTrainingSessionHoursPerDay), pages.FieldTrainingSessionHoursPerDay, true)
	f.rows([]string{pages.FieldTrainingSessionDay, pages.FieldTrainingSessionDayLength}, func(_, _ int, v []string) {
		if v[0] == "" { // a half day marked beside no date
			return
		}
		if d := f.date(v[0], pages.FieldTrainingSessionDays, true); !d.IsZero() {
			x.Days = append(x.Days, d)
			if v[1] == pages.DayLengthHalf {
				x.HalfDays = append(x.HalfDays, d)
			}
		}
	})
	x.UnitIDs = f.ids(pages.FieldTrainingSessionUnits, pages.FieldTrainingSessionUnits)
	x.Version = f.version()
	return x, f
}

func (s *Server) renderTrainingSessionForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, x *domain.TrainingSession, errs map[string]string, message string) error {
	ctx := r.Context()
	trainings, err := s.store.Trainings(ctx, p.ID)
	if err != nil {
		return err
	}
	parts, err := s.store.Participations(ctx, p.ID)
	if err != nil {
		return err
	}
	v := pages.TrainingSessionFormView{Programme: p, Session: x, Trainings: trainings, Participations: parts, Form: formState(r, errs), Message: message}
	if x != nil && (r.Method == http.MethodGet || message != "") {
		v.Form.Values = pages.TrainingSessionValues(x)
	}
	if x == nil {
		v.Token = v.Form.Get(pages.FieldFormToken)
		if v.Token == "" {
			v.Token = randomString(16)
		}
	}
	s.render(w, r, status, pages.TrainingSessionForm(v))
	return nil
}

func (s *Server) handleTrainingSessionNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderTrainingSessionForm(w, r, http.StatusOK, p, nil, nil, "")
}

func (s *Server) handleTrainingSessionCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	x, f := trainingSessionForm(r, p.ID)
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.CreateSession(r.Context(), s.actor(r), p, x, r.PostForm.Get(pages.FieldFormToken))
		},
		validate: func() error { return x.Validate(p.Start, p.End) },
		invalid: func() error {
			return s.renderTrainingSessionForm(w, r, http.StatusUnprocessableEntity, p, nil, f.errs, "")
		},
		closed: s.closedCheck(r, p, x.Days...),
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano sesję szkoleniową. Dodaj uczestników i zaznacz obecność.")
	redirect(w, r, paths.TrainingSession(p.ID, x.ID))
	return nil
}

func (s *Server) handleTrainingSessionEdit(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	return s.renderTrainingSessionForm(w, r, http.StatusOK, p, x, nil, "")
}

func (s *Server) handleTrainingSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	p, current, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	x, f := trainingSessionForm(r, p.ID)
	x.ID = current.ID
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.UpdateSession(r.Context(), s.actor(r), p, x) },
		validate: func() error { return x.Validate(p.Start, p.End) },
		stale: func(msg string) error {
			fresh, err := s.trainingSessionFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderTrainingSessionForm(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error {
			return s.renderTrainingSessionForm(w, r, http.StatusUnprocessableEntity, p, current, f.errs, "")
		},
		closed: s.closedCheck(r, p, append(append([]time.Time{}, x.Days...), current.Days...)...),
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano zmiany sesji.")
	redirect(w, r, paths.TrainingSession(p.ID, x.ID))
	return nil
}

// trainingSessionPage gathers what the session page shows to the signed-in user:
// names only to those who may see them (unit managers: their units' people).
func (s *Server) trainingSessionPage(r *http.Request, p *domain.Programme, x *domain.TrainingSession) (pages.TrainingSessionView, error) {
	ctx := r.Context()
	u := webctx.User(ctx)
	v := pages.TrainingSessionView{Programme: p, Session: x, CanRecord: u.Can(domain.PermRecordTraining), CanSeeNames: u.Can(domain.PermSeeNames)}
	var err error
	if v.Summary, err = s.store.SessionSummary(ctx, p.ID, x.ID); err != nil {
		return v, err
	}
	if v.Training, err = s.store.Training(ctx, p.ID, x.TrainingID); err != nil {
		return v, err
	}
	people, att, err := s.store.SessionAttendanceOf(ctx, x.ID, v.Summary.Participants)
	if err != nil {
		return v, err
	}
	if v.AttendanceVersion, err = s.store.AttendanceVersion(ctx, x.ID); err != nil {
		return v, err
	}
	v.Attendance = pages.NewMarks(att)
	v.Counts = pages.CountAttendance(people, att, x.Days)
	// Names: roles that see them, and unit managers for their own units'
	// people only; viewers see the counts.
	_, v.OwnUnitsOnly = u.UnitScope()
	v.CanSeeNames = u.Can(domain.PermSeeNames) || v.OwnUnitsOnly
	// Filtered in place: people is not used after this.
	v.People = people[:0]
	for _, person := range people {
		if v.CanSeeNames && u.CanActOnUnit(person.UnitID) {
			v.People = append(v.People, person)
		}
	}
	if v.CanRecord {
		// People to add: those a search found (the session page's query, or
		// the search a posted form carried), never every person of the
		// session's units (thousands in a national programme).
		vals := r.URL.Query()
		if r.Method == http.MethodPost {
			vals = r.PostForm
		}
		if err := s.participantSearch(r, p, x, &v, vals); err != nil {
			return v, err
		}
		if err := s.newPersonUnits(r, p, x, &v, vals.Get(pages.FieldParticipantUnit)); err != nil {
			return v, err
		}
	}
	if u.Can(domain.PermSeeNames) {
		if v.Scans, err = s.store.SessionScans(ctx, x.ID); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) renderTrainingSession(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, x *domain.TrainingSession, errs map[string]string) error {
	v, err := s.trainingSessionPage(r, p, x)
	if err != nil {
		return err
	}
	v.Form = formState(r, errs)
	v.Token = formToken(r)
	s.render(w, r, status, pages.TrainingSession(v))
	return nil
}

// participantSearch fills the session page's search of the people to add
// from vals: people of the session's units (when it has any) not on its
// list yet, each with the token of its add form.
func (s *Server) participantSearch(r *http.Request, p *domain.Programme, x *domain.TrainingSession, v *pages.TrainingSessionView, vals url.Values) error {
	v.Search = personSearchOf(vals)
	if err := s.findPersons(r, p, &v.Search, domain.PersonSearch{ExcludeSession: x.ID}, x.UnitIDs); err != nil {
		return err
	}
	v.AddTokens = map[int64]string{}
	for _, person := range v.Search.Found {
		v.AddTokens[person.ID] = randomString(16)
	}
	return nil
}

// newPersonUnitsShown is how many units the new person's unit list shows
// when the session has no units of its own.
const newPersonUnitsShown = 50

// newPersonUnits are the units a new participant may be put in: the
// session's, or the programme's whose name holds the search's unit (the
// first ones by name when nothing was typed); a unit chosen before stays.
func (s *Server) newPersonUnits(r *http.Request, p *domain.Programme, x *domain.TrainingSession, v *pages.TrainingSessionView, chosen string) error {
	ctx := r.Context()
	only := unitsToSearch(webctx.User(ctx), x.UnitIDs)
	text := v.Search.Unit
	if len(x.UnitIDs) > 0 {
		text = ""
	}
	var err error
	if v.Units.Units, v.Units.More, err = s.store.FindUnits(ctx, p.ID, text, only, newPersonUnitsShown); err != nil {
		return err
	}
	if id, err := strconv.ParseInt(chosen, 10, 64); err == nil && id > 0 && !v.Units.Has(id) {
		unit, _, err := s.store.FindUnits(ctx, p.ID, "", []int64{id}, 1)
		if err != nil {
			return err
		}
		v.Units.Units = append(unit, v.Units.Units...)
	}
	return nil
}

// handleParticipantSearch answers the session page's search of people to
// add as the user types (htmx): the results alone, and the address of the
// session page that shows them. Without htmx it is the session page.
func (s *Server) handleParticipantSearch(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "" {
		return s.renderTrainingSession(w, r, http.StatusOK, p, x, nil)
	}
	v := pages.TrainingSessionView{Programme: p, Session: x, CanRecord: true,
		Form: components.Form{Values: url.Values{pages.FieldParticipantUnit: {r.URL.Query().Get(pages.FieldParticipantUnit)}}}}
	if err := s.participantSearch(r, p, x, &v, r.URL.Query()); err != nil {
		return err
	}
	if err := s.newPersonUnits(r, p, x, &v, r.URL.Query().Get(pages.FieldParticipantUnit)); err != nil {
		return err
	}
	page := paths.TrainingSession(p.ID, x.ID)
	if q := v.Search.Query(); q != "" {
		page += "?" + q
	}
	w.Header().Set("HX-Replace-Url", page)
	s.render(w, r, http.StatusOK, pages.SessionPersonResults(v))
	return nil
}

func (s *Server) handleTrainingSession(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	return s.renderTrainingSession(w, r, http.StatusOK, p, x, nil)
}

// handleAttendance saves the grid: every participant × day, checked = present.
func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	var entries []domain.Attendance
	for _, raw := range r.PostForm[pages.FieldAttendancePerson] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, map[string]string{pages.FieldAttendance: "Lista uczestników w formularzu jest uszkodzona: odśwież stronę."})
		}
		for _, d := range x.Days {
			entries = append(entries, domain.Attendance{PersonID: id, Day: d, Present: r.PostForm.Get(pages.FieldPresent(raw, d)) != ""})
		}
	}
	// A checkbox for a day outside the session is refused, not ignored.
	for k := range r.PostForm {
		if rest, ok := strings.CutPrefix(k, pages.FieldPresentPrefix); ok {
			_, day, _ := strings.Cut(rest, "_")
			d, err := time.Parse("2006-01-02", day)
			if err != nil || !x.HasDay(d) {
				return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, map[string]string{pages.FieldAttendance: "Obecność można zaznaczyć tylko w dniach tej sesji."})
			}
		}
	}
	version, _ := strconv.Atoi(r.PostForm.Get(pages.FieldAttendanceVersion))
	if version <= 0 {
		return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, map[string]string{pages.FieldAttendance: "Formularz obecności jest uszkodzony: odśwież stronę."})
	}
	// Attendance dated into a closed period changes a filed report: asked
	// first, with the marks as the user set them.
	f := newFormReader(r)
	if err := f.askClosed(s.closedCheck(r, p, x.Days...)); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		v, err := s.trainingSessionPage(r, p, x)
		if err != nil {
			return err
		}
		v.Attendance = pages.NewMarks(entries)
		v.Form, v.Token = formState(r, f.errs), formToken(r)
		s.render(w, r, http.StatusUnprocessableEntity, pages.TrainingSession(v))
		return nil
	}
	if err := s.store.SaveAttendance(r.Context(), s.actor(r), x, entries, version); err != nil {
		switch domain.ErrorCode(err) {
		case domain.EINVALID:
			return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, map[string]string{pages.FieldAttendance: domain.ErrorMessage(err)})
		case domain.ECONFLICT:
			// Someone saved the grid first: show the current marks.
			r.PostForm = nil
			return s.renderTrainingSession(w, r, http.StatusConflict, p, x, map[string]string{pages.FieldAttendance: domain.ErrorMessage(err)})
		}
		return err
	}
	s.flash(r, "success", "Zapisano obecność.")
	s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"#obecnosc")
	return nil
}

// handleParticipantAdd puts an existing or a new person on the list.
func (s *Server) handleParticipantAdd(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	person := &domain.Person{ProgrammeID: p.ID}
	if id := f.optionalID(pages.FieldParticipantPerson, pages.FieldParticipantPerson); id != nil {
		person.ID = *id
	} else {
		person.FirstName, person.LastName = f.str(pages.FieldParticipantFirstName), f.str(pages.FieldParticipantLastName)
		person.Position, person.Email = f.str(pages.FieldParticipantPosition), f.str(pages.FieldParticipantEmail)
		person.Sex, person.LegalBasis = domain.Sex(f.str(pages.FieldParticipantSex)), domain.LegalBasis(f.str(pages.FieldParticipantLegalBasis))
		if id := f.optionalID(pages.FieldParticipantUnit, pages.FieldParticipantUnit); id != nil {
			person.UnitID = *id
		}
		person.BasisDate = f.date(f.str(pages.FieldParticipantBasisDate), pages.FieldParticipantBasisDate, true)
		person.RetentionUntil = f.date(f.str(pages.FieldParticipantRetentionUntil), pages.FieldParticipantRetentionUntil, true)
		if len(f.errs) == 0 {
			_ = f.validate(person.Validate(pages.FieldParticipantPrefix))
		}
	}
	if len(f.errs) == 0 {
		if err := f.validate(s.store.AddParticipant(r.Context(), s.actor(r), x, person, r.PostForm.Get(pages.FieldFormToken))); err != nil {
			return err
		}
	}
	if len(f.errs) > 0 {
		return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, f.errs)
	}
	s.flash(r, "success", "Dodano uczestnika do listy.")
	// Back to the same search, to add the next person from it.
	if q := personSearchOf(r.PostForm).Query(); q != "" {
		s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"?"+q+"#dodaj-uczestnika")
		return nil
	}
	s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"#obecnosc")
	return nil
}

func (s *Server) handleParticipantRemove(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	personID, err := idParam(r, "personID", "Tej osoby nie ma na liście sesji.")
	if err != nil {
		return err
	}
	if err := s.store.RemoveParticipant(r.Context(), s.actor(r), x, personID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto uczestnika z listy sesji.")
	s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"#obecnosc")
	return nil
}

func (s *Server) handleTrainingSessionScanUpload(w http.ResponseWriter, r *http.Request) error {
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	fail := func(field, msg string) error {
		return s.renderTrainingSession(w, r, http.StatusUnprocessableEntity, p, x, map[string]string{field: msg})
	}
	day, err := time.Parse("2006-01-02", r.PostForm.Get(pages.FieldScanDay))
	if err != nil || !x.HasDay(day) {
		return fail(pages.FieldScanDay, "Wybierz dzień tej sesji.")
	}
	name, ct, data, msg, err := readScan(r, "skan-"+day.Format("2006-01-02"))
	if err != nil {
		return err
	}
	if msg != "" {
		return fail(pages.FieldFile, msg)
	}
	if _, err := s.store.AddScan(r.Context(), s.actor(r), x, day, name, ct, data); err != nil {
		return err
	}
	s.flash(r, "success", "Dołączono skan listy obecności z dnia "+day.Format("02.01.2006")+".")
	s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"#skany")
	return nil
}

func (s *Server) handleTrainingSessionScanDownload(w http.ResponseWriter, r *http.Request) error {
	_, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego skanu w tej sesji.")
	if err != nil {
		return err
	}
	f, data, err := s.store.SessionScanData(r.Context(), x.ID, fileID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "session_scan", x.ID, "skan listy obecności")
}

// handleAttendancePDF prints the attendance list; ?pusta=1 gives the
// variant with empty rows for walk-ins.
func (s *Server) handleAttendancePDF(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, x, err := recordFromURL(s, r, s.trainingSessionFromURL)
	if err != nil {
		return err
	}
	tr, err := s.store.Training(ctx, p.ID, x.TrainingID)
	if err != nil {
		return err
	}
	l := pdf.AttendanceList{ProgrammeTitle: p.Title, FundingLine: p.FundingLine, TrainingCode: tr.Code, TrainingTopic: tr.Topic,
		GroupNo: x.GroupNo, Days: x.Days, HalfDays: x.HalfDays, HoursPerDay: x.HoursPerDay.String(), Place: x.Place, Trainer: x.Trainer}
	empty := r.URL.Query().Get("pusta") != ""
	if empty {
		l.BlankRows = 20
	} else {
		people, _, err := s.store.SessionAttendance(ctx, x.ID)
		if err != nil {
			return err
		}
		for _, person := range people {
			l.Rows = append(l.Rows, pdf.AttendanceRow{Name: person.FullName(), Unit: person.UnitName, Position: person.Position})
		}
		l.BlankRows = 3
		if err := s.store.RecordExport(ctx, s.actor(r), "training_session", store.FormatID(x.ID), "lista obecności PDF"); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := pdf.WriteAttendanceList(&buf, l); err != nil {
		return err
	}
	name := "lista-obecnosci-" + asciiName(tr.Code, "") + "-grupa-" + strconv.Itoa(x.GroupNo)
	if empty {
		name += "-pusta"
	}
	download(w, "application/pdf", name+".pdf", buf.Bytes())
	return nil
}
