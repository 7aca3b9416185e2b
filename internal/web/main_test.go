package web_test

import (
	"testing"

	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
