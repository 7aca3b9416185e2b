package components

import (
	"net/url"
	"strconv"
)

// Query parameters every searchable list shares (its own filters beside them).
const (
	ParamSearch = "q"    // the text searched
	ParamSort   = "sort" // the sort column's key (domain.Sorting)
	ParamDir    = "dir"  // asc or desc
	ParamOffset = "od"   // the first row of the page
)

// List is the state of a list page as its address holds it: the filter
// asked (search text and the list's own filters), the order and the page.
// Its links (sorted columns, pages, the CSV export) keep everything else.
type List struct {
	Path   string     // the list's address
	Export string     // the address of its CSV ("" when the user may not export it)
	Filter url.Values // q and the list's filters, without sort, dir and od
	Sort   string     // the sort key in force
	Desc   bool
	Offset int
	// The list's default order: links in it leave sort and dir out.
	DefaultSort string
	DefaultDesc bool
}

func (l List) link(path, sort string, desc bool, offset int) string {
	q := url.Values{}
	for k, vs := range l.Filter {
		for _, v := range vs {
			if v != "" {
				q.Add(k, v)
			}
		}
	}
	if (List{Sort: sort, Desc: desc, DefaultSort: l.DefaultSort, DefaultDesc: l.DefaultDesc}).customOrder() {
		q.Set(ParamSort, sort)
		q.Set(ParamDir, dir(desc))
	}
	if offset > 0 {
		q.Set(ParamOffset, strconv.Itoa(offset))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func dir(desc bool) string {
	if desc {
		return "desc"
	}
	return "asc"
}

// SortLink is the address of the list sorted by key: the other direction
// when it is sorted by key already, ascending otherwise; from the first page.
func (l List) SortLink(key string) string {
	return l.link(l.Path, key, key == l.Sort && !l.Desc, 0)
}

// PageLink is the address of the page starting at offset, same filter and order.
func (l List) PageLink(offset int) string { return l.link(l.Path, l.Sort, l.Desc, offset) }

// ExportLink is the address of the CSV of exactly the rows the list shows
// (all pages), in its order.
func (l List) ExportLink() string { return l.link(l.Export, l.Sort, l.Desc, 0) }

// customOrder reports whether the list is in another order than its default.
func (l List) customOrder() bool {
	return l.Sort != "" && (l.Sort != l.DefaultSort || l.Desc != l.DefaultDesc)
}

// Filtered reports whether anything is searched or filtered.
func (l List) Filtered() bool {
	for _, vs := range l.Filter {
		for _, v := range vs {
			if v != "" {
				return true
			}
		}
	}
	return false
}

// Get is the value of a filter parameter.
func (l List) Get(name string) string { return l.Filter.Get(name) }

// ariaSort is the aria-sort value of the column key ("" when the list is
// not sorted by it).
func (l List) ariaSort(key string) string {
	switch {
	case key != l.Sort:
		return ""
	case l.Desc:
		return "descending"
	}
	return "ascending"
}

// sortHint says what following the column's link does.
func (l List) sortHint(key string) string {
	switch {
	case key == l.Sort && !l.Desc:
		return "posortowano rosnąco; kliknij, aby sortować malejąco"
	case key == l.Sort:
		return "posortowano malejąco; kliknij, aby sortować rosnąco"
	}
	return "kliknij, aby sortować"
}
