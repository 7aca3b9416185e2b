// Package csvin opens CSV files as officials send them: saved from Excel as
// UTF-8 (with or without BOM), as "Tekst Unicode" (UTF-16 with a BOM,
// tab-separated), or in one of the two Polish 8-bit code pages
// (Windows-1250, ISO-8859-2); separated by semicolons, commas or tabs; with
// a header row of Polish column names. One reader for every CSV import: the
// encoding, the separator, rows longer than the header and columns nobody
// reads are decided here, the same way for every kind of file.
package csvin

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"kaizen/internal/domain"
)

// MaxBytes is the largest file read.
const MaxBytes = 1 << 20

// ErrFile is a problem with a file as a whole; its text is Polish and says
// what to do.
type ErrFile struct{ Msg string }

func (e *ErrFile) Error() string { return e.Msg }

// Errf returns an *ErrFile.
func Errf(format string, args ...any) error { return &ErrFile{Msg: fmt.Sprintf(format, args...)} }

// RowError is a row that cannot be read; the reader goes on with the next.
type RowError struct {
	Line int
	Msg  string
}

func (e *RowError) Error() string { return e.Msg }

// File is an opened CSV file positioned after its header row.
type File struct {
	Encoding  string // one of the Enc* names
	Delimiter rune
	Header    []string
	// Readings are the first lines that read differently in Windows-1250
	// and ISO-8859-2 when the text itself did not tell which it is (set
	// also when the caller chose one, so the choice can be changed).
	Readings []Reading

	r    *csv.Reader
	used []bool // columns with a value in some row
}

// Open decodes data (enc: an encoding the user chose, or "" to detect it),
// finds the separator and reads the header row. It returns *ErrFile for a
// file that cannot be read and *ErrAmbiguous when the user must say which
// code page the file is in.
func Open(data []byte, enc string) (*File, error) {
	if len(data) == 0 {
		return nil, Errf("Plik jest pusty: wybierz plik z wierszem nagłówka i wierszami danych.")
	}
	if len(data) > MaxBytes {
		return nil, Errf("Plik jest za duży (największy dopuszczalny: 1 MB): podziel go na części i wczytaj każdą osobno.")
	}
	text, used, readings, err := decode(data, enc)
	if err != nil {
		return nil, err
	}
	if strings.ContainsRune(text, 0) {
		return nil, Errf("To nie jest plik CSV (zawiera znaki binarne). Jeśli to skoroszyt Excela (.xlsx), otwórz go w Excelu i zapisz jako „CSV UTF-8 (rozdzielany przecinkami)”.")
	}
	first, _, _ := strings.Cut(text, "\n")
	delim := delimiter(first)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = delim != '\t'
	header, err := r.Read()
	if err != nil {
		return nil, Errf("Nie udało się odczytać wiersza nagłówka: sprawdź cudzysłowy w pierwszym wierszu (powinny w nim być same nazwy kolumn).")
	}
	if Blank(header) {
		return nil, Errf("Pierwszy wiersz pliku jest pusty: wpisz w nim nazwy kolumn (nagłówek), a dane od drugiego wiersza.")
	}
	return &File{Encoding: used, Delimiter: delim, Header: header, Readings: readings, r: r, used: make([]bool, len(header))}, nil
}

// delimiter picks the separator of the header line: the most frequent of
// semicolon, comma and tab outside quotes (comma when there is none).
// Excel's "Tekst Unicode" separates by tabs; Polish Excel's CSV by semicolons.
func delimiter(line string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} { // on a tie: tab, then semicolon
		if counts[c] > 0 && counts[c] >= counts[best] {
			best = c
		}
	}
	return best
}

// Next returns the next row that is not blank, with its line number (the
// header is line 1), or io.EOF. A row that cannot be read or has more
// fields than the header is a *RowError; reading can go on after it.
// A row with fewer fields reads the missing ones as empty.
func (f *File) Next() ([]string, int, error) {
	for {
		rec, err := f.r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, 0, Errf("Nie udało się odczytać pliku: zapisz go ponownie w Excelu jako „CSV UTF-8” i wczytaj jeszcze raz.")
			}
			return nil, pe.StartLine, &RowError{Line: pe.StartLine, Msg: fmt.Sprintf("Wiersza %d nie da się odczytać: sprawdź cudzysłowy (pole z cudzysłowem musi być całe ujęte w cudzysłów, a cudzysłów wewnątrz pola podwojony).", pe.StartLine)}
		}
		line, _ := f.r.FieldPos(0)
		if Blank(rec) {
			continue
		}
		if len(rec) > len(f.Header) {
			return nil, line, &RowError{Line: line, Msg: fmt.Sprintf("Wiersz %d ma %d %s, a nagłówek %d: sprawdź, czy w nazwie nie ma %s bez cudzysłowu (takie pole ujmij w cudzysłów albo usuń z niego %s).",
				line, len(rec), domain.NounField.For(len(rec)), len(f.Header), delimiterGenitive(f.Delimiter), delimiterAccusative(f.Delimiter))}
		}
		for i, v := range rec {
			if strings.TrimSpace(v) != "" {
				f.used[i] = true
			}
		}
		return rec, line, nil
	}
}

// Ignored names the header's columns that are not in read (column indexes
// the caller uses): every named one, and unnamed ones that hold a value in
// some row. Call it after the last Next.
func (f *File) Ignored(read map[int]bool) []string {
	var out []string
	for i, h := range f.Header {
		if read[i] {
			continue
		}
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		} else if f.used[i] {
			out = append(out, "kolumna "+strconv.Itoa(i+1)+" (bez nazwy)")
		}
	}
	return out
}

func delimiterGenitive(d rune) string {
	switch d {
	case ';':
		return "średnika"
	case '\t':
		return "tabulatora"
	}
	return "przecinka"
}

func delimiterAccusative(d rune) string {
	switch d {
	case ';':
		return "średnik"
	case '\t':
		return "tabulator"
	}
	return "przecinek"
}

// Key folds a header name: lower case, no diacritics, letters and digits only.
func Key(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "ł", "l")
	var b strings.Builder
	for _, r := range nfd(s) {
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
	switch d {
	case ';':
		return "średnik"
	case '\t':
		return "tabulator"
	}
	return "przecinek"
}

// Describe is the preview's sentence about how the file was read, e.g.
// "Kodowanie: Windows-1250, plik rozdzielany średnikami."
func Describe(enc string, d rune) string {
	how := "przecinkami"
	switch d {
	case ';':
		how = "średnikami"
	case '\t':
		how = "tabulatorami"
	}
	return "Kodowanie: " + EncodingLabel(enc) + ", plik rozdzielany " + how + "."
}
