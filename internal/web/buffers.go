package web

import (
	"bytes"
	"sync"
)

// Pages are rendered into a buffer, and reads are held back in another for
// a possible retry (render.go, retry.go). Both come from one pool, so a
// request reuses a buffer grown by an earlier one instead of growing its
// own from nothing (a 100 KB page allocates twice its size on the way).
// A buffer grown past maxPooledBuffer (a long list, a file) is left to the
// garbage collector: the pool must not keep the biggest answers' memory.
const maxPooledBuffer = 256 << 10

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getBuffer returns an empty buffer; give it back with putBuffer once its
// bytes are written out.
func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b == nil || b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	buffers.Put(b)
}
