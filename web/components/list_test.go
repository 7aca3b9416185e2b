package components

import (
	"net/url"
	"testing"
)

func TestListLinks(t *testing.T) {
	l := List{Path: "/programmes/1/consultations", Export: "/programmes/1/consultations/export.csv",
		Filter: url.Values{ParamSearch: {"Nowak & syn"}, "jednostka": {"7"}, "zadanie": {""}}, Sort: "dni", Desc: true, Offset: 200}
	for _, tc := range []struct{ got, want string }{
		{l.SortLink("dni"), "/programmes/1/consultations?dir=asc&jednostka=7&q=Nowak+%26+syn&sort=dni"},
		{l.SortLink("ekspert"), "/programmes/1/consultations?dir=asc&jednostka=7&q=Nowak+%26+syn&sort=ekspert"},
		{l.PageLink(300), "/programmes/1/consultations?dir=desc&jednostka=7&od=300&q=Nowak+%26+syn&sort=dni"},
		{l.ExportLink(), "/programmes/1/consultations/export.csv?dir=desc&jednostka=7&q=Nowak+%26+syn&sort=dni"},
		{l.ariaSort("dni"), "descending"},
		{l.ariaSort("ekspert"), ""},
		{List{Path: "/units"}.PageLink(0), "/units"},
		// The default order leaves sort and dir out; its column turns it.
		{List{Path: "/units", Sort: "nazwa", DefaultSort: "nazwa"}.PageLink(50), "/units?od=50"},
		{List{Path: "/units", Sort: "nazwa", DefaultSort: "nazwa"}.SortLink("nazwa"), "/units?dir=desc&sort=nazwa"},
		{List{Path: "/units", Sort: "nazwa", Desc: true, DefaultSort: "nazwa"}.SortLink("nazwa"), "/units"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if !l.Filtered() || (List{Filter: url.Values{"zadanie": {""}}}).Filtered() {
		t.Error("Filtered")
	}
}
