package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"kaizen/web/paths"
)

// builders maps every builder of web/paths to the route it must land on.
var builders = []struct {
	fn    any
	route string
}{
	{paths.Home, "/"},
	{paths.Login, "/login"},
	{paths.PublicSurvey, "/ankieta/{key}"},
	{paths.PublicSurveyThanks, "/ankieta/{key}/dziekujemy"},
	{paths.Logout, "/logout"},
	{paths.AccountPassword, "/account/password"},
	{paths.SecondStep, "/login/second-step"},
	{paths.SecondStepPasskey, "/login/second-step/passkey"},
	{paths.SecondStepCancel, "/login/second-step/cancel"},
	{paths.AccountSecurity, "/account/security"},
	{paths.AccountTOTP, "/account/security/totp"},
	{paths.AccountTOTPDelete, "/account/security/totp/delete"},
	{paths.AccountPasskeys, "/account/security/passkeys"},
	{paths.AccountPasskeyDelete, "/account/security/passkeys/{passkeyID}/delete"},
	{paths.AccountRecoveryCodes, "/account/security/recovery-codes"},
	{paths.AccountChallenge, "/account/security/challenge"},
	{paths.AccessibilityStatement, "/deklaracja-dostepnosci"},
	{paths.AccessibilityRequestForm, "/deklaracja-dostepnosci/zadanie"},
	{paths.AccessibilityRequestSent, "/deklaracja-dostepnosci/zadanie/wyslane"},
	{paths.AdminAccessibility, "/admin/accessibility"},
	{paths.AdminAccessibilityRequests, "/admin/accessibility/requests"},
	{paths.AdminAccessibilityRequest, "/admin/accessibility/requests/{requestID}"},

	{paths.Programmes, "/programmes"},
	{paths.ProgrammeNew, "/programmes/new"},
	{paths.Programme, "/programmes/{id}"},
	{paths.ProgrammeEdit, "/programmes/{id}/edit"},
	{paths.ProgrammeArchive, "/programmes/{id}/archive"},
	{paths.ProgrammeUnarchive, "/programmes/{id}/unarchive"},
	{paths.Participations, "/programmes/{id}/units"},
	{paths.ParticipationsMany, "/programmes/{id}/units/many"},
	{paths.ParticipationDelete, "/programmes/{id}/units/{unitID}/delete"},
	{paths.ProgrammeTeam, "/programmes/{id}/team"},
	{paths.ProgrammeTeamRemove, "/programmes/{id}/team/{userID}/remove"},
	{paths.SurveyInvitations, "/programmes/{id}/surveys/waves/{waveID}/invitations"},
	{paths.SurveyInvitationsRemind, "/programmes/{id}/surveys/waves/{waveID}/invitations/remind"},
	{paths.ProgrammeUnit, "/programmes/{id}/units/{unitID}"},
	{paths.Tasks, "/programmes/{id}/tasks"},
	{paths.TaskNew, "/programmes/{id}/tasks/new"},
	{paths.Task, "/programmes/{id}/tasks/{taskID}"},
	{paths.TaskEdit, "/programmes/{id}/tasks/{taskID}/edit"},
	{paths.TaskDelete, "/programmes/{id}/tasks/{taskID}/delete"},
	{paths.Trainings, "/programmes/{id}/trainings"},
	{paths.TrainingNew, "/programmes/{id}/trainings/new"},
	{paths.Training, "/programmes/{id}/trainings/{trainingID}"},
	{paths.TrainingEdit, "/programmes/{id}/trainings/{trainingID}/edit"},
	{paths.TrainingDelete, "/programmes/{id}/trainings/{trainingID}/delete"},

	{paths.Periods, "/programmes/{id}/periods"},
	{paths.PeriodClose, "/programmes/{id}/periods/{period}/close"},
	{paths.PeriodCloseConfirm, "/programmes/{id}/periods/{period}/close/confirm"},
	{paths.PeriodReopen, "/programmes/{id}/periods/{period}/reopen"},
	{paths.Indicators, "/programmes/{id}/indicators"},
	{paths.IndicatorNew, "/programmes/{id}/indicators/new"},
	{paths.Indicator, "/programmes/{id}/indicators/{indicatorID}"},
	{paths.IndicatorEdit, "/programmes/{id}/indicators/{indicatorID}/edit"},
	{paths.IndicatorDelete, "/programmes/{id}/indicators/{indicatorID}/delete"},
	{paths.IndicatorValues, "/programmes/{id}/indicators/{indicatorID}/values"},
	{paths.IndicatorFile, "/programmes/{id}/indicators/{indicatorID}/files/{fileID}"},
	{paths.Report, "/programmes/{id}/report"},
	{paths.ReportParticipants, "/programmes/{id}/report/participants"},

	{paths.TrainingSessions, "/programmes/{id}/sessions"},
	{paths.TrainingSessionNew, "/programmes/{id}/sessions/new"},
	{paths.TrainingSession, "/programmes/{id}/sessions/{sessionID}"},
	{paths.TrainingSessionEdit, "/programmes/{id}/sessions/{sessionID}/edit"},
	{paths.TrainingSessionAttendance, "/programmes/{id}/sessions/{sessionID}/attendance"},
	{paths.TrainingSessionParticipants, "/programmes/{id}/sessions/{sessionID}/participants"},
	{paths.TrainingSessionParticipantSearch, "/programmes/{id}/sessions/{sessionID}/participants/search"},
	{paths.TrainingSessionParticipantRemove, "/programmes/{id}/sessions/{sessionID}/participants/{personID}/remove"},
	{paths.TrainingSessionScans, "/programmes/{id}/sessions/{sessionID}/scans"},
	{paths.TrainingSessionScan, "/programmes/{id}/sessions/{sessionID}/scans/{fileID}"},
	{paths.TrainingSessionAttendancePDF, "/programmes/{id}/sessions/{sessionID}/lista.pdf"},
	{paths.TrainingSessionImport, "/programmes/{id}/sessions/{sessionID}/import"},
	{paths.TrainingSessionImportSample, "/programmes/{id}/sessions/{sessionID}/import/wzor.csv"},
	{paths.TrainingSessionImportConfirm, "/programmes/{id}/sessions/{sessionID}/import/confirm"},
	{paths.Persons, "/programmes/{id}/persons"},
	{paths.Person, "/programmes/{id}/persons/{personID}"},
	{paths.PersonEdit, "/programmes/{id}/persons/{personID}/edit"},
	{paths.PersonMerge, "/programmes/{id}/persons/{personID}/merge"},

	{paths.Consultations, "/programmes/{id}/consultations"},
	{paths.ConsultationNew, "/programmes/{id}/consultations/new"},
	{paths.Consultation, "/programmes/{id}/consultations/{consultationID}"},
	{paths.ConsultationEdit, "/programmes/{id}/consultations/{consultationID}/edit"},
	{paths.Meetings, "/programmes/{id}/meetings"},
	{paths.MeetingNew, "/programmes/{id}/meetings/new"},
	{paths.Meeting, "/programmes/{id}/meetings/{meetingID}"},
	{paths.MeetingEdit, "/programmes/{id}/meetings/{meetingID}/edit"},
	{paths.MeetingScans, "/programmes/{id}/meetings/{meetingID}/scans"},
	{paths.MeetingScan, "/programmes/{id}/meetings/{meetingID}/scans/{fileID}"},
	{paths.Practices, "/programmes/{id}/practices"},
	{paths.PracticeNew, "/programmes/{id}/practices/new"},
	{paths.PracticeSet, "/programmes/{id}/practices/zestaw.pdf"},
	{paths.Practice, "/programmes/{id}/practices/{practiceID}"},
	{paths.PracticeEdit, "/programmes/{id}/practices/{practiceID}/edit"},

	{paths.Products, "/programmes/{id}/products"},
	{paths.Product, "/programmes/{id}/products/{productID}"},
	{paths.ProductFiles, "/programmes/{id}/products/{productID}/files"},
	{paths.ProductFile, "/programmes/{id}/products/{productID}/files/{fileID}"},
	{paths.ProductFileDelete, "/programmes/{id}/products/{productID}/files/{fileID}/delete"},
	{paths.Protocols, "/programmes/{id}/protocols"},
	{paths.ProtocolNew, "/programmes/{id}/protocols/new"},
	{paths.Protocol, "/programmes/{id}/protocols/{protocolID}"},
	{paths.ProtocolEdit, "/programmes/{id}/protocols/{protocolID}/edit"},
	{paths.ProtocolPDF, "/programmes/{id}/protocols/{protocolID}/protokol.pdf"},
	{paths.ProtocolFile, "/programmes/{id}/protocols/{protocolID}/files/{fileID}"},
	{paths.ProtocolDelete, "/programmes/{id}/protocols/{protocolID}/delete"},
	{paths.ProtocolSubmit, "/programmes/{id}/protocols/{protocolID}/submit"},
	{paths.ProtocolWithdraw, "/programmes/{id}/protocols/{protocolID}/withdraw"},
	{paths.ProtocolNewVersion, "/programmes/{id}/protocols/{protocolID}/new-version"},
	{paths.ProtocolDecide, "/programmes/{id}/protocols/{protocolID}/decide"},
	{paths.ProtocolPaper, "/programmes/{id}/protocols/{protocolID}/paper"},
	{paths.ProtocolPaperConfirm, "/programmes/{id}/protocols/{protocolID}/paper/confirm"},
	{paths.ProtocolPaperObject, "/programmes/{id}/protocols/{protocolID}/paper/object"},
	{paths.ProtocolPaperObjection, "/programmes/{id}/protocols/{protocolID}/paper/objection"},

	{paths.Units, "/units"},
	{paths.UnitNew, "/units/new"},
	{paths.Unit, "/units/{unitID}"},
	{paths.UnitEdit, "/units/{unitID}/edit"},
	{paths.UnitArchive, "/units/{unitID}/archive"},
	{paths.UnitUnarchive, "/units/{unitID}/unarchive"},
	{paths.UnitsExport, "/units/export.csv"},

	// The lists as CSV.
	{paths.ProgrammesExport, "/programmes/export.csv"},
	{paths.ParticipationsExport, "/programmes/{id}/units/export.csv"},
	{paths.TrainingSessionsExport, "/programmes/{id}/sessions/export.csv"},
	{paths.ConsultationsExport, "/programmes/{id}/consultations/export.csv"},
	{paths.MeetingsExport, "/programmes/{id}/meetings/export.csv"},
	{paths.ProductsExport, "/programmes/{id}/products/export.csv"},
	{paths.ProtocolsExport, "/programmes/{id}/protocols/export.csv"},
	{paths.PersonsExport, "/programmes/{id}/persons/export.csv"},

	// Satisfaction surveys: the coordinator's work.
	{paths.Surveys, "/programmes/{id}/surveys"},
	{paths.Questionnaires, "/programmes/{id}/surveys/questionnaires"},
	{paths.QuestionnaireNew, "/programmes/{id}/surveys/questionnaires/new"},
	{paths.Questionnaire, "/programmes/{id}/surveys/questionnaires/{questionnaireID}"},
	{paths.QuestionnaireEdit, "/programmes/{id}/surveys/questionnaires/{questionnaireID}/edit"},
	{paths.QuestionnaireVersion, "/programmes/{id}/surveys/questionnaires/{questionnaireID}/versions/{version}"},
	{paths.Waves, "/programmes/{id}/surveys/waves"},
	{paths.WaveNew, "/programmes/{id}/surveys/waves/new"},
	{paths.Wave, "/programmes/{id}/surveys/waves/{waveID}"},
	{paths.WaveSheetPDF, "/programmes/{id}/surveys/waves/{waveID}/ankieta.pdf"},
	{paths.WaveCloseConfirm, "/programmes/{id}/surveys/waves/{waveID}/close/confirm"},
	{paths.WaveClose, "/programmes/{id}/surveys/waves/{waveID}/close"},
	{paths.WaveKey, "/programmes/{id}/surveys/waves/{waveID}/key"},
	{paths.WaveSecondKey, "/programmes/{id}/surveys/waves/{waveID}/key/second"},
	{paths.WaveKeyingReport, "/programmes/{id}/surveys/waves/{waveID}/key/report"},
	{paths.WaveValidation, "/programmes/{id}/surveys/waves/{waveID}/validation"},
	{paths.UnitsImport, "/units/import"},
	{paths.UnitsImportSample, "/units/import/sample.csv"},
	{paths.UnitsImportConfirm, "/units/import/confirm"},

	{paths.Users, "/admin/users"},
	{paths.UserNew, "/admin/users/new"},
	{paths.User, "/admin/users/{id}"},
	{paths.UserPassword, "/admin/users/{id}/password"},
	{paths.UserDeactivate, "/admin/users/{id}/deactivate"},
	{paths.UserActivate, "/admin/users/{id}/activate"},
	{paths.UserFactorsReset, "/admin/users/{id}/second-factor/reset"},
	{paths.Audit, "/audit"},
	{paths.RecordHistory, "/audit/{entity}/{recordID}"},
	{paths.Integrity, "/admin/integrity"},
	{paths.AdminMail, "/admin/mail"},
	{paths.AdminMailMessage, "/admin/mail/{messageID}"},
	{paths.AccountNotices, "/account/notices"},
	// Survey results.
	{paths.SurveyWaveResults, "/programmes/{id}/surveys/waves/{waveID}/results"},
	{paths.SurveyWaveReport, "/programmes/{id}/surveys/waves/{waveID}/results/raport.pdf"},
	{paths.SurveyResponsesCSV, "/programmes/{id}/surveys/waves/{waveID}/responses.csv"},
	{paths.SurveyResponsesXLSX, "/programmes/{id}/surveys/waves/{waveID}/responses.xlsx"},
	{paths.SurveyCompare, "/programmes/{id}/surveys/compare"},
	{paths.SurveyBenchmark, "/programmes/{id}/surveys/benchmark"},
	// CAF self-assessment.
	{paths.CAF, "/programmes/{id}/caf"},
	{paths.CAFNew, "/programmes/{id}/caf/new"},
	{paths.CAFAssessment, "/programmes/{id}/caf/{assessmentID}"},
	{paths.CAFEdit, "/programmes/{id}/caf/{assessmentID}/edit"},
	{paths.CAFScoring, "/programmes/{id}/caf/{assessmentID}/scoring"},
	{paths.CAFScore, "/programmes/{id}/caf/{assessmentID}/scoring/{sub}"},
	{paths.CAFScoringSubmit, "/programmes/{id}/caf/{assessmentID}/scoring/submit"},
	{paths.CAFScoreFiles, "/programmes/{id}/caf/{assessmentID}/scoring/{sub}/files"},
	{paths.CAFScoreFileDelete, "/programmes/{id}/caf/{assessmentID}/scoring/{sub}/files/{fileID}/delete"},
	{paths.CAFFile, "/programmes/{id}/caf/{assessmentID}/files/{fileID}"},
	{paths.CAFConsensusOpen, "/programmes/{id}/caf/{assessmentID}/consensus/open"},
	{paths.CAFConsensus, "/programmes/{id}/caf/{assessmentID}/consensus"},
	{paths.CAFConsensusScore, "/programmes/{id}/caf/{assessmentID}/consensus/{sub}"},
	{paths.CAFConsensusSubmit, "/programmes/{id}/caf/{assessmentID}/consensus/submit"},
	{paths.CAFSign, "/programmes/{id}/caf/{assessmentID}/sign"},
	{paths.CAFReturn, "/programmes/{id}/caf/{assessmentID}/return"},
	{paths.CAFCorrection, "/programmes/{id}/caf/{assessmentID}/correction"},
	{paths.CAFVersion, "/programmes/{id}/caf/{assessmentID}/versions/{versionID}"},
	{paths.CAFReport, "/programmes/{id}/caf/{assessmentID}/report"},
	{paths.CAFReportPDF, "/programmes/{id}/caf/{assessmentID}/raport.pdf"},
	{paths.CAFPlan, "/programmes/{id}/caf/{assessmentID}/plan"},
	{paths.CAFActionNew, "/programmes/{id}/caf/{assessmentID}/plan/new"},
	{paths.CAFAction, "/programmes/{id}/caf/{assessmentID}/plan/{actionID}"},
	{paths.CAFActionEdit, "/programmes/{id}/caf/{assessmentID}/plan/{actionID}/edit"},
	{paths.CAFBenchmark, "/programmes/{id}/caf/benchmark"},
	{paths.CAFConsent, "/programmes/{id}/caf/consent/{unitID}"},
	{paths.CAFBenchmarkAll, "/caf/benchmark"},
}

// notBuilt are routes no page links to and no handler redirects to.
var notBuilt = map[string]bool{"/healthz": true, "/readyz": true, "/static/*": true}

func builderName(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	return name[strings.LastIndex(name, ".")+1:]
}

// TestPathsMatchRoutes builds every address with distinct sample ids and
// asks the router which route it reaches: it must be the builder's route,
// with each id in its own parameter, so a builder that drifts from
// routes.go (a renamed segment, swapped ids, a route gone) fails here.
func TestPathsMatchRoutes(t *testing.T) {
	mux, ok := (&Server{sessions: scs.New()}).Handler().(chi.Routes)
	if !ok {
		t.Fatal("Handler is not a chi router")
	}
	registered := map[string]bool{}
	if err := chi.Walk(mux, func(_, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		registered[route] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	reached := map[string]bool{}
	for _, b := range builders {
		name := builderName(b.fn)
		t.Run(name, func(t *testing.T) {
			fn := reflect.ValueOf(b.fn)
			var args []reflect.Value
			var want []string
			for i := range fn.Type().NumIn() {
				switch fn.Type().In(i).Kind() {
				case reflect.Int64:
					n := int64(11 * (i + 1))
					args = append(args, reflect.ValueOf(n))
					want = append(want, strconv.FormatInt(n, 10))
				case reflect.String:
					s := "x" + strconv.Itoa(i+1)
					args = append(args, reflect.ValueOf(s))
					want = append(want, s)
				default:
					t.Fatalf("builder argument of type %s", fn.Type().In(i))
				}
			}
			path := fn.Call(args)[0].String()
			if !registered[b.route] {
				t.Fatalf("route %s is not registered in routes.go", b.route)
			}
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				rctx := chi.NewRouteContext()
				if mux.Find(rctx, method, path) != b.route {
					continue
				}
				// The route's own parameters are the last ones found.
				got := rctx.URLParams.Values[len(rctx.URLParams.Values)-len(want):]
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s reaches %s with parameters %v, want %v", path, b.route, got, want)
				}
				reached[b.route] = true
				return
			}
			t.Fatalf("%s does not reach %s (GET or POST)", path, b.route)
		})
	}
	for route := range registered {
		if !reached[route] && !notBuilt[route] {
			t.Errorf("route %s has no builder in web/paths", route)
		}
	}
}

// TestPathsAllListed makes sure every exported function of web/paths is in
// the table above, so a new builder cannot skip the route check.
func TestPathsAllListed(t *testing.T) {
	listed := map[string]bool{}
	for _, b := range builders {
		listed[builderName(b.fn)] = true
	}
	const dir = "../../web/paths"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				n++
				if !listed[fd.Name.Name] {
					t.Errorf("paths.%s is not in the builders table of paths_internal_test.go", fd.Name.Name)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no builders found in web/paths")
	}
}
