package store

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

// sortColumns maps a list's sort keys (domain.Sorting) to fixed SQL
// expressions (several separated by ";", each sorted in the direction
// asked): the key the user sent only picks one of them, so nothing the
// address holds reaches the SQL.
type sortColumns map[string]string

// orderBy is the ORDER BY clause of q for a list: its sort key resolved by
// the list's Sorting (an unknown key sorts by the default), then tie, which
// makes the order total so pages do not overlap.
func orderBy(q domain.ListQuery, s domain.Sorting, cols sortColumns, tie string) string {
	dir := "asc"
	if q.Desc {
		dir = "desc"
	}
	key, desc := s.Resolve(q.Sort, dir)
	expr, ok := cols[key]
	if !ok {
		expr = cols[s.Default]
	}
	suffix := " ASC NULLS LAST, "
	if desc {
		suffix = " DESC NULLS LAST, "
	}
	return " ORDER BY " + strings.ReplaceAll(expr, ";", suffix) + suffix + tie
}

// page is the OFFSET/LIMIT of q (none when q.Limit is 0: every row, for an
// export); n is the number of arguments before it.
func page(q domain.ListQuery, args []any) (string, []any) {
	if q.Limit <= 0 {
		return "", args
	}
	args = append(args, max(0, q.Offset), q.Limit)
	return " OFFSET $" + strconv.Itoa(len(args)-1) + " LIMIT $" + strconv.Itoa(len(args)), args
}

// searchArg is q's search text as an ILIKE pattern's inside ("" for none).
func searchArg(q domain.ListQuery) string { return likePattern(q.Search) }

// withTotal scans a row whose last column is the count of all matching
// rows (count(*) OVER ()) into total.
type withTotal struct {
	pgx.Row
	total *int
}

func (w withTotal) Scan(dest ...any) error { return w.Row.Scan(append(dest, w.total)...) }
