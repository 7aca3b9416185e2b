package pages

import (
	"context"
	"net/url"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
)

func canEditPlan(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermEditPlan) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func canViewAudit(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermViewAudit) }

// listPage is the address of a long list's page starting at offset, with
// the list's filter: params are name, value pairs (empty values left out),
// fragment the list's anchor ("" for none).
func listPage(path, fragment string, offset int, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] != "" {
			q.Set(params[i], params[i+1])
		}
	}
	if offset > 0 {
		q.Set("od", strconv.Itoa(offset))
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	if fragment != "" {
		path += "#" + fragment
	}
	return path
}
