// Package web holds the templ components (layout, components, pages) and the
// static assets, embedded in the binary.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
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

// notServed are files of the static tree that are not for browsers.
var notServed = map[string]bool{"vendor/VERSIONS": true}

// StaticHandler serves the files under /static/: files only, never a
// directory listing, and not the vendored versions list (notServed); for
// anything else it calls notFound.
func StaticHandler(notFound http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/static/")
		if !ok || name == "" || strings.HasSuffix(name, "/") || path.Clean(name) != name || !fs.ValidPath(name) || notServed[name] {
			notFound.ServeHTTP(w, r)
			return
		}
		f, err := Static.Open(name)
		if err != nil {
			notFound.ServeHTTP(w, r)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		rs, seekable := f.(io.ReadSeeker)
		if err != nil || !fi.Mode().IsRegular() || !seekable {
			notFound.ServeHTTP(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		http.ServeContent(w, r, name, fi.ModTime(), rs)
	})
}
