#pragma once
// Pure rules of the budget review by deputies (预算草案"三审"): what a valid draft is, the three
// stages in order (each records the amounts it reviewed), revisions between stages, opinions
// on a line or the whole draft and who may answer them, and what became of a deputy's opinions.
// No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/budget.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

inline constexpr char kBudgetDraftCollection[] = "budgetDrafts";
inline constexpr char kBudgetOpinionCollection[] = "budgetOpinions";

// Checks the fields a client may set on create; paths start with "budget_draft.".
void ValidateDraftFields(const v1::BudgetDraft& draft, Validator& v);
// The draft as first stored: lines numbered "1", "2", ..., the total, PREPARING.
v1::BudgetDraft NewDraft(const v1::BudgetDraft& input, const std::string& name, absl::Time now);
std::vector<std::string> DraftIndexes(const v1::BudgetDraft& draft);
std::string DraftYearIndex(int year);

// Opening stage `stage`: the one after the last, none open, not yet reviewed; records each
// line's amount and the total at that stage.
absl::StatusOr<v1::BudgetDraft> ApplyOpenStage(const v1::BudgetDraft& draft, v1::BudgetStage stage, absl::Time now);
// Closing the open stage; after the session review the draft is REVIEWED.
absl::StatusOr<v1::BudgetDraft> ApplyCloseStage(const v1::BudgetDraft& draft, absl::Time now);
// Checks revisions against the draft (known lines, each once, amounts in range), recording
// violations under "revisions[i]".
void ValidateRevisions(const v1::ReviseBudgetDraftRequest& req, Validator& v);
// Revised amounts, only between two stages.
absl::StatusOr<v1::BudgetDraft> ApplyRevisions(
    const v1::BudgetDraft& draft, const google::protobuf::RepeatedPtrField<v1::BudgetLineRevision>& revisions,
    absl::Time now);

// OK while a stage is open to opinions.
absl::Status CheckTakesOpinions(const v1::BudgetDraft& draft);
// The line `line_id` of the draft, or nullptr.
const v1::BudgetLine* FindLine(const v1::BudgetDraft& draft, absl::string_view line_id);
v1::BudgetOpinion NewOpinion(const v1::BudgetDraft& draft, const v1::GiveBudgetOpinionRequest& req,
                             const std::string& name, const std::string& deputy, absl::Time now);
std::vector<std::string> OpinionIndexes(const v1::BudgetOpinion& opinion);
// Index names for listing a draft's opinions (by id of the draft).
std::string OpinionDraftIndex(absl::string_view draft_id);
std::string OpinionDeputyIndex(absl::string_view draft_id, absl::string_view deputy);
std::string OpinionStageIndex(absl::string_view draft_id, v1::BudgetStage stage);
std::string OpinionUnansweredIndex(absl::string_view draft_id);

// Whether a handling unit `unit` may answer `opinion` on `draft`: the line's department, or the
// draft's finance department for the whole draft.
bool UnitMayAnswer(const v1::BudgetDraft& draft, const v1::BudgetOpinion& opinion, absl::string_view unit);
// Answering an opinion, once.
absl::StatusOr<v1::BudgetOpinion> ApplyAnswer(const v1::BudgetOpinion& opinion, const std::string& text,
                                              const std::string& answered_by, const std::string& unit, absl::Time now);

// Each opinion with what became of it: its line's amounts (the totals for the whole draft).
std::vector<v1::BudgetOpinionTrace> TraceOpinions(const v1::BudgetDraft& draft,
                                                  const std::vector<v1::BudgetOpinion>& opinions);

}  // namespace renda::supervision
