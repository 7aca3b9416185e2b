package domain

import (
	"slices"
	"time"
)

// Programme membership (least privilege): which programmes a user sees and
// works on is decided here, next to the unit scope (User.UnitScope).
//
//   - coordinators and experts: the programmes they are members of
//     (zespół programu), assigned by an administrator or by a coordinator
//     of that programme;
//   - administrators and viewers: every programme (AllProgrammes) or their
//     memberships;
//   - unit managers: the programmes their units take part in (never a
//     membership).

// ProgrammeScope is the programmes the user sees: limited is false when the
// user sees every programme; otherwise ids lists them (never nil, so that a
// list filtered by it shows nothing when there are none, and so is no user).
func (u *User) ProgrammeScope() (ids []int64, limited bool) {
	switch {
	case u == nil:
		return []int64{}, true
	case u.AllProgrammes && CanHaveAllProgrammes(u.Role):
		return nil, false
	case u.Role.BoundToUnits():
		if u.UnitProgrammeIDs == nil {
			return []int64{}, true
		}
		return u.UnitProgrammeIDs, true
	case u.ProgrammeIDs == nil:
		return []int64{}, true
	}
	return u.ProgrammeIDs, true
}

// CanSeeProgramme is the per-programme rule: an active user sees the
// programmes of ProgrammeScope; every address under /programmes/{id}
// answers "not found" for the others.
func (u *User) CanSeeProgramme(id int64) bool {
	if u == nil || !u.Active {
		return false
	}
	ids, limited := u.ProgrammeScope()
	return !limited || slices.Contains(ids, id)
}

// CanHaveAllProgrammes reports whether role r may be given every programme
// at once (administrators and viewers).
func CanHaveAllProgrammes(r Role) bool { return r == RoleAdmin || r == RoleViewer }

// CanBeMember reports whether role r may be a member of a programme's team
// (everyone but unit managers, whose programmes follow their units).
func CanBeMember(r Role) bool { return r.Valid() && !r.BoundToUnits() }

// TeamRoles are the roles a programme's team page assigns.
var TeamRoles = []Role{RoleCoordinator, RoleExpert}

// CanManageTeam reports whether the user may add members to and remove them
// from programme id's team: an administrator who sees it, or a coordinator
// who is its member.
func (u *User) CanManageTeam(id int64) bool {
	return u.Can(PermManageTeam) && u.CanSeeProgramme(id)
}

// Membership field and messages.
const (
	FieldMember         = "member"
	msgMemberRole       = "Kierownik jednostki nie może być członkiem zespołu programu: widzi programy, w których uczestniczą jego jednostki."
	msgAssessorMember   = "Członek zespołu samooceny nie może być członkiem zespołu programu: widzi programy, w których uczestniczą jego jednostki."
	msgMemberTeamRole   = "Do zespołu programu dodaje się koordynatorów i ekspertów."
	msgMemberInactive   = "Tego konta nie można dodać: jest nieaktywne."
	msgAllProgrammes    = "Wszystkie programy można nadać tylko administratorowi lub obserwatorowi."
	FieldAllProgrammes  = "all_programmes"
	FieldUserProgrammes = "programmes"
)

// ValidateMember checks that user m may be added to a programme's team.
func ValidateMember(m *User) error {
	v := Validation{}
	switch {
	case m == nil:
		v.Add(FieldMember, "Wybierz osobę z listy.")
	case m.Role == RoleAssessor:
		v.Add(FieldMember, msgAssessorMember)
	case m.Role.BoundToUnits():
		v.Add(FieldMember, msgMemberRole)
	case !slices.Contains(TeamRoles, m.Role):
		v.Add(FieldMember, msgMemberTeamRole)
	case !m.Active:
		v.Add(FieldMember, msgMemberInactive)
	}
	return v.Err()
}

// MsgMemberRole is the message of a membership refused by the database
// (a unit manager).
const MsgMemberRole = msgMemberRole

// validateProgrammes checks the account's programme scope.
func (u *User) validateProgrammes(v Validation) {
	if u.AllProgrammes && !CanHaveAllProgrammes(u.Role) {
		v.Add(FieldAllProgrammes, msgAllProgrammes)
	}
	switch {
	case u.Role == RoleAssessor && len(u.ProgrammeIDs) > 0:
		v.Add(FieldUserProgrammes, msgAssessorMember)
	case u.Role.BoundToUnits() && len(u.ProgrammeIDs) > 0:
		v.Add(FieldUserProgrammes, msgMemberRole)
	}
}

// ProgrammeMember is one member of a programme's team.
type ProgrammeMember struct {
	ProgrammeID int64
	UserID      int64
	Username    string
	DisplayName string
	Role        Role
	Active      bool
	AddedAt     time.Time
	AddedBy     string // display name of who added the member ("" when unknown)
}
