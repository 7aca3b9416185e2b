package paths

import "net/url"

// CAF self-assessment (issue 17): assessments of units, individual
// scoring, consensus and its signature, report, improvement plan,
// benchmarking.

// CAF is a programme's CAF hub: the units' assessments.
func CAF(programmeID int64) string { return Programme(programmeID) + "/caf" }

// CAFNew is the form opening a unit's next assessment (POST to CAF).
func CAFNew(programmeID int64) string { return CAF(programmeID) + "/new" }

// CAFAssessment is an assessment's page (POST: its changed group and dates).
func CAFAssessment(programmeID, aID int64) string { return CAF(programmeID) + "/" + id(aID) }

// CAFEdit is the form of an assessment's group and dates.
func CAFEdit(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/edit" }

// CAFScoring is a member's own scoring: every sub-criterion with its
// progress.
func CAFScoring(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/scoring" }

// CAFScore is the form of one sub-criterion of a member's scoring (POST saves).
func CAFScore(programmeID, aID int64, sub string) string {
	return CAFScoring(programmeID, aID) + "/" + url.PathEscape(sub)
}

// CAFScoreFiles adds an evidence file to a member's scoring of a
// sub-criterion (POST, multipart).
func CAFScoreFiles(programmeID, aID int64, sub string) string {
	return CAFScore(programmeID, aID, sub) + "/files"
}

// CAFScoreFileDelete takes an evidence file off a member's scoring (POST).
func CAFScoreFileDelete(programmeID, aID int64, sub string, fileID int64) string {
	return CAFScoreFiles(programmeID, aID, sub) + "/" + id(fileID) + "/delete"
}

// CAFFile downloads an evidence file of an assessment's scoring.
func CAFFile(programmeID, aID, fileID int64) string {
	return CAFAssessment(programmeID, aID) + "/files/" + id(fileID)
}

// CAFScoringSubmit hands a member's complete scoring to the leader (POST).
func CAFScoringSubmit(programmeID, aID int64) string { return CAFScoring(programmeID, aID) + "/submit" }

// CAFConsensusOpen ends individual scoring and opens the consensus (POST).
func CAFConsensusOpen(programmeID, aID int64) string { return CAFConsensus(programmeID, aID) + "/open" }

// CAFConsensus is the consensus: the members' scores side by side.
func CAFConsensus(programmeID, aID int64) string {
	return CAFAssessment(programmeID, aID) + "/consensus"
}

// CAFConsensusScore is the form of one sub-criterion's agreed score (POST saves).
func CAFConsensusScore(programmeID, aID int64, sub string) string {
	return CAFConsensus(programmeID, aID) + "/" + url.PathEscape(sub)
}

// CAFConsensusSubmit hands the consensus to the unit's manager (POST).
func CAFConsensusSubmit(programmeID, aID int64) string {
	return CAFConsensus(programmeID, aID) + "/submit"
}

// CAFSign is the manager's signature page (POST signs).
func CAFSign(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/sign" }

// CAFReturn sends a submitted consensus back to the group (POST).
func CAFReturn(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/return" }

// CAFCorrection starts a correction of the signed consensus (POST).
func CAFCorrection(programmeID, aID int64) string {
	return CAFAssessment(programmeID, aID) + "/correction"
}

// CAFVersion is one version of an assessment's consensus.
func CAFVersion(programmeID, aID, versionID int64) string {
	return CAFAssessment(programmeID, aID) + "/versions/" + id(versionID)
}

// CAFReport is the report of an assessment's signed consensus.
func CAFReport(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/report" }

// CAFReportPDF is the report as PDF.
func CAFReportPDF(programmeID, aID int64) string {
	return CAFAssessment(programmeID, aID) + "/raport.pdf"
}

// CAFPlan is an assessment's improvement plan (POST adds an action).
func CAFPlan(programmeID, aID int64) string { return CAFAssessment(programmeID, aID) + "/plan" }

// CAFActionNew is the form of a new improvement action.
func CAFActionNew(programmeID, aID int64) string { return CAFPlan(programmeID, aID) + "/new" }

// CAFAction is an improvement action (POST saves its changes).
func CAFAction(programmeID, aID, actionID int64) string {
	return CAFPlan(programmeID, aID) + "/" + id(actionID)
}

// CAFActionEdit is the form of an improvement action.
func CAFActionEdit(programmeID, aID, actionID int64) string {
	return CAFAction(programmeID, aID, actionID) + "/edit"
}

// CAFBenchmark is the programme's benchmarking of agreed CAF scores.
func CAFBenchmark(programmeID int64) string { return CAF(programmeID) + "/benchmark" }

// CAFConsent gives or withdraws a unit's consent to be named in
// benchlearning (POST).
func CAFConsent(programmeID, unitID int64) string { return CAF(programmeID) + "/consent/" + id(unitID) }

// CAFBenchmarkAll is the administrators' benchmarking across programmes.
func CAFBenchmarkAll() string { return "/caf/benchmark" }
