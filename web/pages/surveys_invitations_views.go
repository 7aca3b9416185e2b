package pages

import (
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// SurveyInvitationsView is a wave's page of personal invitations.
type SurveyInvitationsView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Counts    domain.InvitationCounts
	Form      components.Form
	Today     time.Time // in Warsaw: a wave past its closing date takes no answers
}

// past reports whether the wave's time for answers is over.
func (v SurveyInvitationsView) past() bool {
	return !v.Today.IsZero() && v.Today.After(v.Wave.ClosesOn)
}

// FieldInvitationEmails is the list of addresses to invite.
const FieldInvitationEmails = domain.FieldInvitationEmails

// reminderDays is domain.ReminderInterval in days, as the page says it.
var reminderDays = strconv.Itoa(int(domain.ReminderInterval.Hours() / 24))

func (v SurveyInvitationsView) responseRate() string {
	if p, ok := v.Counts.ResponseRate(); ok {
		return domain.FormatPercent(p)
	}
	return "–"
}

func (v SurveyInvitationsView) title() string { return "Zaproszenia do ankiety " + v.Wave.Code }

func (v SurveyInvitationsView) waveLine() string {
	return v.Wave.QuestionnaireName + " – " + v.Wave.UnitName + ", " + domain.RoundLabel(v.Wave.Round) + ", " +
		components.Date(v.Wave.OpensOn) + "–" + components.Date(v.Wave.ClosesOn)
}
