package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// The store's errors reach the web layer as it expects them: a domain error
// as it was made, anything else with the function that returned it.
func TestStoreErrors(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()

	t.Run("NotFound", func(t *testing.T) {
		_, err := s.Protocol(ctx, 1, 987654)
		var de *domain.Error
		if !errors.As(err, &de) || de != err || de.Code != domain.ENOTFOUND || de.Message != "Nie ma takiego protokołu odbioru w tym programie." {
			t.Fatalf("got %#v", err)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.Protocol(cctx, 1, 2)
		if !errors.Is(err, context.Canceled) || store.Unavailable(err) || domain.ErrorCode(err) != domain.EINTERNAL {
			t.Fatalf("got %v", err)
		}
		if !strings.HasPrefix(err.Error(), "store.Protocol(1, 2): ") {
			t.Errorf("no context: %v", err)
		}
	})
}
