// Package webctx carries request-scoped values (signed-in user, CSP nonce,
// CSRF token, flash messages, current path) from the web layer to the page
// components. Nothing else travels in the context.
package webctx

import (
	"context"

	"kaizen/internal/domain"
)

type key int

const (
	userKey key = iota
	nonceKey
	csrfKey
	flashKey
	pathKey
	requestIDKey
	returnKey
)

// Flash is a one-time message shown on the next page.
type Flash struct {
	Kind    string // "success" or "error"
	Message string
	// Anchor is the section the redirect leads to (its id, without "#"):
	// the message is shown inside it, where the browser lands.
	Anchor string
}

func WithUser(ctx context.Context, u *domain.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the signed-in user, or nil.
func User(ctx context.Context) *domain.User {
	u, _ := ctx.Value(userKey).(*domain.User)
	return u
}

func WithNonce(ctx context.Context, nonce string) context.Context {
	return context.WithValue(ctx, nonceKey, nonce)
}

// Nonce is the request's CSP nonce.
func Nonce(ctx context.Context) string {
	s, _ := ctx.Value(nonceKey).(string)
	return s
}

// WithCSRF stores a function that returns the session's CSRF token,
// creating it on first use (only pages with forms start a session).
func WithCSRF(ctx context.Context, token func() string) context.Context {
	return context.WithValue(ctx, csrfKey, token)
}

// CSRFToken returns the token forms must carry.
func CSRFToken(ctx context.Context) string {
	if f, ok := ctx.Value(csrfKey).(func() string); ok {
		return f()
	}
	return ""
}

func WithFlashes(ctx context.Context, f []Flash) context.Context {
	return context.WithValue(ctx, flashKey, f)
}

// Flashes returns the messages to show once.
func Flashes(ctx context.Context) []Flash {
	f, _ := ctx.Value(flashKey).([]Flash)
	return f
}

func WithPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, pathKey, path)
}

// Path is the request path, for marking the current navigation item.
func Path(ctx context.Context) string {
	s, _ := ctx.Value(pathKey).(string)
	return s
}

// formPage is the page forms on this page return to after an error.
type formPage struct{ path, title string }

// WithReturn sets the page a form on this page returns to after an error
// (the page itself, or the one a re-rendered form came from) and its title
// (empty: the layout names it, SetPageTitle).
func WithReturn(ctx context.Context, path, title string) context.Context {
	return context.WithValue(ctx, returnKey, &formPage{path: path, title: title})
}

// Return is the page forms carry as their hidden "return" field.
func Return(ctx context.Context) string {
	if p, ok := ctx.Value(returnKey).(*formPage); ok {
		return p.path
	}
	return ""
}

// ReturnTitle is the title of the page forms return to.
func ReturnTitle(ctx context.Context) string {
	if p, ok := ctx.Value(returnKey).(*formPage); ok {
		return p.title
	}
	return ""
}

// SetPageTitle names the page being rendered (the layout calls it before
// the page's forms render), unless a re-rendered form keeps its own page's
// name.
func SetPageTitle(ctx context.Context, title string) string {
	if p, ok := ctx.Value(returnKey).(*formPage); ok && p.title == "" {
		p.title = title
	}
	return ""
}

func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID is the id logged with the request and shown on error pages.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}
