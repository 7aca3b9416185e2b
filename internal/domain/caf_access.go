package domain

// CAFRights is what a user may do with one assessment. The permissions of
// roles (user.go) say who takes part in CAF at all; this is the one place
// that decides it per assessment, from the user's unit scope and the
// assessment's group and stage:
//
//   - a member of the group scores alone (only their own scoring is shown
//     to them, never the others') until they submit it or the consensus
//     opens;
//   - the leader, a member, opens and records the consensus and then sees
//     every member's scores side by side, and hands it to the manager;
//   - the programme's coordinators and experts (PermRunCAF) facilitate:
//     they set the group and read everything the leader reads;
//   - the unit's manager reads the consensus handed over and signs it;
//   - whoever reads CAF results for the unit (PermCAFResults within the
//     unit scope) reads the signed consensus, its report and the plan.
type CAFRights struct {
	Read         bool // the assessment's page (what else shows follows below)
	Facilitate   bool // change the group, see the members' progress
	Member       bool // in the group
	Score        bool // save one's own scoring now
	Lead         bool // open, record and submit the consensus now
	SeeAllScores bool // every member's individual scores (after the consensus opens)
	SeeWork      bool // the consensus in work (before it is signed)
	Sign         bool // sign the submitted consensus or send it back
	Correct      bool // start a correction of the signed consensus
	ReadResults  bool // the signed consensus, its report and chart
	EditPlan     bool // the improvement plan's actions
}

// CAFRightsOf decides what u may do with assessment a.
func CAFRightsOf(u *User, a *CAFAssessment) CAFRights {
	var r CAFRights
	if u == nil || !u.Active || a == nil || !u.CanSeeProgramme(a.ProgrammeID) {
		return r
	}
	facilitator := u.Can(PermRunCAF)
	inUnit := u.CanActOnUnit(a.UnitID)
	m := a.Member(u.ID)
	member := m != nil && u.Can(PermScoreCAF) && inUnit
	leader := member && m.Leader
	manager := u.Role == RoleUnitManager && u.Can(PermSignCAF) && inUnit
	reader := u.Can(PermCAFResults) && inUnit
	signed := !a.SignedOn.IsZero()

	r.Member = member
	r.Facilitate = facilitator
	r.Read = facilitator || member || manager || reader
	r.Score = member && a.Stage == CAFStageScoring && m.SubmittedAt == nil
	// a correction of a signed consensus may also be led by a facilitator
	r.Lead = a.Stage == CAFStageConsensus && (leader || (facilitator && signed))
	opened := a.Stage != CAFStageScoring
	r.SeeAllScores = opened && (leader || facilitator)
	r.SeeWork = opened && (leader || facilitator || (manager && a.Stage == CAFStageSubmitted))
	r.Sign = manager && a.Stage == CAFStageSubmitted
	r.Correct = (leader || facilitator) && a.Stage == CAFStageSigned
	r.ReadResults = signed && (facilitator || reader || member || manager)
	r.EditPlan = signed && (facilitator || leader || manager)
	return r
}
