#include "services/representatives/contact_core.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kOverviewRoles = {Role::kStaff, Role::kAdmin, Role::kLeader};
const Roles kVisitRoles = {Role::kStaff, Role::kAdmin, Role::kLeader};

using v1::ContactAssignment;
using v1::ContactQuotas;
using v1::Leader;
using v1::Visit;

// A new, active assignment of the deputy to the leader the request names.
ContactAssignment NewAssignment(const ContactAssignment& input, const std::string& congress,
                                const std::string& leader_id, const std::string& deputy_id, absl::Time now) {
  ContactAssignment a;
  a.set_name(ResourceNameOf(congress, kAssignmentCollection, AssignmentId(leader_id, deputy_id, input.term())));
  a.set_leader(input.leader());
  a.set_deputy(ResourceNameOf(congress, kDeputyCollection, deputy_id));
  a.set_term(input.term());
  *a.mutable_start_date() = input.start_date();
  a.set_active(true);
  *a.mutable_create_time() = ToProtoTime(now);
  *a.mutable_update_time() = ToProtoTime(now);
  return a;
}

// Ends the assignment and takes the deputy off the leader's contacts, in one step under both
// versions.
Task<absl::StatusOr<ContactAssignment>> EndOnce(const RepresentativesStore* store, const ResourceName& name,
                                                const renda::type::v1::Date& end, const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto current, co_await store->contact_assignments.Read(name.congress, name.id));
  CO_ASSIGN_OR_RETURN(auto ended, EndAssignment(current.entity, end, origin.now));
  CO_ASSIGN_OR_RETURN(auto leader,
                      co_await store->leaders.Read(name.congress, SplitEntityName(current.entity.leader()).id));
  Leader after = RemoveContact(leader.entity, ended.deputy(), origin.now);
  std::vector<EntityStore::EntityWrite> also;
  also.push_back(store->leaders.Changed(after, leader, origin));
  co_return co_await store->WriteNext(store->contact_assignments, std::move(ended), std::move(current), origin,
                                      std::move(also));
}

// Logs the visit: the visit, the assignment's last visit and the deputy's duty record in one
// step, under the assignment's and the (serving) deputy's versions.
Task<absl::StatusOr<Visit>> LogOnce(const RepresentativesStore* store, const Caller& caller,
                                    const std::string& congress, const v1::LogVisitRequest& req,
                                    const WriteOrigin& origin) {
  const std::string assignment_id = SplitEntityName(req.visit().assignment()).id;
  CO_ASSIGN_OR_RETURN(auto assignment, co_await store->contact_assignments.Read(congress, assignment_id));
  CO_ASSIGN_OR_RETURN(auto leader,
                      co_await store->leaders.Get(congress, SplitEntityName(assignment.entity.leader()).id));
  if (!IsStaffCaller(caller) && leader.subject() != caller.subject()) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_CONTACT",
                        absl::StrCat(req.visit().assignment(), " is ", leader.display_name(),
                                     "'s contact; a leader logs visits only for their own"));
  }
  CO_ASSIGN_OR_RETURN(auto visited, ApplyVisit(assignment.entity, req.visit().date(), origin.now));
  CO_ASSIGN_OR_RETURN(auto deputy,
                      co_await store->ServingDeputy(congress, DeputyIdOf(congress, assignment.entity.deputy())));

  const std::string id = NewTimeOrderedId(origin.now);
  const std::string source = absl::StrCat("visits/", id);
  Visit visit = req.visit();
  visit.set_name(ResourceNameOf(congress, kVisitCollection, id));
  visit.set_leader(visited.leader());
  visit.set_deputy(visited.deputy());
  visit.set_duty_record(ResourceNameOf(congress, kDutyCollection, DutyRecordId(visit.date(), source)));
  visit.set_logged_by(caller.subject());
  *visit.mutable_create_time() = ToProtoTime(origin.now);
  visit.clear_etag();

  std::vector<EntityStore::EntityWrite> also;
  also.push_back(store->contact_assignments.Changed(visited, assignment, origin));
  also.push_back(store->EventDutyRecord(congress, VisitDutyRecord(visit, leader), source, visit.name(), origin));
  also.push_back(store->deputies.Checked(deputy));
  co_return co_await store->visits.Create(std::move(visit), origin, std::move(also));
}

// What the coverage figures are computed from.
struct CoverageInputs {
  std::vector<v1::Deputy> grassroots;
  std::vector<ContactAssignment> assignments;
};

Task<absl::StatusOr<CoverageInputs>> ReadCoverageInputs(const RepresentativesStore* store, std::string congress) {
  CoverageInputs in;
  CO_ASSIGN_OR_RETURN(in.grassroots, co_await store->GrassrootsDeputies(congress));
  CO_ASSIGN_OR_RETURN(in.assignments, co_await store->AllAssignments(congress));
  co_return in;
}
}  // namespace

const AccessTable& ContactAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateLeader", kStaffRoles},
      {"GetLeader", kSignedIn},
      {"ListLeaders", kSignedIn},
      {"GetContactQuotas", kSignedIn},
      {"UpdateContactQuotas", kStaffRoles},
      {"CreateContactAssignment", kStaffRoles},
      {"EndContactAssignment", kStaffRoles},
      {"ListContactAssignments", kSignedIn},
      {"LogVisit", kVisitRoles},
      {"ListVisits", kSignedIn},
      {"ListQuotaShortfalls", kOverviewRoles},
      {"ListUnvisitedDeputies", kOverviewRoles},
      {"GetContactCoverage", kOverviewRoles},
  };
  return *table;
}

// ---- Leaders ----

Task<absl::StatusOr<v1::CreateLeaderResponse>> ContactCore::CreateLeader(const Caller& caller,
                                                                         const v1::CreateLeaderRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateLeaderFields(req.leader(), v);
  v.Id("leader_id", req.leader_id(), false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.leader_id().empty() ? NewTimeOrderedId(now) : req.leader_id();
  Leader leader = NewLeader(req.leader(), ResourceNameOf(congress, kLeaderCollection, id), now);
  v1::CreateLeaderResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_leader(),
                      co_await store_->leaders.Create(std::move(leader), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetLeaderResponse>> ContactCore::GetLeader(const Caller& caller,
                                                                   const v1::GetLeaderRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kLeaderCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetLeaderResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_leader(), co_await store_->leaders.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListLeadersResponse>> ContactCore::ListLeaders(const Caller& caller,
                                                                       const v1::ListLeadersRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query = PageQuery(congress, {kLeaderCollection}, absl::StrCat("ListLeaders|", req.parent()), req);
  co_return co_await store_->leaders.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListLeadersResponse::mutable_leaders);
}

// ---- Quotas ----

Task<absl::StatusOr<v1::GetContactQuotasResponse>> ContactCore::GetContactQuotas(
    const Caller& caller, const v1::GetContactQuotasRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto quotas, co_await store_->QuotasInForce(congress));
  v1::GetContactQuotasResponse resp;
  *resp.mutable_quotas() = std::move(quotas.entity);
  co_return resp;
}

Task<absl::StatusOr<v1::UpdateContactQuotasResponse>> ContactCore::UpdateContactQuotas(
    const Caller& caller, const v1::UpdateContactQuotasRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateQuotas(req.quotas(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->QuotasInForce(congress));
  const std::string& want = req.quotas().etag();
  if (!want.empty() && want != std::to_string(current.version)) {
    co_return MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                        absl::StrCat("the contact quotas were changed since you read them (etag ", want, ", now ",
                                     current.version, "); read them again and retry"));
  }
  ContactQuotas next = current.entity;
  next.set_name(ResourceNameOf(congress, kQuotasCollection, kQuotasId));
  next.set_council_of_chairpersons_member(req.quotas().council_of_chairpersons_member());
  next.set_full_time_committee_member(req.quotas().full_time_committee_member());
  next.set_updated_by(caller.subject());
  *next.mutable_update_time() = ToProtoTime(now);

  v1::UpdateContactQuotasResponse resp;
  if (current.version > 0) {
    CO_ASSIGN_OR_RETURN(*resp.mutable_quotas(), co_await store_->WriteNext(store_->contact_quotas, std::move(next),
                                                                           std::move(current), origin));
    co_return resp;
  }
  // The first change creates them; of two first changes at once, the second finds them created.
  auto created = co_await store_->contact_quotas.Create(std::move(next), origin);
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    co_return MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                        "the contact quotas were changed meanwhile; read them again and retry");
  }
  CO_ASSIGN_OR_RETURN(*resp.mutable_quotas(), std::move(created));
  co_return resp;
}

// ---- Assignments ----

Task<absl::StatusOr<v1::CreateContactAssignmentResponse>> ContactCore::CreateContactAssignment(
    const Caller& caller, const v1::CreateContactAssignmentRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const auto ids = ValidateAssignmentFields(req.assignment(), congress, v);
  const std::string leader_id = ids.first, deputy_id = ids.second;
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  CO_ASSIGN_OR_RETURN(auto deputy, co_await store_->ServingDeputy(congress, deputy_id));
  CO_RETURN_IF_ERROR(CheckGrassroots(deputy.entity));
  CO_ASSIGN_OR_RETURN(auto quotas, co_await store_->QuotasInForce(congress));
  const ContactAssignment assignment = NewAssignment(req.assignment(), congress, leader_id, deputy_id, now);

  // The leader's contacts change under its version, so assignments to one leader at once read
  // again (up to 20 times: all of them get an answer) and the quota is never exceeded; the
  // deputy and the quotas must still be as read.
  auto add = [&](const Leader& current) {
    return AddContact(current, assignment.deputy(), QuotaFor(quotas.entity, current.post()), now);
  };
  auto also = [&](const Leader&, const Leader&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
    ContactAssignment created = assignment;
    std::vector<EntityStore::EntityWrite> writes;
    writes.push_back(store_->contact_assignments.Created(created, origin));
    writes.push_back(store_->deputies.Checked(deputy));
    if (quotas.version > 0) writes.push_back(store_->contact_quotas.Checked(quotas));
    return writes;
  };
  v1::CreateContactAssignmentResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_leader(),
                      co_await store_->leaders.Update(congress, leader_id, "", origin, add, also, 20));
  *resp.mutable_assignment() = assignment;
  resp.mutable_assignment()->set_etag("1");
  co_return resp;
}

Task<absl::StatusOr<v1::EndContactAssignmentResponse>> ContactCore::EndContactAssignment(
    const Caller& caller, const v1::EndContactAssignmentRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kAssignmentCollection, v);
  ValidateDate(req.end_date(), "end_date", true, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  auto end = [&]() { return EndOnce(store_, name, req.end_date(), origin); };
  v1::EndContactAssignmentResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_assignment(), co_await RetryOnConflict(5, end));
  co_return resp;
}

Task<absl::StatusOr<v1::ListContactAssignmentsResponse>> ContactCore::ListContactAssignments(
    const Caller& caller, const v1::ListContactAssignmentsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  std::string index = kAllAssignmentsIndex;
  if (!req.leader().empty()) {
    const ResourceName leader = ParseResourceName("leader", req.leader(), kLeaderCollection, v);
    if (!leader.id.empty() && leader.congress != congress) v.Add("leader", "is in another congress");
    index = RepresentativesStore::LeaderAssignmentsIndex(leader.id);
  }
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListContactAssignments|", req.parent(), "|", index), req);
  co_return co_await store_->contact_assignments.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListContactAssignmentsResponse::mutable_assignments);
}

// ---- Visits ----

Task<absl::StatusOr<v1::LogVisitResponse>> ContactCore::LogVisit(const Caller& caller, const v1::LogVisitRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const ResourceName assignment =
      ParseResourceName("visit.assignment", req.visit().assignment(), kAssignmentCollection, v);
  if (!assignment.id.empty() && assignment.congress != congress) v.Add("visit.assignment", "is in another congress");
  ValidateVisitFields(req.visit(), DateOf(now), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const WriteOrigin origin = OriginOf(caller, req, now);
  auto log = [&]() { return LogOnce(store_, caller, congress, req, origin); };
  v1::LogVisitResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_visit(), co_await RetryOnConflict(5, log));
  co_return resp;
}

Task<absl::StatusOr<v1::ListVisitsResponse>> ContactCore::ListVisits(const Caller& caller,
                                                                     const v1::ListVisitsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const ResourceName a = ParseResourceName("assignment", req.assignment(), kAssignmentCollection, v);
  if (!a.id.empty() && a.congress != congress) v.Add("assignment", "is in another congress");
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const std::string index = RepresentativesStore::AssignmentVisitsIndex(a.id);
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListVisits|", req.parent(), "|", index), req);
  co_return co_await store_->visits.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListVisitsResponse::mutable_visits);
}

// ---- Coverage ----

Task<absl::StatusOr<v1::ListQuotaShortfallsResponse>> ContactCore::ListQuotaShortfalls(
    const Caller& caller, const v1::ListQuotaShortfallsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto quotas, co_await store_->QuotasInForce(congress));
  CO_ASSIGN_OR_RETURN(auto leaders, co_await store_->AllLeaders(congress));
  co_return FindShortfalls(leaders, quotas.entity);
}

Task<absl::StatusOr<v1::ListUnvisitedDeputiesResponse>> ContactCore::ListUnvisitedDeputies(
    const Caller& caller, const v1::ListUnvisitedDeputiesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 2000, 2200, false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto in, co_await ReadCoverageInputs(store_, congress));
  v1::ListUnvisitedDeputiesResponse resp;
  for (auto& u : FindUnvisited(in.grassroots, in.assignments, req.year())) *resp.add_deputies() = std::move(u);
  co_return resp;
}

Task<absl::StatusOr<v1::GetContactCoverageResponse>> ContactCore::GetContactCoverage(
    const Caller& caller, const v1::GetContactCoverageRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 2000, 2200, false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto in, co_await ReadCoverageInputs(store_, congress));
  co_return ComputeCoverage(in.grassroots, in.assignments, req.year());
}

}  // namespace renda::representatives
