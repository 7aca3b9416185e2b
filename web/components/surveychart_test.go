package components

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"

	"kaizen/internal/domain"
)

func render(t *testing.T, c templ.Component) *html.Node {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// find lists the elements named tag under n that satisfy ok (nil: all).
func find(n *html.Node, tag string, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag && (ok == nil || ok(n)) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func texts(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, text(n))
	}
	return out
}

// cellsOf is the text of each cell of a table row.
func cellsOf(tr *html.Node) []string {
	var out []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, text(c))
		}
	}
	return out
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func withClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "class") == class }
}

var demoLikert = LikertChart{ID: "obsluga", Title: "Ocena obsługi — badanie początkowe", Scale: Likert5, Items: []LikertItem{
	{Label: "Pracownicy byli uprzejmi", Counts: []int{3, 6, 9, 15, 27}, DontKnow: 0},              // 60; 3 and 0 hidden
	{Label: "Sprawę załatwiono bez zbędnej zwłoki", Counts: []int{5, 5, 10, 20, 20}, DontKnow: 5}, // 65, nothing hidden
	{Label: "Mała grupa <script>", Counts: []int{1, 0, 1, 1, 0}, DontKnow: 1},                     // 4: no distribution
}}

func TestLikertChartStructure(t *testing.T) {
	doc := render(t, LikertChartView(demoLikert))
	svgs := find(doc, "svg", withClass("likert"))
	if len(svgs) != 1 {
		t.Fatalf("%d charts", len(svgs))
	}
	svg := svgs[0]
	if attr(svg, "role") != "img" || attr(svg, "viewBox") == "" || attr(svg, "width") != "" {
		t.Errorf("svg attributes %v", svg.Attr)
	}
	ids := strings.Fields(attr(svg, "aria-labelledby"))
	if len(ids) != 2 || byID(svg, ids[0]) == nil || byID(svg, ids[0]).Data != "title" || text(byID(svg, ids[0])) != demoLikert.Title ||
		byID(svg, ids[1]) == nil || !strings.Contains(text(byID(svg, ids[1])), "3 pytania") {
		t.Errorf("chart not named by its title and description: %v", ids)
	}
	// Every fill points to a pattern of this chart, and the patterns' ids are unique.
	patterns := map[string]bool{}
	for _, p := range find(svg, "pattern", nil) {
		if patterns[attr(p, "id")] || !strings.HasPrefix(attr(p, "id"), "obsluga-") {
			t.Errorf("pattern id %q", attr(p, "id"))
		}
		patterns[attr(p, "id")] = true
	}
	for _, r := range find(doc, "rect", func(n *html.Node) bool { return strings.HasPrefix(attr(n, "fill"), "url(") }) {
		if id := strings.TrimSuffix(strings.TrimPrefix(attr(r, "fill"), "url(#"), ")"); !patterns[id] {
			t.Errorf("fill %s has no pattern", attr(r, "fill"))
		}
	}
	// Segments: item 1 shows 6, 9, 15, 27 and one hidden remainder (3);
	// item 2 all six; item 3 none (4 answers).
	bars := find(svg, "rect", func(n *html.Node) bool { return attr(n, "height") == "26" })
	if len(bars) != 5+6 {
		t.Errorf("%d segments, want 11", len(bars))
	}
	if got := strings.Join(texts(find(svg, "text", withClass("likert-pct"))), " "); got != "10% 15% 25% 45% 8% 8% 15% 31% 31% 8%" {
		t.Errorf("percentages on segments: %s", got)
	}
	if got := texts(find(svg, "text", withClass("likert-note"))); len(got) != 1 || !strings.Contains(got[0], "Za mało odpowiedzi") {
		t.Errorf("note for the small item: %v", got)
	}
	if got := texts(find(svg, "text", withClass("likert-item"))); got[0] != "Pracownicy byli uprzejmi (n = 60)" || got[2] != "Mała grupa <script> (n = < 5)" {
		t.Errorf("item labels %q", got)
	}
	legend := texts(find(doc, "li", nil))
	if len(legend) != 7 || legend[0] != "zdecydowanie nie" || legend[5] != "nie wiem" || !strings.HasPrefix(legend[6], "odpowiedzi ukryte") {
		t.Errorf("legend %q", legend)
	}

	tables := find(doc, "table", nil)
	if len(tables) != 1 || text(find(tables[0], "caption", nil)[0]) == "" {
		t.Fatal("no data table with a caption")
	}
	heads := find(tables[0], "th", func(n *html.Node) bool { return attr(n, "scope") == "col" })
	if got := strings.Join(texts(heads), "|"); got != "Pytanie|zdecydowanie nie|raczej nie|ani tak, ani nie|raczej tak|zdecydowanie tak|nie wiem|Razem" {
		t.Errorf("column headers %s", got)
	}
	rows := find(tables[0], "tr", nil)[1:]
	want := [][]string{
		{"Pracownicy byli uprzejmi", "< 5", "6 (10,0%)", "9 (15,0%)", "15 (25,0%)", "27 (45,0%)", "< 5", "60"},
		{"Sprawę załatwiono bez zbędnej zwłoki", "5 (7,7%)", "5 (7,7%)", "10 (15,4%)", "20 (30,8%)", "20 (30,8%)", "5 (7,7%)", "65"},
		{"Mała grupa <script>", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5"},
	}
	for i, r := range rows {
		if th := find(r, "th", nil); len(th) != 1 || attr(th[0], "scope") != "row" {
			t.Errorf("row %d has no row header", i)
		}
		if got := cellsOf(r); strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d\n got %q\nwant %q", i, got, want[i])
		}
	}
	if find(doc, "p", func(n *html.Node) bool { return attr(n, "data-testid") == "likert-hidden-obsluga" }) == nil {
		t.Error("no explanation of < 5")
	}
	for _, s := range find(doc, "script", nil) {
		t.Errorf("unescaped label: %s", text(s))
	}
}

func TestLikertChartWithoutHiddenCells(t *testing.T) {
	c := LikertChart{ID: "k", Title: "Cztery punkty", Scale: LikertScale{Labels: Likert4.Labels}, Items: []LikertItem{{Label: "A", Counts: []int{10, 10, 20, 60}}}}
	doc := render(t, LikertChartView(c))
	if got := texts(find(doc, "li", nil)); strings.Join(got, "|") != "zdecydowanie nie|raczej nie|raczej tak|zdecydowanie tak" {
		t.Errorf("legend %q", got)
	}
	if len(find(doc, "p", withClass("hint"))) != 0 {
		t.Error("hint about hidden cells without any")
	}
	if got := texts(find(doc, "th", func(n *html.Node) bool { return attr(n, "scope") == "col" })); len(got) != 6 {
		t.Errorf("headers %q", got)
	}
}

func TestLikertStyles(t *testing.T) {
	for k := 1; k <= 7; k++ {
		s := likertStyles(k)
		if len(s) != k {
			t.Fatalf("%d points: %d styles", k, len(s))
		}
		seen := map[string]bool{}
		for _, st := range append(s, likertDontKnow) {
			if seen[st.Colour+st.Marks] {
				t.Errorf("%d points: two categories drawn alike (%s %s)", k, st.Colour, st.Marks)
			}
			seen[st.Colour+st.Marks] = true
			if c := contrast(st.Colour, "#ffffff"); c < 4.5 {
				t.Errorf("%s: white text at %.2f:1", st.Colour, c)
			}
		}
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(h string) float64 {
		var c [3]float64
		for i := range c {
			var v int
			for _, r := range h[1+2*i : 3+2*i] {
				v = v*16 + strings.IndexRune("0123456789abcdef", r)
			}
			x := float64(v) / 255
			if x <= 0.03928 {
				c[i] = x / 12.92
			} else {
				c[i] = math.Pow((x+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestBenchmarkStrip(t *testing.T) {
	q, _ := domain.QuartilesOf([]float64{55, 60, 62, 66, 70, 71, 75, 80})
	doc := render(t, BenchmarkStrip(Benchmark{ID: "b1", Title: "Indeks satysfakcji klientów na tle jednostek", UnitLabel: "UM Rzeszów", Value: 72.4, Peers: q, Max: 100}))
	svg := find(doc, "svg", nil)[0]
	ids := strings.Fields(attr(svg, "aria-labelledby"))
	if attr(svg, "role") != "img" || len(ids) != 2 || byID(svg, ids[0]).Data != "title" ||
		!strings.Contains(text(byID(svg, ids[1])), "mediana 68,0, połowa środkowa od 61,5 do 72,0") {
		t.Errorf("svg not named: %v %q", svg.Attr, text(byID(svg, ids[1])))
	}
	if len(find(svg, "rect", withClass("bench-box"))) != 1 || len(find(svg, "line", withClass("bench-median"))) != 1 {
		t.Error("no box or median")
	}
	if got := texts(find(svg, "text", withClass("bench-label"))); len(got) != 1 || got[0] != "UM Rzeszów: 72,4" {
		t.Errorf("unit label %q", got)
	}
	var cells []string
	for _, tr := range find(doc, "tr", nil) {
		if th := find(tr, "th", nil); len(th) != 1 || attr(th[0], "scope") != "row" {
			t.Error("row without a row header")
		}
		cells = append(cells, strings.Join(cellsOf(tr), " = "))
	}
	want := "UM Rzeszów = 72,4|Pierwszy kwartyl jednostek porównania (Q1) = 61,5|Mediana jednostek porównania = 68,0|" +
		"Trzeci kwartyl jednostek porównania (Q3) = 72,0|Liczba jednostek porównania = 8|Położenie = powyżej trzeciego kwartyla (w najwyższej ćwiartce)"
	if strings.Join(cells, "|") != want {
		t.Errorf("table\n got %s\nwant %s", strings.Join(cells, "|"), want)
	}

	doc = render(t, BenchmarkStrip(Benchmark{ID: "b2", Title: "Bez porównania", UnitLabel: "UG Kcynia", Value: 50, Max: 100}))
	if len(find(doc, "rect", withClass("bench-box"))) != 0 || strings.Join(cellsOf(find(doc, "tr", nil)[1]), " = ") != "Jednostki porównania = brak" {
		t.Errorf("no peers: %s", text(doc))
	}
}
