package components

import (
	"bytes"
	"context"
	"io"

	"github.com/a-h/templ"

	"kaizen/internal/webctx"
)

// FlashID is the id of the confirmation shown after a redirect: a redirect
// to a section (#obecnosc) leads here instead, so the browser lands on the
// message inside that section and moves focus to it, without JavaScript.
const FlashID = "komunikat"

// FlashFrame renders the page's content first, then puts before it the
// flash messages no section showed (SectionFlash), so a message is shown
// once: inside the section the redirect leads to, or at the top. Without
// a message (every page but the one after a redirect) the content goes
// straight to w: held in a buffer of its own, every page was copied once
// more into a buffer grown from nothing (the session page's 125 kB: 256 kB
// allocated; a fifth of the CAF benchmarking page's rendering).
func FlashFrame() templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if len(webctx.Flashes(ctx)) == 0 {
			return templ.GetChildren(ctx).Render(templ.ClearChildren(ctx), w)
		}
		var buf bytes.Buffer
		if err := templ.GetChildren(ctx).Render(templ.ClearChildren(ctx), &buf); err != nil {
			return err
		}
		if err := flashList(webctx.UnshownFlashes(ctx)).Render(ctx, w); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	})
}
