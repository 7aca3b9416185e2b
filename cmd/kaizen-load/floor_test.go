package main

import (
	"io"
	"net/http"
	"testing"
	"time"

	"kaizen/internal/testdb"
)

// TestFloorServer: the floor runs a read's statements and sends the
// application's captured answer unchanged; a capture whose statements
// fail answers 500, and a write or an unknown page has no floor.
func TestFloorServer(t *testing.T) {
	pool := testdb.Pool(t)
	answer := answer{Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "X-Request-Id": {"abc"},
		"Content-Length": {"999"}, "Date": {"Mon, 01 Jan 2001 00:00:00 GMT"}}, Body: []byte("<p>zażółć gęślą jaźń</p>")}
	caps := map[string]*capture{
		"page":  {Stmts: []stmt{{SQL: "SELECT $1::int", Args: []any{7}}, {SQL: "SELECT generate_series(1, 3)"}}, Answer: answer},
		"bad":   {Stmts: []stmt{{SQL: "SELECT no_such_column FROM pg_class"}}, Answer: answer},
		"write": {Stmts: []stmt{{SQL: "SELECT 1"}}, Write: true, Answer: answer},
	}
	f := newFloorServer(pool, caps)
	defer f.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	resp, body := get("/page")
	if resp.StatusCode != http.StatusOK || body != string(answer.Body) || resp.Header.Get("X-Request-Id") != "abc" ||
		resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || resp.Header.Get("Date") == answer.Header.Get("Date") {
		t.Errorf("floor of a read: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	if resp, _ := get("/bad"); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("floor whose statements fail: %d, want 500", resp.StatusCode)
	}
	for _, path := range []string{"/write", "/none"} {
		if resp, _ := get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	if s := f.floor(&page{Key: "page", Alone: 20}, 120*time.Millisecond); s == nil || s.OK == 0 || s.Errors() > 0 || s.P50 <= 0 {
		t.Errorf("floor measured: %+v", s)
	}
	if s := f.floor(&page{Key: "write", Alone: 20}, 120*time.Millisecond); s != nil {
		t.Errorf("a write has no floor: %+v", s)
	}
}
