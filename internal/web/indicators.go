package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// today is the date in Poland.
func (s *Server) today() time.Time { return domain.TodayIn(s.now()) }

// pickPeriod finds the period with code (def when code is empty); an
// unknown code is a 404 that names the programme's periods.
func pickPeriod(code string, periods domain.Periods, def int) (domain.Period, int, error) {
	if code == "" {
		if def < 0 || def >= len(periods) {
			return domain.Period{}, -1, domain.Errorf(domain.ENOTFOUND, "Program nie ma okresów sprawozdawczych (sprawdź daty programu).")
		}
		return periods[def], def, nil
	}
	if _, err := domain.ParsePeriodCode(code); err != nil {
		return domain.Period{}, -1, domain.Errorf(domain.ENOTFOUND, "%s", domain.ErrorMessage(err))
	}
	p, i, ok := periods.Find(code)
	if !ok {
		first, last := "", ""
		if len(periods) > 0 {
			first, last = periods[0].Code, periods[len(periods)-1].Code
		}
		return domain.Period{}, -1, domain.Errorf(domain.ENOTFOUND, "Okresu %s nie ma w tym programie: jego okresy sprawozdawcze to %s … %s.", code, first, last)
	}
	return p, i, nil
}

// programmePeriod reads the programme of the URL, its periods and the
// period named by code (def picks the default when code is empty).
func (s *Server) programmePeriod(r *http.Request, code string, def func(domain.Periods) int) (*domain.Programme, domain.Periods, domain.Period, int, error) {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, nil, domain.Period{}, -1, err
	}
	periods := p.Periods() // read with the programme
	period, idx, err := pickPeriod(code, periods, def(periods))
	return p, periods, period, idx, err
}

func (s *Server) currentPeriod(ps domain.Periods) int { _, i := ps.Current(s.today()); return i }

func (s *Server) latestPeriod(ps domain.Periods) int { _, i := ps.Latest(s.today()); return i }

func noDefault(domain.Periods) int { return -1 }

// indicatorBoard gathers what the dashboard and the unit view show: every
// indicator with its series (of the programme, or of one unit).
func (s *Server) indicatorBoard(r *http.Request, p *domain.Programme, unitID int64, idx int, periods domain.Periods) ([]pages.IndicatorRow, error) {
	ctx := r.Context()
	inds, err := s.store.Indicators(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	values, err := s.store.IndicatorSeries(ctx, p.ID, unitID)
	if err != nil {
		return nil, err
	}
	return s.boardRows(p, idx, periods, inds, values), nil
}

// boardRows is the board of p's indicators inds with their values by
// period, at period idx.
func (s *Server) boardRows(p *domain.Programme, idx int, periods domain.Periods, inds []*domain.Indicator, values map[int64]map[string]domain.PeriodValue) []pages.IndicatorRow {
	asOf := s.today()
	if idx >= 0 && idx < len(periods) && periods[idx].End.Before(asOf) {
		asOf = periods[idx].End
	}
	// An ended programme reports final values, not a pace.
	ended := p.Status(s.today()) == domain.ProgrammeEnded
	var rows []pages.IndicatorRow
	for _, in := range inds {
		series := domain.SeriesFor(in, periods, values[in.ID])
		row := pages.IndicatorRow{Indicator: in, Series: series, Index: idx, Value: series.At(idx), Cumulative: series.CumulativeAt(idx)}
		row.Progress = domain.AssessIndicator(in, row.Cumulative, p.Start, p.End, asOf)
		if ended {
			row.Progress = row.Progress.Final()
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, periods, period, idx, err := s.programmePeriod(r, r.URL.Query().Get("period"), s.currentPeriod)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	v := pages.DashboardView{Programme: p, Periods: periods, Period: period, Index: idx, Today: s.today(),
		CanClose: u.Can(domain.PermClosePeriod), CanReopen: u.Can(domain.PermReopenPeriod), CanExport: u.Can(domain.PermExportPersons)}
	if v.Rows, err = s.indicatorBoard(r, p, 0, idx, periods); err != nil {
		return err
	}
	if v.Closings, err = s.store.Closings(ctx, p.ID); err != nil {
		return err
	}
	for _, c := range v.Closings {
		if c.Period == period.Code && c.Open() {
			v.Closing = c
		}
	}
	inds := make([]*domain.Indicator, len(v.Rows))
	now := map[int64]map[string]domain.PeriodValue{}
	for i, row := range v.Rows {
		inds[i], now[row.Indicator.ID] = row.Indicator, row.Series.Values
	}
	v.Corrections = domain.Corrections(v.Closings, inds, now)
	s.render(w, r, http.StatusOK, pages.Dashboard(v))
	return nil
}

// handleIndicator is the drill-down: the evidence records behind a value.
func (s *Server) handleIndicator(w http.ResponseWriter, r *http.Request) error {
	return s.renderIndicator(w, r, http.StatusOK, nil)
}

func (s *Server) renderIndicator(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	ctx := r.Context()
	p, in, err := recordFromURL(s, r, s.indicatorFromURL)
	if err != nil {
		return err
	}
	periods := p.Periods()
	u := webctx.User(ctx)
	_, limited := u.UnitScope()
	v := pages.IndicatorView{Programme: p, Indicator: in, Periods: periods, OwnUnitsOnly: limited,
		CanSeeNames: u.Can(domain.PermSeeNames), CanAddValue: u.Can(domain.PermClosePeriod) && in.Rule == domain.RuleManual,
		Form: components.Form{Values: map[string][]string{}, Errors: errs}}
	if errs != nil {
		v.Form = formState(r, errs)
	}
	f := domain.FactFilter{UnitIDs: ownUnits(u), Limit: pages.FactsPerPage}
	if q := r.URL.Query().Get("period"); q != "" {
		period, _, err := pickPeriod(q, periods, -1)
		if err != nil {
			return err
		}
		v.Period, f.Periods = &period, []string{period.Code}
	} else if q := r.URL.Query().Get("do"); q != "" {
		period, idx, err := pickPeriod(q, periods, -1)
		if err != nil {
			return err
		}
		v.UpTo = &period
		for _, x := range periods[:idx+1] {
			f.Periods = append(f.Periods, x.Code)
		}
	}
	offset := offsetParam(r)
	f.Offset = offset
	if v.Facts, v.Total, err = s.store.IndicatorFacts(ctx, in, f); err != nil {
		return err
	}
	v.Offset = offset
	if in.Rule == domain.RulePersonsTrained && u.Can(domain.PermSeeNames) {
		var ids []int64
		for _, f := range v.Facts {
			if !v.OwnUnitsOnly || u.CanActOnUnit(f.UnitID) {
				ids = append(ids, f.RefID)
			}
		}
		if v.Names, err = s.store.PersonNames(ctx, ids); err != nil {
			return err
		}
	}
	if in.Rule == domain.RuleManual {
		if v.Manual, err = s.store.ManualValues(ctx, in.ID); err != nil {
			return err
		}
	}
	values, err := s.store.IndicatorSeries(ctx, p.ID, 0)
	if err != nil {
		return err
	}
	v.Series = domain.SeriesFor(in, periods, values[in.ID])
	s.render(w, r, status, pages.IndicatorPage(v))
	return nil
}

// handleManualValue records a manual indicator's value with its evidence.
func (s *Server) handleManualValue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, in, err := recordFromURL(s, r, s.indicatorFromURL)
	if err != nil {
		return err
	}
	if in.Rule != domain.RuleManual {
		return domain.Errorf(domain.ECONFLICT, "Ten wskaźnik jest liczony z dowodów; wartości wpisuje się tylko dla wskaźników z regułą „wartość wpisywana ręcznie”.")
	}
	f := newFormReader(r)
	v := &domain.ManualValue{Note: f.str(pages.FieldManualNote)}
	v.Value = f.decimal(f.str(pages.FieldManualValue), pages.FieldManualValue, true)
	if v.Value.Sign() == 0 && f.errs[pages.FieldManualValue] == "" {
		f.errs.Add(pages.FieldManualValue, "Wartość nie może być zerem.")
	}
	if limit := domain.DecimalFromInt(1_000_000_000); v.Value.Cmp(limit) > 0 || domain.DecimalFromInt(0).Sub(v.Value).Cmp(limit) > 0 {
		f.errs.Add(pages.FieldManualValue, "Wartość może mieć najwyżej 1 000 000 000 (co do wartości bezwzględnej).")
	}
	v.On = f.date(f.str(pages.FieldManualEvidenceOn), pages.FieldManualEvidenceOn, true)
	domain.CheckEvidenceDate(f.errs, pages.FieldManualEvidenceOn, v.On, p.Start, p.End)
	if v.On.After(s.today()) && f.errs[pages.FieldManualEvidenceOn] == "" {
		f.errs.Add(pages.FieldManualEvidenceOn, "Data dowodu nie może być z przyszłości.")
	}
	if n := len([]rune(v.Note)); n == 0 {
		f.errs.Add(pages.FieldManualNote, "Opisz, skąd pochodzi wartość (np. protokół z badania, sprawozdanie).")
	} else if n > 1000 {
		f.errs.Add(pages.FieldManualNote, "Opis może mieć najwyżej 1000 znaków.")
	}
	name, ct, data, msg, err := readUpload(r, "dowod-wskaznika", "Dołącz dokument, z którego pochodzi wartość.")
	if err != nil {
		return err
	}
	if msg != "" {
		f.errs.Add(pages.FieldFile, msg)
	}
	if err := f.askClosedWithFile(s.closedCheck(r, p, v.On)); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		return s.renderIndicator(w, r, http.StatusUnprocessableEntity, f.errs)
	}
	if err := s.store.AddManualValue(ctx, s.actor(r), in, v, name, ct, data); err != nil {
		return err
	}
	s.flash(r, "success", "Zapisano wartość "+v.Value.String()+" z dnia "+components.Date(v.On)+".")
	redirect(w, r, paths.Indicator(p.ID, in.ID))
	return nil
}

func (s *Server) handleManualValueFile(w http.ResponseWriter, r *http.Request) error {
	_, in, err := recordFromURL(s, r, s.indicatorFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego pliku.")
	if err != nil {
		return err
	}
	f, data, err := s.store.ManualValueFile(r.Context(), in.ID, fileID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "indicator", in.ID, "dowód wartości wskaźnika")
}

// handleUnitView is one unit in a programme: its products and protocols,
// trainings and consultations, and its part in each indicator.
func (s *Server) handleUnitView(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	unitID, err := idParam(r, "unitID", "Nie ma takiej jednostki w tym programie.")
	if err != nil {
		return err
	}
	if err := s.unitAccess(r, unitID); err != nil {
		return err
	}
	v := pages.UnitView{Programme: p}
	if v.Participation, err = s.store.Participation(ctx, p.ID, unitID); err != nil {
		return err
	}
	periods := p.Periods()
	_, cur := periods.Current(s.today())
	if v.Rows, err = s.indicatorBoard(r, p, unitID, cur, periods); err != nil {
		return err
	}
	if v.Products, err = s.store.UnitProducts(ctx, p.ID, domain.ProductFilter{UnitID: unitID}); err != nil {
		return err
	}
	if v.Protocols, err = s.store.Protocols(ctx, p.ID, domain.ProtocolFilter{UnitID: unitID, Current: true}); err != nil {
		return err
	}
	if v.Trainings, err = s.store.UnitTrainings(ctx, p.ID, unitID); err != nil {
		return err
	}
	if v.Consultations, err = s.store.UnitConsultations(ctx, p.ID, unitID); err != nil {
		return err
	}
	if v.CAF, err = s.store.CAFUnitSummary(ctx, p.ID, unitID, s.today()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.UnitPage(v))
	return nil
}

// handleClosePeriod freezes a period's values when its payment request is
// filed.
func (s *Server) handleClosePeriod(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, _, period, _, err := s.programmePeriod(r, chi.URLParam(r, "period"), noDefault)
	if err != nil {
		return err
	}
	requestNo := strings.TrimSpace(r.PostForm.Get(pages.FieldCloseRequestNo))
	if len([]rune(requestNo)) > 100 {
		requestNo = string([]rune(requestNo)[:100])
	}
	c, err := s.store.ClosePeriod(ctx, s.actor(r), p, period.Code, requestNo)
	if err != nil {
		return err
	}
	s.flash(r, "success", "Zamknięto okres "+period.Code+". Wartości zamrożono; skrót SHA-256: "+c.Digest+".")
	if r.PostForm.Get(pages.FieldCloseBack) == pages.CloseBackPeriods {
		redirect(w, r, paths.Periods(p.ID)) // the confirmation (flash) is at the top
		return nil
	}
	redirect(w, r, paths.Indicators(p.ID)+"?period="+period.Code)
	return nil
}

// handleReopenPeriod undoes a closing (administrators, with a reason).
func (s *Server) handleReopenPeriod(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, _, period, _, err := s.programmePeriod(r, chi.URLParam(r, "period"), noDefault)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostForm.Get(pages.FieldReopenReason))
	if reason == "" || len([]rune(reason)) > 1000 {
		return domain.Errorf(domain.EINVALID, "Podaj powód ponownego otwarcia okresu (najwyżej 1000 znaków).")
	}
	if err := s.store.ReopenPeriod(ctx, s.actor(r), p.ID, period.Code, reason); err != nil {
		return err
	}
	s.flash(r, "success", "Ponownie otwarto okres "+period.Code+". Zamrożone wartości pozostają w historii.")
	redirect(w, r, paths.Indicators(p.ID)+"?period="+period.Code)
	return nil
}

// handlePeriods shows the form of a programme's own reporting periods.
func (s *Server) handlePeriods(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderPeriods(w, r, http.StatusOK, p, nil, "")
}

func (s *Server) renderPeriods(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, errs map[string]string, message string) error {
	periods, err := s.store.ProgrammePeriods(r.Context(), p.ID)
	if err != nil {
		return err
	}
	closings, err := s.store.Closings(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := pages.PeriodsView{Programme: p, Periods: periods, Form: formState(r, errs), Message: message, Today: s.today()}
	for _, c := range closings {
		if c.Open() {
			v.Closed = append(v.Closed, c.Period)
		}
	}
	if r.Method == http.MethodGet || message != "" {
		v.Form.Values = map[string][]string{}
		for _, x := range periods {
			if x.Custom {
				v.Form.Values[pages.FieldPeriodCode] = append(v.Form.Values[pages.FieldPeriodCode], x.Code)
				v.Form.Values[pages.FieldPeriodStart] = append(v.Form.Values[pages.FieldPeriodStart], x.Start.Format("2006-01-02"))
				v.Form.Values[pages.FieldPeriodEnd] = append(v.Form.Values[pages.FieldPeriodEnd], x.End.Format("2006-01-02"))
			}
		}
	}
	s.render(w, r, status, pages.PeriodsPage(v))
	return nil
}

// handlePeriodsSave replaces the programme's own periods (none: quarters).
func (s *Server) handlePeriodsSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	var periods []domain.Period
	f.rows([]string{pages.FieldPeriodCode, pages.FieldPeriodStart, pages.FieldPeriodEnd}, func(i, _ int, vals []string) {
		// Messages name the row: "Podaj datę rozpoczęcia okresu 2."
		n := strconv.Itoa(i + 1)
		day := func(value, part, what string) time.Time {
			key := pages.RowKey(pages.FieldPeriods, i, part)
			d := f.date(value, key, true)
			if _, failed := f.errs[key]; failed {
				if strings.TrimSpace(value) == "" {
					f.errs[key] = "Podaj datę " + what + " okresu " + n + " (np. 2026-11-27)."
				} else {
					f.errs[key] = "Podaj poprawną datę " + what + " okresu " + n + " w postaci 2026-11-27 lub 27.11.2026."
				}
			}
			return d
		}
		periods = append(periods, domain.Period{Code: vals[0], Start: day(vals[1], "start", "rozpoczęcia"),
			End: day(vals[2], "end", "zakończenia"), Custom: true})
		if vals[0] == "" {
			f.errs.Add(pages.RowKey(pages.FieldPeriods, i, "code"), "Podaj kod okresu "+n+", np. WNP-1.")
		}
	})
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SavePeriods(r.Context(), s.actor(r), p, periods) },
		validate: func() error { return domain.ValidatePeriods(periods, p.Start, p.End) },
		invalid:  func() error { return s.renderPeriods(w, r, http.StatusUnprocessableEntity, p, f.errs, "") },
	}.run()
	if !saved {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return s.renderPeriods(w, r, http.StatusConflict, p, nil, domain.ErrorMessage(err))
		}
		return err
	}
	if len(periods) == 0 {
		s.flash(r, "success", "Okresy sprawozdawcze to teraz kwartały kalendarzowe.")
	} else {
		s.flash(r, "success", "Zapisano okresy sprawozdawcze programu; wartości wskaźników przeliczono.")
	}
	redirect(w, r, paths.Indicators(p.ID))
	return nil
}
