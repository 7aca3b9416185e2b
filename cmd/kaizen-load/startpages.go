package main

// The start page (/) of a coordinator and of an administrator (issue 18):
// what it reads follows the programmes the account sees (a coordinator's
// memberships, an administrator's every programme), so each is measured
// with its own signed-in client.

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Start page targets: p50 at -rate, alone.
const (
	startCoordinatorP50 = 20 * time.Millisecond
	startAdminP50       = 100 * time.Millisecond
)

// visibleProgrammes is how many programmes an account sees: every one
// with all_programmes (administrators, viewers), else its memberships.
func visibleProgrammes(ctx context.Context, pool *pgxpool.Pool, username string) (int, error) {
	var n int
	err := pool.QueryRow(ctx, `SELECT CASE WHEN u.all_programmes AND u.role IN ('admin', 'viewer') THEN (SELECT count(*) FROM programmes)
		ELSE (SELECT count(*) FROM programme_members m WHERE m.user_id = u.id) END::int FROM users u WHERE u.username = $1`, username).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("discover the programmes %s sees: %w", username, err)
	}
	return n, nil
}

// startPages are the two start pages, each with its own client; one whose
// account cannot sign in is left out with a note.
func (r *runner) startPages(ctx context.Context, base string, noted bool) []*page {
	var ps []*page
	for _, a := range []struct {
		key, role, user string
		programmes      int
	}{
		{"start-coordinator", "coordinator", r.w.StartCoordinator, r.w.CoordinatorProgrammes},
		{"start-admin", "administrator", r.w.Admin, r.w.AdminProgrammes},
	} {
		c, err := signedIn(ctx, base, a.user, r.w.Password)
		if err == nil {
			var resp *http.Response
			if resp, _, err = c.get("/"); err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("GET / answers %d", resp.StatusCode)
			}
		}
		if err != nil {
			if !noted {
				r.note("start page of the %s `%s`: not measured: %v", a.role, a.user, err)
			}
			continue
		}
		ps = append(ps, &page{Key: a.key, Name: fmt.Sprintf("start page, %s (%d programmes)", a.role, a.programmes),
			prepare: readTarget(base, "/", c.cookie()),
			Note:    fmt.Sprintf("Start page, %s: `/` as `%s`, who sees %d programmes (its own signed-in session).", a.role, a.user, a.programmes)})
	}
	return ps
}
