package upload

import (
	"bytes"
	"compress/zlib"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads JPEG scans
	_ "image/png"  // and PNG scans
	"io"
	"path"
	"strings"
)

// PDFInfo is what Inspect found in a PDF: the pages it declares and the
// active content it carries (names such as "/JavaScript"), if any.
type PDFInfo struct {
	Pages  int
	Active []string
}

// active are the names of PDF objects that run code, act on opening, start
// programs or carry files of their own: an evidence scan needs none.
var active = map[string]string{
	"JS":            "/JS",
	"JavaScript":    "/JavaScript",
	"OpenAction":    "/OpenAction",
	"Launch":        "/Launch",
	"EmbeddedFile":  "/EmbeddedFile",
	"EmbeddedFiles": "/EmbeddedFile",
}

// maxInflated caps the bytes decompressed from a PDF's streams, so a small
// "zip bomb" cannot exhaust memory; what is beyond is not inspected.
const maxInflated = 64 << 20

// InspectPDF reads the names of a PDF's objects, in the file and in its
// Flate-compressed streams (object streams hide dictionaries there), with
// #xx escapes decoded (/J#61vaScript is /JavaScript), and counts the page
// objects and the active content.
func InspectPDF(data []byte) PDFInfo {
	var info PDFInfo
	seen := map[string]bool{}
	budget := maxInflated
	var scan func(b []byte, depth int)
	scan = func(b []byte, depth int) {
		prev, prevEnd := "", -1
		for i := 0; i < len(b); i++ {
			switch c := b[i]; {
			case c == '%': // a comment to the end of the line
				for i < len(b) && b[i] != '\n' && b[i] != '\r' {
					i++
				}
			case c == '/':
				name, end := readName(b, i+1)
				if prev == "Type" && name == "Page" && onlySpace(b[prevEnd:i]) {
					info.Pages++
				}
				if a, ok := active[name]; ok && !seen[a] {
					seen[a] = true
					info.Active = append(info.Active, a)
				}
				prev, prevEnd = name, end
				i = end - 1
			case c == 's' && depth < 2 && bytes.HasPrefix(b[i:], []byte("stream")) && (i == 0 || isSpace(b[i-1]) || b[i-1] == '>'):
				start := i + len("stream")
				if start < len(b) && b[start] == '\r' {
					start++
				}
				if start < len(b) && b[start] == '\n' {
					start++
				}
				end := bytes.Index(b[start:], []byte("endstream"))
				if end < 0 {
					end = len(b) - start
				}
				if budget > 0 {
					if zr, err := zlib.NewReader(bytes.NewReader(b[start : start+end])); err == nil {
						inflated, _ := io.ReadAll(io.LimitReader(zr, int64(budget)))
						budget -= len(inflated)
						scan(inflated, depth+1)
					}
				}
				i = start + end - 1
			}
		}
	}
	scan(data, 0)
	return info
}

// readName decodes the PDF name that starts at b[i] (after its slash) and
// returns it with the index just past it.
func readName(b []byte, i int) (string, int) {
	var n strings.Builder
	for i < len(b) && !isSpace(b[i]) && !strings.ContainsRune("/[]<>(){}%", rune(b[i])) {
		if b[i] == '#' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			n.WriteByte(unhex(b[i+1])<<4 | unhex(b[i+2]))
			i += 3
			continue
		}
		n.WriteByte(b[i])
		i++
	}
	return n.String(), i
}

func onlySpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// Refusal is why an evidence file of type ct is refused, in Polish for the
// form beside the file field, or "" when it may be kept: a PDF must carry
// no active content (scripts, actions on opening, launched programs,
// embedded files).
func Refusal(ct string, data []byte) string {
	if ct != "application/pdf" {
		return ""
	}
	if a := InspectPDF(data).Active; len(a) > 0 {
		return "Plik PDF zawiera aktywną treść (" + strings.Join(a, ", ") + "): skrypty, akcje przy otwarciu, uruchamianie programów lub osadzone pliki. Takiego pliku nie przyjmujemy jako dowodu; wydrukuj go do PDF lub zeskanuj ponownie i dołącz jeszcze raz."
	}
	return ""
}

// DocumentRefusal is why a file is not a readable document: a PDF without
// a single page or an image that does not decode; "" when it is one. A
// scan of a paper decision must be one.
func DocumentRefusal(ct string, data []byte) string {
	if msg := Refusal(ct, data); msg != "" {
		return msg
	}
	if ct == "application/pdf" {
		if InspectPDF(data).Pages == 0 {
			return "Plik PDF nie ma ani jednej strony: dołącz skan podpisanego dokumentu."
		}
		return ""
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return "Obrazu nie da się odczytać: dołącz poprawny skan w formacie JPEG lub PNG."
	}
	return ""
}

// Name is the name a file of type ct is kept and served under: the
// uploader's name with its extension replaced by the one of the type found
// in the content (instrukcja.hta with a PDF inside is instrukcja.pdf). Any
// other type keeps its name.
func Name(name, ct string) string {
	var ext string
	switch ct {
	case "application/pdf":
		ext = ".pdf"
	case "image/png":
		ext = ".png"
	case "image/jpeg":
		ext = ".jpg"
	default:
		return name
	}
	base := strings.TrimRight(strings.TrimSpace(name), ". ")
	if e := path.Ext(base); e != "" && !strings.ContainsAny(e, " /\\") {
		base = strings.TrimRight(strings.TrimSuffix(base, e), ". ")
	}
	if lower := strings.ToLower(base); strings.HasSuffix(lower, ext) || ct == "image/jpeg" && strings.HasSuffix(lower, ".jpeg") {
		base = base[:len(base)-len(path.Ext(base))]
	}
	if base == "" {
		base = "plik"
	}
	return base + ext
}
