package paths

import "net/url"

// Surveys (issue 16): the public form, the coordinator's work, the results.

// --- the public survey form (no sign-in; issue 16, public form)

// SurveyTokenParam is the query parameter of a personal invitation's
// token: an invitation links to PublicSurvey(key) + "?t=" + token (the
// token is never part of the path, which the request log records).
const SurveyTokenParam = "t"

// PublicSurvey is a survey wave's public form (key: the wave's public
// key); a POST sends the answers.
func PublicSurvey(key string) string { return "/ankieta/" + url.PathEscape(key) }

// PublicSurveyThanks is the thank-you page after answering.
func PublicSurveyThanks(key string) string { return PublicSurvey(key) + "/dziekujemy" }

// --- survey results (wyniki badań satysfakcji)

// SurveyWaveResults is a survey wave's results page.
func SurveyWaveResults(programmeID, waveID int64) string {
	return Programme(programmeID) + "/surveys/waves/" + id(waveID) + "/results"
}

// SurveyWaveReport is a wave's results report as PDF.
func SurveyWaveReport(programmeID, waveID int64) string {
	return SurveyWaveResults(programmeID, waveID) + "/raport.pdf"
}

// SurveyResponsesCSV and SurveyResponsesXLSX are a wave's anonymous
// responses, one row each.
func SurveyResponsesCSV(programmeID, waveID int64) string {
	return Programme(programmeID) + "/surveys/waves/" + id(waveID) + "/responses.csv"
}

// SurveyResponsesXLSX is SurveyResponsesCSV as a spreadsheet.
func SurveyResponsesXLSX(programmeID, waveID int64) string {
	return Programme(programmeID) + "/surveys/waves/" + id(waveID) + "/responses.xlsx"
}

// SurveyCompare compares a unit's baseline with its follow-up (?q=, ?unit=, ?round=).
func SurveyCompare(programmeID int64) string { return Programme(programmeID) + "/surveys/compare" }

// SurveyBenchmark compares the units on one questionnaire (?q=, ?round=).
func SurveyBenchmark(programmeID int64) string { return Programme(programmeID) + "/surveys/benchmark" }

// --- satisfaction surveys: the coordinator's work (questionnaires, waves,
// paper key-in, validation)

// Surveys is a programme's survey hub: its questionnaires and waves.
func Surveys(programmeID int64) string { return Programme(programmeID) + "/surveys" }

// Questionnaires creates a questionnaire (POST).
func Questionnaires(programmeID int64) string { return Surveys(programmeID) + "/questionnaires" }

// QuestionnaireNew is the form of a new questionnaire.
func QuestionnaireNew(programmeID int64) string { return Questionnaires(programmeID) + "/new" }

// Questionnaire saves a questionnaire (POST): a used one gets a new version.
func Questionnaire(programmeID, questionnaireID int64) string {
	return Questionnaires(programmeID) + "/" + id(questionnaireID)
}

// QuestionnaireEdit is the form of a questionnaire's newest version.
func QuestionnaireEdit(programmeID, questionnaireID int64) string {
	return Questionnaire(programmeID, questionnaireID) + "/edit"
}

// QuestionnaireVersion shows one version of a questionnaire, read only.
func QuestionnaireVersion(programmeID, questionnaireID, version int64) string {
	return Questionnaire(programmeID, questionnaireID) + "/versions/" + id(version)
}

// Waves creates a wave (POST).
func Waves(programmeID int64) string { return Surveys(programmeID) + "/waves" }

// WaveNew is the form of a new wave.
func WaveNew(programmeID int64) string { return Waves(programmeID) + "/new" }

// Wave is a wave's page: state, counts, public link and QR code.
func Wave(programmeID, waveID int64) string { return Waves(programmeID) + "/" + id(waveID) }

// WaveSheetPDF is the wave's questionnaire printed for paper collection.
func WaveSheetPDF(programmeID, waveID int64) string {
	return Wave(programmeID, waveID) + "/ankieta.pdf"
}

// WaveCloseConfirm states what closing a wave means and asks again (POST).
func WaveCloseConfirm(programmeID, waveID int64) string {
	return Wave(programmeID, waveID) + "/close/confirm"
}

// WaveClose closes a wave (POST, after the confirmation).
func WaveClose(programmeID, waveID int64) string { return Wave(programmeID, waveID) + "/close" }

// WaveKey is the paper key-in form; a POST saves one sheet.
func WaveKey(programmeID, waveID int64) string { return Wave(programmeID, waveID) + "/key" }

// WaveSecondKey keys a sheet a second time, for quality; a POST saves it.
func WaveSecondKey(programmeID, waveID int64) string { return WaveKey(programmeID, waveID) + "/second" }

// WaveKeyingReport lists the differences between the two keyings.
func WaveKeyingReport(programmeID, waveID int64) string {
	return WaveKey(programmeID, waveID) + "/report"
}

// WaveValidation lists a wave's validation batches; a POST decides one.
func WaveValidation(programmeID, waveID int64) string {
	return Wave(programmeID, waveID) + "/validation"
}

// --- satisfaction surveys: personal invitations (issue 16)

// SurveyInvitations is a wave's personal invitations: counts, reminders
// and the list of addresses to invite (a POST sends them).
func SurveyInvitations(programmeID, waveID int64) string {
	return Wave(programmeID, waveID) + "/invitations"
}

// SurveyInvitationsRemind asks to confirm a reminder to those who have not
// answered; a POST sends it.
func SurveyInvitationsRemind(programmeID, waveID int64) string {
	return SurveyInvitations(programmeID, waveID) + "/remind"
}
