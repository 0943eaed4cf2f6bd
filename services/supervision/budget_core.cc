#include "services/supervision/budget_core.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/supervision/budget_logic.h"

namespace renda::supervision {
namespace {

using v1::BudgetDraft;
using v1::BudgetOpinion;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kAnswerers = {Role::kStaff, Role::kAdmin, Role::kHandlingUnit};
const Roles kTracers = {Role::kDeputy, Role::kStaff, Role::kLeader, Role::kAdmin};
constexpr int kConflictAttempts = 5;
constexpr size_t kMaxTraced = 1000;

bool IsStaff(const Caller& caller) { return caller.Has(Role::kStaff) || caller.Has(Role::kAdmin); }

// A draft-changing RPC: parse the name, then one read-modify-write of the draft by `apply`.
template <class Request, class Apply>
Task<absl::StatusOr<BudgetDraft>> ChangeDraft(const SupervisionStore* store, const Caller& caller, const Request& req,
                                              Validator v, absl::Time now, Apply apply) {
  const ResourceName name = ParseResourceName("name", req.name(), kBudgetDraftCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  co_return co_await store->budget_drafts.Update(name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                                                 [&](const BudgetDraft& d) { return apply(d); });
}

// One attempt at an opinion: the draft open to opinions and the line known, then the opinion
// with a check that the draft is still at the version read.
Task<absl::StatusOr<BudgetOpinion>> GiveOnce(const SupervisionStore* store, v1::GiveBudgetOpinionRequest req,
                                             std::string name, std::string deputy, WriteOrigin origin) {
  CO_ASSIGN_OR_RETURN(auto draft, co_await store->budget_drafts.ReadNamed(req.budget_draft()));
  CO_RETURN_IF_ERROR(CheckTakesOpinions(draft.entity));
  if (!req.line_id().empty() && FindLine(draft.entity, req.line_id()) == nullptr) {
    const std::vector<FieldViolation> bad = {{"line_id", absl::StrCat("is not a line of ", req.budget_draft())}};
    co_return InvalidRequest(bad);
  }
  BudgetOpinion opinion = NewOpinion(draft.entity, req, name, deputy, origin.now);
  std::vector<EntityStore::EntityWrite> also;
  also.push_back(store->budget_drafts.Checked(draft));
  co_return co_await store->budget_opinions.Create(std::move(opinion), origin, std::move(also));
}

}  // namespace

const AccessTable& BudgetAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateBudgetDraft", kStaffRoles},     {"GetBudgetDraft", kSignedIn},       {"ListBudgetDrafts", kSignedIn},
      {"OpenBudgetStage", kStaffRoles},       {"CloseBudgetStage", kStaffRoles},   {"ReviseBudgetDraft", kStaffRoles},
      {"GiveBudgetOpinion", {Role::kDeputy}}, {"AnswerBudgetOpinion", kAnswerers}, {"ListBudgetOpinions", kSignedIn},
      {"TraceBudgetOpinions", kTracers},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateBudgetDraftResponse>> BudgetCore::CreateBudgetDraft(
    const Caller& caller, const v1::CreateBudgetDraftRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateDraftFields(req.budget_draft(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string name = store_->budget_drafts.kind().NameOf(congress, NewTimeOrderedId(now));
  v1::CreateBudgetDraftResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_budget_draft(),
      co_await store_->budget_drafts.Create(NewDraft(req.budget_draft(), name, now), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetBudgetDraftResponse>> BudgetCore::GetBudgetDraft(const Caller& caller,
                                                                            const v1::GetBudgetDraftRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kBudgetDraftCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetBudgetDraftResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_draft(), co_await store_->budget_drafts.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListBudgetDraftsResponse>> BudgetCore::ListBudgetDrafts(
    const Caller& caller, const v1::ListBudgetDraftsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 100).Range("fiscal_year", req.fiscal_year(), 2000, 2100, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const std::string index = req.fiscal_year() == 0 ? std::string("budgets") : DraftYearIndex(req.fiscal_year());
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListBudgetDrafts|", req.parent(), "|", index), req);
  co_return co_await store_->budget_drafts.ListInto(*runtime_.page_tokens, std::move(query),
                                                    &v1::ListBudgetDraftsResponse::mutable_budget_drafts);
}

Task<absl::StatusOr<v1::OpenBudgetStageResponse>> BudgetCore::OpenBudgetStage(const Caller& caller,
                                                                              const v1::OpenBudgetStageRequest& req) {
  Validator v;
  v.Enum("stage", req.stage(), v1::BudgetStage_descriptor(), true);
  const absl::Time now = runtime_.clock->Now();
  const v1::BudgetStage stage = req.stage();
  v1::OpenBudgetStageResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_draft(),
                      co_await ChangeDraft(store_, caller, req, std::move(v), now, [stage, now](const BudgetDraft& d) {
                        return ApplyOpenStage(d, stage, now);
                      }));
  co_return resp;
}

Task<absl::StatusOr<v1::CloseBudgetStageResponse>> BudgetCore::CloseBudgetStage(
    const Caller& caller, const v1::CloseBudgetStageRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  v1::CloseBudgetStageResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_draft(),
                      co_await ChangeDraft(store_, caller, req, Validator(), now,
                                           [now](const BudgetDraft& d) { return ApplyCloseStage(d, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ReviseBudgetDraftResponse>> BudgetCore::ReviseBudgetDraft(
    const Caller& caller, const v1::ReviseBudgetDraftRequest& req) {
  Validator v;
  ValidateRevisions(req, v);
  const absl::Time now = runtime_.clock->Now();
  v1::ReviseBudgetDraftResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_draft(),
                      co_await ChangeDraft(store_, caller, req, std::move(v), now, [&req, now](const BudgetDraft& d) {
                        return ApplyRevisions(d, req.revisions(), now);
                      }));
  co_return resp;
}

Task<absl::StatusOr<v1::GiveBudgetOpinionResponse>> BudgetCore::GiveBudgetOpinion(
    const Caller& caller, const v1::GiveBudgetOpinionRequest& req) {
  Validator v;
  const ResourceName draft = ParseResourceName("budget_draft", req.budget_draft(), kBudgetDraftCollection, v);
  v.Text("line_id", req.line_id(), 16, false).Text("text", req.text(), 5000, true);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, draft.congress));
  if (caller.claims.deputy_id.empty()) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "DEPUTY_NOT_SERVING",
                        "only serving deputies give opinions; your token names no deputy");
  }
  const std::string deputy = ResourceNameOf(draft.congress, "deputies", caller.claims.deputy_id);
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::GiveBudgetOpinionResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->budget_opinions.FirstAnswer(draft.congress, origin));
  if (first.has_value()) {
    *resp.mutable_budget_opinion() = *std::move(first);
    co_return resp;
  }
  std::vector<std::string> asked = {deputy};
  CO_ASSIGN_OR_RETURN(auto facts, co_await peers_->Deputies(draft.congress, std::move(asked)));
  if (facts.empty() || !facts.front().serving) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "DEPUTY_NOT_SERVING",
                        absl::StrCat(deputy, " is not a serving deputy of ", draft.congress));
  }
  const SupervisionStore* store = store_;
  const std::string name = store_->budget_opinions.kind().NameOf(draft.congress, NewTimeOrderedId(now));
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_opinion(), co_await RetryOnConflict(kConflictAttempts, [&] {
    return GiveOnce(store, req, name, deputy, origin);
  }));
  co_return resp;
}

Task<absl::StatusOr<v1::AnswerBudgetOpinionResponse>> BudgetCore::AnswerBudgetOpinion(
    const Caller& caller, const v1::AnswerBudgetOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kBudgetOpinionCollection, v);
  v.Text("text", req.text(), 5000, true);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  std::string unit;
  if (!IsStaff(caller)) {
    // A handling unit answers for its own department only (lines never change department).
    CO_ASSIGN_OR_RETURN(auto opinion, co_await store_->budget_opinions.Get(name.congress, name.id));
    CO_ASSIGN_OR_RETURN(auto draft, co_await store_->budget_drafts.ReadNamed(opinion.budget_draft()));
    unit = caller.claims.unit_id;
    if (!UnitMayAnswer(draft.entity, opinion, unit)) {
      co_return MakeError(absl::StatusCode::kPermissionDenied, "NOT_THE_DEPARTMENT",
                          absl::StrCat(req.name(), " is answered by staff or by the department it concerns"));
    }
  }
  const std::string text = req.text();
  const std::string answered_by = caller.subject();
  v1::AnswerBudgetOpinionResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_budget_opinion(),
                      co_await store_->budget_opinions.Update(
                          name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                          [&](const BudgetOpinion& o) { return ApplyAnswer(o, text, answered_by, unit, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ListBudgetOpinionsResponse>> BudgetCore::ListBudgetOpinions(
    const Caller& caller, const v1::ListBudgetOpinionsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const ResourceName draft = ParseResourceName("budget_draft", req.budget_draft(), kBudgetDraftCollection, v);
  if (!req.deputy().empty()) ParseResourceName("deputy", req.deputy(), "deputies", v);
  v.PageSize("page_size", req.page_size(), 500).Enum("stage", req.stage(), v1::BudgetStage_descriptor(), false);
  if (!congress.empty() && !draft.congress.empty() && congress != draft.congress) {
    v.Add("budget_draft", "must be a draft of the parent congress");
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  std::vector<std::string> indexes;
  if (!req.deputy().empty()) indexes.push_back(OpinionDeputyIndex(draft.id, req.deputy()));
  if (req.stage() != v1::BUDGET_STAGE_UNSPECIFIED) indexes.push_back(OpinionStageIndex(draft.id, req.stage()));
  if (req.unanswered_only()) indexes.push_back(OpinionUnansweredIndex(draft.id));
  if (indexes.empty()) indexes.push_back(OpinionDraftIndex(draft.id));
  std::string scope = absl::StrCat("ListBudgetOpinions|", req.parent());
  for (const auto& ix : indexes) absl::StrAppend(&scope, "|", ix);
  ListQuery query = PageQuery(congress, std::move(indexes), std::move(scope), req);
  co_return co_await store_->budget_opinions.ListInto(*runtime_.page_tokens, std::move(query),
                                                      &v1::ListBudgetOpinionsResponse::mutable_budget_opinions);
}

Task<absl::StatusOr<v1::TraceBudgetOpinionsResponse>> BudgetCore::TraceBudgetOpinions(
    const Caller& caller, const v1::TraceBudgetOpinionsRequest& req) {
  Validator v;
  const ResourceName draft = ParseResourceName("budget_draft", req.budget_draft(), kBudgetDraftCollection, v);
  const bool sees_all = IsStaff(caller) || caller.Has(Role::kLeader);
  std::string deputy = req.deputy();
  if (deputy.empty() && !sees_all && !caller.claims.deputy_id.empty()) {
    deputy = ResourceNameOf(draft.congress, "deputies", caller.claims.deputy_id);
  }
  if (deputy.empty()) {
    v.Add("deputy", "is required");
  } else {
    ParseResourceName("deputy", deputy, "deputies", v);
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, draft.congress));
  if (!sees_all && deputy != ResourceNameOf(draft.congress, "deputies", caller.claims.deputy_id)) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_OPINIONS",
                        "a deputy traces their own opinions only");
  }
  CO_ASSIGN_OR_RETURN(auto read, co_await store_->budget_drafts.Get(draft.congress, draft.id));
  ListQuery query{.congress = draft.congress, .indexes = {OpinionDeputyIndex(draft.id, deputy)}};
  CO_ASSIGN_OR_RETURN(auto opinions,
                      co_await store_->budget_opinions.ListAll(std::move(query), kMaxTraced, "TraceBudgetOpinions"));
  v1::TraceBudgetOpinionsResponse resp;
  for (auto& trace : TraceOpinions(read, opinions)) *resp.add_traces() = std::move(trace);
  co_return resp;
}

}  // namespace renda::supervision
