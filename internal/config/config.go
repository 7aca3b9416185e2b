// Package config reads Kaizen's settings from environment variables. Every
// secret may instead be read from a file named by the variable with _FILE
// appended (e.g. DATABASE_URL_FILE), as container secrets are mounted.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/mail"
)

// Config is the application's configuration.
type Config struct {
	Addr        string // KAIZEN_ADDR
	DatabaseURL string // DATABASE_URL; empty means the private PostgreSQL
	// AppDatabaseURL is the application's own login (KAIZEN_APP_DATABASE_URL):
	// a role that is kaizen_app or a member of it and owns no table. Empty:
	// the private PostgreSQL's kaizen_app, or DATABASE_URL with SET ROLE.
	AppDatabaseURL string
	DataDir        string     // KAIZEN_DATA_DIR
	LogFormat      string     // KAIZEN_LOG_FORMAT: text or json
	LogLevel       slog.Level // KAIZEN_LOG_LEVEL
	TLSCertFile    string     // KAIZEN_TLS_CERT_FILE
	TLSKeyFile     string     // KAIZEN_TLS_KEY_FILE
	SecureCookies  bool       // KAIZEN_SECURE_COOKIES, implied by TLS; see Secure
	// SecureCookiesSet records that KAIZEN_SECURE_COOKIES was given (or TLS
	// implies it); otherwise Secure decides by the mode and address.
	SecureCookiesSet bool
	Demo             bool // KAIZEN_DEMO or `serve -demo`
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client (KAIZEN_TRUSTED_PROXIES, comma-separated addresses or CIDRs).
	TrustedProxies []netip.Prefix
	// AllowOwnerDB lets `serve` run outside demo mode with connections that
	// could act as the schema's owner (KAIZEN_ALLOW_OWNER_DB), logged.
	AllowOwnerDB bool
	// BaseURL is the address people open the application at
	// (KAIZEN_BASE_URL); passkeys are bound to its host name.
	BaseURL string
	// SecondFactorRoles must sign in with a second factor
	// (KAIZEN_SECOND_FACTOR_ROLES, comma-separated roles, or "none").
	SecondFactorRoles []domain.Role
	// SMTP is the mail server e-mail goes through (KAIZEN_SMTP_URL); nil:
	// none, and then demo mode sends to its local sink and any other mode
	// keeps messages queued until a server with one starts.
	SMTP *mail.SMTP
	// MailFrom is the sender of every e-mail (KAIZEN_MAIL_FROM).
	MailFrom string
	// PprofAddr is the loopback address Go's profiler listens on
	// (KAIZEN_PPROF_ADDR); empty: no profiler.
	PprofAddr string
}

// DemoMailFrom is the sender of e-mail in demo mode when
// KAIZEN_MAIL_FROM is not set (example.org is reserved, RFC 2606).
const DemoMailFrom = "Kaizen <kaizen@example.org>"

// Var documents one variable (the README's table is kept in step with it).
type Var struct{ Name, Default, Meaning string }

// Vars lists every variable.
var Vars = []Var{
	{"KAIZEN_ADDR", "127.0.0.1:8080", "address the web server listens on"},
	{"DATABASE_URL", "(empty)", "PostgreSQL URL; when empty, a private PostgreSQL is started under KAIZEN_DATA_DIR"},
	{"KAIZEN_APP_DATABASE_URL", "(empty)", "PostgreSQL URL the application works through (a login role in kaizen_app that owns no table); DATABASE_URL then only migrates"},
	{"KAIZEN_DATA_DIR", "./.data", "folder of the private PostgreSQL (its data in postgres/)"},
	{"KAIZEN_LOG_FORMAT", "text", "log format: text or json"},
	{"KAIZEN_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"KAIZEN_TLS_CERT_FILE", "(empty)", "certificate for serving HTTPS directly"},
	{"KAIZEN_TLS_KEY_FILE", "(empty)", "private key for serving HTTPS directly"},
	{"KAIZEN_SECURE_COOKIES", "true (false in demo mode on a loopback address)", "mark cookies Secure with the __Host- prefix and send HSTS; set false only to reach a non-demo server over plain HTTP"},
	{"KAIZEN_DEMO", "false", "demo mode, as `serve -demo`"},
	{"KAIZEN_TRUSTED_PROXIES", "(empty)", "reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client"},
	{"KAIZEN_ALLOW_OWNER_DB", "false", "let serve run outside demo mode although its connections could act as the schema owner (warned at start); for a migration period only"},
	{"KAIZEN_BASE_URL", "http://localhost:PORT", "address people open the application at (https://kaizen.example.gov.pl); passkeys are bound to its host name"},
	{"KAIZEN_SECOND_FACTOR_ROLES", "admin,coordinator,unit_manager", "roles that must sign in with a second factor (passkey or authenticator app), comma-separated, or none"},
	{"KAIZEN_SMTP_URL", "(empty)", "mail server for notices: smtp://user:password@host:587?starttls=1 (STARTTLS required), smtps://user:password@host:465 (TLS), smtp://host:25?starttls=0 (no TLS); auth=plain|login|cram-md5|scram-sha-256. Empty: demo mode keeps e-mail in its local sink (/admin/mail); otherwise e-mail waits in the queue"},
	{"KAIZEN_MAIL_FROM", "(empty; demo: " + DemoMailFrom + ")", "sender of every e-mail, e.g. Kaizen <kaizen@urzad.gov.pl>; required with KAIZEN_SMTP_URL"},
	{"KAIZEN_PPROF_ADDR", "(empty: off)", "loopback address (127.0.0.1:6060) where `serve` offers Go's profiler (/debug/pprof/) for measuring; refused on any other address"},
}

// Load reads the configuration from the environment.
func Load() (Config, error) {
	c := Config{
		Addr:      "127.0.0.1:8080",
		DataDir:   "./.data",
		LogFormat: "text",
		LogLevel:  slog.LevelInfo,
	}
	var err error
	get := func(name string) string {
		v, e := lookup(name)
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	if v := get("KAIZEN_ADDR"); v != "" {
		c.Addr = v
	}
	c.DatabaseURL = get("DATABASE_URL")
	c.AppDatabaseURL = get("KAIZEN_APP_DATABASE_URL")
	if c.AppDatabaseURL != "" && c.DatabaseURL == "" {
		return c, fmt.Errorf("KAIZEN_APP_DATABASE_URL needs DATABASE_URL (the schema owner's URL, for migrations)")
	}
	if v := get("KAIZEN_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := get("KAIZEN_LOG_FORMAT"); v != "" {
		if v != "text" && v != "json" {
			return c, fmt.Errorf("KAIZEN_LOG_FORMAT must be text or json, not %q", v)
		}
		c.LogFormat = v
	}
	if v := get("KAIZEN_LOG_LEVEL"); v != "" {
		if e := c.LogLevel.UnmarshalText([]byte(v)); e != nil {
			return c, fmt.Errorf("KAIZEN_LOG_LEVEL: %w", e)
		}
	}
	c.TLSCertFile = get("KAIZEN_TLS_CERT_FILE")
	c.TLSKeyFile = get("KAIZEN_TLS_KEY_FILE")
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		return c, fmt.Errorf("set both KAIZEN_TLS_CERT_FILE and KAIZEN_TLS_KEY_FILE, or neither")
	}
	for name, dst := range map[string]*bool{"KAIZEN_SECURE_COOKIES": &c.SecureCookies, "KAIZEN_DEMO": &c.Demo, "KAIZEN_ALLOW_OWNER_DB": &c.AllowOwnerDB} {
		if v := get(name); v != "" {
			c.SecureCookiesSet = c.SecureCookiesSet || name == "KAIZEN_SECURE_COOKIES"
			b, e := strconv.ParseBool(v)
			if e != nil {
				return c, fmt.Errorf("%s must be true or false, not %q", name, v)
			}
			*dst = b
		}
	}
	if c.TLSCertFile != "" {
		c.SecureCookies, c.SecureCookiesSet = true, true
	}
	for _, raw := range strings.Split(get("KAIZEN_TRUSTED_PROXIES"), ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		pfx, e := netip.ParsePrefix(raw)
		if e != nil {
			addr, e2 := netip.ParseAddr(raw)
			if e2 != nil {
				return c, fmt.Errorf("KAIZEN_TRUSTED_PROXIES: %q is not an address or CIDR", raw)
			}
			pfx = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx)
	}
	if err := c.secondFactor(get("KAIZEN_BASE_URL"), get("KAIZEN_SECOND_FACTOR_ROLES")); err != nil {
		return c, err
	}
	if err := c.mail(get("KAIZEN_SMTP_URL"), get("KAIZEN_MAIL_FROM")); err != nil {
		return c, err
	}
	if v := get("KAIZEN_PPROF_ADDR"); v != "" {
		if _, _, e := net.SplitHostPort(v); e != nil || !Loopback(v) {
			return c, fmt.Errorf("KAIZEN_PPROF_ADDR must be a loopback address with a port (127.0.0.1:6060), not %q: the profiler shows the program's insides", v)
		}
		c.PprofAddr = v
	}
	return c, err
}

// mail reads the mail server and the sender.
func (c *Config) mail(smtpURL, from string) error {
	if smtpURL != "" {
		s, err := mail.ParseSMTP(smtpURL)
		if err != nil {
			return err
		}
		c.SMTP = &s
		if from == "" {
			return fmt.Errorf("KAIZEN_SMTP_URL needs KAIZEN_MAIL_FROM, the sender's address")
		}
	}
	if from == "" {
		from = DemoMailFrom
	}
	f, err := mail.ParseFrom(from)
	if err != nil {
		return err
	}
	c.MailFrom = f
	return nil
}

// Secure reports whether cookies are marked Secure (with the __Host-
// prefix): as KAIZEN_SECURE_COOKIES says, else always but in demo mode on a
// loopback address (`make run`, over plain HTTP on this computer).
func (c Config) Secure() bool {
	if c.SecureCookiesSet {
		return c.SecureCookies
	}
	return !c.Demo || !Loopback(c.Addr)
}

// Loopback reports whether the listen address addr (host:port) is only
// reachable from this computer.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// secondFactor reads the base URL (default: localhost at KAIZEN_ADDR's port)
// and the roles that must use a second factor.
func (c *Config) secondFactor(base, roles string) error {
	if base == "" {
		_, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("KAIZEN_ADDR: %w", err)
		}
		base = "http://localhost:" + port
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("KAIZEN_BASE_URL must be an address like https://kaizen.example.gov.pl, not %q", base)
	}
	if _, err := netip.ParseAddr(u.Hostname()); err == nil {
		return fmt.Errorf("KAIZEN_BASE_URL: passkeys need a host name, not the address %s (use localhost on this computer)", u.Hostname())
	}
	c.BaseURL = u.Scheme + "://" + u.Host
	c.SecondFactorRoles = domain.DefaultSecondFactorRoles
	if roles != "" {
		rs, err := domain.ParseRoles(roles)
		if err != nil {
			return fmt.Errorf("KAIZEN_SECOND_FACTOR_ROLES: %w", err)
		}
		c.SecondFactorRoles = rs
	}
	return nil
}

// lookup returns $NAME, or the content of the file named by $NAME_FILE.
func lookup(name string) (string, error) {
	if v := os.Getenv(name); v != "" {
		return v, nil
	}
	if f := os.Getenv(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f) // #nosec G304 G703 -- the operator names the secret file (DATABASE_URL_FILE); reading it is the point
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}
