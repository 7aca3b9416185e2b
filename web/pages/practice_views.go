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

// Filters of the practices list (with ParamSearch and ParamUnit).
const (
	ParamPracticeArea     = "obszar"
	ParamPracticeAccepted = "przyjete"
)

// Fields of the good-practice form (PracticeForm).
const (
	FieldPracticeTitle           = "title"
	FieldPracticeUnit            = "unit"
	FieldPracticeArea            = "area"
	FieldPracticeDescription     = "description"
	FieldPracticeResults         = "results"
	FieldPracticeWhyResults      = "why_results"
	FieldPracticeWhyInnovative   = "why_innovative"
	FieldPracticeWhyDurable      = "why_durable"
	FieldPracticeWhyTransferable = "why_transferable"
	FieldPracticeStatus          = "status"
	FieldPracticeMeetings        = "meetings"
)

// PracticeValues are a stored practice's values for its form.
func PracticeValues(g *domain.GoodPractice) map[string][]string {
	v := map[string][]string{FieldPracticeTitle: {g.Title}, FieldPracticeUnit: {itoa(g.UnitID)}, FieldPracticeArea: {string(g.Area)},
		FieldPracticeDescription: {g.Description}, FieldPracticeResults: {g.Results}, FieldPracticeWhyResults: {g.WhyResults},
		FieldPracticeWhyInnovative: {g.WhyInnovative}, FieldPracticeWhyDurable: {g.WhyDurable}, FieldPracticeWhyTransferable: {g.WhyTransferable},
		FieldPracticeStatus: {string(g.Status)}, FieldVersion: {strconv.Itoa(g.Version)}}
	for _, id := range g.MeetingIDs {
		v[FieldPracticeMeetings] = append(v[FieldPracticeMeetings], itoa(id))
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
		opts = append(opts, components.Option{Value: itoa(m.ID), Label: "Spotkanie nr " + strconv.Itoa(m.Number) + " (" + dayList(m.Days) + ")", Selected: f.Has(FieldPracticeMeetings, itoa(m.ID))})
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
