package web

import (
	"bytes"
	"testing"
)

// A buffer grown past maxPooledBuffer is not kept for later requests; one
// of a usual page is, emptied.
func TestPooledBuffers(t *testing.T) {
	big := getBuffer()
	big.Write(bytes.Repeat([]byte("x"), maxPooledBuffer+1))
	putBuffer(big)
	if b := getBuffer(); b == big || b.Cap() > maxPooledBuffer {
		t.Fatalf("a %d-byte buffer came back from the pool", b.Cap())
	}
	page := getBuffer()
	page.WriteString("<p>strona</p>")
	putBuffer(page)
	if b := getBuffer(); b.Len() != 0 {
		t.Fatalf("a pooled buffer came back holding %q", b.String())
	}
	putBuffer(nil) // an attempt that wrote nothing has no buffer
}
