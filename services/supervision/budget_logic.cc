#include "services/supervision/budget_logic.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"

namespace renda::supervision {
namespace {

constexpr int64_t kMaxAmountFen = 1'000'000'000'000'000;  // 10^15 fen: ten trillion yuan
constexpr int kMaxLines = 500;

absl::string_view StageName(v1::BudgetStage stage) {
  switch (stage) {
    case v1::BUDGET_STAGE_THEMATIC_REVIEW:
      return "the thematic review";
    case v1::BUDGET_STAGE_PRELIMINARY_REVIEW:
      return "the preliminary review";
    case v1::BUDGET_STAGE_SESSION_REVIEW:
      return "the session review";
    default:
      return "no stage";
  }
}

int64_t TotalOf(const v1::BudgetDraft& draft) {
  int64_t total = 0;
  for (const auto& line : draft.lines()) total += line.amount_fen();
  return total;
}

// The id of a draft from its name (the last segment of congresses/{c}/budgetDrafts/{d}).
std::string DraftIdOf(absl::string_view draft_name) {
  const size_t slash = draft_name.rfind('/');
  return std::string(slash == absl::string_view::npos ? draft_name : draft_name.substr(slash + 1));
}

}  // namespace

void ValidateDraftFields(const v1::BudgetDraft& draft, Validator& v) {
  v.Text("budget_draft.title", draft.title(), 200, true);
  if (draft.fiscal_year() == 0) {
    v.Add("budget_draft.fiscal_year", "is required");
  } else {
    v.Range("budget_draft.fiscal_year", draft.fiscal_year(), 2000, 2100, false);
  }
  if (!draft.finance_department().empty()) v.Id("budget_draft.finance_department", draft.finance_department(), false);
  if (draft.lines().empty()) v.Add("budget_draft.lines", "a draft has at least one line");
  if (draft.lines_size() > kMaxLines) v.Add("budget_draft.lines", "a draft has at most 500 lines");
  for (int i = 0; i < draft.lines_size() && i < kMaxLines; ++i) {
    const auto& line = draft.lines(i);
    const std::string at = absl::StrCat("budget_draft.lines[", i, "]");
    v.Id(at + ".department", line.department(), true)
        .Text(at + ".department_name", line.department_name(), 128, false)
        .Text(at + ".item", line.item(), 200, true)
        .Range(at + ".amount_fen", line.amount_fen(), 0, kMaxAmountFen, true);
  }
}

v1::BudgetDraft NewDraft(const v1::BudgetDraft& input, const std::string& name, absl::Time now) {
  v1::BudgetDraft draft;
  draft.set_name(name);
  draft.set_title(input.title());
  draft.set_fiscal_year(input.fiscal_year());
  draft.set_finance_department(input.finance_department());
  for (int i = 0; i < input.lines_size(); ++i) {
    v1::BudgetLine* line = draft.add_lines();
    line->set_line_id(std::to_string(i + 1));
    line->set_department(input.lines(i).department());
    line->set_department_name(input.lines(i).department_name());
    line->set_item(input.lines(i).item());
    line->set_amount_fen(input.lines(i).amount_fen());
  }
  draft.set_total_fen(TotalOf(draft));
  draft.set_state(v1::BUDGET_DRAFT_STATE_PREPARING);
  *draft.mutable_create_time() = ToProtoTime(now);
  *draft.mutable_update_time() = ToProtoTime(now);
  return draft;
}

std::string DraftYearIndex(int year) { return absl::StrCat("budgets:year:", year); }

std::vector<std::string> DraftIndexes(const v1::BudgetDraft& draft) {
  return {"budgets", DraftYearIndex(draft.fiscal_year())};
}

absl::StatusOr<v1::BudgetDraft> ApplyOpenStage(const v1::BudgetDraft& draft, v1::BudgetStage stage, absl::Time now) {
  const int want = static_cast<int>(draft.stage()) + 1;
  if (draft.stage_open() || draft.state() == v1::BUDGET_DRAFT_STATE_REVIEWED || static_cast<int>(stage) != want) {
    std::string why = draft.stage_open() ? absl::StrCat(StageName(draft.stage()), " is still open; close it first")
                      : draft.state() == v1::BUDGET_DRAFT_STATE_REVIEWED
                          ? std::string("the review is over")
                          : absl::StrCat("the next stage is ", StageName(static_cast<v1::BudgetStage>(want)));
    return MakeError(absl::StatusCode::kFailedPrecondition, "BUDGET_STAGE_OUT_OF_ORDER",
                     absl::StrCat("cannot open ", StageName(stage), " of ", draft.name(), ": ", why));
  }
  v1::BudgetDraft next = draft;
  next.set_stage(stage);
  next.set_stage_open(true);
  next.set_state(v1::BUDGET_DRAFT_STATE_IN_REVIEW);
  for (auto& line : *next.mutable_lines()) {
    v1::BudgetStageAmount* at = line.add_stage_amounts();
    at->set_stage(stage);
    at->set_amount_fen(line.amount_fen());
  }
  v1::BudgetStageAmount* total = next.add_stage_totals();
  total->set_stage(stage);
  total->set_amount_fen(next.total_fen());
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<v1::BudgetDraft> ApplyCloseStage(const v1::BudgetDraft& draft, absl::Time now) {
  if (!draft.stage_open()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "BUDGET_STAGE_NOT_OPEN",
                     absl::StrCat(draft.name(), " has no stage open"));
  }
  v1::BudgetDraft next = draft;
  next.set_stage_open(false);
  if (draft.stage() == v1::BUDGET_STAGE_SESSION_REVIEW) next.set_state(v1::BUDGET_DRAFT_STATE_REVIEWED);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

void ValidateRevisions(const v1::ReviseBudgetDraftRequest& req, Validator& v) {
  if (req.revisions().empty()) v.Add("revisions", "give at least one revised line");
  if (req.revisions_size() > kMaxLines) v.Add("revisions", "at most 500 revisions at once");
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < req.revisions_size() && i < kMaxLines; ++i) {
    const auto& r = req.revisions(i);
    const std::string at = absl::StrCat("revisions[", i, "]");
    if (r.line_id().empty()) v.Add(at + ".line_id", "is required");
    if (!seen.insert(r.line_id()).second) v.Add(at + ".line_id", "names a line revised twice");
    v.Range(at + ".amount_fen", r.amount_fen(), 0, kMaxAmountFen, true).Text(at + ".note", r.note(), 500, false);
  }
}

absl::StatusOr<v1::BudgetDraft> ApplyRevisions(
    const v1::BudgetDraft& draft, const google::protobuf::RepeatedPtrField<v1::BudgetLineRevision>& revisions,
    absl::Time now) {
  if (draft.state() != v1::BUDGET_DRAFT_STATE_IN_REVIEW || draft.stage_open() ||
      draft.stage() == v1::BUDGET_STAGE_SESSION_REVIEW) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "BUDGET_NOT_BETWEEN_STAGES",
        absl::StrCat(draft.name(), " is revised only between two stages: after one closes and before the next opens"));
  }
  absl::flat_hash_map<std::string, int> index;
  for (int i = 0; i < draft.lines_size(); ++i) index[draft.lines(i).line_id()] = i;
  std::vector<FieldViolation> unknown;
  for (int i = 0; i < revisions.size(); ++i) {
    if (!index.contains(revisions[i].line_id())) {
      unknown.push_back({absl::StrCat("revisions[", i, "].line_id"), "is not a line of the draft"});
    }
  }
  if (!unknown.empty()) return InvalidRequest(unknown);
  v1::BudgetDraft next = draft;
  for (const auto& r : revisions) {
    v1::BudgetLine* line = next.mutable_lines(index[r.line_id()]);
    line->set_amount_fen(r.amount_fen());
    line->set_revision_note(r.note());
  }
  next.set_total_fen(TotalOf(next));
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckTakesOpinions(const v1::BudgetDraft& draft) {
  if (draft.stage_open()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kFailedPrecondition, "BUDGET_STAGE_NOT_OPEN",
                   absl::StrCat(draft.name(), " takes opinions only while a review stage is open"));
}

const v1::BudgetLine* FindLine(const v1::BudgetDraft& draft, absl::string_view line_id) {
  for (const auto& line : draft.lines()) {
    if (line.line_id() == line_id) return &line;
  }
  return nullptr;
}

v1::BudgetOpinion NewOpinion(const v1::BudgetDraft& draft, const v1::GiveBudgetOpinionRequest& req,
                             const std::string& name, const std::string& deputy, absl::Time now) {
  v1::BudgetOpinion opinion;
  opinion.set_name(name);
  opinion.set_budget_draft(draft.name());
  opinion.set_line_id(req.line_id());
  opinion.set_stage(draft.stage());
  opinion.set_deputy(deputy);
  opinion.set_text(req.text());
  *opinion.mutable_create_time() = ToProtoTime(now);
  *opinion.mutable_update_time() = ToProtoTime(now);
  return opinion;
}

std::string OpinionDraftIndex(absl::string_view draft_id) { return absl::StrCat("bops:draft:", draft_id); }
std::string OpinionDeputyIndex(absl::string_view draft_id, absl::string_view deputy) {
  return absl::StrCat("bops:draft:", draft_id, ":deputy:", deputy);
}
std::string OpinionStageIndex(absl::string_view draft_id, v1::BudgetStage stage) {
  return absl::StrCat("bops:draft:", draft_id, ":stage:", static_cast<int>(stage));
}
std::string OpinionUnansweredIndex(absl::string_view draft_id) {
  return absl::StrCat("bops:draft:", draft_id, ":unanswered");
}

std::vector<std::string> OpinionIndexes(const v1::BudgetOpinion& opinion) {
  const std::string draft = DraftIdOf(opinion.budget_draft());
  std::vector<std::string> out = {OpinionDraftIndex(draft), OpinionDeputyIndex(draft, opinion.deputy()),
                                  OpinionStageIndex(draft, opinion.stage())};
  if (!opinion.has_answer()) out.push_back(OpinionUnansweredIndex(draft));
  return out;
}

bool UnitMayAnswer(const v1::BudgetDraft& draft, const v1::BudgetOpinion& opinion, absl::string_view unit) {
  if (unit.empty()) return false;
  if (opinion.line_id().empty()) return draft.finance_department() == unit;
  const v1::BudgetLine* line = FindLine(draft, opinion.line_id());
  return line != nullptr && line->department() == unit;
}

absl::StatusOr<v1::BudgetOpinion> ApplyAnswer(const v1::BudgetOpinion& opinion, const std::string& text,
                                              const std::string& answered_by, const std::string& unit, absl::Time now) {
  if (opinion.has_answer()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "OPINION_ALREADY_ANSWERED",
                     absl::StrCat(opinion.name(), " was already answered"));
  }
  v1::BudgetOpinion next = opinion;
  auto* answer = next.mutable_answer();
  answer->set_text(text);
  answer->set_answered_by(answered_by);
  answer->set_unit(unit);
  *answer->mutable_answer_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

std::vector<v1::BudgetOpinionTrace> TraceOpinions(const v1::BudgetDraft& draft,
                                                  const std::vector<v1::BudgetOpinion>& opinions) {
  std::vector<v1::BudgetOpinionTrace> out;
  out.reserve(opinions.size());
  for (const auto& opinion : opinions) {
    v1::BudgetOpinionTrace trace;
    *trace.mutable_opinion() = opinion;
    if (opinion.line_id().empty()) {
      *trace.mutable_stage_amounts() = draft.stage_totals();
      trace.set_amount_fen(draft.total_fen());
    } else if (const v1::BudgetLine* line = FindLine(draft, opinion.line_id())) {
      trace.set_item(line->item());
      *trace.mutable_stage_amounts() = line->stage_amounts();
      trace.set_amount_fen(line->amount_fen());
    }
    out.push_back(std::move(trace));
  }
  return out;
}

}  // namespace renda::supervision
