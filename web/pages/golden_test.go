package pages

import (
	"os"
	"testing"
)

// golden compares got with the file in testdata that holds what the templ
// version of a part wrote (the row and chart writers replaced it). With
// the environment variable env set, it writes got there instead: run so
// in a checkout of the templ version to make the file.
func golden(t *testing.T, file, env string, got []byte) {
	t.Helper()
	path := "testdata/" + file
	if os.Getenv(env) != "" {
		if err := os.WriteFile(path, got, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the templ version's output\n got %s\nwant %s", file, got, want)
	}
}
