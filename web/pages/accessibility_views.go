package pages

import (
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// StatementView is the public accessibility statement.
type StatementView struct {
	Statement *domain.AccessibilityStatement
	CanEdit   bool
}

// StatementFormView is the administrators' form of the statement.
type StatementFormView struct {
	Form    components.Form
	Exists  bool   // a statement is published (else the form creates it)
	Message string // someone else saved first
}

// A11yRequestFormView is the public form of a request for accessibility.
type A11yRequestFormView struct {
	Form    components.Form
	Message string // refused as a whole (too many requests)
}

// A11yRequestsView lists the requests for administrators.
type A11yRequestsView struct {
	Requests []*domain.AccessibilityRequest
	Today    time.Time
}

// A11yRequestView is one request with its answer form.
type A11yRequestView struct {
	Request *domain.AccessibilityRequest
	Today   time.Time
	Form    components.Form
	Message string
}

// Fields of the statement form (the names domain.AccessibilityStatement's
// Validate reports under).
const (
	FieldA11yEntity        = "entity"
	FieldA11yURL           = "url"
	FieldA11yPublishedOn   = "published_on"
	FieldA11yUpdatedOn     = "updated_on"
	FieldA11yStatus        = "status"
	FieldA11yNonAccessible = "non_accessible"
	FieldA11yPreparedOn    = "prepared_on"
	FieldA11yReviewedOn    = "reviewed_on"
	FieldA11yAssessment    = "assessment"
	FieldA11yAuditor       = "auditor"
	FieldA11yContact       = "contact_person"
	FieldA11yEmail         = "email"
	FieldA11yPhone         = "phone"
	FieldA11yProcedure     = "procedure"
	FieldA11yArchitecture  = "architecture"
	FieldA11yApps          = "apps"
)

// StatementFields are the statement form's fields in page order.
var StatementFields = []string{FieldA11yEntity, FieldA11yURL, FieldA11yPublishedOn, FieldA11yUpdatedOn, FieldA11yStatus, FieldA11yNonAccessible,
	FieldA11yPreparedOn, FieldA11yReviewedOn, FieldA11yAssessment, FieldA11yAuditor, FieldA11yContact, FieldA11yEmail, FieldA11yPhone,
	FieldA11yProcedure, FieldA11yArchitecture, FieldA11yApps}

// Fields of the public request form and of the answer form (the names
// domain.AccessibilityRequest's and A11yRequestChange's Validate report
// under). FieldA11yWebsite is the honeypot: hidden from people, filled by
// robots.
const (
	FieldA11yElement     = "element"
	FieldA11yRequest     = "request"
	FieldA11yAlternative = "alternative"
	FieldA11yName        = "name"
	FieldA11yWebsite     = "website"
	FieldA11yAnswer      = "answer"
)

// A11yRequestFields are the request form's fields in page order.
var A11yRequestFields = []string{FieldA11yElement, FieldA11yRequest, FieldA11yAlternative, FieldA11yName, FieldA11yEmail, FieldA11yPhone}

// isoDate is a date as the statement's <time datetime> and its text show it.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// StatementValues are a stored statement's values for its form.
func StatementValues(s *domain.AccessibilityStatement) map[string][]string {
	return map[string][]string{FieldA11yEntity: {s.Entity}, FieldA11yURL: {s.URL}, FieldA11yPublishedOn: {isoDate(s.PublishedOn)},
		FieldA11yUpdatedOn: {isoDate(s.UpdatedOn)}, FieldA11yStatus: {string(s.Status)}, FieldA11yNonAccessible: {s.NonAccessible},
		FieldA11yPreparedOn: {isoDate(s.PreparedOn)}, FieldA11yReviewedOn: {isoDate(s.ReviewedOn)}, FieldA11yAssessment: {s.Assessment},
		FieldA11yAuditor: {s.Auditor}, FieldA11yContact: {s.ContactPerson}, FieldA11yEmail: {s.Email}, FieldA11yPhone: {s.Phone},
		FieldA11yProcedure: {s.Procedure}, FieldA11yArchitecture: {s.Architecture}, FieldA11yApps: {s.Apps},
		FieldVersion: {strconv.Itoa(s.Version)}}
}

// A11yRequestValues are a stored request's answer for its form.
func A11yRequestValues(q *domain.AccessibilityRequest) map[string][]string {
	return map[string][]string{FieldA11yStatus: {string(q.Status)}, FieldA11yAnswer: {q.Answer}, FieldVersion: {strconv.Itoa(q.Version)}}
}

func a11yStatusOptions(selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "wybierz"}}
	for _, s := range domain.A11yStatuses {
		opts = append(opts, components.Option{Value: string(s), Label: "serwis jest " + s.Label() + " z ustawą", Selected: selected == string(s)})
	}
	return opts
}

func a11yRequestStatusOptions(selected string) []components.Option {
	var opts []components.Option
	for _, s := range domain.A11yRequestStatuses {
		opts = append(opts, components.Option{Value: string(s), Label: s.Label(), Selected: selected == string(s)})
	}
	return opts
}

// paragraphs splits a text into its non-blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// telHref is the tel: link of a phone number typed with spaces or dashes.
func telHref(phone string) string {
	return "tel:" + strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == '+' {
			return r
		}
		return -1
	}, phone)
}

// a11yContact is how the requester asked to be answered.
func a11yContact(q *domain.AccessibilityRequest) string {
	var parts []string
	for _, p := range []string{q.Email, q.Phone} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// A11yHome is what the administrators' start page says about
// accessibility: the statement's yearly review and the requests past
// their 7-day deadline.
type A11yHome struct {
	Review  domain.ReviewReminder
	Overdue int
}
