package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user does in the application.
type Role string

const (
	RoleAdmin       Role = "admin"        // administrator
	RoleCoordinator Role = "coordinator"  // koordynator / biuro projektu
	RoleExpert      Role = "expert"       // ekspert / konsultant / trener
	RoleUnitManager Role = "unit_manager" // kierownik JST / komórki
	RoleViewer      Role = "viewer"       // obserwator
	// RoleAssessor is a member of a unit's CAF self-assessment group
	// (członek zespołu samooceny): bound to units like a unit manager, it
	// scores in the assessments whose group it belongs to and reads its
	// units' CAF results; nothing else.
	RoleAssessor Role = "assessor"
)

// Roles lists every role in the order the UI shows them.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleExpert, RoleUnitManager, RoleViewer, RoleAssessor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Label is the role's Polish name.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "administrator"
	case RoleCoordinator:
		return "koordynator"
	case RoleExpert:
		return "ekspert"
	case RoleUnitManager:
		return "kierownik jednostki"
	case RoleViewer:
		return "obserwator"
	case RoleAssessor:
		return "członek zespołu samooceny"
	}
	return string(r)
}

// BoundToUnits reports whether accounts of role r work for units bound to
// them (unit managers and self-assessment group members): their records
// and programmes follow the units.
func (r Role) BoundToUnits() bool { return r == RoleUnitManager || r == RoleAssessor }

// Permission is something a role may do. Which role has which permission is
// decided here and nowhere else; routes and navigation ask Can.
type Permission string

const (
	PermUseApp          Permission = "app.use"             // sign in and see the start page
	PermManageUsers     Permission = "users.manage"        // list, create, change, deactivate accounts
	PermEditPlan        Permission = "plan.edit"           // programmes, units, tasks, trainings, indicators
	PermSeeContacts     Permission = "contacts.see"        // names of contact persons in units
	PermRecordTraining  Permission = "training.record"     // training sessions, participants, attendance, scans
	PermSeeNames        Permission = "names.see"           // participants' names and scans (unit managers: own units only)
	PermRecordWork      Permission = "work.record"         // consultations, good-practice meetings, the good-practice register
	PermViewAudit       Permission = "audit.view"          // the audit trail and every record's history
	PermSeeAddresses    Permission = "audit.addresses"     // the network addresses in the audit trail (administrators)
	PermPrepareProtocol Permission = "protocols.prepare"   // products' progress and documents, acceptance protocols
	PermSignProtocol    Permission = "protocols.sign"      // decide on a protocol of one's own unit (unit managers)
	PermRecordPaper     Permission = "protocols.paper"     // record a decision signed on paper, with its scan, and confirm another person's record (four eyes)
	PermObjectPaper     Permission = "protocols.object"    // object to a paper record of one's own unit (unit managers)
	PermDecideObjection Permission = "protocols.objection" // uphold or dismiss a unit manager's objection
	PermVerify          Permission = "integrity.verify"    // recompute the digests of signed protocols
	PermClosePeriod     Permission = "periods.close"       // close a reporting period when its payment request is filed; manual indicator values
	PermReopenPeriod    Permission = "periods.reopen"      // reopen a closed period (with a reason)
	PermExportPersons   Permission = "persons.export"      // the participant list for the funder's monitoring system
	PermManageTeam      Permission = "team.manage"         // a programme's team (its coordinators and experts); see User.CanManageTeam
	PermRunSurveys      Permission = "surveys.run"         // questionnaires, survey waves, invitations, paper key-in, validation, closing a wave
	PermSurveyResults   Permission = "surveys.results"     // survey results and comparisons (unit managers: own units by name, others anonymised)
	PermOpenAnswers     Permission = "surveys.open"        // read respondents' open answers (unit managers: own units only)
	PermReadMail        Permission = "mail.read"           // the e-mails the local SMTP sink received (/admin/mail): they hold other people's notices
	// The accessibility statement and the requests for accessibility
	// (ustawa o dostępności cyfrowej; accessibility.go).
	PermManageAccessibility Permission = "accessibility.manage"
	// CAF self-assessment (caf.go). Which assessment a user may act on is
	// further decided per record by CAFRightsOf.
	PermRunCAF     Permission = "caf.run"     // open an assessment in a unit, set its group and leader, facilitate and read its work
	PermScoreCAF   Permission = "caf.score"   // score as a member of a self-assessment group (own units), lead its consensus
	PermSignCAF    Permission = "caf.sign"    // sign off one's own unit's consensus; consent to be named in benchlearning
	PermCAFResults Permission = "caf.results" // CAF reports, improvement plans and benchmarking (units bound to the account: own units by name, others anonymised)
	PermCAFAcross  Permission = "caf.across"  // benchmarking of CAF scores across every programme
)

var rolePermissions = map[Role][]Permission{
	RoleAdmin: {PermUseApp, PermManageUsers, PermEditPlan, PermSeeContacts, PermRecordTraining, PermSeeNames, PermRecordWork, PermViewAudit, PermSeeAddresses,
		PermPrepareProtocol, PermRecordPaper, PermVerify, PermClosePeriod, PermReopenPeriod, PermExportPersons, PermManageTeam, PermDecideObjection,
		PermRunSurveys, PermSurveyResults, PermOpenAnswers, PermReadMail, PermManageAccessibility, PermRunCAF, PermCAFResults, PermCAFAcross},
	RoleCoordinator: {PermUseApp, PermEditPlan, PermSeeContacts, PermRecordTraining, PermSeeNames, PermRecordWork, PermPrepareProtocol, PermRecordPaper,
		PermClosePeriod, PermExportPersons, PermManageTeam, PermRunSurveys, PermSurveyResults, PermOpenAnswers, PermRunCAF, PermCAFResults},
	RoleExpert: {PermUseApp, PermSeeContacts, PermSeeNames, PermRecordWork, PermPrepareProtocol, PermSurveyResults, PermOpenAnswers,
		PermRunCAF, PermCAFResults},
	RoleUnitManager: {PermUseApp, PermSignProtocol, PermObjectPaper, PermSurveyResults, PermOpenAnswers, PermScoreCAF, PermSignCAF, PermCAFResults},
	RoleViewer:      {PermUseApp, PermViewAudit, PermSurveyResults, PermCAFResults},
	RoleAssessor:    {PermUseApp, PermScoreCAF, PermCAFResults},
}

// Can reports whether role r has permission p.
func (r Role) Can(p Permission) bool { return slices.Contains(rolePermissions[r], p) }

// User is an account.
type User struct {
	ID            int64
	Username      string
	DisplayName   string
	Role          Role
	UnitIDs       []int64 // units a unit manager is bound to
	AllProgrammes bool    // sees every programme (administrators and viewers only)
	ProgrammeIDs  []int64 // programmes whose team the user is a member of (never a unit manager)
	// UnitProgrammeIDs are, for a unit manager, the programmes the bound
	// units take part in (loaded with the account, read only; see
	// ProgrammeScope).
	UnitProgrammeIDs []int64
	// Email is the address notices go to; empty: none (no e-mail is sent).
	Email string
	// Notices: the user receives workflow notices by e-mail (their own
	// switch, on their account page).
	Notices        bool
	Active         bool
	Demo           bool // created by demo mode; refused on a production start
	SessionVersion int  // bumped to end all of the user's sessions
	CreatedAt      time.Time
	UpdatedAt      time.Time
	LastLoginAt    *time.Time
}

// Can reports whether the user may do p (inactive users may do nothing).
func (u *User) Can(p Permission) bool { return u != nil && u.Active && u.Role.Can(p) }

// UnitScope is the units whose records the user works with. A unit
// manager is limited to the units bound to the account: ids is then never
// nil, so that a list filtered by it shows nothing when no unit is bound
// (and so is no user). Other roles are not limited by unit (nil, false):
// their permissions alone govern them.
func (u *User) UnitScope() (ids []int64, limited bool) {
	switch {
	case u == nil:
		return []int64{}, true
	case !u.Role.BoundToUnits():
		return nil, false
	case u.UnitIDs == nil:
		return []int64{}, true
	}
	return u.UnitIDs, true
}

// CanActOnUnit is the per-record rule for records that belong to a unit:
// an active user acts on the units of UnitScope.
func (u *User) CanActOnUnit(unitID int64) bool {
	if u == nil || !u.Active {
		return false
	}
	ids, limited := u.UnitScope()
	return !limited || slices.Contains(ids, unitID)
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Limits of account fields.
const (
	UsernameMin    = 3
	UsernameMax    = 64
	DisplayNameMax = 200
	PasswordMin    = 10
	PasswordMax    = 256
)

// NormalizeUsername folds a typed username to its stored form.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the account's own fields.
func (u *User) Validate() error {
	v := Validation{}
	switch n := utf8.RuneCountInString(u.Username); {
	case n == 0:
		v.Add("username", "Podaj nazwę użytkownika.")
	case n < UsernameMin || n > UsernameMax:
		v.Add("username", "Nazwa użytkownika musi mieć od 3 do 64 znaków.")
	case !usernameRE.MatchString(u.Username):
		v.Add("username", "Nazwa użytkownika może zawierać tylko małe litery bez polskich znaków, cyfry, kropkę, myślnik i podkreślenie, i musi zaczynać się od litery lub cyfry.")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(u.DisplayName)); {
	case n == 0:
		v.Add("display_name", "Podaj imię i nazwisko.")
	case n > DisplayNameMax:
		v.Add("display_name", "Imię i nazwisko może mieć najwyżej 200 znaków.")
	}
	if msg := ValidateEmail(u.Email); msg != "" {
		v.Add("email", msg)
	}
	if !u.Role.Valid() {
		v.Add("role", "Wybierz rolę z listy.")
	}
	if u.Role == RoleUnitManager && len(u.UnitIDs) == 0 {
		v.Add("units", "Kierownik jednostki musi mieć przypisaną co najmniej jedną jednostkę.")
	}
	if u.Role == RoleAssessor && len(u.UnitIDs) == 0 {
		v.Add("units", "Członek zespołu samooceny musi mieć przypisaną swoją jednostkę.")
	}
	if !u.Role.BoundToUnits() && len(u.UnitIDs) > 0 {
		v.Add("units", "Jednostki przypisuje się tylko kierownikom jednostek i członkom zespołów samooceny.")
	}
	u.validateProgrammes(v)
	return v.Err()
}

// DemoPassword is the password of the demo accounts. Outside demo mode it is
// refused everywhere.
const DemoPassword = "demo"
