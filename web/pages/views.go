// Package pages holds the application's pages as templ components that take
// typed view models.
package pages

import (
	"net/url"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// LoginView is the sign-in form.
type LoginView struct {
	Username string
	Next     string
	Errors   map[string]string
	Message  string // a message about the whole attempt (wrong credentials, throttled)
	Demo     bool   // demo mode: demo accounts sign in without a second factor
}

// HomeView is the role-aware start page.
type HomeView struct {
	User       *domain.User
	Units      []domain.Unit // a unit manager's units
	Demo       bool
	Programmes []HomeProgramme // active programmes with what needs attention
	// Overview: more than HomeDetailMax programmes, shown as one table of
	// counts (no lists); Columns says which counts the role deals with.
	Overview bool
	Columns  HomeColumns
	A11y     *A11yHome // the accessibility statement's review and requests (administrators)
}

// HomeListLimit is how many items of each list the start page shows.
const HomeListLimit = 10

// HomeDetailMax is how many programmes the start page shows one by one,
// each with its lists. Someone who sees more (an administrator, a national
// coordinator: up to 50) gets a table instead: a row per programme with
// how many things need attention, each count a link to its list.
const HomeDetailMax = 6

// HomeColumns are the counts of the start page's overview the user's role
// deals with.
type HomeColumns struct {
	Sessions, Meetings  bool // records trainings; records meetings
	Protocols, Preparer bool // deals with protocols; prepares them (rejected, drafts)
	Indicators          bool // the project office: indicators behind their pace
}

// HomeProgramme is an active programme on the start page, with its evidence
// that is not complete yet (for the roles that record it).
// Each list holds at most HomeListLimit items; its Total says how many
// there are.
type HomeProgramme struct {
	Summary                 domain.ProgrammeSummary
	Status                  domain.ProgrammeStatus // on the server's today
	IncompleteSessions      []domain.SessionSummary
	IncompleteSessionsTotal int
	IncompleteMeetings      []domain.MeetingSummary
	IncompleteMeetingsTotal int
	Waiting                 []*domain.Protocol // protocols waiting for a decision (a manager's: of their units)
	WaitingTotal            int
	Rejected                []*domain.Protocol // rejected and not reworked yet
	RejectedTotal           int
	Drafts                  []*domain.Protocol // in preparation
	DraftsTotal             int
	Accepted                []*domain.Protocol // the latest accepted (5)
	ShowProtocols           bool               // the role deals with protocols
	Lagging                 []IndicatorRow     // indicators at risk or behind (the project office)
	ShowIndicators          bool
	Signer                  bool                 // a unit manager: the waiting ones are theirs to decide
	PaperNotices            []domain.PaperNotice // paper decisions waiting for confirmation (a manager's: of their units)
	UserID                  int64                // who looks: their own paper records are not theirs to confirm
}

// ErrorView is a status page.
type ErrorView struct {
	Status    int
	Title     string
	Message   string
	RequestID string
	Back      string // the page the failed form was on, a same-site path
	BackTitle string // its title, when the form told it
}

// UserRow is one account in the list.
type UserRow struct {
	User       *domain.User
	Units      []string
	Programmes string // "wszystkie" or the codes of the programmes the user sees
}

// UsersView is the list of accounts.
type UsersView struct {
	Rows []UserRow
}

// UserFormView is the create or edit form of an account.
type UserFormView struct {
	User       *domain.User // nil when creating
	Values     UserFormValues
	Errors     map[string]string
	UnitPicker components.Picker // the manager's units: chosen ones and a page of the search
	Programmes []domain.ProgrammeSummary
	Roles      []domain.Role
	History    []HistoryRow
	PwErrors   map[string]string // errors of the password reset form
	SelfEdit   bool
	FormError  string
}

// UserFormValues are the typed values of the account form.
type UserFormValues struct {
	Username      string
	DisplayName   string
	Role          string
	UnitIDs       map[int64]bool
	AllProgrammes bool
	ProgrammeIDs  map[int64]bool
	Email         string
}

// Fields of the account form (create and update) and of setting a
// password (with the account, on reset, on one's own change); also the
// keys of domain.User.Validate's and domain.NewPassword.Validate's messages.
const (
	FieldUserUsername    = "username"
	FieldUserDisplayName = "display_name"
	FieldUserRole        = "role"
	FieldUserUnits       = "units"
	FieldUserEmail       = "email"
	// FieldUserAllProgrammes and FieldUserProgrammes are the account's
	// programme scope: all programmes, or the memberships.
	FieldUserAllProgrammes = domain.FieldAllProgrammes
	FieldUserProgrammes    = domain.FieldUserProgrammes
	FieldPassword          = "password"
	FieldPasswordConfirm   = "password_confirm"
	// FieldCurrentPassword is the user's own password, typed again to
	// change it.
	FieldCurrentPassword = "current_password"
)

// Fields of the login form. FieldLoginNext, the page to go to after
// signing in, is also the login page's query parameter.
const (
	FieldLoginUsername = "username"
	FieldLoginPassword = "password"
	FieldLoginNext     = "next"
)

// Filters of the audit trail (AuditPage); ParamAuditBefore pages to
// older entries.
const (
	ParamAuditUser   = "kto"
	ParamAuditEntity = "rekord"
	ParamAuditID     = "id"
	ParamAuditAction = "czynnosc"
	ParamAuditFrom   = "od"
	ParamAuditTo     = "do"
	ParamAuditBefore = "przed"
)

// HistoryRow is one audit entry shown on a record or in the audit trail.
type HistoryRow struct {
	At        time.Time
	Actor     string
	Role      string
	Address   string
	Action    string
	Entity    string // record type in Polish
	EntityKey string // record type as stored
	EntityID  string
	Link      string // where the record cell leads (its history), empty for none
	Details   string
}

// AuditView is the audit trail page.
type AuditView struct {
	Query    url.Values
	Errors   map[string]string
	Entities map[string]string
	Actions  map[string]string
	Rows     []HistoryRow
	OlderURL string
	// ShowAddress shows the network addresses (administrators only).
	ShowAddress bool
}

// RecordHistoryView is one record's history.
type RecordHistoryView struct {
	Entity      string
	ID          string
	Rows        []HistoryRow
	ShowAddress bool // the network addresses (administrators only)
}

// PasswordHint describes the password policy (domain.NewPassword) beside
// every new-password field.
const PasswordHint = "Co najmniej 10 znaków; najlepiej kilka przypadkowych słów. Nie może to być popularne hasło ani zawierać nazwy użytkownika, imienia, nazwiska lub słowa „kaizen”." // #nosec G101 -- a hint beside a form field, not a credential

// PasswordView is the own-password change form.
type PasswordView struct {
	Errors  map[string]string
	Confirm FactorConfirm // the second factor one's own password change asks for
}

func roleOptions(roles []domain.Role, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz rolę —"}}
	for _, r := range roles {
		opts = append(opts, components.Option{Value: string(r), Label: r.Label(), Selected: string(r) == selected})
	}
	return opts
}

func programmeOptions(list []domain.ProgrammeSummary, selected map[int64]bool) []components.Option {
	opts := make([]components.Option, 0, len(list))
	for _, p := range list {
		opts = append(opts, components.Option{Value: itoa(p.ID), Label: p.Code + " — " + p.Title, Selected: selected[p.ID]})
	}
	return opts
}

// roleDuties says, per role, what the user may do in the application.
func roleDuties(r domain.Role) []string {
	switch r {
	case domain.RoleAdmin:
		return []string{
			"Zakładasz konta użytkowników i nadajesz im role.",
			"Przypisujesz kierowników do ich jednostek.",
			"Resetujesz hasła i dezaktywujesz konta (dezaktywacja kończy sesje od razu).",
		}
	case domain.RoleCoordinator:
		return []string{
			"Definiujesz plan programu i rejestrujesz jednostki.",
			"Rejestrujesz szkolenia, konsultacje i listy obecności.",
			"Przygotowujesz sprawozdania do wniosków o płatność.",
		}
	case domain.RoleExpert:
		return []string{
			"Rejestrujesz dni konsultacji w jednostkach.",
			"Zapisujesz notatki i wnioski ze spotkań grupy dobrych praktyk.",
			"Przygotowujesz produkty do odbioru.",
		}
	case domain.RoleUnitManager:
		return []string{
			"Przeglądasz protokoły odbioru swojej jednostki.",
			"Odbierasz produkty, odbierasz je z uwagami albo odrzucasz z uwagami; decyzję podpisujesz swoim hasłem.",
		}
	case domain.RoleViewer:
		return []string{
			"Przeglądasz pulpity wskaźników i dowody, które za nimi stoją.",
			"Eksportujesz raporty. Niczego nie zmieniasz.",
		}
	case domain.RoleAssessor:
		return []string{
			"Oceniasz swoją jednostkę według modelu CAF: mocne strony, obszary do poprawy i punkty dla każdego podkryterium.",
			"Do konsensusu nikt poza liderem zespołu nie widzi Twoich ocen.",
		}
	}
	return nil
}

// loginProblem is the id of the message about a refused sign-in, which
// describes both fields (empty when there is none).
func loginProblem(v LoginView) string {
	if v.Message == "" {
		return ""
	}
	return "login-error"
}

// PickerPerPage is how many results a "search and choose" field
// (components.Picker) shows at once.
const PickerPerPage = 20

// UnitPickOptions are units as a picker's choices.
func UnitPickOptions(units []domain.Unit) []components.Option {
	opts := make([]components.Option, 0, len(units))
	for _, u := range units {
		label := u.Name + " (" + u.Voivodeship + ")"
		if u.ArchivedAt != nil {
			label += ", w archiwum"
		}
		opts = append(opts, components.Option{Value: itoa(u.ID), Label: label})
	}
	return opts
}
