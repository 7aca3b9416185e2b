package components

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// Picker is "search and choose" inside a form, for lists too long to show
// whole (every unit of the country): the items already chosen stay as
// checked inputs, a search box with its button and a page of results to
// tick, with buttons for the next and previous page. The buttons submit the
// enclosing form to its own address; the handler sees PickerRequest's
// Searching and shows the form again (200) with the new results and
// everything typed, saving nothing. With htmx the same buttons swap only the
// picker.
type Picker struct {
	Name     string // the field of the chosen values (ids)
	Label    string
	Hint     string
	Error    string
	Multiple bool     // checkboxes; otherwise radio buttons (one choice)
	None     string   // one choice that may stay empty: the label of "none" (a radio button with no value)
	Chosen   []Option // kept checked; Selected is ignored
	Results  []Option // one page of the search's results
	Query    string   // the search whose results are shown
	Offset   int      // of the first result
	Total    int      // results of the search in all; -1 when not counted (More says if a next page exists)
	More     bool
	Size     int // results per page
	// Action and Method are the enclosing form's address and method, for
	// htmx to ask for the picker alone.
	Action string
	Method string // "get" or "post" (default)
	// QueryLabel names the search box ("Nazwa lub kod TERYT").
	QueryLabel string
}

// FieldSave names a form's own submit button where the form holds a
// picker: a click on it saves even when the search box was changed.
const FieldSave = "save"

// The picker's own parameters, after its field's name.
func PickerQuery(name string) string  { return name + "_q" }
func PickerShown(name string) string  { return name + "_q_shown" }
func PickerSearch(name string) string { return name + "_search" }
func PickerPage(name string) string   { return name + "_page" }

// PickerRequest is what a submitted form asks of its picker.
type PickerRequest struct {
	Query     string
	Offset    int
	Searching bool // a search or another page, not the form's own action
}

// ReadPicker reads the picker name's search from vals: the text (at most
// 100 characters), the page asked for, and whether the form was sent to
// search: the search or page button, or Enter in a search box whose text
// differs from the search shown (Enter submits the form's first button)
// unless the form's own button (FieldSave) was clicked.
func ReadPicker(vals url.Values, name string) PickerRequest {
	q := strings.TrimSpace(vals.Get(PickerQuery(name)))
	if r := []rune(q); len(r) > 100 {
		q = string(r[:100])
	}
	p := PickerRequest{Query: q}
	page := vals.Get(PickerPage(name))
	if o, err := strconv.Atoi(page); err == nil && o >= 0 && o < 10_000_000 {
		p.Offset = o
	}
	p.Searching = vals.Has(PickerSearch(name)) || page != "" || (!vals.Has(FieldSave) && vals.Has(PickerShown(name)) && q != strings.TrimSpace(vals.Get(PickerShown(name))))
	if vals.Has(PickerSearch(name)) || q != strings.TrimSpace(vals.Get(PickerShown(name))) {
		p.Offset = 0 // a new search starts at its first page
	}
	return p
}

func (p Picker) id() string { return "f-" + p.Name }

func (p Picker) kind() string {
	if p.Multiple {
		return "checkbox"
	}
	return "radio"
}

func (p Picker) chosen(value string) bool {
	for _, o := range p.Chosen {
		if o.Value == value {
			return true
		}
	}
	return false
}

// htmx asks for the page as the form would and swaps in the picker alone.
func (p Picker) hx() templ.Attributes {
	a := templ.Attributes{"hx-target": "#" + p.id() + "-box", "hx-select": "#" + p.id() + "-box", "hx-swap": "outerHTML"}
	if p.Method == "get" {
		a["hx-get"], a["hx-include"] = p.Action, "closest form"
	} else {
		a["hx-post"] = p.Action
	}
	return a
}

func (p Picker) pageLabel() string {
	if len(p.Results) == 0 {
		return "brak wyników"
	}
	label := strconv.Itoa(p.Offset+1) + "–" + strconv.Itoa(p.Offset+len(p.Results))
	if p.Total >= 0 {
		label += " z " + strconv.Itoa(p.Total)
	}
	return label
}

// next tells whether a next page of results exists.
func (p Picker) next() bool {
	return len(p.Results) > 0 && (p.More || p.Total > p.Offset+len(p.Results))
}

// With gives the picker its label, hint and error message.
func (p Picker) With(label, hint, err string) Picker {
	p.Label, p.Hint, p.Error = label, hint, err
	return p
}
