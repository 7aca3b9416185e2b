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
	r.Use(s.requestID, s.logRequests, s.recoverPanic, s.readBodyFirst, s.limitInFlight, s.securityHeaders, s.withSession, s.programmeScope)
	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Get("/static/*", web.StaticHandler(s.handle(s.notFound)).ServeHTTP)

	// Everyone, signed in or not.
	r.Get("/login", s.handle(s.handleLoginPage))
	r.Post("/login", s.handle(s.handleLogin))
	// The accessibility statement and the requests for accessibility
	// (ustawa o dostępności cyfrowej): public, for anyone.
	r.Get("/deklaracja-dostepnosci", s.handle(s.handleStatement))
	r.Get("/deklaracja-dostepnosci/zadanie", s.handle(s.handleA11yRequestPage))
	r.Post("/deklaracja-dostepnosci/zadanie", s.handle(s.handleA11yRequestSend))
	r.Get("/deklaracja-dostepnosci/zadanie/wyslane", s.handle(s.handleA11yRequestSent))
	// Surveys (issue 16), the public form: anyone, with no sign-in, session,
	// cookie or CSRF token (withSession); an invitation's token comes as
	// ?t= and travels in the form (surveys_public.go).
	r.Get("/ankieta/{key}", s.handle(s.handlePublicSurvey))
	r.Post("/ankieta/{key}", s.handle(s.handlePublicSurveySubmit))
	r.Get("/ankieta/{key}/dziekujemy", s.handle(s.handlePublicSurveyThanks))

	// The second step of sign-in: only a session whose password was right
	// and whose second factor is not yet given (no other page sees it as
	// signed in); enrolling a factor: the signed-in user, or one who must
	// enrol before signing in (mfa.go).
	r.Group(func(r chi.Router) {
		r.Use(s.requireSecondStep)
		r.Get("/login/second-step", s.handle(s.handleSecondStepPage))
		r.Post("/login/second-step", s.handle(s.handleSecondStepCode))
		r.Post("/login/second-step/passkey", s.handle(s.handleSecondStepPasskey))
		r.Post("/login/second-step/cancel", s.handle(s.handleSecondStepCancel))
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireFactorOwner)
		r.Get("/account/security", s.handle(s.handleSecurityPage))
		r.Post("/account/security/totp", s.handle(s.handleTOTPEnrol))
		r.Post("/account/security/passkeys", s.handle(s.handlePasskeyRegister))
	})

	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermUseApp))
		r.Get("/", s.handle(s.handleHome))
		r.Post("/logout", s.handle(s.handleLogout))
		r.Get("/account/password", s.handle(s.handlePasswordPage))
		r.Post("/account/password", s.handle(s.handlePasswordChange))
		r.Post("/account/security/totp/delete", s.handle(s.handleTOTPDelete))
		r.Post("/account/security/passkeys/{passkeyID}/delete", s.handle(s.handlePasskeyDelete))
		r.Post("/account/security/recovery-codes", s.handle(s.handleRecoveryCodes))
		r.Post("/account/security/challenge", s.handle(s.handleConfirmChallenge))
		r.Get("/account/notices", s.handle(s.handleNoticesPage))
		r.Post("/account/notices", s.handle(s.handleNoticesSave))

		// The programme plan: everyone signed in reads it.
		r.Get("/programmes", s.handle(s.handleProgrammes))
		r.Get("/programmes/{id}", s.handle(s.handleProgramme))
		r.Get("/units", s.handle(s.handleUnits))
		r.Get("/units/export.csv", s.handle(s.handleUnitsExport))

		// Training evidence: everyone signed in sees sessions and counts;
		// names are filtered per role on the page.
		r.Get("/programmes/{id}/sessions", s.handle(s.handleTrainingSessions))
		r.Get("/programmes/{id}/sessions/{sessionID}", s.handle(s.handleTrainingSession))
		r.Get("/programmes/{id}/persons", s.handle(s.handlePersons))
		r.Get("/programmes/{id}/consultations", s.handle(s.handleConsultations))
		r.Get("/programmes/{id}/meetings", s.handle(s.handleMeetings))
		r.Get("/programmes/{id}/meetings/{meetingID}", s.handle(s.handleMeeting))
		r.Get("/programmes/{id}/practices", s.handle(s.handlePractices))
		r.Get("/programmes/{id}/practices/zestaw.pdf", s.handle(s.handlePracticeSet))
		r.Get("/programmes/{id}/practices/{practiceID}", s.handle(s.handlePractice))

		// Products and acceptance protocols: everyone signed in reads them;
		// unit managers only their own units' (unitAccess).
		r.Get("/programmes/{id}/products", s.handle(s.handleProducts))
		r.Get("/programmes/{id}/products/{productID}", s.handle(s.handleProduct))
		r.Get("/programmes/{id}/products/{productID}/files/{fileID}", s.handle(s.handleProductFile))
		r.Get("/programmes/{id}/protocols", s.handle(s.handleProtocols))
		r.Get("/programmes/{id}/protocols/{protocolID}", s.handle(s.handleProtocol))
		r.Get("/programmes/{id}/protocols/{protocolID}/protokol.pdf", s.handle(s.handleProtocolPDF))
		r.Get("/programmes/{id}/protocols/{protocolID}/files/{fileID}", s.handle(s.handleProtocolFile))

		// Indicators computed from the evidence, reports: everyone signed
		// in; unit managers see their own units' evidence in drill-downs.
		r.Get("/programmes/{id}/indicators", s.handle(s.handleDashboard))
		r.Get("/programmes/{id}/indicators/{indicatorID}", s.handle(s.handleIndicator))
		r.Get("/programmes/{id}/indicators/{indicatorID}/files/{fileID}", s.handle(s.handleManualValueFile))
		r.Get("/programmes/{id}/units/{unitID}", s.handle(s.handleUnitView))
		r.Get("/programmes/{id}/report", s.handle(s.handleReport))

		// The lists as CSV, with the same query as the page (the same
		// permission; names in the participants' only for roles that see
		// them, unit managers only their units').
		r.Get("/programmes/export.csv", s.handle(s.handleProgrammesExport))
		r.Get("/programmes/{id}/sessions/export.csv", s.handle(s.handleTrainingSessionsExport))
		r.Get("/programmes/{id}/consultations/export.csv", s.handle(s.handleConsultationsExport))
		r.Get("/programmes/{id}/meetings/export.csv", s.handle(s.handleMeetingsExport))
		r.Get("/programmes/{id}/products/export.csv", s.handle(s.handleProductsExport))
		r.Get("/programmes/{id}/protocols/export.csv", s.handle(s.handleProtocolsExport))
		r.Get("/programmes/{id}/persons/export.csv", s.handle(s.handlePersonsListExport))
	})

	// Survey results (issue 16, results part): everyone signed in with
	// PermSurveyResults; a unit manager only the waves of own units, other
	// units anonymised in comparisons; open answers for PermOpenAnswers.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermSurveyResults))
		r.Get("/programmes/{id}/surveys", s.handle(s.handleSurveys))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/results", s.handle(s.handleSurveyWaveResults))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/results/raport.pdf", s.handle(s.handleSurveyWaveReport))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/responses.csv", s.handle(s.handleSurveyResponsesExport("csv")))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/responses.xlsx", s.handle(s.handleSurveyResponsesExport("xlsx")))
		r.Get("/programmes/{id}/surveys/compare", s.handle(s.handleSurveyCompare))
		r.Get("/programmes/{id}/surveys/benchmark", s.handle(s.handleSurveyBenchmark))
	})

	// Closing periods and manual indicator values: administrators and
	// coordinators; reopening a closed period: administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermClosePeriod))
		r.Post("/programmes/{id}/periods/{period}/close", s.handle(s.handleClosePeriod))
		r.Post("/programmes/{id}/periods/{period}/close/confirm", s.handle(s.handleClosePeriodConfirm))
		r.Post("/programmes/{id}/indicators/{indicatorID}/values", s.handle(s.handleManualValue))
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermReopenPeriod))
		r.Post("/programmes/{id}/periods/{period}/reopen", s.handle(s.handleReopenPeriod))
	})
	// The participant list for the funder: personal data, audited.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermExportPersons))
		r.Get("/programmes/{id}/report/participants", s.handle(s.handlePersonsExport))
	})

	// Preparing protocols and tracking products: experts, coordinators and
	// administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermPrepareProtocol))
		r.Post("/programmes/{id}/products/{productID}", s.handle(s.handleProductSave))
		r.Post("/programmes/{id}/products/{productID}/files", s.handle(s.handleProductFileUpload))
		r.Post("/programmes/{id}/products/{productID}/files/{fileID}/delete", s.handle(s.handleProductFileDelete))
		r.Get("/programmes/{id}/protocols/new", s.handle(s.handleProtocolNew))
		r.Post("/programmes/{id}/protocols", s.handle(s.handleProtocolSave))
		r.Get("/programmes/{id}/protocols/{protocolID}/edit", s.handle(s.handleProtocolEdit))
		r.Post("/programmes/{id}/protocols/{protocolID}", s.handle(s.handleProtocolSave))
		r.Post("/programmes/{id}/protocols/{protocolID}/delete", s.handle(s.handleProtocolStep(domain.ActDelete)))
		r.Post("/programmes/{id}/protocols/{protocolID}/submit", s.handle(s.handleProtocolStep(domain.ActSubmit)))
		r.Post("/programmes/{id}/protocols/{protocolID}/withdraw", s.handle(s.handleProtocolStep(domain.ActWithdraw)))
		r.Post("/programmes/{id}/protocols/{protocolID}/new-version", s.handle(s.handleProtocolStep(domain.ActNewVersion)))
	})

	// Deciding on a protocol: only unit managers, and only for their units
	// (checked in the handler and again in the store).
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermSignProtocol))
		r.Post("/programmes/{id}/protocols/{protocolID}/decide", s.handle(s.handleProtocolDecide))
	})

	// Recording a decision signed on paper: coordinators and administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRecordPaper))
		r.Post("/programmes/{id}/protocols/{protocolID}/paper", s.handle(s.handleProtocolPaper))
		// The second pair of eyes (never the one who recorded it: the store).
		r.Post("/programmes/{id}/protocols/{protocolID}/paper/confirm", s.handle(s.handlePaperConfirm))
	})

	// The unit manager's objection to a paper record of their unit, and an
	// administrator's decision on it.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermObjectPaper))
		r.Post("/programmes/{id}/protocols/{protocolID}/paper/object", s.handle(s.handlePaperObject))
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermDecideObjection))
		r.Post("/programmes/{id}/protocols/{protocolID}/paper/objection", s.handle(s.handlePaperObjection))
	})

	// Consultations, meetings and the good-practice register: experts,
	// coordinators and administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRecordWork))
		r.Get("/programmes/{id}/consultations/new", s.handle(s.handleConsultationNew))
		r.Post("/programmes/{id}/consultations", s.handle(s.handleConsultationSave))
		r.Get("/programmes/{id}/consultations/{consultationID}/edit", s.handle(s.handleConsultationEdit))
		r.Post("/programmes/{id}/consultations/{consultationID}", s.handle(s.handleConsultationSave))
		r.Get("/programmes/{id}/meetings/new", s.handle(s.handleMeetingNew))
		r.Post("/programmes/{id}/meetings", s.handle(s.handleMeetingSave))
		r.Get("/programmes/{id}/meetings/{meetingID}/edit", s.handle(s.handleMeetingEdit))
		r.Post("/programmes/{id}/meetings/{meetingID}", s.handle(s.handleMeetingSave))
		r.Post("/programmes/{id}/meetings/{meetingID}/scans", s.handle(s.handleMeetingScanUpload))
		r.Get("/programmes/{id}/practices/new", s.handle(s.handlePracticeNew))
		r.Post("/programmes/{id}/practices", s.handle(s.handlePracticeSave))
		r.Get("/programmes/{id}/practices/{practiceID}/edit", s.handle(s.handlePracticeEdit))
		r.Post("/programmes/{id}/practices/{practiceID}", s.handle(s.handlePracticeSave))
	})

	// Names and scans leave the application: roles that may see names.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermSeeNames))
		r.Get("/programmes/{id}/sessions/{sessionID}/lista.pdf", s.handle(s.handleAttendancePDF))
		r.Get("/programmes/{id}/sessions/{sessionID}/scans/{fileID}", s.handle(s.handleTrainingSessionScanDownload))
		r.Get("/programmes/{id}/meetings/{meetingID}/scans/{fileID}", s.handle(s.handleMeetingScanDownload))
	})

	// The audit trail: administrators and viewers.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermViewAudit))
		r.Get("/audit", s.handle(s.handleAudit))
		r.Get("/audit/{entity}/{recordID}", s.handle(s.handleRecordHistory))
	})

	// Recording training sessions: administrators and coordinators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRecordTraining))
		r.Get("/programmes/{id}/sessions/new", s.handle(s.handleTrainingSessionNew))
		r.Post("/programmes/{id}/sessions", s.handle(s.handleTrainingSessionCreate))
		r.Get("/programmes/{id}/sessions/{sessionID}/edit", s.handle(s.handleTrainingSessionEdit))
		r.Post("/programmes/{id}/sessions/{sessionID}", s.handle(s.handleTrainingSessionUpdate))
		r.Post("/programmes/{id}/sessions/{sessionID}/attendance", s.handle(s.handleAttendance))
		r.Post("/programmes/{id}/sessions/{sessionID}/participants", s.handle(s.handleParticipantAdd))
		r.Get("/programmes/{id}/sessions/{sessionID}/participants/search", s.handle(s.handleParticipantSearch))
		r.Post("/programmes/{id}/sessions/{sessionID}/participants/{personID}/remove", s.handle(s.handleParticipantRemove))
		r.Post("/programmes/{id}/sessions/{sessionID}/scans", s.handle(s.handleTrainingSessionScanUpload))
		r.Get("/programmes/{id}/sessions/{sessionID}/import", s.handle(s.handleAttendanceImportPage))
		r.Get("/programmes/{id}/sessions/{sessionID}/import/wzor.csv", s.handle(s.handleAttendanceImportSample))
		r.Post("/programmes/{id}/sessions/{sessionID}/import", s.handle(s.handleAttendanceImportPreview))
		r.Post("/programmes/{id}/sessions/{sessionID}/import/confirm", s.handle(s.handleAttendanceImportConfirm))
		r.Get("/programmes/{id}/persons/{personID}/edit", s.handle(s.handlePersonEdit))
		r.Post("/programmes/{id}/persons/{personID}", s.handle(s.handlePersonUpdate))
		r.Post("/programmes/{id}/persons/{personID}/merge", s.handle(s.handlePersonMerge))
	})

	// Changing the plan: administrators and coordinators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermEditPlan))
		r.Get("/programmes/new", s.handle(s.handleProgrammeNew))
		r.Post("/programmes", s.handle(s.handleProgrammeCreate))
		r.Get("/programmes/{id}/edit", s.handle(s.handleProgrammeEdit))
		r.Post("/programmes/{id}", s.handle(s.handleProgrammeUpdate))
		r.Post("/programmes/{id}/archive", s.handle(s.handleProgrammeArchive(true)))
		r.Post("/programmes/{id}/unarchive", s.handle(s.handleProgrammeArchive(false)))
		r.Get("/programmes/{id}/units", s.handle(s.handleParticipations))
		r.Get("/programmes/{id}/units/export.csv", s.handle(s.handleParticipationsExport))
		r.Post("/programmes/{id}/units", s.handle(s.handleParticipationSave))
		r.Post("/programmes/{id}/units/many", s.handle(s.handleParticipationsMany))
		r.Post("/programmes/{id}/units/{unitID}/delete", s.handle(s.handleParticipationDelete))

		r.Get("/programmes/{id}/tasks/new", s.handle(s.handleTaskNew))
		r.Post("/programmes/{id}/tasks", s.handle(s.handleTaskSave))
		r.Get("/programmes/{id}/tasks/{taskID}/edit", s.handle(s.handleTaskEdit))
		r.Post("/programmes/{id}/tasks/{taskID}", s.handle(s.handleTaskSave))
		r.Post("/programmes/{id}/tasks/{taskID}/delete", s.handle(s.handleTaskDelete))

		r.Get("/programmes/{id}/trainings/new", s.handle(s.handleTrainingNew))
		r.Post("/programmes/{id}/trainings", s.handle(s.handleTrainingSave))
		r.Get("/programmes/{id}/trainings/{trainingID}/edit", s.handle(s.handleTrainingEdit))
		r.Post("/programmes/{id}/trainings/{trainingID}", s.handle(s.handleTrainingSave))
		r.Post("/programmes/{id}/trainings/{trainingID}/delete", s.handle(s.handleTrainingDelete))

		r.Get("/programmes/{id}/periods", s.handle(s.handlePeriods))
		r.Post("/programmes/{id}/periods", s.handle(s.handlePeriodsSave))
		r.Get("/programmes/{id}/indicators/new", s.handle(s.handleIndicatorNew))
		r.Post("/programmes/{id}/indicators", s.handle(s.handleIndicatorSave))
		r.Get("/programmes/{id}/indicators/{indicatorID}/edit", s.handle(s.handleIndicatorEdit))
		r.Post("/programmes/{id}/indicators/{indicatorID}", s.handle(s.handleIndicatorSave))
		r.Post("/programmes/{id}/indicators/{indicatorID}/delete", s.handle(s.handleIndicatorDelete))

		r.Get("/units/new", s.handle(s.handleUnitNew))
		r.Post("/units", s.handle(s.handleUnitSave))
		r.Get("/units/{unitID}/edit", s.handle(s.handleUnitEdit))
		r.Post("/units/{unitID}", s.handle(s.handleUnitSave))
		r.Post("/units/{unitID}/archive", s.handle(s.handleUnitArchive(true)))
		r.Post("/units/{unitID}/unarchive", s.handle(s.handleUnitArchive(false)))
		r.Get("/units/import", s.handle(s.handleUnitImportPage))
		r.Get("/units/import/sample.csv", s.handle(s.handleUnitImportSample))
		r.Post("/units/import", s.handle(s.handleUnitImportPreview))
		r.Post("/units/import/confirm", s.handle(s.handleUnitImportConfirm))
	})

	// A programme's team: administrators and the programme's coordinators
	// (programmeScope and programmeFromURL keep others out).
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermManageTeam))
		r.Get("/programmes/{id}/team", s.handle(s.handleTeam))
		r.Post("/programmes/{id}/team", s.handle(s.handleTeamAdd))
		r.Post("/programmes/{id}/team/{userID}/remove", s.handle(s.handleTeamRemove))
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
		r.Post("/admin/users/{id}/second-factor/reset", s.handle(s.handleUserFactorsReset))
	})

	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermVerify))
		r.Get("/admin/integrity", s.handle(s.handleIntegrity))
	})

	// The e-mails the local SMTP sink received: administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermReadMail))
		r.Get("/admin/mail", s.handle(s.handleMailList))
		r.Get("/admin/mail/{messageID}", s.handle(s.handleMailMessage))
	})

	// The accessibility statement's content and the answers to requests:
	// administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermManageAccessibility))
		r.Get("/admin/accessibility", s.handle(s.handleStatementEdit))
		r.Post("/admin/accessibility", s.handle(s.handleStatementSave))
		r.Get("/admin/accessibility/requests", s.handle(s.handleA11yRequests))
		r.Get("/admin/accessibility/requests/{requestID}", s.handle(s.handleA11yRequest))
		r.Post("/admin/accessibility/requests/{requestID}", s.handle(s.handleA11yRequestSave))
	})

	// Satisfaction surveys, the coordinator's work: questionnaires, waves,
	// the paper form and its key-in, validation batches, closing.
	// Administrators and coordinators (programmeScope: their programmes).
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRunSurveys))
		r.Get("/programmes/{id}/surveys/questionnaires/new", s.handle(s.handleQuestionnaireNew))
		r.Post("/programmes/{id}/surveys/questionnaires", s.handle(s.handleQuestionnaireSave))
		r.Get("/programmes/{id}/surveys/questionnaires/{questionnaireID}/edit", s.handle(s.handleQuestionnaireEdit))
		r.Post("/programmes/{id}/surveys/questionnaires/{questionnaireID}", s.handle(s.handleQuestionnaireSave))
		r.Get("/programmes/{id}/surveys/questionnaires/{questionnaireID}/versions/{version}", s.handle(s.handleQuestionnaireVersion))
		r.Get("/programmes/{id}/surveys/waves/new", s.handle(s.handleWaveNew))
		r.Post("/programmes/{id}/surveys/waves", s.handle(s.handleWaveCreate))
		r.Get("/programmes/{id}/surveys/waves/{waveID}", s.handle(s.handleWave))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/ankieta.pdf", s.handle(s.handleWaveSheetPDF))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/close/confirm", s.handle(s.handleWaveCloseConfirm))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/close", s.handle(s.handleWaveClose))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/key", s.handle(s.handleWaveKeyPage(false)))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/key", s.handle(s.handleWaveKey(false)))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/key/second", s.handle(s.handleWaveKeyPage(true)))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/key/second", s.handle(s.handleWaveKey(true)))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/key/report", s.handle(s.handleKeyingReport))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/validation", s.handle(s.handleWaveValidation))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/validation", s.handle(s.handleWaveBatch))
	})

	// Surveys (issue 16), survey invitations: personal invitations with
	// anonymous answers, and reminders; administrators and coordinators
	// (surveys_invitations.go).
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRunSurveys))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/invitations", s.handle(s.handleSurveyInvitations))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/invitations", s.handle(s.handleSurveyInvite))
		r.Get("/programmes/{id}/surveys/waves/{waveID}/invitations/remind", s.handle(s.handleSurveyRemindConfirm))
		r.Post("/programmes/{id}/surveys/waves/{waveID}/invitations/remind", s.handle(s.handleSurveyRemind))
	})

	// CAF self-assessment (issue 17). Everyone who takes part in CAF
	// (PermCAFResults: every role) reaches these addresses; what each may
	// do with one assessment is decided by domain.CAFRightsOf (cafFromURL
	// and cafRequire, caf.go): 403 otherwise.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermCAFResults))
		r.Get("/programmes/{id}/caf", s.handle(s.handleCAF))
		r.Get("/programmes/{id}/caf/benchmark", s.handle(s.handleCAFBenchmark))
		r.Get("/programmes/{id}/caf/{assessmentID}", s.handle(s.handleCAFAssessment))
		r.Get("/programmes/{id}/caf/{assessmentID}/scoring", s.handle(s.handleCAFScoring))
		r.Get("/programmes/{id}/caf/{assessmentID}/scoring/{sub}", s.handle(s.handleCAFScoreForm))
		r.Post("/programmes/{id}/caf/{assessmentID}/scoring/submit", s.handle(s.handleCAFScoringSubmit))
		r.Post("/programmes/{id}/caf/{assessmentID}/scoring/{sub}", s.handle(s.handleCAFScoreSave))
		r.Post("/programmes/{id}/caf/{assessmentID}/scoring/{sub}/files", s.handle(s.handleCAFScoreFileAdd))
		r.Post("/programmes/{id}/caf/{assessmentID}/scoring/{sub}/files/{fileID}/delete", s.handle(s.handleCAFScoreFileRemove))
		r.Get("/programmes/{id}/caf/{assessmentID}/files/{fileID}", s.handle(s.handleCAFFile))
		r.Post("/programmes/{id}/caf/{assessmentID}/consensus/open", s.handle(s.handleCAFConsensusOpen))
		r.Get("/programmes/{id}/caf/{assessmentID}/consensus", s.handle(s.handleCAFConsensus))
		r.Post("/programmes/{id}/caf/{assessmentID}/consensus/submit", s.handle(s.handleCAFConsensusSubmit))
		r.Get("/programmes/{id}/caf/{assessmentID}/consensus/{sub}", s.handle(s.handleCAFConsensusForm))
		r.Post("/programmes/{id}/caf/{assessmentID}/consensus/{sub}", s.handle(s.handleCAFConsensusSave))
		r.Post("/programmes/{id}/caf/{assessmentID}/correction", s.handle(s.handleCAFCorrect))
		r.Get("/programmes/{id}/caf/{assessmentID}/versions/{versionID}", s.handle(s.handleCAFVersion))
		r.Get("/programmes/{id}/caf/{assessmentID}/report", s.handle(s.handleCAFReport))
		r.Get("/programmes/{id}/caf/{assessmentID}/raport.pdf", s.handle(s.handleCAFReportPDF))
		r.Get("/programmes/{id}/caf/{assessmentID}/plan", s.handle(s.handleCAFPlan))
		r.Get("/programmes/{id}/caf/{assessmentID}/plan/new", s.handle(s.handleCAFActionNew))
		r.Post("/programmes/{id}/caf/{assessmentID}/plan", s.handle(s.handleCAFActionCreate))
		r.Get("/programmes/{id}/caf/{assessmentID}/plan/{actionID}/edit", s.handle(s.handleCAFActionEdit))
		r.Post("/programmes/{id}/caf/{assessmentID}/plan/{actionID}", s.handle(s.handleCAFActionUpdate))
	})
	// Opening an assessment and setting its group: the programme's
	// facilitators (coordinators, experts, administrators).
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermRunCAF))
		r.Get("/programmes/{id}/caf/new", s.handle(s.handleCAFNew))
		r.Post("/programmes/{id}/caf", s.handle(s.handleCAFCreate))
		r.Get("/programmes/{id}/caf/{assessmentID}/edit", s.handle(s.handleCAFEdit))
		r.Post("/programmes/{id}/caf/{assessmentID}", s.handle(s.handleCAFUpdate))
	})
	// The unit manager's signature of the consensus, and the unit's consent
	// to be named in benchlearning.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermSignCAF))
		r.Get("/programmes/{id}/caf/{assessmentID}/sign", s.handle(s.handleCAFSignPage))
		r.Post("/programmes/{id}/caf/{assessmentID}/sign", s.handle(s.handleCAFSign))
		r.Post("/programmes/{id}/caf/{assessmentID}/return", s.handle(s.handleCAFReturn))
		r.Post("/programmes/{id}/caf/consent/{unitID}", s.handle(s.handleCAFConsent))
	})
	// Benchmarking across programmes: administrators.
	r.Group(func(r chi.Router) {
		r.Use(s.require(domain.PermCAFAcross))
		r.Get("/caf/benchmark", s.handle(s.handleCAFBenchmarkAll))
	})
	return r
}
