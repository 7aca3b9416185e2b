package web_test

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// markupProblems lists what a page's markup gets wrong that axe does not
// see: a form that leaves an input's rules (required, pattern, min, max,
// type=email) to the browser's own validation bubble, in the browser's
// language, instead of the server's Polish messages (no novalidate); a
// repeated row's field named like the other rows' ("Od", "Do"); a
// data table named neither by a caption nor by aria-label(ledby), or
// without th header cells.
func markupProblems(body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return []string{"unparsable page: " + err.Error()}
	}
	var out []string
	labels := map[*html.Node]map[string]bool{} // per form: the names of its fields
	var walk func(n *html.Node, form *html.Node)
	walk = func(n *html.Node, form *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "form":
				form = n
				labels[form] = map[string]bool{}
			case "label":
				name := strings.Join(strings.Fields(markupText(n)), " ")
				if form != nil && markupHas(n, "for") && name != "" {
					if labels[form][name] {
						out = append(out, "form "+markupAttr(form, "action")+" has two fields named "+strconv.Quote(name))
					}
					labels[form][name] = true
				}
			case "input", "textarea", "select":
				if form != nil && !markupHas(form, "novalidate") && browserValidated(n) {
					out = append(out, "form "+markupAttr(form, "action")+" has no novalidate; its field "+markupAttr(n, "name")+" would get the browser's bubble")
				}
			case "table":
				if problem := tableProblem(n); problem != "" {
					out = append(out, "table "+markupAttr(n, "data-testid")+": "+problem)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, form)
		}
	}
	walk(doc, nil)
	return out
}

func browserValidated(n *html.Node) bool {
	if markupAttr(n, "type") == "hidden" {
		return false
	}
	for _, a := range []string{"required", "pattern", "min", "max", "minlength"} {
		if markupHas(n, a) {
			return true
		}
	}
	switch markupAttr(n, "type") {
	case "email", "url", "number", "date":
		return true
	}
	return false
}

func tableProblem(t *html.Node) string {
	named := markupHas(t, "aria-label") || markupHas(t, "aria-labelledby")
	var headers int
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "caption" && strings.TrimSpace(markupText(n)) != "" {
				named = true
			}
			if n.Data == "th" {
				headers++
			}
			if n.Data == "table" && n != t {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(t)
	switch {
	case !named:
		return "no caption and no aria-label(ledby)"
	case headers == 0:
		return "no th header cells"
	}
	return ""
}

func markupHas(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func markupAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func markupText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(markupText(c))
	}
	return b.String()
}

// The checker itself finds what it is meant to find.
func TestMarkupProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"FormWithoutNovalidate", `<form method="post" action="/x"><input name="a" required></form>`, 1},
		{"EmailWithoutNovalidate", `<form method="get"><input type="email" name="e"></form>`, 1},
		{"DateWithoutNovalidate", `<form method="post"><input type="date" name="d"></form>`, 1},
		{"FormWithNovalidate", `<form method="post" novalidate><input name="a" required max="3"></form>`, 0},
		{"PlainFormWithoutRules", `<form method="post"><input type="hidden" name="csrf_token"><button>x</button></form>`, 0},
		{"RepeatedLabels", `<form method="post" novalidate><label for="a">Od</label><input id="a"><label for="b">Od</label><input id="b"></form>`, 1},
		{"RowLabels", `<form method="post" novalidate><label for="a">Okres 1: od</label><input id="a"><label for="b">Okres 2: od</label><input id="b"></form>`, 0},
		{"TableWithoutName", `<table><tr><th>a</th></tr></table>`, 1},
		{"TableWithoutHeaders", `<table aria-label="x"><tr><td>a</td></tr></table>`, 1},
		{"EmptyCaption", `<table><caption> </caption><tr><th>a</th></tr></table>`, 1},
		{"TableWithCaption", `<table><caption>x</caption><tr><th scope="col">a</th></tr></table>`, 0},
		{"TableLabelled", `<table aria-labelledby="h"><tr><th>a</th></tr></table>`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markupProblems(tc.body); len(got) != tc.want {
				t.Errorf("%d problems, want %d: %v", len(got), tc.want, got)
			}
		})
	}
}
