package main

import (
	"context"
	"testing"

	"kaizen/internal/testapp"
)

// TestDiscoverCAFOnDemo: the CAF scenarios find the demo programme (the
// largest), its coordinator, and the leader unit's cycle in scoring with
// its demo members.
func TestDiscoverCAFOnDemo(t *testing.T) {
	a := testapp.New(t)
	ctx := context.Background()
	w, err := discover(ctx, a.Store.Pool, 0, "", need{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := discoverCAF(ctx, a.Store.Pool, w)
	if err != nil {
		t.Fatal(err)
	}
	prog := a.DemoProgramme(t)
	if c.BenchProg != prog.ID || c.BenchUnits != 4 || c.Coordinator != "koordynator" {
		t.Errorf("benchmark: %+v (demo programme %d)", c, prog.ID)
	}
	if len(c.Live) != 3 || c.Live[0].ProgrammeID != prog.ID || c.Live[0].Member != "czlonek" {
		t.Errorf("live: %+v", c.Live)
	}
}
