package web

import (
	"encoding/base64"
	"io"
	"net/http"
	"slices"
	"strings"

	"kaizen/internal/csvin"
	"kaizen/web/pages"
)

// csvUpload is the file of a CSV import's preview or confirmation.
type csvUpload struct {
	data []byte
	name string
	enc  string // the 8-bit encoding the user chose, "" to detect
}

// readCSVUpload reads the file of a CSV import: an uploaded file, or the
// file sent back (base64) with the user's choice of encoding or with the
// confirmation. missing is the message when there is neither.
func readCSVUpload(r *http.Request, missing string) (csvUpload, error) {
	var up csvUpload
	if enc := r.PostForm.Get(pages.FieldImportEncoding); slices.Contains(csvin.EightBit, enc) {
		up.enc = enc
	}
	up.name = strings.TrimSpace(r.PostForm.Get(pages.FieldImportFileName))
	if r.MultipartForm != nil && len(r.MultipartForm.File[pages.FieldFile]) > 0 {
		fh := r.MultipartForm.File[pages.FieldFile][0]
		if fh.Size > csvin.MaxBytes {
			return up, csvin.Errf("Plik jest za duży (największy dopuszczalny: 1 MB): podziel go na części i wczytaj każdą osobno.")
		}
		f, err := fh.Open()
		if err != nil {
			return up, err
		}
		defer f.Close()
		if up.data, err = io.ReadAll(io.LimitReader(f, csvin.MaxBytes+1)); err != nil {
			return up, err
		}
		up.name, up.enc = fh.Filename, "" // a new file: detect its encoding afresh
		return up, nil
	}
	if s := r.PostForm.Get(pages.FieldImportData); s != "" {
		data, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(data) == 0 {
			return up, csvin.Errf("Przesłany plik jest uszkodzony: wybierz go i wczytaj ponownie.")
		}
		up.data = data
		return up, nil
	}
	return up, csvin.Errf("%s", missing)
}
