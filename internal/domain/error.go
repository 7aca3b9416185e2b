// Package domain holds Kaizen's nouns and rules. It imports nothing technical
// (no database, no HTTP).
package domain

import (
	"errors"
	"fmt"
)

// Code classifies an error; the web layer maps each code to one HTTP status.
type Code string

const (
	EINVALID      Code = "invalid"      // input breaks a rule (422)
	ENOTFOUND     Code = "not_found"    // the record does not exist (404)
	ECONFLICT     Code = "conflict"     // the record's state forbids it (409)
	EUNAUTHORIZED Code = "unauthorized" // not signed in (redirect to sign-in)
	EFORBIDDEN    Code = "forbidden"    // signed in, but not allowed (403)
	ETHROTTLED    Code = "throttled"    // too many attempts (429)
	EINTERNAL     Code = "internal"     // anything else (500)
)

// Error is an error users may read: Message is Polish, Fields holds messages
// for form fields by field name.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) Code {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so no internals leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Wystąpił błąd wewnętrzny. Spróbuj ponownie za chwilę."
}

// FieldErrors returns the per-field messages of err, or nil.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field messages; Err returns nil when there are none.
type Validation map[string]string

// Add records msg for field unless the field already has a message.
func (v Validation) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns an EINVALID error with the collected fields, or nil.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Formularz zawiera błędy. Popraw zaznaczone pola.", Fields: map[string]string(v)}
}
