package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/store"
	"kaizen/internal/upload"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Acceptance protocols (protokoły odbioru). Who may act is decided by the
// route groups; which unit's protocols a unit manager may see or sign is
// decided here by domain.User.CanActOnUnit, through unitAccess.

func (s *Server) handleProtocols(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	f := protocolFilter(r, pages.ProtocolsPerPage)
	v := pages.ProtocolsView{Programme: p, Filter: f, CanPrepare: u.Can(domain.PermPrepareProtocol), OwnUnitsOnly: f.UnitIDs != nil,
		List: listState(paths.Protocols(p.ID), paths.ProtocolsExport(p.ID), domain.SortProtocols, f.ListQuery, pages.ParamUnit, idString(f.UnitID),
			pages.ParamStatus, string(f.Status), pages.ParamProtocolAll, map[bool]string{false: "1"}[f.Current])}
	if v.Protocols, v.Total, err = s.store.ProtocolList(ctx, p.ID, f); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Protocols(v))
	return nil
}

// protocolFilter is the protocol list's query (?q=, ?jednostka=, ?status=,
// ?wszystkie=, order, page) within the units the user may see.
func protocolFilter(r *http.Request, limit int) domain.ProtocolFilter {
	f := domain.ProtocolFilter{ListQuery: listQuery(r, domain.SortProtocols, limit), UnitIDs: ownUnits(webctx.User(r.Context())),
		UnitID: queryID(r, pages.ParamUnit), Current: r.URL.Query().Get(pages.ParamProtocolAll) == ""}
	if st := domain.ProtocolStatus(r.URL.Query().Get(pages.ParamStatus)); st.Label() != "" {
		f.Status = st
	}
	return f
}

func (s *Server) protocolFromURL(r *http.Request, p *domain.Programme) (*domain.Protocol, error) {
	id, err := idParam(r, "protocolID", "Nie ma takiego protokołu odbioru w tym programie.")
	if err != nil {
		return nil, err
	}
	pr, err := s.store.Protocol(r.Context(), p.ID, id)
	if err != nil {
		return nil, err
	}
	return pr, s.unitAccess(r, pr.UnitID)
}

// renderProtocol shows a protocol; form and errs belong to the decision
// form (decide) or the paper form (paper) that came back.
func (s *Server) renderProtocol(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, pr *domain.Protocol, which string, errs map[string]string, message string) error {
	ctx := r.Context()
	u := webctx.User(ctx)
	v := pages.ProtocolView{Programme: p, Protocol: pr, Message: message,
		CanPrepare: u.Can(domain.PermPrepareProtocol),
		CanDecide:  u.Can(domain.PermSignProtocol) && u.CanActOnUnit(pr.UnitID) && pr.Allowed(domain.ActDecide) == nil,
		CanPaper:   u.Can(domain.PermRecordPaper) && pr.Allowed(domain.ActPaper) == nil,
		Decide:     components.Form{Values: map[string][]string{}}, Paper: components.Form{Values: map[string][]string{}}}
	switch which {
	case "decide":
		v.Decide = formState(r, errs)
		delete(v.Decide.Values, pages.FieldDecisionPassword)
	case "paper":
		v.Paper = formState(r, errs)
	}
	s.paperView(r, &v, which, errs)
	var err error
	if v.CanDecide {
		if v.Confirm, err = s.factorConfirm(r, u); err != nil {
			return err
		}
	}
	if v.Versions, err = s.store.ProtocolVersions(ctx, p.ID, pr.SeriesID); err != nil {
		return err
	}
	s.render(w, r, status, pages.ProtocolPage(v))
	return nil
}

func (s *Server) handleProtocol(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	return s.renderProtocol(w, r, http.StatusOK, p, pr, "", nil, "")
}

// protocolForm reads the protocol form; unit and task come from the
// protocol being edited or from the form's hidden fields.
func protocolForm(r *http.Request, programmeID int64) (*domain.Protocol, *formReader) {
	f := newFormReader(r)
	pr := &domain.Protocol{ProgrammeID: programmeID, Place: f.str(pages.FieldProtocolPlace), Contractor: f.str(pages.FieldProtocolContractor),
		Description: f.str(pages.FieldProtocolDescription)}
	if id := f.optionalID(pages.FieldProtocolUnit, pages.FieldProtocolItems); id != nil {
		pr.UnitID = *id
	}
	if id := f.optionalID(pages.FieldProtocolTask, pages.FieldProtocolItems); id != nil {
		pr.TaskID = *id
	}
	pr.Date = f.date(f.str(pages.FieldProtocolDate), pages.FieldProtocolDate, true)
	for _, id := range f.ids(pages.FieldProtocolItems, pages.FieldProtocolItems) {
		planned, done := pages.FieldProtocolPlanned(id), pages.FieldProtocolDone(id)
		pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: id,
			PlannedOn: f.date(f.str(planned), planned, false),
			DoneOn:    f.date(f.str(done), done, false)})
	}
	pr.Version = f.version()
	return pr, f
}

func (s *Server) renderProtocolForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, pr *domain.Protocol, unitID, taskID int64, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.ProtocolFormView{Programme: p, Form: formState(r, errs), Message: message, Token: formToken(r), UnitID: unitID, TaskID: taskID}
	if pr != nil {
		v.ID, v.UnitID, v.TaskID = pr.ID, pr.UnitID, pr.TaskID
		if r.Method == http.MethodGet || message != "" {
			v.Form.Values = pages.ProtocolValues(pr)
		}
	}
	var err error
	if v.UnitID == 0 {
		if v.Pairs, err = s.pairPicker(r, p); err != nil {
			return err
		}
	} else if v.TaskID != 0 {
		// Only the chosen unit's products of the task, within the user's units.
		if v.Products, err = s.store.UnitProducts(ctx, p.ID, domain.ProductFilter{UnitIDs: ownUnits(webctx.User(ctx)), UnitID: v.UnitID, TaskID: v.TaskID}); err != nil {
			return err
		}
	}
	if v.UnitID != 0 && len(v.Products) == 0 {
		return domain.Errorf(domain.ENOTFOUND, "Ta jednostka nie ma produktów w tym zadaniu.")
	}
	if pr == nil && r.Method == http.MethodGet && len(v.Products) > 0 {
		v.Form.Values = pages.NewProtocolValues(p, v.Products, s.today())
	}
	s.render(w, r, status, pages.ProtocolForm(v))
	return nil
}

func (s *Server) handleProtocolNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	unitID, taskID := queryID(r, pages.ParamUnit), queryID(r, pages.ParamTask)
	status, errs := http.StatusOK, map[string]string(nil)
	switch pair := q.Get(pages.FieldProtocolPair); {
	case components.ReadPicker(q, pages.FieldProtocolPair).Searching: // the chooser's search or another page of it
	case pair != "":
		unitID, taskID = parsePair(pair)
	case q.Has(components.FieldSave):
		status, errs = http.StatusUnprocessableEntity, map[string]string{pages.FieldProtocolPair: "Wybierz jednostkę i zadanie z listy."}
	}
	if unitID != 0 {
		if err := s.unitAccess(r, unitID); err != nil {
			return err
		}
	}
	return s.renderProtocolForm(w, r, status, p, nil, unitID, taskID, errs, "")
}

// parsePair reads a unit × task chosen for a new protocol ("unitID-taskID").
func parsePair(pair string) (unitID, taskID int64) {
	u, t, _ := strings.Cut(pair, "-")
	unitID, _ = strconv.ParseInt(u, 10, 64)
	taskID, _ = strconv.ParseInt(t, 10, 64)
	return max(0, unitID), max(0, taskID)
}

// pairPicker is the chooser of a new protocol's unit and task: the pair
// chosen and one page of the pairs with products in the user's units that
// match the search.
func (s *Server) pairPicker(r *http.Request, p *domain.Programme) (components.Picker, error) {
	ctx, q := r.Context(), r.URL.Query()
	req := components.ReadPicker(q, pages.FieldProtocolPair)
	own := ownUnits(webctx.User(ctx))
	pk := components.Picker{Name: pages.FieldProtocolPair, Query: req.Query, Offset: req.Offset, Size: pages.PickerPerPage, Total: -1,
		Action: paths.ProtocolNew(p.ID), Method: "get", QueryLabel: "Szukaj: nazwa jednostki, kod zadania lub produkt"}
	if u, t := parsePair(q.Get(pages.FieldProtocolPair)); u != 0 && t != 0 {
		chosen, _, err := s.store.ProductPairs(ctx, p.ID, domain.ProductFilter{UnitIDs: own, UnitID: u, TaskID: t, ListQuery: domain.ListQuery{Limit: 1}})
		if err != nil {
			return pk, err
		}
		pk.Chosen = pages.PairOptions(chosen)
	}
	pairs, more, err := s.store.ProductPairs(ctx, p.ID, domain.ProductFilter{UnitIDs: own,
		ListQuery: domain.ListQuery{Search: req.Query, Offset: req.Offset, Limit: pages.PickerPerPage}})
	if err != nil {
		return pk, err
	}
	pk.Results, pk.Total, pk.More = pages.PairOptions(pairs), -1, more
	return pk, nil
}

func (s *Server) handleProtocolEdit(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	if err := pr.Allowed(domain.ActEdit); err != nil {
		return err
	}
	return s.renderProtocolForm(w, r, http.StatusOK, p, pr, 0, 0, nil, "")
}

func (s *Server) handleProtocolSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Protocol
	if chi.URLParam(r, "protocolID") != "" {
		if existing, err = s.protocolFromURL(r, p); err != nil {
			return err
		}
	}
	if existing != nil {
		if err := existing.Allowed(domain.ActEdit); err != nil {
			return err
		}
	}
	pr, f := protocolForm(r, p.ID)
	if existing != nil {
		pr.ID, pr.UnitID, pr.TaskID = existing.ID, existing.UnitID, existing.TaskID
	}
	if pr.UnitID == 0 || pr.TaskID == 0 {
		return domain.Errorf(domain.EINVALID, "Wybierz jednostkę i zadanie protokołu.")
	}
	if err := s.unitAccess(r, pr.UnitID); err != nil {
		return err
	}
	saved, err := saveFlow{f: f,
		save: func() error {
			return s.store.SaveProtocol(r.Context(), s.actor(r), pr, r.PostForm.Get(pages.FieldFormToken))
		},
		validate: pr.Validate,
		stale: func(msg string) error {
			fresh, err := s.protocolFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderProtocolForm(w, r, http.StatusConflict, p, fresh, 0, 0, nil, msg)
		},
		invalid: func() error {
			return s.renderProtocolForm(w, r, http.StatusUnprocessableEntity, p, existing, pr.UnitID, pr.TaskID, f.errs, "")
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano protokół odbioru. Sprawdź go i przekaż do decyzji kierownika jednostki.")
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}

// protocolStep runs a change of state from a button form: delete, submit,
// withdraw, new version.
func (s *Server) handleProtocolStep(act domain.ProtocolAction) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		p, err := s.programmeFromURL(r)
		if err != nil {
			return err
		}
		pr, err := s.protocolFromURL(r, p)
		if err != nil {
			return err
		}
		version, _ := strconv.Atoi(r.PostForm.Get(pages.FieldVersion))
		a := s.actor(r)
		to := paths.Protocol(p.ID, pr.ID)
		var msg string
		switch act {
		case domain.ActDelete:
			err, msg, to = s.store.DeleteProtocol(ctx, a, p.ID, pr.ID, version), "Usunięto projekt protokołu.", paths.Protocols(p.ID)
		case domain.ActSubmit:
			err, msg = s.store.SubmitProtocol(ctx, a, p.ID, pr.ID, version), "Przekazano protokół do decyzji kierownika jednostki."
		case domain.ActWithdraw:
			err, msg = s.store.WithdrawProtocol(ctx, a, p.ID, pr.ID, version), "Wycofano protokół do przygotowania."
		case domain.ActNewVersion:
			var id int64
			id, err = s.store.NewProtocolVersion(ctx, a, p.ID, pr.ID)
			msg, to = "Utworzono nową wersję protokołu. Wprowadź zmiany i przekaż ją do decyzji.", paths.ProtocolEdit(p.ID, id)
		}
		if err != nil {
			if domain.ErrorCode(err) == domain.EINVALID && act == domain.ActSubmit {
				return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "", nil,
					"Protokołu nie można przekazać: "+strings.Join(fieldMessages(err), " "))
			}
			return err
		}
		s.flash(r, "success", msg)
		redirect(w, r, to)
		return nil
	}
}

func fieldMessages(err error) []string {
	var out []string
	for _, m := range domain.FieldErrors(err) {
		out = append(out, m)
	}
	if len(out) == 0 {
		out = append(out, domain.ErrorMessage(err))
	}
	return out
}

func decisionForm(f *formReader) domain.Decision {
	d := domain.Decision{Status: domain.ProtocolStatus(f.str(pages.FieldDecision)), Remarks: f.str(pages.FieldDecisionRemarks),
		SignerName: f.str(pages.FieldPaperSignerName), SignerRole: f.str(pages.FieldPaperSignerRole)}
	if !d.Status.Decided() {
		d.Status = ""
	}
	return d
}

// handleProtocolDecide is the unit manager's signature: only a manager of
// the protocol's unit, with their password typed again.
func (s *Server) handleProtocolDecide(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	if !u.CanActOnUnit(pr.UnitID) {
		return s.forbidden(r)
	}
	if err := pr.Allowed(domain.ActDecide); err != nil {
		return err
	}
	f := newFormReader(r)
	d := decisionForm(f)
	version := f.version()
	_ = f.validate(d.Validate(false))
	status := http.StatusUnprocessableEntity
	if r.PostForm.Get(pages.FieldDecisionPassword) == "" {
		f.errs.Add(pages.FieldDecisionPassword, "Wpisz swoje hasło, aby podpisać decyzję.")
	} else if len(f.errs) == 0 {
		ok, err := s.confirmPassword(w, r, r.PostForm.Get(pages.FieldDecisionPassword))
		if passwordsBusy(w, err) {
			// The form comes back as typed, the message beside the password.
			f.errs.Add(pages.FieldDecisionPassword, msgPasswordsBusy)
			status, ok, err = http.StatusServiceUnavailable, true, nil
		}
		if err != nil {
			return err
		}
		if !ok {
			f.errs.Add(pages.FieldDecisionPassword, "Hasło jest nieprawidłowe. Decyzja nie została zapisana.")
		}
	}
	if len(f.errs) == 0 {
		// A fresh second factor as well, for a user who has one (mfa_account.go).
		if msg, err := s.confirmSecondFactor(w, r); err != nil {
			return err
		} else if msg != "" {
			f.errs.Add(pages.FieldSecondFactorCode, msg)
		}
	}
	if len(f.errs) > 0 {
		return s.renderProtocol(w, r, status, p, pr, "decide", f.errs, "")
	}
	signed, err := s.store.DecideProtocol(ctx, s.actor(r), u, p.ID, pr.ID, version, d)
	if err != nil {
		return err
	}
	s.flash(r, "success", "Podpisano decyzję: "+signed.Status.DecisionLabel()+". Skrót SHA-256 podpisanej treści: "+signed.Digest+".")
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}

// handleProtocolPaper records a decision signed on paper, with the scan
// (a PDF with a page or an image), for a second person to confirm.
func (s *Server) handleProtocolPaper(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	if err := pr.Allowed(domain.ActPaper); err != nil {
		return err
	}
	f := newFormReader(r)
	d := decisionForm(f)
	d.SignedOn = f.date(f.str(pages.FieldPaperSignedOn), pages.FieldPaperSignedOn, true)
	version := f.version()
	_ = f.validate(d.Validate(true))
	name, ct, data, msg, err := readUpload(r, "protokol-"+strings.ReplaceAll(pr.Number(), "/", "-"), "Dołącz skan podpisanego protokołu.")
	if err != nil {
		return err
	}
	if msg == "" && data != nil {
		msg = upload.DocumentRefusal(ct, data) // a PDF with a page, or an image that reads
	}
	if msg != "" {
		f.errs.Add(pages.FieldFile, msg)
	}
	if err := f.askClosedWithFile(s.closedCheck(r, p, d.SignedOn)); err != nil {
		return err
	}
	if len(f.errs) > 0 {
		return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "paper", f.errs, "")
	}
	signed, err := s.store.RecordPaperDecision(ctx, s.actor(r), p.ID, pr.ID, version, d, name, ct, data)
	if err != nil {
		if fe := domain.FieldErrors(err); len(fe) > 0 && domain.ErrorCode(err) == domain.EINVALID {
			return s.renderProtocol(w, r, http.StatusUnprocessableEntity, p, pr, "paper", fe, "")
		}
		return err
	}
	s.flash(r, "success", "Wprowadzono decyzję podpisaną na papierze: "+signed.PendingPaper().Decision.Status.DecisionLabel()+
		". Oczekuje na potwierdzenie przez drugą osobę (innego koordynatora albo administratora); do tego czasu protokół się nie liczy.")
	redirect(w, r, paths.Protocol(p.ID, pr.ID))
	return nil
}

func (s *Server) handleProtocolFile(w http.ResponseWriter, r *http.Request) error {
	_, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego załącznika tego protokołu.")
	if err != nil {
		return err
	}
	f, data, err := s.store.FileData(r.Context(), "protocol", pr.ID, fileID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "protocol", pr.ID, "załącznik lub skan protokołu")
}

func (s *Server) handleProtocolPDF(w http.ResponseWriter, r *http.Request) error {
	p, pr, err := recordFromURL(s, r, s.protocolFromURL)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.WriteProtocol(&buf, p.Title, p.FundingLine, pr); err != nil {
		return err
	}
	if err := s.store.RecordExport(r.Context(), s.actor(r), "protocol", store.FormatID(pr.ID), "PDF protokołu (podpisujący: "+pr.SignerName+")"); err != nil {
		return err
	}
	download(w, "application/pdf", "protokol-odbioru-"+pr.Number()+".pdf", buf.Bytes())
	return nil
}

// handleIntegrity recomputes the digest of every signed protocol, of
// every stored evidence file and of every signed CAF consensus.
func (s *Server) handleIntegrity(w http.ResponseWriter, r *http.Request) error {
	checked, bad, err := s.store.VerifyProtocols(r.Context())
	if err != nil {
		return err
	}
	files, altered, err := s.store.VerifyFiles(r.Context())
	if err != nil {
		return err
	}
	cafChecked, cafBad, err := s.store.VerifyCAFConsensus(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Integrity(pages.IntegrityView{Checked: checked, Mismatches: bad, At: s.now(), FilesChecked: files, AlteredFiles: altered,
		CAFChecked: cafChecked, CAFMismatches: cafBad}))
	return nil
}
