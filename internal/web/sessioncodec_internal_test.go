package web

import (
	"bytes"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecStableAndReadsOldSessions(t *testing.T) {
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	values := map[string]any{"user_id": int64(7), "session_version": 3, "csrf": "x", "flash": "success|Zapisano.", "a": true}
	first, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 { // map order is random: every encoding must be the same bytes
		again, err := sessionCodec{}.Encode(deadline, values)
		if err != nil || !bytes.Equal(first, again) {
			t.Fatalf("encoding differs: %v", err)
		}
	}
	d, got, err := sessionCodec{}.Decode(first)
	if err != nil || !d.Equal(deadline) || len(got) != len(values) || got["user_id"] != int64(7) || got["session_version"] != 3 || got["flash"] != "success|Zapisano." {
		t.Fatalf("decode = %v %v %v", d, got, err)
	}
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := (sessionCodec{}).Decode(old); err != nil || !d.Equal(deadline) || got["user_id"] != int64(7) {
		t.Fatalf("old session = %v %v %v", d, got, err)
	}
	if _, _, err := (sessionCodec{}).Decode(append(append([]byte{}, sessionCodecTag...), 0xff, 0x01)); err == nil {
		t.Fatal("garbage decoded")
	}
}
