package main

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
)

func TestPprofOptIn(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	addr, stop, err := startPprof("", log)
	if err != nil || addr != "" {
		t.Fatalf("off by default: %q, %v", addr, err)
	}
	stop()
	addr, stop, err = startPprof("127.0.0.1:0", log)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + addr + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("profiler answers %d", res.StatusCode)
	}
	res, err = http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("the profiler's listener serves / with %d", res.StatusCode)
	}
	stop()
	if _, err := http.Get("http://" + addr + "/debug/pprof/cmdline"); err == nil {
		t.Fatal("the profiler still answers after stop")
	}
}
