package pages

import (
	"kaizen/internal/domain"
	"kaizen/web/components"
)

// TeamView is the page of a programme's team (zespół programu).
type TeamView struct {
	Programme  *domain.Programme
	Members    []domain.ProgrammeMember
	Candidates []*domain.User // active coordinators and experts not yet members
	Form       components.Form
}

// FieldTeamMember is the account chosen to join a team; also the key of
// domain.ValidateMember's message.
const FieldTeamMember = domain.FieldMember

func teamCandidateOptions(users []*domain.User, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz osobę —"}}
	for _, u := range users {
		v := itoa(u.ID)
		opts = append(opts, components.Option{Value: v, Label: u.DisplayName + " (" + u.Username + ", " + u.Role.Label() + ")", Selected: v == selected})
	}
	return opts
}
