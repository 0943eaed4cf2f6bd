#include "services/representatives/contact_service.h"

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
// The most entities a coverage query reads of one kind (a municipal congress has ~700 deputies).
constexpr size_t kCoverageCap = 5000;

using v1::ContactAssignment;
using v1::ContactQuotas;
using v1::Leader;
using v1::Visit;
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

ContactService::ContactService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("contacts", &ContactAccess(), runtime.auth) {}

void ContactService::ReadQuotas(const std::string& congress, Callback<std::pair<ContactQuotas, int64_t>> done) {
  store_.Get(congress, kQuotasKind, kQuotasId,
             [congress, done = std::move(done)](absl::StatusOr<std::optional<EntityStore::Stored>> r) mutable {
               if (!r.ok()) return done(r.status());
               if (!r->has_value()) return done(std::make_pair(DefaultQuotas(congress), int64_t{0}));
               auto q = ParseStored<ContactQuotas>((*r)->data);
               if (!q.ok()) return done(q.status());
               done(std::make_pair(*std::move(q), (*r)->version));
             });
}

void ContactService::ReadCoverageInputs(
    const std::string& congress,
    Callback<std::pair<std::vector<v1::Deputy>, std::vector<ContactAssignment>>> done) {
  ReadAllProtos<v1::Deputy>(
      &store_, congress, kDeputyKind, {kGrassrootsDeputiesIndex, kServingDeputiesIndex}, kCoverageCap,
      [this, congress, done = std::move(done)](absl::StatusOr<std::vector<v1::Deputy>> deputies) mutable {
        if (!deputies.ok()) return done(deputies.status());
        ReadAllProtos<ContactAssignment>(
            &store_, congress, kAssignmentKind, {kAllAssignmentsIndex}, kCoverageCap,
            [deputies = *std::move(deputies), done = std::move(done)](
                absl::StatusOr<std::vector<ContactAssignment>> assignments) mutable {
              if (!assignments.ok()) return done(assignments.status());
              done(std::make_pair(std::move(deputies), *std::move(assignments)));
            });
      });
}

grpc::ServerUnaryReactor* ContactService::CreateLeader(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateLeaderRequest* req,
                                                       v1::CreateLeaderResponse* resp) {
  return runner_.Unary(ctx, "CreateLeader", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateLeaderFields(req->leader(), v);
    v.Id("leader_id", req->leader_id(), false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->leader_id().empty() ? NewTimeOrderedId(now) : req->leader_id();
    Leader leader = NewLeader(req->leader(), ResourceNameOf(congress, kLeaderCollection, id), now);
    PutSpec spec = CreateSpec(congress, kLeaderKind, id, LeaderIndexes(leader), caller.subject(), *req,
                              req->request_id(), now);
    PutProto<Leader>(&store_, spec, std::move(leader), FinishWith(resp->mutable_leader(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::GetLeader(grpc::CallbackServerContext* ctx, const v1::GetLeaderRequest* req,
                                                    v1::GetLeaderResponse* resp) {
  return runner_.Unary(ctx, "GetLeader", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kLeaderCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Leader>(&store_, "leader", kLeaderKind, name.congress, name.id, req->name(),
                     FinishWith(resp->mutable_leader(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::ListLeaders(grpc::CallbackServerContext* ctx,
                                                      const v1::ListLeadersRequest* req,
                                                      v1::ListLeadersResponse* resp) {
  return runner_.Unary(ctx, "ListLeaders", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kLeaderKind, {kLeaderCollection}, absl::StrCat("ListLeaders|", req->parent()),
                  req->page_token(), req->page_size(), false};
    ListProtos<Leader>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_leaders(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::GetContactQuotas(grpc::CallbackServerContext* ctx,
                                                           const v1::GetContactQuotasRequest* req,
                                                           v1::GetContactQuotasResponse* resp) {
  return runner_.Unary(ctx, "GetContactQuotas", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadQuotas(congress, [resp, finish = std::move(finish)](
                             absl::StatusOr<std::pair<ContactQuotas, int64_t>> q) mutable {
      if (!q.ok()) return finish(q.status());
      *resp->mutable_quotas() = std::move(q->first);
      finish(absl::OkStatus());
    });
  });
}

grpc::ServerUnaryReactor* ContactService::UpdateContactQuotas(grpc::CallbackServerContext* ctx,
                                                              const v1::UpdateContactQuotasRequest* req,
                                                              v1::UpdateContactQuotasResponse* resp) {
  return runner_.Unary(ctx, "UpdateContactQuotas", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateQuotas(req->quotas(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    ReadQuotas(congress, [this, req, resp, caller, congress, now, finish = std::move(finish)](
                             absl::StatusOr<std::pair<ContactQuotas, int64_t>> q) mutable {
      if (!q.ok()) return finish(q.status());
      const int64_t version = q->second;
      const std::string& want = req->quotas().etag();
      if (!want.empty() && want != std::to_string(version)) {
        return finish(MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                                absl::StrCat("the contact quotas were changed since you read them (etag ", want,
                                             ", now ", version, "); read them again and retry")));
      }
      ContactQuotas next = q->first;
      next.set_name(ResourceNameOf(congress, kQuotasCollection, kQuotasId));
      next.set_council_of_chairpersons_member(req->quotas().council_of_chairpersons_member());
      next.set_full_time_committee_member(req->quotas().full_time_committee_member());
      next.set_updated_by(caller.subject());
      *next.mutable_update_time() = ToProtoTime(now);
      PutSpec spec = version == 0 ? CreateSpec(congress, kQuotasKind, kQuotasId, {}, caller.subject(), *req,
                                               req->request_id(), now)
                                  : ChangeSpec(congress, kQuotasKind, kQuotasId, caller.subject(), *req,
                                               req->request_id(), now);
      spec.expected_version = version;
      PutProto<ContactQuotas>(
          &store_, spec, std::move(next),
          [resp, finish = std::move(finish)](absl::StatusOr<ContactQuotas> r) mutable {
            // Two first changes at once: the second finds the quotas created meanwhile.
            if (!r.ok() && r.status().code() == absl::StatusCode::kAlreadyExists) {
              return finish(MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                                      "the contact quotas were changed meanwhile; read them again and retry"));
            }
            if (!r.ok()) return finish(r.status());
            *resp->mutable_quotas() = *std::move(r);
            finish(absl::OkStatus());
          });
    });
  });
}

grpc::ServerUnaryReactor* ContactService::CreateContactAssignment(grpc::CallbackServerContext* ctx,
                                                                  const v1::CreateContactAssignmentRequest* req,
                                                                  v1::CreateContactAssignmentResponse* resp) {
  return runner_.Unary(ctx, "CreateContactAssignment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const auto ids = ValidateAssignmentFields(req->assignment(), congress, v);
    const std::string leader_id = ids.first, deputy_id = ids.second;
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    CheckDeputyServing(
        &store_, congress, deputy_id,
        [this, req, resp, caller, congress, leader_id, deputy_id, now, finish = std::move(finish)](
            absl::StatusOr<std::pair<v1::Deputy, int64_t>> deputy) mutable {
          if (!deputy.ok()) return finish(deputy.status());
          if (auto s = CheckGrassroots(deputy->first); !s.ok()) return finish(s);
          const int64_t deputy_version = deputy->second;
          ReadQuotas(congress, [this, req, resp, caller, congress, leader_id, deputy_id, deputy_version, now,
                                finish = std::move(finish)](
                                   absl::StatusOr<std::pair<ContactQuotas, int64_t>> quotas) mutable {
            if (!quotas.ok()) return finish(quotas.status());
            const std::string deputy_name = ResourceNameOf(congress, kDeputyCollection, deputy_id);
            const std::string aid = AssignmentId(leader_id, deputy_id, req->assignment().term());
            auto assignment = std::make_shared<ContactAssignment>();
            assignment->set_name(ResourceNameOf(congress, kAssignmentCollection, aid));
            assignment->set_leader(req->assignment().leader());
            assignment->set_deputy(deputy_name);
            assignment->set_term(req->assignment().term());
            *assignment->mutable_start_date() = req->assignment().start_date();
            assignment->set_active(true);
            *assignment->mutable_create_time() = ToProtoTime(now);
            *assignment->mutable_update_time() = ToProtoTime(now);

            auto plan = NewUpdatePlan<Leader>(
                ChangeSpec(congress, kLeaderKind, leader_id, caller.subject(), *req, req->request_id(), now),
                "leader", req->assignment().leader());
            plan->attempts = 20;  // several assignments to one leader at once all get an answer
            const ContactQuotas q = quotas->first;
            const int64_t quota_version = quotas->second;
            plan->mutate = [q, deputy_name, now](const Leader& current) {
              return AddContact(current, deputy_name, QuotaFor(q, current.post()), now);
            };
            plan->indexes = [](const Leader& next) { return LeaderIndexes(next); };
            plan->also = [=](const Leader&, const Leader&) {
              std::vector<EntityStore::EntityWrite> also;
              ContactAssignment a = *assignment;
              also.push_back(EntityWriteOf(a, kAssignmentKind, aid, EntityStore::WriteMode::kCreate, 0,
                                           AssignmentIndexes(a, leader_id), caller.subject(), req->request_id(),
                                           now));
              also.push_back(CheckOnly(kDeputyKind, deputy_id, deputy_version));
              if (quota_version > 0) also.push_back(CheckOnly(kQuotasKind, kQuotasId, quota_version));
              return also;
            };
            UpdateProto<Leader>(&store_, plan,
                                [resp, assignment, finish = std::move(finish)](absl::StatusOr<Leader> leader) mutable {
                                  if (!leader.ok()) return finish(leader.status());
                                  *resp->mutable_assignment() = *assignment;
                                  resp->mutable_assignment()->set_etag("1");
                                  *resp->mutable_leader() = *std::move(leader);
                                  finish(absl::OkStatus());
                                });
          });
        });
  });
}

grpc::ServerUnaryReactor* ContactService::EndContactAssignment(grpc::CallbackServerContext* ctx,
                                                               const v1::EndContactAssignmentRequest* req,
                                                               v1::EndContactAssignmentResponse* resp) {
  return runner_.Unary(ctx, "EndContactAssignment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kAssignmentCollection, v);
    ValidateDate(req->end_date(), "end_date", true, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto attempt = std::make_shared<std::function<void(Callback<ContactAssignment>)>>(
        [this, req, caller, name, now](Callback<ContactAssignment> done) {
          GetVersioned<ContactAssignment>(
              &store_, "contact assignment", kAssignmentKind, name.congress, name.id, req->name(),
              [this, req, caller, name, now, done = std::move(done)](
                  absl::StatusOr<std::pair<ContactAssignment, int64_t>> got) mutable {
                if (!got.ok()) return done(got.status());
                auto next = EndAssignment(got->first, req->end_date(), now);
                if (!next.ok()) return done(next.status());
                const int64_t version = got->second;
                Validator lv;
                const ResourceName leader = ParseResourceName("leader", got->first.leader(), kLeaderCollection, lv);
                GetVersioned<Leader>(
                    &store_, "leader", kLeaderKind, name.congress, leader.id, got->first.leader(),
                    [this, req, caller, name, now, leader, version, next = *std::move(next),
                     done = std::move(done)](absl::StatusOr<std::pair<Leader, int64_t>> l) mutable {
                      if (!l.ok()) return done(l.status());
                      Leader after = RemoveContact(l->first, next.deputy(), now);
                      PutSpec spec =
                          ChangeSpec(name.congress, kAssignmentKind, name.id, caller.subject(), *req, req->request_id(), now);
                      spec.expected_version = version;
                      spec.indexes = AssignmentIndexes(next, leader.id);
                      spec.also.push_back(EntityWriteOf(after, kLeaderKind, leader.id, EntityStore::WriteMode::kUpdate,
                                                        l->second, LeaderIndexes(after), caller.subject(),
                                                        req->request_id(), now));
                      PutProto<ContactAssignment>(&store_, spec, std::move(next), std::move(done));
                    });
              });
        });
    RetryOnAborted<ContactAssignment>(5, attempt, FinishWith(resp->mutable_assignment(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::ListContactAssignments(grpc::CallbackServerContext* ctx,
                                                                 const v1::ListContactAssignmentsRequest* req,
                                                                 v1::ListContactAssignmentsResponse* resp) {
  return runner_.Unary(ctx, "ListContactAssignments", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    std::string index = kAllAssignmentsIndex;
    if (!req->leader().empty()) {
      const ResourceName leader = ParseResourceName("leader", req->leader(), kLeaderCollection, v);
      if (!leader.id.empty() && leader.congress != congress) v.Add("leader", "is in another congress");
      index = absl::StrCat("contactAssignments:leader:", leader.id);
    }
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kAssignmentKind, {index}, absl::StrCat("ListContactAssignments|", req->parent(), "|", index),
                  req->page_token(), req->page_size(), false};
    ListProtos<ContactAssignment>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_assignments(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::LogVisit(grpc::CallbackServerContext* ctx, const v1::LogVisitRequest* req,
                                                   v1::LogVisitResponse* resp) {
  return runner_.Unary(ctx, "LogVisit", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const ResourceName aname = ParseResourceName("visit.assignment", req->visit().assignment(), kAssignmentCollection, v);
    if (!aname.id.empty() && aname.congress != congress) v.Add("visit.assignment", "is in another congress");
    ValidateVisitFields(req->visit(), DateOf(now), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    auto attempt = std::make_shared<std::function<void(Callback<Visit>)>>([this, req, caller, congress, aname,
                                                                           now](Callback<Visit> done) {
      GetVersioned<ContactAssignment>(
          &store_, "contact assignment", kAssignmentKind, congress, aname.id, req->visit().assignment(),
          [this, req, caller, congress, aname, now, done = std::move(done)](
              absl::StatusOr<std::pair<ContactAssignment, int64_t>> got) mutable {
            if (!got.ok()) return done(got.status());
            Validator lv;
            const ResourceName leader_name = ParseResourceName("leader", got->first.leader(), kLeaderCollection, lv);
            GetProto<Leader>(
                &store_, "leader", kLeaderKind, congress, leader_name.id, got->first.leader(),
                [this, req, caller, congress, aname, leader_name, now, assignment = std::move(got->first),
                 version = got->second, done = std::move(done)](absl::StatusOr<Leader> leader) mutable {
                  if (!leader.ok()) return done(leader.status());
                  if (!IsStaffCaller(caller) && leader->subject() != caller.subject()) {
                    return done(MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_CONTACT",
                                          absl::StrCat(req->visit().assignment(), " is ", leader->display_name(),
                                                       "'s contact; a leader logs visits only for their own")));
                  }
                  auto next = ApplyVisit(assignment, req->visit().date(), now);
                  if (!next.ok()) return done(next.status());
                  const std::string deputy_id = DeputyIdOf(congress, assignment.deputy());
                  CheckDeputyServing(
                      &store_, congress, deputy_id,
                      [this, req, caller, congress, aname, leader_name, now, version, deputy_id,
                       leader = *std::move(leader), next = *std::move(next),
                       done = std::move(done)](absl::StatusOr<std::pair<v1::Deputy, int64_t>> deputy) mutable {
                        if (!deputy.ok()) return done(deputy.status());
                        const std::string id = NewTimeOrderedId(now);
                        const std::string source = absl::StrCat("visits/", id);
                        Visit visit = req->visit();
                        visit.set_name(ResourceNameOf(congress, kVisitCollection, id));
                        visit.set_leader(next.leader());
                        visit.set_deputy(next.deputy());
                        visit.set_duty_record(
                            ResourceNameOf(congress, kDutyCollection, DutyRecordId(visit.date(), source)));
                        visit.set_logged_by(caller.subject());
                        *visit.mutable_create_time() = ToProtoTime(now);
                        visit.clear_etag();
                        PutSpec spec = CreateSpec(congress, kVisitKind, id, VisitIndexes(visit, aname.id),
                                                  caller.subject(), *req, req->request_id(), now);
                        spec.also.push_back(EntityWriteOf(next, kAssignmentKind, aname.id,
                                                          EntityStore::WriteMode::kUpdate, version,
                                                          AssignmentIndexes(next, leader_name.id), caller.subject(),
                                                          req->request_id(), now));
                        spec.also.push_back(EventDutyRecordWrite(congress, VisitDutyRecord(visit, leader), source,
                                                                 visit.name(), caller.subject(), req->request_id(),
                                                                 now));
                        spec.also.push_back(CheckOnly(kDeputyKind, deputy_id, deputy->second));
                        PutProto<Visit>(&store_, spec, std::move(visit), std::move(done));
                      });
                });
          });
    });
    RetryOnAborted<Visit>(5, attempt, FinishWith(resp->mutable_visit(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::ListVisits(grpc::CallbackServerContext* ctx, const v1::ListVisitsRequest* req,
                                                     v1::ListVisitsResponse* resp) {
  return runner_.Unary(ctx, "ListVisits", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const ResourceName a = ParseResourceName("assignment", req->assignment(), kAssignmentCollection, v);
    if (!a.id.empty() && a.congress != congress) v.Add("assignment", "is in another congress");
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const std::string index = absl::StrCat("visits:assignment:", a.id);
    ListSpec spec{congress, kVisitKind, {index}, absl::StrCat("ListVisits|", req->parent(), "|", index),
                  req->page_token(), req->page_size(), false};
    ListProtos<Visit>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_visits(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ContactService::ListQuotaShortfalls(grpc::CallbackServerContext* ctx,
                                                              const v1::ListQuotaShortfallsRequest* req,
                                                              v1::ListQuotaShortfallsResponse* resp) {
  return runner_.Unary(ctx, "ListQuotaShortfalls", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadQuotas(congress, [this, resp, congress, finish = std::move(finish)](
                             absl::StatusOr<std::pair<ContactQuotas, int64_t>> q) mutable {
      if (!q.ok()) return finish(q.status());
      ReadAllProtos<Leader>(&store_, congress, kLeaderKind, {kLeaderCollection}, kCoverageCap,
                            [resp, quotas = q->first, finish = std::move(finish)](
                                absl::StatusOr<std::vector<Leader>> leaders) mutable {
                              if (!leaders.ok()) return finish(leaders.status());
                              *resp = FindShortfalls(*leaders, quotas);
                              finish(absl::OkStatus());
                            });
    });
  });
}

grpc::ServerUnaryReactor* ContactService::ListUnvisitedDeputies(grpc::CallbackServerContext* ctx,
                                                                const v1::ListUnvisitedDeputiesRequest* req,
                                                                v1::ListUnvisitedDeputiesResponse* resp) {
  return runner_.Unary(ctx, "ListUnvisitedDeputies", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Range("year", req->year(), 2000, 2200, false);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadCoverageInputs(congress, [req, resp, finish = std::move(finish)](
                                     absl::StatusOr<std::pair<std::vector<v1::Deputy>, std::vector<ContactAssignment>>>
                                         in) mutable {
      if (!in.ok()) return finish(in.status());
      for (auto& u : FindUnvisited(in->first, in->second, req->year())) *resp->add_deputies() = std::move(u);
      finish(absl::OkStatus());
    });
  });
}

grpc::ServerUnaryReactor* ContactService::GetContactCoverage(grpc::CallbackServerContext* ctx,
                                                             const v1::GetContactCoverageRequest* req,
                                                             v1::GetContactCoverageResponse* resp) {
  return runner_.Unary(ctx, "GetContactCoverage", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Range("year", req->year(), 2000, 2200, false);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadCoverageInputs(congress, [req, resp, finish = std::move(finish)](
                                     absl::StatusOr<std::pair<std::vector<v1::Deputy>, std::vector<ContactAssignment>>>
                                         in) mutable {
      if (!in.ok()) return finish(in.status());
      *resp = ComputeCoverage(in->first, in->second, req->year());
      finish(absl::OkStatus());
    });
  });
}

}  // namespace renda::representatives
