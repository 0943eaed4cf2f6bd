#include "services/representatives/plan_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/plan_logic.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kSelfOrStaffRoles = {Role::kDeputy, Role::kStaff, Role::kAdmin};
// Many deputies sign up for one activity at once: each write that lost the race reads again.
constexpr int kSignUpAttempts = 50;

using v1::Activity;

void CheckNext(EntityStore* store, std::string congress, std::shared_ptr<std::vector<std::string>> ids, size_t i,
               std::shared_ptr<std::vector<int64_t>> versions, Callback<std::vector<int64_t>> done) {
  if (i == ids->size()) return done(std::move(*versions));
  CheckDeputyServing(store, congress, (*ids)[i],
                     [store, congress, ids, i, versions, done = std::move(done)](
                         absl::StatusOr<std::pair<v1::Deputy, int64_t>> got) mutable {
                       if (!got.ok()) return done(got.status());
                       versions->push_back(got->second);
                       CheckNext(store, congress, ids, i + 1, versions, std::move(done));
                     });
}

// The activity and deputy named by a sign-up or withdraw request.
struct SignUpNames {
  ResourceName activity;
  std::string deputy_id;
};

SignUpNames ParseSignUpNames(const std::string& activity, const std::string& deputy, Validator& v) {
  SignUpNames out;
  out.activity = ParseResourceName("activity", activity, kActivityCollection, v);
  ResourceName d = ParseResourceName("deputy", deputy, kDeputyCollection, v);
  if (!d.id.empty() && !out.activity.id.empty() && d.congress != out.activity.congress) {
    v.Add("deputy", "is in another congress than the activity");
  }
  out.deputy_id = d.id;
  return out;
}

// The names in a sign-up or withdraw request, once the request is valid, in the caller's congress,
// and made by the deputy themself or by staff.
template <class Request>
absl::StatusOr<SignUpNames> CheckSignUpRequest(const Request& req, const Caller& caller) {
  Validator v;
  SignUpNames names = ParseSignUpNames(req.activity(), req.deputy(), v);
  v.RequestId("request_id", req.request_id());
  if (auto s = CheckRequest(v, caller, names.activity.congress); !s.ok()) return s;
  if (auto s = CheckSelfOrStaff(caller, names.deputy_id); !s.ok()) return s;
  return names;
}

// The change a sign-up or withdraw request makes to its activity (the caller sets mutate).
template <class Request>
std::shared_ptr<UpdatePlan<Activity>> SignUpPlan(const SignUpNames& names, const Caller& caller, const Request& req,
                                                 absl::Time now) {
  auto plan = NewUpdatePlan<Activity>(ChangeSpec(names.activity.congress, kActivityKind, names.activity.id,
                                                 caller.subject(), req, req.request_id(), now),
                                      "activity", req.activity());
  plan->attempts = kSignUpAttempts;
  plan->indexes = [](const Activity& next) { return ActivityIndexes(next); };
  return plan;
}

}  // namespace

void CheckDeputiesServing(EntityStore* store, std::string congress, std::vector<std::string> ids,
                          Callback<std::vector<int64_t>> done) {
  CheckNext(store, std::move(congress), std::make_shared<std::vector<std::string>>(std::move(ids)), 0,
            std::make_shared<std::vector<int64_t>>(), std::move(done));
}

absl::Status CheckSelfOrStaff(const Caller& caller, const std::string& deputy_id) {
  if (IsStaffCaller(caller)) return absl::OkStatus();
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty() && caller.claims.deputy_id == deputy_id) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOURSELF",
                   "a deputy may act only for themself; ask congress staff to act for another deputy");
}

const AccessTable& WorkPlanAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateActivity", kStaffRoles},        {"GetActivity", kSignedIn},
      {"ListActivities", kSignedIn},          {"SignUp", kSelfOrStaffRoles},
      {"Withdraw", kSelfOrStaffRoles},        {"RecordAttendance", kStaffRoles},
      {"ListDeputySignUps", kSelfOrStaffRoles},
  };
  return *table;
}

WorkPlanService::WorkPlanService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("workplan", &WorkPlanAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* WorkPlanService::CreateActivity(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateActivityRequest* req,
                                                          v1::CreateActivityResponse* resp) {
  return runner_.Unary(ctx, "CreateActivity", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateActivityFields(req->activity(), v);
    if (!req->activity_id().empty()) {
      v.Id("activity_id", req->activity_id(), false);
      if (req->activity_id().size() > 50) v.Add("activity_id", "must be at most 50 characters");
    }
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string id =
        ActivityId(req->activity().date(), req->activity_id().empty() ? NewTimeOrderedId(now) : req->activity_id());
    Activity activity = NewActivity(req->activity(), ResourceNameOf(congress, kActivityCollection, id), caller, now);
    PutSpec spec =
        CreateSpec(congress, kActivityKind, id, ActivityIndexes(activity), caller.subject(), *req, req->request_id(), now);
    PutProto<Activity>(&store_, spec, std::move(activity), FinishWith(resp->mutable_activity(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* WorkPlanService::GetActivity(grpc::CallbackServerContext* ctx,
                                                       const v1::GetActivityRequest* req,
                                                       v1::GetActivityResponse* resp) {
  return runner_.Unary(ctx, "GetActivity", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kActivityCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Activity>(&store_, "activity", kActivityKind, name.congress, name.id, req->name(),
                       FinishWith(resp->mutable_activity(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* WorkPlanService::ListActivities(grpc::CallbackServerContext* ctx,
                                                          const v1::ListActivitiesRequest* req,
                                                          v1::ListActivitiesResponse* resp) {
  return runner_.Unary(ctx, "ListActivities", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Enum("category", req->category(), v1::ActivityCategory_descriptor(), false)
        .PageSize("page_size", req->page_size(), 200);
    if (req->month() != 0 && (req->month() < 190001 || req->month() > 220012 || req->month() % 100 < 1 ||
                              req->month() % 100 > 12)) {
      v.Add("month", "must be yyyymm, e.g. 202405");
    }
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    std::vector<std::string> indexes;
    if (req->category() != v1::ACTIVITY_CATEGORY_UNSPECIFIED) indexes.push_back(CategoryIndex(req->category()));
    if (req->month() != 0) indexes.push_back(MonthIndex(req->month()));
    if (indexes.empty()) indexes.push_back(kActivityCollection);
    ListSpec spec{congress,
                  kActivityKind,
                  indexes,
                  absl::StrCat("ListActivities|", req->parent(), "|", req->category(), "|", req->month(), "|",
                               req->open_only()),
                  req->page_token(),
                  req->page_size(),
                  false};
    const absl::Time now = runtime_.clock->Now();
    ListProtos<Activity>(&store_, *runtime_.page_tokens, std::move(spec),
                         FinishPage<Activity>(resp->mutable_activities(), resp->mutable_next_page_token(),
                                              std::move(finish), [req, now](Activity& a) {
                                                return !req->open_only() || SignUpOpen(a, now);
                                              }));
  });
}

grpc::ServerUnaryReactor* WorkPlanService::SignUp(grpc::CallbackServerContext* ctx, const v1::SignUpRequest* req,
                                                  v1::SignUpResponse* resp) {
  return runner_.Unary(ctx, "SignUp", *req, [=, this](const Caller& caller, Finish finish) {
    auto checked = CheckSignUpRequest(*req, caller);
    if (!checked.ok()) return finish(checked.status());
    const SignUpNames names = *std::move(checked);
    const std::string congress = names.activity.congress;
    CheckDeputyServing(
        &store_, congress, names.deputy_id,
        [this, req, resp, caller, names, congress, finish = std::move(finish)](
            absl::StatusOr<std::pair<v1::Deputy, int64_t>> deputy) mutable {
          if (!deputy.ok()) return finish(deputy.status());
          const absl::Time now = runtime_.clock->Now();
          const std::string deputy_name = ResourceNameOf(congress, kDeputyCollection, names.deputy_id);
          auto plan = SignUpPlan(names, caller, *req, now);
          plan->mutate = [deputy_name, clock = runtime_.clock](const Activity& current) {
            return ApplySignUp(current, deputy_name, clock->Now());
          };
          plan->also = [deputy_id = names.deputy_id, version = deputy->second](const Activity&, const Activity&) {
            return std::vector<EntityStore::EntityWrite>{CheckOnly(kDeputyKind, deputy_id, version)};
          };
          UpdateProto<Activity>(&store_, plan,
                                [resp, deputy_name, finish = std::move(finish)](absl::StatusOr<Activity> a) mutable {
                                  if (!a.ok()) return finish(a.status());
                                  int position = 0;
                                  resp->set_status(StatusOf(*a, deputy_name, &position));
                                  resp->set_waitlist_position(position);
                                  *resp->mutable_activity() = *std::move(a);
                                  finish(absl::OkStatus());
                                });
        });
  });
}

grpc::ServerUnaryReactor* WorkPlanService::Withdraw(grpc::CallbackServerContext* ctx, const v1::WithdrawRequest* req,
                                                    v1::WithdrawResponse* resp) {
  return runner_.Unary(ctx, "Withdraw", *req, [=, this](const Caller& caller, Finish finish) {
    auto checked = CheckSignUpRequest(*req, caller);
    if (!checked.ok()) return finish(checked.status());
    const SignUpNames names = *std::move(checked);
    const std::string congress = names.activity.congress;
    const absl::Time now = runtime_.clock->Now();
    const std::string deputy_name = ResourceNameOf(congress, kDeputyCollection, names.deputy_id);
    auto promoted = std::make_shared<std::string>();
    auto plan = SignUpPlan(names, caller, *req, now);
    plan->mutate = [deputy_name, now, promoted](const Activity& current) {
      return ApplyWithdraw(current, deputy_name, DateOf(now), now, promoted.get());
    };
    UpdateProto<Activity>(&store_, plan,
                          [resp, promoted, finish = std::move(finish)](absl::StatusOr<Activity> a) mutable {
                            if (!a.ok()) return finish(a.status());
                            resp->set_promoted(*promoted);
                            *resp->mutable_activity() = *std::move(a);
                            finish(absl::OkStatus());
                          });
  });
}

grpc::ServerUnaryReactor* WorkPlanService::RecordAttendance(grpc::CallbackServerContext* ctx,
                                                            const v1::RecordAttendanceRequest* req,
                                                            v1::RecordAttendanceResponse* resp) {
  return runner_.Unary(ctx, "RecordAttendance", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("activity", req->activity(), kActivityCollection, v);
    std::vector<std::string> ids =
        ValidateNameList("attended", req->attended(), name.congress, kDeputyCollection, 1, 1000, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CheckDeputiesServing(
        &store_, name.congress, ids,
        [this, req, resp, caller, name, ids, finish = std::move(finish)](
            absl::StatusOr<std::vector<int64_t>> versions) mutable {
          if (!versions.ok()) return finish(versions.status());
          const absl::Time now = runtime_.clock->Now();
          std::vector<std::string> attended;
          for (const auto& id : ids) attended.push_back(ResourceNameOf(name.congress, kDeputyCollection, id));
          auto made = std::make_shared<std::vector<std::string>>();
          auto plan = NewUpdatePlan<Activity>(
              ChangeSpec(name.congress, kActivityKind, name.id, caller.subject(), *req, req->request_id(), now),
              "activity", req->activity());
          plan->attempts = 10;
          plan->mutate = [attended, now](const Activity& current) {
            return ApplyAttendance(current, attended, DateOf(now), now);
          };
          plan->indexes = [](const Activity& next) { return ActivityIndexes(next); };
          plan->also = [name, ids, attended, versions = *versions, made, caller, req, now](const Activity& current,
                                                                                          const Activity& next) {
            made->clear();
            std::vector<EntityStore::EntityWrite> also;
            for (size_t i = 0; i < ids.size(); ++i) {
              const std::string source = AttendanceSourceId(name.id, ids[i]);
              auto w = EventDutyRecordWrite(name.congress, AttendanceRecord(next, attended[i]), source, next.name(),
                                            caller.subject(), req->request_id(), now);
              if (std::find(current.attended().begin(), current.attended().end(), attended[i]) ==
                  current.attended().end()) {
                made->push_back(ResourceNameOf(name.congress, kDutyCollection, w.id));
              }
              also.push_back(std::move(w));
              also.push_back(CheckOnly(kDeputyKind, ids[i], versions[i]));
            }
            return also;
          };
          UpdateProto<Activity>(&store_, plan,
                                [resp, made, finish = std::move(finish)](absl::StatusOr<Activity> a) mutable {
                                  if (!a.ok()) return finish(a.status());
                                  for (const auto& r : *made) resp->add_duty_records(r);
                                  *resp->mutable_activity() = *std::move(a);
                                  finish(absl::OkStatus());
                                });
        });
  });
}

grpc::ServerUnaryReactor* WorkPlanService::ListDeputySignUps(grpc::CallbackServerContext* ctx,
                                                             const v1::ListDeputySignUpsRequest* req,
                                                             v1::ListDeputySignUpsResponse* resp) {
  return runner_.Unary(ctx, "ListDeputySignUps", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName deputy = ParseResourceName("deputy", req->deputy(), kDeputyCollection, v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, deputy.congress); !s.ok()) return finish(s);
    if (auto s = CheckSelfOrStaff(caller, deputy.id); !s.ok()) return finish(s);
    const std::string index = SignUpIndex(deputy.id);
    ListSpec spec{deputy.congress, kActivityKind, {index}, absl::StrCat("ListDeputySignUps|", req->deputy()),
                  req->page_token(), req->page_size(), false};
    ListProtos<Activity>(&store_, *runtime_.page_tokens, std::move(spec),
                         [req, resp, finish = std::move(finish)](absl::StatusOr<ProtoPage<Activity>> page) mutable {
                           if (!page.ok()) return finish(page.status());
                           for (auto& a : page->items) {
                             auto* s = resp->add_sign_ups();
                             int position = 0;
                             s->set_status(StatusOf(a, req->deputy(), &position));
                             s->set_waitlist_position(position);
                             *s->mutable_activity() = std::move(a);
                           }
                           resp->set_next_page_token(page->next_page_token);
                           finish(absl::OkStatus());
                         });
  });
}

}  // namespace renda::representatives
