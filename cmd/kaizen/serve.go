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
	st := store.New(pool)
	if cfg.Demo {
		loaded, err := demo.Load(ctx, st)
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			log.Info("demo data loaded")
		}
	}

	srv := web.New(web.Config{Demo: cfg.Demo, SecureCookies: cfg.SecureCookies, TrustedProxies: cfg.TrustedProxies,
		BaseURL: cfg.BaseURL, SecondFactorRoles: cfg.SecondFactorRoles}, st, log)
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
	if cfg.Demo {
		fmt.Fprintln(stdout, "Demo mode. Accounts (password: demo):")
		for _, a := range demo.Accounts {
			extra := ""
			if a.Unit != "" {
				extra = " — " + a.Unit
			}
			fmt.Fprintf(stdout, "  %-12s %s%s\n", a.Username, a.Role.Label(), extra)
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
