// Package paths builds the application's addresses: one function per route
// of internal/web/routes.go, taking ids, used by the handlers (redirects)
// and the templ pages (links and form actions) alike. Query strings and
// fragments are left to the caller. A test walks the router and checks
// that every builder lands on its route with its ids in the right places.
package paths

import (
	"net/url"
	"strconv"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Home is the start page.
func Home() string { return "/" }

// Login is the sign-in page and form.
func Login() string { return "/login" }

// Logout signs out (POST).
func Logout() string { return "/logout" }

// AccountPassword is the signed-in user's password change.
func AccountPassword() string { return "/account/password" }

// AccountNotices is the user's own switch of e-mail notices.
func AccountNotices() string { return "/account/notices" }

// --- programmes and their plan

// Programmes lists programmes; a POST creates one.
func Programmes() string { return "/programmes" }

// ProgrammeNew is the form of a new programme.
func ProgrammeNew() string { return "/programmes/new" }

// Programme is a programme's overview; a POST updates it.
func Programme(programmeID int64) string { return "/programmes/" + id(programmeID) }

// ProgrammeEdit is the form of a programme's data.
func ProgrammeEdit(programmeID int64) string { return Programme(programmeID) + "/edit" }

// ProgrammeArchive archives a programme (POST).
func ProgrammeArchive(programmeID int64) string { return Programme(programmeID) + "/archive" }

// ProgrammeUnarchive brings an archived programme back (POST).
func ProgrammeUnarchive(programmeID int64) string { return Programme(programmeID) + "/unarchive" }

// Participations are the units taking part in a programme (udział
// jednostek); a POST adds or changes one.
func Participations(programmeID int64) string { return Programme(programmeID) + "/units" }

// ProgrammeTeam is a programme's team (zespół programu: its coordinators
// and experts); a POST adds a member.
func ProgrammeTeam(programmeID int64) string { return Programme(programmeID) + "/team" }

// ProgrammeTeamRemove takes a member off a programme's team (POST).
func ProgrammeTeamRemove(programmeID, userID int64) string {
	return ProgrammeTeam(programmeID) + "/" + id(userID) + "/remove"
}

// ParticipationsMany adds several units to a programme at once (POST).
func ParticipationsMany(programmeID int64) string { return Programme(programmeID) + "/units/many" }

// ParticipationDelete takes a unit out of a programme (POST).
func ParticipationDelete(programmeID, unitID int64) string {
	return Programme(programmeID) + "/units/" + id(unitID) + "/delete"
}

// ProgrammeUnit is a unit's view of a programme: its indicators and evidence.
func ProgrammeUnit(programmeID, unitID int64) string {
	return Programme(programmeID) + "/units/" + id(unitID)
}

// Tasks is where a new task is posted.
func Tasks(programmeID int64) string { return Programme(programmeID) + "/tasks" }

// TaskNew is the form of a new task.
func TaskNew(programmeID int64) string { return Tasks(programmeID) + "/new" }

// Task is where a task's changes are posted.
func Task(programmeID, taskID int64) string { return Tasks(programmeID) + "/" + id(taskID) }

// TaskEdit is a task's form.
func TaskEdit(programmeID, taskID int64) string { return Task(programmeID, taskID) + "/edit" }

// TaskDelete deletes a task (POST).
func TaskDelete(programmeID, taskID int64) string { return Task(programmeID, taskID) + "/delete" }

// Trainings is where a new training of the catalogue is posted.
func Trainings(programmeID int64) string { return Programme(programmeID) + "/trainings" }

// TrainingNew is the form of a new training.
func TrainingNew(programmeID int64) string { return Trainings(programmeID) + "/new" }

// Training is where a training's changes are posted.
func Training(programmeID, trainingID int64) string {
	return Trainings(programmeID) + "/" + id(trainingID)
}

// TrainingEdit is a training's form.
func TrainingEdit(programmeID, trainingID int64) string {
	return Training(programmeID, trainingID) + "/edit"
}

// TrainingDelete deletes a training (POST).
func TrainingDelete(programmeID, trainingID int64) string {
	return Training(programmeID, trainingID) + "/delete"
}

// --- indicators, periods and reports

// Periods are a programme's own reporting periods.
func Periods(programmeID int64) string { return Programme(programmeID) + "/periods" }

// PeriodClose closes a reporting period (POST).
func PeriodClose(programmeID int64, period string) string {
	return Periods(programmeID) + "/" + url.PathEscape(period) + "/close"
}

// PeriodCloseConfirm asks to confirm closing a reporting period (POST;
// nothing is saved: the confirmation posts to PeriodClose).
func PeriodCloseConfirm(programmeID int64, period string) string {
	return PeriodClose(programmeID, period) + "/confirm"
}

// PeriodReopen reopens a closed reporting period (POST).
func PeriodReopen(programmeID int64, period string) string {
	return Periods(programmeID) + "/" + url.PathEscape(period) + "/reopen"
}

// Indicators is the indicators dashboard; a POST creates an indicator.
func Indicators(programmeID int64) string { return Programme(programmeID) + "/indicators" }

// IndicatorNew is the form of a new indicator.
func IndicatorNew(programmeID int64) string { return Indicators(programmeID) + "/new" }

// Indicator is an indicator's drill-down; a POST updates it.
func Indicator(programmeID, indicatorID int64) string {
	return Indicators(programmeID) + "/" + id(indicatorID)
}

// IndicatorEdit is an indicator's form.
func IndicatorEdit(programmeID, indicatorID int64) string {
	return Indicator(programmeID, indicatorID) + "/edit"
}

// IndicatorDelete deletes an indicator (POST).
func IndicatorDelete(programmeID, indicatorID int64) string {
	return Indicator(programmeID, indicatorID) + "/delete"
}

// IndicatorValues is where a manual value is posted.
func IndicatorValues(programmeID, indicatorID int64) string {
	return Indicator(programmeID, indicatorID) + "/values"
}

// IndicatorFile is the evidence file of a manual value.
func IndicatorFile(programmeID, indicatorID, fileID int64) string {
	return Indicator(programmeID, indicatorID) + "/files/" + id(fileID)
}

// Report is a period's report (?period=, ?format=).
func Report(programmeID int64) string { return Programme(programmeID) + "/report" }

// ReportParticipants is the participant list for the funder.
func ReportParticipants(programmeID int64) string { return Report(programmeID) + "/participants" }

// --- training sessions (sesje szkoleniowe) and participants

// TrainingSessions lists a programme's training sessions; a POST records one.
func TrainingSessions(programmeID int64) string { return Programme(programmeID) + "/sessions" }

// TrainingSessionNew is the form of a new training session.
func TrainingSessionNew(programmeID int64) string { return TrainingSessions(programmeID) + "/new" }

// TrainingSession is a training session's page; a POST updates it.
func TrainingSession(programmeID, sessionID int64) string {
	return TrainingSessions(programmeID) + "/" + id(sessionID)
}

// TrainingSessionEdit is a training session's form.
func TrainingSessionEdit(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/edit"
}

// TrainingSessionAttendance is where the attendance grid is posted.
func TrainingSessionAttendance(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/attendance"
}

// TrainingSessionParticipants is where a participant is added.
func TrainingSessionParticipants(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/participants"
}

// TrainingSessionParticipantSearch answers the session page's search of
// people to add as the user types (htmx; ?osoba=, ?jednostka=).
func TrainingSessionParticipantSearch(programmeID, sessionID int64) string {
	return TrainingSessionParticipants(programmeID, sessionID) + "/search"
}

// TrainingSessionParticipantRemove takes a person off the list (POST).
func TrainingSessionParticipantRemove(programmeID, sessionID, personID int64) string {
	return TrainingSessionParticipants(programmeID, sessionID) + "/" + id(personID) + "/remove"
}

// TrainingSessionScans is where a scanned attendance list is uploaded.
func TrainingSessionScans(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/scans"
}

// TrainingSessionScan is one scanned attendance list.
func TrainingSessionScan(programmeID, sessionID, fileID int64) string {
	return TrainingSessionScans(programmeID, sessionID) + "/" + id(fileID)
}

// TrainingSessionAttendancePDF is the printable attendance list (?pusta=1:
// with empty rows).
func TrainingSessionAttendancePDF(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/lista.pdf"
}

// TrainingSessionImport is the attendance CSV import; a POST previews a file.
func TrainingSessionImport(programmeID, sessionID int64) string {
	return TrainingSession(programmeID, sessionID) + "/import"
}

// TrainingSessionImportSample is the sample CSV file of a session.
func TrainingSessionImportSample(programmeID, sessionID int64) string {
	return TrainingSessionImport(programmeID, sessionID) + "/wzor.csv"
}

// TrainingSessionImportConfirm saves a previewed import (POST).
func TrainingSessionImportConfirm(programmeID, sessionID int64) string {
	return TrainingSessionImport(programmeID, sessionID) + "/confirm"
}

// Persons lists a programme's participants.
func Persons(programmeID int64) string { return Programme(programmeID) + "/persons" }

// Person is where a participant's changes are posted.
func Person(programmeID, personID int64) string { return Persons(programmeID) + "/" + id(personID) }

// PersonEdit is a participant's form.
func PersonEdit(programmeID, personID int64) string { return Person(programmeID, personID) + "/edit" }

// PersonMerge merges a duplicate into a participant (POST).
func PersonMerge(programmeID, personID int64) string { return Person(programmeID, personID) + "/merge" }

// --- consultations, meetings and good practices

// Consultations lists a programme's consultations; a POST records one.
func Consultations(programmeID int64) string { return Programme(programmeID) + "/consultations" }

// ConsultationNew is the form of a new consultation.
func ConsultationNew(programmeID int64) string { return Consultations(programmeID) + "/new" }

// Consultation is where a consultation's changes are posted.
func Consultation(programmeID, consultationID int64) string {
	return Consultations(programmeID) + "/" + id(consultationID)
}

// ConsultationEdit is a consultation's form.
func ConsultationEdit(programmeID, consultationID int64) string {
	return Consultation(programmeID, consultationID) + "/edit"
}

// Meetings lists the good-practice group's meetings; a POST records one.
func Meetings(programmeID int64) string { return Programme(programmeID) + "/meetings" }

// MeetingNew is the form of a new meeting.
func MeetingNew(programmeID int64) string { return Meetings(programmeID) + "/new" }

// Meeting is a meeting's page; a POST updates it.
func Meeting(programmeID, meetingID int64) string { return Meetings(programmeID) + "/" + id(meetingID) }

// MeetingEdit is a meeting's form.
func MeetingEdit(programmeID, meetingID int64) string {
	return Meeting(programmeID, meetingID) + "/edit"
}

// MeetingScans is where a meeting's scanned attendance list is uploaded.
func MeetingScans(programmeID, meetingID int64) string {
	return Meeting(programmeID, meetingID) + "/scans"
}

// MeetingScan is one scanned attendance list of a meeting.
func MeetingScan(programmeID, meetingID, fileID int64) string {
	return MeetingScans(programmeID, meetingID) + "/" + id(fileID)
}

// Practices is the good-practice register; a POST adds a practice.
func Practices(programmeID int64) string { return Programme(programmeID) + "/practices" }

// PracticeNew is the form of a new practice.
func PracticeNew(programmeID int64) string { return Practices(programmeID) + "/new" }

// PracticeSet is the printable set of accepted practices.
func PracticeSet(programmeID int64) string { return Practices(programmeID) + "/zestaw.pdf" }

// Practice is a practice's page; a POST updates it.
func Practice(programmeID, practiceID int64) string {
	return Practices(programmeID) + "/" + id(practiceID)
}

// PracticeEdit is a practice's form.
func PracticeEdit(programmeID, practiceID int64) string {
	return Practice(programmeID, practiceID) + "/edit"
}

// --- products and acceptance protocols

// Products lists the products of tasks in units.
func Products(programmeID int64) string { return Programme(programmeID) + "/products" }

// Product is a product of a unit; a POST saves its progress.
func Product(programmeID, productID int64) string { return Products(programmeID) + "/" + id(productID) }

// ProductFiles is where a product's document is uploaded.
func ProductFiles(programmeID, productID int64) string {
	return Product(programmeID, productID) + "/files"
}

// ProductFile is one document of a product.
func ProductFile(programmeID, productID, fileID int64) string {
	return ProductFiles(programmeID, productID) + "/" + id(fileID)
}

// ProductFileDelete deletes a product's document (POST).
func ProductFileDelete(programmeID, productID, fileID int64) string {
	return ProductFile(programmeID, productID, fileID) + "/delete"
}

// Protocols lists acceptance protocols; a POST creates one.
func Protocols(programmeID int64) string { return Programme(programmeID) + "/protocols" }

// ProtocolNew is the form of a new protocol (?jednostka=, ?zadanie=, ?para=).
func ProtocolNew(programmeID int64) string { return Protocols(programmeID) + "/new" }

// Protocol is a protocol's page; a POST updates a draft.
func Protocol(programmeID, protocolID int64) string {
	return Protocols(programmeID) + "/" + id(protocolID)
}

// ProtocolEdit is a draft protocol's form.
func ProtocolEdit(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/edit"
}

// ProtocolPDF is the printable protocol.
func ProtocolPDF(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/protokol.pdf"
}

// ProtocolFile is an attachment or the signed scan of a protocol.
func ProtocolFile(programmeID, protocolID, fileID int64) string {
	return Protocol(programmeID, protocolID) + "/files/" + id(fileID)
}

// ProtocolDelete deletes a draft (POST).
func ProtocolDelete(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/delete"
}

// ProtocolSubmit hands a draft over for the unit manager's decision (POST).
func ProtocolSubmit(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/submit"
}

// ProtocolWithdraw takes a submitted protocol back (POST).
func ProtocolWithdraw(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/withdraw"
}

// ProtocolNewVersion starts a correction or a rework (POST).
func ProtocolNewVersion(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/new-version"
}

// ProtocolDecide is the unit manager's signed decision (POST).
func ProtocolDecide(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/decide"
}

// ProtocolPaper records a decision signed on paper (POST).
func ProtocolPaper(programmeID, protocolID int64) string {
	return Protocol(programmeID, protocolID) + "/paper"
}

// ProtocolPaperConfirm is a second person's confirmation of a paper
// decision (POST).
func ProtocolPaperConfirm(programmeID, protocolID int64) string {
	return ProtocolPaper(programmeID, protocolID) + "/confirm"
}

// ProtocolPaperObject is the unit manager's objection to a paper decision
// (POST).
func ProtocolPaperObject(programmeID, protocolID int64) string {
	return ProtocolPaper(programmeID, protocolID) + "/object"
}

// ProtocolPaperObjection is an administrator's decision on the objection
// (POST).
func ProtocolPaperObjection(programmeID, protocolID int64) string {
	return ProtocolPaper(programmeID, protocolID) + "/objection"
}

// --- units (jednostki)

// Units lists units; a POST adds one.
func Units() string { return "/units" }

// UnitNew is the form of a new unit.
func UnitNew() string { return "/units/new" }

// Unit is where a unit's changes are posted.
func Unit(unitID int64) string { return "/units/" + id(unitID) }

// UnitEdit is a unit's form.
func UnitEdit(unitID int64) string { return Unit(unitID) + "/edit" }

// UnitArchive archives a unit (POST).
func UnitArchive(unitID int64) string { return Unit(unitID) + "/archive" }

// UnitUnarchive brings an archived unit back (POST).
func UnitUnarchive(unitID int64) string { return Unit(unitID) + "/unarchive" }

// UnitsExport is the list of units as CSV.
func UnitsExport() string { return "/units/export.csv" }

// UnitsImport is the units CSV import; a POST previews a file.
func UnitsImport() string { return "/units/import" }

// UnitsImportSample is the sample CSV file.
func UnitsImportSample() string { return "/units/import/sample.csv" }

// UnitsImportConfirm saves a previewed import (POST).
func UnitsImportConfirm() string { return "/units/import/confirm" }

// --- administration

// Users lists accounts; a POST creates one.
func Users() string { return "/admin/users" }

// UserNew is the form of a new account.
func UserNew() string { return "/admin/users/new" }

// User is an account's page; a POST updates it.
func User(userID int64) string { return "/admin/users/" + id(userID) }

// UserPassword sets an account's password (POST).
func UserPassword(userID int64) string { return User(userID) + "/password" }

// UserDeactivate deactivates an account (POST).
func UserDeactivate(userID int64) string { return User(userID) + "/deactivate" }

// UserActivate activates an account (POST).
func UserActivate(userID int64) string { return User(userID) + "/activate" }

// UserFactorsReset removes every second factor of an account (POST).
func UserFactorsReset(userID int64) string { return User(userID) + "/second-factor/reset" }

// Audit is the audit trail.
func Audit() string { return "/audit" }

// RecordHistory is one record's history in the audit trail; entity is the
// audit's entity key (e.g. "protocol"), recordID the record's id as the
// trail stores it.
func RecordHistory(entity, recordID string) string {
	return Audit() + "/" + url.PathEscape(entity) + "/" + url.PathEscape(recordID)
}

// Integrity is the check of signed protocols' digests.
func Integrity() string { return "/admin/integrity" }

// AdminMail lists the e-mails the local SMTP sink received.
func AdminMail() string { return "/admin/mail" }

// AdminMailMessage is one e-mail the sink received.
func AdminMailMessage(messageID int64) string { return AdminMail() + "/" + id(messageID) }

// --- CSV exports of the lists: the rows of the list with the same query
// (search, filters, order), every page.

// ProgrammesExport is the list of programmes as CSV.
func ProgrammesExport() string { return "/programmes/export.csv" }

// ParticipationsExport is the list of a programme's units as CSV.
func ParticipationsExport(programmeID int64) string {
	return Participations(programmeID) + "/export.csv"
}

// TrainingSessionsExport is the list of a programme's training sessions as CSV.
func TrainingSessionsExport(programmeID int64) string {
	return TrainingSessions(programmeID) + "/export.csv"
}

// ConsultationsExport is the list of a programme's consultations as CSV.
func ConsultationsExport(programmeID int64) string { return Consultations(programmeID) + "/export.csv" }

// MeetingsExport is the list of a programme's good-practice meetings as CSV.
func MeetingsExport(programmeID int64) string { return Meetings(programmeID) + "/export.csv" }

// ProductsExport is the list of a programme's products as CSV.
func ProductsExport(programmeID int64) string { return Products(programmeID) + "/export.csv" }

// ProtocolsExport is the list of a programme's acceptance protocols as CSV.
func ProtocolsExport(programmeID int64) string { return Protocols(programmeID) + "/export.csv" }

// PersonsExport is the list of a programme's participants as CSV: names
// for the roles that see them, counts by unit for the others.
func PersonsExport(programmeID int64) string { return Persons(programmeID) + "/export.csv" }
