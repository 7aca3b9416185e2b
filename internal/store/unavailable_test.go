package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/store"
)

func TestUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		err                  error
		unavailable, notSent bool
	}{
		{"Nil", nil, false, false},
		{"AdminShutdown", &pgconn.PgError{Code: "57P01"}, true, false},
		{"CrashShutdown", &pgconn.PgError{Code: "57P02"}, true, false},
		{"CannotConnectNow", &pgconn.PgError{Code: "57P03"}, true, false},
		{"ConnectionException", &pgconn.PgError{Code: "08006"}, true, false},
		{"UniqueViolation", &pgconn.PgError{Code: "23505"}, false, false},
		{"QueryCanceled", &pgconn.PgError{Code: "57014"}, false, false},
		{"ConnectRefused", &pgconn.ConnectError{Config: &pgconn.Config{}}, true, true},
		{"WrappedEOF", fmt.Errorf("write audit entry: %w", io.ErrUnexpectedEOF), true, false},
		{"Reset", &net.OpError{Op: "read", Net: "unix", Err: syscall.ECONNRESET}, true, false},
		{"ClientGone", context.Canceled, false, false},
		{"Other", errors.New("boom"), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.Unavailable(tc.err); got != tc.unavailable {
				t.Errorf("Unavailable = %v, want %v", got, tc.unavailable)
			}
			if got := store.NotSent(tc.err); got != tc.notSent {
				t.Errorf("NotSent = %v, want %v", got, tc.notSent)
			}
		})
	}
}
