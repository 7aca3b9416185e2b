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
		esc := escapeOf(s[i])
		if esc == "" {
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

// AppendText appends s to b HTML-escaped, as Text writes it: for writers
// that gather a row in a buffer of their own and write it at once.
func AppendText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if esc := escapeOf(s[i]); esc != "" {
			b = append(append(b, s[last:i]...), esc...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}

// escapeOf is what html.EscapeString (and templ) write for c: "" when c
// stays as it is.
func escapeOf(c byte) string {
	switch c {
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '&':
		return "&amp;"
	case '\'':
		return "&#39;"
	case '"':
		return "&#34;"
	}
	return ""
}
