package domain

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The law beyond WCAG: the accessibility statement (deklaracja
// dostępności) the ustawa o dostępności cyfrowej (Dz.U. 2023 poz. 1440)
// requires, kept as the ministry's technical conditions structure it, its
// yearly review by 31 March, and the requests for accessibility of art. 18.

// A11yStatus is how far the service complies with the act (status
// pod względem zgodności z ustawą).
type A11yStatus string

const (
	A11yFull    A11yStatus = "full"    // zgodna
	A11yPartial A11yStatus = "partial" // częściowo zgodna
	A11yNone    A11yStatus = "none"    // niezgodna
)

// A11yStatuses lists the statuses in the order the form offers them.
var A11yStatuses = []A11yStatus{A11yFull, A11yPartial, A11yNone}

// Label is the status as the statement says it ("Serwis jest … z ustawą").
func (s A11yStatus) Label() string {
	switch s {
	case A11yFull:
		return "zgodna"
	case A11yPartial:
		return "częściowo zgodna"
	case A11yNone:
		return "niezgodna"
	}
	return string(s)
}

// AccessibilityStatement is the statement's content (one per service).
type AccessibilityStatement struct {
	Entity        string     `json:"entity"` // podmiot publiczny
	URL           string     `json:"url"`
	PublishedOn   time.Time  `json:"published_on"` // data publikacji serwisu
	UpdatedOn     time.Time  `json:"updated_on"`   // data ostatniej istotnej aktualizacji
	Status        A11yStatus `json:"status"`
	NonAccessible string     `json:"non_accessible"` // elementy niedostępne i przyczyny (one per line)
	PreparedOn    time.Time  `json:"prepared_on"`    // data sporządzenia deklaracji
	ReviewedOn    time.Time  `json:"reviewed_on"`    // data ostatniego przeglądu
	Assessment    string     `json:"assessment"`     // metoda oceny (samoocena, badanie podmiotu zewnętrznego)
	Auditor       string     `json:"auditor"`        // podmiot zewnętrzny, jeśli ocenę przeprowadził
	ContactPerson string     `json:"contact_person"`
	Email         string     `json:"email"`
	Phone         string     `json:"phone"`
	Procedure     string     `json:"procedure"`    // procedura wnioskowo-skargowa
	Architecture  string     `json:"architecture"` // dostępność architektoniczna
	Apps          string     `json:"apps"`         // aplikacje mobilne
	Version       int        `json:"version"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// NonAccessibleItems are the listed elements, one per non-blank line.
func (s *AccessibilityStatement) NonAccessibleItems() []string {
	var out []string
	for _, l := range strings.Split(s.NonAccessible, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var a11yPhoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{7,30}$`)

// a11yEmailOK reports whether s is one plain e-mail address.
func a11yEmailOK(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// a11yPhoneOK reports whether s looks like a telephone number (digits,
// spaces, dashes, brackets, a leading +; at least 9 digits).
func a11yPhoneOK(s string) bool {
	digits := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return a11yPhoneRE.MatchString(s) && digits >= 9 && digits <= 15
}

// a11yText checks a trimmed text: required and at most max characters.
func a11yText(v Validation, field, value string, required bool, max int, missing string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0 && required:
		v.Add(field, missing)
	case n > max:
		v.Add(field, "Tekst może mieć najwyżej "+strconv.Itoa(max)+" znaków.")
	}
}

// Normalize trims the statement's texts.
func (s *AccessibilityStatement) Normalize() {
	for _, p := range []*string{&s.Entity, &s.URL, &s.NonAccessible, &s.Assessment, &s.Auditor, &s.ContactPerson, &s.Email, &s.Phone,
		&s.Procedure, &s.Architecture, &s.Apps} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks the statement; the fields are the form's field names.
// Dates the form could not read are the reader's to report (zero here).
func (s *AccessibilityStatement) Validate() error {
	s.Normalize()
	v := Validation{}
	a11yText(v, "entity", s.Entity, true, 300, "Podaj nazwę podmiotu publicznego.")
	a11yText(v, "url", s.URL, true, 500, "Podaj adres serwisu.")
	if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		v.Add("url", "Podaj pełny adres serwisu, zaczynający się od https://.")
	}
	dates := []struct {
		field string
		d     time.Time
		msg   string
	}{
		{"published_on", s.PublishedOn, "Podaj datę publikacji serwisu."},
		{"updated_on", s.UpdatedOn, "Podaj datę ostatniej istotnej aktualizacji."},
		{"prepared_on", s.PreparedOn, "Podaj datę sporządzenia deklaracji."},
		{"reviewed_on", s.ReviewedOn, "Podaj datę ostatniego przeglądu deklaracji."},
	}
	for _, d := range dates {
		if d.d.IsZero() {
			v.Add(d.field, d.msg)
		}
	}
	if !s.PublishedOn.IsZero() && !s.UpdatedOn.IsZero() && s.UpdatedOn.Before(s.PublishedOn) {
		v.Add("updated_on", "Data aktualizacji nie może być wcześniejsza niż data publikacji.")
	}
	if !s.PreparedOn.IsZero() && !s.ReviewedOn.IsZero() && s.ReviewedOn.Before(s.PreparedOn) {
		v.Add("reviewed_on", "Data przeglądu nie może być wcześniejsza niż data sporządzenia deklaracji.")
	}
	switch s.Status {
	case A11yFull:
	case A11yPartial, A11yNone:
		if s.NonAccessible == "" {
			v.Add("non_accessible", "Wymień elementy niedostępne i przyczyny: serwis nie jest w pełni zgodny z ustawą.")
		}
	default:
		v.Add("status", "Wybierz status zgodności z listy.")
	}
	a11yText(v, "non_accessible", s.NonAccessible, false, 20000, "")
	a11yText(v, "assessment", s.Assessment, false, 2000, "")
	a11yText(v, "auditor", s.Auditor, false, 300, "")
	a11yText(v, "contact_person", s.ContactPerson, true, 200, "Podaj imię i nazwisko osoby kontaktowej.")
	if s.Email == "" {
		v.Add("email", "Podaj adres e-mail do kontaktu w sprawie dostępności.")
	} else if !a11yEmailOK(s.Email) {
		v.Add("email", "Podaj poprawny adres e-mail, np. dostepnosc@urzad.gov.pl.")
	}
	if s.Phone == "" {
		v.Add("phone", "Podaj numer telefonu do kontaktu w sprawie dostępności.")
	} else if !a11yPhoneOK(s.Phone) {
		v.Add("phone", "Podaj poprawny numer telefonu, np. 74 832 10 00.")
	}
	a11yText(v, "procedure", s.Procedure, true, 20000, "Opisz procedurę wnioskowo-skargową.")
	a11yText(v, "architecture", s.Architecture, true, 20000, "Opisz dostępność architektoniczną siedziby.")
	a11yText(v, "apps", s.Apps, true, 5000, "Napisz, czy podmiot udostępnia aplikacje mobilne (jeśli nie, napisz to).")
	return v.Err()
}

// ReviewReminder tells administrators whether the statement's yearly
// review is due: the statement is reviewed and updated at least once a
// year, by 31 March (technical conditions, v2.0). A review of the current
// calendar year counts; from 1 March without one the review is due, after
// 31 March it is overdue.
type ReviewReminder struct {
	Missing  bool      // no statement at all: publish one
	Due      bool      // show the reminder
	Overdue  bool      // the deadline has passed
	Deadline time.Time // 31 March of today's year
	Last     time.Time // the last review (zero when Missing)
}

// StatementReview is the reminder on today (a date in Warsaw) for a
// statement last reviewed on last (nil: there is no statement).
func StatementReview(last *time.Time, today time.Time) ReviewReminder {
	deadline := time.Date(today.Year(), time.March, 31, 0, 0, 0, 0, time.UTC)
	if last == nil {
		return ReviewReminder{Missing: true, Due: true, Deadline: deadline}
	}
	r := ReviewReminder{Deadline: deadline, Last: *last}
	yearStart := time.Date(today.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	if !last.Before(yearStart) {
		return r // reviewed this year
	}
	r.Due = !today.Before(time.Date(today.Year(), time.March, 1, 0, 0, 0, 0, time.UTC))
	r.Overdue = today.After(deadline)
	return r
}

// A11yRequestStatus is where a request for accessibility stands.
type A11yRequestStatus string

const (
	A11yRequestNew        A11yRequestStatus = "new"         // nowa
	A11yRequestInProgress A11yRequestStatus = "in_progress" // w toku
	A11yRequestDone       A11yRequestStatus = "done"        // załatwiona
	A11yRequestRefused    A11yRequestStatus = "refused"     // odmowa
)

// A11yRequestStatuses lists the statuses in the order the form offers them.
var A11yRequestStatuses = []A11yRequestStatus{A11yRequestNew, A11yRequestInProgress, A11yRequestDone, A11yRequestRefused}

// Label is the status's Polish name.
func (s A11yRequestStatus) Label() string {
	switch s {
	case A11yRequestNew:
		return "nowa"
	case A11yRequestInProgress:
		return "w toku"
	case A11yRequestDone:
		return "załatwiona"
	case A11yRequestRefused:
		return "odmowa"
	}
	return string(s)
}

// Open reports whether the request still waits for its answer.
func (s A11yRequestStatus) Open() bool { return s == A11yRequestNew || s == A11yRequestInProgress }

// The deadlines of art. 18: without delay, at most 7 days from the
// request; when that cannot be kept, the requester is told when, at most
// 2 months from the request.
const A11yAnswerDays = 7

// AccessibilityRequest is a request for accessibility of an element
// (żądanie zapewnienia dostępności cyfrowej, art. 18).
type AccessibilityRequest struct {
	ID          int64             `json:"id"`
	ReceivedAt  time.Time         `json:"received_at"`
	Element     string            `json:"element"`        // strona lub element, którego dotyczy
	Request     string            `json:"request"`        // treść żądania
	Alternative string            `json:"alternative"`    // preferowany alternatywny sposób dostępu
	Name        string            `json:"name,omitempty"` // the contact: kept out of the audit trail (Audited)
	Email       string            `json:"email,omitempty"`
	Phone       string            `json:"phone,omitempty"`
	Status      A11yRequestStatus `json:"status"`
	Answer      string            `json:"answer"` // notatka o odpowiedzi
	Version     int               `json:"version"`
}

// Audited is the request as the audit trail keeps it: without the
// requester's name and contact, which only the administrators' pages show
// (others who read the trail, observers, need not see them).
func (r *AccessibilityRequest) Audited() *AccessibilityRequest {
	c := *r
	c.Name, c.Email, c.Phone = "", "", ""
	return &c
}

// ReceivedOn is the day the request came, in Warsaw.
func (r *AccessibilityRequest) ReceivedOn() time.Time { return TodayIn(r.ReceivedAt) }

// Deadline is the 7-day deadline.
func (r *AccessibilityRequest) Deadline() time.Time {
	return r.ReceivedOn().AddDate(0, 0, A11yAnswerDays)
}

// MaxDeadline is the longest a postponed answer may take: 2 months.
func (r *AccessibilityRequest) MaxDeadline() time.Time { return r.ReceivedOn().AddDate(0, 2, 0) }

// Overdue reports whether an open request is past its 7-day deadline on
// today; PastMax whether past the 2-month one.
func (r *AccessibilityRequest) Overdue(today time.Time) bool {
	return r.Status.Open() && today.After(r.Deadline())
}

// PastMax reports whether an open request is past the 2-month maximum.
func (r *AccessibilityRequest) PastMax(today time.Time) bool {
	return r.Status.Open() && today.After(r.MaxDeadline())
}

// Validate checks a request as the public form sends it: the fields are
// the form's field names.
func (r *AccessibilityRequest) Validate() error {
	for _, p := range []*string{&r.Element, &r.Request, &r.Alternative, &r.Name, &r.Email, &r.Phone} {
		*p = strings.TrimSpace(*p)
	}
	v := Validation{}
	a11yText(v, "element", r.Element, true, 1000, "Wskaż stronę lub element, którego dotyczy żądanie.")
	a11yText(v, "request", r.Request, true, 5000, "Opisz, czego potrzebujesz.")
	a11yText(v, "alternative", r.Alternative, false, 2000, "")
	a11yText(v, "name", r.Name, true, 200, "Podaj imię i nazwisko.")
	if r.Email != "" && !a11yEmailOK(r.Email) {
		v.Add("email", "Podaj poprawny adres e-mail, np. jan.kowalski@example.pl.")
	}
	if r.Phone != "" && !a11yPhoneOK(r.Phone) {
		v.Add("phone", "Podaj poprawny numer telefonu, np. 600 100 200.")
	}
	if r.Email == "" && r.Phone == "" {
		v.Add("email", "Podaj adres e-mail albo numer telefonu, abyśmy mogli odpowiedzieć.")
	}
	return v.Err()
}

// A11yRequestChange is an administrator's answer to a request.
type A11yRequestChange struct {
	Status  A11yRequestStatus
	Answer  string
	Version int
}

// Validate checks the change; a settled request says how it was settled.
func (c *A11yRequestChange) Validate() error {
	c.Answer = strings.TrimSpace(c.Answer)
	v := Validation{}
	switch c.Status {
	case A11yRequestNew, A11yRequestInProgress:
	case A11yRequestDone, A11yRequestRefused:
		if c.Answer == "" {
			v.Add("answer", "Opisz, jak załatwiono żądanie albo dlaczego odmówiono (odmowę można zaskarżyć).")
		}
	default:
		v.Add("status", "Wybierz status z listy.")
	}
	a11yText(v, "answer", c.Answer, false, 5000, "")
	return v.Err()
}

func init() {
	AuditEntities["accessibility_statement"] = "deklaracja dostępności"
	AuditEntities["accessibility_request"] = "żądanie zapewnienia dostępności"
	for k, label := range map[string]string{
		"entity": "podmiot", "url": "adres serwisu", "publishedon": "data publikacji", "updatedon": "data aktualizacji",
		"nonaccessible": "elementy niedostępne", "preparedon": "data sporządzenia", "reviewedon": "data przeglądu",
		"assessment": "metoda oceny", "auditor": "audytor", "contactperson": "osoba kontaktowa", "procedure": "procedura",
		"architecture": "dostępność architektoniczna", "apps": "aplikacje mobilne", "receivedat": "otrzymano", "element": "element",
		"request": "żądanie", "alternative": "alternatywny sposób dostępu", "answer": "odpowiedź",
	} {
		auditFields[k] = label
	}
}

// NounA11yRequest counts requests for accessibility.
var NounA11yRequest = Noun{"żądanie", "żądania", "żądań", "żądania"}

// The public request form takes A11yRequestsPerAddress requests at once
// from one network address, then one more per A11yRequestWindow /
// A11yRequestsPerAddress (a brake on floods; a person rarely sends more
// than one).
const (
	A11yRequestsPerAddress = 5
	A11yRequestWindow      = time.Hour
)
