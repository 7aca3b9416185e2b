// Package csvout writes CSV files the way Excel in Poland opens them
// directly: UTF-8 with a BOM, semicolons, CRLF, and no cell a spreadsheet
// would read as a formula.
package csvout

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes rows of text cells.
type Writer struct {
	cw  *csv.Writer
	err error
}

// New starts a file on w (the BOM first).
func New(w io.Writer) *Writer {
	_, err := w.Write([]byte("\xef\xbb\xbf"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &Writer{cw: cw, err: err}
}

// Row writes one row; text cells that start like a formula get a leading
// apostrophe.
func (w *Writer) Row(cells ...string) {
	if w.err != nil {
		return
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = SafeCell(c)
	}
	w.err = w.cw.Write(out)
}

// Close flushes the file and reports the first error.
func (w *Writer) Close() error {
	w.cw.Flush()
	if w.err != nil {
		return w.err
	}
	return w.cw.Error()
}

// SafeCell keeps a spreadsheet from reading a cell as a formula. Numbers
// written by the application ("-2,5") are left alone.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if s[0] == '-' && isNumber(s[1:]) {
		return s
	}
	return "'" + s
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != ',' && r != ' ' && r != '.' {
			return false
		}
	}
	return true
}
