package e2e

import (
	"testing"

	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, stopBrowser) }
