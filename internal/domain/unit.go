package domain

// UnitKind is the kind of a participating public office (JST or government office).
type UnitKind string

const (
	UnitGminaMiejska        UnitKind = "gmina_miejska"
	UnitGminaWiejska        UnitKind = "gmina_wiejska"
	UnitGminaMiejskoWiejska UnitKind = "gmina_miejsko_wiejska"
	UnitPowiat              UnitKind = "powiat"
	UnitWojewodztwo         UnitKind = "wojewodztwo"
	UnitUrzadWojewodzki     UnitKind = "urzad_wojewodzki"
	UnitInnyRzadowy         UnitKind = "inny_rzadowy"
)

// Label is the kind's Polish name.
func (k UnitKind) Label() string {
	switch k {
	case UnitGminaMiejska:
		return "gmina miejska"
	case UnitGminaWiejska:
		return "gmina wiejska"
	case UnitGminaMiejskoWiejska:
		return "gmina miejsko-wiejska"
	case UnitPowiat:
		return "powiat (starostwo)"
	case UnitWojewodztwo:
		return "województwo (urząd marszałkowski)"
	case UnitUrzadWojewodzki:
		return "urząd wojewódzki"
	case UnitInnyRzadowy:
		return "inny urząd administracji rządowej"
	}
	return string(k)
}

// Unit is a participating public office (jednostka).
type Unit struct {
	ID          int64
	Name        string
	Kind        UnitKind
	Voivodeship string // województwo
}
