// Package pg holds the few SQL helpers that the store and the indicator
// engine both use, so that neither imports the other's internals.
package pg

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Querier is what a pool, a connection and a transaction have in common.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// IDs returns ids, or an empty list for nil (a SQL array parameter that
// must not be NULL).
func IDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// FormatID renders a record id as text (audit trail, fact subjects).
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

// Each runs scan for every row of sql.
func Each(ctx context.Context, q Querier, sql string, args []any, scan func(r pgx.CollectableRow) error) error {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) { return struct{}{}, scan(r) })
	return err
}

// Texts returns list, or an empty list for nil (a SQL array parameter that
// must not be NULL).
func Texts(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
