package domain

import "errors"

// FileMismatch is a stored evidence file whose bytes no longer match the
// SHA-256 digest kept when it was added.
type FileMismatch struct {
	FileID   int64
	Name     string
	Owner    string // what it is evidence of, in Polish
	Stored   string // the digest kept at upload
	Computed string // the digest of the bytes as they are now
}

// ErrFileAltered marks a download refused because the file's bytes differ
// from its digest: someone changed the database behind the application's
// back, so the handler logs it and serves nothing.
var ErrFileAltered = errors.New("file bytes differ from the digest kept at upload")
