package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/web"
)

// Handler returns the application's routes. Every route is declared here;
// who may use it is decided by the group it sits in (s.require) and, for
// records of a unit, by domain.User.CanActOnUnit.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.logRequests, s.recoverPanic, s.securityHeaders, s.withSession)
	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Get("/static/*", web.StaticHandler().ServeHTTP)

	// Everyone, signed in or not.
	r.Get("/login", s.handle(s.handleLoginPage))
	r.Post("/login", s.handle(s.handleLogin))

	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermUseApp))
		r.Get("/", s.handle(s.handleHome))
		r.Post("/logout", s.handle(s.handleLogout))
		r.Get("/account/password", s.handle(s.handlePasswordPage))
		r.Post("/account/password", s.handle(s.handlePasswordChange))
	})

	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermManageUsers))
		r.Get("/admin/users", s.handle(s.handleUsers))
		r.Get("/admin/users/new", s.handle(s.handleUserNew))
		r.Post("/admin/users", s.handle(s.handleUserCreate))
		r.Get("/admin/users/{id}", s.handle(s.handleUserEdit))
		r.Post("/admin/users/{id}", s.handle(s.handleUserUpdate))
		r.Post("/admin/users/{id}/password", s.handle(s.handleUserPassword))
		r.Post("/admin/users/{id}/deactivate", s.handle(s.handleUserActive(false)))
		r.Post("/admin/users/{id}/activate", s.handle(s.handleUserActive(true)))
	})
	return r
}
