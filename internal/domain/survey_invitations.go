package domain

import (
	"strconv"
	"strings"
	"time"
)

// Personal invitations to an anonymous survey (issue 16): a wave's list of
// e-mail addresses, one single-use link each. The invitation records only
// whether its link was used, never which answers; addresses are erased
// when the wave closes.

// FieldInvitationEmails is the list of addresses to invite (one a line).
const FieldInvitationEmails = "emails"

// MaxInvitations is the most addresses one list may hold.
const MaxInvitations = 2000

// ReminderInterval is how soon an invitation may be reminded again.
const ReminderInterval = 3 * 24 * time.Hour

// SplitEmails reads a typed list of addresses: one a line (commas and
// semicolons, as a mail program copies them, separate too); blank
// entries are skipped.
func SplitEmails(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// CheckInvitationEmails validates a list of addresses to invite (trimmed;
// blanks skipped): every address plain and valid, none twice (whatever
// the letter case). Any problem refuses the whole list: the message at
// FieldInvitationEmails names the addresses at fault.
func CheckInvitationEmails(emails []string) ([]string, error) {
	clean := make([]string, 0, len(emails))
	seen := map[string]bool{}
	var bad, twice []string
	for _, e := range emails {
		e = NormalizeEmail(e)
		if e == "" {
			continue
		}
		key := strings.ToLower(e)
		switch {
		case ValidateEmail(e) != "":
			bad = append(bad, e)
		case seen[key]:
			twice = append(twice, e)
		default:
			seen[key] = true
			clean = append(clean, e)
		}
	}
	var msgs []string
	if len(bad) > 0 {
		msgs = append(msgs, "to nie są adresy e-mail (podaj je w postaci nazwa@domena.pl, bez imienia i nazwiska): "+NameSome(bad))
	}
	if len(twice) > 0 {
		msgs = append(msgs, "te adresy powtarzają się na liście: "+NameSome(twice))
	}
	switch {
	case len(msgs) > 0:
		return nil, InvitationListError(strings.Join(msgs, "; "))
	case len(clean) == 0:
		return nil, Validation{FieldInvitationEmails: "Wpisz co najmniej jeden adres e-mail, każdy w osobnym wierszu."}.Err()
	case len(clean) > MaxInvitations:
		return nil, Validation{FieldInvitationEmails: "Jedna lista może mieć najwyżej 2000 adresów – podziel ją na części."}.Err()
	}
	return clean, nil
}

// InvitationListError is the refusal of a whole list of addresses: nothing
// was sent; problem names the addresses at fault.
func InvitationListError(problem string) error {
	return Validation{FieldInvitationEmails: "Nie wysłano żadnego zaproszenia – popraw listę: " + problem + "."}.Err()
}

// NameSome names up to five items in quotes, and how many more there are.
func NameSome(items []string) string {
	const shown = 5
	var b strings.Builder
	for i, it := range items {
		if i == shown {
			n := len(items) - shown
			b.WriteString(" i jeszcze " + strconv.Itoa(n) + " " + Plural(n, "inny", "inne", "innych"))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("„" + it + "”")
	}
	return b.String()
}

// InvitationCounts are a wave's personal invitations in numbers.
type InvitationCounts struct {
	Invited, Answered int
	Reminders         int        // reminder messages sent in all
	LastReminder      *time.Time // when the latest went; nil: none yet
	Due               int        // whom a reminder would go to now
	Waiting           int        // not answered, reminded too recently to be reminded again
	NextDue           *time.Time // when the first of Waiting may be reminded again
	Erased            bool       // the wave closed: the addresses are erased
}

// ResponseRate is the share of invitations answered, in percent; false
// without invitations.
func (c InvitationCounts) ResponseRate() (float64, bool) {
	if c.Invited == 0 {
		return 0, false
	}
	return 100 * float64(c.Answered) / float64(c.Invited), true
}
