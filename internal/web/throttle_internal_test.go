package web

import (
	"strings"
	"testing"
	"time"
)

func TestThrottledMessage(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if got := throttledMessage(now.Add(9500*time.Millisecond), now); got != "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 10 s." {
		t.Errorf("slowdown: %q", got)
	}
	if got := throttledMessage(now.Add(15*time.Minute), now); !strings.HasSuffix(got, "Spróbuj ponownie po godzinie 10:15.") {
		t.Errorf("lock: %q", got)
	}
}

func TestBodyReadersPerAddress(t *testing.T) {
	var b bodyReaders
	for i := 0; i < bodiesPerAddress; i++ {
		if ok, _ := b.acquire(t.Context(), "10.0.0.1"); !ok {
			t.Fatalf("reader %d refused", i+1)
		}
	}
	if ok, _ := b.acquire(t.Context(), "10.0.0.2"); !ok {
		t.Fatal("another address refused")
	}
	b.release("10.0.0.2")
	done := make(chan bool)
	go func() { ok, _ := b.acquire(t.Context(), "10.0.0.1"); done <- ok }()
	time.Sleep(50 * time.Millisecond)
	b.release("10.0.0.1") // one comes free: the waiting request takes it
	if !<-done {
		t.Fatal("a waiting reader did not get the freed slot")
	}
	for i := 0; i < bodiesPerAddress; i++ {
		b.release("10.0.0.1")
	}
	if len(b.addrs) != 0 || len(b.total) != 0 {
		t.Fatalf("readers left behind: %d addresses, %d total", len(b.addrs), len(b.total))
	}
}
