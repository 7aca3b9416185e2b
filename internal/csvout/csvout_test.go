package csvout_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"kaizen/internal/csvout"
)

// formulaStarts are the first characters a spreadsheet reads as the start
// of a formula (or that let one follow, tab and carriage return).
var formulaStarts = []string{"=", "+", "-", "@", "\t", "\r"}

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Equals", `=HYPERLINK("http://evil","x")`, `'=HYPERLINK("http://evil","x")`},
		{"Plus", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"Minus", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"MinusAlone", "-", "'-"},
		{"At", "@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"Tab", "\t=1+1", "'\t=1+1"},
		{"CarriageReturn", "\r=1+1", "'\r=1+1"},
		{"NegativeNumber", "-2,5", "-2,5"},
		{"NegativeThousands", "-7 540 000,00", "-7 540 000,00"},
		{"Text", "Urząd Miasta Bielawa", "Urząd Miasta Bielawa"},
		{"FormulaLater", "a=1+1", "a=1+1"},
		{"Empty", "", ""},
		{"Number", "42", "42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := csvout.SafeCell(tc.in); got != tc.want {
				t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestWriterNeutralisesFormulas: every cell the Writer writes goes
// through the guard, whatever its column.
func TestWriterNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	w := csvout.New(&buf)
	var row []string
	for _, s := range formulaStarts {
		switch s {
		case "\t", "\r":
			row = append(row, s+"=SUM(A1:A9)")
		default:
			row = append(row, s+"SUM(A1:A9)")
		}
	}
	w.Row(row...)
	w.Row("-1,50", "zwykły tekst")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	body := buf.String()
	if !strings.HasPrefix(body, "\xef\xbb\xbf") {
		t.Fatal("no BOM")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf")))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0]) != len(formulaStarts) {
		t.Fatalf("rows = %q", rows)
	}
	for i, cell := range rows[0] {
		// The CSV writer (CRLF line ends) drops a lone carriage return
		// inside a cell: the apostrophe must come before what is left.
		want := "'" + strings.ReplaceAll(row[i], "\r", "")
		if cell != want {
			t.Errorf("cell %d = %q, want %q", i, cell, want)
		}
	}
	if rows[1][0] != "-1,50" || rows[1][1] != "zwykły tekst" {
		t.Errorf("plain cells changed: %q", rows[1])
	}
}
