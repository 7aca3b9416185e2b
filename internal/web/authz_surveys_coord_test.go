package web_test

import (
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// The authorization matrix rows of the coordinator's survey work
// (TestAuthorizationMatrix walks them with the others).
func init() {
	for k, v := range map[string]expect{
		// Satisfaction surveys, the coordinator's work: administrators and
		// coordinators (of the programme: koordynator2 gets 404). Forms sent
		// empty are 422; closing meets a closed wave (409), so the open one
		// stays open for every principal.
		"GET /programmes/{id}/surveys":                                                     surveyReaders(all(200)), // the hub: results for every role
		"GET /programmes/{id}/surveys/questionnaires/new":                                  surveyRunners(200),
		"POST /programmes/{id}/surveys/questionnaires":                                     surveyRunners(422),
		"GET /programmes/{id}/surveys/questionnaires/{questionnaireID}/edit":               surveyRunners(200),
		"POST /programmes/{id}/surveys/questionnaires/{questionnaireID}":                   surveyRunners(422),
		"GET /programmes/{id}/surveys/questionnaires/{questionnaireID}/versions/{version}": surveyRunners(200),
		"GET /programmes/{id}/surveys/waves/new":                                           surveyRunners(200),
		"POST /programmes/{id}/surveys/waves":                                              surveyRunners(422),
		"GET /programmes/{id}/surveys/waves/{waveID}":                                      surveyRunners(200),
		"GET /programmes/{id}/surveys/waves/{waveID}/ankieta.pdf":                          surveyRunners(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/close/confirm":                       surveyRunners(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/close":                               surveyRunners(409),
		"GET /programmes/{id}/surveys/waves/{waveID}/key":                                  surveyRunners(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/key":                                 surveyRunners(422),
		"GET /programmes/{id}/surveys/waves/{waveID}/key/second":                           surveyRunners(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/key/second":                          surveyRunners(422),
		"GET /programmes/{id}/surveys/waves/{waveID}/key/report":                           surveyRunners(200),
		"GET /programmes/{id}/surveys/waves/{waveID}/validation":                           surveyRunners(200),
		"POST /programmes/{id}/surveys/waves/{waveID}/validation":                          surveyRunners(422),
	} {
		matrix[k] = v
	}
}

func surveyRunners(status int) expect { return planEditors(status) }

// surveyCoordFixture makes a questionnaire of the demo programme with an
// open wave the survey routes act on, and a closed wave closing meets.
func surveyCoordFixture(t *testing.T, app *testapp.App, progParams map[string]string) {
	t.Helper()
	_, openWave, _ := surveyWaveFixture(t, app, "AUTHZ")
	closedWave := *openWave
	closedWave.ID, closedWave.Round, closedWave.Code = 0, 1, ""
	p := app.DemoProgramme(t)
	if err := app.Store.CreateWave(t.Context(), domain.Actor{Username: "test"}, &closedWave, p.Start, p.End); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CloseWave(t.Context(), domain.Actor{Username: "test"}, closedWave.ID); err != nil {
		t.Fatal(err)
	}
	progParams["{questionnaireID}"], progParams["{waveID}"], progParams["{version}"] = itoa(openWave.QuestionnaireID), itoa(openWave.ID), "1"
	pathOverride["POST /programmes/{id}/surveys/waves/{waveID}/close"] = "/programmes/{id}/surveys/waves/" + itoa(closedWave.ID) + "/close"
}
