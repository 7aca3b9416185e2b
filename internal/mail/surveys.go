package mail

// Survey invitations and reminders (issue 16): to the addresses of a
// wave's personal invitations, each with its own single-use link. The
// store queues them in the transaction that stores the token's hash
// (store/surveys_invitations.go).

import (
	"strconv"

	"kaizen/internal/domain"
)

// SurveyInvitation is what an invitation or a reminder tells.
type SurveyInvitation struct {
	Unit          string // the unit that surveys its staff or customers
	Questionnaire string // the questionnaire's name
	Opens, Closes string // the wave's dates, 27.11.2026
	Link          string // the personal link: the public form with the token
}

const surveyPrivacyText = `Ankieta jest anonimowa: system zapisuje tylko, że ten link został wykorzystany, nigdy – które odpowiedzi są Twoje. Link jest osobisty i działa raz; prosimy go nie przekazywać.`

var surveyInvitation = NewTemplate(domain.MailSurveyInvitation,
	`Zaproszenie do anonimowej ankiety: {{.Questionnaire}}`,
	`Dzień dobry,

{{.Unit}} zaprasza do udziału w anonimowej ankiecie „{{.Questionnaire}}”. Wypełnienie zajmie kilka minut. Ankieta jest otwarta od {{.Opens}} do {{.Closes}}.

Twój link do ankiety:
{{.Link}}

`+surveyPrivacyText+`

Dziękujemy za poświęcony czas.`,
	`<p>Dzień dobry,</p>
<p>{{.Unit}} zaprasza do udziału w anonimowej ankiecie <strong>„{{.Questionnaire}}”</strong>. Wypełnienie zajmie kilka minut. Ankieta jest otwarta od {{.Opens}} do {{.Closes}}.</p>
<p><a href="{{.Link}}">Wypełnij ankietę</a></p>
<p>Jeśli link się nie otwiera, skopiuj ten adres do przeglądarki:<br>{{.Link}}</p>
<p>`+surveyPrivacyText+`</p>
<p>Dziękujemy za poświęcony czas.</p>`)

var surveyReminder = NewTemplate(domain.MailSurveyReminder,
	`Przypomnienie: ankieta „{{.Questionnaire}}” czeka na Twoją odpowiedź`,
	`Dzień dobry,

przypominamy o anonimowej ankiecie „{{.Questionnaire}}” ({{.Unit}}). Ankieta jest otwarta do {{.Closes}}.

Twój nowy link do ankiety:
{{.Link}}

Link z poprzedniej wiadomości już nie działa: system nie przechowuje linków, więc każde przypomnienie ma nowy.

`+surveyPrivacyText+`

Dziękujemy za poświęcony czas.`,
	`<p>Dzień dobry,</p>
<p>przypominamy o anonimowej ankiecie <strong>„{{.Questionnaire}}”</strong> ({{.Unit}}). Ankieta jest otwarta do {{.Closes}}.</p>
<p><a href="{{.Link}}">Wypełnij ankietę</a></p>
<p>Jeśli link się nie otwiera, skopiuj ten adres do przeglądarki:<br>{{.Link}}</p>
<p>Link z poprzedniej wiadomości już nie działa: system nie przechowuje linków, więc każde przypomnienie ma nowy.</p>
<p>`+surveyPrivacyText+`</p>
<p>Dziękujemy za poświęcony czas.</p>`)

// surveyFooter says why the message came: the recipient is no user.
var surveyFooter = Footer{Text: "Wiadomość wysłał system Kaizen na prośbę osoby prowadzącej badanie. Twój adres e-mail służy tylko do zaproszenia i przypomnień; usuniemy go po zakończeniu badania."}

// SurveyInvitationMessage is the invitation to address to.
func SurveyInvitationMessage(to string, data SurveyInvitation) (Message, error) {
	return surveyInvitation.Render(Recipient{Email: to}, data, surveyFooter)
}

// SurveyReminderMessage is the reminder number nth (1, 2 …) of invitation
// invitationID to address to; it is queued at most once (Message.Once).
func SurveyReminderMessage(to string, invitationID int64, nth int, data SurveyInvitation) (Message, error) {
	m, err := surveyReminder.Render(Recipient{Email: to}, data, surveyFooter)
	m.Once = "survey_reminder/" + itoa(invitationID) + "/" + strconv.Itoa(nth)
	return m, err
}
