package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err means the database could not be reached
// or dropped the connection: refused or lost connections, a server shutting
// down or starting up (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
// cannot_connect_now), SQLSTATE class 08 (connection exception), a backend
// killed mid-statement (EOF). Such an error passes once the server is back,
// so a read may be tried again. A cancelled or timed-out request is not one
// of them: the client went away.
func Unavailable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P03":
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08")
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) || pgconn.SafeToRetry(err) {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// NotSent reports whether err is an Unavailable error that happened before
// the statement reached the server (no connection, or nothing was written
// to it): the transaction it belonged to was certainly not committed. For
// other Unavailable errors the outcome of a COMMIT is unknown.
func NotSent(err error) bool {
	var connectErr *pgconn.ConnectError
	return Unavailable(err) && (errors.As(err, &connectErr) || pgconn.SafeToRetry(err))
}
