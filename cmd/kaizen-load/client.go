package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// client prepares the load: it signs in and reads the forms whose tokens
// the measured requests then carry, as a browser would have them.
type client struct {
	ctx  context.Context
	base string
	hc   *http.Client
}

func newClient(ctx context.Context, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{ctx: ctx, base: base, hc: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// cookie is the Cookie header of the client: its session, and before
// signing in the sign-in form's token cookie.
func (c *client) cookie() string {
	u, _ := url.Parse(c.base)
	var parts []string
	for _, ck := range c.hc.Jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; ")
}

func (c *client) get(path string) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(c.ctx, http.MethodGet, c.base+path, nil) // #nosec G704 -- the application this tool started
	if err != nil {
		return nil, "", err
	}
	resp, err := c.hc.Do(req) // #nosec G704 -- the application this tool started, at an address it chose
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func (c *client) post(path string, form url.Values) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(c.ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode())) // #nosec G704 -- the application this tool started
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req) // #nosec G704 -- the application this tool started, at an address it chose
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// loginForm opens the sign-in page: its form token (and token cookie).
func (c *client) loginForm() (string, error) {
	resp, body, err := c.get("/login")
	if err != nil {
		return "", err
	}
	m := csrfRE.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("GET /login: status %d, token found: %v", resp.StatusCode, m != nil)
	}
	return m[1], nil
}

// signIn signs the client in.
func (c *client) signIn(username, password string) error {
	token, err := c.loginForm()
	if err != nil {
		return err
	}
	resp, _, err := c.post("/login", url.Values{"csrf_token": {token}, "username": {username}, "password": {password}})
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		return fmt.Errorf("sign-in as %s: status %d (wrong password? give it with -password)", username, resp.StatusCode)
	}
	return nil
}

// form is a form found on a page: what a browser would submit unchanged.
type form struct {
	Action     string
	Values     url.Values
	Checkboxes []string // names of every checkbox, checked or not
}

// findForm returns the first form whose action ends with suffix.
func findForm(page, suffix string) (form, bool) {
	z := html.NewTokenizer(strings.NewReader(page))
	var f form
	in := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return form{}, false
		case html.EndTagToken:
			if name, _ := z.TagName(); in && string(name) == "form" {
				return f, true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "form":
				if a := attrs["action"]; !in && strings.HasSuffix(a, suffix) {
					in, f = true, form{Action: a, Values: url.Values{}}
				}
			case "input":
				if !in || attrs["name"] == "" {
					continue
				}
				_, checked := attrs["checked"]
				switch attrs["type"] {
				case "checkbox", "radio":
					if attrs["type"] == "checkbox" {
						f.Checkboxes = append(f.Checkboxes, attrs["name"])
					}
					if checked {
						f.Values.Add(attrs["name"], attrs["value"])
					}
				case "submit", "button", "file":
				default:
					f.Values.Add(attrs["name"], attrs["value"])
				}
			}
		}
	}
}
