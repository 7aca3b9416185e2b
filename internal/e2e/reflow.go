package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// reflowViewport is one size a page must fit without scrolling sideways
// (WCAG 1.4.10): CSS width and height, and the device scale factor.
type reflowViewport struct {
	name          string
	width, height int64
	scale         float64
}

// reflowViewports: a 320×640 phone, and 1280 px at 200% zoom, emulated
// with Emulation.setDeviceMetricsOverride as a 640×450 CSS px viewport
// with device scale factor 2 (what the browser lays out when a 1280×900
// window is zoomed to 200%).
var reflowViewports = []reflowViewport{
	{"320×640", 320, 640, 1},
	{"1280 px at 200%", 640, 450, 2},
}

// reflowProbe measures the page: the document's scroll and client widths
// and, when it scrolls sideways, the widest element whose right edge is
// beyond the viewport and that is not inside a box that scrolls sideways
// by itself (a table's .table-wrap).
const reflowProbe = `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done((() => {
	const de = document.documentElement;
	const r = {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, innerWidth: window.innerWidth, culprit: ""};
	if (r.scrollWidth <= r.clientWidth) return JSON.stringify(r);
	// inside a box that scrolls or clips sideways: an absolutely positioned
	// element only is when that box is, or is inside, its containing block
	const out = p => ["absolute", "fixed"].includes(getComputedStyle(p).position);
	const scrolls = el => { let abs = out(el);
		for (let p = el.parentElement; p && p !== de; p = p.parentElement) {
			const cs = getComputedStyle(p);
			if (abs) { if (cs.position === "static") continue; abs = out(p); }
			const o = cs.overflowX; if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true; } return false; };
	const name = el => { let s = el.tagName.toLowerCase(); if (el.id) s += "#" + el.id;
		if (el.classList.length) s += "." + [...el.classList].join(".");
		const txt = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60); return txt ? s + " «" + txt + "»" : s; };
	let best = null, bestRight = 0;
	for (const el of document.body.querySelectorAll("*")) {
		const b = el.getBoundingClientRect();
		// a word too long for its box sticks out of it without widening it
		const spill = getComputedStyle(el).overflowX === "visible" ? b.left + el.scrollWidth : b.right;
		const right = Math.max(b.right, spill) + window.scrollX;
		if (right <= r.clientWidth + 0.5 || scrolls(el)) continue;
		// the innermost element that sticks out explains most: prefer the
		// one with the largest right edge, then the deepest
		if (right >= bestRight) { best = el; bestRight = right; }
	}
	if (best) r.culprit = name(best) + " right edge " + Math.round(bestRight) + " px";
	return JSON.stringify(r);
})()))))`

// reflowResult is what reflowProbe returns.
type reflowResult struct {
	ScrollWidth int    `json:"scrollWidth"`
	ClientWidth int    `json:"clientWidth"`
	InnerWidth  int    `json:"innerWidth"`
	Culprit     string `json:"culprit"`
}

// CheckReflow lays the current page out at each reflow viewport and fails
// the test when the page itself scrolls sideways there, naming the page,
// the widths and the widest element that sticks out. The browser's own
// size is restored afterwards.
func CheckReflow(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, problem := range reflowProblems(ctx) {
		t.Errorf("%s: %s", page, problem)
	}
}

// reflowProblems returns one message per viewport at which the current
// page scrolls sideways (or could not be measured).
func reflowProblems(ctx context.Context) []string {
	var problems []string
	defer func() { _, _ = chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}) }()
	for _, v := range reflowViewports {
		err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)))
		var raw string
		if err == nil {
			raw, err = chromedp.Run(ctx, chromedp.Evaluate[string](reflowProbe, chromedp.EvalAwaitPromise))
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("at %s: %v", v.name, err))
			continue
		}
		var r reflowResult
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			problems = append(problems, fmt.Sprintf("at %s: %v", v.name, err))
			continue
		}
		if r.InnerWidth != int(v.width) {
			problems = append(problems, fmt.Sprintf("at %s: the viewport is %d px wide, not %d", v.name, r.InnerWidth, v.width))
			continue
		}
		if r.ScrollWidth > r.ClientWidth {
			msg := fmt.Sprintf("scrolls sideways at %s: scrollWidth %d > clientWidth %d", v.name, r.ScrollWidth, r.ClientWidth)
			if r.Culprit != "" {
				msg += "; widest element: " + r.Culprit
			}
			problems = append(problems, msg)
		}
	}
	return problems
}

// skipLink says whether a link found on a page is not a page to check:
// another site, a download (CSV, PDF, XLSX), signing out.
func skipLink(path string) bool {
	p, _, _ := strings.Cut(path, "?")
	p, _, _ = strings.Cut(p, "#")
	for _, ext := range []string{".csv", ".pdf", ".xlsx", ".json", ".svg", ".js", ".css", ".txt"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return p == "/logout" || strings.HasPrefix(p, "/static/") || strings.Contains(path, "format=")
}
