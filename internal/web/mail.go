package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// mailListLimit is how many of the newest received e-mails the list shows.
const mailListLimit = 200

func (s *Server) handleMailList(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.store.SinkMessages(r.Context(), mailListLimit)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.MailList(pages.MailListView{Messages: msgs, Sink: s.cfg.MailSink, Limit: mailListLimit}))
	return nil
}

func (s *Server) handleMailMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "messageID", "Nie ma takiej wiadomości.")
	if err != nil {
		return err
	}
	m, err := s.store.SinkMessage(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.MailMessage(pages.MailView{Message: m}))
	return nil
}

func (s *Server) handleNoticesPage(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	s.render(w, r, http.StatusOK, pages.Notices(pages.NoticesView{Email: u.Email, Notices: u.Notices, Kinds: domain.MailKinds}))
	return nil
}

func (s *Server) handleNoticesSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	on := r.PostForm.Get(pages.FieldNotices) == "1"
	if err := s.store.SetNotices(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r)), on); err != nil {
		return err
	}
	msg := "Powiadomienia e-mail są wyłączone."
	if on {
		msg = "Powiadomienia e-mail są włączone."
	}
	s.flash(r, "success", msg)
	redirect(w, r, paths.AccountNotices())
	return nil
}
