package web

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecStableAndReadsOldSessions(t *testing.T) {
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	values := map[string]any{"user_id": int64(7), "session_version": 3, "csrf": "x", "flash": "success|Zapisano, żółć.", "a": true, "b": false,
		"neg": -5, "big": int64(-1 << 62), "empty": ""}
	first, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(first, sessionCompactTag) {
		t.Fatalf("the application's values are not in the compact form: %q", first[:3])
	}
	for range 20 { // map order is random: every encoding must be the same bytes
		again, err := sessionCodec{}.Encode(deadline, values)
		if err != nil || !bytes.Equal(first, again) {
			t.Fatalf("encoding differs: %v", err)
		}
	}
	d, got, err := sessionCodec{}.Decode(first)
	if err != nil || !d.Equal(deadline) || !reflect.DeepEqual(got, values) {
		t.Fatalf("decode = %v %#v %v", d, got, err)
	}
	// Types come back as they went in (scs's GetInt wants an int, GetInt64 an int64).
	if _, ok := got["session_version"].(int); !ok {
		t.Fatalf("session_version is %T", got["session_version"])
	}
	if _, ok := got["user_id"].(int64); !ok {
		t.Fatalf("user_id is %T", got["user_id"])
	}
	if _, got, err := (sessionCodec{}).Decode(mustEncode(t, deadline, map[string]any{})); err != nil || len(got) != 0 {
		t.Fatalf("empty session = %v %v", got, err)
	}

	// Sessions written by scs's gob codec and by this codec's gob form.
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := (sessionCodec{}).Decode(old); err != nil || !d.Equal(deadline) || got["user_id"] != int64(7) {
		t.Fatalf("old session = %v %v %v", d, got, err)
	}
	kz1, err := encodeGob(deadline, []string{"csrf", "user_id"}, values)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := (sessionCodec{}).Decode(kz1); err != nil || !d.Equal(deadline) || got["user_id"] != int64(7) || got["csrf"] != "x" || len(got) != 2 {
		t.Fatalf("kz1 session = %v %v %v", d, got, err)
	}
	if _, _, err := (sessionCodec{}).Decode(append(append([]byte{}, sessionCodecTag...), 0xff, 0x01)); err == nil {
		t.Fatal("garbage decoded")
	}
}

func mustEncode(t *testing.T, deadline time.Time, values map[string]any) []byte {
	t.Helper()
	b, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A value of another type sends the whole session through gob, still in
// key order, and it comes back.
func TestSessionCodecOtherTypes(t *testing.T) {
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	values := map[string]any{"csrf": "x", "list": []string{"a", "b"}, "f": 1.5}
	b := mustEncode(t, deadline, values)
	if !bytes.HasPrefix(b, sessionCodecTag) {
		t.Fatalf("tag %q", b[:3])
	}
	if again := mustEncode(t, deadline, values); !bytes.Equal(b, again) {
		t.Fatal("gob form not stable")
	}
	d, got, err := sessionCodec{}.Decode(b)
	if err != nil || !d.Equal(deadline) || !reflect.DeepEqual(got, values) {
		t.Fatalf("decode = %v %#v %v", d, got, err)
	}
}

// Every cut of a compact session, and a byte too many, is refused as
// malformed, never read as some other session.
func TestSessionCodecMalformed(t *testing.T) {
	b := mustEncode(t, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), map[string]any{"user_id": int64(7), "csrf": "abc", "ok": true, "v": 2})
	for n := len(sessionCompactTag); n < len(b); n++ {
		if _, got, err := (sessionCodec{}).Decode(b[:n]); err == nil {
			t.Fatalf("cut at %d of %d decoded: %v", n, len(b), got)
		}
	}
	if _, _, err := (sessionCodec{}).Decode(append(append([]byte{}, b...), 0)); err == nil {
		t.Fatal("a trailing byte decoded")
	}
	for _, bad := range [][]byte{
		append(append([]byte{}, sessionCompactTag...), 0, 1, 1, 'k', 'x', 0),                          // unknown type
		append(append([]byte{}, sessionCompactTag...), 0, 1, 1, 'k', sessBool, 2),                     // bool neither 0 nor 1
		append(append([]byte{}, sessionCompactTag...), 0, 1, 1, 'k', sessString, 0xff, 0xff, 0xff, 1), // string longer than the data
		append(append([]byte{}, sessionCompactTag...), 0, 0xff, 0xff, 0xff, 0xff, 0x0f),               // more values than bytes
	} {
		if _, got, err := (sessionCodec{}).Decode(bad); err == nil {
			t.Fatalf("% x decoded: %v", bad, got)
		}
	}
}

func BenchmarkSessionCodec(b *testing.B) {
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	values := map[string]any{"user_id": int64(7), "session_version": 3, "csrf": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
	for b.Loop() {
		enc, err := sessionCodec{}.Encode(deadline, values)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := (sessionCodec{}).Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}
