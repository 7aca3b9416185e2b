package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func utf8Valid(s string) bool {
	return strings.ToValidUTF8(s, "") == s && !strings.ContainsAny(s, "\x00\r\n\"")
}

// offsetParam is the first row of a long list's page (?od=), 0 when
// missing or out of range.
func offsetParam(r *http.Request) int {
	offset, err := strconv.Atoi(r.URL.Query().Get("od"))
	if err != nil || offset < 0 || offset > 10_000_000 {
		return 0
	}
	return offset
}

// searchParam is the text searched in a long list (?q=), trimmed and cut to
// the 100 characters its field allows.
func searchParam(r *http.Request) string {
	q := []rune(strings.TrimSpace(r.URL.Query().Get("q")))
	if len(q) > 100 {
		q = q[:100]
	}
	return string(q)
}
