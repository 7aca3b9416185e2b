package store

// The accessibility statement (deklaracja dostępności) and the requests for
// accessibility (żądania zapewnienia dostępności, art. 18).

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
)

const (
	statementNotFound = "Deklaracja dostępności nie została jeszcze opublikowana."
	a11yRequestMissed = "Nie ma takiego żądania zapewnienia dostępności."
)

// statementFields maps the statement table's constraints to the form.
var statementFields = map[string]map[string]string{
	"accessibility_statement_non_accessible": {"non_accessible": "Wymień elementy niedostępne i przyczyny: serwis nie jest w pełni zgodny z ustawą."},
	"accessibility_statement_dates":          {"reviewed_on": "Sprawdź daty: aktualizacja nie wcześniej niż publikacja, przegląd nie wcześniej niż sporządzenie."},
}

const statementColumns = `entity, url, published_on, updated_on, status, non_accessible, prepared_on, reviewed_on, assessment, auditor,
	contact_person, email, phone, procedure, architecture, apps, version, updated_at`

func scanStatement(r pgx.Row) (*domain.AccessibilityStatement, error) {
	var s domain.AccessibilityStatement
	err := r.Scan(&s.Entity, &s.URL, &s.PublishedOn, &s.UpdatedOn, &s.Status, &s.NonAccessible, &s.PreparedOn, &s.ReviewedOn, &s.Assessment,
		&s.Auditor, &s.ContactPerson, &s.Email, &s.Phone, &s.Procedure, &s.Architecture, &s.Apps, &s.Version, &s.UpdatedAt)
	return &s, err
}

// AccessibilityStatement returns the statement; ENOTFOUND before the first
// one is saved.
func (s *Store) AccessibilityStatement(ctx context.Context) (_ *domain.AccessibilityStatement, err error) {
	defer wrap(&err, "store.AccessibilityStatement()")
	st, err := scanStatement(s.Pool.QueryRow(ctx, `SELECT `+statementColumns+` FROM accessibility_statement WHERE id = 1`))
	if err != nil {
		return nil, mapError(err, statementNotFound)
	}
	return st, nil
}

// SaveAccessibilityStatement writes the statement: the first one (Version
// 0) or a change of the one read at st.Version (optimistic locking), with
// its audit entry (before and after).
func (s *Store) SaveAccessibilityStatement(ctx context.Context, a domain.Actor, st *domain.AccessibilityStatement) (err error) {
	defer wrap(&err, "store.SaveAccessibilityStatement()")
	if err := st.Validate(); err != nil {
		return err
	}
	now := s.Now()
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanStatement(tx.QueryRow(ctx, `SELECT `+statementColumns+` FROM accessibility_statement WHERE id = 1 FOR UPDATE`))
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			before = nil
		case err != nil:
			return err
		}
		if (before == nil) != (st.Version == 0) || (before != nil && before.Version != st.Version) {
			return errStale
		}
		args := []any{st.Entity, st.URL, st.PublishedOn, st.UpdatedOn, string(st.Status), st.NonAccessible, st.PreparedOn, st.ReviewedOn,
			st.Assessment, st.Auditor, st.ContactPerson, st.Email, st.Phone, st.Procedure, st.Architecture, st.Apps, now}
		if before == nil {
			err = tx.QueryRow(ctx, `INSERT INTO accessibility_statement (entity, url, published_on, updated_on, status, non_accessible,
				prepared_on, reviewed_on, assessment, auditor, contact_person, email, phone, procedure, architecture, apps, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING version, updated_at`, args...).Scan(&st.Version, &st.UpdatedAt)
		} else {
			err = tx.QueryRow(ctx, `UPDATE accessibility_statement SET entity = $1, url = $2, published_on = $3, updated_on = $4, status = $5,
				non_accessible = $6, prepared_on = $7, reviewed_on = $8, assessment = $9, auditor = $10, contact_person = $11, email = $12,
				phone = $13, procedure = $14, architecture = $15, apps = $16, updated_at = $17, version = version + 1
				WHERE id = 1 RETURNING version, updated_at`, args...).Scan(&st.Version, &st.UpdatedAt)
		}
		if err != nil {
			return mapError(err, statementNotFound, inForm(statementFields))
		}
		if before == nil {
			return audit(ctx, tx, a, domain.AuditCreate, "accessibility_statement", "1", nil, st)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "accessibility_statement", "1", before, st)
	})
}

const a11yRequestColumns = `id, received_at, element, request, alternative, name, email, phone, status, answer, version`

func scanA11yRequest(r pgx.Row) (*domain.AccessibilityRequest, error) {
	var q domain.AccessibilityRequest
	err := r.Scan(&q.ID, &q.ReceivedAt, &q.Element, &q.Request, &q.Alternative, &q.Name, &q.Email, &q.Phone, &q.Status, &q.Answer, &q.Version)
	return &q, err
}

// CreateAccessibilityRequest stores a request sent from the public form,
// received now. The audit entry names no one and no address: the sender is
// not signed in, and only the contact they chose to give is kept.
func (s *Store) CreateAccessibilityRequest(ctx context.Context, q *domain.AccessibilityRequest) (err error) {
	defer wrap(&err, "store.CreateAccessibilityRequest()")
	if err := q.Validate(); err != nil {
		return err
	}
	q.ReceivedAt, q.Status = s.Now().UTC(), domain.A11yRequestNew
	return s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO accessibility_requests (received_at, element, request, alternative, name, email, phone, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $1) RETURNING id, version`,
			q.ReceivedAt, q.Element, q.Request, q.Alternative, q.Name, q.Email, q.Phone).Scan(&q.ID, &q.Version)
		if err != nil {
			return mapError(err, "")
		}
		return audit(ctx, tx, domain.Actor{}, domain.AuditCreate, "accessibility_request", FormatID(q.ID), nil, q.Audited())
	})
}

// AccessibilityRequests lists the requests: open ones first (oldest
// first: their deadlines come first), then settled ones, newest first.
func (s *Store) AccessibilityRequests(ctx context.Context) (_ []*domain.AccessibilityRequest, err error) {
	defer wrap(&err, "store.AccessibilityRequests()")
	rows, err := s.Pool.Query(ctx, `SELECT `+a11yRequestColumns+` FROM accessibility_requests
		ORDER BY status IN ('new', 'in_progress') DESC,
			CASE WHEN status IN ('new', 'in_progress') THEN received_at END ASC, received_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*domain.AccessibilityRequest, error) { return scanA11yRequest(r) })
}

// AccessibilityRequest returns one request.
func (s *Store) AccessibilityRequest(ctx context.Context, id int64) (_ *domain.AccessibilityRequest, err error) {
	defer wrap(&err, "store.AccessibilityRequest(%d)", id)
	q, err := scanA11yRequest(s.Pool.QueryRow(ctx, `SELECT `+a11yRequestColumns+` FROM accessibility_requests WHERE id = $1`, id))
	if err != nil {
		return nil, mapError(err, a11yRequestMissed)
	}
	return q, nil
}

// UpdateAccessibilityRequest records an administrator's answer: the status
// and the note, on the version the form was opened with, audited.
func (s *Store) UpdateAccessibilityRequest(ctx context.Context, a domain.Actor, id int64, c domain.A11yRequestChange) (_ *domain.AccessibilityRequest, err error) {
	defer wrap(&err, "store.UpdateAccessibilityRequest(%d)", id)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var after *domain.AccessibilityRequest
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanA11yRequest(tx.QueryRow(ctx, `SELECT `+a11yRequestColumns+` FROM accessibility_requests WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return mapError(err, a11yRequestMissed)
		}
		if before.Version != c.Version {
			return errStale
		}
		after, err = scanA11yRequest(tx.QueryRow(ctx, `UPDATE accessibility_requests SET status = $2, answer = $3, version = version + 1, updated_at = $4
			WHERE id = $1 RETURNING `+a11yRequestColumns, id, string(c.Status), c.Answer, s.Now()))
		if err != nil {
			return mapError(err, a11yRequestMissed)
		}
		return audit(ctx, tx, a, domain.AuditUpdate, "accessibility_request", FormatID(id), before.Audited(), after.Audited())
	})
	return after, err
}
