// Package components holds the reusable page parts: form fields, error
// summary, flash messages, formatting helpers.
package components

import "sort"

// FieldReturn and FieldReturnTitle are the hidden fields with the page a
// form was on and its title.
const (
	FieldReturn      = "return"
	FieldReturnTitle = "return_title"
)

// Input describes a text-like form field.
type Input struct {
	Name         string
	Key          string // error key and element id when it differs from Name (rows: "phases.0.name")
	Label        string
	Type         string // text (default), password, email
	Value        string
	Error        string
	Hint         string
	Autocomplete string
	MaxLength    int
	Required     bool
	Autofocus    bool
	// Problem is the id of a message about the whole form that concerns
	// this field too (a refused sign-in): the field is marked invalid and
	// described by it.
	Problem string
}

// ID is the element id of the field.
func (in Input) ID() string {
	if in.Key != "" {
		return "f-" + in.Key
	}
	return "f-" + in.Name
}

func (in Input) kind() string {
	if in.Type == "" {
		return "text"
	}
	return in.Type
}

// describedBy lists the ids of the hint and error shown with a field.
func describedBy(name, hint, err string) string {
	s := ""
	if hint != "" {
		s = "f-" + name + "-hint"
	}
	if err != "" {
		if s != "" {
			s += " "
		}
		s += "f-" + name + "-error"
	}
	return s
}

// Option is one choice of a select or checkbox group.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// Choice describes a select or a group of checkboxes.
type Choice struct {
	Name     string
	Label    string
	Options  []Option
	Error    string
	Hint     string
	Required bool
}

// ID is the element id of the field.
func (c Choice) ID() string { return "f-" + c.Name }

// FieldError is one message of an error summary.
type FieldError struct {
	Field   string
	Message string
}

// Errors orders field messages for a summary: the fields in order first (as
// they stand on the page), then any others by name.
func Errors(errs map[string]string, order ...string) []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for _, f := range order {
		if m, ok := errs[f]; ok {
			out = append(out, FieldError{f, m})
			seen[f] = true
		}
	}
	var rest []string
	for f := range errs {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, FieldError{f, errs[f]})
	}
	return out
}

// OnlyErrors is the summary of one form among several on a page: the
// messages of its own fields only, in order, so a failed form's errors are
// not repeated in the other forms' summaries and link only to fields that
// stand in the form.
func OnlyErrors(errs map[string]string, fields ...string) []FieldError {
	var out []FieldError
	for _, f := range fields {
		if m, ok := errs[f]; ok {
			out = append(out, FieldError{f, m})
		}
	}
	return out
}

// Form is the state of a submitted form: what the user typed (kept when the
// page comes back with errors) and the messages by field.
type Form struct {
	Values map[string][]string
	Errors map[string]string
}

// Get returns the first value of name.
func (f Form) Get(name string) string {
	if v := f.Values[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// At returns the i-th value of a repeated field (rows), or "".
func (f Form) At(name string, i int) string {
	if v := f.Values[name]; i < len(v) {
		return v[i]
	}
	return ""
}

// Has reports whether value is among the values of name (checkboxes).
func (f Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Rows is how many rows a repeated field shows: the typed ones plus spare
// empty rows, at least min.
func (f Form) Rows(name string, spare, min int) int {
	n := len(f.Values[name]) + spare
	if n < min {
		n = min
	}
	return n
}
