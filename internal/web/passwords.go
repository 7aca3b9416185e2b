package web

import (
	"kaizen/internal/domain"
	"kaizen/internal/pwlist"
	"kaizen/web/pages"
)

// newPassword checks a password being set for account u (by its owner or
// an administrator) against the password policy, with the embedded list
// of common and breached passwords; its messages belong to the form's
// password fields.
func newPassword(password, confirm string, u *domain.User) error {
	return domain.NewPassword{Password: password, Confirm: confirm, Username: u.Username, DisplayName: u.DisplayName,
		Field: pages.FieldPassword}.Validate(pwlist.Common())
}
