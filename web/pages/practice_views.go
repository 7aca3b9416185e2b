package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// PracticesView is the register with its search.
type PracticesView struct {
	Programme      *domain.Programme
	Practices      []*domain.GoodPractice
	Participations []domain.Participation
	Filter         domain.PracticeFilter
	CanRecord      bool
}

// PracticeView is one practice.
type PracticeView struct {
	Programme *domain.Programme
	Practice  *domain.GoodPractice
	Meetings  []domain.MeetingSummary
	CanRecord bool
}

// PracticeFormView is the practice form.
type PracticeFormView struct {
	Programme      *domain.Programme
	ID             int64
	Participations []domain.Participation
	Meetings       []domain.MeetingSummary
	Form           components.Form
	Token          string
	Message        string
}

// PracticeValues are a stored practice's values for its form.
func PracticeValues(g *domain.GoodPractice) map[string][]string {
	v := map[string][]string{"title": {g.Title}, "unit": {itoa(g.UnitID)}, "area": {string(g.Area)}, "description": {g.Description},
		"results": {g.Results}, "why_results": {g.WhyResults}, "why_innovative": {g.WhyInnovative}, "why_durable": {g.WhyDurable},
		"why_transferable": {g.WhyTransferable}, "status": {string(g.Status)}, "version": {strconv.Itoa(g.Version)}}
	for _, id := range g.MeetingIDs {
		v["meetings"] = append(v["meetings"], itoa(id))
	}
	return v
}

func statusOptions(selected string) []components.Option {
	return []components.Option{
		{Value: string(domain.PracticeProposed), Label: domain.PracticeProposed.Label(), Selected: selected == string(domain.PracticeProposed)},
		{Value: string(domain.PracticeAccepted), Label: domain.PracticeAccepted.Label(), Selected: selected == string(domain.PracticeAccepted)},
	}
}

func meetingChecks(ms []domain.MeetingSummary, f components.Form) []components.Option {
	var opts []components.Option
	for _, m := range ms {
		opts = append(opts, components.Option{Value: itoa(m.ID), Label: "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + dayList(m.Days) + ")", Selected: f.Has("meetings", itoa(m.ID))})
	}
	return opts
}

func meetingLabel(ms []domain.MeetingSummary, id int64) string {
	for _, m := range ms {
		if m.ID == id {
			return "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + dayList(m.Days) + ")"
		}
	}
	return ""
}
