// Package pdftext reads the text of a PDF in tests, with pdftotext
// (poppler-utils, which `make deps-test` installs), so generated documents
// are checked by what a reader sees.
package pdftext

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Text returns the PDF's text with runs of white space as one space.
func Text(t testing.TB, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps-test)")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", f, "-").Output() // #nosec G204 -- tests only: pdftotext found on PATH, reading a file the test wrote
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
