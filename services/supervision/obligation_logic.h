#pragma once
// Pure rules of reporting obligations: what a valid obligation is, the obligation as recorded,
// its submission (late ones marked), its escalation when overdue, and its indexes. No gRPC, no
// Redis.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/obligations.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

using v1::ReportingObligation;

// Checks the fields a client may set (under "reporting_obligation."); the due date not before
// `today`.
void ValidateObligationFields(const ReportingObligation& o, absl::CivilDay today, Validator& v);
// The obligation as recorded: the client's fields, PENDING, the first history step.
ReportingObligation NewObligation(const ReportingObligation& input, const std::string& name, const std::string& actor,
                                  absl::Time now);
// The body submits the report: PENDING → SUBMITTED (late when after the due date);
// FAILED_PRECONDITION (OBLIGATION_ALREADY_SUBMITTED) otherwise.
absl::StatusOr<ReportingObligation> ApplySubmitObligation(const ReportingObligation& o,
                                                          const v1::SubmitObligationReportRequest& req,
                                                          const std::string& actor, absl::Time now);
// The obligation escalated to the level its delay calls for on `today`, when above its level
// and still owed; std::nullopt otherwise.
std::optional<ReportingObligation> ApplyObligationEscalation(const ReportingObligation& o, absl::CivilDay today,
                                                             absl::Time now);

std::vector<std::string> ObligationIndexes(const ReportingObligation& o);
std::string ObligationStateIndex(v1::ObligationState state);
void ValidateListObligations(const v1::ListReportingObligationsRequest& r, Validator& v);
std::vector<std::string> ListObligationsIndexes(const v1::ListReportingObligationsRequest& r, const std::string& body);
std::string ListObligationsScope(const v1::ListReportingObligationsRequest& r, const std::string& body);

}  // namespace renda::supervision
