package csvin

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Encodings a file is read in.
const (
	EncUTF8      = "UTF-8"
	EncUTF16LE   = "UTF-16LE"
	EncUTF16BE   = "UTF-16BE"
	EncWin1250   = "Windows-1250"
	EncISO8859_2 = "ISO-8859-2"
)

// EightBit are the 8-bit encodings a user may choose between.
var EightBit = []string{EncWin1250, EncISO8859_2}

// EncodingLabel is an encoding as the preview names it.
func EncodingLabel(enc string) string {
	switch enc {
	case EncUTF16LE, EncUTF16BE:
		return enc + " („Tekst Unicode” z Excela)"
	}
	return enc
}

// Reading is one line of an 8-bit file read in both Polish code pages.
type Reading struct {
	Line              int
	Win1250, ISO88592 string
}

// ErrAmbiguous is a file in Windows-1250 or ISO-8859-2 whose text does not
// tell which: the user must choose (Readings show the difference).
type ErrAmbiguous struct{ Readings []Reading }

func (e *ErrAmbiguous) Error() string {
	return "Nie wiadomo, czy plik jest w kodowaniu Windows-1250, czy ISO-8859-2: wybierz to, w którym polskie litery są poprawne."
}

func nfd(s string) string { return norm.NFD.String(s) }

const garbled = "Plik zawiera znaki, których nie da się odczytać w żadnym polskim kodowaniu: zapisz go w Excelu jako „CSV UTF-8 (rozdzielany przecinkami)” i wczytaj ponownie."

// decode returns data as text with the encoding used. enc is the user's
// choice for an 8-bit file ("" to detect); it does not apply to UTF files.
func decode(data []byte, enc string) (string, string, []Reading, error) {
	if b, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		if !utf8.Valid(b) {
			return "", "", nil, Errf("Plik zaczyna się znacznikiem UTF-8, ale zawiera znaki spoza UTF-8: zapisz go ponownie w Excelu jako „CSV UTF-8” i wczytaj jeszcze raz.")
		}
		return string(b), EncUTF8, nil, nil
	}
	if name, e := utf16Of(data); e != nil {
		s, err := e.NewDecoder().Bytes(data)
		if err != nil || bytes.Contains(s, []byte("\ufffd")) {
			return "", "", nil, Errf("Plik w kodowaniu %s jest uszkodzony (niepełne znaki): zapisz go ponownie w Excelu jako „Tekst Unicode” albo „CSV UTF-8” i wczytaj jeszcze raz.", name)
		}
		return string(s), name, nil, nil
	}
	if utf8.Valid(data) {
		return string(data), EncUTF8, nil, nil
	}
	win := decode8(charmap.Windows1250, data)
	iso := decode8(charmap.ISO8859_2, data)
	readings := differing(win, iso, 3)
	switch enc {
	case EncWin1250:
		if strings.ContainsRune(win, '\ufffd') {
			return "", "", nil, Errf("Tego pliku nie da się odczytać jako Windows-1250: wybierz ISO-8859-2 albo zapisz plik w Excelu jako „CSV UTF-8”.")
		}
		return win, EncWin1250, readings, nil
	case EncISO8859_2:
		if strings.ContainsRune(iso, '\ufffd') {
			return "", "", nil, Errf("Tego pliku nie da się odczytać jako ISO-8859-2 (zawiera bajty, których w nim nie ma): wybierz Windows-1250 albo zapisz plik w Excelu jako „CSV UTF-8”.")
		}
		return iso, EncISO8859_2, readings, nil
	}
	winOK, isoOK := !strings.ContainsRune(win, '\ufffd'), !strings.ContainsRune(iso, '\ufffd')
	switch {
	case !winOK && !isoOK:
		return "", "", nil, Errf(garbled)
	case !isoOK: // bytes 0x80–0x9F are control characters in ISO-8859-2
		return win, EncWin1250, nil, nil
	case len(readings) == 0: // the same text in both
		return win, EncWin1250, nil, nil
	}
	w, i := evidence(win, iso)
	switch {
	case w > 0 && i == 0:
		return win, EncWin1250, nil, nil
	case i > 0 && w == 0:
		return iso, EncISO8859_2, nil, nil
	}
	return "", "", nil, &ErrAmbiguous{Readings: readings}
}

// utf16Of recognises UTF-16 by its BOM, or (without one) by zero bytes in
// every other position of mostly ASCII text.
func utf16Of(data []byte) (string, encoding.Encoding) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return EncUTF16LE, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return EncUTF16BE, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	}
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return "", nil
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*7 && even == 0:
		return EncUTF16LE, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	case even*10 >= half*7 && odd == 0:
		return EncUTF16BE, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	}
	return "", nil
}

// decode8 decodes a single-byte encoding; undefined bytes (and the C1
// control range of ISO-8859-2) become U+FFFD.
func decode8(cm *charmap.Charmap, data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		r := cm.DecodeByte(c)
		if r >= 0x80 && r <= 0x9f {
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// differing returns up to n lines that read differently.
func differing(a, b string, n int) []Reading {
	var out []Reading
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i < len(bl) && al[i] != bl[i] {
			out = append(out, Reading{Line: i + 1, Win1250: strings.TrimRight(al[i], "\r"), ISO88592: strings.TrimRight(bl[i], "\r")})
			if len(out) == n {
				break
			}
		}
	}
	return out
}

const polishLetters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"

// evidence counts, for each decoding, the characters where the two differ
// and that decoding gives a Polish letter next to another letter (ą, ś, ź
// and their capitals are where Windows-1250 and ISO-8859-2 part).
func evidence(win, iso string) (w, i int) {
	a, b := []rune(win), []rune(iso)
	for k := range a {
		if a[k] == b[k] {
			continue
		}
		if inWord(a, k) {
			w++
		}
		if inWord(b, k) {
			i++
		}
	}
	return w, i
}

func inWord(rs []rune, k int) bool {
	if !strings.ContainsRune(polishLetters, rs[k]) {
		return false
	}
	return k > 0 && unicode.IsLetter(rs[k-1]) || k+1 < len(rs) && unicode.IsLetter(rs[k+1])
}
