package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"NoProxy", "203.0.113.7:5000", "", "203.0.113.7"},
		{"UntrustedPeerIgnoresHeader", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"TrustedProxy", "10.1.2.3:443", "198.51.100.1", "198.51.100.1"},
		{"ChainOfProxies", "10.1.2.3:443", "192.0.2.9, 198.51.100.1, 10.9.9.9", "198.51.100.1"},
		{"SpoofedLeftmostIgnored", "10.1.2.3:443", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
		{"GarbageHop", "10.1.2.3:443", "x, 10.9.9.9", "10.1.2.3"},
		{"IPv6Proxy", "[::1]:443", "2001:db8::5", "2001:db8::5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := s.clientAddr(r); got != tc.want {
				t.Fatalf("clientAddr = %s, want %s", got, tc.want)
			}
		})
	}
}
