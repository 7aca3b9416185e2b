package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/web"
)

// capture serves each page once in this process, with the application's
// own handler on a pool whose tracer records the page's statements.
func (r *runner) capture(ctx context.Context, pages []*page) (map[string]*capture, error) {
	rec := &recorder{}
	cfg, err := store.PoolConfig(r.o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.Tracer = rec
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	srv := web.New(web.Config{Demo: r.w.Demo, SecondFactorRoles: []domain.Role{}}, store.New(pool), slog.New(slog.DiscardHandler)) // no second factor, as the served one
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	base := hs.URL
	reader, err := signedIn(ctx, base, r.w.Coordinator, r.w.Password)
	if err != nil {
		return nil, err
	}
	var last answer // the answer to the last request sent
	send := func(p prepared) (stmts []stmt, copies int, err error) {
		req, err := p.Target.Request()
		if err != nil {
			return nil, 0, err
		}
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		rec.arm()
		resp, err := hc.Do(req)
		stmts, copies = rec.disarm()
		if err != nil {
			return nil, 0, err
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, 0, err
		}
		last = answer{Header: resp.Header.Clone(), Body: body}
		if resp.StatusCode != p.Status {
			return nil, 0, fmt.Errorf("%s %s: status %d, want %d", req.Method, req.URL.Path, resp.StatusCode, p.Status)
		}
		return stmts, copies, nil
	}
	caps := map[string]*capture{}
	r.noCapture = map[string]string{}
	for _, p := range r.pages(ctx, base, reader, reader) {
		if p.Baseline {
			continue
		}
		var c *capture
		switch {
		case !p.Write:
			reqs, _ := p.prepare(1)
			if _, _, err := send(reqs[0]); err != nil { // warm: the statement cache, the pool's connections
				return nil, err
			}
			stmts, copies, err := send(reqs[0])
			if err != nil {
				return nil, err
			}
			c = &capture{Stmts: stmts, Copies: copies, Answer: last}
		case p.Key == "signin":
			reqs, err := p.prepare(1)
			if err != nil {
				return nil, err
			}
			stmts, copies, err := send(reqs[0])
			if err != nil {
				return nil, err
			}
			c = &capture{Stmts: stmts, Copies: copies, Write: true}
		case p.Key == "attendance" && len(r.attendance) > 1:
			// The last record is used here; the load takes from the front.
			id := r.attendance[len(r.attendance)-1]
			r.attendance = r.attendance[:len(r.attendance)-1]
			t, err := attendanceTarget(base, reader, r.w.ProgrammeID, id)
			if err != nil {
				return nil, err
			}
			version, _ := url.ParseQuery(string(t.Target.Body))
			stmts, copies, err := send(t)
			if err != nil {
				return nil, err
			}
			c = &capture{Stmts: stmts, Copies: copies, Write: true, Setup: []stmt{{
				SQL:  `UPDATE training_sessions SET attendance_version = $2::int WHERE id = $1`,
				Args: []any{id, version.Get("attendance_version")}}}}
		case p.Key == "submit" && len(r.drafts) > 1:
			pr := r.drafts[len(r.drafts)-1]
			r.drafts = r.drafts[:len(r.drafts)-1]
			t, ok, err := stepTarget(base, reader, pr, "/submit", nil)
			if err != nil || !ok {
				r.noCapture[p.Key] = fmt.Sprintf("protocol %d offered no submit form (err: %v)", pr.ID, err)
				continue
			}
			form, _ := url.ParseQuery(string(t.Target.Body))
			stmts, copies, err := send(t)
			if err != nil {
				return nil, err
			}
			c = &capture{Stmts: stmts, Copies: copies, Write: true, Setup: []stmt{{
				SQL:  `UPDATE protocols SET status = 'draft', submitted_at = NULL, version = $2::int WHERE id = $1`,
				Args: []any{pr.ID, form.Get("version")}}}}
		case p.Key == "answer":
			r.noCapture[p.Key] = "none: each answer is a new anonymous response of an open wave; its statements are the form's check and one transaction of three inserts"
			continue
		case p.Key == "caf-score":
			r.noCapture[p.Key] = "none: the save is measured with each member's own session; its statements are the assessment's lock, the old score's read, one upsert and the audit entry"
			continue
		case p.Key == "sign":
			r.noCapture[p.Key] = "none: a signed protocol is sealed by the database (a trigger refuses any change, even inside a transaction that is rolled back), so the captured signature cannot be replayed against its record; its time is mostly the argon2id check of the re-typed password"
			continue
		default:
			r.noCapture[p.Key] = "none: too few records of this kind to spend one on the capture (they went to the load)"
			continue
		}
		caps[p.Key] = c
	}
	return caps, nil
}
