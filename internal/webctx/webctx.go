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

// WithReturn sets the page a form on this page returns to after an error
// (the page itself, or the one a re-rendered form came from).
func WithReturn(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, returnKey, path)
}

// Return is the page forms carry as their hidden "return" field.
func Return(ctx context.Context) string {
	s, _ := ctx.Value(returnKey).(string)
	return s
}

func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID is the id logged with the request and shown on error pages.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}
