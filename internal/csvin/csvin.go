// Package csvin opens CSV files as officials save them from Excel: UTF-8
// (with or without BOM) or Windows-1250, comma or semicolon separated, with
// a header row of Polish column names.
package csvin

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// MaxBytes is the largest file read.
const MaxBytes = 1 << 20

// ErrFile is a problem with a file as a whole; its text is Polish.
type ErrFile struct{ Msg string }

func (e *ErrFile) Error() string { return e.Msg }

// Errf returns an *ErrFile.
func Errf(format string, args ...any) error { return &ErrFile{Msg: fmt.Sprintf(format, args...)} }

// File is an opened CSV file.
type File struct {
	Encoding  string // "UTF-8" or "Windows-1250"
	Delimiter rune
	Reader    *csv.Reader
}

// Open decodes data and returns a reader positioned at the header row.
func Open(data []byte) (*File, error) {
	if len(data) == 0 {
		return nil, Errf("Plik jest pusty.")
	}
	if len(data) > MaxBytes {
		return nil, Errf("Plik jest za duży (największy dopuszczalny: 1 MB). Podziel go na części.")
	}
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	if strings.ContainsRune(text, 0) {
		return nil, Errf("To nie jest plik CSV (zawiera znaki binarne).")
	}
	first, _, _ := strings.Cut(text, "\n")
	delim := ','
	if strings.Count(first, ";") > strings.Count(first, ",") {
		delim = ';'
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	return &File{Encoding: enc, Delimiter: delim, Reader: r}, nil
}

func decode(data []byte) (string, string, error) {
	if b, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		if !utf8.Valid(b) {
			return "", "", Errf("Plik zaczyna się znacznikiem UTF-8, ale zawiera znaki spoza UTF-8. Zapisz go ponownie jako „CSV UTF-8”.")
		}
		return string(b), "UTF-8", nil
	}
	if utf8.Valid(data) {
		return string(data), "UTF-8", nil
	}
	s, err := charmap.Windows1250.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", Errf("Nie udało się odczytać kodowania pliku. Zapisz go jako „CSV UTF-8” albo „CSV (rozdzielany średnikami)”.")
	}
	return string(s), "Windows-1250", nil
}

// Key folds a header name: lower case, no diacritics, letters and digits only.
func Key(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "ł", "l")
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Blank reports whether every field of a record is empty.
func Blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// DelimiterName is the delimiter in Polish.
func DelimiterName(d rune) string {
	if d == ';' {
		return "średnik"
	}
	return "przecinek"
}
