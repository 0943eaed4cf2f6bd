#pragma once
// Pure rules of problem lists and rectification: what a valid problem is, the problem as issued,
// its lifecycle (RECTIFYING → SUBMITTED → ACCEPTED → CLOSED, a rejection or a reopening back to
// RECTIFYING any number of times) with every step in its history, its escalation when overdue,
// who may see it, and its indexes. No gRPC, no Redis.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "renda/supervision/v1/problems.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::supervision {

using v1::Problem;

// Checks one problem of an IssueProblems request (fields under `prefix`, e.g. "problems[0]."):
// the deadline not before `today`, linked opinions of `congress`.
void ValidateProblemFields(const std::string& prefix, const Problem& problem, absl::string_view congress,
                           absl::CivilDay today, Validator& v);
// Checks evidence (at most 50 pieces, each with a title) under `field`.
void ValidateEvidence(const std::string& field, const google::protobuf::RepeatedPtrField<v1::Evidence>& evidence,
                      Validator& v);

// The id of the `n`-th problem (1-based) of the item `item_id`.
std::string ProblemId(const std::string& item_id, int n);
// The problem as issued: the client's fields, RECTIFYING, the first history step.
Problem NewProblem(const Problem& input, const std::string& name, const std::string& item, const std::string& actor,
                   absl::Time now);

// The unit submits its rectification report: RECTIFYING → SUBMITTED.
absl::StatusOr<Problem> ApplySubmitRectification(const Problem& p, const std::string& report,
                                                 const google::protobuf::RepeatedPtrField<v1::Evidence>& evidence,
                                                 const std::string& actor, absl::Time now);
// Staff verify it: SUBMITTED → ACCEPTED (with the look-back date) or → RECTIFYING (with the
// reason; a new deadline when given, which also resets the escalation).
absl::StatusOr<Problem> ApplyReviewRectification(const Problem& p, bool accept, const std::string& reason,
                                                 const renda::type::v1::Date& look_back_date,
                                                 const renda::type::v1::Date& new_deadline, const std::string& actor,
                                                 absl::Time now);
// The look-back on or after its date: ACCEPTED → CLOSED (confirmed) or → RECTIFYING with a new
// deadline (reopened). FAILED_PRECONDITION LOOK_BACK_NOT_DUE before the look-back date.
absl::StatusOr<Problem> ApplyLookBack(const Problem& p, bool confirmed, const std::string& note,
                                      const renda::type::v1::Date& new_deadline, const std::string& actor,
                                      absl::Time now);
// The problem escalated to the level its delay calls for on `today`, when that is above its
// level and it is still under rectification; std::nullopt otherwise.
std::optional<Problem> ApplyProblemEscalation(const Problem& p, absl::CivilDay today, absl::Time now);

// Whether the caller is a handling unit that acts only for itself (not also staff, leader,
// admin or service), and so sees only what its unit owes.
bool ActsOnlyForOwnUnit(const Caller& caller);
// Whether such a caller may not see what unit `unit` owes.
bool UnitMayNotSee(const Caller& caller, const std::string& unit);

// The index names a problem is listed under.
std::vector<std::string> ProblemIndexes(const Problem& p);
// The index of the problems of item `item_id`.
std::string ItemProblemsIndex(const std::string& item_id);
// The index of the problems in `state`.
std::string ProblemStateIndex(v1::ProblemState state);
// Checks a list request's filters (item of `congress`) and page size.
void ValidateListProblems(const v1::ListProblemsRequest& r, absl::string_view congress, Validator& v);
// The indexes the list request must match (the unit filter given as `unit`).
std::vector<std::string> ListProblemsIndexes(const v1::ListProblemsRequest& r, const std::string& unit);
std::string ListProblemsScope(const v1::ListProblemsRequest& r, const std::string& unit);

}  // namespace renda::supervision
