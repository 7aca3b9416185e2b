package components

import (
	"context"
	"io"

	"kaizen/internal/domain"
)

// Text writes s HTML-escaped, as `{ s }` does, for the cells of the
// largest tables. templ turns every `{ expr }` into fmt.Sprint(expr) (a
// copy through the formatter, even of a string) and then an escaped copy:
// in the read mix 8 % of the server's CPU, and on the CAF benchmarking
// page a fifth of it. `@components.Text(s)` is a method call on the
// concrete type, which writes straight into the page's buffer and
// allocates nothing. Its output is byte for byte what `{ s }` writes
// (TestTextEscapesAsTempl).
type Text string

// Render implements templ.Component.
func (t Text) Render(_ context.Context, w io.Writer) error { return writeEscaped(w, string(t)) }

// One writes x with one decimal as domain.FormatOne does ("1 234,5",
// "−3,0"): digits, spaces, a comma and a minus sign, nothing to escape.
type One float64

// Render implements templ.Component.
func (x One) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, domain.FormatOne(float64(x)))
	return err
}

// writeEscaped writes s with the five characters html.EscapeString
// replaces replaced the same way, each run between them written as it is.
func writeEscaped(w io.Writer, s string) error {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		if _, err := io.WriteString(w, s[last:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, esc); err != nil {
			return err
		}
		last = i + 1
	}
	_, err := io.WriteString(w, s[last:])
	return err
}
