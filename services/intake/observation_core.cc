#include "services/intake/observation_core.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/observation_logic.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {
namespace {

using v1::ObservationApplication;
using v1::ObservationApproval;
using v1::ObservationMeeting;
template <class T>
using Decision = IntakeStore::Decision<T>;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kReaderRoles = {Role::kStaff, Role::kLeader, Role::kAdmin};
// Staff approving and citizens applying at once all change the meeting; each retry reads it again.
constexpr int kMeetingAttempts = 30;

absl::Status AlreadyApplied() {
  return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_APPLIED",
                   "an application with this ID number to this meeting already exists; look it up with its "
                   "tracking code");
}

// A tracking code as typed (any case), upper-cased; a malformed one is recorded in `v`.
std::string TrackingCodeOf(const std::string& typed, Validator& v) {
  std::string code = absl::AsciiStrToUpper(typed);
  if (!LooksLikeTrackingCode(code)) v.Add("tracking_code", "must be the 16-character code given when applying");
  return code;
}

// The application `name` and its meeting, each with its version.
struct ApplicationAndMeeting {
  Versioned<ObservationApplication> application;
  Versioned<ObservationMeeting> meeting;
};
Task<absl::StatusOr<ApplicationAndMeeting>> ReadWithMeeting(const IntakeStore* store, const ApplicationName& name) {
  ApplicationAndMeeting out;
  CO_ASSIGN_OR_RETURN(out.application,
                      co_await store->observation_applications.ReadNamed(ApplicationNameOf(name.congress, name.meeting_id, name.number)));
  CO_ASSIGN_OR_RETURN(out.meeting, co_await store->observation_meetings.Read(name.congress, name.meeting_id));
  co_return out;
}

// A new application: the meeting still takes applications and numbers this one, the ID number
// has not applied yet; the application, the meeting and the ID number's key.
Task<absl::StatusOr<Decision<ObservationApplication>>> DecideApplication(
    const IntakeStore* store, const ResourceName& meeting_at, const std::string& key_name,
    const v1::SubmitObservationApplicationRequest& req, const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto meeting, co_await store->observation_meetings.Read(meeting_at.congress, meeting_at.id));
  CO_ASSIGN_OR_RETURN(auto next, ApplyNewApplication(meeting.entity, origin.now));
  CO_ASSIGN_OR_RETURN(auto applied, co_await store->applicant_keys.FindNamed(key_name));
  if (applied.has_value()) co_return AlreadyApplied();
  Decision<ObservationApplication> d;
  d.answer = NewApplication(req.application(),
                            ApplicationNameOf(meeting_at.congress, meeting_at.id, next.applications_received()), next,
                            NewTrackingCode(), origin.now);
  v1::ObservationApplicantKey key;
  key.set_name(key_name);
  key.set_application(d.answer.name());
  d.writes.push_back(store->ApplicationCreated(d.answer, origin));
  d.writes.push_back(store->observation_meetings.Changed(next, meeting, origin));
  d.writes.push_back(store->applicant_keys.Created(key, origin));
  co_return d;
}

// Approval in arrival order: the earliest pending applications up to the free seats, the
// meeting's count and a record of the approval; nothing to write when nothing is pending.
Task<absl::StatusOr<Decision<ObservationApproval>>> DecideInOrder(const IntakeStore* store,
                                                                  const ResourceName& meeting_at,
                                                                  const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto meeting, co_await store->observation_meetings.Read(meeting_at.congress, meeting_at.id));
  const int want = std::min(500, std::max(1, SeatsLeft(meeting.entity)));
  CO_ASSIGN_OR_RETURN(auto pending, co_await store->PendingApplications(meeting_at.congress, meeting_at.id, want));
  std::vector<ObservationApplication> candidates;
  for (const auto& p : pending) candidates.push_back(p.entity);
  CO_ASSIGN_OR_RETURN(auto decided, ApplyApproveInOrder(meeting.entity, candidates, origin.now));
  Decision<ObservationApproval> d;
  d.answer.set_seats_left(SeatsLeft(decided.first));
  d.answer.set_approved_by(origin.actor);
  *d.answer.mutable_create_time() = ToProtoTime(origin.now);
  if (decided.second.empty()) co_return d;
  d.answer.set_name(absl::StrCat(meeting.entity.name(), "/approvals/", NewTimeOrderedId(origin.now)));
  for (const auto& a : decided.second) d.answer.add_approved(a.name());
  d.writes.push_back(store->observation_approvals.Created(d.answer, origin));
  d.writes.push_back(store->observation_meetings.Changed(decided.first, meeting, origin));
  for (auto& a : decided.second) {
    auto from = std::find_if(pending.begin(), pending.end(),
                             [&](const auto& p) { return p.entity.name() == a.name(); });
    d.writes.push_back(store->ApplicationChanged(a, *from, origin));
  }
  co_return d;
}

// Approval of one application: the earliest pending one, while a seat is free.
Task<absl::StatusOr<Decision<ObservationApplication>>> DecideApprove(const IntakeStore* store,
                                                                     const ApplicationName& name,
                                                                     const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto read, co_await ReadWithMeeting(store, name));
  CO_ASSIGN_OR_RETURN(auto earliest, co_await store->PendingApplications(name.congress, name.meeting_id, 1));
  const std::string first = earliest.empty() ? "" : earliest.front().entity.name();
  CO_ASSIGN_OR_RETURN(auto decided, ApplyApprove(read.meeting.entity, read.application.entity, first, origin.now));
  Decision<ObservationApplication> d;
  d.answer = std::move(decided.second);
  d.writes.push_back(store->ApplicationChanged(d.answer, read.application, origin));
  d.writes.push_back(store->observation_meetings.Changed(decided.first, read.meeting, origin));
  co_return d;
}

Task<absl::StatusOr<Decision<ObservationApplication>>> DecideDecline(const IntakeStore* store, const std::string& name,
                                                                     const std::string& reason,
                                                                     const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto app, co_await store->observation_applications.ReadNamed(name));
  Decision<ObservationApplication> d;
  CO_ASSIGN_OR_RETURN(d.answer, ApplyDecline(app.entity, reason, origin.now));
  d.writes.push_back(store->ApplicationChanged(d.answer, app, origin));
  co_return d;
}

// Cancelling: an approved application's seat is given back in the same write.
Task<absl::StatusOr<Decision<ObservationApplication>>> DecideCancel(const IntakeStore* store,
                                                                    const ApplicationName& name,
                                                                    const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto read, co_await ReadWithMeeting(store, name));
  const bool was_approved = read.application.entity.state() == v1::OBSERVATION_APPLICATION_STATE_APPROVED;
  CO_ASSIGN_OR_RETURN(auto decided, ApplyCancel(read.meeting.entity, read.application.entity, origin.now));
  Decision<ObservationApplication> d;
  d.answer = std::move(decided.second);
  d.writes.push_back(store->ApplicationChanged(d.answer, read.application, origin));
  if (was_approved) d.writes.push_back(store->observation_meetings.Changed(decided.first, read.meeting, origin));
  co_return d;
}

}  // namespace

const AccessTable& ObservationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateObservationMeeting", kStaffRoles},
      {"GetObservationMeeting", kSignedIn},
      {"ListObservationMeetings", kSignedIn},
      {"SubmitObservationApplication", kAnyone},
      {"GetObservationApplication", kReaderRoles},
      {"LookupObservationApplication", kAnyone},
      {"ListObservationApplications", kReaderRoles},
      {"ApproveObservationApplicationsInOrder", kStaffRoles},
      {"ApproveObservationApplication", kStaffRoles},
      {"DeclineObservationApplication", kStaffRoles},
      {"CancelObservationApplication", kAnyone},
  };
  return *table;
}

ObservationCore::ObservationCore(const Runtime& runtime, const IntakeStore* store, RateLimit anonymous)
    : runtime_(runtime),
      store_(store),
      anonymous_(anonymous),
      limiter_(runtime.redis, "in"),
      key_(HmacSha256(runtime.options.token_key, "renda observation applicants")) {}

Task<absl::StatusOr<v1::CreateObservationMeetingResponse>> ObservationCore::CreateObservationMeeting(
    const Caller& caller, const v1::CreateObservationMeetingRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateMeetingFields(req.meeting(), v);
  if (!req.meeting_id().empty()) {
    v.Id("meeting_id", req.meeting_id(), false);
    if (req.meeting_id().size() > 50) v.Add("meeting_id", "must be at most 50 characters");
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.meeting_id().empty() ? NewTimeOrderedId(now) : req.meeting_id();
  ObservationMeeting meeting = NewMeeting(req.meeting(), ResourceNameOf(congress, kMeetingCollection, id), caller, now);
  v1::CreateObservationMeetingResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_meeting(),
                      co_await store_->observation_meetings.Create(std::move(meeting), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetObservationMeetingResponse>> ObservationCore::GetObservationMeeting(
    const Caller& caller, const v1::GetObservationMeetingRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kMeetingCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetObservationMeetingResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_meeting(), co_await store_->observation_meetings.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListObservationMeetingsResponse>> ObservationCore::ListObservationMeetings(
    const Caller& caller, const v1::ListObservationMeetingsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query = PageQuery(congress, MeetingIndexes(), absl::StrCat("ListObservationMeetings|", req.parent()), req);
  co_return co_await store_->observation_meetings.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListObservationMeetingsResponse::mutable_meetings);
}

Task<absl::StatusOr<v1::SubmitObservationApplicationResponse>> ObservationCore::SubmitObservationApplication(
    const Caller& caller, const v1::SubmitObservationApplicationRequest& req) {
  Validator v;
  const ResourceName meeting = ParseResourceName("meeting", req.meeting(), kMeetingCollection, v);
  ValidateApplicationFields(req.application(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, meeting.congress));
  const absl::Status allowed =
      co_await LimitAnonymous(&limiter_, caller, meeting.congress, "observation applications", anonymous_);
  CO_RETURN_IF_ERROR(allowed);
  const std::string key_id = ApplicantKeyId(key_, meeting.id, req.application().id_number());
  const std::string key_name = absl::StrCat(req.meeting(), "/applicantKeys/", key_id.substr(meeting.id.size() + 1));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  auto stored = co_await store_->Decide<ObservationApplication>(meeting.congress, origin, kMeetingAttempts, [&] {
    return DecideApplication(store_, meeting, key_name, req, origin);
  });
  // The same ID number applying twice at the same instant: the second key's create is refused.
  if (stored.status().code() == absl::StatusCode::kAlreadyExists) co_return AlreadyApplied();
  // The applicant sees what they sent, with the tracking code.
  v1::SubmitObservationApplicationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_application(), std::move(stored));
  co_return resp;
}

Task<absl::StatusOr<v1::GetObservationApplicationResponse>> ObservationCore::GetObservationApplication(
    const Caller& caller, const v1::GetObservationApplicationRequest& req) {
  Validator v;
  const ApplicationName name = ParseApplicationName("name", req.name(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto app, co_await store_->observation_applications.ReadNamed(req.name()));
  v1::GetObservationApplicationResponse resp;
  *resp.mutable_application() = std::move(app.entity);
  RedactApplicationForCaller(*resp.mutable_application(), caller);
  co_return resp;
}

Task<absl::StatusOr<v1::LookupObservationApplicationResponse>> ObservationCore::LookupObservationApplication(
    const Caller& caller, const v1::LookupObservationApplicationRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string code = TrackingCodeOf(req.tracking_code(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Status allowed = co_await LimitAnonymous(&limiter_, caller, congress, "tracking lookups", anonymous_);
  CO_RETURN_IF_ERROR(allowed);
  v1::LookupObservationApplicationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_application(), co_await store_->ApplicationByCode(congress, code));
  RedactApplication(*resp.mutable_application());
  co_return resp;
}

Task<absl::StatusOr<v1::ListObservationApplicationsResponse>> ObservationCore::ListObservationApplications(
    const Caller& caller, const v1::ListObservationApplicationsRequest& req) {
  Validator v;
  const ResourceName meeting = ParseResourceName("meeting", req.meeting(), kMeetingCollection, v);
  v.Enum("state", req.state(), v1::ObservationApplicationState_descriptor(), false)
      .PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, meeting.congress));
  const auto state = req.state() == v1::OBSERVATION_APPLICATION_STATE_UNSPECIFIED
                         ? v1::OBSERVATION_APPLICATION_STATE_PENDING
                         : req.state();
  const auto found = co_await store_->observation_meetings.Get(meeting.congress, meeting.id);
  CO_RETURN_IF_ERROR(found);
  ListQuery query = PageQuery(meeting.congress, {ApplicationStateIndex(meeting.id, state)}, absl::StrCat("ListObservationApplications|", req.meeting(), "|", static_cast<int>(state)), req);
  co_return co_await store_->observation_applications.ListInto(
      *runtime_.page_tokens, std::move(query), &v1::ListObservationApplicationsResponse::mutable_applications,
      [&caller](ObservationApplication& a) {
        RedactApplicationForCaller(a, caller);
        return true;
      });
}

Task<absl::StatusOr<v1::ApproveObservationApplicationsInOrderResponse>>
ObservationCore::ApproveObservationApplicationsInOrder(const Caller& caller,
                                                       const v1::ApproveObservationApplicationsInOrderRequest& req) {
  Validator v;
  const ResourceName meeting = ParseResourceName("meeting", req.meeting(), kMeetingCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, meeting.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::ApproveObservationApplicationsInOrderResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_approval(),
                      co_await store_->Decide<ObservationApproval>(meeting.congress, origin, kMeetingAttempts, [&] {
                        return DecideInOrder(store_, meeting, origin);
                      }));
  co_return resp;
}

Task<absl::StatusOr<v1::ApproveObservationApplicationResponse>> ObservationCore::ApproveObservationApplication(
    const Caller& caller, const v1::ApproveObservationApplicationRequest& req) {
  Validator v;
  const ApplicationName name = ParseApplicationName("name", req.name(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::ApproveObservationApplicationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_application(),
                      co_await store_->Decide<ObservationApplication>(name.congress, origin, kMeetingAttempts, [&] {
                        return DecideApprove(store_, name, origin);
                      }));
  RedactApplicationForCaller(*resp.mutable_application(), caller);
  co_return resp;
}

Task<absl::StatusOr<v1::DeclineObservationApplicationResponse>> ObservationCore::DeclineObservationApplication(
    const Caller& caller, const v1::DeclineObservationApplicationRequest& req) {
  Validator v;
  const ApplicationName name = ParseApplicationName("name", req.name(), v);
  v.Text("reason", req.reason(), 500, true).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::DeclineObservationApplicationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_application(),
                      co_await store_->Decide<ObservationApplication>(name.congress, origin, kMeetingAttempts, [&] {
                        return DecideDecline(store_, req.name(), req.reason(), origin);
                      }));
  RedactApplicationForCaller(*resp.mutable_application(), caller);
  co_return resp;
}

Task<absl::StatusOr<v1::CancelObservationApplicationResponse>> ObservationCore::CancelObservationApplication(
    const Caller& caller, const v1::CancelObservationApplicationRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string code = TrackingCodeOf(req.tracking_code(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Status allowed = co_await LimitAnonymous(&limiter_, caller, congress, "tracking lookups", anonymous_);
  CO_RETURN_IF_ERROR(allowed);
  CO_ASSIGN_OR_RETURN(auto found, co_await store_->ApplicationByCode(congress, code));
  Validator ignored;
  const ApplicationName name = ParseApplicationName("", found.name(), ignored);
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::CancelObservationApplicationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_application(),
                      co_await store_->Decide<ObservationApplication>(congress, origin, kMeetingAttempts, [&] {
                        return DecideCancel(store_, name, origin);
                      }));
  RedactApplication(*resp.mutable_application());
  co_return resp;
}

}  // namespace renda::intake
