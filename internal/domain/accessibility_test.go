package domain

import (
	"testing"
	"time"
)

func TestStatementReview(t *testing.T) {
	for _, c := range []struct {
		name, last, today string
		due, overdue      bool
	}{
		{"FebruaryNoReminder", "2026-03-15", "2027-02-28", false, false},
		{"FromFirstMarch", "2026-03-15", "2027-03-01", true, false},
		{"OnDeadline", "2026-12-20", "2027-03-31", true, false},
		{"AfterDeadline", "2026-12-20", "2027-04-01", true, true},
		{"ReviewedThisYear", "2027-01-10", "2027-03-20", false, false},
		{"ReviewedLateThisYear", "2027-04-05", "2027-06-01", false, false},
		{"NewYearDue", "2027-03-20", "2028-03-02", true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			last := day(c.last)
			r := StatementReview(&last, day(c.today))
			if r.Due != c.due || r.Overdue != c.overdue || r.Missing {
				t.Errorf("%s on %s: due %v overdue %v, want %v %v", c.last, c.today, r.Due, r.Overdue, c.due, c.overdue)
			}
			if want := day(c.today[:4] + "-03-31"); !r.Deadline.Equal(want) {
				t.Errorf("deadline %s, want %s", r.Deadline, want)
			}
		})
	}
	if r := StatementReview(nil, day("2027-07-01")); !r.Missing || !r.Due {
		t.Errorf("no statement: %+v", r)
	}
}

func TestAccessibilityRequestDeadlines(t *testing.T) {
	// Received late in the evening in Warsaw: the day is Warsaw's.
	q := AccessibilityRequest{ReceivedAt: time.Date(2027, 4, 30, 22, 30, 0, 0, time.UTC), Status: A11yRequestNew}
	if got := q.ReceivedOn().Format("2006-01-02"); got != "2027-05-01" {
		t.Fatalf("received on %s", got)
	}
	if q.Deadline() != day("2027-05-08") || q.MaxDeadline() != day("2027-07-01") {
		t.Fatalf("deadlines %s %s", q.Deadline(), q.MaxDeadline())
	}
	if q.Overdue(day("2027-05-08")) || !q.Overdue(day("2027-05-09")) || q.PastMax(day("2027-07-01")) || !q.PastMax(day("2027-07-02")) {
		t.Error("overdue on the wrong days")
	}
	q.Status = A11yRequestDone
	if q.Overdue(day("2027-06-01")) {
		t.Error("a settled request is never overdue")
	}
}

func TestAccessibilityStatementValidate(t *testing.T) {
	s := AccessibilityStatement{Status: "x", Email: "a@b", Phone: "12", URL: "kaizen.pl", PublishedOn: day("2027-01-02"), UpdatedOn: day("2027-01-01")}
	err := s.Validate()
	f := FieldErrors(err)
	for _, field := range []string{"entity", "url", "updated_on", "prepared_on", "reviewed_on", "status", "contact_person", "phone", "procedure", "architecture", "apps"} {
		if f[field] == "" {
			t.Errorf("no message for %s", field)
		}
	}
	if f["published_on"] != "" {
		t.Errorf("published_on: %q", f["published_on"])
	}
}
