package components

import (
	"bytes"
	"context"
	"testing"

	"github.com/a-h/templ"

	"kaizen/internal/domain"
)

// TestTextEscapesAsTempl: @Text(s) writes what templ's { s } writes.
func TestTextEscapesAsTempl(t *testing.T) {
	for _, s := range []string{"", "Gmina Żółkiewka", `<script>alert("x")</script>`, "Nowak & syn's", "&amp;", "a<b>c&d'e\"f", "ąęłńóśźż ĄĘŁŃÓŚŹŻ", "'", "x&"} {
		want, _ := templ.JoinStringErrs(s)
		want = templ.EscapeString(want)
		var b bytes.Buffer
		if err := Text(s).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("Text(%q) = %q, want %q", s, b.String(), want)
		}
		if got := string(AppendText([]byte("x"), s)); got != "x"+want {
			t.Errorf("AppendText(x, %q) = %q, want %q", s, got, "x"+want)
		}
	}
}

func TestOne(t *testing.T) {
	for _, x := range []float64{0, -0.04, 3.25, -3, 1234.56, 88.8} {
		var b bytes.Buffer
		if err := One(x).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if want := templ.EscapeString(domain.FormatOne(x)); b.String() != want {
			t.Errorf("One(%v) = %q, want %q", x, b.String(), want)
		}
	}
}

// TestTextAllocatesNothing: the point of Text over { s }.
func TestTextAllocatesNothing(t *testing.T) {
	var b bytes.Buffer
	b.Grow(1 << 16)
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() {
		b.Reset()
		_ = Text("Urząd Miasta <Łódź> & okolice").Render(ctx, &b)
	}); n != 0 {
		t.Errorf("Text allocates %v times a render", n)
	}
}
