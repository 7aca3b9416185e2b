package upload

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
)

const onePage = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type /Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type /Page/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// objStream hides dict inside a Flate-compressed object stream.
func objStream(t *testing.T, dict string) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write([]byte(dict))
	_ = w.Close()
	return []byte("%PDF-1.5\n5 0 obj<</Type/ObjStm/Filter/FlateDecode/Length " + itoa(z.Len()) + ">>stream\n" + z.String() + "\nendstream endobj\n%%EOF\n")
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestInspectPDF(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   []byte
		pages  int
		active string
	}{
		{"OnePage", []byte(onePage), 1, ""},
		{"NoPages", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"), 0, ""},
		{"PagesInComment", []byte("%PDF-1.4\n% /Type /Page\n1 0 obj<</Type/Catalog>>endobj\n"), 0, ""},
		{"ErrJavaScript", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Names<</JavaScript 4 0 R>>>>endobj 4 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"), 0, "/JavaScript, /JS"},
		{"ErrHexEscaped", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/J#61vaScript>>>>endobj"), 0, "/OpenAction, /JavaScript"},
		{"ErrLaunch", []byte("%PDF-1.4\n1 0 obj<</Type/Action/S/Launch/F(cmd.exe)>>endobj"), 0, "/Launch"},
		{"ErrEmbeddedFile", []byte("%PDF-1.4\n1 0 obj<</Type/EmbeddedFile/Length 3>>stream\nabc\nendstream endobj"), 0, "/EmbeddedFile"},
		{"ErrInObjectStream", objStream(t, "3 0 <</Type/Page>> <</OpenAction<</S/Launch>>>>"), 1, "/OpenAction, /Launch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info := InspectPDF(tc.data)
			if info.Pages != tc.pages || strings.Join(info.Active, ", ") != tc.active {
				t.Fatalf("InspectPDF = %+v; want %d pages, active %q", info, tc.pages, tc.active)
			}
			if got := Refusal("application/pdf", tc.data) != ""; got != (tc.active != "") {
				t.Fatalf("Refusal refuses = %v", got)
			}
		})
	}
}

func TestDocumentRefusal(t *testing.T) {
	for _, tc := range []struct {
		name, ct string
		data     []byte
		ok       bool
	}{
		{"PDF", "application/pdf", []byte(onePage), true},
		{"PNG", "image/png", pngBytes(t), true},
		{"JPEG", "image/jpeg", jpegBytes(t), true},
		{"ErrPDFWithoutPages", "application/pdf", []byte("%PDF-1.4\n%%EOF\n"), false},
		{"ErrBrokenPNG", "image/png", []byte("\x89PNG\r\n\x1a\nnothing"), false},
		{"ErrBrokenJPEG", "image/jpeg", []byte("\xff\xd8\xff\xe0 nothing"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if msg := DocumentRefusal(tc.ct, tc.data); (msg == "") != tc.ok {
				t.Fatalf("DocumentRefusal = %q", msg)
			}
		})
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ name, ct, want string }{
		{"instrukcja.hta", "application/pdf", "instrukcja.pdf"},
		{"lista.pdf", "application/pdf", "lista.pdf"},
		{"LISTA.PDF", "application/pdf", "LISTA.pdf"},
		{"lista.pdf.exe", "application/pdf", "lista.pdf"},
		{"skan", "image/png", "skan.png"},
		{"zdjęcie.jpeg", "image/jpeg", "zdjęcie.jpg"},
		{"strona.html", "image/jpeg", "strona.jpg"},
		{"Protokół nr 1.2 z odbioru", "application/pdf", "Protokół nr 1.2 z odbioru.pdf"},
		{".hta", "application/pdf", "plik.pdf"},
		{"raport.csv", "text/csv", "raport.csv"},
	} {
		if got := Name(tc.name, tc.ct); got != tc.want {
			t.Errorf("Name(%q, %s) = %q; want %q", tc.name, tc.ct, got, tc.want)
		}
	}
}
