package domain

import (
	"strconv"
	"strings"
	"testing"
)

func TestSplitEmails(t *testing.T) {
	got := SplitEmails(" anna@example.org\r\n\r\njan@example.org; ewa@example.org,\n  \nadam@example.org ")
	want := []string{"anna@example.org", "jan@example.org", "ewa@example.org", "adam@example.org"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("SplitEmails = %q, want %q", got, want)
	}
}

func TestCheckInvitationEmails(t *testing.T) {
	clean, err := CheckInvitationEmails([]string{" anna@example.org ", "", "Jan@Example.org"})
	if err != nil || strings.Join(clean, "|") != "anna@example.org|Jan@Example.org" {
		t.Fatalf("clean = %q, %v", clean, err)
	}
	for _, tc := range []struct {
		list []string
		want []string
	}{
		{[]string{"anna@example.org", "ANNA@example.org"}, []string{"powtarzają się", "„ANNA@example.org”"}},
		{[]string{"anna@", "b c@example.org", "Jan <jan@example.org>"}, []string{"nie są adresy", "„anna@”", "„b c@example.org”", "„Jan <jan@example.org>”"}},
		{[]string{"x1", "x2", "x3", "x4", "x5", "x6", "x7"}, []string{"„x5”", "i jeszcze 2 inne"}},
		{nil, []string{"co najmniej jeden"}},
		{make([]string, 3), []string{"co najmniej jeden"}},
	} {
		_, err := CheckInvitationEmails(tc.list)
		msg := FieldErrors(err)[FieldInvitationEmails]
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: %q lacks %q", tc.list, msg, w)
			}
		}
		if strings.Contains(msg, "„x6”") {
			t.Errorf("more than five named: %q", msg)
		}
	}
	many := make([]string, MaxInvitations+1)
	for i := range many {
		many[i] = "osoba" + strings.Repeat("x", i%7) + strconv.Itoa(i) + "@example.org"
	}
	if _, err := CheckInvitationEmails(many); !strings.Contains(FieldErrors(err)[FieldInvitationEmails], "najwyżej 2000") {
		t.Errorf("a list too long: %v", err)
	}
	if _, err := CheckInvitationEmails(many[:MaxInvitations]); err != nil {
		t.Errorf("a list of %d: %v", MaxInvitations, err)
	}
}
