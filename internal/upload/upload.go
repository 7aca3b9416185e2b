// Package upload decides what an uploaded evidence file is from its
// content, never from its name.
package upload

import (
	"net/http"
	"strings"
)

// MaxScanBytes is the largest scan accepted (20 MB).
const MaxScanBytes = 20 << 20

// Types are the content types accepted for scans.
var Types = []string{"application/pdf", "image/jpeg", "image/png"}

// SniffScan returns the content type of data and whether it is a PDF, JPEG
// or PNG.
func SniffScan(data []byte) (string, bool) {
	ct := http.DetectContentType(data)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	for _, t := range Types {
		if ct == t {
			return ct, true
		}
	}
	return ct, false
}

// Ext is the usual file extension of an accepted type.
func Ext(ct string) string {
	switch ct {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	}
	return ".jpg"
}
