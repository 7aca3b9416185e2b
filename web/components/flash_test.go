package components

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"kaizen/internal/webctx"
)

// Without a message the page's content is written straight to the page's
// writer, not held in a buffer of its own; with one the message comes
// first and the content after it, once.
func TestFlashFrame(t *testing.T) {
	var seen io.Writer
	content := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		seen = w
		_, err := io.WriteString(w, "<p>treść</p>")
		return err
	})
	var out bytes.Buffer
	if err := FlashFrame().Render(templ.WithChildren(context.Background(), content), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "<p>treść</p>" {
		t.Errorf("without a message: %q", out.String())
	}
	if seen != io.Writer(&out) {
		t.Errorf("without a message the content was written to %T, not to the page's writer", seen)
	}

	out.Reset()
	ctx := webctx.WithFlashes(context.Background(), []webctx.Flash{{Kind: "success", Message: "Zapisano."}})
	ctx = webctx.WithPage(ctx, false)
	if err := FlashFrame().Render(templ.WithChildren(ctx, content), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if i, j := strings.Index(got, "Zapisano."), strings.Index(got, "<p>treść</p>"); i < 0 || j < i || strings.Count(got, "<p>treść</p>") != 1 {
		t.Errorf("with a message: %q", got)
	}
}
