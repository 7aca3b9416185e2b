package pages

import (
	"context"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
)

func canEditPlan(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermEditPlan) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func canViewAudit(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermViewAudit) }
