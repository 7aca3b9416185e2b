package domain

import (
	"strings"
	"unicode"
)

// auditActionLabels name the audit actions in Polish.
var auditActionLabels = map[AuditAction]string{
	AuditCreate:           "utworzenie",
	AuditUpdate:           "zmiana",
	AuditDelete:           "usunięcie",
	AuditLogin:            "logowanie",
	AuditLoginFailed:      "nieudane logowanie",
	AuditLogout:           "wylogowanie",
	AuditForbidden:        "odmowa dostępu",
	AuditExport:           "eksport danych osobowych",
	AuditMerge:            "połączenie zapisów",
	AuditSubmit:           "przekazanie do odbioru",
	AuditWithdraw:         "wycofanie do przygotowania",
	AuditSign:             "podpis decyzji w systemie",
	AuditSignPaper:        "rejestracja decyzji z papieru",
	AuditClose:            "zamknięcie okresu",
	AuditReopen:           "ponowne otwarcie okresu",
	AuditCloseWave:        "zakończenie badania ankietowego",
	AuditMemberAdd:        "dodanie do zespołu programu",
	AuditMemberRemove:     "usunięcie z zespołu programu",
	AuditPaperRecord:      "wprowadzenie decyzji z papieru (do potwierdzenia)",
	AuditPaperObject:      "sprzeciw wobec decyzji z papieru",
	AuditPaperObjection:   "rozstrzygnięcie sprzeciwu",
	AuditFactorAdd:        "dodanie drugiego składnika logowania",
	AuditFactorRemove:     "usunięcie drugiego składnika logowania",
	AuditFactorFailed:     "nieudana weryfikacja drugiego składnika",
	AuditRecoveryCodesNew: "nowe kody odzyskiwania",
	AuditRecoveryCodeUsed: "użycie kodu odzyskiwania",
	AuditMailSent:         "wysłanie wiadomości e-mail",
	AuditSendBack:         "zwrot do poprawy",
}

// Label is the action's Polish name; the raw name if it has none.
func (a AuditAction) Label() string {
	if l, ok := auditActionLabels[a]; ok {
		return l
	}
	return string(a)
}

// Labelled reports whether the action has a Polish name.
func (a AuditAction) Labelled() bool { _, ok := auditActionLabels[a]; return ok }

// AuditEntities names in Polish every kind of record the audit trail keeps
// (the store's audit entries and the exports recorded by the handlers).
var AuditEntities = map[string]string{ // #nosec G101 -- Polish names of record kinds ("passkey", "totp"), not credentials
	"user": "konto", "login": "logowanie", "route": "strona", "unit": "jednostka", "programme": "program",
	"participation": "udział jednostki", "task": "zadanie", "training": "szkolenie", "indicator": "wskaźnik",
	"indicator_value": "wartość wskaźnika", "period": "okres sprawozdawczy",
	"training_session": "sesja szkoleniowa", "attendance": "obecność", "session_scan": "skan listy",
	"person": "uczestnik", "consultation": "konsultacja", "meeting": "spotkanie", "meeting_scan": "skan listy spotkania",
	"good_practice": "dobra praktyka", "unit_product": "produkt w jednostce", "unit_product_file": "dokument produktu",
	"protocol": "protokół odbioru", "programme_member": "członek zespołu programu",
	"passkey": "klucz dostępu", "totp": "aplikacja uwierzytelniająca", "recovery_codes": "kody odzyskiwania",
	"questionnaire": "kwestionariusz", "survey_wave": "badanie ankietowe", "survey_response": "ankieta z papieru",
	"survey_batch": "weryfikacja ankiet", "survey_second_keying": "drugie wprowadzenie ankiety", "survey_invitations": "zaproszenia do ankiety",
	"mail":           "wiadomość e-mail",
	"caf_assessment": "samoocena CAF", "caf_member": "członek zespołu samooceny", "caf_score": "ocena indywidualna CAF",
	"caf_consensus": "konsensus CAF", "caf_action": "działanie planu doskonalenia", "caf_named_unit": "zgoda na benchlearning",
}

// AuditEntityLabel is the Polish name of an audit record kind; the raw kind
// if it has none.
func AuditEntityLabel(entity string) string {
	if l, ok := AuditEntities[entity]; ok {
		return l
	}
	return entity
}

// auditFields name in Polish the fields the audit trail shows, keyed by
// their name in the entry folded to lower case without "_" (Address,
// address and ADDRESS are one key, as are ProgrammeID and programme_id).
var auditFields = map[string]string{}

func init() {
	for label, keys := range map[string][]string{
		"identyfikator": {"id"}, "wersja": {"version", "versionno"}, "nazwa": {"name"}, "kod": {"code"}, "tytuł": {"title"},
		"program": {"programme", "programmeid"}, "jednostka": {"unit", "unitid"}, "jednostki": {"units", "unitids"},
		"zadanie": {"task", "taskid"}, "zadania": {"tasks", "taskids"}, "szkolenie": {"training", "trainingid"}, "szkolenia": {"trainings", "trainingids"},
		"komponent": {"component", "componentid"}, "komponenty": {"components"}, "obszar": {"area"}, "obszary": {"areas"},
		"rodzaj": {"kind", "type"}, "adres": {"address"}, "e-mail": {"email"}, "TERYT": {"teryt"}, "województwo": {"voivodeship"},
		"telefon": {"phone"}, "data": {"date", "on", "day"}, "dni": {"days"}, "dzień": {"dayno"}, "godziny": {"hours"},
		"godzin dziennie": {"hoursperday"}, "miejsce": {"place"}, "trener": {"trainer"}, "ekspert": {"expert", "expertid"},
		"temat": {"topic", "subject"}, "adresat": {"recipient"}, "powiadomienia e-mail": {"notices"}, "opis": {"description"}, "status": {"status"}, "uwagi": {"remarks", "notes"}, "notatka": {"note"},
		"numer": {"number", "no"}, "nr grupy": {"groupno"}, "wnioski": {"conclusions"}, "wykonawca": {"contractor"},
		"produkty": {"products", "items"}, "produkt": {"product", "productid", "unitproductid"}, "litera": {"letter"},
		"planowany termin": {"plannedon"}, "wykonano": {"doneon"}, "podpisujący": {"signer", "signername"},
		"decyzja": {"decision"}, "zapis decyzji z papieru": {"paperrecord"}, "stan zapisu z papieru": {"paperstate"}, "wprowadził(a)": {"recordedby"},
		"skrót SHA-256 skanu": {"scansha256"}, "sprzeciw": {"objection"}, "rozstrzygnięcie sprzeciwu": {"objectionstate"},
		"funkcja podpisującego": {"signerrole"}, "skrót SHA-256": {"digest", "sha256"}, "sposób": {"method"}, "powód": {"reason"}, "okresy": {"periods"}, "wszystkie programy": {"allprogrammes"}, "litery produktów": {"productletters"}, "klucze dostępu": {"passkeys"}, "aplikacja uwierzytelniająca": {"totp"}, "kody odzyskiwania": {"recoverycodes"}, "dni połówkowe": {"halfdays"}, "programy": {"programmeids", "programmes"},
		"okres": {"period"}, "od": {"start", "from"}, "do": {"end", "to"}, "archiwum od": {"archivedat"},
		"użytkownik": {"username", "login"}, "rola": {"role"}, "imię i nazwisko": {"fullname", "displayname"}, "aktywne": {"active"},
		"imię": {"firstname"}, "nazwisko": {"lastname"}, "stanowisko": {"position"}, "płeć": {"sex"}, "osoba": {"person", "personid"},
		"podstawa przetwarzania": {"legalbasis"}, "data podstawy": {"basisdate"}, "przechowywać do": {"retentionuntil"},
		"połączony uczestnik": {"mergedpersonid"}, "obecni": {"present"}, "nieobecni": {"absent"}, "wczytane wiersze": {"importedrows"},
		"nowe osoby": {"newpersons"}, "plik": {"file", "fileid", "filename"}, "typ pliku": {"contenttype"}, "rozmiar": {"size"},
		"eksport": {"export"}, "cel": {"target", "goal"}, "cel ogólny": {"generalgoal"}, "cele szczegółowe": {"specificgoals"},
		"jednostka miary": {"unitofmeasure"}, "reguła": {"rule"}, "parametry reguły": {"params"},
		"źródło danych": {"source"}, "częstotliwość pomiaru": {"frequency", "when"}, "wartość": {"value"}, "kobiety": {"women"},
		"mężczyźni": {"men"}, "budżet": {"budget"}, "linia finansowania": {"fundingline"}, "wnioskodawca": {"leader"},
		"fazy": {"phases"}, "plan": {"plan", "planlines"}, "liczba jednostek": {"unitsplanned"}, "planowane spotkania": {"meetingsplanned"},
		"dni na spotkanie": {"dayspermeeting"}, "planowane grupy": {"groupsplanned"}, "dni na grupę": {"dayspergroup"},
		"z kierownictwem": {"withmanagement"}, "uczestnicy": {"attendees", "participants"}, "dokumenty": {"files"},
		"utworzono": {"createdat"}, "zmieniono": {"updatedat"}, "podpisano": {"signedat", "signedon"}, "dowód": {"evidence"},
		"przyczyna": {"why"}, "zarchiwizowano": {"archived"}, "hasło zmienione": {"passwordchanged"}, "hasło": {"password"},
		"jednostka lidera": {"leaderunitid"}, "wartość bazowa": {"baseline"}, "rodzaj badania": {"surveykind"},
		"wykonane prace": {"workdone"}, "eksperci": {"experts", "expertids"}, "nazwa jednostki": {"unitname"}, "rezultaty": {"results"},
		"dlaczego przyniosła rezultaty": {"whyresults"}, "na czym polega innowacyjność": {"whyinnovative"},
		"dlaczego jest trwała": {"whydurable"}, "dlaczego da się ją przenieść": {"whytransferable"}, "spotkania": {"meetingids", "meetings"},
		"obszar P": {"areap"}, "obszar N": {"arean"}, "osoby kontaktowe": {"contacts"}, "data dowodu": {"evidenceon"},
		"skrót SHA-256 pliku": {"filesha256"}, "protokół": {"protocol", "protocolid"}, "identyfikator klucza": {"credentialid"}, "nr wniosku o płatność": {"requestno"},
		"wstęp": {"intro"}, "sposób liczenia indeksu": {"indexmethod"}, "część": {"section"}, "treść": {"text"},
		"obowiązkowe": {"required"}, "metryczka": {"profile"}, "w indeksie": {"inindex"}, "odpowiedzi do wyboru": {"options"},
		"kwestionariusz": {"questionnaire", "questionnaireid"}, "pomiar": {"round"}, "rozpoczęcie badania": {"openson"},
		"zakończenie badania": {"closeson"}, "planowana liczba ankiet": {"targetsample"}, "ankieta internetowa": {"online"},
		"badanie": {"wave", "waveid"}, "nr formularza": {"sheet"}, "data odpowiedzi": {"answeredon"}, "zakończono": {"closedat"}, "usunięte adresy e-mail": {"erasedaddresses"},
		"wysłane zaproszenia": {"invitationssent"}, "wysłane przypomnienia": {"reminderssent"},
		"wydanie modelu CAF": {"edition"}, "cykl": {"cycle"}, "rozpoczęcie": {"startson"}, "zakończenie": {"endson"},
		"członkowie zespołu": {"members"}, "lider zespołu": {"groupleader"}, "podkryterium": {"sub", "subcriterion"}, "punkty": {"score"},
		"wykonanie (D)": {"do"}, "sprawdzenie (C)": {"check"}, "działanie (A)": {"act"}, "trendy": {"trend"},
		"mocne strony": {"strengths"}, "obszary do poprawy": {"improvements"}, "pomysły": {"ideas"}, "uzasadnienie": {"justification"},
		"wynik ogółem": {"total"}, "wpływ": {"impact"}, "nakład": {"effort"}, "odpowiedzialny": {"owner"},
		"dobra praktyka": {"practice", "practiceid"}, "przekazano": {"submittedat", "submitted"},
		"kryteria CAF": {"cafcriteria"}, "zgoda na ujawnienie nazwy": {"named"},
	} {
		for _, k := range keys {
			if _, dup := auditFields[k]; dup {
				panic("audit field named twice: " + k)
			}
			auditFields[k] = label
		}
	}
}

func auditFieldKey(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}

// auditFieldsOf name the fields whose meaning depends on the record kind.
var auditFieldsOf = map[string]string{
	"protocol.method": "sposób podpisu", "indicator.method": "sposób pomiaru", "indicator.type": "typ wskaźnika",
	"protocol.date": "data protokołu", "user.units": "przypisane jednostki",
	"questionnaire.items": "pytania", "caf_score.plan": "plan (P)", "caf_consensus.plan": "plan (P)",
	"caf_score.target": "cele", "caf_consensus.target": "cele",
}

// AuditFieldLabel is the Polish name of a field of an audit entry of the
// entity kind; the raw name if it has none.
func AuditFieldLabel(entity, name string) string {
	if l, ok := auditFieldsOf[entity+"."+auditFieldKey(name)]; ok {
		return l
	}
	if l, ok := auditFields[auditFieldKey(name)]; ok {
		return l
	}
	return name
}

// AuditFieldLabelled reports whether a field of an audit entry has a Polish name.
func AuditFieldLabelled(name string) bool { _, ok := auditFields[auditFieldKey(name)]; return ok }
