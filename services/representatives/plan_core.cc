#include "services/representatives/plan_core.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
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
constexpr int kAttendanceAttempts = 10;

using v1::Activity;

// PERMISSION_DENIED unless the caller is staff or admin, or the deputy `deputy_id` themself.
absl::Status CheckSelfOrStaff(const Caller& caller, const std::string& deputy_id) {
  if (IsStaffCaller(caller)) return absl::OkStatus();
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty() && caller.claims.deputy_id == deputy_id) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOURSELF",
                   "a deputy may act only for themself; ask congress staff to act for another deputy");
}

// The activity and deputy named by a sign-up or withdraw request.
struct SignUpNames {
  ResourceName activity;
  std::string deputy_id;
  std::string deputy;  // its full name
};

// The names in a sign-up or withdraw request, once the request is valid, in the caller's congress,
// and made by the deputy themself or by staff.
template <class Request>
absl::StatusOr<SignUpNames> CheckSignUpRequest(const Request& req, const Caller& caller) {
  Validator v;
  SignUpNames out;
  out.activity = ParseResourceName("activity", req.activity(), kActivityCollection, v);
  ResourceName d = ParseResourceName("deputy", req.deputy(), kDeputyCollection, v);
  if (!d.id.empty() && !out.activity.id.empty() && d.congress != out.activity.congress) {
    v.Add("deputy", "is in another congress than the activity");
  }
  out.deputy_id = d.id;
  out.deputy = ResourceNameOf(out.activity.congress, kDeputyCollection, d.id);
  v.RequestId("request_id", req.request_id());
  if (auto s = CheckRequest(v, caller, out.activity.congress); !s.ok()) return s;
  if (auto s = CheckSelfOrStaff(caller, out.deputy_id); !s.ok()) return s;
  return out;
}

}  // namespace

const AccessTable& WorkPlanAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateActivity", kStaffRoles},        {"GetActivity", kSignedIn},
      {"ListActivities", kSignedIn},          {"SignUp", kSelfOrStaffRoles},
      {"Withdraw", kSelfOrStaffRoles},        {"RecordAttendance", kStaffRoles},
      {"ListDeputySignUps", kSelfOrStaffRoles},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateActivityResponse>> WorkPlanCore::CreateActivity(const Caller& caller,
                                                                              const v1::CreateActivityRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateActivityFields(req.activity(), v);
  if (!req.activity_id().empty()) {
    v.Id("activity_id", req.activity_id(), false);
    if (req.activity_id().size() > 50) v.Add("activity_id", "must be at most 50 characters");
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string id =
      ActivityId(req.activity().date(), req.activity_id().empty() ? NewTimeOrderedId(now) : req.activity_id());
  Activity activity = NewActivity(req.activity(), ResourceNameOf(congress, kActivityCollection, id), caller, now);
  v1::CreateActivityResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_activity(),
                      co_await store_->activities.Create(std::move(activity), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetActivityResponse>> WorkPlanCore::GetActivity(const Caller& caller,
                                                                        const v1::GetActivityRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kActivityCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetActivityResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_activity(), co_await store_->activities.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListActivitiesResponse>> WorkPlanCore::ListActivities(const Caller& caller,
                                                                              const v1::ListActivitiesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Enum("category", req.category(), v1::ActivityCategory_descriptor(), false)
      .PageSize("page_size", req.page_size(), 200);
  if (req.month() != 0 &&
      (req.month() < 190001 || req.month() > 220012 || req.month() % 100 < 1 || req.month() % 100 > 12)) {
    v.Add("month", "must be yyyymm, e.g. 202405");
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  ListQuery query{.congress = congress,
                  .scope = absl::StrCat("ListActivities|", req.parent(), "|", req.category(), "|", req.month(), "|",
                                        req.open_only()),
                  .page_token = req.page_token(),
                  .page_size = req.page_size()};
  if (req.category() != v1::ACTIVITY_CATEGORY_UNSPECIFIED) query.indexes.push_back(CategoryIndex(req.category()));
  if (req.month() != 0) query.indexes.push_back(MonthIndex(req.month()));
  if (query.indexes.empty()) query.indexes.push_back(kActivityCollection);
  const absl::Time now = runtime_.clock->Now();
  co_return co_await store_->activities.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListActivitiesResponse::mutable_activities,
                     [&req, now](Activity& a) { return !req.open_only() || SignUpOpen(a, now); });
}

Task<absl::StatusOr<v1::SignUpResponse>> WorkPlanCore::SignUp(const Caller& caller, const v1::SignUpRequest& req) {
  CO_ASSIGN_OR_RETURN(const SignUpNames names, CheckSignUpRequest(req, caller));
  const std::string& congress = names.activity.congress;
  CO_ASSIGN_OR_RETURN(auto deputy, co_await store_->ServingDeputy(congress, names.deputy_id));
  const Clock* clock = runtime_.clock;
  // The deputy must still be serving when the sign-up is written.
  auto still_serving = [&](const Activity&, const Activity&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
    std::vector<EntityStore::EntityWrite> also;
    also.push_back(store_->deputies.Checked(deputy));
    return also;
  };
  CO_ASSIGN_OR_RETURN(auto activity,
                      co_await store_->activities.Update(
                          congress, names.activity.id, "", OriginOf(caller, req, clock->Now()),
                          [&](const Activity& current) { return ApplySignUp(current, names.deputy, clock->Now()); },
                          still_serving, kSignUpAttempts));
  v1::SignUpResponse resp;
  int position = 0;
  resp.set_status(StatusOf(activity, names.deputy, &position));
  resp.set_waitlist_position(position);
  *resp.mutable_activity() = std::move(activity);
  co_return resp;
}

Task<absl::StatusOr<v1::WithdrawResponse>> WorkPlanCore::Withdraw(const Caller& caller,
                                                                  const v1::WithdrawRequest& req) {
  CO_ASSIGN_OR_RETURN(const SignUpNames names, CheckSignUpRequest(req, caller));
  const absl::Time now = runtime_.clock->Now();
  std::string promoted;
  v1::WithdrawResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_activity(),
                      co_await store_->activities.Update(
                          names.activity.congress, names.activity.id, "", OriginOf(caller, req, now),
                          [&](const Activity& current) {
                            return ApplyWithdraw(current, names.deputy, DateOf(now), now, &promoted);
                          },
                          nullptr, kSignUpAttempts));
  resp.set_promoted(promoted);
  co_return resp;
}

Task<absl::StatusOr<v1::RecordAttendanceResponse>> WorkPlanCore::RecordAttendance(
    const Caller& caller, const v1::RecordAttendanceRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("activity", req.activity(), kActivityCollection, v);
  const std::vector<std::string> ids =
      ValidateNameList("attended", req.attended(), name.congress, kDeputyCollection, 1, 1000, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto deputies, co_await store_->ServingDeputies(name.congress, ids));

  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  std::vector<std::string> attended;
  for (const auto& id : ids) attended.push_back(ResourceNameOf(name.congress, kDeputyCollection, id));
  // The duty records this attendance makes (not those of deputies already marked attended).
  std::vector<std::string> made;
  auto records = [&](const Activity& current,
                     const Activity& next) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
    made.clear();
    std::vector<EntityStore::EntityWrite> also;
    for (size_t i = 0; i < ids.size(); ++i) {
      auto w = store_->EventDutyRecord(name.congress, AttendanceRecord(next, attended[i]),
                                       AttendanceSourceId(name.id, ids[i]), next.name(), origin);
      if (std::find(current.attended().begin(), current.attended().end(), attended[i]) == current.attended().end()) {
        made.push_back(ResourceNameOf(name.congress, kDutyCollection, w.id));
      }
      also.push_back(std::move(w));
      also.push_back(store_->deputies.Checked(deputies[i]));
    }
    return also;
  };
  v1::RecordAttendanceResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_activity(),
                      co_await store_->activities.Update(
                          name.congress, name.id, "", origin,
                          [&](const Activity& current) { return ApplyAttendance(current, attended, DateOf(now), now); },
                          records, kAttendanceAttempts));
  for (const auto& r : made) resp.add_duty_records(r);
  co_return resp;
}

Task<absl::StatusOr<v1::ListDeputySignUpsResponse>> WorkPlanCore::ListDeputySignUps(
    const Caller& caller, const v1::ListDeputySignUpsRequest& req) {
  Validator v;
  const ResourceName deputy = ParseResourceName("deputy", req.deputy(), kDeputyCollection, v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, deputy.congress));
  CO_RETURN_IF_ERROR(CheckSelfOrStaff(caller, deputy.id));

  const std::string index = SignUpIndex(deputy.id);
  ListQuery query = PageQuery(deputy.congress, {index}, absl::StrCat("ListDeputySignUps|", req.deputy()), req);
  CO_ASSIGN_OR_RETURN(auto page, co_await store_->activities.List(*runtime_.page_tokens, std::move(query)));
  v1::ListDeputySignUpsResponse resp;
  for (auto& a : page.items) {
    auto* s = resp.add_sign_ups();
    int position = 0;
    s->set_status(StatusOf(a, req.deputy(), &position));
    s->set_waitlist_position(position);
    *s->mutable_activity() = std::move(a);
  }
  resp.set_next_page_token(std::move(page.next_page_token));
  co_return resp;
}

}  // namespace renda::representatives
