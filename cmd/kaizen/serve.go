package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"kaizen/internal/config"
	"kaizen/internal/demo"
	"kaizen/internal/store"
	"kaizen/internal/web"
)

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flagSet("serve", stdout)
	demoFlag := fs.Bool("demo", cfg.Demo, "demo mode: load demo data into an empty database and allow the demo accounts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Demo = *demoFlag

	d, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close()

	n, err := d.migrate(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("database migrated", "applied", n)
	}
	// A database from before the read model existed gets it built once.
	if missing, err := store.New(d.Owner).ReadModelMissing(ctx); err != nil {
		return err
	} else if missing {
		log.Info("building the indicator read model from the evidence")
		if err := store.New(d.Owner).RefreshAll(ctx); err != nil {
			return err
		}
	}
	d.Owner.Close() // the application works through its own role from here on
	d.Owner = nil
	pool, err := d.App(ctx)
	if err != nil {
		return err
	}
	if err := checkOwnerDB(d.asOwner, cfg, log); err != nil {
		return err
	}
	st := store.New(pool)
	st.BaseURL = cfg.BaseURL
	if cfg.Demo {
		loaded, err := demo.Load(ctx, st)
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			log.Info("demo data loaded")
		}
	}

	if !cfg.Secure() && !config.Loopback(cfg.Addr) {
		log.Warn("cookies are not marked Secure (KAIZEN_SECURE_COOKIES=false) on an address other computers reach: sessions travel unprotected over plain HTTP")
	}
	mailer, err := startMail(ctx, cfg, st, pool, log)
	if err != nil {
		return err
	}
	defer mailer.stop()
	_, stopPprof, err := startPprof(cfg.PprofAddr, log)
	if err != nil {
		return err
	}
	defer stopPprof()
	srv := web.New(web.Config{Demo: cfg.Demo, SecureCookies: cfg.Secure(), TrustedProxies: cfg.TrustedProxies,
		BaseURL: cfg.BaseURL, SecondFactorRoles: cfg.SecondFactorRoles, MailSink: mailer.sink != nil}, st, log)
	defer srv.Close()
	httpSrv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if cfg.TLSCertFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "\nKaizen is running at %s://%s\n", scheme, ln.Addr())
	if cfg.BaseURL != "" {
		fmt.Fprintf(stdout, "Open it at %s (passkeys are bound to that host name).\n", cfg.BaseURL)
	}
	if cfg.Demo {
		fmt.Fprintln(stdout, "Demo mode. Accounts (password: demo):")
		for _, a := range demo.Accounts {
			extra := ""
			if a.Unit != "" {
				extra = " — " + a.Unit
			}
			if a.Only != "" {
				extra = " — only programme " + a.Only
			}
			fmt.Fprintf(stdout, "  %-16s %s%s\n", a.Username, a.Role.Label(), extra)
		}
	}
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")

	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCertFile != "" {
			errc <- httpSrv.ServeTLS(ln, cfg.TLSCertFile, cfg.TLSKeyFile)
		} else {
			errc <- httpSrv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := httpSrv.Shutdown(sctx); err != nil {
			log.Error("graceful shutdown", "error", err)
		}
	}
	return nil
}

// errOwnerDB is serve's refusal to work through the schema owner's rights.
var errOwnerDB = errors.New("the application's database connections could act as the schema's owner (superuser, table owner or a member of it), " +
	"so nothing in the database keeps signed protocols and the audit trail from being changed: set KAIZEN_APP_DATABASE_URL to a login role " +
	"that is a member of kaizen_app and owns no table (README, \"Security notes\"), or set KAIZEN_ALLOW_OWNER_DB=1 to run anyway")

// checkOwnerDB decides whether serve may run when its connections could
// act as the schema's owner (asOwner): in demo mode it may; otherwise only
// with the explicit override KAIZEN_ALLOW_OWNER_DB, logged as a warning.
func checkOwnerDB(asOwner bool, cfg config.Config, log *slog.Logger) error {
	switch {
	case !asOwner:
		return nil
	case cfg.Demo:
		log.Warn("demo mode: the application works with the schema owner's rights")
		return nil
	case cfg.AllowOwnerDB:
		log.Warn("KAIZEN_ALLOW_OWNER_DB is set: serving with the schema owner's rights; signed protocols and the audit trail are guarded by the application only")
		return nil
	}
	return errOwnerDB
}
