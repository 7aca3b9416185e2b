package store

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

func TestWrap(t *testing.T) {
	pgErr := &pgconn.PgError{Code: "42501", Message: "protocol 7 is signed: UPDATE refused"}
	for _, tc := range []struct {
		name string
		err  error
		// check holds when the wrapped error still is what err was.
		check func(error) bool
	}{
		{"NoRows", pgx.ErrNoRows, func(e error) bool { return errors.Is(e, pgx.ErrNoRows) }},
		{"PgError", pgErr, func(e error) bool { var p *pgconn.PgError; return errors.As(e, &p) && p == pgErr }},
		{"Canceled", context.Canceled, func(e error) bool { return errors.Is(e, context.Canceled) && !Unavailable(e) }},
		{"ConnectionLost", io.ErrUnexpectedEOF, func(e error) bool { return Unavailable(e) && !NotSent(e) }},
		{"NotConnected", &pgconn.ConnectError{Config: &pgconn.Config{}}, func(e error) bool { return Unavailable(e) && NotSent(e) }},
		{"Shutdown", &pgconn.PgError{Code: "57P01"}, Unavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err
			wrap(&err, "store.DecideProtocol(%d, %d)", 3, 14)
			if !strings.HasPrefix(err.Error(), "store.DecideProtocol(3, 14): ") {
				t.Errorf("wrapped as %q", err)
			}
			if !tc.check(err) {
				t.Errorf("%v is no longer what it wrapped", err)
			}
			if domain.ErrorCode(err) != domain.EINTERNAL {
				t.Errorf("code %q, want internal", domain.ErrorCode(err))
			}
		})
	}
	t.Run("Nil", func(t *testing.T) {
		var err error
		wrap(&err, "store.Protocol(%d, %d)", 1, 2)
		if err != nil {
			t.Errorf("nil became %v", err)
		}
	})
	t.Run("DomainError", func(t *testing.T) {
		for _, de := range []error{errStale, domain.Errorf(domain.ENOTFOUND, "%s", protocolNotFound)} {
			err := de
			wrap(&err, "store.Protocol(%d, %d)", 1, 2)
			if err != de {
				t.Errorf("%v became %v", de, err)
			}
		}
	})
}

func TestMapError(t *testing.T) {
	fkey := &pgconn.PgError{Code: foreignKeyViolation, ConstraintName: "tasks_programme_id_fkey", TableName: "tasks"}
	for _, tc := range []struct {
		name   string
		err    error
		own    []violation
		code   domain.Code
		fields string // a field with a message, if any
	}{
		{"Nil", nil, nil, "", ""},
		{"NoRows", pgx.ErrNoRows, nil, domain.ENOTFOUND, ""},
		{"Unique", &pgconn.PgError{Code: uniqueViolation, ConstraintName: "users_username_key"}, nil, domain.ECONFLICT, "username"},
		{"ForeignKeyOfField", &pgconn.PgError{Code: foreignKeyViolation, ConstraintName: "user_units_unit_id_fkey"}, nil, domain.EINVALID, "units"},
		{"ForeignKey", fkey, nil, domain.ECONFLICT, ""},
		{"Check", &pgconn.PgError{Code: checkViolation, ConstraintName: "units_teryt_check"}, nil, domain.EINVALID, "teryt"},
		{"TooLong", &pgconn.PgError{Code: stringTooLong}, nil, domain.EINVALID, ""},
		{"Other", &pgconn.PgError{Code: "42501"}, nil, domain.EINTERNAL, ""},
		{"OwnConstraint", fkey, []violation{programmeGone}, domain.ENOTFOUND, ""},
		{"OwnForm", &pgconn.PgError{Code: uniqueViolation, ConstraintName: "meetings_task_id_number_key"}, []violation{inForm(meetingFields)}, domain.EINVALID, "number"},
		{"OwnForeignKeyOfTable", &pgconn.PgError{Code: foreignKeyViolation, TableName: "session_scans"}, sessionViolations, domain.EINVALID, "days"},
		{"OwnForeignKeyOtherTable", &pgconn.PgError{Code: foreignKeyViolation, TableName: "attendance"}, sessionViolations, domain.ECONFLICT, ""},
		{"Refused", fkey, []violation{refused("products", "W użyciu.")}, domain.ECONFLICT, "products"},
		{"RefusedOtherCode", &pgconn.PgError{Code: "42501"}, []violation{refused("products", "W użyciu.")}, domain.EINTERNAL, ""},
		{"OwnFirst", fkey, []violation{programmeGone, refused("", "W użyciu.")}, domain.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := mapError(tc.err, "Nie ma.", tc.own...)
			if got := domain.ErrorCode(err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, err)
			}
			if tc.fields != "" && domain.FieldErrors(err)[tc.fields] == "" {
				t.Errorf("no message for %s: %v", tc.fields, err)
			}
			if tc.code == domain.ENOTFOUND && tc.own == nil && domain.ErrorMessage(err) != "Nie ma." {
				t.Errorf("message %q", domain.ErrorMessage(err))
			}
		})
	}
}
