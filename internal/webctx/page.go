package webctx

import (
	"context"
	"strconv"
)

// pageState is what the parts of one rendered page tell each other: whether
// the page answers with an error status (the layout prefixes the title),
// how many error summaries it holds (each gets its own id), and which flash
// messages a section has shown already (the layout shows the rest).
type pageState struct {
	failed    bool
	summaries int
	shown     map[int]bool
}

const pageKey key = 100

// WithPage starts the state of one page; failed says it answers with a
// 4xx or 5xx status.
func WithPage(ctx context.Context, failed bool) context.Context {
	return context.WithValue(ctx, pageKey, &pageState{failed: failed, shown: map[int]bool{}})
}

func page(ctx context.Context) *pageState {
	if p, ok := ctx.Value(pageKey).(*pageState); ok {
		return p
	}
	return &pageState{shown: map[int]bool{}}
}

// PageFailed says the page shows errors (its status is 4xx or 5xx).
func PageFailed(ctx context.Context) bool { return page(ctx).failed }

// NextSummaryID is the id of the next error summary on the page:
// "error-summary", then "error-summary-2", … so ids stay unique.
func NextSummaryID(ctx context.Context) string {
	p := page(ctx)
	p.summaries++
	if p.summaries == 1 {
		return "error-summary"
	}
	return "error-summary-" + strconv.Itoa(p.summaries)
}

// FlashesFor returns the flash messages meant for the section with the id
// anchor (the redirect's target) and marks them shown.
func FlashesFor(ctx context.Context, anchor string) []Flash {
	var out []Flash
	for i, f := range Flashes(ctx) {
		if f.Anchor == anchor && !page(ctx).shown[i] {
			page(ctx).shown[i] = true
			out = append(out, f)
		}
	}
	return out
}

// UnshownFlashes returns the flash messages no section has shown.
func UnshownFlashes(ctx context.Context) []Flash {
	var out []Flash
	for i, f := range Flashes(ctx) {
		if !page(ctx).shown[i] {
			out = append(out, f)
		}
	}
	return out
}
