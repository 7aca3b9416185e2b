package store

import (
	"context"
	"time"

	"kaizen/internal/domain"
)

// checkEvidenceDate refuses an evidence date d outside the dates of the
// programme (domain.OutsideProgramme), as the field's message; for the
// records whose store call does not get the programme.
func checkEvidenceDate(ctx context.Context, q querier, programmeID int64, field string, d time.Time) error {
	var start, end time.Time
	if err := q.QueryRow(ctx, `SELECT start_date, end_date FROM programmes WHERE id = $1`, programmeID).Scan(&start, &end); err != nil {
		return mapError(err, programmeNotFound)
	}
	if msg := domain.OutsideProgramme(d, start, end); msg != "" {
		return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: map[string]string{field: msg}}
	}
	return nil
}
