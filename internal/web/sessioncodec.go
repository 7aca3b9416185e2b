package web

import (
	"bytes"
	"encoding/gob"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec encodes a sign-in session's values in key order, so that the
// same values always give the same bytes: the session store then sees that a
// request changed nothing and leaves the row alone (store.SessionRenewEvery).
// scs's own gob codec encodes a map, whose order Go randomises. Sessions
// written by that codec (before this one) are still read.
type sessionCodec struct{}

// sessionCodecTag starts every session this codec writes.
var sessionCodecTag = []byte("kz1")

type sessionRecord struct {
	Deadline time.Time
	Keys     []string
	Values   []any
}

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	rec := sessionRecord{Deadline: deadline, Keys: make([]string, 0, len(values))}
	for k := range values {
		rec.Keys = append(rec.Keys, k)
	}
	slices.Sort(rec.Keys)
	rec.Values = make([]any, len(rec.Keys))
	for i, k := range rec.Keys {
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
