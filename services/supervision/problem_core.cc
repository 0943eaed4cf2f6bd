#include "services/supervision/problem_core.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/validation.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {

const Roles kReviewerRoles = {Role::kStaff, Role::kLeader, Role::kAdmin};
constexpr int kMaxProblems = 100;
constexpr size_t kMaxProblemsPerItem = 1000;
constexpr int kMaxNote = 5000;
constexpr int kMaxReport = 20000;
constexpr char kLabel[] = "problem";
constexpr char kCollection[] = "problems";

ListQuery ProblemsOfItem(const std::string& congress, const std::string& item_id) {
  ListQuery q;
  q.congress = congress;
  q.indexes = {ItemProblemsIndex(item_id)};
  return q;
}

}  // namespace

const AccessTable& ProblemAccess() {
  static const AccessTable* table = new AccessTable{
      {"IssueProblems", kReviewerRoles},
      {"GetProblem", kSignedIn},
      {"ListProblems", kSignedIn},
      {"SubmitRectification", {Role::kHandlingUnit}},
      {"ReviewRectification", kReviewerRoles},
      {"RecordLookBack", kReviewerRoles},
  };
  return *table;
}

Task<absl::StatusOr<v1::IssueProblemsResponse>> ProblemCore::IssueProblems(const Caller& caller,
                                                                           const v1::IssueProblemsRequest& req) {
  Validator v;
  const ResourceName item = ParseResourceName("parent", req.parent(), store_->items.kind().collection, v);
  const absl::Time now = runtime_.clock->Now();
  if (req.problems_size() == 0 || req.problems_size() > kMaxProblems) {
    v.Add("problems", absl::StrCat("issue 1 to ", kMaxProblems, " problems"));
  }
  for (int i = 0; i < req.problems_size(); ++i) {
    ValidateProblemFields(absl::StrCat("problems[", i, "]."), req.problems(i), item.congress, ChinaDayOf(now), v);
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, item.congress));
  // Each unit registered and active, each opinion known to intake: checked before anything is
  // written.
  std::set<std::string> units;
  std::vector<std::string> opinions;
  for (int i = 0; i < req.problems_size(); ++i) {
    if (units.insert(req.problems(i).responsible_unit()).second) {
      CO_RETURN_IF_ERROR(co_await runtime_.registry->CheckUnit(item.congress, req.problems(i).responsible_unit(),
                                                               absl::StrCat("problems[", i, "].responsible_unit")));
    }
    for (const auto& o : req.problems(i).opinions()) opinions.push_back(o);
  }
  if (!opinions.empty()) {
    CO_ASSIGN_OR_RETURN(auto missing, co_await peers_->MissingOpinions(item.congress, opinions));
    if (!missing.empty()) {
      Validator unknown;
      for (int i = 0; i < req.problems_size(); ++i) {
        for (int j = 0; j < req.problems(i).opinions_size(); ++j) {
          if (std::find(missing.begin(), missing.end(), req.problems(i).opinions(j)) != missing.end()) {
            unknown.Add(absl::StrCat("problems[", i, "].opinions[", j, "]"),
                        absl::StrCat(req.problems(i).opinions(j), " is not an opinion the intake service knows"));
          }
        }
      }
      co_return unknown.status();
    }
  }
  const WriteOrigin origin = OriginOf(caller, req, now);
  std::vector<Problem> issued;
  v1::IssueProblemsResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(),
                      co_await store_->items.UpdateNamed(
                          req.parent(), "", origin,
                          [&](const v1::SupervisionItem& current) {
                            return ApplyIssue(current, req.problems_size(), caller.subject(), now);
                          },
                          [&](const v1::SupervisionItem& current,
                              const v1::SupervisionItem&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
                            // The problems are numbered after those the item has; a second issue in between
                            // moved the item on, which refuses this write.
                            issued.clear();
                            std::vector<EntityStore::EntityWrite> writes;
                            for (int i = 0; i < req.problems_size(); ++i) {
                              const std::string name = ResourceNameOf(
                                  item.congress, kCollection, ProblemId(item.id, current.problem_count() + i + 1));
                              issued.push_back(NewProblem(req.problems(i), name, req.parent(), caller.subject(), now));
                              writes.push_back(store_->problems.Created(issued.back(), origin));
                            }
                            return writes;
                          }));
  if (issued.empty()) {
    // A replayed request: the item as first answered, and its problems as they are now.
    CO_ASSIGN_OR_RETURN(issued, co_await store_->problems.ListAll(ProblemsOfItem(item.congress, item.id),
                                                                  kMaxProblemsPerItem, req.parent()));
  }
  for (auto& p : issued) *resp.add_problems() = std::move(p);
  co_return resp;
}

Task<absl::StatusOr<v1::GetProblemResponse>> ProblemCore::GetProblem(const Caller& caller,
                                                                     const v1::GetProblemRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto problem, co_await store_->problems.Get(name.congress, name.id));
  // Another unit's problem looks absent to a unit.
  if (UnitMayNotSee(caller, problem.responsible_unit())) co_return NotFound(kLabel, req.name());
  v1::GetProblemResponse resp;
  *resp.mutable_problem() = std::move(problem);
  co_return resp;
}

Task<absl::StatusOr<v1::ListProblemsResponse>> ProblemCore::ListProblems(const Caller& caller,
                                                                         const v1::ListProblemsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListProblems(req, congress, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  std::string unit = req.responsible_unit();
  if (ActsOnlyForOwnUnit(caller)) {
    if (!unit.empty() && unit != caller.claims.unit_id) {
      co_return MakeError(absl::StatusCode::kPermissionDenied, "OTHER_UNITS_PROBLEMS",
                          absl::StrCat("a handling unit lists only its own problems (", caller.claims.unit_id, ")"));
    }
    unit = caller.claims.unit_id;
  }
  ListQuery query = PageQuery(congress, ListProblemsIndexes(req, unit), ListProblemsScope(req, unit), req);
  co_return co_await store_->problems.ListInto(*runtime_.page_tokens, std::move(query),
                                               &v1::ListProblemsResponse::mutable_problems);
}

Task<absl::StatusOr<Problem>> ProblemCore::ChangeProblem(Caller caller, WriteOrigin origin, ResourceName name,
                                                         std::string etag, Mutate mutate) {
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->problems.FirstAnswer(name.congress, origin));
  if (first.has_value()) co_return *std::move(first);
  co_return co_await RetryOnConflict(etag.empty() ? 3 : 1, [&]() -> Task<absl::StatusOr<Problem>> {
    return ChangeProblemOnce(caller, origin, name, etag, mutate);
  });
}

Task<absl::StatusOr<Problem>> ProblemCore::ChangeProblemOnce(const Caller& caller, const WriteOrigin& origin,
                                                             const ResourceName& name, const std::string& etag,
                                                             const Mutate& mutate) {
  const std::string full = ResourceNameOf(name.congress, kCollection, name.id);
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->problems.Read(name.congress, name.id));
  if (UnitMayNotSee(caller, current.entity.responsible_unit())) co_return NotFound(kLabel, full);
  CO_RETURN_IF_ERROR(CheckEtag(full, etag, current.version));
  CO_ASSIGN_OR_RETURN(Problem next, mutate(current.entity));
  CO_ASSIGN_OR_RETURN(auto item, co_await store_->items.ReadNamed(current.entity.item()));
  CO_ASSIGN_OR_RETURN(auto siblings, co_await store_->problems.ListAll(
                                         ProblemsOfItem(name.congress, SplitEntityName(item.entity.name()).id),
                                         kMaxProblemsPerItem, item.entity.name()));
  std::vector<EntityStore::EntityWrite> writes;
  writes.push_back(store_->problems.Changed(next, current, origin));
  std::vector<Problem> after;
  for (auto& s : siblings) {
    if (s.name() == next.name()) {
      after.push_back(next);
      continue;
    }
    writes.push_back(store_->problems.Checked(Versioned<Problem>{s, std::stoll(s.etag()), {}}));
    after.push_back(std::move(s));
  }
  std::optional<v1::SupervisionItem> followed = FollowProblems(item.entity, TallyProblems(after), origin.now);
  if (followed.has_value()) {
    writes.push_back(store_->items.Changed(*followed, item, origin));
  } else {
    writes.push_back(store_->items.Checked(item));
  }
  co_return co_await store_->problems.Commit(std::move(next), origin, std::move(writes));
}

Task<absl::StatusOr<v1::SubmitRectificationResponse>> ProblemCore::SubmitRectification(
    const Caller& caller, const v1::SubmitRectificationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Text("report", req.report(), kMaxReport, true).RequestId("request_id", req.request_id());
  ValidateEvidence("evidence", req.evidence(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::SubmitRectificationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_problem(),
                      co_await ChangeProblem(caller, OriginOf(caller, req, now), name, "", [&](const Problem& p) {
                        return ApplySubmitRectification(p, req.report(), req.evidence(), caller.subject(), now);
                      }));
  co_return resp;
}

Task<absl::StatusOr<v1::ReviewRectificationResponse>> ProblemCore::ReviewRectification(
    const Caller& caller, const v1::ReviewRectificationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  const absl::Time now = runtime_.clock->Now();
  v.Text("reason", req.reason(), kMaxNote, !req.accept()).RequestId("request_id", req.request_id());
  if (req.accept()) {
    CheckDate("look_back_date", req.look_back_date(), true, ChinaDayOf(now), v);
  } else {
    CheckDate("new_deadline", req.new_deadline(), false, ChinaDayOf(now), v);
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::ReviewRectificationResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_problem(),
      co_await ChangeProblem(caller, OriginOf(caller, req, now), name, req.etag(), [&](const Problem& p) {
        return ApplyReviewRectification(p, req.accept(), req.reason(), req.look_back_date(), req.new_deadline(),
                                        caller.subject(), now);
      }));
  co_return resp;
}

Task<absl::StatusOr<v1::RecordLookBackResponse>> ProblemCore::RecordLookBack(const Caller& caller,
                                                                             const v1::RecordLookBackRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  const absl::Time now = runtime_.clock->Now();
  v.Text("note", req.note(), kMaxNote, !req.confirmed()).RequestId("request_id", req.request_id());
  if (!req.confirmed()) CheckDate("new_deadline", req.new_deadline(), true, ChinaDayOf(now), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::RecordLookBackResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_problem(),
                      co_await ChangeProblem(caller, OriginOf(caller, req, now), name, "", [&](const Problem& p) {
                        return ApplyLookBack(p, req.confirmed(), req.note(), req.new_deadline(), caller.subject(), now);
                      }));
  co_return resp;
}

}  // namespace renda::supervision
