// Package components holds the reusable page parts: form fields, error
// summary, flash messages, formatting helpers.
package components

import "sort"

// Input describes a text-like form field.
type Input struct {
	Name         string
	Label        string
	Type         string // text (default), password, email
	Value        string
	Error        string
	Hint         string
	Autocomplete string
	MaxLength    int
	Required     bool
	Autofocus    bool
}

// ID is the element id of the field.
func (in Input) ID() string { return "f-" + in.Name }

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
