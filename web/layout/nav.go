// Package layout is the page shell: head, header with the signed-in user,
// navigation by permission, skip link, landmarks, flash messages, footer.
package layout

import (
	"context"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/paths"
)

// NavItem is one entry of the main navigation.
type NavItem struct {
	Href  string
	Label string
	Perm  domain.Permission
}

// Nav lists the navigation; each user sees the items their role may use.
var Nav = []NavItem{
	{Href: paths.Home(), Label: "Start", Perm: domain.PermUseApp},
	{Href: paths.Programmes(), Label: "Programy", Perm: domain.PermUseApp},
	{Href: paths.Units(), Label: "Jednostki", Perm: domain.PermUseApp},
	{Href: paths.Users(), Label: "Użytkownicy", Perm: domain.PermManageUsers},
	{Href: paths.Audit(), Label: "Dziennik zmian", Perm: domain.PermViewAudit},
	{Href: paths.Integrity(), Label: "Integralność protokołów", Perm: domain.PermVerify},
	{Href: paths.AdminMail(), Label: "Poczta wysłana", Perm: domain.PermReadMail},
	{Href: paths.AdminAccessibility(), Label: "Dostępność", Perm: domain.PermManageAccessibility},
	{Href: paths.AccountPassword(), Label: "Zmiana hasła", Perm: domain.PermUseApp},
	{Href: paths.AccountSecurity(), Label: "Bezpieczeństwo konta", Perm: domain.PermUseApp},
	{Href: paths.AccountNotices(), Label: "Powiadomienia", Perm: domain.PermUseApp},
}

func visibleNav(u *domain.User) []NavItem {
	var out []NavItem
	for _, it := range Nav {
		if u.Can(it.Perm) {
			out = append(out, it)
		}
	}
	return out
}

func current(path, href string) bool {
	if href == "/" {
		return path == "/"
	}
	return path == href || strings.HasPrefix(path, href+"/")
}

// pageTitle is the page's title, prefixed "Błąd: " when the page answers
// with an error status (a form re-rendered with its errors, an error page).
func pageTitle(ctx context.Context, title string) string {
	if webctx.PageFailed(ctx) && !strings.HasPrefix(title, "Błąd") {
		return "Błąd: " + title
	}
	return title
}

// failedFormPage is the page of a form that failed when the form was posted
// to another address (a POST-only one): the layout puts it in the address
// bar. Empty otherwise.
func failedFormPage(ctx context.Context) string {
	ret := webctx.Return(ctx)
	if !webctx.PageFailed(ctx) || ret == "" {
		return ""
	}
	if path, _, _ := strings.Cut(ret, "?"); path == webctx.Path(ctx) {
		return ""
	}
	return ret
}
