package web

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec encodes a sign-in session's values in key order, so that the
// same values always give the same bytes: the session store then sees that a
// request changed nothing and leaves the row alone (store.SessionRenewEvery).
// scs's own gob codec encodes a map, whose order Go randomises.
//
// scs decodes and encodes the session on every request, so the values the
// application keeps (strings, int, int64, bool) are written in a small
// binary form ("kz2"); a session holding any other type falls back to gob
// in key order ("kz1"). Sessions written by either, or by scs's gob codec
// (before this one), are read.
type sessionCodec struct{}

var (
	// sessionCodecTag starts a session in gob, in key order.
	sessionCodecTag = []byte("kz1")
	// sessionCompactTag starts a session in the compact form: the deadline
	// (Unix nanoseconds, varint), the number of values (uvarint), then per
	// value in key order its key (uvarint length, bytes), a type byte and
	// the value (string: uvarint length, bytes; int, int64: varint; bool:
	// one byte).
	sessionCompactTag = []byte("kz2")
)

type sessionRecord struct {
	Deadline time.Time
	Keys     []string
	Values   []any
}

// Type bytes of the compact form.
const (
	sessString byte = 's'
	sessInt    byte = 'i'
	sessInt64  byte = 'l'
	sessBool   byte = 'b'
)

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(values))
	size := len(sessionCompactTag) + 2*binary.MaxVarintLen64
	compact := true
	for k, v := range values {
		keys = append(keys, k)
		size += len(k) + 1 + 2*binary.MaxVarintLen64
		switch v := v.(type) {
		case string:
			size += len(v)
		case int, int64, bool:
		default:
			compact = false
		}
	}
	slices.Sort(keys)
	if !compact {
		return encodeGob(deadline, keys, values)
	}
	b := make([]byte, 0, size)
	b = append(b, sessionCompactTag...)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		switch v := values[k].(type) {
		case string:
			b = append(b, sessString)
			b = binary.AppendUvarint(b, uint64(len(v)))
			b = append(b, v...)
		case int:
			b = append(b, sessInt)
			b = binary.AppendVarint(b, int64(v))
		case int64:
			b = append(b, sessInt64)
			b = binary.AppendVarint(b, v)
		case bool:
			b = append(b, sessBool)
			if v {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	}
	return b, nil
}

func encodeGob(deadline time.Time, keys []string, values map[string]any) ([]byte, error) {
	rec := sessionRecord{Deadline: deadline, Keys: keys, Values: make([]any, len(keys))}
	for i, k := range keys {
		rec.Values[i] = values[k]
	}
	var b bytes.Buffer
	b.Write(sessionCodecTag)
	if err := gob.NewEncoder(&b).Encode(&rec); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if rest, ok := bytes.CutPrefix(b, sessionCompactTag); ok {
		return decodeCompact(rest)
	}
	rest, ok := bytes.CutPrefix(b, sessionCodecTag)
	if !ok {
		return scs.GobCodec{}.Decode(b)
	}
	var rec sessionRecord
	if err := gob.NewDecoder(bytes.NewReader(rest)).Decode(&rec); err != nil {
		return time.Time{}, nil, err
	}
	values := make(map[string]any, len(rec.Keys))
	for i, k := range rec.Keys {
		if i < len(rec.Values) {
			values[k] = rec.Values[i]
		}
	}
	return rec.Deadline, values, nil
}

var errSessionData = errors.New("session data: malformed")

// sessionReader reads the compact form; the first malformed part sets bad.
type sessionReader struct {
	b   []byte
	bad bool
}

func (r *sessionReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) bytes(n uint64) []byte {
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *sessionReader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func decodeCompact(b []byte) (time.Time, map[string]any, error) {
	r := &sessionReader{b: b}
	deadline := time.Unix(0, r.varint()).UTC()
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) { // every value takes at least two bytes
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		k := string(r.bytes(r.uvarint()))
		switch r.byte() {
		case sessString:
			values[k] = string(r.bytes(r.uvarint()))
		case sessInt:
			values[k] = int(r.varint())
		case sessInt64:
			values[k] = r.varint()
		case sessBool:
			switch r.byte() {
			case 0:
				values[k] = false
			case 1:
				values[k] = true
			default:
				r.bad = true
			}
		default:
			r.bad = true
		}
		if r.bad {
			return time.Time{}, nil, errSessionData
		}
	}
	if len(r.b) != 0 {
		return time.Time{}, nil, errSessionData
	}
	return deadline, values, nil
}
