package csvin

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func enc(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	utf16LE = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16BE = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	utf16NB = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
)

// TestOpenEncodings: every encoding officials send is read as the same text.
func TestOpenEncodings(t *testing.T) {
	const text = "Nazwa;Województwo\r\nUrząd Gminy Łącko;małopolskie\r\nŚwiętochłowice;śląskie\r\nŹródła;świętokrzyskie\r\n"
	const same = "Nazwa;Rodzaj\r\nMiasto Łomża;gmina miejska\r\nGmina Żółkiewka;gmina wiejska\r\n" // no ą ś ź Ą Ś Ź
	for _, tc := range []struct {
		name string
		data []byte
		want string // encoding
		text string
	}{
		{"UTF8", []byte(text), EncUTF8, text},
		{"UTF8BOM", append([]byte("\xef\xbb\xbf"), text...), EncUTF8, text},
		{"UTF16LEBOM", enc(t, utf16LE, text), EncUTF16LE, text},
		{"UTF16BEBOM", enc(t, utf16BE, text), EncUTF16BE, text},
		{"UTF16LENoBOM", enc(t, utf16NB, text), EncUTF16LE, text},
		{"Windows1250", enc(t, charmap.Windows1250, text), EncWin1250, text},
		{"ISO88592", enc(t, charmap.ISO8859_2, text), EncISO8859_2, text},
		// ą alone (0xB9 in 1250 is š in 8859-2) and Ą alone (0xA1 in 8859-2 is ˇ in 1250)
		{"Windows1250OnlyA", enc(t, charmap.Windows1250, "Nazwa\nŁąka\n"), EncWin1250, "Nazwa\nŁąka\n"},
		{"ISO88592OnlyA", enc(t, charmap.ISO8859_2, "Nazwa\nŁąka\n"), EncISO8859_2, "Nazwa\nŁąka\n"},
		{"ISO88592CapitalS", enc(t, charmap.ISO8859_2, "Nazwa\nŚrem\n"), EncISO8859_2, "Nazwa\nŚrem\n"},
		// no distinguishing byte: both readings are the same text
		{"EitherCodePage", enc(t, charmap.ISO8859_2, same), EncWin1250, same},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, got, readings, err := decode(tc.data, "")
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || text != tc.text || readings != nil {
				t.Fatalf("read as %s: %q (readings %v), want %s: %q", got, text, readings, tc.want, tc.text)
			}
		})
	}
}

// TestOpenAmbiguous: a file whose text fits both code pages is not guessed;
// the user's choice reads it, and a choice that cannot read it is refused.
func TestOpenAmbiguous(t *testing.T) {
	// 0xB9 between letters is ą in Windows-1250, 0xB6 between letters is ś
	// in ISO-8859-2: one of the two words is garbled whichever is chosen.
	data := []byte("Nazwa;Uwagi\nW\xb9sosz;bez zmian\nO\xb6wi\xeacim;nowa\n")
	_, err := Open(data, "")
	var amb *ErrAmbiguous
	if !errors.As(err, &amb) {
		t.Fatalf("err = %v, want *ErrAmbiguous", err)
	}
	want := []Reading{{2, "Wąsosz;bez zmian", "Wšsosz;bez zmian"}, {3, "O¶więcim;nowa", "Oświęcim;nowa"}}
	if !slices.Equal(amb.Readings, want) {
		t.Fatalf("readings %+v, want %+v", amb.Readings, want)
	}
	for _, e := range EightBit {
		f, err := Open(data, e)
		if err != nil {
			t.Fatal(err)
		}
		if f.Encoding != e || len(f.Readings) != 2 {
			t.Fatalf("chosen %s: read as %s, readings %v", e, f.Encoding, f.Readings)
		}
		rec, _, _ := f.Next()
		if w := map[string]string{EncWin1250: "Wąsosz", EncISO8859_2: "Wšsosz"}[e]; rec[0] != w {
			t.Fatalf("chosen %s: %q, want %q", e, rec[0], w)
		}
	}
	// 0x9C is ś in Windows-1250 and a control character in ISO-8859-2.
	if _, err := Open([]byte("Nazwa\n\x9cwiebodzin\n"), EncISO8859_2); err == nil || !strings.Contains(err.Error(), "wybierz Windows-1250") {
		t.Fatalf("ISO-8859-2 forced on a Windows-1250 file: %v", err)
	}
	// A choice does not apply to a UTF-8 file.
	if f, err := Open([]byte("Nazwa\nŚwiebodzin\n"), EncISO8859_2); err != nil || f.Encoding != EncUTF8 {
		t.Fatalf("UTF-8 file with a choice: %v %v", f, err)
	}
}

func TestOpenFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"ErrEmpty", "", "wybierz plik"},
		{"ErrBinary", "Nazwa;Rodzaj\nA\x00B;c\n", "zapisz jako „CSV UTF-8"},
		{"ErrUndefinedBytes", "Nazwa\n\x81\x83\x90\n", "zapisz go w Excelu jako „CSV UTF-8"},
		{"ErrUTF16Broken", "\xff\xfeN\x00a\x00\x00\xd8", "uszkodzony"},
		{"ErrBlankHeader", ";;\nA;B;C\n", "nazwy kolumn"},
		{"ErrTooBig", strings.Repeat("a", MaxBytes+1), "podziel go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open([]byte(tc.data), "")
			var fe *ErrFile
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDelimiter(t *testing.T) {
	for line, want := range map[string]rune{
		"Nazwa;Rodzaj;Województwo":           ';',
		"Nazwa,Rodzaj,Województwo":           ',',
		"Nazwa\tRodzaj\tWojewództwo":         '\t',
		`"Nazwa, pełna";Rodzaj;Województwo`:  ';',
		`"Nazwa; pełna",Rodzaj,Województwo`:  ',',
		"Nazwa":                              ',',
		"Nazwa\tUwagi (np. a, b, c)\tRodzaj": '\t',
	} {
		if got := delimiter(line); got != want {
			t.Errorf("delimiter(%q) = %q, want %q", line, got, want)
		}
	}
	for d, want := range map[rune]string{';': "rozdzielany średnikami", ',': "rozdzielany przecinkami", '\t': "rozdzielany tabulatorami"} {
		if got := Describe(EncUTF8, d); !strings.Contains(got, want) {
			t.Errorf("Describe(%q) = %q", d, got)
		}
	}
}

// TestNextFieldCount: a row longer than the header is an error at that
// row, never trimmed; a shorter one reads as is; reading goes on.
func TestNextFieldCount(t *testing.T) {
	data := "Nazwa;Rodzaj;Województwo;TERYT;Adres;E-mail;Telefon;Uwagi\n" +
		"Urząd;gmina wiejska;opolskie;;;;;\n" +
		"\n" +
		"Urząd Gminy Nowe; Miasto;gmina wiejska;opolskie;;;;;\n" +
		"Krótki;powiat\n" +
		"\"Urząd; w cudzysłowie\";gmina wiejska;opolskie;;;;;\n"
	f, err := Open([]byte(data), "")
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var msgs []string
	for {
		rec, line, err := f.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			msgs = append(msgs, re.Msg)
			lines = append(lines, -re.Line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
		if line == 6 && rec[0] != "Urząd; w cudzysłowie" {
			t.Fatalf("quoted field: %q", rec[0])
		}
	}
	if !slices.Equal(lines, []int{2, -4, 5, 6}) {
		t.Fatalf("lines %v (negative: row errors)", lines)
	}
	const want = "Wiersz 4 ma 9 pól, a nagłówek 8: sprawdź, czy w nazwie nie ma średnika bez cudzysłowu"
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], want) {
		t.Fatalf("messages %q, want %q", msgs, want)
	}
	if got := f.Ignored(map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true}); !slices.Equal(got, []string{"Telefon", "Uwagi"}) {
		t.Fatalf("ignored %v", got)
	}

	t.Run("CommaAndTab", func(t *testing.T) {
		for d, want := range map[string]string{",": "przecinka", "\t": "tabulatora"} {
			f, _ := Open([]byte(strings.ReplaceAll("A;B\n1;2;3\n", ";", d)), "")
			if _, _, err := f.Next(); err == nil || !strings.Contains(err.Error(), "ma 3 pola, a nagłówek 2: sprawdź, czy w nazwie nie ma "+want) {
				t.Errorf("%q: %v", d, err)
			}
		}
	})
	t.Run("UnnamedColumnWithData", func(t *testing.T) {
		f, _ := Open([]byte("A;;\n1;2;\n"), "")
		for {
			if _, _, err := f.Next(); err != nil {
				break
			}
		}
		if got := f.Ignored(map[int]bool{0: true}); !slices.Equal(got, []string{"kolumna 2 (bez nazwy)"}) {
			t.Fatalf("ignored %v", got)
		}
	})
}
