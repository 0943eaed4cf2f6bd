#include "services/supervision/supervision_core.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/supervision/obligation_logic.h"
#include "services/supervision/problem_logic.h"

namespace renda::supervision {
namespace {
const Roles kPlannerRoles = {Role::kStaff, Role::kLeader, Role::kAdmin};
// At most this many open problems or owed obligations are swept in one pass of a congress.
constexpr size_t kMaxSwept = 20000;
constexpr size_t kMaxProblemsPerItem = 1000;
constexpr int kMaxItemId = 40;

// The sweep writes as this caller.
const char kSystem[] = "system";

// Every entity of `congress` in `index`.
ListQuery QueryOn(const std::string& congress, const std::string& index) {
  ListQuery q;
  q.congress = congress;
  q.indexes = {index};
  return q;
}
}  // namespace

const AccessTable& SupervisionAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateSupervisionItem", kPlannerRoles},
      {"GetSupervisionItem", kSignedIn},
      {"ListSupervisionItems", kSignedIn},
      {"AdvanceSupervisionItem", kPlannerRoles},
      {"AddItemParticipants", kPlannerRoles},
      {"SweepSupervisionDeadlines", {Role::kStaff, Role::kAdmin, Role::kService}},
  };
  return *table;
}

std::string SweepSummary(const v1::SweepSupervisionDeadlinesResponse& swept) {
  if (swept.problems_escalated() + swept.obligations_escalated() == 0) return "";
  return absl::StrCat(swept.problems_escalated(), " problems and ", swept.obligations_escalated(),
                      " reporting obligations escalated");
}

Task<absl::StatusOr<std::vector<NewParticipant>>> CheckParticipants(const Peers* peers, std::string congress,
                                                                    std::vector<std::string> deputies,
                                                                    std::string field) {
  std::vector<NewParticipant> out;
  if (deputies.empty()) co_return out;
  CO_ASSIGN_OR_RETURN(auto facts, co_await peers->Deputies(congress, deputies));
  Validator v;
  for (size_t i = 0; i < facts.size(); ++i) {
    if (!facts[i].found) {
      v.Add(absl::StrCat(field, "[", i, "]"), absl::StrCat(deputies[i], " is not a deputy of congresses/", congress));
    }
  }
  CO_RETURN_IF_ERROR(v.status());
  for (const auto& f : facts) {
    if (!f.serving) {
      co_return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_SERVING",
                          absl::StrCat(f.name, " does not serve any more; only serving deputies take part"));
    }
    out.push_back(NewParticipant{f.name, f.display_name});
  }
  co_return out;
}

Task<absl::StatusOr<v1::CreateSupervisionItemResponse>> SupervisionCore::CreateSupervisionItem(
    const Caller& caller, const v1::CreateSupervisionItemRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateItemFields(req.supervision_item(), v, congress);
  v.RequestId("request_id", req.request_id()).Id("supervision_item_id", req.supervision_item_id(), false);
  if (req.supervision_item_id().size() > kMaxItemId) v.Add("supervision_item_id", "at most 40 characters");
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  for (int i = 0; i < req.supervision_item().overseen_bodies_size(); ++i) {
    CO_RETURN_IF_ERROR(
        co_await runtime_.registry->CheckUnit(congress, req.supervision_item().overseen_bodies(i),
                                              absl::StrCat("supervision_item.overseen_bodies[", i, "]")));
  }
  std::vector<std::string> deputies;
  for (const auto& p : req.supervision_item().participants()) deputies.push_back(p.deputy());
  CO_ASSIGN_OR_RETURN(auto participants,
                      co_await CheckParticipants(peers_, congress, deputies, "supervision_item.participants"));
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.supervision_item_id().empty() ? NewTimeOrderedId(now) : req.supervision_item_id();
  v1::SupervisionItem item =
      NewItem(req.supervision_item(), store_->items.kind().NameOf(congress, id), now, caller.subject());
  item.clear_participants();
  CO_ASSIGN_OR_RETURN(item, AddParticipants(item, participants, ChinaDayOf(now), now));
  v1::CreateSupervisionItemResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(),
                      co_await store_->items.Create(std::move(item), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetSupervisionItemResponse>> SupervisionCore::GetSupervisionItem(
    const Caller& caller, const v1::GetSupervisionItemRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->items.kind().collection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetSupervisionItemResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(), co_await store_->items.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListSupervisionItemsResponse>> SupervisionCore::ListSupervisionItems(
    const Caller& caller, const v1::ListSupervisionItemsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListRequest(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query = PageQuery(congress, ListIndexes(req), ListScope(req), req);
  co_return co_await store_->items.ListInto(*runtime_.page_tokens, std::move(query),
                                            &v1::ListSupervisionItemsResponse::mutable_supervision_items);
}

Task<absl::StatusOr<v1::AdvanceSupervisionItemResponse>> SupervisionCore::AdvanceSupervisionItem(
    const Caller& caller, const v1::AdvanceSupervisionItemRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->items.kind().collection, v);
  v.Enum("target_state", req.target_state(), v1::SupervisionItemState_descriptor(), true)
      .RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  // The problems decide the moves to LOOK_BACK and CLOSED: each is checked at the version read,
  // so a problem changed in between refuses the move (and it is decided again).
  std::vector<v1::Problem> problems;
  v1::AdvanceSupervisionItemResponse resp;
  const bool needs_problems = req.target_state() == v1::SUPERVISION_ITEM_STATE_LOOK_BACK ||
                              req.target_state() == v1::SUPERVISION_ITEM_STATE_CLOSED;
  if (needs_problems) {
    CO_ASSIGN_OR_RETURN(problems, co_await store_->problems.ListAll(QueryOn(name.congress, ItemProblemsIndex(name.id)),
                                                                    kMaxProblemsPerItem, req.name()));
  }
  const ProblemTally tally = TallyProblems(problems);
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_supervision_item(),
      co_await store_->items.UpdateNamed(
          req.name(), req.etag(), origin,
          [&](const v1::SupervisionItem& current) {
            return ApplyAdvance(current, req.target_state(), req.note(), req.report(), tally, caller.subject(), now);
          },
          [&](const v1::SupervisionItem&,
              const v1::SupervisionItem&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
            std::vector<EntityStore::EntityWrite> checks;
            for (const auto& p : problems) {
              checks.push_back(store_->problems.Checked(Versioned<v1::Problem>{p, std::stoll(p.etag()), {}}));
            }
            return checks;
          },
          /*attempts=*/1));
  co_return resp;
}

Task<absl::StatusOr<v1::AddItemParticipantsResponse>> SupervisionCore::AddItemParticipants(
    const Caller& caller, const v1::AddItemParticipantsRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->items.kind().collection, v);
  if (req.deputies_size() == 0 || req.deputies_size() > 200) v.Add("deputies", "name 1 to 200 deputies");
  for (int i = 0; i < req.deputies_size(); ++i) {
    const std::string field = absl::StrCat("deputies[", i, "]");
    const ResourceName d = ParseResourceName(field, req.deputies(i), "deputies", v);
    if (!d.congress.empty() && d.congress != name.congress) v.Add(field, "must be a deputy of the item's congress");
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  std::vector<std::string> deputies(req.deputies().begin(), req.deputies().end());
  CO_ASSIGN_OR_RETURN(auto added, co_await CheckParticipants(peers_, name.congress, deputies, "deputies"));
  const absl::Time now = runtime_.clock->Now();
  v1::AddItemParticipantsResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(),
                      co_await store_->items.UpdateNamed(req.name(), "", OriginOf(caller, req, now),
                                                         [&](const v1::SupervisionItem& current) {
                                                           return AddParticipants(current, added, ChinaDayOf(now), now);
                                                         }));
  co_return resp;
}

Task<absl::StatusOr<v1::SweepSupervisionDeadlinesResponse>> SupervisionCore::SweepSupervisionDeadlines(
    const Caller& caller, const v1::SweepSupervisionDeadlinesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  co_return co_await Sweep(congress);
}

Task<absl::StatusOr<v1::SweepSupervisionDeadlinesResponse>> SupervisionCore::Sweep(std::string congress,
                                                                                   const std::atomic<bool>* stop) {
  v1::SweepSupervisionDeadlinesResponse result;
  const absl::Time now = runtime_.clock->Now();
  const absl::CivilDay today = ChinaDayOf(now);
  const WriteOrigin origin{kSystem, "", "", now};
  auto nothing_due = [] { return MakeError(absl::StatusCode::kAlreadyExists, "NOTHING_DUE", "nothing due"); };

  CO_ASSIGN_OR_RETURN(
      auto open, co_await store_->problems.ListAll(QueryOn(congress, ProblemStateIndex(v1::PROBLEM_STATE_RECTIFYING)),
                                                   kMaxSwept, "the deadline sweep"));
  for (const auto& p : open) {
    if (stop != nullptr && stop->load()) co_return result;
    if (!ApplyProblemEscalation(p, today, now).has_value()) continue;
    auto swept = co_await store_->problems.UpdateNamed(p.name(), "", origin,
                                                       [&](const v1::Problem& current) -> absl::StatusOr<v1::Problem> {
                                                         auto next = ApplyProblemEscalation(current, today, now);
                                                         if (!next.has_value()) return nothing_due();
                                                         return *std::move(next);
                                                       });
    if (swept.ok()) {
      result.set_problems_escalated(result.problems_escalated() + 1);
    } else if (swept.status().code() == absl::StatusCode::kUnavailable) {
      co_return swept.status();
    }
  }

  CO_ASSIGN_OR_RETURN(auto owed, co_await store_->obligations.ListAll(
                                     QueryOn(congress, ObligationStateIndex(v1::OBLIGATION_STATE_PENDING)), kMaxSwept,
                                     "the deadline sweep"));
  for (const auto& o : owed) {
    if (stop != nullptr && stop->load()) co_return result;
    if (!ApplyObligationEscalation(o, today, now).has_value()) continue;
    auto swept = co_await store_->obligations.UpdateNamed(
        o.name(), "", origin, [&](const v1::ReportingObligation& current) -> absl::StatusOr<v1::ReportingObligation> {
          auto next = ApplyObligationEscalation(current, today, now);
          if (!next.has_value()) return nothing_due();
          return *std::move(next);
        });
    if (swept.ok()) {
      result.set_obligations_escalated(result.obligations_escalated() + 1);
    } else if (swept.status().code() == absl::StatusCode::kUnavailable) {
      co_return swept.status();
    }
  }
  co_return result;
}

}  // namespace renda::supervision
