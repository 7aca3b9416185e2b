package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for _, u := range users {
		ids = append(ids, u.UnitIDs...)
	}
	units, err := s.store.UnitsByID(ctx, ids)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	progs, err := s.store.Programmes(ctx)
	if err != nil {
		return err
	}
	codes := map[int64]string{}
	for _, p := range progs {
		codes[p.ID] = p.Code
	}
	v := pages.UsersView{}
	for _, u := range users {
		row := pages.UserRow{User: u, Programmes: programmeCodes(u, codes)}
		for _, id := range u.UnitIDs {
			row.Units = append(row.Units, names[id])
		}
		v.Rows = append(v.Rows, row)
	}
	s.render(w, r, http.StatusOK, pages.Users(v))
	return nil
}

// userForm reads the account form into a user and the values to show again.
func userForm(r *http.Request) (*domain.User, pages.UserFormValues, domain.Validation) {
	f := r.PostForm
	vals := pages.UserFormValues{
		Username:      f.Get(pages.FieldUserUsername),
		DisplayName:   f.Get(pages.FieldUserDisplayName),
		Role:          f.Get(pages.FieldUserRole),
		UnitIDs:       map[int64]bool{},
		ProgrammeIDs:  map[int64]bool{},
		AllProgrammes: f.Get(pages.FieldUserAllProgrammes) == "1",
		Email:         f.Get(pages.FieldUserEmail),
	}
	errs := domain.Validation{}
	u := &domain.User{
		Username:      domain.NormalizeUsername(vals.Username),
		DisplayName:   strings.TrimSpace(vals.DisplayName),
		Role:          domain.Role(vals.Role),
		Active:        true,
		AllProgrammes: vals.AllProgrammes,
		Email:         domain.NormalizeEmail(vals.Email),
	}
	for _, raw := range f[pages.FieldUserProgrammes] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			errs.Add(pages.FieldUserProgrammes, "Wybierz programy z listy.")
			continue
		}
		if !vals.ProgrammeIDs[id] {
			vals.ProgrammeIDs[id] = true
			u.ProgrammeIDs = append(u.ProgrammeIDs, id)
		}
	}
	for _, raw := range f[pages.FieldUserUnits] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			errs.Add(pages.FieldUserUnits, "Wybierz jednostki z listy.")
			continue
		}
		if !vals.UnitIDs[id] {
			vals.UnitIDs[id] = true
			u.UnitIDs = append(u.UnitIDs, id)
		}
	}
	return u, vals, errs
}

// userFormView completes the account form's view: the programmes, the
// roles and the picker of the manager's units (chosen ones and a page of
// the search the form asks for).
func (s *Server) userFormView(r *http.Request, v pages.UserFormView) (pages.UserFormView, error) {
	ctx := r.Context()
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	var chosen []int64
	if v.User != nil && r.Method == http.MethodGet {
		chosen = v.User.UnitIDs
	} else {
		chosen = formIDs(vals, pages.FieldUserUnits)
	}
	var err error
	if v.UnitPicker, err = s.unitPicker(ctx, vals, pages.FieldUserUnits, chosen, components.Picker{Multiple: true, Action: userFormAction(v.User)}, false); err != nil {
		return v, err
	}
	if v.Programmes, err = s.store.Programmes(ctx); err != nil {
		return v, err
	}
	v.Roles = domain.Roles
	if v.Values.UnitIDs == nil {
		v.Values.UnitIDs = map[int64]bool{}
	}
	if v.Values.ProgrammeIDs == nil {
		v.Values.ProgrammeIDs = map[int64]bool{}
	}
	return v, nil
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	v, err := s.userFormView(r, pages.UserFormView{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.UserNew(v))
	return nil
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, vals, errs := userForm(r)
	if components.ReadPicker(r.PostForm, pages.FieldUserUnits).Searching {
		// The units' search or its next page: the form again, nothing saved
		// (the passwords are never sent back to the browser).
		v, err := s.userFormView(r, pages.UserFormView{Values: vals})
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, pages.UserNew(v))
		return nil
	}
	password := r.PostForm.Get(pages.FieldPassword)
	if err := u.Validate(); err != nil {
		mergeErrors(errs, err)
	}
	if err := newPassword(password, r.PostForm.Get(pages.FieldPasswordConfirm), u); err != nil {
		mergeErrors(errs, err)
	}
	status := http.StatusUnprocessableEntity
	var hash string
	if len(errs) == 0 {
		var err error
		hash, err = s.passwords.Hash(ctx, password)
		if passwordsBusy(w, err) {
			// no turn to hash the password: the form again, all kept
			errs[pages.FieldPassword], status = msgPasswordsBusy, http.StatusServiceUnavailable
		} else if err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		// Accounts made in demo mode stay demo accounts: a production start
		// refuses them, since anyone could have set their password.
		u.Demo = s.cfg.Demo
		err := s.store.CreateUser(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), u, hash)
		if err == nil {
			s.flash(r, "success", "Utworzono konto „"+u.Username+"”.")
			redirect(w, r, paths.User(u.ID))
			return nil
		}
		if !mergeErrors(errs, err) {
			return err
		}
	}
	v, err := s.userFormView(r, pages.UserFormView{Values: vals, Errors: errs})
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.UserNew(v))
	return nil
}

func (s *Server) userFromURL(r *http.Request) (*domain.User, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Nie ma takiego użytkownika.")
	}
	return s.store.User(r.Context(), id)
}

func valuesOf(u *domain.User) pages.UserFormValues {
	v := pages.UserFormValues{Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role), UnitIDs: map[int64]bool{},
		AllProgrammes: u.AllProgrammes, ProgrammeIDs: map[int64]bool{}, Email: u.Email}
	for _, id := range u.UnitIDs {
		v.UnitIDs[id] = true
	}
	for _, id := range u.ProgrammeIDs {
		v.ProgrammeIDs[id] = true
	}
	return v
}

// renderUserEdit shows the edit page with status; values, errs and pwErrs
// are what the user typed and what was wrong with it.
func (s *Server) renderUserEdit(w http.ResponseWriter, r *http.Request, status int, u *domain.User, vals pages.UserFormValues, errs, pwErrs map[string]string) error {
	ctx := r.Context()
	v, err := s.userFormView(r, pages.UserFormView{User: u, Values: vals, Errors: errs, PwErrors: pwErrs,
		SelfEdit: webctx.User(ctx).ID == u.ID})
	if err != nil {
		return err
	}
	entries, err := s.store.AuditFor(ctx, "user", store.FormatID(u.ID))
	if err != nil {
		return err
	}
	for _, e := range entries {
		v.History = append(v.History, historyRow(e))
	}
	s.render(w, r, status, pages.UserEdit(v))
	return nil
}

func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromURL(r)
	if err != nil {
		return err
	}
	return s.renderUserEdit(w, r, http.StatusOK, u, valuesOf(u), nil, nil)
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	existing, err := s.userFromURL(r)
	if err != nil {
		return err
	}
	u, vals, errs := userForm(r)
	u.ID, u.Username = existing.ID, existing.Username
	vals.Username = existing.Username
	if components.ReadPicker(r.PostForm, pages.FieldUserUnits).Searching {
		return s.renderUserEdit(w, r, http.StatusOK, existing, vals, nil, nil)
	}
	if len(errs) == 0 {
		err := s.store.UpdateUser(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), u)
		if err == nil {
			s.flash(r, "success", "Zapisano zmiany konta „"+u.Username+"”.")
			redirect(w, r, paths.User(u.ID))
			return nil
		}
		if !mergeErrors(errs, err) {
			return err
		}
	}
	return s.renderUserEdit(w, r, http.StatusUnprocessableEntity, existing, vals, errs, nil)
}

func (s *Server) handleUserPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.userFromURL(r)
	if err != nil {
		return err
	}
	if u.ID == webctx.User(ctx).ID {
		// One's own password is changed as on /account/password: with the
		// current password (re-authentication) and a renewed session.
		return s.handlePasswordChange(w, r)
	}
	password := r.PostForm.Get(pages.FieldPassword)
	if err := newPassword(password, r.PostForm.Get(pages.FieldPasswordConfirm), u); err != nil {
		return s.renderUserEdit(w, r, http.StatusUnprocessableEntity, u, valuesOf(u), nil, domain.FieldErrors(err))
	}
	hash, err := s.passwords.Hash(ctx, password)
	if passwordsBusy(w, err) {
		return s.renderUserEdit(w, r, http.StatusServiceUnavailable, u, valuesOf(u), nil, map[string]string{pages.FieldPassword: msgPasswordsBusy})
	}
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), u.ID, hash); err != nil {
		return err
	}
	s.flash(r, "success", "Ustawiono nowe hasło. Sesje użytkownika „"+u.Username+"” zostały zakończone.")
	redirect(w, r, paths.User(u.ID))
	return nil
}

func (s *Server) handleUserActive(active bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		u, err := s.userFromURL(r)
		if err != nil {
			return err
		}
		if err := s.store.SetActive(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), u.ID, active); err != nil {
			return err
		}
		if active {
			s.flash(r, "success", "Konto „"+u.Username+"” jest znowu aktywne.")
		} else {
			s.flash(r, "success", "Konto „"+u.Username+"” zostało dezaktywowane, a jego sesje zakończone.")
		}
		redirect(w, r, paths.User(u.ID))
		return nil
	}
}

// handleUserFactorsReset removes another account's second factors (a lost
// device and lost recovery codes) and ends its sessions; one's own factors
// are managed on the account's security page.
func (s *Server) handleUserFactorsReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.userFromURL(r)
	if err != nil {
		return err
	}
	if u.ID == webctx.User(ctx).ID {
		return domain.Errorf(domain.ECONFLICT, "Swój drugi składnik zmienisz na stronie „Bezpieczeństwo konta”.")
	}
	removed, err := s.store.ResetSecondFactors(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), u.ID)
	if err != nil {
		return err
	}
	if removed {
		s.flash(r, "success", "Usunięto drugi składnik i kody odzyskiwania konta „"+u.Username+"”; jego sesje zakończono. Przy następnym logowaniu doda nowy.")
	} else {
		s.flash(r, "success", "Konto „"+u.Username+"” nie miało drugiego składnika: nic nie zmieniono.")
	}
	redirect(w, r, paths.User(u.ID))
	return nil
}

// userFormAction is where the account form is sent: a new account's, or
// the one of u.
func userFormAction(u *domain.User) string {
	if u == nil {
		return paths.Users()
	}
	return paths.User(u.ID)
}

// programmeCodes describes the programmes u sees for the list of accounts.
func programmeCodes(u *domain.User, codes map[int64]string) string {
	ids, limited := u.ProgrammeScope()
	if !limited {
		return "wszystkie"
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, codes[id])
	}
	if u.Role.BoundToUnits() && len(names) > 0 {
		return strings.Join(names, ", ") + " (przez jednostki)"
	}
	return strings.Join(names, ", ")
}
