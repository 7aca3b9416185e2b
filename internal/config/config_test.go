package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	for _, v := range Vars {
		t.Setenv(v.Name, "")
		t.Setenv(v.Name+"_FILE", "")
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./.data" || c.DatabaseURL != "" || c.Demo || c.SecureCookies {
		t.Fatalf("defaults = %+v", c)
	}
	if !c.Secure() {
		t.Fatal("cookies not Secure by default outside demo mode")
	}
}

func TestSecureCookiesDefault(t *testing.T) {
	for _, tc := range []struct {
		addr       string
		demo, set  bool
		secure     bool
		wantSecure bool
	}{
		{"127.0.0.1:8080", true, false, false, false},
		{"[::1]:8080", true, false, false, false},
		{"localhost:8080", true, false, false, false},
		{"0.0.0.0:8080", true, false, false, true},
		{"10.1.2.3:8080", true, false, false, true},
		{"127.0.0.1:8080", false, false, false, true},
		{":8080", true, false, false, true},
		{"0.0.0.0:8080", false, true, false, false},
		{"127.0.0.1:8080", true, true, true, true},
	} {
		c := Config{Addr: tc.addr, Demo: tc.demo, SecureCookies: tc.secure, SecureCookiesSet: tc.set}
		if got := c.Secure(); got != tc.wantSecure {
			t.Errorf("%+v: Secure() = %v", tc, got)
		}
	}
	t.Setenv("KAIZEN_SECURE_COOKIES", "false")
	if c, err := Load(); err != nil || c.Secure() {
		t.Fatalf("KAIZEN_SECURE_COOKIES=false: %v, %v", c.Secure(), err)
	}
}

func TestLoadFileVariant(t *testing.T) {
	f := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(f, []byte("postgres://u:p@db/kaizen\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATABASE_URL_FILE", f)
	c, err := Load()
	if err != nil || c.DatabaseURL != "postgres://u:p@db/kaizen" {
		t.Fatalf("DatabaseURL = %q, %v", c.DatabaseURL, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ name, key, val string }{
		{"ErrLogFormat", "KAIZEN_LOG_FORMAT", "xml"},
		{"ErrDemoBool", "KAIZEN_DEMO", "tak"},
		{"ErrTLSHalf", "KAIZEN_TLS_CERT_FILE", "/x.pem"},
		{"ErrMissingFile", "DATABASE_URL_FILE", "/nonexistent/secret"},
		{"ErrBaseURLAddress", "KAIZEN_BASE_URL", "http://127.0.0.1:8080"},
		{"ErrBaseURLScheme", "KAIZEN_BASE_URL", "kaizen.example.gov.pl"},
		{"ErrBaseURLPath", "KAIZEN_BASE_URL", "https://example.gov.pl/kaizen"},
		{"ErrSecondFactorRole", "KAIZEN_SECOND_FACTOR_ROLES", "admin,boss"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DATABASE_URL", "")
			t.Setenv(tc.key, tc.val)
			if _, err := Load(); err == nil {
				t.Fatalf("%s=%s accepted", tc.key, tc.val)
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("KAIZEN_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
	c, err := Load()
	if err != nil || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.1/32" {
		t.Fatalf("TrustedProxies = %v, %v", c.TrustedProxies, err)
	}
	t.Setenv("KAIZEN_TRUSTED_PROXIES", "proxy.local")
	if _, err := Load(); err == nil {
		t.Fatal("a host name accepted as a trusted proxy")
	}
}

func TestSecondFactorSettings(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("KAIZEN_ADDR", "0.0.0.0:9090")
	t.Setenv("KAIZEN_BASE_URL", "")
	t.Setenv("KAIZEN_SECOND_FACTOR_ROLES", "")
	c, err := Load()
	if err != nil || c.BaseURL != "http://localhost:9090" || len(c.SecondFactorRoles) != 3 {
		t.Fatalf("defaults: %q %v, %v", c.BaseURL, c.SecondFactorRoles, err)
	}
	t.Setenv("KAIZEN_BASE_URL", "https://kaizen.example.gov.pl/")
	t.Setenv("KAIZEN_SECOND_FACTOR_ROLES", "admin, viewer")
	c, err = Load()
	if err != nil || c.BaseURL != "https://kaizen.example.gov.pl" || len(c.SecondFactorRoles) != 2 || c.SecondFactorRoles[1] != "viewer" {
		t.Fatalf("set: %q %v, %v", c.BaseURL, c.SecondFactorRoles, err)
	}
	t.Setenv("KAIZEN_SECOND_FACTOR_ROLES", "none")
	if c, err = Load(); err != nil || len(c.SecondFactorRoles) != 0 || c.SecondFactorRoles == nil {
		t.Fatalf("none: %v, %v", c.SecondFactorRoles, err)
	}
}

func TestPprofAddr(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("KAIZEN_PPROF_ADDR", "")
	if c, err := Load(); err != nil || c.PprofAddr != "" {
		t.Fatalf("default: %q, %v", c.PprofAddr, err)
	}
	for _, ok := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		t.Setenv("KAIZEN_PPROF_ADDR", ok)
		if c, err := Load(); err != nil || c.PprofAddr != ok {
			t.Errorf("%s: %q, %v", ok, c.PprofAddr, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "10.1.2.3:6060", "127.0.0.1", "kaizen.example.gov.pl:6060"} {
		t.Setenv("KAIZEN_PPROF_ADDR", bad)
		if _, err := Load(); err == nil {
			t.Errorf("KAIZEN_PPROF_ADDR=%s accepted", bad)
		}
	}
}
