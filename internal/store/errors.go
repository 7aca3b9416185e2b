package store

// Errors leave the store in two shapes. A *domain.Error carries the Polish
// message users read and its code; mapError makes one of "not found" and of
// every constraint violation, and is the one place that reads PostgreSQL
// error codes (Unavailable reads those of a lost connection). Any other
// error gets the context of the exported function it leaves, with wrap.

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
)

// wrap prefixes *errp with where it happened, like pkgsite's derrors.Wrap:
// an exported function of the store defers
//
//	defer wrap(&err, "store.DecideProtocol(%d, %d)", programmeID, id)
//
// and its database errors read "store.DecideProtocol(3, 14): ...". %w keeps
// errors.Is and errors.As working (pgx.ErrNoRows, *pgconn.PgError, context
// errors, Unavailable, NotSent). A domain error is left as it is: its
// message is for users, and its code picks the page's status.
func wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	var de *domain.Error
	if errors.As(*errp, &de) {
		return
	}
	*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
}

// errStale is returned when a record changed since the form was opened.
var errStale = domain.Errorf(domain.ECONFLICT, "Ktoś inny zmienił ten zapis, odkąd otworzyłeś formularz. Poniżej są aktualne wartości: wprowadź swoje zmiany ponownie.")

// PostgreSQL error codes (SQLSTATE) the store maps.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
	checkViolation      = "23514"
	notNullViolation    = "23502"
	stringTooLong       = "22001" // string_data_right_truncation
	badEncoding         = "22021" // character_not_in_repertoire
	outOfRange          = "22003" // numeric_value_out_of_range
)

// msgFixFields heads a form's field messages.
const msgFixFields = "Formularz zawiera błędy. Popraw zaznaczone pola."

// mapError turns "not found" (notFound is its message) and constraint
// violations into domain errors; other errors pass unchanged. A write's own
// violations, when given, are tried first, in order; then a unique, foreign
// key or check violation of a constraint in constraintFields is an error of
// the form field it names.
func mapError(err error, notFound string, own ...violation) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.Errorf(domain.ENOTFOUND, "%s", notFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		for _, v := range own {
			if e := v(pgErr); e != nil {
				return e
			}
		}
		switch pgErr.Code {
		case uniqueViolation:
			return &domain.Error{Code: domain.ECONFLICT, Message: "Taki rekord już istnieje.", Fields: constraintFields[pgErr.ConstraintName]}
		case foreignKeyViolation:
			if f, ok := constraintFields[pgErr.ConstraintName]; ok {
				return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: f}
			}
			return domain.Errorf(domain.ECONFLICT, "Rekord jest powiązany z innymi danymi i nie można go zmienić w ten sposób.")
		case checkViolation, notNullViolation, stringTooLong, badEncoding, outOfRange:
			if f, ok := constraintFields[pgErr.ConstraintName]; ok {
				return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: f}
			}
			return domain.Errorf(domain.EINVALID, "Dane nie spełniają reguł poprawności.")
		}
	}
	return err
}

// A violation is what a violated constraint means in one write, where the
// general rules of mapError would say less: the error to report, or nil
// when it does not apply.
type violation func(*pgconn.PgError) *domain.Error

// inForm: a violated constraint named in fields, of whatever kind, is an
// error of the form field it names.
func inForm(fields map[string]map[string]string) violation {
	return func(e *pgconn.PgError) *domain.Error {
		if f, ok := fields[e.ConstraintName]; ok {
			return &domain.Error{Code: domain.EINVALID, Message: msgFixFields, Fields: f}
		}
		return nil
	}
}

// onConstraint: a violation of one of the named constraints is err.
func onConstraint(err *domain.Error, names ...string) violation {
	return func(e *pgconn.PgError) *domain.Error {
		for _, n := range names {
			if e.ConstraintName == n {
				return err
			}
		}
		return nil
	}
}

// onForeignKey: a foreign key violation, of a key of table (any table when
// ""), is err: a reference to a row that does not exist, or a row that
// others still refer to.
func onForeignKey(table string, err *domain.Error) violation {
	return func(e *pgconn.PgError) *domain.Error {
		if e.Code == foreignKeyViolation && (table == "" || e.TableName == table) {
			return err
		}
		return nil
	}
}

// refused: a delete that other records still refer to is refused with msg,
// shown by field too unless field is "".
func refused(field, msg string) violation {
	e := &domain.Error{Code: domain.ECONFLICT, Message: msg}
	if field != "" {
		e.Fields = map[string]string{field: msg}
	}
	return onForeignKey("", e)
}

const msgPickArea = "Wybierz obszar z listy."

// constraintFields maps constraints to the form field and message shown when
// a write violates them.
var constraintFields = map[string]map[string]string{
	"users_username_key":                        {"username": "Ta nazwa użytkownika jest już zajęta."},
	"users_email_key":                           {"email": "Ten adres e-mail ma już inne konto."},
	"users_email_check":                         {"email": "Podaj adres e-mail w postaci nazwa@domena.pl."},
	"units_teryt_check":                         {"teryt": "Kod TERYT ma 2, 4 albo 7 cyfr (ostatnia cyfra 7-cyfrowego kodu: od 1 do 5)."},
	"units_teryt_key":                           {"teryt": "Ten kod TERYT ma już inna jednostka: sprawdź kod w rejestrze TERYT albo popraw tamtą jednostkę."},
	"units_name_voivodeship_key":                {"name": "Jednostka o tej nazwie w tym województwie już istnieje."},
	"programmes_code_key":                       {"code": "Program o tym kodzie już istnieje."},
	"tasks_programme_id_code_name_key":          {"code": "Zadanie o tym kodzie i nazwie już jest w programie."},
	"trainings_programme_id_code_key":           {"code": "Szkolenie o tym kodzie już jest w programie."},
	"indicators_programme_id_number_key":        {"number": "Wskaźnik o tym numerze już jest w programie."},
	"components_programme_id_code_key":          {"components": "Kody komponentów w programie muszą być różne."},
	"programmes_leader_unit_id_fkey":            {"leader": "Wybrana jednostka nie istnieje."},
	"participations_unit_id_fkey":               {"unit": "Wybrana jednostka nie istnieje."},
	"task_units_programme_id_unit_id_fkey":      {"units": "Zadanie można przypisać tylko jednostkom uczestniczącym w programie."},
	"tasks_programme_id_component_id_fkey":      {"component": "Wybierz komponent tego programu."},
	"indicators_programme_id_component_id_fkey": {"component": "Wybierz komponent tego programu."},
	"user_units_unit_id_fkey":                   {"units": "Wybrana jednostka nie istnieje."},
	"tasks_area_fkey":                           {"area": msgPickArea},
	"trainings_area_fkey":                       {"area": msgPickArea},
	"good_practices_area_fkey":                  {"area": msgPickArea},
	"meeting_attendees_area_fkey":               {"attendees": msgPickArea},
	"participation_areas_area_fkey":             {"areas": msgPickArea},
	"programme_areas_code_ci_key":               {"areas": "Kody obszarów w programie muszą być różne (wielkość liter nie ma znaczenia)."},
	"programme_areas_programme_id_code_key":     {"areas": "Kody obszarów w programie muszą być różne (wielkość liter nie ma znaczenia)."},
}
