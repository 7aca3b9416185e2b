// Package web holds the templ components (layout, components, pages) and the
// static assets, embedded in the binary.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sync"
)

//go:embed static
var staticFS embed.FS

// Static is the static file tree (css, vendored js, icons).
var Static, _ = fs.Sub(staticFS, "static")

var (
	hashesOnce sync.Once
	hashes     map[string]string
)

// Asset returns the URL of a static file with a content hash, so browsers may
// cache it for long and still get a new version after a deploy.
func Asset(name string) string {
	hashesOnce.Do(func() {
		hashes = map[string]string{}
		_ = fs.WalkDir(Static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(Static, p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			hashes[p] = hex.EncodeToString(sum[:6])
			return nil
		})
	})
	return "/static/" + name + "?v=" + hashes[name]
}

// StaticHandler serves the static files under /static/.
func StaticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(Static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		files.ServeHTTP(w, r)
	})
}
