#include "services/supervision/research_core.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/validation.h"

namespace renda::supervision {
namespace {

using v1::ResearchTopic;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kPlanners = {Role::kStaff, Role::kLeader, Role::kAdmin};
constexpr size_t kMaxPlans = 1000;
constexpr size_t kMaxTopics = 5000;

// A topic-changing RPC: parse the topic's name, then one read-modify-write by `apply`.
template <class Request, class Apply>
Task<absl::StatusOr<ResearchTopic>> ChangeTopic(const SupervisionStore* store, const Caller& caller, const Request& req,
                                                Validator v, absl::Time now, Apply apply) {
  const ResourceName name = ParseResourceName("research_topic", req.research_topic(), kResearchTopicCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  co_return co_await store->research_topics.Update(name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                                                   [&](const ResearchTopic& t) { return apply(t); });
}

}  // namespace

const AccessTable& ResearchAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateResearchPlan", kStaffRoles},        {"ListResearchPlans", kPlanners},
      {"CreateResearchTopic", kPlanners},         {"GetResearchTopic", kSignedIn},
      {"ListResearchTopics", kSignedIn},          {"LogResearchDays", kPlanners},
      {"AddResearchReport", kPlanners},           {"RecordResearchOutcome", kStaffRoles},
      {"ListResearchQuotaShortfalls", kPlanners},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateResearchPlanResponse>> ResearchCore::CreateResearchPlan(
    const Caller& caller, const v1::CreateResearchPlanRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidatePlanFields(req.research_plan(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string name =
      store_->research_plans.kind().NameOf(congress, PlanId(req.research_plan().year(), req.research_plan().leader()));
  v1::CreateResearchPlanResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_research_plan(),
      co_await store_->research_plans.Create(NewPlan(req.research_plan(), name, now), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::ListResearchPlansResponse>> ResearchCore::ListResearchPlans(
    const Caller& caller, const v1::ListResearchPlansRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 2000, 2100, false).PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const std::string index = PlanYearIndex(req.year());
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListResearchPlans|", req.parent(), "|", index), req);
  co_return co_await store_->research_plans.ListInto(*runtime_.page_tokens, std::move(query),
                                                     &v1::ListResearchPlansResponse::mutable_research_plans);
}

Task<absl::StatusOr<v1::CreateResearchTopicResponse>> ResearchCore::CreateResearchTopic(
    const Caller& caller, const v1::CreateResearchTopicRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateTopicFields(req.research_topic(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  // Every leader on the topic must have a plan for its year: that is who the quota counts.
  const std::vector<std::string> leaders = LeadersOf(req.research_topic());
  std::vector<Task<absl::StatusOr<std::optional<Versioned<v1::ResearchPlan>>>>> reads;
  for (const auto& leader : leaders) {
    reads.push_back(store_->research_plans.Find(congress, PlanId(req.research_topic().year(), leader)));
  }
  auto plans = co_await WhenAll(std::move(reads));
  CO_RETURN_IF_ERROR(FirstError(plans));
  std::vector<std::string> unplanned;
  for (size_t i = 0; i < leaders.size(); ++i) {
    if (!plans[i]->has_value()) unplanned.push_back(leaders[i]);
  }
  if (!unplanned.empty()) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "NO_RESEARCH_PLAN",
                        absl::StrCat("no research plan for ", req.research_topic().year(), " is registered for ",
                                     absl::StrJoin(unplanned, ", "), "; staff register it first"));
  }
  const absl::Time now = runtime_.clock->Now();
  const std::string name = store_->research_topics.kind().NameOf(congress, NewTimeOrderedId(now));
  v1::CreateResearchTopicResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_research_topic(),
      co_await store_->research_topics.Create(NewTopic(req.research_topic(), name, now), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetResearchTopicResponse>> ResearchCore::GetResearchTopic(
    const Caller& caller, const v1::GetResearchTopicRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kResearchTopicCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetResearchTopicResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_research_topic(), co_await store_->research_topics.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListResearchTopicsResponse>> ResearchCore::ListResearchTopics(
    const Caller& caller, const v1::ListResearchTopicsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500)
      .Range("year", req.year(), 2000, 2100, true)
      .Enum("state", req.state(), v1::ResearchTopicState_descriptor(), false);
  if (!req.leader().empty()) v.Id("leader", req.leader(), false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  std::vector<std::string> indexes;
  if (req.year() != 0) indexes.push_back(TopicYearIndex(req.year()));
  if (!req.leader().empty()) indexes.push_back(TopicLeaderIndex(req.leader()));
  if (req.state() != v1::RESEARCH_TOPIC_STATE_UNSPECIFIED) indexes.push_back(TopicStateIndex(req.state()));
  if (indexes.empty()) indexes.push_back("rtopics");
  std::string scope = absl::StrCat("ListResearchTopics|", req.parent(), "|", absl::StrJoin(indexes, "|"));
  ListQuery query = PageQuery(congress, std::move(indexes), std::move(scope), req);
  co_return co_await store_->research_topics.ListInto(*runtime_.page_tokens, std::move(query),
                                                      &v1::ListResearchTopicsResponse::mutable_research_topics);
}

Task<absl::StatusOr<v1::LogResearchDaysResponse>> ResearchCore::LogResearchDays(const Caller& caller,
                                                                                const v1::LogResearchDaysRequest& req) {
  Validator v;
  ValidateDays(req.days(), v);
  // A leader records their own days; staff record anyone's.
  if (v.ok() && !caller.Has(Role::kStaff) && !caller.Has(Role::kAdmin) && caller.subject() != req.days().leader()) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_RESEARCH",
                        "a leader records their own research days only");
  }
  const absl::Time now = runtime_.clock->Now();
  const v1::ResearchDays days = req.days();
  v1::LogResearchDaysResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_research_topic(),
                      co_await ChangeTopic(store_, caller, req, std::move(v), now,
                                           [&days, now](const ResearchTopic& t) { return ApplyDays(t, days, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::AddResearchReportResponse>> ResearchCore::AddResearchReport(
    const Caller& caller, const v1::AddResearchReportRequest& req) {
  Validator v;
  ValidateReport(req.report(), v);
  const absl::Time now = runtime_.clock->Now();
  const v1::ResearchReport report = req.report();
  v1::AddResearchReportResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_research_topic(), co_await ChangeTopic(store_, caller, req, std::move(v), now,
                                                                           [&report, now](const ResearchTopic& t) {
                                                                             return ApplyReport(t, report, now);
                                                                           }));
  co_return resp;
}

Task<absl::StatusOr<v1::RecordResearchOutcomeResponse>> ResearchCore::RecordResearchOutcome(
    const Caller& caller, const v1::RecordResearchOutcomeRequest& req) {
  Validator v;
  ValidateOutcome(req.outcome(), v);
  const absl::Time now = runtime_.clock->Now();
  const v1::ResearchOutcome outcome = req.outcome();
  v1::RecordResearchOutcomeResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_research_topic(), co_await ChangeTopic(store_, caller, req, std::move(v), now,
                                                                           [&outcome, now](const ResearchTopic& t) {
                                                                             return ApplyOutcome(t, outcome, now);
                                                                           }));
  co_return resp;
}

Task<absl::StatusOr<v1::ListResearchQuotaShortfallsResponse>> ResearchCore::ListResearchQuotaShortfalls(
    const Caller& caller, const v1::ListResearchQuotaShortfallsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 2000, 2100, false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery plans_query{.congress = congress, .indexes = {PlanYearIndex(req.year())}};
  CO_ASSIGN_OR_RETURN(auto plans,
                      co_await store_->research_plans.ListAll(std::move(plans_query), kMaxPlans, "the year's plans"));
  ListQuery topics_query{.congress = congress, .indexes = {TopicYearIndex(req.year())}};
  CO_ASSIGN_OR_RETURN(
      auto topics, co_await store_->research_topics.ListAll(std::move(topics_query), kMaxTopics, "the year's topics"));
  v1::ListResearchQuotaShortfallsResponse resp;
  for (auto& standing : QuotaStandings(plans, topics, quota_)) {
    if (standing.meets_quota() && !req.include_met()) continue;
    *resp.add_standings() = std::move(standing);
  }
  co_return resp;
}

}  // namespace renda::supervision
